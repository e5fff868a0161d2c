"""Every spreadsheet and CSV file the system writes goes through common.spreadsheets, which makes a text that looks
like a formula inert (OWASP, "CSV Injection")."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "giamngheo"
HELPER = PACKAGE / "common" / "spreadsheets.py"
# Writers: csv.writer, an openpyxl or xlsxwriter workbook created for writing.
WRITES = re.compile(r"csv\.writer\(|\bWorkbook\(|xlsxwriter\.Workbook\(")
# The modules a writer takes its cells from: the helper, or the printed lists' layout, which writes through it.
CELLS = ("giamngheo.common.spreadsheets import", "giamngheo.reviews.documents.sheets import")


def test_every_spreadsheet_writer_goes_through_the_shared_cells():
    modules = [p for p in PACKAGE.rglob("*.py") if not {"tests", "migrations", "testing"} & set(p.parts)]
    wrong = []
    for path in modules:
        text = path.read_text(encoding="utf-8")
        if path == HELPER or not WRITES.search(text.replace("CalamineWorkbook", "")):
            continue
        if "csv.writer(" in text or not any(cells in text for cells in CELLS):
            wrong.append(str(path.relative_to(ROOT)))
    assert wrong == []
