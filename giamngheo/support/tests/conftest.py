"""The household the support tests record support for."""

import datetime

import pytest

from giamngheo.registry.models import Relation, Status
from giamngheo.testing.factories import make_household, member


@pytest.fixture
def family(cast):
    """A poor household of Xã Thử A since 2020, with a head and a son of working age."""
    household = make_household(
        village=cast.village,
        status=Status.POOR,
        registered_on=datetime.date(2020, 1, 1),
        members=[
            member(full_name="Lò Văn Nhà"),
            member(full_name="Lò Văn Con", relation=Relation.CHILD, date_of_birth=datetime.date(2004, 3, 1)),
        ],
    )
    cast.household = household
    cast.son = household.persons.get(full_name="Lò Văn Con")
    return cast
