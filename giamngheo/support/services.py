"""Writes of the register of support: record a support a household or member received (one, or many at once), and
cancel a record made by mistake. Each owns its transaction and its audit entries."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from giamngheo.accounts.access import can_cancel_support, can_record_support
from giamngheo.accounts.models import AuditAction, User
from giamngheo.accounts.services import audit_record, audit_record_many
from giamngheo.registry.models import Household, Person
from giamngheo.support.kinds import PERSON, support_kinds
from giamngheo.support.models import Support
from giamngheo.support.selectors import (
    households_recordable_by,
    registered_on,
    registered_on_many,
    status_on,
    statuses_on,
)


@transaction.atomic
def support_record(
    *,
    actor: User,
    household: Household,
    kind: str,
    delivered_on: datetime.date,
    person: Person | None = None,
    amount: int | None = None,
    reference: str = "",
    note: str = "",
) -> Support:
    """Record that the household (or, for a personal kind, one of its members) received a support on that day. The
    household's recognised status on that day (from the ledger: a record made after a later decision keeps the
    status the household had when it was supported) is kept with it."""
    household = Household.objects.select_for_update(of=("self",)).get(pk=household.pk)
    if not can_record_support(actor, household):
        raise ValidationError(
            f"Không ghi nhận được hỗ trợ cho hộ {household.code} (ngoài địa bàn hoặc không có quyền)."
        )
    known = support_kinds().get(kind)
    if known is None:
        raise ValidationError({"kind": f"Loại hỗ trợ “{kind}” không có trong danh mục."})
    if delivered_on > timezone.localdate():
        raise ValidationError({"delivered_on": f"Ngày nhận hỗ trợ {delivered_on:%d/%m/%Y} chưa tới."})
    entered = registered_on(household)
    if entered is not None and delivered_on < entered:
        raise ValidationError(
            {"delivered_on": f"Ngày nhận hỗ trợ {delivered_on:%d/%m/%Y} trước ngày hộ vào sổ ({entered:%d/%m/%Y})."}
        )
    if known.level == PERSON:
        if person is None:
            raise ValidationError({"person": f"“{known.label}” là hỗ trợ cho từng người: chọn thành viên nhận."})
        if person.household_id != household.pk or not person.is_member:
            raise ValidationError({"person": f"{person.full_name} không phải thành viên hiện tại của hộ."})
    elif person is not None:
        raise ValidationError({"person": f"“{known.label}” là hỗ trợ cho cả hộ: không chọn thành viên."})
    if amount is not None and amount < 0:
        raise ValidationError({"amount": "Số tiền không được âm."})
    support = Support.objects.create(
        household=household,
        person=person,
        commune_id=household.commune_id,
        kind=kind,
        delivered_on=delivered_on,
        status=status_on(household, delivered_on),
        amount=amount,
        reference=reference.strip(),
        note=note.strip(),
        recorded_by=actor,
    )
    changes: dict[str, list[Any]] = {"kind": [None, known.label], "delivered_on": [None, f"{delivered_on:%d/%m/%Y}"]}
    if person is not None:
        changes["person"] = [None, person.full_name]
    if amount is not None:
        changes["amount"] = [None, amount]
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=support,
        changes=changes,
        household_id=household.pk,
        commune_id=household.commune_id,
        note="Ghi nhận hỗ trợ",
    )
    return support


@dataclass(frozen=True, kw_only=True)
class SupportToRecord:
    """One support for support_record_many: what support_record takes, by ids."""

    household_id: int
    kind: str
    delivered_on: datetime.date
    person_id: int | None = None
    amount: int | None = None
    reference: str = ""
    note: str = ""


@transaction.atomic
def support_record_many(
    *, actor: User | None, records: Sequence[SupportToRecord], note: str = "Ghi nhận hỗ trợ"
) -> list[Support]:
    """Record many supports at once (a programme's list of beneficiaries, the demo's synthetic years), checked,
    stored and audited as support_record does one, with `note` on the audit entries: every record goes in or none does.
    No actor is the system itself (commands), which may record for any household on the register."""
    if not records:
        return []
    household_ids = sorted({r.household_id for r in records})
    households = {
        h.pk: h
        for h in Household.objects.select_for_update(of=("self",))
        .filter(pk__in=household_ids)
        .only("id", "code", "commune_id", "status", "ended_on")
    }
    allowed = (
        {pk for pk, h in households.items() if h.ended_on is None}
        if actor is None
        else households_recordable_by(actor, household_ids)
    )
    entered = registered_on_many(household_ids)
    person_ids = sorted({r.person_id for r in records if r.person_id is not None})
    persons = {
        p.pk: p for p in Person.objects.filter(pk__in=person_ids).only("id", "household_id", "full_name", "left_on")
    }
    kinds = support_kinds()
    today = timezone.localdate()
    errors: list[str] = []
    for r in records:
        household = households.get(r.household_id)
        if household is None or r.household_id not in allowed:
            code = household.code if household else f"#{r.household_id}"
            errors.append(f"Không ghi nhận được hỗ trợ cho hộ {code} (ngoài địa bàn hoặc không có quyền).")
            continue
        known = kinds.get(r.kind)
        person = persons.get(r.person_id) if r.person_id is not None else None
        if known is None:
            errors.append(f"Hộ {household.code}: loại hỗ trợ “{r.kind}” không có trong danh mục.")
        elif known.level == PERSON and r.person_id is None:
            errors.append(f"Hộ {household.code}: “{known.label}” là hỗ trợ cho từng người: chọn thành viên nhận.")
        elif known.level != PERSON and r.person_id is not None:
            errors.append(f"Hộ {household.code}: “{known.label}” là hỗ trợ cho cả hộ: không chọn thành viên.")
        if r.person_id is not None and (person is None or person.household_id != household.pk or not person.is_member):
            name = person.full_name if person else f"Người #{r.person_id}"
            errors.append(f"Hộ {household.code}: {name} không phải thành viên hiện tại của hộ.")
        if r.delivered_on > today:
            errors.append(f"Hộ {household.code}: ngày nhận hỗ trợ {r.delivered_on:%d/%m/%Y} chưa tới.")
        first = entered.get(household.pk)
        if first is not None and r.delivered_on < first:
            errors.append(
                f"Hộ {household.code}: ngày nhận hỗ trợ {r.delivered_on:%d/%m/%Y} trước ngày hộ vào sổ"
                f" ({first:%d/%m/%Y})."
            )
        if r.amount is not None and r.amount < 0:
            errors.append(f"Hộ {household.code}: số tiền không được âm.")
    if errors:
        raise ValidationError(errors)
    statuses = statuses_on(households.values(), ((r.household_id, r.delivered_on) for r in records))
    supports = Support.objects.bulk_create(
        [
            Support(
                household_id=r.household_id,
                person_id=r.person_id,
                commune_id=households[r.household_id].commune_id,
                kind=r.kind,
                delivered_on=r.delivered_on,
                status=status,
                amount=r.amount,
                reference=r.reference.strip(),
                note=r.note.strip(),
                recorded_by=actor,
            )
            for r, status in zip(records, statuses, strict=True)
        ],
        batch_size=2_000,
    )
    audit_record_many(
        actor=actor,
        action=AuditAction.CREATE,
        changes=(
            (support, _record_changes(kinds[r.kind].label, r, persons), support.household_id, support.commune_id)
            for support, r in zip(supports, records, strict=True)
        ),
        note=note,
    )
    return supports


def _record_changes(label: str, record: SupportToRecord, persons: dict[int, Person]) -> dict[str, list[Any]]:
    """The audited change of one record, as support_record writes it."""
    changes: dict[str, list[Any]] = {"kind": [None, label], "delivered_on": [None, f"{record.delivered_on:%d/%m/%Y}"]}
    if record.person_id is not None:
        changes["person"] = [None, persons[record.person_id].full_name]
    if record.amount is not None:
        changes["amount"] = [None, record.amount]
    return changes


@transaction.atomic
def support_cancel(*, actor: User, support: Support, reason: str) -> Support:
    """Cancel a record made by mistake, with the reason; it stays visible, marked, and no longer counts."""
    support = Support.objects.select_for_update(of=("self",)).select_related("household").get(pk=support.pk)
    if not can_cancel_support(actor, support.household):
        raise ValidationError(
            f"Không huỷ được hỗ trợ của hộ {support.household.code} (ngoài địa bàn hoặc không có quyền)."
        )
    if support.cancelled_at is not None:
        raise ValidationError(
            f"Bản ghi hỗ trợ này đã huỷ lúc {timezone.localtime(support.cancelled_at):%H:%M %d/%m/%Y}."
        )
    if not reason.strip():
        raise ValidationError({"reason": "Ghi rõ lý do huỷ."})
    support.cancelled_at, support.cancel_reason = timezone.now(), reason.strip()
    support.save(update_fields=["cancelled_at", "cancel_reason"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=support,
        changes={"cancelled": [False, True], "cancel_reason": [None, support.cancel_reason]},
        household_id=support.household_id,
        commune_id=support.commune_id,
        note="Huỷ ghi nhận hỗ trợ",
    )
    return support
