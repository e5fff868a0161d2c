"""Bulk import of households (issue point 8): the file goes in whole or not at all, and a second run changes nothing.

Files are built in tmp_path with openpyxl or csv; rows are dicts keyed by the Vietnamese headers of the template.
"""

import csv
import datetime
import decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError
from django.utils import timezone

from giamngheo.accounts.models import AuditEntry
from giamngheo.areas.models import Era, UnitSuccession
from giamngheo.registry.imports import (
    households_import,
)
from giamngheo.registry.models import (
    EventKind,
    Household,
    HouseholdEvent,
    LeaveReason,
    Person,
    Relation,
    Sex,
    Status,
)
from giamngheo.registry.services.persons import person_leave
from giamngheo.testing.factories import CommuneFactory, make_household, member
from giamngheo.testing.import_files import (
    AN_CCCD,
    BINH_CCCD,
    DUNG_CCCD,
    register_state,
    report_rows,
    rows_two_households,
    run,
    write_xlsx,
)

# ---------------------------------------------------------------- a valid file


@pytest.mark.django_db
def test_the_import_creates_households_with_their_members_and_audit_entries(cast, tmp_path):
    path = write_xlsx(tmp_path / "ho.xlsx", rows_two_households())

    output = run(path, "--actor", cast.officer.username)

    assert "2 hộ mới, 0 hộ cập nhật, 0 hộ không đổi; 5 nhân khẩu mới, 0 nhân khẩu cập nhật" in output
    first = Household.objects.get(code="HN-001")
    assert (first.commune, first.village, first.address) == (cast.commune, cast.village, "Số 12, xóm Đồi")
    assert first.status == Status.NEAR_POOR
    assert first.area_type == cast.commune.area_type  # blank Khu vực: the commune's
    assert first.income_per_capita == 1_500_000
    assert first.floor_area_m2 == decimal.Decimal("45.5")
    assert (first.wall_durable, first.roof_durable, first.column_durable, first.owns_tv) == (True, False, None, True)
    assert (first.water_source, first.latrine) == ("piped", "septic")
    assert first.head is not None and first.head.full_name == "Nguyễn Văn An"
    assert first.head.citizen_id == AN_CCCD
    assert (first.head.employment, first.head.labour_contract, first.head.health_insurance) == ("wage", False, True)
    assert list(first.persons.values_list("relation", flat=True)) == [Relation.HEAD, Relation.SPOUSE, Relation.CHILD]
    child = first.persons.get(full_name="Nguyễn Văn Cường")
    assert (child.citizen_id, child.schooling, child.date_of_birth) == (
        None,
        "lower_secondary",
        datetime.date(2012, 9, 15),
    )
    second = Household.objects.get(code="HN-002")
    assert (second.village, second.status) == (cast.other_village, Status.POOR)
    dung = second.persons.get(relation=Relation.HEAD)
    assert (dung.ethnicity, dung.has_merit) == ("03", True)
    assert second.persons.get(full_name="Lò Thị Én").disability == "severe"
    entries = AuditEntry.objects.filter(actor=cast.officer, action="create", target_type="registry.household")
    assert sorted(entries.values_list("household_id", "note")) == sorted(
        [(first.pk, "Nhập từ tệp ho.xlsx"), (second.pk, "Nhập từ tệp ho.xlsx")]
    )
    assert entries.get(household_id=first.pk).changes["income_per_capita"] == [None, 1_500_000]
    assert first.search_text == "hn-001 | nguyen van an | tran thi binh | nguyen van cuong"
    assert HouseholdEvent.objects.filter(kind=EventKind.REGISTERED).count() == 2


