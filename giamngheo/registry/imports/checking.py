"""Phase 3 of the import, check: what holds across rows and against the whole register, whatever the household's
state in it: one head per household, and each CCCD belonging to one person only."""

from collections.abc import Sequence

from giamngheo.accounts.models import User
from giamngheo.registry.imports.plans import HouseholdPlan, Row
from giamngheo.registry.imports.queries import chunks
from giamngheo.registry.imports.results import Findings
from giamngheo.registry.models import Person, Relation
from giamngheo.registry.services.base import citizen_id_conflict_message


def heads_check(plans: Sequence[HouseholdPlan], findings: Findings) -> None:
    """Exactly one head (Chủ hộ) per household."""
    for plan in plans:
        if any("relation" in r.bad for r in plan.rows):
            continue
        heads = [r for r in plan.rows if r.value("relation") == Relation.HEAD]
        if not heads:
            findings.error(
                plan.row, "relation", f"Hộ {plan.code} chưa có dòng nào là Chủ hộ; mỗi hộ có đúng một chủ hộ."
            )
        for extra in heads[1:]:
            findings.error(
                extra.number,
                "relation",
                f"Hộ {plan.code} có nhiều chủ hộ: dòng {heads[0].number} và "
                f"dòng {extra.number}. Mỗi hộ có đúng một chủ hộ.",
                extra.shown("relation"),
            )


def citizen_ids_check(plans: Sequence[HouseholdPlan], *, actor: User | None, findings: Findings) -> None:
    """Duplicates inside the file, then numbers already held in the register by a person of another household."""
    first: dict[str, Row] = {}
    for plan in plans:
        for row in plan.rows:
            citizen_id = row.value("citizen_id")
            if not citizen_id:
                continue
            if citizen_id in first:
                other = first[citizen_id]
                findings.error(
                    row.number,
                    "citizen_id",
                    f"Số CCCD {citizen_id} đã ghi ở dòng {other.number} "
                    f"(hộ {other.code}). Một số CCCD chỉ thuộc một người.",
                    row.shown("citizen_id"),
                )
            else:
                first[citizen_id] = row
    # Every CCCD of a file imported again is in the register: read what the check needs of each holder, and the
    # holder's whole record (household, village, commune) only for a number held in another household.
    holders = {
        citizen_id: (person_id, code, left_on, name)
        for chunk in chunks(sorted(first))
        for citizen_id, person_id, code, left_on, name in Person.objects.filter(citizen_id__in=chunk).values_list(
            "citizen_id", "pk", "household__code", "left_on", "full_name"
        )
    }
    elsewhere = [holders[c][0] for c, row in first.items() if c in holders and holders[c][1] != row.code]
    others = {
        p.pk: p
        for chunk in chunks(elsewhere)
        for p in Person.objects.select_related("household__village", "household__commune").filter(pk__in=chunk)
    }
    for citizen_id, row in first.items():
        if citizen_id not in holders:
            continue
        person_id, code, left_on, name = holders[citizen_id]
        if code != row.code:
            findings.error(
                row.number,
                "citizen_id",
                citizen_id_conflict_message(citizen_id, others[person_id], actor=actor),
                row.shown("citizen_id"),
            )
        elif left_on is not None:
            findings.error(
                row.number,
                "citizen_id",
                f"Số CCCD {citizen_id} là của {name}, người đã ra "
                f"khỏi hộ {row.code} ngày {left_on:%d/%m/%Y}. Người quay lại hộ được ghi nhận trên "
                "trang của hộ.",
                row.shown("citizen_id"),
            )
