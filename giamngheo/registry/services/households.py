"""Writes of the household register: a household enters, changes, changes head, splits, merges and leaves the list."""

import datetime
import re
from collections.abc import Collection, Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from giamngheo.accounts.models import AuditAction, User
from giamngheo.accounts.services import changes_between, snapshot
from giamngheo.areas.models import AdminUnit, Era, Level, StaleCommune, Village
from giamngheo.common.formats import number_vi
from giamngheo.common.text import fold, nfc
from giamngheo.registry.models import (
    EndReason,
    EventKind,
    Household,
    Person,
    Relation,
    Status,
)
from giamngheo.registry.rules import age_on, head_age_in_force
from giamngheo.registry.services.base import (
    HOUSEHOLD_EDITABLE_FIELDS,
    HOUSEHOLD_FACT_FIELDS,
    check_editor,
    check_household_editor,
    check_not_before_registration,
    citizen_ids_check_free,
    head_set,
    household_refresh_search,
    person_clean,
    register_audit,
    register_event,
    version_check,
    version_save,
)
from giamngheo.registry.signals import household_ended

SERIAL_DIGITS = 6


def household_code(commune_code: str, serial: int) -> str:
    """A household code of the register's scheme (docs/glossary.md, "Household codes"): the commune's 5-digit code,
    a hyphen and a 6-digit serial of that commune, "04663-000001"."""
    if not 0 < serial < 10**SERIAL_DIGITS:
        raise ValidationError(
            f"Xã mã {commune_code} đã dùng hết số thứ tự mã hộ (tối đa {number_vi(10**SERIAL_DIGITS - 1)} hộ)."
        )
    return f"{commune_code}-{serial:0{SERIAL_DIGITS}d}"


def household_serials_in_use(*, commune_ids: Collection[int]) -> dict[int, int]:
    """{commune id: the highest serial of the scheme its code has in the register, 0 for none}. Codes of another form
    stay as they are and are not counted (imported codes, the earlier "04663-0005001", the synthetic demo's earlier
    "04663-S1-000002"); a code of this very form that an import brought is, so the next serial is always free. The
    communes' rows are locked until the transaction ends: call it inside the transaction that creates the households,
    and two writers in one commune wait for each other rather than draw the same serial (the code's unique
    constraint backs this up)."""
    communes = AdminUnit.objects.select_for_update().filter(pk__in=commune_ids).order_by("pk")
    return {pk: _serial_last(code) for pk, code in communes.values_list("pk", "code")}


def _serial_last(commune_code: str) -> int:
    pattern = rf"^{re.escape(commune_code)}-[0-9]{{{SERIAL_DIGITS}}}$"
    last = (
        Household.objects.filter(code__startswith=f"{commune_code}-", code__regex=pattern)
        .order_by("-code")
        .values_list("code", flat=True)
        .first()
    )
    return int(last.rsplit("-", 1)[1]) if last else 0


def household_code_next(*, commune: AdminUnit) -> str:
    """The next household code of the commune (household_code, household_serials_in_use: call it inside the
    transaction that creates the household)."""
    return household_code(commune.code, household_serials_in_use(commune_ids=[commune.pk])[commune.pk] + 1)


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
    check_editor(actor, commune=commune, village_id=village.pk)
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
        code=code or household_code_next(commune=commune),
        commune=commune,
        legacy_commune=legacy_commune,
        village=village,
        address=nfc(address),
        area_type=area_type or commune.area_type,
        status=status,
        **{k: v for k, v in (facts or {}).items() if k in HOUSEHOLD_FACT_FIELDS},
    )
    people = [Person.objects.create(household=household, name_folded=fold(d["full_name"]), **d) for d in cleaned]
    household.head = next(p for p in people if p.relation == Relation.HEAD)
    household.save(update_fields=["head"])
    # The household's entry first, written once its code and head are known, so its label reads "code · head".
    register_audit(actor, AuditAction.CREATE, household, changes_between({}, snapshot(household)))
    for person in people:
        register_audit(actor, AuditAction.CREATE, person, changes_between({}, snapshot(person)))
    register_event(household, EventKind.REGISTERED, registered_on)
    household_refresh_search(household)
    StaleCommune.objects.mark([household.commune_id])
    return household


@transaction.atomic
def household_update(
    *, actor: User | None, household: Household, data: Mapping[str, Any], version: int | None = None
) -> Household:
    """Change the household's address, village, area type or living-condition facts.

    `version`: the one the edit page showed; a household changed since then is refused, naming who changed what.
    """
    household = Household.objects.select_for_update().get(pk=household.pk)
    check_household_editor(actor, household)
    version_check(household, version)
    before = snapshot(household)
    for name, value in data.items():
        if name not in HOUSEHOLD_EDITABLE_FIELDS:
            raise ValidationError(f"Không sửa được trường “{name}” của hộ ở đây.")
        setattr(household, name, nfc(value) if name == "address" else value)
    _check_village(household.commune, household.village)
    check_household_editor(actor, household)  # the village it moves to is inside the area too
    changes = changes_between(before, snapshot(household))
    if changes:
        household.version += 1
        household.save()
        register_audit(actor, AuditAction.UPDATE, household, changes)
    return household