@pytest.mark.django_db
def test_the_import_reads_the_cards_issue_date_and_place(cast, tmp_path):
    rows = rows_two_households()
    rows[0] |= {"Ngày cấp CCCD": "10/03/2022", "Nơi cấp CCCD": "Cục Cảnh sát quản lý hành chính về trật tự xã hội"}
    rows[1] |= {"Ngày cấp CCCD": datetime.date(2024, 8, 1), "Nơi cấp CCCD": "bộ công an"}

    run(write_xlsx(tmp_path / "ho.xlsx", rows))

    an, binh = Person.objects.get(citizen_id=AN_CCCD), Person.objects.get(citizen_id=BINH_CCCD)
    assert (an.citizen_id_issued_on, an.citizen_id_issued_by) == (datetime.date(2022, 3, 10), "c06")
    assert (binh.citizen_id_issued_on, binh.citizen_id_issued_by) == (datetime.date(2024, 8, 1), "bca")


@pytest.mark.django_db
def test_the_import_changes_nothing_when_the_same_file_is_imported_again(cast, tmp_path):
    path = write_xlsx(tmp_path / "ho.xlsx", rows_two_households())
    run(path)
    before = register_state()
    stamps = list(Person.objects.order_by("pk").values_list("updated_at", flat=True))

    output = run(path)

    assert "0 hộ mới, 0 hộ cập nhật, 2 hộ không đổi; 0 nhân khẩu mới, 0 nhân khẩu cập nhật" in output
    assert register_state() == before
    assert list(Person.objects.order_by("pk").values_list("updated_at", flat=True)) == stamps


@pytest.mark.django_db
def test_the_import_updates_a_household_through_the_services_and_keeps_members_missing_from_the_file(cast, tmp_path):
    run(write_xlsx(tmp_path / "ho.xlsx", rows_two_households()))
    rows = rows_two_households()
    rows[0]["Thu nhập bình quân (đồng/người/tháng)"] = 2_100_000
    rows[0]["Thôn, tổ dân phố"] = "Thôn Hai"
    rows[0]["Tình trạng"] = "Không nghèo"  # only a decision changes a status
    rows[2]["Tình trạng đi học"] = "Đang học THPT"
    del rows[1]  # the wife is not in the corrected file
    rows.insert(2, {"Mã hộ": "HN-001", "Họ và tên": "Nguyễn Thị Dung", "Quan hệ với chủ hộ": "Con",
                    "Giới tính": "Nữ", "Ngày sinh": "01/02/2015", "Dân tộc": "Kinh"})  # fmt: skip
    audit_before = AuditEntry.objects.count()
    result = households_import(actor=cast.officer, path=write_xlsx(tmp_path / "ho-sua.xlsx", rows))

    assert result.ok, result.errors
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    assert (result.persons_created, result.persons_updated) == (1, 1)
    household = Household.objects.get(code="HN-001")
    assert (household.income_per_capita, household.village, household.status) == (
        2_100_000,
        cast.other_village,
        Status.NEAR_POOR,
    )
    assert household.persons.get(full_name="Nguyễn Văn Cường").schooling == "upper_secondary"
    assert household.persons.members().filter(full_name="Trần Thị Bình").exists()
    added = household.persons.get(full_name="Nguyễn Thị Dung")
    assert HouseholdEvent.objects.filter(person=added, kind=EventKind.MOVED_IN).exists()
    new_entries = list(AuditEntry.objects.order_by("-pk")[: AuditEntry.objects.count() - audit_before])
    assert sorted((e.action, e.target_type) for e in new_entries) == [
        ("create", "registry.person"),  # the new member
        ("update", "registry.household"),  # income and village
        ("update", "registry.person"),  # the son's schooling
    ]
    assert all(e.actor == cast.officer for e in new_entries)
    messages = " ".join(w.message for w in result.warnings)
    assert "Trần Thị Bình" in messages and "giữ nguyên" in messages
    assert "chỉ thay đổi bằng quyết định" in messages


@pytest.mark.django_db
def test_the_import_refuses_a_new_head_in_the_file_when_the_register_has_another(cast, tmp_path):
    run(write_xlsx(tmp_path / "ho.xlsx", rows_two_households()))
    rows = rows_two_households()
    rows[0]["Quan hệ với chủ hộ"], rows[1]["Quan hệ với chủ hộ"] = "Vợ/chồng", "Chủ hộ"
    before = register_state()

    result = households_import(actor=None, path=write_xlsx(tmp_path / "ho-sua.xlsx", rows))

    assert not result.ok
    assert register_state() == before
    assert any(e.row == 3 and "Đổi chủ hộ trên trang của hộ" in e.message for e in result.errors)


