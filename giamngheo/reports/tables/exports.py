"""A report table written as CSV, as an Excel sheet laid out like the official form (title, unit, the table by
households then by persons, totals, signature block) or as a PDF of the same layout (a unit's periodic report as a
document: reports.regime.documents)."""

import io
import re
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from giamngheo.common.formats import number_vi, rate_vi
from giamngheo.common.pdf import render_pdf
from giamngheo.common.spreadsheets import cell_safe, csv_writer
from giamngheo.reports.tables.selectors import Table

_THIN = Side(style="thin")
# A thin box around a cell, as the official forms draw their tables.
BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


# Each table's sheet in a workbook, named in Vietnamese (Excel: at most 31 characters, none of : \ / ? * [ ]). The
# reporting regime's own tables are named here too, so that every workbook names its sheets one way.
SHEET_NAMES = {
    "summary": "Tổng hợp kết quả",
    "poor_changes": "Diễn biến hộ nghèo",
    "near_poor_changes": "Diễn biến hộ cận nghèo",
    "poor_deprivations": "Thiếu hụt của hộ nghèo",
    "near_poor_deprivations": "Thiếu hụt của hộ cận nghèo",
    "groups": "Nhóm đối tượng",
    "ethnicity": "Dân tộc chủ hộ",
    "causes": "Nguyên nhân nghèo",
    "child_deprivations": "Thiếu hụt của trẻ em",
    "period_series": "Cả giai đoạn",
    "agency_deprivations": "Thiếu hụt theo ngành",
}


def sheet_name(table: Table) -> str:
    """The table's sheet name; a table not named above takes its title, cut to Excel's 31 characters."""
    return SHEET_NAMES.get(table.code) or re.sub(r"[:\\/?*\[\]]", " ", table.title)[:31].strip()


# Excel shows a number with this format by the reader's locale: "12,50" in a Vietnamese Excel, as the PDF prints it.
RATE_FORMAT = "0.00"


def _cell(value: float, rate: bool) -> str:
    if rate:
        return rate_vi(value)
    return number_vi(value) if float(value).is_integer() else number_vi(value, 2)


def table_csv(table: Table) -> bytes:
    """One line per section and row: section, unit code, unit name, then the numbered columns."""
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(["phan_to", "ma_don_vi", "don_vi", *(f"cot_{c.number}" for c in table.columns)])
    for key, _label in table.sections:
        for row in table.rows:
            writer.writerow([key, row.code, row.label, *getattr(row, key)])
    return out.getvalue().encode("utf-8")


def table_xlsx(table: Table) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    table_sheet(sheet, table)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def table_sheet(sheet: Worksheet, table: Table) -> None:
    """Lay the table out on the sheet like the official form (one sheet per table in a workbook)."""
    sheet.title = sheet_name(table)
    width = len(table.columns) + 2
    lines = [
        (table.unit.name.upper(), Font(bold=True)),
        (table.title.upper(), Font(bold=True, size=13)),
        (table.note, Font(italic=True)),
    ]
    row_number = 1
    for text, font in lines:
        sheet.cell(row=row_number, column=1, value=cell_safe(text)).font = font
        sheet.merge_cells(start_row=row_number, start_column=1, end_row=row_number, end_column=width)
        sheet.cell(row=row_number, column=1).alignment = Alignment(horizontal="center", wrap_text=True)
        row_number += 1
    for key, label in table.sections:
        row_number += 1
        sheet.cell(row=row_number, column=1, value=cell_safe(label)).font = Font(bold=True)
        row_number += 1
        header = ["STT", "Đơn vị", *(f"{c.title} ({c.number})" for c in table.columns)]
        for column, text in enumerate(header, start=1):
            cell = sheet.cell(row=row_number, column=column, value=cell_safe(text))
            cell.font, cell.border = Font(bold=True), BOX
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        for n, row in enumerate(table.rows, start=1):
            row_number += 1
            total = n == len(table.rows)
            values = ["" if total else n, row.label, *getattr(row, key)]
            rates = (False, False, *table.rates(key))
            for column, value in enumerate(values, start=1):
                cell = sheet.cell(row=row_number, column=column, value=cell_safe(value))
                cell.border = BOX
                if rates[column - 1]:
                    cell.number_format = RATE_FORMAT
                if total:
                    cell.font = Font(bold=True)
    row_number += 2
    sheet.cell(row=row_number, column=2, value="NGƯỜI LẬP BIỂU").font = Font(bold=True)
    sheet.cell(row=row_number, column=width - 1, value="THỦ TRƯỞNG ĐƠN VỊ").font = Font(bold=True)
    sheet.cell(row=row_number + 1, column=2, value="(Ký, ghi rõ họ tên)").font = Font(italic=True)
    sheet.cell(row=row_number + 1, column=width - 1, value="(Ký tên, đóng dấu)").font = Font(italic=True)
    sheet.column_dimensions["A"].width = 6
    sheet.column_dimensions["B"].width = 28
    for column in range(3, width + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 16


def table_sections(table: Table) -> list[dict[str, Any]]:
    """The table's blocks (households, persons…) with each row's cells as printed: for pages and PDFs."""
    return [
        {
            "label": label,
            "rows": [
                (row, [_cell(v, rate) for v, rate in zip(getattr(row, key), table.rates(key), strict=True)])
                for row in table.rows
            ],
        }
        for key, label in table.sections
    ]


def table_pdf(table: Table) -> bytes:
    return render_pdf("reports/table.html", {"table": table, "sections": table_sections(table)}, keep=True)
