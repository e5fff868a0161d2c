"""A unit's yearly targets (data/targets.yaml) and its progress against them, measured from the tallies, the
register and the register of support. Above reports.tables (docs/architecture.md)."""
