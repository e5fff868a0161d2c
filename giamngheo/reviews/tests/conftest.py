"""A commune under review: households on the poor and near-poor lists, a resident, answers for Phiếu B."""

import datetime

import pytest

from giamngheo.common.testing import HIGH_B1, LOW_B1, make_household, member
from giamngheo.registry.models import Status
from giamngheo.reviews.services.campaigns import campaign_create

REVIEW_DAY = datetime.date(2025, 10, 1)
__all__ = ["HIGH_B1", "LOW_B1", "REVIEW_DAY", "THREE_DEPRIVATIONS", "phieu_b"]

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
