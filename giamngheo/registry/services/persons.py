"""Writes of the household register: a member joins (birth, move), is corrected, or leaves (move, death)."""

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from giamngheo.accounts.models import AuditAction, User
from giamngheo.accounts.services import changes_between, snapshot
from giamngheo.areas.models import StaleCommune
from giamngheo.common.text import fold
from giamngheo.registry.models import (
    EndReason,
    EventKind,
    Household,
    LeaveReason,
    Person,
    Relation,
)
from giamngheo.registry.services.base import (
    PERSON_FIELDS,
    check_household_editor,
    check_not_before_registration,
    citizen_ids_check_free,
    head_set,
    household_refresh_search,
    person_clean,
    register_audit,
    register_event,
    registered_on,
    version_check,
)
from giamngheo.registry.services.households import household_end


@transaction.atomic
def person_add(
    *,
    actor: User | None,
    household: Household,
    data: Mapping[str, Any],
    kind: EventKind = EventKind.BIRTH,
    occurred_on: datetime.date,
    note: str = "",
) -> Person:
    """A member joins: born into the household (sinh) or moved in (chuyển đến)."""
    if kind not in (EventKind.BIRTH, EventKind.MOVED_IN):
        raise ValidationError("Thành viên mới chỉ vào hộ do sinh hoặc chuyển đến.")
    # Read again under a lock: the caller's copy may predate a head leaving or another member joining.
    household = Household.objects.select_for_update().get(pk=household.pk)
    check_household_editor(actor, household)
    if household.ended_on:
        raise ValidationError(f"Hộ {household.code} đã ra khỏi danh sách; không thêm được thành viên.")
    cleaned = person_clean(data)
    since = registered_on(household)
    born = cleaned.get("date_of_birth")
    if kind == EventKind.BIRTH and since is not None and isinstance(born, datetime.date) and born < since:
        # A birth before the household entered the register is a fact about the person, not a register event of
        # that year: recording it as one would change the figures of years already reported (issue 11 A3).
        raise ValidationError(
            {
                "kind": f"{cleaned['full_name']} sinh ngày {born:%d/%m/%Y}, trước ngày hộ {household.code} vào sổ "
                f"({since:%d/%m/%Y}): ghi là “Chuyển đến” với ngày chuyển đến không trước {since:%d/%m/%Y}."
            }
        )
    check_not_before_registration(household, occurred_on, str(EventKind(kind).label))
    if cleaned.get("relation") == Relation.HEAD and household.head_id:
        raise ValidationError({"relation": "Hộ đã có chủ hộ. Dùng chức năng đổi chủ hộ."})
    citizen_ids_check_free([cleaned["citizen_id"]] if cleaned["citizen_id"] else [], actor=actor)
    person = Person.objects.create(household=household, name_folded=fold(cleaned["full_name"]), **cleaned)
    if person.relation == Relation.HEAD:
        head_set(actor, household, person)
    register_audit(actor, AuditAction.CREATE, person, changes_between({}, snapshot(person)), note=note)
    register_event(household, kind, occurred_on, person=person, note=note)
    household_refresh_search(household)
    StaleCommune.objects.mark([household.commune_id])
    return person


@transaction.atomic
def person_update(*, actor: User | None, person: Person, data: Mapping[str, Any], version: int | None = None) -> Person:
    """Correct or update a member's details (name, CCCD, schooling, insurance, work…).

    `version`: the one the edit page showed; a member changed since then is refused, naming who changed what.
    """
    person = Person.objects.select_for_update().select_related("household").get(pk=person.pk)
    check_household_editor(actor, person.household)
    version_check(person, version)
    before = snapshot(person)
    merged = {name: getattr(person, name) for name in PERSON_FIELDS} | dict(data)
    cleaned = person_clean(merged)
    if (cleaned["relation"] == Relation.HEAD) != (person.relation == Relation.HEAD):
        raise ValidationError({"relation": "Đổi chủ hộ bằng chức năng “Đổi chủ hộ”, không sửa trực tiếp quan hệ."})
    if cleaned["citizen_id"] and cleaned["citizen_id"] != person.citizen_id:
        citizen_ids_check_free([cleaned["citizen_id"]], actor=actor, except_person_ids=[person.pk])
    for name, value in cleaned.items():
        setattr(person, name, value)
    person.name_folded = fold(person.full_name)
    changes = changes_between(before, snapshot(person))
    if changes:
        person.version += 1
        person.save()
        register_audit(actor, AuditAction.UPDATE, person, changes)
        household_refresh_search(person.household)
        # The head's sex and ethnicity, a member's merit, age or work change the reporting groups (spec §6.1).
        StaleCommune.objects.mark([person.household.commune_id])
    return person


@transaction.atomic
def person_leave(
    *, actor: User | None, person: Person, reason: LeaveReason, occurred_on: datetime.date, note: str = ""
) -> Person:
    """A member moves out or dies. When the last member goes, the household leaves the list too."""
    if reason not in (LeaveReason.MOVED_OUT, LeaveReason.DIED):
        raise ValidationError("Lý do ra khỏi hộ phải là chuyển đi hoặc chết.")
    person = Person.objects.select_for_update().select_related("household").get(pk=person.pk)
    check_household_editor(actor, person.household)
    if person.left_on:
        raise ValidationError(f"{person.full_name} đã ra khỏi hộ ngày {person.left_on:%d/%m/%Y}.")
    household = person.household
    before = snapshot(person)
    person.left_on, person.left_reason = occurred_on, reason
    person.version += 1
    person.save()
    register_audit(actor, AuditAction.UPDATE, person, changes_between(before, snapshot(person)), note=note)
    register_event(
        household,
        EventKind.DEATH if reason == LeaveReason.DIED else EventKind.MOVED_OUT,
        occurred_on,
        person=person,
        note=note,
    )
    if household.head_id == person.pk:
        head_set(actor, household, None)
    if not household.persons.members().exists():
        household_end(
            actor=actor,
            household=household,
            occurred_on=occurred_on,
            reason=EndReason.DIED_OUT if reason == LeaveReason.DIED else EndReason.MOVED_AWAY,
        )
    household_refresh_search(household)
    StaleCommune.objects.mark([household.commune_id])
    return person