@pytest.mark.django_db
def test_the_import_gives_a_household_without_a_head_the_head_named_in_the_file(cast, tmp_path):
    run(write_xlsx(tmp_path / "ho.xlsx", rows_two_households()))
    household = Household.objects.get(code="HN-001")
    # The import registered the household today; its head dies the same day (not before: issue 11 A3).
    person_leave(actor=None, person=household.head, reason=LeaveReason.DIED, occurred_on=timezone.localdate())
    rows = rows_two_households()[1:3]  # the widow and her son; the file has no commune code: the officer's commune
    rows[0] |= {"Quan hệ với chủ hộ": "Chủ hộ", "Thôn, tổ dân phố": "Thôn Một"}

    result = households_import(
        actor=cast.officer, path=write_xlsx(tmp_path / "ho-sua.xlsx", rows), commune=cast.commune
    )

    assert result.ok, result.errors
    assert (result.updated, result.persons_updated, result.warnings) == (1, 1, [])
    household.refresh_from_db()
    assert household.head is not None and household.head.full_name == "Trần Thị Bình"
    assert household.head.relation == Relation.HEAD
    assert HouseholdEvent.objects.filter(household=household, kind=EventKind.HEAD_CHANGED).exists()


@pytest.mark.django_db
def test_the_import_refuses_a_household_code_used_in_another_commune_without_naming_it(cast, tmp_path):
    make_household(village=cast.far_village, code="HN-002", members=[member(citizen_id=None)])

    result = households_import(actor=None, path=write_xlsx(tmp_path / "ho.xlsx", rows_two_households()),
                               commune=cast.commune)  # fmt: skip

    assert not result.ok and not Household.objects.filter(code="HN-001").exists()
    [error] = result.errors
    assert (error.row, error.column, error.value) == (5, "Mã hộ", "HN-002")
    assert "đã dùng cho một hộ của xã khác." in error.message and "Xã Xa" not in error.message


@pytest.mark.django_db
def test_the_import_refuses_a_file_without_a_required_column(cast, tmp_path):
    rows = [{k: v for k, v in row.items() if k != "Ngày sinh"} | {"Ghi chú": "x"} for row in rows_two_households()]

    result = households_import(actor=None, path=write_xlsx(tmp_path / "ho.xlsx", rows))

    assert not result.ok and Household.objects.count() == 0
    assert [(e.row, e.column) for e in result.errors] == [(1, "Ngày sinh")]
    assert "Thiếu cột bắt buộc: Ngày sinh" in result.errors[0].message
    assert [(w.row, w.column, w.message) for w in result.warnings] == [
        (1, "Ghi chú", "Cột không có trong mẫu; bỏ qua.")
    ]


# ---------------------------------------------------------------- one bad row: nothing goes in


def _bad_cccd(rows: list[dict[str, Any]], cast: Any) -> None:
    rows[1]["Số CCCD"] = AN_CCCD[:3] + "0" + BINH_CCCD[4:]  # 4th digit says male, Bình is a woman


def _unknown_village(rows: list[dict[str, Any]], cast: Any) -> None:
    rows[3]["Thôn, tổ dân phố"] = "Thôn Ba"
    rows[4]["Thôn, tổ dân phố"] = "Thôn Ba"


def _wrong_date(rows: list[dict[str, Any]], cast: Any) -> None:
    rows[2]["Ngày sinh"] = "31/02/2012"


def _unknown_commune(rows: list[dict[str, Any]], cast: Any) -> None:
    rows[3]["Mã xã"] = rows[4]["Mã xã"] = "99999"


def _two_heads(rows: list[dict[str, Any]], cast: Any) -> None:
    rows[4]["Quan hệ với chủ hộ"] = "Chủ hộ"


