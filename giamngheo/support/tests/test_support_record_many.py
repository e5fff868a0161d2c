"""Many supports recorded at once (support_record_many): checked, stored and audited as support_record does one, and
all or nothing."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from giamngheo.accounts.models import AuditEntry
from giamngheo.registry.models import Household, Status
from giamngheo.support.models import Support
from giamngheo.support.services import SupportToRecord, support_record_many
from giamngheo.testing.scenes import SIGNED

DAY = datetime.date(2025, 10, 2)


def test_each_record_keeps_the_status_of_its_day_and_gets_the_audit_entry_support_record_writes(year_2025):
    cast = year_2025
    escaped = Household.objects.get(persons__full_name="Lò Văn Thoát")  # poor until the decision signed on SIGNED
    trained = escaped.persons.get(full_name="Lò Văn Thoát")
    month_before = SIGNED - datetime.timedelta(days=30)
    supports = support_record_many(
        actor=cast.officer,
        records=[
            SupportToRecord(household_id=escaped.pk, kind="house_repaired", delivered_on=month_before),
            SupportToRecord(
                household_id=escaped.pk, kind="vocational_training", person_id=trained.pk, delivered_on=SIGNED
            ),
        ],
        note="Danh sách hỗ trợ của dự án",
    )
    assert [(s.kind, s.status, s.commune_id, s.recorded_by) for s in supports] == [
        ("house_repaired", Status.POOR, escaped.commune_id, cast.officer),
        ("vocational_training", Status.NOT_POOR, escaped.commune_id, cast.officer),
    ]
    entries = AuditEntry.objects.filter(target_type="support.support").order_by("pk")
    assert [(e.household_id, e.note) for e in entries] == [(escaped.pk, "Danh sách hỗ trợ của dự án")] * 2
    assert entries[1].changes == {
        "kind": [None, "Đào tạo nghề"],
        "delivered_on": [None, f"{SIGNED:%d/%m/%Y}"],
        "person": [None, "Lò Văn Thoát"],
    }


def test_one_record_that_does_not_fit_refuses_them_all_and_says_which_in_vietnamese(family):
    cast = family
    records = [
        SupportToRecord(household_id=cast.household.pk, kind="house_built", delivered_on=DAY),
        SupportToRecord(household_id=cast.household.pk, kind="vocational_training", delivered_on=DAY),
        SupportToRecord(household_id=cast.household.pk, kind="livelihood", delivered_on=datetime.date(2099, 1, 1)),
    ]
    with pytest.raises(ValidationError) as refused:
        support_record_many(actor=cast.officer, records=records)
    code = cast.household.code
    assert refused.value.messages == [
        f"Hộ {code}: “Đào tạo nghề” là hỗ trợ cho từng người: chọn thành viên nhận.",
        f"Hộ {code}: ngày nhận hỗ trợ 01/01/2099 chưa tới.",
    ]
    assert not Support.objects.exists() and not AuditEntry.objects.filter(target_type="support.support").exists()


def test_outside_ones_area_nothing_is_recorded_and_the_system_records_for_any_household(family):
    cast = family
    records = [SupportToRecord(household_id=cast.household.pk, kind="house_built", delivered_on=DAY)]
    with pytest.raises(ValidationError, match="ngoài địa bàn hoặc không có quyền"):
        support_record_many(actor=cast.other_officer, records=records)
    assert not Support.objects.exists()
    [support] = support_record_many(actor=None, records=records)
    assert (support.status, support.recorded_by) == (Status.POOR, None)
