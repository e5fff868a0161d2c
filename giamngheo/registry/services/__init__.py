"""Writes of the household register: base.py (what the actions share), households.py, persons.py, villages.py, and
reads.py (the trace of who read whose personal data)."""
