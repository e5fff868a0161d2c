"""The review-result tables, checked against counts made independently from the ledger and the register."""

import csv
import datetime
import io
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook
from pypdf import PdfReader

from giamngheo.registry.models import EndReason, EventKind, Relation, Status
from giamngheo.registry.services.households import household_end
from giamngheo.reports.tables.exports import table_sections, table_xlsx
from giamngheo.reports.tables.results import changes_table, summary_table
from giamngheo.reports.tables.selectors import ReportError
from giamngheo.testing.factories import CommuneFactory, member


def test_the_poor_changes_add_up_row_by_row(year_2025):
    cast = year_2025
    table = changes_table(unit=cast.province, year=2025, status=Status.POOR)
    rows = {row.label: row for row in table.rows}
    # start 2 (escaping, leaving); escaped above near-poor 1; other decrease 1; newly arising 1; end 1; of the other
    # decrease, 1 moved away (4a); of the other increases none moved in (8a).
    assert rows["Xã Thử A"].households == (2, 0, 1, 1, 0, 0, 1, 0, 1, 1, 0)
    assert rows["Xã Thử A"].persons == (3, 0, 1, 2, 0, 0, 1, 0, 1, 2, 0)
    assert rows["Phường Thử B"].households == (0,) * 11
    assert [c.number for c in table.columns] == ["1", "2", "3", "4", "5", "6", "7", "8", "9", "4a", "8a"]
    assert "Cột 4a, 8a tách riêng từ cột 4 và 8, không có trong biểu mẫu." in table.note
    assert rows["Tổng cộng"].households == rows["Xã Thử A"].households


def test_the_near_poor_changes_and_the_summary_rates(year_2025):
    cast = year_2025
    near = changes_table(unit=cast.commune, year=2025, status=Status.NEAR_POOR)
    assert near.rows[0].households[0] == 1 and near.rows[0].households[8] == 1  # columns 1 and 9
    summary = summary_table(unit=cast.province, year=2025)
    rows = {row.label: row for row in summary.rows}
    # Xã Thử A at the end of 2025: 3 households (the movers are gone), 1 poor, 1 near-poor.
    assert rows["Xã Thử A"].households == (3, 1, 33.33, 1, 33.33, 66.67)
    assert rows["Tổng cộng"].households == (4, 1, 25.0, 2, 50.0, 75.0)


def test_a_household_decided_then_gone_in_the_same_year_breaks_the_identity_and_is_an_error(year_2025):
    cast = year_2025
    from giamngheo.registry.models import Household

    arisen = Household.objects.get(persons__full_name="Vũ Văn Mới")
    household_end(
        actor=cast.officer, household=arisen, occurred_on=datetime.date(2025, 12, 20), reason=EndReason.MOVED_AWAY
    )
    with pytest.raises(ReportError, match="cột 9"):
        changes_table(unit=cast.commune, year=2025, status=Status.POOR)


