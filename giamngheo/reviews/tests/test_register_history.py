"""A household counts from its registration (issue 11 A3): what is entered today never changes past years' figures."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from giamngheo.registry.models import EventKind, Relation, Sex
from giamngheo.registry.services.persons import person_add
from giamngheo.reviews.selectors import year_end_by_commune
from giamngheo.testing.factories import make_household, member

TODAY = datetime.date(2026, 12, 7)
BORN = datetime.date(2015, 10, 10)
YEARS = range(2022, 2026)


def tallies(commune_id: int) -> dict[int, object]:
    return {year: year_end_by_commune(commune_ids=[commune_id], year=year) for year in YEARS}


@pytest.mark.django_db
def test_past_year_end_counts_do_not_change_when_a_child_born_before_registration_is_added(cast):
    make_household(village=cast.village, members=[member(full_name="Hộ Cũ")], registered_on=datetime.date(2022, 3, 1))
    before = tallies(cast.commune.pk)
    household = make_household(village=cast.village, members=[member(full_name="Hộ Mới")], registered_on=TODAY)
    child = member(full_name="Nguyễn Thị Nhỏ", sex=Sex.FEMALE, relation=Relation.CHILD, date_of_birth=BORN)
    child["citizen_id"] = None
    with pytest.raises(ValidationError, match="Chuyển đến"):
        person_add(actor=None, household=household, data=child, kind=EventKind.BIRTH, occurred_on=BORN)
    with pytest.raises(ValidationError, match="vào sổ"):
        person_add(actor=None, household=household, data=child, kind=EventKind.MOVED_IN, occurred_on=BORN)
    assert household.persons.count() == 1
    person_add(actor=None, household=household, data=child, kind=EventKind.MOVED_IN, occurred_on=TODAY)
    assert household.events.filter(kind=EventKind.MOVED_IN, occurred_on=TODAY).exists()
    assert tallies(cast.commune.pk) == before
