"""Bulk import of households from the commune's spreadsheet: the template, the import, the error report.

The file has one row per person; the household columns are repeated on every row of the household or given once,
usually on the head's row. The household code (Mã hộ) is the key: importing the same file again changes nothing,
and a corrected file updates the households it names through the register's services, with their audit entries.

Either every row goes in or none does. Every row is checked before anything is written, and nothing is written
while any error is known; should the register change between the check and the write, the refusal rolls the whole
import back. Errors name the row as the user sees it in Excel (header = row 1), the column and the value.

`COLUMNS` in columns.py is the template: its headers, drop-down lists and "Hướng dẫn" sheet are built from it, and
docs/import-template.md describes the same columns (a test keeps the two in step).

A file is read row by row and kept only within the limits of settings.IMPORT_* (rows, cells, text, errors; for an
Excel file also its size once uncompressed, checked before any row is read), so that one import stays within
300 MB of a worker's memory and within its timeout (docs/performance.md, docs/import-template.md).

The modules: columns.py (the column table), archive.py (an Excel file checked as a zip archive), sources.py (the
file read row by row), cells.py (cells), importer.py (the import itself, which runs one module per phase:
reading.py, resolving.py, checking.py, planning.py, writing.py), plans.py (what the import plans per row and
household, handed from phase to phase), queries.py (lookups in chunks), results.py (what it reports), workbooks.py
(the template, the error report and the summary).
"""

from giamngheo.registry.imports.columns import COLUMNS, SHEET_CODES, SHEET_DATA, SHEET_GUIDE
from giamngheo.registry.imports.importer import households_import
from giamngheo.registry.imports.results import RowError
from giamngheo.registry.imports.workbooks import import_errors_write, import_summary, import_template_write, number_vi

__all__ = [
    "COLUMNS",
    "SHEET_CODES",
    "SHEET_DATA",
    "SHEET_GUIDE",
    "RowError",
    "households_import",
    "import_errors_write",
    "import_summary",
    "import_template_write",
    "number_vi",
]
