"""What the register's services share: the fields a person and a household carry, the checks of a member's
details and of the actor, and the audit entry and dated event every change writes.

The services (households.py, persons.py, villages.py) are one function per business action, each owning its
transaction and audit. Views, the importer, the demo generator and the admin call them; none of them saves a
Household or a Person itself. Every message for bad input is Vietnamese and names what is wrong.
"""

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import timezone

from giamngheo.accounts.access import can_edit_register, scope_of
from giamngheo.accounts.audit_display import audit_entries_readable
from giamngheo.accounts.models import AuditAction, AuditEntry, User
from giamngheo.accounts.services import audit_record, changes_between, snapshot
from giamngheo.areas.models import AdminUnit
from giamngheo.common.forms import not_in_future
from giamngheo.common.text import fold, nfc
from giamngheo.registry.models import (
    CITIZEN_ID_ISSUER_CHOICES,
    EventKind,
    Household,
    HouseholdEvent,
    MoveIn,
    Person,
)
from giamngheo.registry.selectors import households_visible_to
from giamngheo.registry.validators import citizen_id_validate

PERSON_FIELDS = (
    "full_name",
    "sex",
    "date_of_birth",
    "ethnicity",
    "citizen_id",
    "citizen_id_issued_on",
    "citizen_id_issued_by",
    "relation",
    "disability",
    "has_merit",
    "social_allowance",
    "schooling",
    "education",
    "health_insurance",
    "employment",
    "occupation",
    "labour_contract",
    "malnourished",
)
CITIZEN_ID_ISSUERS = dict(CITIZEN_ID_ISSUER_CHOICES)
HOUSEHOLD_FACT_FIELDS = (
    "income_per_capita",
    "wall_durable",
    "column_durable",
    "roof_durable",
    "floor_area_m2",
    "water_source",
    "latrine",
    "uses_telecom",
    "uses_internet",
    "owns_tv",
    "owns_radio",
    "owns_computer",
    "owns_smartphone",
    "waste_treatment",
)
HOUSEHOLD_EDITABLE_FIELDS = ("village", "address", "area_type", *HOUSEHOLD_FACT_FIELDS)


def check_editor(actor: User | None, *, commune: AdminUnit, village_id: int | None) -> None:
    """A user changes the register only with an editing role and only inside their area (a collaborator: their
    village). Commands and the system act with no actor and are not limited."""
    if actor is None:
        return
    if not can_edit_register(actor) or not scope_of(actor).covers(commune=commune, village_id=village_id):
        raise ValidationError(f"Không có quyền thay đổi sổ hộ của {commune} (ngoài địa bàn hoặc chỉ được xem).")


def check_household_editor(actor: User | None, household: Household) -> None:
    check_editor(actor, commune=household.commune, village_id=household.village_id)


def person_clean(data: Mapping[str, Any]) -> dict[str, Any]:
    """Normalise one member's fields: NFC names, empty CCCD as None, CCCD structure checked against sex and birth."""
    cleaned = {k: v for k, v in data.items() if k in PERSON_FIELDS}
    cleaned["full_name"] = nfc(str(cleaned.get("full_name") or ""))
    if not cleaned["full_name"]:
        raise ValidationError({"full_name": "Họ và tên không được để trống."})
    citizen_id = (cleaned.get("citizen_id") or "").strip() or None
    cleaned["citizen_id"] = citizen_id
    if citizen_id:
        try:
            citizen_id_validate(citizen_id, sex=cleaned.get("sex"), date_of_birth=cleaned.get("date_of_birth"))
        except ValidationError as error:
            raise ValidationError({"citizen_id": error.messages}) from error
    dob = cleaned.get("date_of_birth")
    if isinstance(dob, datetime.date) and dob > timezone.localdate():
        raise ValidationError({"date_of_birth": "Ngày sinh không được sau ngày hôm nay."})
    _citizen_id_issue_check(cleaned)
    if cleaned.get("occupation"):
        cleaned["occupation"] = nfc(cleaned["occupation"])
    return cleaned