def _duplicate_cccd_in_file(rows: list[dict[str, Any]], cast: Any) -> None:
    rows[4]["Số CCCD"] = BINH_CCCD
    rows[4]["Ngày sinh"] = "02/03/1982"


def _card_issued_before_birth(rows: list[dict[str, Any]], cast: Any) -> None:
    rows[0]["Ngày cấp CCCD"] = "16/05/1980"  # An was born on 17/05/1980


def _unknown_card_issuer(rows: list[dict[str, Any]], cast: Any) -> None:
    rows[0]["Nơi cấp CCCD"] = "Công an xã"


def _cccd_of_another_household(rows: list[dict[str, Any]], cast: Any) -> None:
    make_household(village=cast.far_village, code="XA-777", members=[member(full_name="Người Khác",
                   sex=Sex.MALE, date_of_birth=datetime.date(1975, 1, 9), citizen_id=DUNG_CCCD)])  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("spoil", "row", "column", "value", "says"),
    [
        (_bad_cccd, 3, "Số CCCD", None, "giới tính Nam"),
        (_unknown_village, 5, "Thôn, tổ dân phố", "Thôn Ba", "chưa có thôn, tổ dân phố “Thôn Ba”"),
        (_wrong_date, 4, "Ngày sinh", "31/02/2012", "Không có ngày 31/02/2012"),
        (_unknown_commune, 5, "Mã xã", "99999", "Không có xã, phường, đặc khu hiện hành mã 99999"),
        (_two_heads, 6, "Quan hệ với chủ hộ", "Chủ hộ", "nhiều chủ hộ: dòng 5 và dòng 6"),
        (_duplicate_cccd_in_file, 6, "Số CCCD", BINH_CCCD, "đã ghi ở dòng 3 (hộ HN-001)"),
        (_cccd_of_another_household, 5, "Số CCCD", DUNG_CCCD, "hộ XA-777"),
        (_card_issued_before_birth, 2, "Ngày cấp CCCD", "16/05/1980", "không được trước ngày sinh (17/05/1980)"),
        (_unknown_card_issuer, 2, "Nơi cấp CCCD", "Công an xã", "Không có trong danh mục Nơi cấp CCCD"),
    ],
    ids=[
        "bad-cccd",
        "unknown-village",
        "wrong-date",
        "unknown-commune",
        "two-heads",
        "cccd-twice",
        "cccd-elsewhere",
        "card-before-birth",
        "unknown-card-issuer",
    ],
)
def test_the_import_writes_nothing_when_one_row_is_wrong_and_reports_row_column_value(
    cast, tmp_path, spoil, row, column, value, says
):
    rows = rows_two_households()
    spoil(rows, cast)
    if value is None:
        value = rows[row - 2][column]
    path = write_xlsx(tmp_path / "ho.xlsx", rows)
    before = register_state()

    with pytest.raises(CommandError, match="không có thay đổi nào được ghi"):
        run(path)

    assert register_state() == before
    report = report_rows(tmp_path / "ho-loi.xlsx")
    assert report[0] == ("Dòng", "Cột", "Giá trị", "Lỗi")
    assert any(r[:3] == (row, column, value) and says in r[3] for r in report[1:]), report


@pytest.mark.django_db
def test_the_import_names_both_rows_when_a_household_value_differs_between_rows(cast, tmp_path):
    rows = rows_two_households()
    rows[4]["Thôn, tổ dân phố"] = "Thôn Một"

    result = households_import(actor=None, path=write_xlsx(tmp_path / "ho.xlsx", rows))

    assert not result.ok and Household.objects.count() == 0
    [error] = result.errors
    assert (error.row, error.column, error.value) == (6, "Thôn, tổ dân phố", "Thôn Một")
    assert "dòng 5 ghi “thon hai”, dòng 6 ghi “Thôn Một”" in error.message


