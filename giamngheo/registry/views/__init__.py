"""Pages of the register: households and their members (households.py), import from a file (imports.py), the
commune's villages (villages.py)."""