def _citizen_id_issue_check(cleaned: dict[str, Any]) -> None:
    """The card's issue date and place (both optional): a date not after today (Vietnam's date) nor before the
    person was born, a place from data/citizen_id_issuers.yaml, and neither without a CCCD number to belong to."""
    issued_on = cleaned.get("citizen_id_issued_on")
    issued_by = cleaned["citizen_id_issued_by"] = (cleaned.get("citizen_id_issued_by") or "").strip()
    if (issued_on or issued_by) and not cleaned["citizen_id"]:
        field = "citizen_id_issued_on" if issued_on else "citizen_id_issued_by"
        raise ValidationError({field: "Ngày cấp và nơi cấp CCCD chỉ ghi khi có số CCCD."})
    if issued_by and issued_by not in CITIZEN_ID_ISSUERS:
        listed = ", ".join(CITIZEN_ID_ISSUERS.values())
        raise ValidationError(
            {"citizen_id_issued_by": f"Nơi cấp CCCD “{issued_by}” không có trong danh mục: {listed}."}
        )
    if not isinstance(issued_on, datetime.date):
        return
    try:
        not_in_future(issued_on, "Ngày cấp CCCD")
    except ValidationError as error:
        raise ValidationError({"citizen_id_issued_on": error.messages}) from error
    dob = cleaned.get("date_of_birth")
    if isinstance(dob, datetime.date) and issued_on < dob:
        message = f"Ngày cấp CCCD ({issued_on:%d/%m/%Y}) không được trước ngày sinh ({dob:%d/%m/%Y})."
        raise ValidationError({"citizen_id_issued_on": message})


def citizen_id_conflict_message(citizen_id: str, holder: Person, *, actor: User | None) -> str:
    """Name the other household only to someone who may see it: anyone could otherwise type a CCCD to learn who
    holds it and where they live. Commands (no actor) see everything."""
    household = holder.household
    if actor is not None and not households_visible_to(actor).filter(pk=household.pk).exists():
        return f"Số CCCD {citizen_id} đã thuộc một người ở địa bàn khác. Một người chỉ thuộc một hộ."
    return (
        f"Số CCCD {citizen_id} đã có trong sổ: {holder.full_name}, hộ {household.code}"
        f" ({household.village}, {household.commune}). Một người chỉ thuộc một hộ."
    )


def citizen_ids_check_free(
    citizen_ids: Iterable[str], *, actor: User | None, except_person_ids: Iterable[int] = ()
) -> None:
    """Refuse CCCDs already held by someone else in the register, naming the other household when allowed."""
    wanted = [c for c in citizen_ids if c]
    if not wanted:
        return
    holders = (
        Person.objects.select_related("household__village", "household__commune")
        .filter(citizen_id__in=wanted)
        .exclude(pk__in=list(except_person_ids))
    )
    errors = [citizen_id_conflict_message(p.citizen_id or "", p, actor=actor) for p in holders]
    if errors:
        raise ValidationError({"citizen_id": errors})


def household_refresh_search(household: Household) -> None:
    """Recompute the folded search text from the code and the current members' names."""
    names = household.persons.members().values_list("full_name", flat=True)
    household.search_text = fold(" | ".join([household.code, *names]))
    Household.objects.filter(pk=household.pk).update(search_text=household.search_text)


def register_audit(
    actor: User | None,
    action: AuditAction,
    instance: Household | Person | MoveIn,
    changes: dict[str, list[Any]],
    note: str = "",
) -> None:
    household = instance if isinstance(instance, Household) else instance.household
    audit_record(
        actor=actor,
        action=action,
        instance=instance,
        changes=changes,
        household_id=household.pk,
        commune_id=household.commune_id,
        note=note,
    )


def registered_on(household: Household) -> datetime.date | None:
    """The day the household entered the register: its first event (its registration, or the split that made it).
    The year-end tallies count a household from that day (reviews.selectors._present_in)."""
    return household.events.order_by("occurred_on").values_list("occurred_on", flat=True).first()


