"""The households the register's page tests work on, around the named cast."""

import datetime

import pytest

from giamngheo.registry.models import Relation, Sex, Status
from giamngheo.testing.factories import make_household, member


@pytest.fixture
def an(cast):
    """Nguyễn Văn An's household in Thôn Một of Xã Thử A, with his wife."""
    return make_household(
        village=cast.village,
        members=[
            member(),
            member(
                full_name="Trần Thị Bình",
                sex=Sex.FEMALE,
                relation=Relation.SPOUSE,
                date_of_birth=datetime.date(1983, 2, 3),
            ),
        ],
        status=Status.POOR,
        facts={"income_per_capita": 1_450_000},
    )


@pytest.fixture
def other_village_household(cast):
    return make_household(village=cast.other_village, members=[member(full_name="Lê Văn Hai")])


@pytest.fixture
def other_commune_household(cast):
    return make_household(village=cast.other_commune_village, members=[member(full_name="Phạm Văn Bắc")])


@pytest.fixture
def far_household(cast):
    return make_household(village=cast.far_village, members=[member(full_name="Nguyễn Văn Xa")])
