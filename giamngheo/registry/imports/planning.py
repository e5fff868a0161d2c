"""Phase 4 of the import, plan: each household of the file compared with the register. A new household plans its
members; an existing one (same Mã hộ) plans the changes the file makes to it and matches each row to a current
member, by CCCD first, then by folded name and date of birth. A blank cell keeps what the register has: the file only
ever adds or corrects, and members missing from it are reported, never removed."""

from collections import defaultdict
from collections.abc import Sequence

from django.core.exceptions import ValidationError

from giamngheo.areas.models import AdminUnit
from giamngheo.common.text import fold
from giamngheo.registry.imports.plans import HouseholdPlan, PersonPlan, Row
from giamngheo.registry.imports.queries import chunks
from giamngheo.registry.imports.results import Findings
from giamngheo.registry.models import Household, Person, Relation
from giamngheo.registry.services.base import HOUSEHOLD_FACT_FIELDS, PERSON_FIELDS, person_clean


def households_plan(plans: Sequence[HouseholdPlan], *, restrict: AdminUnit | None, findings: Findings) -> None:
    """Plan every household whose commune was resolved; the plans say what the write phase does."""
    members = _existing_load(plans)
    for plan in plans:
        if plan.commune is not None:
            _household_plan(
                plan, members.get(plan.existing.pk, []) if plan.existing else [], restrict=restrict, findings=findings
            )


def _existing_load(plans: Sequence[HouseholdPlan]) -> dict[int, list[Person]]:
    """The register's households of the file's codes (set on each plan) and their current members."""
    codes = sorted(p.code for p in plans)
    existing = {
        h.code: h
        for chunk in chunks(codes)
        for h in Household.objects.select_related("commune", "legacy_commune", "village", "head").filter(code__in=chunk)
    }
    members: dict[int, list[Person]] = defaultdict(list)
    ids = [h.pk for h in existing.values()]
    for chunk in chunks(ids):
        for person in Person.objects.members().filter(household_id__in=chunk):
            members[person.household_id].append(person)
    for plan in plans:
        plan.existing = existing.get(plan.code)
    return members


def _household_plan(
    plan: HouseholdPlan, members: list[Person], *, restrict: AdminUnit | None, findings: Findings
) -> None:
    household = plan.existing
    if household is None:
        for row in plan.rows:
            _person_plan_new(plan, row, findings)
        return
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
        where = "" if restrict is not None else f" ({household.commune})"
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
    if plan.village is not None and plan.village.pk != household.village_id:
        plan.changes["village"] = plan.village
    for key in ("address", "area_type", *HOUSEHOLD_FACT_FIELDS):
        if key in plan.values and plan.values[key] != getattr(household, key):
            plan.changes[key] = plan.values[key]
    status = plan.values.get("status")
    if status and status != household.status:
        # Decision 24/2021: after go-live a status changes only by the commune chairman's decision.
        findings.warn(
            plan.row_of("status"),
            "status",
            f"Hộ {plan.code} đang là {household.get_status_display()} "
            "trong sổ; tình trạng chỉ thay đổi bằng quyết định, không thay đổi qua nhập tệp.",
            plan.cell("status"),
        )
    if plan.legacy_commune is not None and plan.legacy_commune.pk != household.legacy_commune_id:
        findings.warn(
            plan.row_of("legacy_commune_code"),
            "legacy_commune_code",
            f"Hộ {plan.code} đã có trong sổ; xã cũ của hộ giữ nguyên, không thay đổi qua nhập tệp.",
            plan.cell("legacy_commune_code"),
        )


def _persons_match(plan: HouseholdPlan, household: Household, members: list[Person], findings: Findings) -> None:
    """Match each row to a current member: by CCCD first, then by folded name and date of birth."""
    free = {p.pk: p for p in members}
    matched: dict[int, Person] = {}
    by_citizen_id = {p.citizen_id: p for p in members if p.citizen_id}
    for row in plan.rows:
        person = by_citizen_id.get(row.values.get("citizen_id") or "")
        if person is not None and person.pk in free:
            matched[row.number] = free.pop(person.pk)
    for row in plan.rows:
        if row.number in matched or "full_name" not in row.values or "date_of_birth" not in row.values:
            continue
        key = (fold(row.values["full_name"]), row.values["date_of_birth"])
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
        if head.existing is None or head.existing.pk != household.head_id:
            findings.error(
                head.row.number,
                "relation",
                f"Chủ hộ trong sổ của hộ {plan.code} là "
                f"{household.head.full_name if household.head else ''}, còn tệp ghi chủ hộ là "
                f"{head.data.get('full_name', '')}. Đổi chủ hộ trên trang của hộ trước rồi nhập lại.",
                head.row.cells.get("relation"),
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
    if row.bad & set(PERSON_FIELDS):
        return
    try:
        data = person_clean(row.person)
    except ValidationError as error:
        findings.validation_error(row.number, error, row.cells)
        return
    plan.persons.append(PersonPlan(row=row, data=data))


def _person_plan_existing(plan: HouseholdPlan, row: Row, person: Person, findings: Findings) -> None:
    if row.bad & set(PERSON_FIELDS):
        return
    given = row.person
    current = {name: getattr(person, name) for name in PERSON_FIELDS}
    try:
        cleaned = person_clean(current | given)
    except ValidationError as error:
        findings.validation_error(row.number, error, row.cells)
        return
    # A blank cell keeps what the register has: the file only ever adds or corrects.
    changes = {k: cleaned[k] for k in given if cleaned[k] != current[k]}
    person_plan = PersonPlan(row=row, data=cleaned, existing=person, changes=changes)
    household = plan.existing
    if changes.get("relation") == Relation.HEAD and household is not None and household.head_id is None:
        person_plan.becomes_head = True
        del changes["relation"]
    elif "relation" in changes and Relation.HEAD in (changes["relation"], current["relation"]):
        # A different head is reported by persons_match; no update is planned for this row.
        del changes["relation"]
    plan.persons.append(person_plan)
