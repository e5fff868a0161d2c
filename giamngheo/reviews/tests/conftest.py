"""A commune under review: households on the poor and near-poor lists, a resident, a campaign."""

import pytest

from giamngheo.registry.models import Status
from giamngheo.testing.factories import make_household, member
from giamngheo.testing.scenes import campaign_2025


@pytest.fixture
def households(cast):
    """Three households in Thôn Một: one poor, one near-poor, one resident not on any list."""
    return {
        "poor": make_household(village=cast.village, status=Status.POOR, members=[member(full_name="Lò Văn Nghèo")]),
        "near_poor": make_household(
            village=cast.village, status=Status.NEAR_POOR, members=[member(full_name="Hà Thị Cận", sex="2")]
        ),
        "resident": make_household(village=cast.village, members=[member(full_name="Vũ Văn Khá")]),
    }


@pytest.fixture
def campaign(cast):
    return campaign_2025(cast, [cast.commune, cast.other_commune])
