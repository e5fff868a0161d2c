"""Writes of the register: where a household, or a member, that moved in came from (issue 12 §5).

The review ledger reads these records to count a poor household that moved in as "khác tăng" (moved in), not as
newly arising poverty (spec §6.2). Every message for bad input is Vietnamese, names what is wrong, and nothing is
written.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from giamngheo.accounts.models import AuditAction, User
from giamngheo.accounts.services import changes_between, snapshot
from giamngheo.areas.models import AdminUnit, Level, StaleCommune
from giamngheo.common.forms import not_in_future
from giamngheo.common.text import nfc
from giamngheo.registry.models import EventKind, Household, MoveIn, Person, Status
from giamngheo.registry.services.base import check_household_editor, register_audit, registered_on


def _check_origin(household: Household, from_commune: AdminUnit | None, from_abroad: bool) -> None:
    if from_commune is None and not from_abroad:
        raise ValidationError({"from_commune": "Chưa chọn nơi chuyển đến từ: một xã, phường hoặc “Từ nước ngoài”."})
    if from_commune is not None and from_abroad:
        raise ValidationError(
            {"from_commune": "Chọn một xã, phường hoặc “Từ nước ngoài”, không chọn cả hai cho cùng một lần chuyển."}
        )
    if from_commune is None:
        return
    if from_commune.level != Level.COMMUNE:
        raise ValidationError({"from_commune": f"{from_commune} không phải xã, phường, đặc khu."})
    if from_commune.pk in (household.commune_id, household.legacy_commune_id):
        raise ValidationError(
            {"from_commune": f"Hộ đang ở {from_commune}: chuyển trong cùng xã không phải chuyển đến từ nơi khác."}
        )


def _check_status_there(
    *,
    from_abroad: bool,
    status_there: str,
    decision_number: str,
    decision_date: datetime.date | None,
    moved_on: datetime.date,
) -> None:
    """A status there is one a commune recognised by decision: it comes with the decision's number and date, both
    before the move; a household from abroad has no such status."""
    if status_there and status_there not in (Status.POOR, Status.NEAR_POOR, Status.NOT_POOR):
        raise ValidationError({"status_there": f"Tình trạng ở nơi cũ “{status_there}” không có trong danh sách."})
    if from_abroad and (status_there or decision_number or decision_date):
        raise ValidationError(
            {
                "status_there": "Hộ chuyển từ nước ngoài không có tình trạng hộ nghèo, hộ cận nghèo do xã, phường "
                "công nhận: để trống tình trạng và quyết định ở nơi cũ."
            }
        )
    if not status_there:
        if decision_number or decision_date:
            raise ValidationError(
                {
                    "status_there": "Đã ghi quyết định ở nơi cũ nhưng chưa chọn tình trạng được công nhận theo "
                    "quyết định đó."
                }
            )
        return
    if not decision_number:
        raise ValidationError({"decision_number": "Chưa nhập số quyết định công nhận tình trạng ở nơi cũ."})
    if decision_date is None:
        raise ValidationError({"decision_date": "Chưa nhập ngày của quyết định công nhận ở nơi cũ."})
    if decision_date > moved_on:
        raise ValidationError(
            {
                "decision_date": f"Quyết định ở nơi cũ ngày {decision_date:%d/%m/%Y} sau ngày chuyển đến "
                f"({moved_on:%d/%m/%Y}): tình trạng ở nơi cũ là tình trạng trước khi chuyển."
            }
        )


@transaction.atomic
def move_in_record(
    *,
    actor: User | None,
    household: Household,
    person: Person | None = None,
    moved_on: datetime.date | None = None,
    from_commune: AdminUnit | None = None,
    from_abroad: bool = False,
    status_there: str = "",
    decision_number: str = "",
    decision_date: datetime.date | None = None,
) -> MoveIn:
    """Record (or correct) where the household, or its member `person`, came from.

    A household's move is dated by the officer and cannot be later than its registration here; a member's is the day
    they joined the household by "Chuyển đến", so a member who was born here has no move to record.
    """
    household = Household.objects.select_for_update().get(pk=household.pk)
    check_household_editor(actor, household)
    if person is not None:
        if person.household_id != household.pk:
            raise ValidationError({"person": f"{person.full_name} không thuộc hộ {household.code}."})
        joined = person.events.filter(kind=EventKind.MOVED_IN).values_list("occurred_on", flat=True).first()
        if joined is None:
            raise ValidationError(
                {"person": f"{person.full_name} không vào hộ bằng “Chuyển đến”, nên không có nơi chuyển đến từ."}
            )
        moved_on = joined
    if moved_on is None:
        raise ValidationError({"moved_on": "Chưa nhập ngày chuyển đến."})
    try:
        not_in_future(moved_on, "Ngày chuyển đến")
    except ValidationError as error:
        raise ValidationError({"moved_on": error.messages}) from error
    since = registered_on(household)
    if person is None and since is not None and moved_on > since:
        raise ValidationError(
            {
                "moved_on": f"Ngày chuyển đến ({moved_on:%d/%m/%Y}) sau ngày hộ {household.code} vào sổ của xã "
                f"({since:%d/%m/%Y}): hộ chuyển đến trước rồi mới đăng ký."
            }
        )
    _check_origin(household, from_commune, from_abroad)
    decision_number = nfc(decision_number.strip())
    _check_status_there(
        from_abroad=from_abroad,
        status_there=status_there,
        decision_number=decision_number,
        decision_date=decision_date,
        moved_on=moved_on,
    )
    if decision_date is not None:
        try:
            not_in_future(decision_date, "Ngày quyết định ở nơi cũ")
        except ValidationError as error:
            raise ValidationError({"decision_date": error.messages}) from error

    move = MoveIn.objects.filter(household=household, person=person).first()
    before = snapshot(move) if move else {}
    action = AuditAction.UPDATE if move else AuditAction.CREATE
    move = move or MoveIn(household=household, person=person)
    move.moved_on, move.from_commune, move.from_abroad = moved_on, from_commune, from_abroad
    move.status_there, move.decision_number, move.decision_date = status_there, decision_number, decision_date
    changes = changes_between(before, snapshot(move))
    if changes:
        move.save()
        register_audit(actor, action, move, changes)
        # A household's origin changes how its review year is counted (moved in, not newly arising).
        StaleCommune.objects.mark([household.commune_id])
    return move
