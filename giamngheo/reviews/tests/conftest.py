"""A commune under review: households on the poor and near-poor lists, a resident, answers for Phiếu B."""

import datetime

import pytest

from giamngheo.common.testing import make_household, member
from giamngheo.registry.models import Status
from giamngheo.reviews.services.campaigns import campaign_create

REVIEW_DAY = datetime.date(2025, 10, 1)

# The shipped (unverified) B1 table: the lowest option of every group scores the base 80, at or below 140.
LOW_B1 = {
    "household_size": "6+",
    "dependants": "2+",
    "qualification": "none",
    "non_farm_work": "none",
    "pension": "0",
    "house_materials": "non_durable",
    "floor_area": "<8",
    "electricity": "<25",
    "assets": "0",
}
HIGH_B1 = {**LOW_B1, "non_farm_work": "public", "pension": "2+", "assets": "4+", "electricity": "150+"}
THREE_DEPRIVATIONS = {
    code: {"deprived": True, "reason": "Cộng tác viên kiểm tra tại hộ"}
    for code in ("employment", "housing_quality", "water")
}


def phieu_b(b1=LOW_B1, overrides=None, causes=("capital",)):
    return {"b1": dict(b1), "overrides": dict(overrides or {}), "causes": list(causes), "needs": ["credit"]}


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
    return campaign_create(
        actor=cast.province_officer,
        province=cast.province,
        year=2025,
        standard_code="2022-2025",
        plan_start=datetime.date(2025, 9, 15),
        plan_end=datetime.date(2025, 11, 30),
        communes=[cast.commune, cast.other_commune],
    )
