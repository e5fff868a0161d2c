"""Bulk import of households: the file formats (Excel, CSV with its separators and byte order mark, a title above the
header), the progress shown, the error report and the template with its guide."""

import decimal
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command
from python_calamine import CalamineWorkbook

from giamngheo.registry.imports import (
    COLUMNS,
    SHEET_CODES,
    SHEET_DATA,
    SHEET_GUIDE,
    RowError,
    households_import,
    import_errors_write,
    import_template_write,
)
from giamngheo.registry.models import (
    Household,
    Person,
)
from giamngheo.testing.import_files import (
    AN_CCCD,
    BINH_CCCD,
    report_rows,
    rows_two_households,
    run,
    write_csv,
    write_xlsx,
)

DOCS = Path(__file__).resolve().parents[3] / "docs" / "import-template.md"


# ---------------------------------------------------------------- formats


@pytest.mark.django_db
def test_the_import_reads_csv_with_semicolons_and_a_byte_order_mark(cast, tmp_path):
    path = write_csv(tmp_path / "ho.csv", rows_two_households(), delimiter=";", bom=True)

    output = run(path)

    assert "2 hộ mới" in output
    assert Person.objects.get(citizen_id=AN_CCCD).full_name == "Nguyễn Văn An"
    assert Household.objects.get(code="HN-001").floor_area_m2 == decimal.Decimal("45.5")


@pytest.mark.django_db
def test_the_import_points_at_a_lost_leading_zero_in_a_csv_saved_by_excel(cast, tmp_path):
    rows = rows_two_households()
    rows[1]["Số CCCD"] = BINH_CCCD.lstrip("0")

    result = households_import(actor=None, path=write_csv(tmp_path / "ho.csv", rows, delimiter=";"))

    [error] = result.errors
    assert (error.row, error.column, error.value) == (3, "Số CCCD", BINH_CCCD.lstrip("0"))
    assert "đang có 11" in error.message and "số 0 ở đầu" in error.message


@pytest.mark.django_db
def test_the_import_finds_the_header_below_a_title_and_counts_rows_as_excel_does(cast, tmp_path):
    rows = rows_two_households()
    rows[2]["Ngày sinh"] = "15/13/2012"
    path = write_xlsx(tmp_path / "ho.xlsx", rows)
    workbook = openpyxl.load_workbook(path)
    workbook.active.insert_rows(1, amount=2)
    workbook.active["B1"] = "DANH SÁCH HỘ GIA ĐÌNH XÃ THỬ A"
    workbook.save(path)

    result = households_import(actor=None, path=path)

    assert [(e.row, e.column, e.value) for e in result.errors] == [(6, "Ngày sinh", "15/13/2012")]


@pytest.mark.django_db
def test_the_import_reads_csv_with_commas_and_without_a_byte_order_mark(cast, tmp_path):
    path = write_csv(tmp_path / "ho.csv", rows_two_households(), delimiter=",", bom=False)

    result = households_import(actor=None, path=path)

    assert result.ok, result.errors
    assert Person.objects.count() == 5


@pytest.mark.django_db
def test_the_import_reports_progress_up_to_the_number_of_households(cast, tmp_path):
    run(write_xlsx(tmp_path / "ho.xlsx", rows_two_households()[:3]))  # HN-001 exists, HN-002 is new
    calls: list[tuple[int, int]] = []

    households_import(actor=None, path=write_xlsx(tmp_path / "ho2.xlsx", rows_two_households()),
                      progress=lambda done, total: calls.append((done, total)))  # fmt: skip

    assert calls == [(1, 2), (2, 2)]


def test_the_error_report_uses_excel_row_numbers(tmp_path):
    errors = [RowError(4, "Số CCCD", "015080001234", "Số CCCD đã có trong sổ.")]

    path = import_errors_write(errors=errors, path=tmp_path / "loi.xlsx")

    assert report_rows(path) == [("Dòng", "Cột", "Giá trị", "Lỗi"), (4, "Số CCCD", "015080001234", errors[0].message)]


# ---------------------------------------------------------------- the template


def test_the_template_comes_with_a_guide_codes_and_drop_down_lists(tmp_path):
    from io import StringIO

    path = tmp_path / "mau.xlsx"
    call_command("import_template", "--output", str(path), stdout=StringIO())

    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == [SHEET_DATA, SHEET_GUIDE, SHEET_CODES]
    data = workbook[SHEET_DATA]
    assert [c.value for c in data[1]] == [c.header for c in COLUMNS]
    assert data["A1"].font.b and data.freeze_panes == "B2"
    lists = {str(v.sqref).split(":")[0]: v.formula1 for v in data.data_validations.dataValidation}
    header_letter = {c.value: c.column_letter for c in data[1]}
    assert lists[f"{header_letter['Giới tính']}2"].startswith(f"'{SHEET_CODES}'!")
    assert lists[f"{header_letter['Có BHYT']}2"] == '"Có,Không"'
    guide = [row[0] for row in workbook[SHEET_GUIDE].iter_rows(values_only=True)]
    assert all(c.header in guide for c in COLUMNS)
    codes = list(workbook[SHEET_CODES].iter_rows(values_only=True))
    assert ("Giới tính", "Nữ", "2") in codes and ("Dân tộc", "Thái", "03") in codes


@pytest.mark.django_db
def test_the_template_filled_in_with_two_households_imports(cast, tmp_path):
    path = import_template_write(path=tmp_path / "mau.xlsx")
    workbook = openpyxl.load_workbook(path)
    sheet = workbook[SHEET_DATA]
    column_of = {c.value: c.column for c in sheet[1]}
    for number, row in enumerate(rows_two_households(), start=2):
        for header, value in row.items():
            sheet.cell(row=number, column=column_of[header], value=value)
    workbook.save(path)
    assert CalamineWorkbook.from_path(str(path)).sheet_names[0] == SHEET_DATA

    output = run(path)

    assert "2 hộ mới" in output and "5 nhân khẩu mới" in output


def test_the_documentation_describes_every_column():
    text = DOCS.read_text(encoding="utf-8")

    missing = [c.header for c in COLUMNS if f"| {c.header} |" not in text]

    assert missing == []
