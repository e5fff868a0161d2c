"""Fixtures of the reports tests: households assessed with chosen deprivations."""

import datetime

import pytest

from giamngheo.registry.models import Status
from giamngheo.standards.params import standard_get
from giamngheo.standards.services import assessment_from_register
from giamngheo.testing.factories import make_household, member

AS_OF = datetime.date(2025, 11, 1)
CODES = standard_get("2022-2025").indicator_codes


def _assess(household, deprived: tuple[str, ...], income: int) -> None:
    """An assessment whose deprivations are exactly `deprived` (every indicator set by a reasoned override)."""
    overrides = {code: (code in deprived, "Kiểm tra tại hộ") for code in CODES}
    assessment_from_register(
        actor=None, household=household, as_of=AS_OF, income_per_capita=income, overrides=overrides
    )


@pytest.fixture
def four_households(cast):
    """Xã Thử A: a well-off household deprived in four indicators (not poor officially), a poor household deprived
    in three, a near-poor household deprived in one (its head a woman), and a household never assessed."""
    well_off = make_household(village=cast.village, status=Status.NOT_POOR, members=[member(full_name="Giàu Văn A")])
    poor = make_household(village=cast.village, status=Status.POOR, members=[member(full_name="Nghèo Văn B")])
    near = make_household(
        village=cast.village, status=Status.NEAR_POOR, members=[member(full_name="Cận Thị C", sex="2")]
    )
    make_household(village=cast.village, status=Status.NOT_POOR, members=[member(full_name="Chưa Văn D")])
    _assess(well_off, ("employment", "water", "sanitation", "telecom"), income=5_000_000)
    _assess(poor, ("employment", "water", "housing_area"), income=1_000_000)
    _assess(near, ("water",), income=1_000_000)
    return cast
