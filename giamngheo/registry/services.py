"""Writes of the household register. Each business action is one function that owns its transaction and audit.

Views, the importer, the synthetic-data generator and the admin call these; none of them saves a Household or a
Person itself. Every message for bad input is Vietnamese and names what is wrong.
"""

import datetime
import uuid
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from giamngheo.accounts.models import AuditAction, User
from giamngheo.accounts.services import audit_record, changes_between, snapshot
from giamngheo.areas.models import AdminUnit, Era, Level, StaleCommune, Village
from giamngheo.common.text import fold, nfc
from giamngheo.registry.models import (
    EndReason,
    EventKind,
    Household,
    HouseholdEvent,
    LeaveReason,
    Person,
    Relation,
    Status,
)
from giamngheo.registry.selectors import households_visible_to
from giamngheo.registry.validators import citizen_id_validate

PERSON_FIELDS = (
    "full_name",
    "sex",
    "date_of_birth",
    "ethnicity",
    "citizen_id",
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


# ---------------------------------------------------------------- helpers


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
    if isinstance(dob, datetime.date) and dob > datetime.date.today():
        raise ValidationError({"date_of_birth": "Ngày sinh không được sau ngày hôm nay."})
    if cleaned.get("occupation"):
        cleaned["occupation"] = nfc(cleaned["occupation"])
    return cleaned


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


def _audit(
    actor: User | None, action: AuditAction, instance: Household | Person, changes: dict[str, list[Any]], note: str = ""
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


def _event(
    household: Household,
    kind: EventKind,
    occurred_on: datetime.date,
    *,
    person: Person | None = None,
    other: Household | None = None,
    note: str = "",
) -> None:
    HouseholdEvent.objects.create(
        household=household, person=person, kind=kind, occurred_on=occurred_on, other_household=other, note=note
    )


def _head_set(actor: User | None, household: Household, person: Person | None) -> None:
    """Change who heads the household, with its audit entry (the head is a register fact like any other)."""
    before = snapshot(household, ["head_id"])
    household.head = person
    Household.objects.filter(pk=household.pk).update(head=person)
    _audit(actor, AuditAction.UPDATE, household, changes_between(before, snapshot(household, ["head_id"])))


def _provisional_code() -> str:
    """A unique placeholder until the row id is known and the readable code can be set."""
    return f"~{uuid.uuid4().hex[:22]}"


def _check_village(commune: AdminUnit, village: Village) -> None:
    if commune.era != Era.CURRENT or commune.level != Level.COMMUNE:
        raise ValidationError({"commune": f"{commune} không phải xã, phường, đặc khu hiện hành (sau 01/07/2025)."})
    if village.commune_id != commune.pk:
        raise ValidationError({"village": f"{village} không thuộc {commune}."})


# ---------------------------------------------------------------- actions


@transaction.atomic
def household_register(
    *,
    actor: User | None,
    commune: AdminUnit,
    village: Village,
    members: Sequence[Mapping[str, Any]],
    registered_on: datetime.date,
    code: str = "",
    address: str = "",
    area_type: str = "",
    status: str = Status.UNKNOWN,
    facts: Mapping[str, Any] | None = None,
    legacy_commune: AdminUnit | None = None,
) -> Household:
    """Enter a household with its members. Exactly one member is the head (chủ hộ)."""
    _check_village(commune, village)
    if legacy_commune is not None and legacy_commune.era != Era.LEGACY:
        raise ValidationError({"legacy_commune": f"{legacy_commune} không phải đơn vị trước 01/07/2025."})
    cleaned = [person_clean(m) for m in members]
    heads = [m for m in cleaned if m.get("relation") == Relation.HEAD]
    if len(heads) != 1:
        raise ValidationError({"relation": f"Hộ phải có đúng một chủ hộ (đang có {len(heads)})."})
    ids = [m["citizen_id"] for m in cleaned if m["citizen_id"]]
    repeated = sorted({c for c in ids if ids.count(c) > 1})
    if repeated:
        raise ValidationError({"citizen_id": f"Số CCCD {', '.join(repeated)} bị nhập hai lần trong cùng hộ."})
    citizen_ids_check_free(ids, actor=actor)
    code = code.strip()
    if code and Household.objects.filter(code=code).exists():
        raise ValidationError({"code": f"Mã hộ {code} đã có trong sổ."})

    household = Household.objects.create(
        code=code or _provisional_code(),
        commune=commune,
        legacy_commune=legacy_commune,
        village=village,
        address=nfc(address),
        area_type=area_type or commune.area_type,
        status=status,
        **{k: v for k, v in (facts or {}).items() if k in HOUSEHOLD_FACT_FIELDS},
    )
    if not code:
        # Codes are readable and unique without a race: commune code + the row id.
        household.code = f"{commune.code}-{household.pk:07d}"
    people = [Person.objects.create(household=household, name_folded=fold(d["full_name"]), **d) for d in cleaned]
    household.head = next(p for p in people if p.relation == Relation.HEAD)
    household.save(update_fields=["code", "head"])
    # The household's entry first, written once its code and head are known, so its label reads "code · head".
    _audit(actor, AuditAction.CREATE, household, changes_between({}, snapshot(household)))
    for person in people:
        _audit(actor, AuditAction.CREATE, person, changes_between({}, snapshot(person)))
    _event(household, EventKind.REGISTERED, registered_on)
    household_refresh_search(household)
    StaleCommune.objects.mark([household.commune_id])
    return household


@transaction.atomic
def household_update(*, actor: User | None, household: Household, data: Mapping[str, Any]) -> Household:
    """Change the household's address, village, area type or living-condition facts."""
    household = Household.objects.select_for_update().get(pk=household.pk)
    before = snapshot(household)
    for name, value in data.items():
        if name not in HOUSEHOLD_EDITABLE_FIELDS:
            raise ValidationError(f"Không sửa được trường “{name}” của hộ ở đây.")
        setattr(household, name, nfc(value) if name == "address" else value)
    _check_village(household.commune, household.village)
    changes = changes_between(before, snapshot(household))
    if changes:
        household.save()
        _audit(actor, AuditAction.UPDATE, household, changes)
    return household


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
    if household.ended_on:
        raise ValidationError(f"Hộ {household.code} đã ra khỏi danh sách; không thêm được thành viên.")
    cleaned = person_clean(data)
    if cleaned.get("relation") == Relation.HEAD and household.head_id:
        raise ValidationError({"relation": "Hộ đã có chủ hộ. Dùng chức năng đổi chủ hộ."})
    citizen_ids_check_free([cleaned["citizen_id"]] if cleaned["citizen_id"] else [], actor=actor)
    person = Person.objects.create(household=household, name_folded=fold(cleaned["full_name"]), **cleaned)
    if person.relation == Relation.HEAD:
        _head_set(actor, household, person)
    _audit(actor, AuditAction.CREATE, person, changes_between({}, snapshot(person)), note=note)
    _event(household, kind, occurred_on, person=person, note=note)
    household_refresh_search(household)
    StaleCommune.objects.mark([household.commune_id])
    return person


@transaction.atomic
def person_update(*, actor: User | None, person: Person, data: Mapping[str, Any]) -> Person:
    """Correct or update a member's details (name, CCCD, schooling, insurance, work…)."""
    person = Person.objects.select_for_update().select_related("household").get(pk=person.pk)
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
        person.save()
        _audit(actor, AuditAction.UPDATE, person, changes)
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
    if person.left_on:
        raise ValidationError(f"{person.full_name} đã ra khỏi hộ ngày {person.left_on:%d/%m/%Y}.")
    household = person.household
    before = snapshot(person)
    person.left_on, person.left_reason = occurred_on, reason
    person.save()
    _audit(actor, AuditAction.UPDATE, person, changes_between(before, snapshot(person)), note=note)
    _event(
        household,
        EventKind.DEATH if reason == LeaveReason.DIED else EventKind.MOVED_OUT,
        occurred_on,
        person=person,
        note=note,
    )
    if household.head_id == person.pk:
        _head_set(actor, household, None)
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


@transaction.atomic
def household_set_head(
    *, actor: User | None, household: Household, person: Person, former_head_relation: str, occurred_on: datetime.date
) -> Household:
    """Change the household head (đổi chủ hộ); the former head takes the given relation."""
    if person.household_id != household.pk or not person.is_member:
        raise ValidationError({"person": f"{person.full_name} không phải thành viên hiện tại của hộ."})
    if former_head_relation == Relation.HEAD:
        raise ValidationError({"former_head_relation": "Chủ hộ cũ phải có quan hệ khác “Chủ hộ”."})
    old_head = household.head
    if old_head is not None and old_head.pk != person.pk:
        before = snapshot(old_head)
        old_head.relation = former_head_relation
        old_head.save()
        _audit(actor, AuditAction.UPDATE, old_head, changes_between(before, snapshot(old_head)))
    before = snapshot(person)
    person.relation = Relation.HEAD
    person.save()
    _audit(actor, AuditAction.UPDATE, person, changes_between(before, snapshot(person)))
    before_household = snapshot(household)
    household.head = person
    household.save(update_fields=["head", "updated_at"])
    _audit(actor, AuditAction.UPDATE, household, changes_between(before_household, snapshot(household)))
    _event(household, EventKind.HEAD_CHANGED, occurred_on, person=person)
    StaleCommune.objects.mark([household.commune_id])
    return household


@transaction.atomic
def household_split(
    *,
    actor: User | None,
    household: Household,
    persons: Sequence[Person],
    new_head: Person,
    village: Village,
    occurred_on: datetime.date,
    address: str = "",
) -> Household:
    """Some members leave to form a new household (tách hộ) in the same commune."""
    member_ids = set(household.persons.members().values_list("pk", flat=True))
    moving = {p.pk for p in persons}
    if not moving or not moving <= member_ids:
        raise ValidationError({"persons": "Chọn các thành viên hiện tại của hộ để tách."})
    if moving == member_ids:
        raise ValidationError({"persons": "Không tách được toàn bộ thành viên; hộ gốc phải còn người."})
    if new_head.pk not in moving:
        raise ValidationError({"new_head": "Chủ hộ mới phải là một trong những người tách ra."})
    if household.head_id in moving:
        raise ValidationError({"persons": "Chủ hộ hiện tại ở lại hộ gốc; đổi chủ hộ trước nếu cần."})
    _check_village(household.commune, village)
    new = Household.objects.create(
        code=_provisional_code(),
        commune=household.commune,
        legacy_commune=household.legacy_commune,
        village=village,
        address=nfc(address) or household.address,
        area_type=household.area_type,
        status=Status.UNKNOWN,
        **{name: getattr(household, name) for name in HOUSEHOLD_FACT_FIELDS if name != "income_per_capita"},
    )
    new.code = f"{household.commune.code}-{new.pk:07d}"
    new.save(update_fields=["code"])
    for person in Person.objects.filter(pk__in=moving).select_for_update():
        before = snapshot(person)
        person.household = new
        # Relations are now to the new head; officers correct "other relative" on the new household's page.
        person.relation = Relation.HEAD if person.pk == new_head.pk else Relation.OTHER_RELATIVE
        person.save()
        _audit(
            actor,
            AuditAction.UPDATE,
            person,
            changes_between(before, snapshot(person)),
            note=f"Tách từ hộ {household.code} sang hộ {new.code}",
        )
    new.head_id = new_head.pk
    new.save(update_fields=["head"])
    # Written once the code and head are known, like household_register's entry.
    _audit(actor, AuditAction.CREATE, new, changes_between({}, snapshot(new)), note=f"Tách từ hộ {household.code}")
    _event(household, EventKind.SPLIT, occurred_on, other=new, note=f"Tách {len(moving)} người sang hộ {new.code}")
    _event(new, EventKind.SPLIT, occurred_on, other=household, note=f"Tách từ hộ {household.code}")
    household_refresh_search(household)
    household_refresh_search(new)
    StaleCommune.objects.mark([household.commune_id])
    return new


@transaction.atomic
def household_merge(
    *, actor: User | None, source: Household, target: Household, occurred_on: datetime.date
) -> Household:
    """All members of `source` join `target` (nhập hộ); `source` leaves the list with reason "merged"."""
    if source.pk == target.pk:
        raise ValidationError("Không nhập một hộ vào chính nó.")
    if source.commune_id != target.commune_id:
        raise ValidationError("Chỉ nhập hộ trong cùng một xã; hộ ở xã khác làm thủ tục chuyển đi, chuyển đến.")
    if source.ended_on or target.ended_on:
        raise ValidationError("Hộ đã ra khỏi danh sách không nhập được.")
    for person in source.persons.members().select_for_update():
        before = snapshot(person)
        person.household = target
        person.relation = Relation.OTHER_RELATIVE
        person.save()
        _audit(
            actor,
            AuditAction.UPDATE,
            person,
            changes_between(before, snapshot(person)),
            note=f"Nhập từ hộ {source.code} vào hộ {target.code}",
        )
    _event(target, EventKind.MERGED, occurred_on, other=source, note=f"Nhập hộ {source.code}")
    _head_set(actor, source, None)
    household_end(actor=actor, household=source, occurred_on=occurred_on, reason=EndReason.MERGED, other=target)
    household_refresh_search(target)
    household_refresh_search(source)
    StaleCommune.objects.mark([source.commune_id, target.commune_id])
    return target


@transaction.atomic
def household_end(
    *,
    actor: User | None,
    household: Household,
    occurred_on: datetime.date,
    reason: EndReason,
    other: Household | None = None,
) -> Household:
    """The household leaves the list (moved away, merged, no members left, or entered by mistake)."""
    household = Household.objects.select_for_update().get(pk=household.pk)
    if household.ended_on:
        raise ValidationError(f"Hộ {household.code} đã ra khỏi danh sách ngày {household.ended_on:%d/%m/%Y}.")
    before = snapshot(household)
    household.ended_on, household.end_reason = occurred_on, reason
    household.save(update_fields=["ended_on", "end_reason", "updated_at"])
    _audit(actor, AuditAction.UPDATE, household, changes_between(before, snapshot(household)))
    _event(household, EventKind.ENDED, occurred_on, other=other, note=str(EndReason(reason).label))
    StaleCommune.objects.mark([household.commune_id])
    return household


def village_name_taken(commune_id: int, name: str, *, except_pk: int | None = None) -> bool:
    """Same name ignoring case, compared in Python: SQLite's case-insensitive match only folds ASCII ("THÔN MỘT")."""
    wanted = name.casefold()
    villages = Village.objects.filter(commune_id=commune_id)
    if except_pk is not None:
        villages = villages.exclude(pk=except_pk)
    return any(existing.casefold() == wanted for existing in villages.values_list("name", flat=True))


@transaction.atomic
def village_create(*, actor: User | None, commune: AdminUnit, name: str, kind: str) -> Village:
    name = nfc(name)
    if not name:
        raise ValidationError({"name": "Tên thôn, tổ dân phố không được để trống."})
    if commune.era != Era.CURRENT or commune.level != Level.COMMUNE:
        raise ValidationError({"commune": f"{commune} không phải xã, phường, đặc khu hiện hành."})
    if village_name_taken(commune.pk, name):
        raise ValidationError({"name": f"{commune} đã có thôn, tổ dân phố tên “{name}”."})
    village = Village.objects.create(commune=commune, name=name, kind=kind)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=village,
        changes=changes_between({}, snapshot(village)),
        commune_id=commune.pk,
    )
    return village


@transaction.atomic
def village_update(*, actor: User | None, village: Village, name: str, kind: str, is_active: bool) -> Village:
    """Rename a village or change its kind; households keep pointing to it, so lists follow the new name."""
    name = nfc(name)
    if not name:
        raise ValidationError({"name": "Tên thôn, tổ dân phố không được để trống."})
    if village_name_taken(village.commune_id, name, except_pk=village.pk):
        raise ValidationError({"name": f"Xã đã có thôn, tổ dân phố tên “{name}”."})
    before = snapshot(village)
    village.name, village.kind, village.is_active = name, kind, is_active
    changes = changes_between(before, snapshot(village))
    if changes:
        village.save()
        audit_record(
            actor=actor, action=AuditAction.UPDATE, instance=village, changes=changes, commune_id=village.commune_id
        )
    return village
