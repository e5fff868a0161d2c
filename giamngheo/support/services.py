"""Writes of the register of support: record a support a household or member received, and cancel a record made by
mistake. Each owns its transaction and its audit entry."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from giamngheo.accounts.models import AuditAction, User
from giamngheo.accounts.services import audit_record
from giamngheo.registry.models import Household, Person
from giamngheo.support.kinds import PERSON, support_kinds
from giamngheo.support.models import Support
from giamngheo.support.selectors import can_cancel_support, can_record_support, registered_on, status_on


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