@transaction.atomic
def household_set_head(
    *, actor: User | None, household: Household, person: Person, former_head_relation: str, occurred_on: datetime.date
) -> Household:
    """Change the household head (đổi chủ hộ); the former head takes the given relation."""
    check_household_editor(actor, household)
    if person.household_id != household.pk or not person.is_member:
        raise ValidationError({"person": f"{person.full_name} không phải thành viên hiện tại của hộ."})
    if former_head_relation == Relation.HEAD:
        raise ValidationError({"former_head_relation": "Chủ hộ cũ phải có quan hệ khác “Chủ hộ”."})
    old_head = household.head
    if old_head is not None and old_head.pk != person.pk:
        before = snapshot(old_head)
        old_head.relation = former_head_relation
        version_save(old_head, ["relation"])
        register_audit(actor, AuditAction.UPDATE, old_head, changes_between(before, snapshot(old_head)))
    before = snapshot(person)
    person.relation = Relation.HEAD
    version_save(person, ["relation"])
    register_audit(actor, AuditAction.UPDATE, person, changes_between(before, snapshot(person)))
    before_household = snapshot(household)
    household.head = person
    version_save(household, ["head"])
    register_audit(actor, AuditAction.UPDATE, household, changes_between(before_household, snapshot(household)))
    register_event(household, EventKind.HEAD_CHANGED, occurred_on, person=person)
    StaleCommune.objects.mark([household.commune_id])
    return household


def _check_head_age(head: Person, day: datetime.date, reason: str) -> str:
    """A child as the sole head of a new household may be real (orphans, parents working far away) but must be a
    conscious choice: below the age of the rule in force it takes a written reason. Returns the audit note."""
    rule = head_age_in_force(day)
    if head.date_of_birth is None or age_on(head.date_of_birth, day) >= rule.min_age:
        return ""
    age = age_on(head.date_of_birth, day)
    if not reason.strip():
        raise ValidationError(
            {
                "head_under_age_reason": f"{head.full_name} mới {age} tuổi (dưới {rule.min_age} tuổi) vào ngày "
                f"{day:%d/%m/%Y}: muốn để người này làm chủ hộ mới, xác nhận và ghi rõ lý do."
            }
        )
    return f"Chủ hộ mới {age} tuổi (dưới {rule.min_age}), đã xác nhận; lý do: {nfc(reason.strip())}"


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
    head_under_age_reason: str = "",
) -> Household:
    """Some members leave to form a new household (tách hộ) in the same commune. A new head younger than the age in
    registry/data/household_head.yaml needs `head_under_age_reason`, the officer's written confirmation, which the
    audit entry of the new household records."""
    check_household_editor(actor, household)
    check_editor(actor, commune=household.commune, village_id=village.pk)
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
    check_not_before_registration(household, occurred_on, str(EventKind.SPLIT.label))
    under_age_note = _check_head_age(new_head, occurred_on, head_under_age_reason)
    new = Household.objects.create(
        code=household_code_next(commune=household.commune),
        commune=household.commune,
        legacy_commune=household.legacy_commune,
        village=village,
        address=nfc(address) or household.address,
        area_type=household.area_type,
        status=Status.UNKNOWN,
        **{name: getattr(household, name) for name in HOUSEHOLD_FACT_FIELDS if name != "income_per_capita"},
    )
    for person in Person.objects.filter(pk__in=moving).select_for_update():
        before = snapshot(person)
        person.household = new
        # Relations are now to the new head; officers correct "other relative" on the new household's page.
        person.relation = Relation.HEAD if person.pk == new_head.pk else Relation.OTHER_RELATIVE
        person.version += 1
        person.save()
        register_audit(
            actor,
            AuditAction.UPDATE,
            person,
            changes_between(before, snapshot(person)),
            note=f"Tách từ hộ {household.code} sang hộ {new.code}",
        )
    new.head_id = new_head.pk
    new.save(update_fields=["head"])
    # Written once the code and head are known, like household_register's entry.
    register_audit(
        actor,
        AuditAction.CREATE,
        new,
        changes_between({}, snapshot(new)) | ({"head_under_age": [None, under_age_note]} if under_age_note else {}),
        note=f"Tách từ hộ {household.code}" + (". Chủ hộ dưới tuổi, đã xác nhận có lý do." if under_age_note else ""),
    )
    register_event(
        household, EventKind.SPLIT, occurred_on, other=new, note=f"Tách {len(moving)} người sang hộ {new.code}"
    )
    register_event(new, EventKind.SPLIT, occurred_on, other=household, note=f"Tách từ hộ {household.code}")
    household_refresh_search(household)
    household_refresh_search(new)
    StaleCommune.objects.mark([household.commune_id])
    return new


@transaction.atomic
def household_merge(
    *, actor: User | None, source: Household, target: Household, occurred_on: datetime.date
) -> Household:
    """All members of `source` join `target` (nhập hộ); `source` leaves the list with reason "merged"."""
    check_household_editor(actor, source)
    check_household_editor(actor, target)
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
        person.version += 1
        person.save()
        register_audit(
            actor,
            AuditAction.UPDATE,
            person,
            changes_between(before, snapshot(person)),
            note=f"Nhập từ hộ {source.code} vào hộ {target.code}",
        )
    register_event(target, EventKind.MERGED, occurred_on, other=source, note=f"Nhập hộ {source.code}")
    head_set(actor, source, None)
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
    check_household_editor(actor, household)
    if household.ended_on:
        raise ValidationError(f"Hộ {household.code} đã ra khỏi danh sách ngày {household.ended_on:%d/%m/%Y}.")
    before = snapshot(household)
    household.ended_on, household.end_reason = occurred_on, reason
    household.version += 1
    household.save(update_fields=["ended_on", "end_reason", "version", "updated_at"])
    register_audit(actor, AuditAction.UPDATE, household, changes_between(before, snapshot(household)))
    register_event(household, EventKind.ENDED, occurred_on, other=other, note=str(EndReason(reason).label))
    household_ended.send(sender=Household, household=household, ended_on=occurred_on, reason=reason)
    StaleCommune.objects.mark([household.commune_id])
    return household