@pytest.mark.django_db
def test_the_import_rejects_a_cccd_that_excel_turned_into_a_number(cast, tmp_path):
    rows = rows_two_households()
    rows[0]["Số CCCD"] = int(AN_CCCD)  # 015… typed into a General cell: the leading zero is gone
    path = write_xlsx(tmp_path / "ho.xlsx", rows)

    result = households_import(actor=None, path=path)

    assert not result.ok and Household.objects.count() == 0
    [error] = result.errors
    assert (error.row, error.column, error.value) == (2, "Số CCCD", AN_CCCD.lstrip("0"))
    assert "bỏ mất số 0 ở đầu" in error.message


@pytest.mark.django_db
def test_the_import_writes_the_error_report_as_csv_when_asked(cast, tmp_path):
    rows = rows_two_households()
    rows[2]["Ngày sinh"] = "1980"
    report = tmp_path / "bao-cao.csv"

    with pytest.raises(CommandError):
        run(write_xlsx(tmp_path / "ho.xlsx", rows), "--report", str(report))

    assert report.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM: Excel opens it as UTF-8
    lines = list(csv.reader(report.read_text(encoding="utf-8-sig").splitlines()))
    assert lines[0] == ["Dòng", "Cột", "Giá trị", "Lỗi"]
    assert lines[1][:3] == ["4", "Ngày sinh", "1980"]


# ---------------------------------------------------------------- communes


@pytest.mark.django_db
def test_the_import_restricts_the_file_to_one_commune(cast, tmp_path):
    rows = rows_two_households()
    rows[3]["Mã xã"] = rows[4]["Mã xã"] = cast.other_commune.code
    rows[3]["Thôn, tổ dân phố"] = rows[4]["Thôn, tổ dân phố"] = "Tổ dân phố 1"
    path = write_xlsx(tmp_path / "ho.xlsx", rows)

    result = households_import(actor=cast.officer, path=path, commune=cast.commune)

    assert not result.ok and Household.objects.count() == 0
    assert [(e.row, e.column) for e in result.errors] == [(5, "Mã xã")]
    assert "chỉ được nhập hộ của Xã Thử A" in result.errors[0].message
    assert households_import(actor=None, path=path).ok  # without the restriction both communes go in


@pytest.mark.django_db
def test_the_import_puts_rows_without_a_commune_code_into_the_restricted_commune(cast, tmp_path):
    rows = [{k: v for k, v in row.items() if k != "Mã xã"} for row in rows_two_households()]
    path = write_xlsx(tmp_path / "ho.xlsx", rows)

    with pytest.raises(CommandError):
        run(path)
    run(path, "--commune", cast.commune.code)

    assert set(Household.objects.values_list("commune", flat=True)) == {cast.commune.pk}


@pytest.mark.django_db
def test_the_import_maps_a_legacy_commune_code_to_todays_commune(cast, tmp_path):
    legacy = CommuneFactory(era=Era.LEGACY, code="00123", name="Xã Cũ Trước Sáp Nhập", parent=None, province=None)
    UnitSuccession.objects.create(old=legacy, new=cast.commune, is_whole=True, is_default=True)
    rows = rows_two_households()
    for row in rows[:1]:
        del row["Mã xã"]
        row["Mã xã cũ"] = 123  # a number in Excel: unit codes are 5 digits, so the zeros come back
    path = write_xlsx(tmp_path / "ho.xlsx", rows)

    result = households_import(actor=None, path=path, commune=cast.commune)

    assert result.ok, result.errors
    household = Household.objects.get(code="HN-001")
    assert (household.commune, household.legacy_commune) == (cast.commune, legacy)


@pytest.mark.django_db
def test_the_import_itself_keeps_its_actor_inside_their_area(cast, tmp_path):
    path = write_xlsx(tmp_path / "ho.xlsx", rows_two_households())
    with pytest.raises(ValidationError, match="không có quyền nhập hộ"):
        households_import(actor=cast.province_officer, path=path)
    with pytest.raises(ValidationError, match="chỉ được nhập hộ của Xã Thử A"):
        households_import(actor=cast.officer, path=path, commune=cast.other_commune)
    assert Household.objects.count() == 0