def test_export_report_writes_csv_xlsx_and_pdf_that_read_back(year_2025, tmp_path):
    cast = year_2025
    out = StringIO()
    call_command(
        "export_report", "poor_changes", "--unit", cast.province.code, "--year", "2025", "--format", "csv", stdout=out
    )
    lines = list(csv.DictReader(io.StringIO(out.getvalue())))
    commune = next(r for r in lines if r["phan_to"] == "households" and r["don_vi"] == "Xã Thử A")
    assert (commune["cot_1"], commune["cot_9"]) == ("2", "1")

    xlsx = tmp_path / "summary.xlsx"
    call_command(
        "export_report",
        "summary",
        "--unit",
        cast.province.code,
        "--year",
        "2025",
        "--format",
        "xlsx",
        "--output",
        str(xlsx),
        stdout=StringIO(),
    )
    sheet = load_workbook(xlsx).active
    values = [[c for c in row if c is not None] for row in sheet.iter_rows(values_only=True)]
    assert ["Tổng cộng", 4, 1, 25, 2, 50, 75] in values
    assert any("THỦ TRƯỞNG ĐƠN VỊ" in row for row in values)

    pdf = tmp_path / "near.pdf"
    call_command(
        "export_report",
        "near_poor_changes",
        "--unit",
        cast.commune.code,
        "--year",
        "2025",
        "--format",
        "pdf",
        "--output",
        str(pdf),
        stdout=StringIO(),
    )
    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "TỔNG HỢP DIỄN BIẾN HỘ CẬN NGHÈO NĂM 2025" in text and "Phân tổ theo nhân khẩu" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nonsense", "--unit", "91", "--year", "2025", "--format", "csv"], "Không có biểu “nonsense”"),
        (["summary", "--unit", "99999", "--year", "2025", "--format", "csv"], "mã “99999”"),
        (["summary", "--unit", "91", "--year", "hai", "--format", "csv"], "Năm “hai”"),
        (["summary", "--unit", "91", "--year", "2025", "--format", "doc"], "Định dạng “doc”"),
    ],
)
def test_export_report_names_what_is_wrong(cast, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("export_report", *args, stdout=StringIO())


def test_groups_ethnicity_and_causes_count_the_year_end_poor_and_near_poor(year_2025):
    from giamngheo.registry.models import Household
    from giamngheo.reports.tables.households import causes_table, ethnicity_table, groups_table

    cast = year_2025
    # Make the newly poor household's head an ethnic-minority woman with a member of merit, counted independently.
    arisen = Household.objects.get(persons__full_name="Vũ Văn Mới")
    head = arisen.head
    head.ethnicity, head.sex, head.has_merit = "03", "2", True
    head.save(update_fields=["ethnicity", "sex", "has_merit"])

    groups = {row.label: row for row in groups_table(unit=cast.commune, year=2025).rows}
    poor = groups["Xã Thử A"].households[:6]
    near = groups["Xã Thử A"].households[6:]
    # total, ethnic minority, no labour capacity, merit, female head, other
    assert poor == (1, 1, 0, 1, 1, 0)
    assert near == (1, 0, 0, 0, 0, 1)  # Hà Thị Ở's household: a man of working age heads it

    ethnicity = {row.code: row for row in ethnicity_table(unit=cast.province, year=2025).rows}
    assert ethnicity["03"].households == (1, 0, 1)
    assert ethnicity["01"].households == (0, 2, 2)  # the two near-poor households (both communes)
    assert ethnicity[cast.province.code].households == (1, 2, 3)

    causes = {row.label: row for row in causes_table(unit=cast.commune, year=2025).rows}
    assert causes["Chưa ghi nguyên nhân"].households == (1, 1)  # no cause was ticked on the Phiếu B of this test
    assert causes["Tổng số hộ"].households == (1, 1)


def test_the_new_tables_export(year_2025, tmp_path):
    for report in ("groups", "ethnicity", "causes"):
        out = StringIO()
        call_command(
            "export_report", report, "--unit", year_2025.province.code, "--year", "2025", "--format", "csv", stdout=out
        )
        assert "Tổng" in out.getvalue()


def test_the_detailed_lists_stream_to_csv_and_excel_and_print_as_pdf(year_2025, tmp_path):
    cast = year_2025
    out = StringIO()
    call_command(
        "export_report", "poor_list", "--unit", cast.province.code, "--year", "2025", "--format", "csv", stdout=out
    )
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[0][:3] == ["STT", "Mã hộ", "Họ và tên chủ hộ"]
    assert [r[2] for r in rows[1:]] == ["Vũ Văn Mới"]  # the only household poor at the end of 2025
    assert rows[1][-1] == "40/QĐ-UBND ngày 01/12/2025"

    xlsx = tmp_path / "near.xlsx"
    call_command(
        "export_report",
        "near_poor_list",
        "--unit",
        cast.province.code,
        "--year",
        "2025",
        "--format",
        "xlsx",
        "--output",
        str(xlsx),
        stdout=StringIO(),
    )
    sheet = load_workbook(xlsx).active
    names = [row[2] for row in sheet.iter_rows(min_row=5, values_only=True) if row[0]]
    assert sorted(names) == ["Hà Thị Ở", "Đỗ Văn B"]
    assert rows and not list(tmp_path.glob("*.part"))

    pdf = tmp_path / "poor.pdf"
    call_command(
        "export_report",
        "poor_list",
        "--unit",
        cast.commune.code,
        "--year",
        "2025",
        "--format",
        "pdf",
        "--output",
        str(pdf),
        stdout=StringIO(),
    )
    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "DANH SÁCH HỘ NGHÈO NĂM 2025" in text and "Vũ Văn Mới" in text


def test_a_pdf_list_too_long_to_print_is_refused_and_leaves_no_file(year_2025, tmp_path, monkeypatch):
    from giamngheo.reports.tables import lists

    monkeypatch.setattr(lists, "PDF_MAX_ROWS", 0)
    pdf = tmp_path / "poor.pdf"
    with pytest.raises(CommandError, match="xuất Excel"):
        call_command(
            "export_report",
            "poor_list",
            "--unit",
            year_2025.commune.code,
            "--year",
            "2025",
            "--format",
            "pdf",
            "--output",
            str(pdf),
            stdout=StringIO(),
        )
    assert not list(tmp_path.iterdir())


def test_an_excel_list_longer_than_a_sheet_is_refused_and_leaves_no_file(year_2025, tmp_path, monkeypatch):
    from giamngheo.reports.tables import lists

    monkeypatch.setattr(lists, "XLSX_MAX_ROWS", 0)
    xlsx = tmp_path / "near.xlsx"
    with pytest.raises(CommandError, match="xuất CSV"):
        call_command(
            "export_report",
            "near_poor_list",
            "--unit",
            year_2025.province.code,
            "--year",
            "2025",
            "--format",
            "xlsx",
            "--output",
            str(xlsx),
            stdout=StringIO(),
        )
    assert not list(tmp_path.iterdir())


def test_the_deprivation_tables_count_each_indicator_of_the_latest_assessment(year_2025):
    from giamngheo.reports.tables.households import deprivations_table

    cast = year_2025
    table = deprivations_table(unit=cast.commune, year=2025, status=Status.POOR)
    counted, shares = table.rows[0].households, table.rows[0].persons
    titles = [c.title for c in table.columns]
    # The newly poor household was classified with three deprivations overridden on its Phiếu B.
    assert counted[:3] == (1, 1, 3)
    assert counted[titles.index("Việc làm")] == 1 and counted[titles.index("Dinh dưỡng")] == 0
    assert shares[titles.index("Nguồn nước sinh hoạt")] == 100.0
    near = deprivations_table(unit=cast.commune, year=2025, status=Status.NEAR_POOR)
    assert near.rows[0].households[:3] == (1, 0, 0)  # never assessed: counted, not guessed


def test_child_deprivations_count_children_of_recognised_households(year_2025):
    from giamngheo.registry.models import Household, Schooling
    from giamngheo.registry.services.persons import person_add
    from giamngheo.reports.tables.households import child_deprivations_table

    cast = year_2025
    arisen = Household.objects.get(persons__full_name="Vũ Văn Mới")
    for name, born, insured, schooling in (
        ("Vũ Thị Con", datetime.date(2015, 3, 1), False, Schooling.NOT_ATTENDING),
        ("Vũ Văn Út", datetime.date(2022, 5, 1), True, Schooling.NOT_APPLICABLE),
    ):
        person_add(
            actor=cast.officer,
            household=arisen,
            data={
                **member(full_name=name, date_of_birth=born, relation=Relation.CHILD, citizen_id=""),
                "health_insurance": insured,
                "schooling": schooling,
            },
            kind=EventKind.MOVED_IN,  # born before the household was registered: they move in (issue 11 A3)
            occurred_on=datetime.date(2025, 9, 1),
        )
    row = child_deprivations_table(unit=cast.commune, year=2025).rows[0]
    # Poor: 2 children, 1 without insurance (aged 10), none malnourished, 1 of school age not attending.
    assert row.households[:4] == (2, 1, 0, 1)
    assert row.households[4:] == (0, 0, 0, 0)


def test_every_report_named_in_the_contract_exports(year_2025):
    from giamngheo.reports.management.commands.export_report import REPORTS

    for report in REPORTS:
        out = StringIO()
        call_command(
            "export_report", report, "--unit", year_2025.province.code, "--year", "2025", "--format", "csv", stdout=out
        )
        assert out.getvalue().count("\n") >= 2, report


def test_the_whole_country_has_one_row_per_province_and_adds_up(year_2025):
    from giamngheo.reports.tables.selectors import area_for_code

    table = summary_table(unit=area_for_code("VN"), year=2025)
    rows = {row.label: row for row in table.rows}
    assert rows["Tỉnh Thử Nghiệm"].households == (4, 1, 25.0, 2, 50.0, 75.0)
    assert rows["Tỉnh Xa"].households[0] == 0
    assert rows["Tổng cộng"].households == rows["Tỉnh Thử Nghiệm"].households
    assert table.unit.name == "Toàn quốc"
    changes = changes_table(unit=area_for_code("VN"), year=2025, status=Status.POOR)
    assert {r.label: r for r in changes.rows}["Tổng cộng"].households == (2, 0, 1, 1, 0, 0, 1, 0, 1, 1, 0)


def test_an_old_map_unit_counts_each_household_under_its_recorded_old_commune(year_2025):
    """Xã Cũ Hai (before 01/07/2025) was divided between Xã Thử A and Phường Thử B: its households in both count in
    its row, once each; households recorded under no old commune are not in old-map reports."""
    from giamngheo.areas.models import Era, UnitSuccession
    from giamngheo.registry.models import Household
    from giamngheo.reports.tables.selectors import area_for_code
    from giamngheo.testing.factories import CommuneFactory, ProvinceFactory

    cast = year_2025
    old_province = ProvinceFactory.create(era=Era.LEGACY, code="91", name="Tỉnh Thử Cũ")
    one = CommuneFactory.create(era=Era.LEGACY, code="80001", name="Xã Cũ Một", parent=old_province)
    two = CommuneFactory.create(era=Era.LEGACY, code="80002", name="Xã Cũ Hai", parent=old_province)
    UnitSuccession.objects.create(old=one, new=cast.commune)
    UnitSuccession.objects.create(old=two, new=cast.commune, is_whole=False, is_default=True)
    UnitSuccession.objects.create(old=two, new=cast.other_commune, is_whole=False, is_default=False)
    Household.objects.filter(persons__full_name__in=["Hà Thị Ở", "Đỗ Văn B"]).update(legacy_commune=two)
    Household.objects.filter(persons__full_name="Vũ Văn Mới").update(legacy_commune=one)
    from giamngheo.areas.models import StaleCommune

    StaleCommune.objects.mark([cast.commune.pk, cast.other_commune.pk])  # a bulk update outside the services

    table = summary_table(unit=area_for_code("91", old_map=True), year=2025)
    rows = {row.label: row for row in table.rows}
    assert rows["Xã Cũ Hai"].households[:4] == (2, 0, 0.0, 2)  # one near-poor household in each new commune
    assert rows["Xã Cũ Một"].households[:2] == (1, 1)
    assert rows["Tổng cộng"].households[:2] == (3, 1)
    assert "trước 01/07/2025" in table.unit.name
    out = StringIO()
    arguments = ("near_poor_list", "--unit", "80002", "--old-map", "--year", "2025", "--format", "csv")
    call_command("export_report", *arguments, stdout=out)
    assert "Hà Thị Ở" in out.getvalue() and "Đỗ Văn B" in out.getvalue()
    with pytest.raises(CommandError, match="trước 01/07/2025 mã “99999”"):
        call_command("export_report", "summary", "--unit", "99999", "--old-map", "--year", "2025", "--format", "csv")


def test_the_printed_poor_list_writes_birth_years_without_a_thousands_separator(year_2025, tmp_path):
    pdf = tmp_path / "poor.pdf"
    call_command(
        "export_report",
        "poor_list",
        "--unit",
        year_2025.commune.code,
        "--year",
        "2025",
        "--format",
        "pdf",
        "--output",
        str(pdf),
        stdout=StringIO(),
    )
    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "1980" in text and "1.980" not in text
    assert "2.025" not in text


def test_the_summary_table_prints_and_exports_every_rate_with_two_decimals(year_2025, tmp_path):
    summary = summary_table(unit=year_2025.province, year=2025)
    printed = {row.label: cells for row, cells in table_sections(summary)[0]["rows"]}
    # Tổng cộng: 4 households, 1 poor (25 %), 2 near-poor (50 %), 75 % together; the counts stay whole numbers.
    assert printed["Tổng cộng"] == ["4", "1", "25,00", "2", "50,00", "75,00"]
    assert printed["Xã Thử A"][2] == "33,33"

    sheet = load_workbook(io.BytesIO(table_xlsx(summary))).active
    total = next(row for row in sheet.iter_rows() if row[1].value == "Tổng cộng")
    assert [c.value for c in total[2:]] == [4, 1, 25.0, 2, 50.0, 75.0]
    assert [c.number_format for c in total[2:]] == ["General", "General", "0.00", "General", "0.00", "0.00"]

    pdf = tmp_path / "summary.pdf"
    call_command(
        "export_report",
        "summary",
        "--unit",
        year_2025.province.code,
        "--year",
        "2025",
        "--format",
        "pdf",
        "--output",
        str(pdf),
        stdout=StringIO(),
    )
    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "25,00" in text and "75,00" in text


def test_a_report_lists_its_communes_in_vietnamese_alphabetical_order(year_2025):
    for code, name in (("91801", "Phường Âu Lâu"), ("91802", "Phường Bắc Lý"), ("91803", "Xã Ái Quốc")):
        CommuneFactory(code=code, name=name, parent=year_2025.province)
    labels = [row.label for row in summary_table(unit=year_2025.province, year=2025).rows]
    # Raw Unicode would put "Phường Âu Lâu" after "Phường Thử B" and "Xã Ái Quốc" after "Xã Thử A".
    assert labels == ["Phường Âu Lâu", "Phường Bắc Lý", "Phường Thử B", "Xã Ái Quốc", "Xã Thử A", "Tổng cộng"]


def test_a_poor_household_that_moved_in_is_an_other_increase_on_the_row_of_moves_in(cast):
    from giamngheo.testing.factories import LOW_B1
    from giamngheo.testing.scenes import THREE, decide, household_moved_in

    arrived = household_moved_in(cast)
    decide(cast, [(arrived, "mau_01", {"b1": LOW_B1, "overrides": THREE})], "41/QĐ-UBND")

    table = changes_table(unit=cast.commune, year=2025, status=Status.POOR)

    # Not newly arising (7): an other increase (8), of which moved in (8a); the end (9) holds it.
    assert table.rows[0].households == (0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 1)
    assert table.rows[0].persons == (0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 1)
