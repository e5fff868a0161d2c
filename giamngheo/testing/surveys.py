"""Answers to the survey forms the reviews tests fill in, and the day they are filled in."""

import datetime
from typing import Any

from giamngheo.testing.factories import LOW_B1

REVIEW_DAY = datetime.date(2025, 10, 1)

THREE_DEPRIVATIONS = {
    code: {"deprived": True, "reason": "Cộng tác viên kiểm tra tại hộ"}
    for code in ("employment", "housing_quality", "water")
}


def phieu_b(
    b1: dict[str, str] = LOW_B1, overrides: dict[str, Any] | None = None, causes: tuple[str, ...] = ("capital",)
) -> dict[str, Any]:
    """Phiếu B answers: the B1 options, reasoned overrides of B2, the causes of poverty and one need."""
    return {"b1": dict(b1), "overrides": dict(overrides or {}), "causes": list(causes), "needs": ["credit"]}
