"""Phase 4 of the import, plan: each household of the file compared with the register. A new household plans its
members; an existing one (same Mã hộ) plans the changes the file makes to it and matches each row to a current
member, by CCCD first, then by folded name and date of birth. A blank cell keeps what the register has: the file only
ever adds or corrects, and members missing from it are reported, never removed."""

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError

from giamngheo.areas.models import AdminUnit
from giamngheo.common.text import fold
from giamngheo.registry.imports.plans import NOTHING, HouseholdPlan, PersonPlan, Row
from giamngheo.registry.imports.queries import chunks
from giamngheo.registry.imports.results import Findings
from giamngheo.registry.models import Household, Person, Relation
from giamngheo.registry.services.base import HOUSEHOLD_FACT_FIELDS, PERSON_FIELDS, person_clean


def households_plan(plans: Sequence[HouseholdPlan], *, restrict: AdminUnit | None, findings: Findings) -> None:
    """Plan every household whose commune was resolved; the plans say what the write phase does. The register's
    members are read a chunk of households at a time and let go once planned, unless the write changes them."""
    existing = []
    for plan in plans:
        if plan.commune is None:
            continue
        if plan.existing is None:
            for row in plan.rows:
                _person_plan_new(plan, row, findings)
        else:
            existing.append(plan)
    communes: dict[int, AdminUnit] = {}
    for chunk in chunks(existing):
        members: dict[int, list[Person]] = defaultdict(list)
        for person in Person.objects.members().filter(household_id__in=[p.existing.pk for p in chunk if p.existing]):
            members[person.household_id].append(person)
        for plan in chunk:
            assert plan.existing is not None
            _household_plan(plan, members.get(plan.existing.pk, []), restrict, communes, findings)


def _household_plan(
    plan: HouseholdPlan,
    members: list[Person],
    restrict: AdminUnit | None,
    communes: dict[int, AdminUnit],
    findings: Findings,
) -> None:
    household = plan.existing
    assert household is not None
    if household.ended_on is not None:
        findings.error(
            plan.row,
            "code",
            f"Hộ {plan.code} đã ra khỏi danh sách ngày {household.ended_on:%d/%m/%Y} "
            f"({household.get_end_reason_display()}); không nhập lại được.",
            plan.code,
        )
        return
    if plan.commune is not None and household.commune_id != plan.commune.pk:
        where = ""
        if restrict is None:
            if household.commune_id not in communes:
                communes[household.commune_id] = AdminUnit.objects.get(pk=household.commune_id)
            where = f" ({communes[household.commune_id]})"
        findings.error(
            plan.row,
            "code",
            f"Mã hộ {plan.code} đã dùng cho một hộ của xã khác{where}. Hộ chuyển "
            "sang xã khác làm thủ tục chuyển đi, chuyển đến; hộ khác thì dùng mã khác.",
            plan.code,
        )
        return
    _household_changes(plan, household, findings)
    _persons_match(plan, household, members, findings)


def _household_changes(plan: HouseholdPlan, household: Household, findings: Findings) -> None:
    changes: dict[str, Any] = {}
    if plan.village is not None and plan.village.pk != household.village_id:
        changes["village"] = plan.village
    for key in ("address", "area_type", *HOUSEHOLD_FACT_FIELDS):
        value = plan.value(key)
        if value is not None and value != getattr(household, key):
            changes[key] = value
    plan.changes = changes
    status = plan.value("status")
    if status and status != household.status:
        # Decision 24/2021: after go-live a status changes only by the commune chairman's decision.
        findings.warn(
            plan.row_of("status"),
            "status",
            f"Hộ {plan.code} đang là {household.get_status_display()} "
            "trong sổ; tình trạng chỉ thay đổi bằng quyết định, không thay đổi qua nhập tệp.",
            plan.shown("status"),
        )
    if plan.legacy_commune is not None and plan.legacy_commune.pk != household.legacy_commune_id:
        findings.warn(
            plan.row_of("legacy_commune_code"),
            "legacy_commune_code",
            f"Hộ {plan.code} đã có trong sổ; xã cũ của hộ giữ nguyên, không thay đổi qua nhập tệp.",
            plan.shown("legacy_commune_code"),
        )


