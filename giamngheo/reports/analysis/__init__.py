"""Analysis beside the official figures: the Alkire–Foster measures (mpi.py) and their comparison with the official
classification (comparison.py), and the years before the register on today's map (history.py, with the import of
the old map's published results). Above reports.tables (docs/architecture.md)."""
