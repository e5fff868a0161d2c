"""The household code (mã hộ) of a household the register creates: the commune's code and a serial of its own."""

import datetime
import re

import pytest

from giamngheo.registry.models import Household, Relation
from giamngheo.registry.services.households import household_split
from giamngheo.testing.factories import make_household, member

pytestmark = pytest.mark.django_db


def test_household_register_numbers_households_without_a_code_per_commune(cast):
    first = make_household(village=cast.village)
    second = make_household(village=cast.village)
    elsewhere = make_household(village=cast.other_commune_village)
    assert first.code == f"{cast.commune.code}-000001"
    assert second.code == f"{cast.commune.code}-000002"
    assert elsewhere.code == f"{cast.other_commune.code}-000001"
    assert re.fullmatch(r"\d{5}-\d{6}", first.code)


def test_household_register_keeps_existing_codes_and_counts_a_code_of_its_own_form(cast):
    commune = cast.commune.code
    for code in (f"{commune}-S1-000009", f"{commune}-0005001", f"{commune}-000041", "A-00007"):
        make_household(village=cast.village, code=code)
    new = make_household(village=cast.village)
    # The seeded and the earlier 7-digit codes are not of the scheme; the imported 000041 is, so the next is 000042.
    assert new.code == f"{commune}-000042"
    assert Household.objects.filter(code=f"{commune}-0005001").exists()
    assert Household.objects.values("code").distinct().count() == Household.objects.count()


def test_household_split_gives_the_new_household_the_communes_next_code(cast):
    household = make_household(
        village=cast.village,
        members=[member(full_name="Lò Văn Cha"), member(full_name="Lò Văn Con", relation=Relation.CHILD)],
    )
    son = household.persons.get(full_name="Lò Văn Con")
    new = household_split(
        actor=cast.officer,
        household=household,
        persons=[son],
        new_head=son,
        village=cast.village,
        occurred_on=datetime.date(2025, 10, 1),
    )
    assert (household.code, new.code) == (f"{cast.commune.code}-000001", f"{cast.commune.code}-000002")