def _persons_match(plan: HouseholdPlan, household: Household, members: list[Person], findings: Findings) -> None:
    """Match each row to a current member: by CCCD first, then by folded name and date of birth."""
    free = {p.pk: p for p in members}
    matched: dict[int, Person] = {}
    by_citizen_id = {p.citizen_id: p for p in members if p.citizen_id}
    for row in plan.rows:
        person = by_citizen_id.get(row.value("citizen_id") or "")
        if person is not None and person.pk in free:
            matched[row.number] = free.pop(person.pk)
    for row in plan.rows:
        name, born = row.value("full_name"), row.value("date_of_birth")
        if row.number in matched or name is None or born is None:
            continue
        key = (fold(name), born)
        person = next((p for p in free.values() if (p.name_folded, p.date_of_birth) == key), None)
        if person is not None:
            matched[row.number] = free.pop(person.pk)
    for row in plan.rows:
        person = matched.get(row.number)
        if person is None:
            _person_plan_new(plan, row, findings)
        else:
            _person_plan_existing(plan, row, person, findings)
    head_rows = [p for p in plan.persons if p.data.get("relation") == Relation.HEAD]
    if len(head_rows) == 1 and household.head_id is not None:
        head = head_rows[0]
        if head.member_id != household.head_id:
            registered = next((p.full_name for p in members if p.pk == household.head_id), "")
            findings.error(
                head.row.number,
                "relation",
                f"Chủ hộ trong sổ của hộ {plan.code} là {registered}, còn tệp ghi chủ hộ là "
                f"{head.data.get('full_name', '')}. Đổi chủ hộ trên trang của hộ trước rồi nhập lại.",
                head.row.shown("relation"),
            )
    if free:
        names = ", ".join(f"{p.full_name} ({p.date_of_birth:%d/%m/%Y})" for p in free.values())
        findings.warn(
            plan.row,
            "",
            f"Hộ {plan.code}: {len(free)} người trong sổ không có trong tệp ({names}); giữ "
            "nguyên, không xoá. Nếu họ đã chuyển đi hoặc chết, ghi nhận trên trang của hộ.",
        )


def _person_plan_new(plan: HouseholdPlan, row: Row, findings: Findings) -> None:
    if not row.bad.isdisjoint(PERSON_FIELDS):
        return
    try:
        data = person_clean(row.person)
    except ValidationError as error:
        findings.validation_error(row.number, error, row.shown)
        return
    plan.person_add(PersonPlan.of(row, data))


def _person_plan_existing(plan: HouseholdPlan, row: Row, person: Person, findings: Findings) -> None:
    if not row.bad.isdisjoint(PERSON_FIELDS):
        return
    given = row.person
    current = {name: getattr(person, name) for name in PERSON_FIELDS}
    try:
        cleaned = person_clean(current | given)
    except ValidationError as error:
        findings.validation_error(row.number, error, row.shown)
        return
    # A blank cell keeps what the register has: the file only ever adds or corrects.
    changes = {k: cleaned[k] for k in given if cleaned[k] != current[k]}
    person_plan = PersonPlan.of(row, cleaned, member_id=person.pk, changes=changes or NOTHING)
    household = plan.existing
    if changes.get("relation") == Relation.HEAD and household is not None and household.head_id is None:
        person_plan.becomes_head = True
        del changes["relation"]
    elif "relation" in changes and Relation.HEAD in (changes["relation"], current["relation"]):
        # A different head is reported by persons_match; no update is planned for this row.
        del changes["relation"]
    if changes or person_plan.becomes_head:
        person_plan.existing = person
    plan.person_add(person_plan)
