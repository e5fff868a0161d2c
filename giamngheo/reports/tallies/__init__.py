"""The communes' tallies (counted from the register and the ledger, refreshed when a write marks a commune stale) and
the dashboards that read them. The lowest part of the reports app: it imports no other part (docs/architecture.md)."""
