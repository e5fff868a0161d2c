"""Targets and standard (data, with sources): the reference date, the 2024 regional rates the generated data meet,
and the standard (2022–2025) whose indicators they are built against."""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from giamngheo.areas.models import Region
from giamngheo.registry.models import Schooling

# Facts are "as of" the first day of the 2025 periodic review window (Decision 24/2021: 01/9–14/12, spec §4.2), so
# the generated data do not change with the day they are generated.
REFERENCE_DATE = datetime.date(2025, 9, 1)

# The standard the generated facts are built for (Decree 07/2021/NĐ-CP, spec §2.4). Its poverty line and deprivation
# cut-offs are read from the standards app (standards/data/2022-2025/: standard.yaml, derivation.yaml), never copied
# here. Most cut-offs are [P] (the annex of Decree 07/2021 could not be read), so where a reading is unsure the
# generator keeps to cases every reading agrees on: deprived workers are 18–50 (inside working age however the
# retirement age rises, Labour Code 2019 Art. 169); children under 6 are always insured (Law on Health Insurance
# Art. 12) and the uninsured member is a child of 6–15 when there is one (deprived on the "child over 6" reading too);
# adults keep an education level enough for the adult-education indicator up to 32, two years past its 30.
STANDARD_CODE = "2022-2025"


@dataclass(frozen=True)
class RateTarget:
    poor: float  # % of households
    near_poor: float
    source: str


# National 2024 result, Decision 217/QĐ-BLĐTBXH of 04/02/2025 (spec §10.2 [V]): poor 1.93 %, poor + near-poor
# 4.06 % (near-poor 2.13 % derived).
NATIONAL_2024 = RateTarget(1.93, 4.06 - 1.93, "Decision 217/QĐ-BLĐTBXH, 04/02/2025")
_NATIONAL_POOR_SHARE = NATIONAL_2024.poor / (NATIONAL_2024.poor + NATIONAL_2024.near_poor)


def _split_by_national_ratio(multidimensional: float) -> RateTarget:
    # Only the multidimensional (poor + near-poor) rate is published for these regions in 2024; the split uses
    # the national ratio poor / (poor + near-poor) = 1.93 / 4.06.
    poor = round(multidimensional * _NATIONAL_POOR_SHARE, 2)
    return RateTarget(poor, round(multidimensional - poor, 2), "2024 regional total; split by the national ratio")


# Regional rates of the 2024 review (spec §10.2 [V]).
RATE_TARGETS_2024: Mapping[str, RateTarget] = {
    Region.NORTHERN_MIDLANDS_MOUNTAINS: RateTarget(8.72, round(14.98 - 8.72, 2), "2024: poor 8.72 %, total 14.98 %"),
    Region.RED_RIVER_DELTA: RateTarget(0.50, round(1.40 - 0.50, 2), "2024: poor 0.5 %, total 1.40 %"),
    Region.NORTH_CENTRAL_COAST: _split_by_national_ratio(6.24),
    Region.CENTRAL_HIGHLANDS: _split_by_national_ratio(9.45),
    Region.SOUTHEAST: _split_by_national_ratio(0.15),
    Region.MEKONG_DELTA: _split_by_national_ratio(3.14),
}

# The published results of earlier reviews under the 2022–2025 standard (spec §10.2 [V]), for the synthetic history
# of `seed_synthetic --years`: the national poor and near-poor rates (%), and each region's multidimensional
# (poor + near-poor) rate (%), by review year.
NATIONAL_RATES: Mapping[int, RateTarget] = {
    2022: RateTarget(4.03, 3.49, "2022 review, published early 2023"),
    2023: RateTarget(2.93, 2.78, "2023 review, published 2024"),
    2024: NATIONAL_2024,
}
REGIONAL_MULTIDIMENSIONAL: Mapping[str, Mapping[int, float]] = {
    Region.NORTHERN_MIDLANDS_MOUNTAINS: {2022: 21.92, 2023: 18.20, 2024: 14.98},
    Region.RED_RIVER_DELTA: {2022: 2.45, 2023: 1.87, 2024: 1.40},
    Region.NORTH_CENTRAL_COAST: {2022: 10.04, 2023: 8.03, 2024: 6.24},
    Region.CENTRAL_HIGHLANDS: {2022: 15.39, 2023: 12.46, 2024: 9.45},
    Region.SOUTHEAST: {2022: 0.34, 2023: 0.23, 2024: 0.15},
    Region.MEKONG_DELTA: {2022: 5.73, 2023: 4.15, 2024: 3.14},
}

# The 12 indicators of Decree 07/2021 Art. 3(2), in the official order (spec §2.2 [V]).
INDICATORS = (
    "employment",
    "dependants",
    "nutrition",
    "health_insurance",
    "adult_education",
    "child_schooling",
    "housing_quality",
    "housing_area",
    "water",
    "latrine",
    "telecom",
    "information_devices",
)

_STUDYING = (
    Schooling.PRESCHOOL,
    Schooling.PRIMARY,
    Schooling.LOWER_SECONDARY,
    Schooling.UPPER_SECONDARY,
    Schooling.VOCATIONAL,
    Schooling.HIGHER,
)
