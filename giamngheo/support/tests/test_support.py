"""The register of support: what a poor or near-poor household or one of its members received, recorded on the
household's page by the commune or the delivering agency inside their area, audited, cancelled but never deleted; the
targets "houses supported" and "workers trained" count it."""

import datetime
from decimal import Decimal

import pytest
import yaml
from django.core.exceptions import ValidationError

from giamngheo.accounts.models import Agency, AuditEntry, Role
from giamngheo.registry.models import EndReason, Household, Status
from giamngheo.registry.services.households import household_end
from giamngheo.reports.models import Target
from giamngheo.reports.targets.progress import DATA as TARGETS_DATA
from giamngheo.reports.targets.progress import _mark, indicators, progress
from giamngheo.support.kinds import support_kinds
from giamngheo.support.models import Support
from giamngheo.support.services import support_cancel, support_record
from giamngheo.testing.factories import UserFactory, make_household, member
from giamngheo.testing.scenes import SIGNED

DAY = datetime.date(2025, 10, 2)


def test_a_commune_officer_records_a_house_built_on_the_households_page_and_it_is_audited(client, family):
    cast = family
    client.force_login(cast.officer)
    url = f"/ho-tro/ho/{cast.household.pk}/"
    response = client.post(
        url, {"kind": "house_built", "delivered_on": "02/10/2025", "amount": "40.000.000", "reference": "12/QĐ-UBND"}
    )
    assert response.status_code == 302
    support = Support.objects.get()
    assert (support.kind, support.amount, support.status, support.commune) == (
        "house_built",
        40_000_000,
        Status.POOR,
        cast.commune,
    )
    entry = AuditEntry.objects.get(target_type="support.support")
    assert entry.household_id == cast.household.pk and entry.changes["kind"] == [None, "Hỗ trợ xây mới nhà ở"]
    page = client.get(f"/ho/{cast.household.pk}/").content.decode()
    assert "Hỗ trợ đã nhận" in page and "Hỗ trợ xây mới nhà ở" in page and "12/QĐ-UBND" in page


@pytest.mark.parametrize(
    ("kind", "with_son", "message"),
    [
        ("vocational_training", False, "“Đào tạo nghề” là hỗ trợ cho từng người: chọn thành viên nhận."),
        ("house_built", True, "“Hỗ trợ xây mới nhà ở” là hỗ trợ cho cả hộ: không chọn thành viên."),
        ("xe_may", False, "Loại hỗ trợ “xe_may” không có trong danh mục."),
    ],
)
def test_recording_support_refuses_what_does_not_fit_the_kind_in_vietnamese_and_writes_nothing(
    family, kind, with_son, message
):
    cast = family
    with pytest.raises(ValidationError, match=message):
        support_record(
            actor=cast.officer,
            household=cast.household,
            kind=kind,
            delivered_on=DAY,
            person=cast.son if with_son else None,
        )
    assert not Support.objects.exists()


def test_recording_support_refuses_a_day_to_come_and_a_member_of_another_household(family):
    cast = family
    with pytest.raises(ValidationError, match="chưa tới"):
        support_record(
            actor=cast.officer, household=cast.household, kind="house_built", delivered_on=datetime.date(2099, 1, 1)
        )
    stranger = make_household(village=cast.village, members=[member(full_name="Người Khác")]).head
    with pytest.raises(ValidationError, match="Người Khác không phải thành viên hiện tại của hộ"):
        support_record(
            actor=cast.officer, household=cast.household, kind="vocational_training", delivered_on=DAY, person=stranger
        )
    assert not Support.objects.exists()


def test_outside_ones_area_or_without_a_recording_role_the_page_is_not_found(client, family):
    cast = family
    url = f"/ho-tro/ho/{cast.household.pk}/"
    for outsider in (cast.other_officer, cast.far_officer, cast.viewer, cast.collaborator, cast.auditor):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
        assert client.post(url, {"kind": "house_built", "delivered_on": "02/10/2025"}).status_code == 404
    with pytest.raises(ValidationError, match="ngoài địa bàn hoặc không có quyền"):
        support_record(actor=cast.other_officer, household=cast.household, kind="house_built", delivered_on=DAY)
    assert not Support.objects.exists()


def test_an_agency_officer_records_support_in_its_province(client, family):
    cast = family
    agency = Agency.objects.create(province=cast.province, name="Sở Nội vụ tỉnh Thử Nghiệm")
    officer = UserFactory(username="sonoivu", role=Role.AGENCY_OFFICER, area=cast.province, agency=agency)
    client.force_login(officer)
    response = client.post(
        f"/ho-tro/ho/{cast.household.pk}/",
        {"kind": "vocational_training", "person": cast.son.pk, "delivered_on": "02/10/2025"},
    )
    assert response.status_code == 302 and Support.objects.get().person == cast.son


