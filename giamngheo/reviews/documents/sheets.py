"""The Excel layout of the printed lists: a centred heading over a bordered table, A4 landscape, one page wide."""

from collections.abc import Iterable, Sequence
from io import BytesIO
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from giamngheo.common.spreadsheets import cell_safe

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="top")
_CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)


def sheet_heading(sheet: Worksheet, lines: Sequence[tuple[str, Font | None]], width: int) -> int:
    """Centred lines merged over the table's width; returns the next free row (one left empty)."""
    for row, (text, font) in enumerate(lines, start=1):
        sheet.cell(row=row, column=1, value=cell_safe(text))
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        cell = sheet.cell(row=row, column=1)
        cell.alignment = Alignment(horizontal="center")
        if font is not None:
            cell.font = font
    return len(lines) + 2


def sheet_table(
    sheet: Worksheet, first_row: int, header: Sequence[tuple[str, int]], rows: Iterable[Sequence[Any]]
) -> int:
    """A bordered table with a bold header; returns the number of data rows."""
    for column, (title, width) in enumerate(header, start=1):
        cell = sheet.cell(row=first_row, column=column, value=cell_safe(title))
        cell.font, cell.alignment, cell.border = BOLD, _CENTRE, _BOX
        sheet.column_dimensions[get_column_letter(column)].width = width
    count = 0
    for count, values in enumerate(rows, start=1):
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=first_row + count, column=column, value=cell_safe(value))
            cell.alignment, cell.border = _WRAP, _BOX
    sheet.freeze_panes = sheet.cell(row=first_row + 1, column=1)
    sheet.print_title_rows = f"{first_row}:{first_row}"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    return count


def workbook_bytes(workbook: Workbook) -> bytes:
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
