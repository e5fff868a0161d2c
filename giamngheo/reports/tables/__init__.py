"""The official tables of spec §9.2 and the detailed lists of households, their exports (CSV, Excel, PDF), and the
catalogue the reports page and `export_report` write them from. Above reports.tallies (the tables of results read
the tallies), below every other part of the app (docs/architecture.md)."""
