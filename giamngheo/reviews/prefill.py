"""Phiếu B part B1 pre-filled from the register, so a collaborator confirms facts instead of typing them again.

Only groups the register knows are filled (household size, dependants, qualification, non-farm work, house
materials, floor area per person), and only when the loaded point table has that group and that option code;
electricity, assets and pensions are asked at the visit. The age limits are the standard's derivation data.
"""

import datetime
from decimal import Decimal

from giamngheo.registry.models import Disability, Education, Employment, Household, Person
from giamngheo.standards.derive import age_on, derivation_params
from giamngheo.standards.proxy import PointTable

HIGHER = (Education.COLLEGE, Education.UNIVERSITY)


def _size(members: list[Person]) -> str:
    return "6+" if len(members) >= 6 else str(len(members))


def _dependants(members: list[Person], day: datetime.date, child_below: int, old_above: int) -> str:
    count = sum(
        1
        for p in members
        if not child_below <= age_on(p.date_of_birth, day) <= old_above
        or p.disability in (Disability.SEVERE, Disability.VERY_SEVERE)
        or p.employment == Employment.UNABLE
    )
    return "2+" if count >= 2 else str(count)


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


def _floor_area(household: Household, members: list[Person]) -> str | None:
    if household.floor_area_m2 is None or not members:
        return None
    per_person = Decimal(household.floor_area_m2) / len(members)
    for upper, code in ((8, "<8"), (20, "8-20"), (30, "20-30"), (40, "30-40")):
        if per_person < upper:
            return code
    return "40+"


def b1_prefill(*, table: PointTable, household: Household, standard_code: str, day: datetime.date) -> dict[str, str]:
    members = list(household.persons.members())
    try:
        params = derivation_params(standard_code)
        child_below, old_above = params["child_age_max"].value, params["working_age_max"].value
    except LookupError:
        child_below, old_above = 15, 60
    guesses = {
        "household_size": _size(members) if members else None,
        "dependants": _dependants(members, day, child_below, old_above) if members else None,
        "qualification": _qualification(members),
        "non_farm_work": _non_farm(members),
        "house_materials": _materials(household),
        "floor_area": _floor_area(household, members),
    }
    options = {g["code"]: {str(o["code"]) for o in g["options"]} for g in table.groups}
    return {
        group: value
        for group, value in guesses.items()
        if value is not None and group in options and value in options[group]
    }
