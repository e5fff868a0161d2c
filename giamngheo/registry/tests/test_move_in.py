"""The "Chuyển đến từ" page: where a household, or a member, that moved in came from (issue 12 §5). Bad input gets a
Vietnamese message naming what is wrong, and nothing is written."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from giamngheo.accounts.models import AuditAction, AuditEntry
from giamngheo.areas.models import Era, Level
from giamngheo.registry.models import EventKind, MoveIn, Status
from giamngheo.registry.services.persons import person_add
from giamngheo.testing.factories import CommuneFactory, ProvinceFactory, make_household, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def arrived(cast):
    """A household that registered in Xã Thử A on 05/03/2025, after moving in."""
    return make_household(
        village=cast.village, members=[member(full_name="Lục Văn Đến")], registered_on=datetime.date(2025, 3, 5)
    )


@pytest.fixture
def old_commune(cast):
    """Xã Cũ Một of Huyện Cũ, Tỉnh Cũ: a commune of the map before 01/07/2025."""
    province = ProvinceFactory.create(era=Era.LEGACY, code="88", name="Tỉnh Cũ")
    district = CommuneFactory.create(
        era=Era.LEGACY, level=Level.DISTRICT, code="888", name="Huyện Cũ", parent=province, unit_type="Huyện"
    )
    return CommuneFactory.create(era=Era.LEGACY, code="88801", name="Xã Cũ Một", short_name="Cũ Một", parent=district)


def _post(**overrides) -> dict[str, str]:
    return {
        "moved_on": "01/03/2025",
        "origin": "commune",
        "province": "",
        "commune": "",
        "status_there": "",
        "decision_number": "",
        "decision_date": "",
    } | overrides


def test_an_officer_records_a_household_from_a_commune_of_the_old_map_with_its_decision(
    client, cast, arrived, old_commune
):
    client.force_login(cast.officer)
    response = client.post(
        reverse("registry:household_move_in", args=[arrived.pk]),
        _post(
            province=str(old_commune.parent.parent.pk),
            commune="xa cu mot",
            status_there=Status.POOR,
            decision_number="17/QĐ-UBND",
            decision_date="10/12/2024",
        ),
    )

    assert response.status_code == 302
    move = MoveIn.objects.get(household=arrived)
    assert (move.from_commune, move.from_abroad, move.status_there) == (old_commune, False, Status.POOR)
    assert (move.decision_number, move.decision_date) == ("17/QĐ-UBND", datetime.date(2024, 12, 10))
    entry = AuditEntry.objects.get(target_type="registry.movein", action=AuditAction.CREATE)
    assert (entry.actor, entry.household_id) == (cast.officer, arrived.pk)
    page = client.get(reverse("registry:household_detail", args=[arrived.pk])).content.decode()
    assert "Xã Cũ Một (trước 01/07/2025) (01/03/2025) · Hộ nghèo, quyết định số 17/QĐ-UBND ngày 10/12/2024" in page


def test_a_household_from_abroad_is_recorded_without_a_status(client, cast, arrived):
    client.force_login(cast.officer)
    response = client.post(reverse("registry:household_move_in", args=[arrived.pk]), _post(origin="abroad"))

    assert response.status_code == 302
    move = MoveIn.objects.get(household=arrived)
    assert (move.from_commune, move.from_abroad, move.status_there) == (None, True, "")


def _tomorrow() -> str:
    return (timezone.localdate() + datetime.timedelta(days=1)).strftime("%d/%m/%Y")


@pytest.mark.parametrize(
    ("overrides", "field", "says"),
    [
        (lambda c: {"origin": ""}, "origin", "Chưa chọn “Chuyển đến từ”."),
        (lambda c: {}, "province", "Chưa chọn tỉnh, thành phố nơi chuyển đi."),
        (lambda c: {"province": str(c.province.pk)}, "commune", "Chưa nhập xã, phường nơi chuyển đi."),
        (
            lambda c: {"province": str(c.province.pk), "commune": "Xã Không Có"},
            "commune",
            "Không có xã, phường “Xã Không Có” ở Tỉnh Thử Nghiệm.",
        ),
        (
            lambda c: {"province": str(c.province.pk), "commune": "Xã Thử A"},
            "from_commune",
            "Hộ đang ở Xã Thử A: chuyển trong cùng xã không phải chuyển đến từ nơi khác.",
        ),
        (lambda c: {"origin": "abroad", "moved_on": _tomorrow()}, "moved_on", "không được sau ngày hôm nay"),
        (
            lambda c: {"origin": "abroad", "moved_on": "10/03/2025"},
            "moved_on",
            "Ngày chuyển đến (10/03/2025) sau ngày hộ",
        ),
        (
            lambda c: {"origin": "abroad", "status_there": Status.POOR, "decision_number": "1/QĐ"},
            "status_there",
            "Hộ chuyển từ nước ngoài không có tình trạng hộ nghèo, hộ cận nghèo do xã, phường công nhận",
        ),
        (
            lambda c: {"province": str(c.province.pk), "commune": "91002", "status_there": Status.POOR},
            "decision_number",
            "Chưa nhập số quyết định công nhận tình trạng ở nơi cũ.",
        ),
        (
            lambda c: {"province": str(c.province.pk), "commune": "91002", "decision_number": "1/QĐ"},
            "status_there",
            "Đã ghi quyết định ở nơi cũ nhưng chưa chọn tình trạng",
        ),
        (
            lambda c: {
                "province": str(c.province.pk),
                "commune": "91002",
                "status_there": Status.NEAR_POOR,
                "decision_number": "1/QĐ",
                "decision_date": "02/03/2025",
            },
            "decision_date",
            "Quyết định ở nơi cũ ngày 02/03/2025 sau ngày chuyển đến (01/03/2025)",
        ),
    ],
    ids=[
        "no-origin",
        "no-province",
        "no-commune",
        "unknown-commune",
        "same-commune",
        "future",
        "after-registration",
        "abroad-with-status",
        "status-without-decision",
        "decision-without-status",
        "decision-after-move",
    ],
)
def test_the_move_in_page_refuses_bad_input_in_vietnamese_and_writes_nothing(
    client, cast, arrived, overrides, field, says
):
    client.force_login(cast.officer)
    response = client.post(reverse("registry:household_move_in", args=[arrived.pk]), _post(**overrides(cast)))

    assert response.status_code == 200
    form = response.context["form"]
    errors = form.errors.get(field, []) + form.non_field_errors()
    assert any(says in error for error in errors), form.errors
    assert not MoveIn.objects.exists()
    assert not AuditEntry.objects.filter(target_type="registry.movein").exists()


def test_a_commune_name_found_twice_in_a_province_asks_for_the_code(client, cast, arrived):
    CommuneFactory.create(code="91003", name="Xã Trùng", parent=cast.province)
    CommuneFactory.create(code="91004", name="Xã Trùng", parent=cast.province)
    client.force_login(cast.officer)
    response = client.post(
        reverse("registry:household_move_in", args=[arrived.pk]),
        _post(province=str(cast.province.pk), commune="Xã Trùng"),
    )

    assert (
        "“Xã Trùng” ứng với nhiều xã, phường ở Tỉnh Thử Nghiệm: Xã Trùng (91003), Xã Trùng (91004)"
        in (response.context["form"].errors["commune"][0])
    )
    assert not MoveIn.objects.exists()


def test_a_member_who_moved_in_records_where_from_on_the_day_they_joined(client, cast, arrived):
    joined = person_add(
        actor=cast.officer,
        household=arrived,
        data=member(full_name="Lục Thị Theo", sex="2", relation="spouse"),
        kind=EventKind.MOVED_IN,
        occurred_on=datetime.date(2025, 6, 2),
    )
    client.force_login(cast.officer)
    response = client.post(
        reverse("registry:person_move_in", args=[joined.pk]),
        {"origin": "commune", "province": str(cast.province.pk), "commune": "Phường Thử B"},
    )

    assert response.status_code == 302
    move = MoveIn.objects.get(person=joined)
    assert (move.household, move.moved_on, move.from_commune) == (
        arrived,
        datetime.date(2025, 6, 2),
        cast.other_commune,
    )


def test_a_member_born_here_has_no_move_to_record(client, cast, arrived):
    client.force_login(cast.officer)
    response = client.post(reverse("registry:person_move_in", args=[arrived.head_id]), {"origin": "abroad"})

    assert "không vào hộ bằng “Chuyển đến”" in response.content.decode()
    assert not MoveIn.objects.exists()


def test_an_officer_of_another_commune_cannot_open_the_page(client, cast, arrived):
    client.force_login(cast.other_officer)

    assert client.get(reverse("registry:household_move_in", args=[arrived.pk])).status_code == 404
