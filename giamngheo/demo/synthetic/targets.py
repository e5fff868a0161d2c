"""Targets and standard (data, with sources): the reference date, the 2024 regional rates the generated data meet,
and the 2022–2025 poverty line, indicators and deprivation cut-offs they are built against."""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from giamngheo.areas.models import AreaType, Region
from giamngheo.registry.models import Disability, Education, Employment, Latrine, Schooling, WaterSource

# Facts are "as of" the first day of the 2025 periodic review window (Decision 24/2021: 01/9–14/12, spec §4.2), so
# the generated data do not change with the day they are generated.
REFERENCE_DATE = datetime.date(2025, 9, 1)


# Decree 07/2021/NĐ-CP Art. 3(1)(a) (spec §2.1 [V]): income poverty line, VND per person per month.
POVERTY_LINE_2022_2025 = {AreaType.RURAL: 1_500_000, AreaType.URBAN: 2_000_000}


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

# The deprivation cut-offs the generated facts realise (spec §2.3; most are [P]: the annex of Decree 07/2021 could
# not be read). The standards engine keeps its own dated copy; this one only shapes synthetic data. Ages are full
# years at REFERENCE_DATE. Where the spec is unsure, the generator keeps to cases both readings agree on (noted).
DEPRIVATION_CUTOFFS_2022_2025: Mapping[str, Mapping[str, Any]] = {
    "employment": {
        "ref": "spec §2.3 #1 [P]",
        "rule": "a working-age member is unemployed, or works for wages without a labour contract",
        # Labour Code 2019 Art. 3, 169: from 15 to the retirement age (rising; 2025: men 61 y 3 m, women 56 y 8 m).
        # Deprived members are drawn aged 18–50, inside working age on any reading.
        "working_age": (15, 60),
        "deprived_if_employment": (Employment.UNEMPLOYED,),
        "deprived_if_wage_without_contract": True,
    },
    "dependants": {
        "ref": "spec §2.3 #2 [P]",
        "rule": "more than 50 % of members are dependants",
        "share_above": 0.5,
        "child_under": 16,
        # Elderly (Law on the Elderly 2009 Art. 2: 60+) or disabled persons receiving a monthly social allowance.
        "elderly_from": 60,
        "disability_levels": (Disability.SEVERE, Disability.VERY_SEVERE),
        "needs_social_allowance": True,
    },
    "nutrition": {"ref": "spec §2.3 #3 [P]", "rule": "a child under 16 is malnourished", "child_under": 16},
    "health_insurance": {
        "ref": "spec §2.3 #4 [U]",
        "rule": "a member aged 6 or older has no health insurance",
        # Children under 6 are insured by the state (Law on Health Insurance Art. 12) and always are here; the
        # uninsured member is a child of 6–15 when there is one, which is deprived on the "child over 6" reading too.
        "age_from": 6,
    },
    "adult_education": {
        "ref": "spec §2.3 #5 [P]",
        "rule": "a member aged 16–30 is not studying and lacks the diploma appropriate for the age",
        "age_range": (16, 30),
        "adult_from": 18,
        "teen_enough": (
            Education.LOWER_SECONDARY,
            Education.UPPER_SECONDARY,
            Education.VOCATIONAL,
            Education.COLLEGE,
            Education.UNIVERSITY,
        ),
        "adult_enough": (Education.UPPER_SECONDARY, Education.VOCATIONAL, Education.COLLEGE, Education.UNIVERSITY),
        "studying": _STUDYING,
    },
    "child_schooling": {
        "ref": "spec §2.3 #6 [P]",
        "rule": "a child aged 3 to under 16 does not attend the school level appropriate for the age",
        "age_range": (3, 15),
        "appropriate": {
            3: (Schooling.PRESCHOOL,),
            4: (Schooling.PRESCHOOL,),
            5: (Schooling.PRESCHOOL,),
            **{age: (Schooling.PRIMARY,) for age in range(6, 11)},
            **{age: (Schooling.LOWER_SECONDARY,) for age in range(11, 15)},
            15: (Schooling.LOWER_SECONDARY, Schooling.UPPER_SECONDARY, Schooling.VOCATIONAL),
        },
    },
    "housing_quality": {
        "ref": "spec §2.3 #7 [P]",
        "rule": "at least 2 of wall, column (frame), roof are not durable",
        "non_durable_at_least": 2,
    },
    "housing_area": {"ref": "spec §2.3 #8 [P]", "rule": "floor area per person below 8 m²", "m2_per_person_below": 8},
    "water": {
        "ref": "spec §2.3 #9 [P]",
        "rule": "the domestic water source is not a safe one",
        "unsafe": (
            WaterSource.UNPROTECTED_WELL,
            WaterSource.UNPROTECTED_SPRING,
            WaterSource.SURFACE,
            WaterSource.OTHER,
        ),
    },
    "latrine": {
        "ref": "spec §2.3 #10 [P]; hygienic types after QCVN 01:2011/BYT",
        "rule": "the household does not use a hygienic latrine",
        "unhygienic": (Latrine.SIMPLE_PIT, Latrine.NONE, Latrine.OTHER),
    },
    "telecom": {"ref": "spec §2.3 #11 [U]", "rule": "no member uses telecom or internet services"},
    "information_devices": {
        "ref": "spec §2.3 #12 [U]",
        "rule": "owns none of TV, radio, computer, smartphone",
        "devices": ("owns_tv", "owns_radio", "owns_computer", "owns_smartphone"),
    },
}