def check_not_before_registration(household: Household, occurred_on: datetime.date, what: str) -> None:
    """A household counts from its registration: an event dated earlier would change the figures of years already
    reported (issue 11 A3), so it is refused."""
    since = registered_on(household)
    if since is not None and occurred_on < since:
        raise ValidationError(
            {
                "occurred_on": f"Ngày {what.lower()} ({occurred_on:%d/%m/%Y}) không được trước ngày hộ "
                f"{household.code} vào sổ ({since:%d/%m/%Y})."
            }
        )


def register_event(
    household: Household,
    kind: EventKind,
    occurred_on: datetime.date,
    *,
    person: Person | None = None,
    other: Household | None = None,
    note: str = "",
) -> None:
    """Write a dated event. No event is dated after today (Vietnam's date: a register records what has happened), and
    every event but the registration itself is checked against the registration date."""
    if occurred_on > timezone.localdate():
        raise ValidationError(
            {"occurred_on": f"Ngày {EventKind(kind).label.lower()} ({occurred_on:%d/%m/%Y}) không được sau hôm nay."}
        )
    if kind != EventKind.REGISTERED:
        check_not_before_registration(household, occurred_on, str(EventKind(kind).label))
    HouseholdEvent.objects.create(
        household=household, person=person, kind=kind, occurred_on=occurred_on, other_household=other, note=note
    )


def head_set(actor: User | None, household: Household, person: Person | None) -> None:
    """Change who heads the household, with its audit entry (the head is a register fact like any other)."""
    before = snapshot(household, ["head_id"])
    household.head = person
    Household.objects.filter(pk=household.pk).update(head=person, version=F("version") + 1)
    household.refresh_from_db(fields=["version"])
    register_audit(actor, AuditAction.UPDATE, household, changes_between(before, snapshot(household, ["head_id"])))


# ---------------------------------------------------------------- versions (no lost update)

_CHANGES_SHOWN = 5


def version_check(instance: Household | Person, version: int | None) -> None:
    """Refuse a save based on an older copy of the row than the one just read under lock.

    `version` is what the edit page showed; None for callers that read the row in the same transaction (the
    importer). Without this, the second of two people editing one household puts back what the first changed.
    """
    if version is not None and version != instance.version:
        raise ValidationError(stale_message(instance))


def version_save(instance: Household | Person, fields: Iterable[str]) -> None:
    """Save the given fields and move the version on, counted by the database: right even when this copy of the
    row was read without a lock, and no other field of a possibly older copy is written back."""
    instance.version = F("version") + 1
    instance.save(update_fields=[*fields, "version", "updated_at"])
    instance.refresh_from_db(fields=["version"])


def stale_message(instance: Household | Person) -> str:
    """Who changed the row, when and what (its latest audit entry), and that the user's input was not saved."""
    entry = (
        AuditEntry.objects.filter(target_type=instance._meta.label_lower, target_id=str(instance.pk))
        .select_related("actor")
        .order_by("-at", "-id")
        .first()
    )
    what = f"Hộ {instance.code}" if isinstance(instance, Household) else f"Thông tin của {instance.full_name}"
    if entry is None:
        when = timezone.localtime(instance.updated_at)
        changed = f"{what} đã được người khác sửa lúc {when:%H:%M %d/%m/%Y} sau khi bạn mở trang."
    else:
        # Shown to the editor who opened the page; editors see full CCCDs (accounts.access.CITIZEN_ID_READERS).
        readable = audit_entries_readable([entry], citizen_ids_shown=True)[0]
        changes = "; ".join(f"{c.label}: {c.before} → {c.after}" for c in readable.changes[:_CHANGES_SHOWN])
        if len(readable.changes) > _CHANGES_SHOWN:
            changes += f"; và {len(readable.changes) - _CHANGES_SHOWN} thay đổi khác"
        changed = (
            f"{what} đã được {readable.actor} sửa lúc {timezone.localtime(entry.at):%H:%M %d/%m/%Y} sau khi bạn mở"
            f" trang ({changes or readable.entry.note or 'không ghi chi tiết'})."
        )
    return f"{changed} Những gì bạn vừa nhập chưa được lưu: tải lại trang để xem bản mới nhất rồi sửa tiếp."