def test_a_cancelled_record_stays_on_the_page_with_its_reason_and_no_longer_counts(client, family):
    cast = family
    support = support_record(actor=cast.officer, household=cast.household, kind="house_built", delivered_on=DAY)
    client.force_login(cast.officer)
    assert client.post(f"/ho-tro/{support.pk}/huy/", {"reason": "Ghi nhầm hộ"}).status_code == 302
    support.refresh_from_db()
    assert support.cancelled_at is not None and support.cancel_reason == "Ghi nhầm hộ"
    assert "Đã huỷ" in client.get(f"/ho/{cast.household.pk}/").content.decode()
    with pytest.raises(ValidationError, match="đã huỷ lúc"):
        support_cancel(actor=cast.officer, support=support, reason="Lần nữa")
    houses = next(p for p in progress(unit=cast.commune, year=2025) if p.indicator.code == "houses_built")
    assert houses.value == 0


def test_houses_and_workers_count_poor_and_near_poor_households_and_members_once(family):
    cast = family
    near = make_household(village=cast.village, status=Status.NEAR_POOR, members=[member(full_name="Hà Văn Cận")])
    not_poor = make_household(village=cast.village, status=Status.NOT_POOR, members=[member(full_name="Đỗ Văn Khá")])
    for household, kind in (
        (cast.household, "house_built"),
        (cast.household, "house_repaired"),  # the same household again: counted once
        (near, "house_repaired"),
        (not_poor, "house_built"),  # not poor when supported: not counted
    ):
        support_record(actor=cast.officer, household=household, kind=kind, delivered_on=DAY)
    support_record(
        actor=cast.officer, household=cast.household, kind="vocational_training", delivered_on=DAY, person=cast.son
    )
    support_record(
        actor=cast.officer,
        household=cast.household,
        kind="vocational_training",
        delivered_on=datetime.date(2024, 5, 1),  # another year
        person=cast.household.head,
    )
    Target.objects.create(unit=cast.commune, year=2025, indicator="houses_built", value=Decimal(2), set_by=cast.officer)
    Target.objects.create(
        unit=cast.commune, year=2025, indicator="workers_trained", value=Decimal(10), set_by=cast.officer
    )
    marks = {p.indicator.code: p for p in progress(unit=cast.commune, year=2025)}
    assert marks["houses_built"].value == 2 and marks["houses_built"].mark == "on_track"
    assert marks["workers_trained"].value == 1 and marks["workers_trained"].mark == "off_track"  # 9 short of 10


def test_every_kind_a_target_counts_is_in_the_catalogue():
    targets = yaml.safe_load(TARGETS_DATA.read_text(encoding="utf-8"))["indicators"]
    counted = {kind for t in targets for kind in t.get("support", [])}
    assert counted and counted <= set(support_kinds())


def test_a_record_made_after_a_decision_keeps_the_status_of_the_day_the_support_was_received(year_2025):
    cast = year_2025
    escaped = Household.objects.get(persons__full_name="Lò Văn Thoát")  # poor until the decision signed on SIGNED
    assert escaped.status == Status.NOT_POOR
    before = support_record(
        actor=cast.officer, household=escaped, kind="house_repaired", delivered_on=SIGNED - datetime.timedelta(days=30)
    )
    after = support_record(actor=cast.officer, household=escaped, kind="livelihood", delivered_on=SIGNED)
    assert (before.status, after.status) == (Status.POOR, Status.NOT_POOR)
    with pytest.raises(ValidationError, match="trước ngày hộ vào sổ"):
        support_record(actor=cast.officer, household=escaped, kind="livelihood", delivered_on=datetime.date(2020, 1, 1))


def test_a_record_outside_ones_area_cannot_be_cancelled_and_a_record_of_a_household_gone_can(client, family):
    cast = family
    support = support_record(actor=cast.officer, household=cast.household, kind="house_built", delivered_on=DAY)
    client.force_login(cast.other_officer)
    assert client.post(f"/ho-tro/{support.pk}/huy/", {"reason": "Thử"}).status_code == 404
    household_end(actor=cast.officer, household=cast.household, occurred_on=DAY, reason=EndReason.MOVED_AWAY)
    support_cancel(actor=cast.officer, support=support, reason="Ghi trùng")
    support.refresh_from_db()
    assert support.cancelled_at is not None


def test_a_count_target_is_at_risk_within_a_tenth_of_it_and_off_track_beyond():
    houses = indicators()["houses_built"]
    target = Target(indicator="houses_built", value=Decimal(20))
    assert [_mark(houses, Decimal(v), target) for v in (20, 18, 17)] == ["on_track", "at_risk", "off_track"]
