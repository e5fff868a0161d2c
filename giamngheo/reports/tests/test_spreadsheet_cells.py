"""What the reports write into spreadsheets and CSV files: a formula typed as a name comes out as text."""

import csv
import io
from io import StringIO

from django.core.management import call_command
from openpyxl import load_workbook

from giamngheo.registry.models import Person
from giamngheo.testing.hostile import FORMULA_NAME


def _export(cast, fmt, tmp_path):
    path = tmp_path / f"poor.{fmt}"
    arguments = ("poor_list", "--unit", cast.commune.code, "--year", "2025", "--format", fmt, "--output", str(path))
    call_command("export_report", *arguments, stdout=StringIO())
    return path


def test_the_poor_list_writes_a_name_typed_as_a_formula_as_text(year_2025, tmp_path):
    Person.objects.filter(full_name="Vũ Văn Mới").update(full_name=FORMULA_NAME)

    rows = list(csv.reader(io.StringIO(_export(year_2025, "csv", tmp_path).read_text(encoding="utf-8"))))
    assert [r[2] for r in rows[1:]] == ["'" + FORMULA_NAME]

    sheet = load_workbook(_export(year_2025, "xlsx", tmp_path)).active
    names = [row[2] for row in sheet.iter_rows(min_row=5) if row[0].value]
    assert [(c.value, c.data_type) for c in names] == [("'" + FORMULA_NAME, "s")]


def test_the_report_workbooks_name_their_sheets_in_vietnamese(year_2025, tmp_path):
    names = {}
    for report in ("summary", "poor_changes", "near_poor_deprivations", "child_deprivations"):
        path = tmp_path / f"{report}.xlsx"
        arguments = (report, "--unit", year_2025.province.code, "--year", "2025", "--format", "xlsx")
        call_command("export_report", *arguments, "--output", str(path), stdout=StringIO())
        names[report] = load_workbook(path).sheetnames
    assert names == {
        "summary": ["Tổng hợp kết quả"],
        "poor_changes": ["Diễn biến hộ nghèo"],
        "near_poor_deprivations": ["Thiếu hụt của hộ cận nghèo"],
        "child_deprivations": ["Thiếu hụt của trẻ em"],
    }
