"""Phiếu B part B1 pre-filled from the register, so a collaborator confirms facts instead of typing them again.

Only groups the register knows are filled (household size, dependants, qualification, non-farm work, house
materials, floor area per person), and only when the loaded point table has that group and a matching option;
electricity, assets and pensions are asked at the visit. Numeric answers are matched to the table's own option
codes ("3", "6+", "<8", "8-20"), so a loaded legal table with other bands is read as it is. The age limits are the
standard's derivation data.
"""

import datetime
from decimal import Decimal, InvalidOperation

from giamngheo.registry.models import Disability, Education, Employment, Household, Person
from giamngheo.reviews.selectors import working_ages
from giamngheo.standards.derive import age_on
from giamngheo.standards.proxy import PointTable

HIGHER = (Education.COLLEGE, Education.UNIVERSITY)


def option_for(value: Decimal | int, codes: set[str]) -> str | None:
    """The option whose code covers a number: "5" (exactly), "6+" (at least), "<8" (below), "8-20" (from, below)."""
    for code in codes:
        try:
            if code.startswith("<") and value < Decimal(code[1:]):
                return code
            if code.endswith("+") and value >= Decimal(code[:-1]):
                return code
            if "-" in code:
                low, high = (Decimal(part) for part in code.split("-"))
                if low <= value < high:
                    return code
            elif code.isdigit() and value == int(code):
                return code
        except InvalidOperation:
            continue
    return None


def _dependants(members: list[Person], day: datetime.date, ages: tuple[int, int]) -> int:
    """Children under working age, people above it, and those unable to work (the B1 form's dependants)."""
    return sum(
        1
        for p in members
        if not ages[0] <= age_on(p.date_of_birth, day) <= ages[1]
        or p.disability in (Disability.SEVERE, Disability.VERY_SEVERE)
        or p.employment == Employment.UNABLE
    )


def _qualification(members: list[Person]) -> str | None:
    levels = {p.education for p in members if p.education}
    if not levels:
        return None
    if levels & set(HIGHER):
        return "college"
    if Education.VOCATIONAL in levels:
        return "vocational"
    if Education.UPPER_SECONDARY in levels:
        return "upper_secondary"
    return "none"


def _non_farm(members: list[Person]) -> str | None:
    # The register cannot tell state employment from other wage work, so a wage earner is "other" work.
    if any(p.employment in (Employment.WAGE, Employment.SELF_EMPLOYED) for p in members):
        return "other"
    if members and all(p.employment for p in members):
        return "none"
    return None


def _materials(household: Household) -> str | None:
    wall, column = household.wall_durable, household.column_durable
    if wall is None or column is None:
        return None
    return "both" if wall and column else "walls_or_columns" if wall or column else "non_durable"


def b1_prefill(*, table: PointTable, household: Household, standard_code: str, day: datetime.date) -> dict[str, str]:
    members = list(household.persons.members())
    options = {g["code"]: {str(o["code"]) for o in g["options"]} for g in table.groups}
    numbers: dict[str, Decimal | int | None] = {
        "household_size": len(members) or None,
        "dependants": _dependants(members, day, working_ages(standard_code, day)) if members else None,
        "floor_area": Decimal(household.floor_area_m2) / len(members)
        if household.floor_area_m2 is not None and members
        else None,
    }
    guesses: dict[str, str | None] = {
        group: option_for(value, options.get(group, set())) if value is not None else None
        for group, value in numbers.items()
    }
    guesses.update(
        qualification=_qualification(members),
        non_farm_work=_non_farm(members),
        house_materials=_materials(household),
    )
    return {
        group: value
        for group, value in guesses.items()
        if value is not None and group in options and value in options[group]
    }
