"""Synthetic households for demonstrations and benchmarks (`manage.py seed_synthetic`, `manage.py demo_setup`).

The data look like a commune's register: 2019-census household sizes, families (head, spouse, children, elderly
parents, three generations), Vietnamese names by ethnic group, the ethnic mix of the region, valid CCCDs, and the
living-condition facts of the 2022–2025 standard. They are built so that, classified under that standard (Decree
07/2021/NĐ-CP, spec §2.4), each region's poor and near-poor rates are the 2024 published ones (spec §10.2):

1. every household's status is drawn first, as exact counts per region (RATE_TARGETS_2024), spread unevenly over
   the communes (mountain and rural communes poorer than wards);
2. its income is drawn on the right side of the poverty line, and the number of deprived indicators to match
   (poor: ≥ 3; near-poor: 0–2; not poor: anything);
3. which indicators are deprived is drawn among those the household's members make possible, and the register
   facts are then set so that exactly those indicators are deprived under DEPRIVATION_CUTOFFS_2022_2025.

Deterministic: the same seed, province and number of households on an empty register give the same rows. Household
codes carry the seed (`<commune>-S<seed>-<number>`), so a seed is used once per province. CCCD serials continue
from the highest serial already in the register for the same province/century/sex/year prefix, so later runs (any
seed, any province) never reuse a number.

Generation is vectorised with numpy, chunk by chunk, so memory stays bounded and the database is the bottleneck.
"""

import datetime
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.db.models.functions import Left

from giamngheo.accounts.models import User
from giamngheo.areas.models import AdminUnit, AreaType, Era, Level, Region, UnitSuccession, Village, VillageKind
from giamngheo.registry.bulk import HouseholdBatch, households_bulk_create, villages_ensure
from giamngheo.registry.models import (
    Disability,
    Education,
    Employment,
    Household,
    Latrine,
    Person,
    Relation,
    Schooling,
    Sex,
    Status,
    WasteTreatment,
    WaterSource,
)
from giamngheo.registry.validators import CCCD_PROVINCE_CODES

# Facts are "as of" the first day of the 2025 periodic review window (Decision 24/2021: 01/9–14/12, spec §4.2), so
# the generated data do not change with the day they are generated.
REFERENCE_DATE = datetime.date(2025, 9, 1)
CHUNK_SIZE = 20_000

# ---------------------------------------------------------------------------------------------------------------
# Targets and standard (data, with sources)
# ---------------------------------------------------------------------------------------------------------------

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

# ---------------------------------------------------------------------------------------------------------------
# Shapes of the synthetic population (illustrative, rounded; not legal data)
# ---------------------------------------------------------------------------------------------------------------

# 2019 census: 3.5 persons per household (spec §10.2 [V]); the shape of the distribution is illustrative.
HOUSEHOLD_SIZES = {1: 0.10, 2: 0.20, 3: 0.21, 4: 0.25, 5: 0.13, 6: 0.065, 7: 0.025, 8: 0.012, 9: 0.008}

# How many indicators a household is deprived in, by status (poor: ≥ 3 by definition; near-poor: < 3).
DEPRIVATION_COUNTS = {
    Status.POOR: {3: 0.34, 4: 0.27, 5: 0.18, 6: 0.11, 7: 0.06, 8: 0.04},
    Status.NEAR_POOR: {0: 0.25, 1: 0.40, 2: 0.35},
    Status.NOT_POOR: {0: 0.52, 1: 0.27, 2: 0.12, 3: 0.05, 4: 0.03, 5: 0.01},
}
# Relative frequency of each indicator among the deprived ones (same order as INDICATORS).
INDICATOR_WEIGHTS = (1.0, 0.9, 0.5, 0.8, 0.9, 0.3, 0.9, 0.5, 0.9, 1.2, 0.2, 0.5)

# Median income per person per month of households above the line (VND), rural / urban. Rounded from GSO's
# 2024 living-standards figures (national ≈ 5.4 M, urban ≈ 7.1 M, rural ≈ 4.4 M); regional spread illustrative.
MEDIAN_INCOME: dict[str, tuple[int, int]] = {
    Region.NORTHERN_MIDLANDS_MOUNTAINS: (3_300_000, 5_500_000),
    Region.RED_RIVER_DELTA: (5_500_000, 8_000_000),
    Region.NORTH_CENTRAL_COAST: (4_000_000, 6_200_000),
    Region.CENTRAL_HIGHLANDS: (3_800_000, 5_800_000),
    Region.SOUTHEAST: (6_000_000, 8_500_000),
    Region.MEKONG_DELTA: (4_500_000, 6_000_000),
}

HOUSEHOLDS_PER_VILLAGE = 250
VILLAGES_PER_COMMUNE = (3, 40)
# Village names by region and area: thôn / tổ dân phố in the north and centre, ấp / khóm or khu phố in the south.
VILLAGE_KINDS: dict[str, tuple[str, str]] = {
    Region.SOUTHEAST: (VillageKind.AP, VillageKind.KHU_PHO),
    Region.MEKONG_DELTA: (VillageKind.AP, VillageKind.KHOM),
}
VILLAGE_KIND_NAMES: dict[str, str] = {
    VillageKind.THON: "Thôn",
    VillageKind.TO_DAN_PHO: "Tổ dân phố",
    VillageKind.AP: "Ấp",
    VillageKind.KHOM: "Khóm",
    VillageKind.KHU_PHO: "Khu phố",
}

# Ethnic composition of households (%), rounded from the 2019 census, by region and, where minorities are many,
# by pre-2025 province (a new commune takes the mix of the old provinces it came from).


def _shares(text: str) -> dict[str, float]:
    """ "01:45 02:13" → {"01": 45.0, "02": 13.0} (ethnicity codes of data/ethnicities.csv)."""
    return {code: float(value) for code, value in (item.split(":") for item in text.split())}


ETHNIC_SHARES_BY_REGION: dict[str, dict[str, float]] = {
    Region.NORTHERN_MIDLANDS_MOUNTAINS: _shares(
        "01:45 02:13 03:10 06:7 07:7 08:9 09:5.5 15:1 18:0.7 25:0.4 29:0.5 35:0.2"
    ),
    Region.RED_RIVER_DELTA: _shares("01:98 06:0.8 02:0.3 18:0.3 09:0.3 04:0.3"),
    Region.NORTH_CENTRAL_COAST: _shares(
        "01:91 03:2.5 06:1.5 29:0.4 23:0.9 26:0.5 31:0.3 19:0.7 14:0.5 13:0.6 17:0.6 21:0.7 30:0.2 27:0.3"
    ),
    Region.CENTRAL_HIGHLANDS: _shares(
        "01:64 12:9 10:11 13:3.5 14:2.5 16:3.5 20:2.5 02:1.8 07:1.8 08:0.8 09:0.5 28:0.6 03:0.5"
    ),
    Region.SOUTHEAST: _shares("01:93 04:4 05:1.5 17:0.4 22:0.6 32:0.3 28:0.2"),
    Region.MEKONG_DELTA: _shares("01:91.5 05:7 04:1.2 17:0.3"),
}
# Old province code: shares. Hà Giang, Cao Bằng, Bắc Kạn, Tuyên Quang, Lào Cai, Điện Biên, Lai Châu, Sơn La, Yên Bái,
# Hòa Bình, Lạng Sơn, Thanh Hóa, Nghệ An, Quảng Trị, Quảng Nam, Quảng Ngãi, Ninh Thuận, Kon Tum, Gia Lai, Đắk Lắk,
# Đắk Nông, Lâm Đồng, Bình Phước, Trà Vinh, An Giang, Kiên Giang, Sóc Trăng, Bạc Liêu.
ETHNIC_SHARES_BY_LEGACY_PROVINCE = {
    province: _shares(text)
    for province, text in (
        line.split(" ", 1)
        for line in """
02 08:33 02:23 09:15 01:13 07:10 25:2 38:1.5 40:1
04 02:41 07:31 08:11 09:10 01:5 15:1
06 02:52 09:17 01:12 07:10 08:7
08 01:46 02:25 09:11 15:8 08:3 07:2 18:1.5
10 01:35 08:25 02:15 09:14 25:4 07:4 35:1 40:1
11 03:38 08:36 01:18 29:3 09:1 35:1 37:1
12 08:38 03:30 01:14 09:12 35:3 25:1.5 42:1
14 03:54 01:17 08:17 06:8 09:1.5 34:2 29:1
15 01:50 02:18 09:11 08:11 03:6 06:1 07:1 25:1
17 06:63 01:28 03:4 09:2 02:2 08:0.5
20 07:42 02:35 01:16 09:4 15:1 08:0.5
38 01:84 06:9 03:6 08:0.5 09:0.3
40 01:86 03:10 29:1.3 08:1.2 24:1.5
45 01:90 23:8 31:2
49 01:91 26:4 14:3 27:1.5
51 01:86 19:10 30:3 14:1.5
58 01:76 17:12 21:11
62 01:46 14:24 13:12 27:8 10:5 52:1 54:1
64 01:52 10:34 13:12
66 01:65 12:18 07:4 02:3 20:2 08:1.5 09:1 10:1 03:1
67 01:68 20:10 07:6 08:5 02:5 09:2 12:1 28:1
68 01:75 16:13 28:3 36:2 07:2 02:2 08:1
70 01:82 22:9 07:2.5 02:2 05:1.6
84 01:68 05:32
89 01:94 05:4 17:0.7 04:0.6
91 01:85 05:13 04:2
94 01:64 05:30 04:6
95 01:90 05:8 04:2
""".strip().splitlines()
    )
}
# How much more often a household of each group is poor than a Kinh one (illustrative; minorities are about 15 %
# of the population but over half of poor households). Near-poor uses the square root. Unlisted minorities: 6.
POVERTY_RISK = _shares(
    "01:1 04:0.7 02:4 07:4.5 03:5 06:4 08:12 09:7 15:4 18:2.5 25:6 29:10 35:9 34:10 42:9 12:5 10:7 13:8 14:9 16:5 "
    "20:7 28:6 36:5 19:9 30:9 26:8 27:9 23:9 31:8 21:9 17:3.5 05:3.5 22:5 32:4"
)

# ---------------------------------------------------------------------------------------------------------------
# Names
# ---------------------------------------------------------------------------------------------------------------


def _nfc_pool(text: str) -> tuple[str, ...]:
    return tuple(unicodedata.normalize("NFC", name.strip()) for name in text.split(",") if name.strip())


def _weighted(text: str) -> tuple[tuple[str, ...], np.ndarray]:
    """ "Nguyễn 38, Trần 12" → names and probabilities."""
    names, weights = [], []
    for part in text.split(","):
        name, weight = part.strip().rsplit(" ", 1)
        names.append(unicodedata.normalize("NFC", name))
        weights.append(float(weight))
    p = np.array(weights)
    return tuple(names), p / p.sum()


# Family names of Kinh households with their approximate frequencies (Nguyễn ≈ 38 %, Trần ≈ 11 %, Lê ≈ 9.5 %,
# Phạm ≈ 7 %, Hoàng/Huỳnh ≈ 5 %, …): Hoàng and Vũ in the north, Huỳnh and Võ in the south, both in the centre.
_KINH_COMMON = (
    "Nguyễn 38, Trần 11, Lê 9.5, Phạm 7, Phan 4, Đặng 2.1, Bùi 2.1, Đỗ 1.6, Hồ 1.3, Ngô 1.3, Dương 1, Lý 0.5, "
    "Đinh 1, Trịnh 0.8, Đào 0.8, Mai 0.6, Lương 0.5, Cao 0.5, Tạ 0.3, Hà 0.6, Lưu 0.3, Chu 0.3, Tô 0.3, Văn 0.2, "
    "Phùng 0.3, Kiều 0.2, Lâm 0.4, Châu 0.3, Trương 0.6, Thái 0.2, Tăng 0.1, Triệu 0.2, Quách 0.1"
)
_KINH_FAMILIES = {
    "north": _weighted(_KINH_COMMON + ", Hoàng 5.1, Vũ 3.9"),
    "centre": _weighted(_KINH_COMMON + ", Hoàng 2.5, Huỳnh 2.6, Vũ 1.2, Võ 2.7"),
    "south": _weighted(_KINH_COMMON + ", Huỳnh 5.1, Võ 3.9"),
}
_KINH_MALE_MIDDLE_OLD = _nfc_pool(
    "Văn,Văn,Văn,Văn,Văn,Văn,Đức,Minh,Quang,Hữu,Công,Thanh,Xuân,Ngọc,Đình,Trọng,Quốc,Tiến"
)
_KINH_MALE_MIDDLE_YOUNG = _nfc_pool("Văn,Văn,Đức,Minh,Quang,Hữu,Công,Thành,Quốc,Tiến,Duy,Gia,Hoàng,Anh,Bảo,Đăng,Trung")
_KINH_FEMALE_MIDDLE_OLD = _nfc_pool("Thị,Thị,Thị,Thị,Thị,Thị,Thị,Thu,Ngọc,Thanh,Hồng,Bích,Kim,Minh,Phương")
_KINH_FEMALE_MIDDLE_YOUNG = _nfc_pool("Thị,Thị,Thu,Ngọc,Thanh,Minh,Thùy,Hồng,Phương,Mai,Khánh,Bảo,Diệu,Quỳnh,Hà,Kim")
_KINH_MALE_GIVEN_OLD = _nfc_pool(
    "Hùng,Dũng,Tuấn,Minh,Nam,Hải,Hưng,Long,Thắng,Cường,Sơn,Phong,Quân,Đức,Thành,Trung,Bình,Hiếu,Tùng,Hoàng,Vinh,"
    "Tâm,Lâm,Toàn,Lợi,Tài,Tiến,Quang,Hòa,Lộc,Nghĩa,Thái,Chiến,Thọ,Tú,Hậu,Khánh,Phúc,Sáu,Bảy,Tư,Năm"
)
_KINH_MALE_GIVEN_YOUNG = _nfc_pool(
    "Huy,Khánh,Phúc,An,Bảo,Khôi,Đạt,Kiên,Thịnh,Việt,Duy,Phát,Trí,Vũ,Anh,Khang,Đăng,Nhân,Quân,Minh,Nam,Long,Tùng,"
    "Hiếu,Hưng,Dương,Hoàng,Lâm,Tuấn,Thành,Sơn,Hải,Nguyên,Hào"
)
_KINH_FEMALE_GIVEN_OLD = _nfc_pool(
    "Lan,Hương,Hoa,Mai,Hạnh,Hằng,Nga,Thủy,Hà,Nhung,Dung,Loan,Liên,Oanh,Tuyết,Vân,Xuân,Hiền,Lý,Bích,Hồng,Nhàn,Thơm,"
    "Hòa,Tươi,Thắm,Huệ,Sen,Cúc,Đào,Lệ,Thu,Tâm,Yến,Phượng,Lụa,Hợi,Chung"
)
_KINH_FEMALE_GIVEN_YOUNG = _nfc_pool(
    "Linh,Ngọc,Thảo,Trang,Huyền,Phương,Anh,Chi,Giang,My,Ngân,Nhi,Quỳnh,Trinh,Uyên,Vy,Hà,Mai,Lan,Hương,An,Hân,"
    "Yến,Thư,Hoa,Nhung,Hằng,Thủy,Diệp,Châu"
)


@dataclass(frozen=True)
class _NameStyle:
    """How one group's names are built. `pattern`: fmg = family middle given; gc = given clan; cg = clan given;
    g = given only (given names then carry their prefix: "A Thút", "Y Ngọc", "K'Brơi", "H'Nhi")."""

    pattern: str
    families: tuple[tuple[str, ...], np.ndarray]
    male_middle: tuple[tuple[str, ...], tuple[str, ...]]  # (born before 1985, after)
    female_middle: tuple[tuple[str, ...], tuple[str, ...]]
    male_given: tuple[tuple[str, ...], tuple[str, ...]]
    female_given: tuple[tuple[str, ...], tuple[str, ...]]
    matrilineal: bool = False


def _style(
    pattern: str,
    families: str,
    male_middle: str,
    female_middle: str,
    male_given: str,
    female_given: str,
    matrilineal: bool = False,
) -> _NameStyle:
    both = lambda pool: (pool, pool)  # noqa: E731
    return _NameStyle(
        pattern=pattern,
        families=_weighted(families) if families else ((), np.array([])),
        male_middle=both(_nfc_pool(male_middle)),
        female_middle=both(_nfc_pool(female_middle)),
        male_given=both(_nfc_pool(male_given)),
        female_given=both(_nfc_pool(female_given)),
        matrilineal=matrilineal,
    )


def _kinh_style(region_key: str) -> _NameStyle:
    return _NameStyle(
        pattern="fmg",
        families=_KINH_FAMILIES[region_key],
        male_middle=(_KINH_MALE_MIDDLE_OLD, _KINH_MALE_MIDDLE_YOUNG),
        female_middle=(_KINH_FEMALE_MIDDLE_OLD, _KINH_FEMALE_MIDDLE_YOUNG),
        male_given=(_KINH_MALE_GIVEN_OLD, _KINH_MALE_GIVEN_YOUNG),
        female_given=(_KINH_FEMALE_GIVEN_OLD, _KINH_FEMALE_GIVEN_YOUNG),
    )


_KINH_GIVEN_M = ",".join(_KINH_MALE_GIVEN_OLD[:30])
_KINH_GIVEN_F = ",".join(_KINH_FEMALE_GIVEN_OLD[:30])
# Name styles, one block each: "[key] pattern" then "family:", "male middle:", "female middle:", "male given:",
# "female given:" lines (comma-separated; a field may continue on a second line with the same label; "KINH" = the
# Kinh given names; no middle line = no middle name). Ê-đê and Gia-rai pass the clan name through the mother.
_STYLE_TABLE = """
[tay_nung] fmg
family: Hoàng 18, Nông 12, Lục 5, Lương 7, Triệu 5, Bế 5, Ma 5, Hà 6, Vi 5, Lộc 3, Đinh 4, La 3, Mạc 3, Lăng 2
family: Hứa 3, Chu 3, Nguyễn 6, Lý 3
male middle: Văn
female middle: Thị
male given: KINH
female given: KINH
[thai] fmg
family: Lò 20, Lường 12, Cầm 8, Quàng 7, Hà 10, Vi 8, Lê 6, Tòng 6, Điêu 4, Sầm 3, Lù 4, Bạc 3, Mè 2
male middle: Văn
female middle: Thị
male given: Ún, Pánh, Phăn, Ính, Sương, Xiêng, Chiến, Thanh, Hùng, Tuấn, Khăm, Pấng, Chăn, Panh, Thoan
female given: Ún, Xiêng, Bun, Ánh, Nga, Lả, Hoa, Thoa, Phóng, Lan, Ín, Sương, Thiêm, Pọm
[muong] fmg
family: Bùi 25, Đinh 20, Quách 12, Hà 10, Bạch 6, Xa 5, Cao 5, Nguyễn 10, Phạm 7
male middle: Văn
female middle: Thị
male given: KINH
female given: KINH
[mong] fmg
family: Giàng 16, Vàng 14, Sùng 12, Thào 12, Lầu 7, Hầu 6, Lý 8, Mùa 6, Hờ 4, Ly 4, Tráng 4, Cứ 3, Vừ 4
male middle: A, A, Seo, Mí, Chẩn, Văn
female middle: Thị
male given: Páo, Sử, Chứ, Dế, Lử, Pó, Sính, Chư, Tủa, Dình, Vả, Súa, Lềnh, Mua, Chá, Tông, Nhè, Pao
female given: Mỷ, Dở, Sua, Pà, Mỉ, Dợ, Chi, Máy, Mai, Sở, Chia, Của, Lan, Say, Dung
[dao] fmg
family: Triệu 22, Bàn 20, Đặng 18, Lý 12, Chảo 10, Phàn 6, Tẩn 6, Sần 3
male middle: Văn, Văn, Láo, Kiềm, Phù, Seo
female middle: Thị, Thị, Mùi
male given: Sinh, Quẩy, Phin, Chòi, Tòng, Vần, Lở, Chài, Phú, Kiều, Dũng, Minh
female given: Mẩy, Chiêu, Liềm, Nái, Xuân, Lan, Hoa, Sinh, Mai, Dung
[hoa] fmg
family: Lâm 14, Quách 8, Lý 12, Trần 10, Trương 10, Hứa 6, Mã 6, Châu 8, Tăng 6, Diệp 5, Hồng 4, Lưu 6, Vương 5
male middle: Văn, Quốc, Gia, Vĩnh, Chí
female middle: Thị, Mỹ, Lệ, Tuyết, Ngọc
male given: Kiệt, Quang, Phát, Vĩnh, Cường, Hùng, Minh, Huy, Khải, Thông, Tài, Lương
female given: Huê, Muội, Mỹ, Linh, Phương, Lan, Hoa, Ngọc, Vân, Hân, Bình
[khmer] fmg
family: Thạch 25, Sơn 18, Kim 12, Danh 12, Lâm 8, Chau 8, Lý 5, Trần 4, Huỳnh 4, Dương 4
female middle: Thị
male given: Sóc, Phol, Sô Phal, Chanh Đa, Sa Rươne, Kha, Ni, Sang, Hên, Sóc Khum, Pho, Sa Vát, Đa Ra
female given: Sa Rây, Sa Ly, Ri Na, Sô Phia, Sa Vên, Chanh Thi, Mây, Thu, Sóc Kha, Ni Ta, Sa Rinh, Sô Phi
[cham] fmg
family: Đàng 20, Quảng 12, Thông 10, Lưu 8, Phú 8, Thuận 8, Châu 6, Trượng 5, Báo 4, Hán 5
male middle: Văn, Năng
female middle: Thị
male given: Năng, Sa, Ja, Thọ, Sanh, Tài, Phú, Hải, Quang, Sơn
female given: Hoa, Thu, Lan, Mai, Ngọc, Năng, Sương, Thị Hà, Sen
[ede] gc
family: Niê 20, Ayun 12, Êban 10, Byă 10, Mlô 8, Adrơng 8, Ksơr 8, Hđơk 6, Knul 6, Buôn Yă 5
male given: Y Bhin, Y Khuê, Y Đhăm, Y Jơn, Y Thuột, Y Sang, Y Ngơn, Y Ju, Y Blin, Y Kông, Y Tlang, Y Phê
female given: H'Nhi, H'Bia, H'Lan, H'Mai, H'Hen, H'Ra, H'Bơ, H'Duen, H'Yim, H'Juen, H'Ngăm
[jarai] cg
family: Siu 18, Rơ Châm 12, Ksor 16, Rơ Mah 12, Nay 12, Kpă 10, Rah Lan 8, Puih 8, Rơ Lan 6
male given: Blênh, Phước, Dơn, Thuyên, Nhen, Yuh, Hyưk, Deh, Bông, Rin, Thơ
female given: H'Phin, H'Ngơn, H'Bơ, H'Lan, H'Jen, H'Trang, H'Hrứ, H'Bia, H'Dơk
[bana] g
male given: A Thút, A Nhưm, A Blong, A Tho, A Hyui, A Nhơm, A Krong, A Đứp, A Plun, A Bưn, A Thanh, A Rin
female given: Y Ngọc, Y Nhân, Y Hlin, Y Bưn, Y Blơi, Y Phương, Y Rin, Y Tuyết, Y Hoa, Y Lan
[coho] g
male given: K'Brơi, K'Điểu, K'Sơn, K'Dũng, K'Tuấn, K'Nhiên, K'Đôn, K'Bình, K'Plin
female given: Ka Điệp, Ka Hoa, Ka Thoa, Ka Lý, Ka Nhung, Ka Bố, Ka Hin, Ka Hương
[mnong] g
male given: Điểu Đoan, Điểu Lới, Điểu Kré, Điểu Ray, Điểu Bê, Điểu Khanh, Điểu Nhon
female given: Thị Bích, Thị Hoa, Thị Mai, Thị Ngọc, Thị Hang, Thị Sía
[central] fmg
family: Hồ 30, Alăng 8, Bhling 6, Zơrâm 5, Pơloong 4, Kăn 5, Pả 5, Pinăng 6, Mấu 5, Chamaléa 5, Đinh 10, Quách 4
family: Lò 4
male middle: Văn
female middle: Thị
male given: KINH
female given: KINH
"""
_MATRILINEAL = {"ede", "jarai"}


def _styles_from_table(table: str) -> dict[str, _NameStyle]:
    blocks: dict[str, dict[str, list[str]]] = {}
    patterns: dict[str, str] = {}
    for line in table.strip().splitlines():
        if line.startswith("["):
            key, pattern = line[1:].split("] ")
            blocks[key], patterns[key] = defaultdict(list), pattern
        else:
            label, values = line.split(":", 1)
            blocks[key][label].append(values.strip())

    def field(key: str, label: str, kinh: str = "") -> str:
        text = ", ".join(blocks[key].get(label, []))
        return kinh if text == "KINH" else text

    return {
        key: _style(
            patterns[key],
            field(key, "family"),
            field(key, "male middle"),
            field(key, "female middle"),
            field(key, "male given", _KINH_GIVEN_M),
            field(key, "female given", _KINH_GIVEN_F),
            matrilineal=key in _MATRILINEAL,
        )
        for key in blocks
    }


NAME_STYLES: dict[str, _NameStyle] = {
    "kinh_north": _kinh_style("north"),
    "kinh_centre": _kinh_style("centre"),
    "kinh_south": _kinh_style("south"),
    **_styles_from_table(_STYLE_TABLE),
}
# Ethnicity codes → name style; any other minority: tay_nung.
_STYLE_BY_ETHNICITY = {
    code: style
    for style, codes in (
        ("tay_nung", "02 07 15 18 25"), ("thai", "03 29 42 37"), ("muong", "06 24"), ("mong", "08 35 41 43"),
        ("dao", "09"), ("hoa", "04 11"), ("khmer", "05"), ("cham", "17"), ("ede", "12"), ("jarai", "10"),
        ("bana", "13 14 19 27 30 52 54"), ("coho", "16 28 36"), ("mnong", "20 22 32"),
    )
    for code in codes.split()
}  # fmt: skip
_KINH_STYLE_BY_REGION: dict[str, str] = {
    Region.NORTHERN_MIDLANDS_MOUNTAINS: "kinh_north", Region.RED_RIVER_DELTA: "kinh_north",
    Region.NORTH_CENTRAL_COAST: "kinh_centre", Region.CENTRAL_HIGHLANDS: "kinh_centre",
    Region.SOUTHEAST: "kinh_south", Region.MEKONG_DELTA: "kinh_south",
}  # fmt: skip
_STYLE_KEYS = tuple(NAME_STYLES)

OCCUPATIONS = {
    Employment.FARMING: _nfc_pool(
        "Trồng lúa,Trồng ngô - sắn,Chăn nuôi,Trồng rừng,Làm vườn,Trồng chè,Nuôi trồng thủy sản"
    ),
    Employment.SELF_EMPLOYED: _nfc_pool("Buôn bán nhỏ,Thợ may,Sửa xe,Bán hàng ăn,Thợ mộc,Cắt tóc,Xe ôm"),
    Employment.WAGE: _nfc_pool("Công nhân,Công nhân may,Lái xe,Bảo vệ,Nhân viên bán hàng,Thợ điện"),
}
QUALIFIED_WORK = _nfc_pool("Giáo viên,Nhân viên văn phòng,Kỹ sư,Y sĩ,Kế toán,Cán bộ xã")
CASUAL_WORK = _nfc_pool("Làm thuê,Phụ hồ,Làm thuê thời vụ,Bốc vác,Giúp việc")

# ---------------------------------------------------------------------------------------------------------------
# Plan: how many households each commune gets, and each household's status
# ---------------------------------------------------------------------------------------------------------------

_STATUS_CODES = (Status.NOT_POOR, Status.NEAR_POOR, Status.POOR)
_NOT_POOR, _NEAR_POOR, _POOR = 0, 1, 2
_ETHNICITIES = tuple(
    sorted(
        {code for shares in ETHNIC_SHARES_BY_REGION.values() for code in shares}
        | {code for shares in ETHNIC_SHARES_BY_LEGACY_PROVINCE.values() for code in shares}
    )
)


@dataclass(frozen=True, kw_only=True)
class CommuneSpec:
    """What the generator needs to know about one current-era commune."""

    id: int
    code: str
    area_type: str
    region: str
    legacy_province_codes: tuple[str, ...] = ()  # 2-digit codes of the old provinces it came from
    legacy_commune_ids: tuple[int, ...] = ()


@dataclass(frozen=True, kw_only=True)
class SyntheticPlan:
    seed: int
    communes: tuple[CommuneSpec, ...]
    households_per_commune: np.ndarray
    villages_per_commune: np.ndarray
    commune_of: np.ndarray  # per household, sorted by commune
    status: np.ndarray  # per household: index into _STATUS_CODES
    number: np.ndarray  # per household: 1-based number within its commune (the code's suffix)
    ethnic_cdf: np.ndarray  # [commune, status, ethnicity] cumulative probabilities of the head's group

    @property
    def households(self) -> int:
        return len(self.commune_of)

    def code(self, commune: CommuneSpec, number: int) -> str:
        return f"{commune.code}-S{self.seed}-{number:06d}"

    def status_counts(self) -> dict[str, dict[str, int]]:
        """{region: {status: households}} of the plan."""
        counts: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(_STATUS_CODES, 0))
        regions = np.array([c.region for c in self.communes])
        for region in sorted(set(regions.tolist())):
            in_region = regions[self.commune_of] == region
            tally = np.bincount(self.status[in_region], minlength=3)
            counts[region] = {str(_STATUS_CODES[i]): int(tally[i]) for i in range(3)}
        return dict(counts)


def _rng(seed: int, *key: int) -> np.random.Generator:
    return np.random.default_rng(np.random.SeedSequence(entropy=seed, spawn_key=key))


def _apportion(
    sizes: np.ndarray, weights: np.ndarray, total: int, cap: float, room: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """Integer counts per commune summing to `total`, proportional to sizes × weights, at most cap × size and room.

    Largest remainders decide the last units, so a region's total is exact and its rate is the target.
    """
    limit = np.minimum(np.floor(cap * sizes), room).astype(np.int64)
    total = int(min(total, limit.sum()))
    share = sizes * weights
    expected = np.zeros(len(sizes))
    free = limit > 0
    for _ in range(20):  # move what the cap cuts off to the communes below it
        if share[free].sum() <= 0:
            break
        expected[free] = (total - expected[~free].sum()) * share[free] / share[free].sum()
        over = free & (expected > limit)
        if not over.any():
            break
        expected[over] = limit[over]
        free &= ~over
    counts = np.minimum(np.floor(expected).astype(np.int64), limit)
    remainder = total - int(counts.sum())
    if remainder > 0:
        order = np.lexsort((rng.random(len(sizes)), -(expected - counts)))
        order = order[counts[order] < limit[order]]
        counts[order[:remainder]] += 1
    return counts


def plan_make(*, communes: Sequence[CommuneSpec], households: int, seed: int) -> SyntheticPlan:
    """Spread `households` over the communes and draw each household's status from RATE_TARGETS_2024."""
    if not communes:
        raise ValueError("no communes")
    rng = _rng(seed, 0)
    k = len(communes)
    urban = np.array([c.area_type == AreaType.URBAN for c in communes])
    # Communes merged from more old communes are bigger, wards a little denser; a log-normal spread on top keeps the
    # biggest commune at about 2–3 times the median, as after the 2025 mergers.
    size = np.array([max(1, len(c.legacy_commune_ids)) for c in communes], float) ** 0.6
    weights = size * rng.lognormal(0, 0.3, k) * np.where(urban, 1.3, 1.0)
    counts = rng.multinomial(households, weights / weights.sum()).astype(np.int64)
    villages = np.minimum(
        counts, np.clip(np.ceil(counts / HOUSEHOLDS_PER_VILLAGE), *VILLAGES_PER_COMMUNE).astype(np.int64)
    )

    # Poverty is concentrated: a commune factor (log-normal, wards a third of communes) scales the regional rate.
    factor = rng.lognormal(0, 0.6, k) * np.where(urban, 0.35, 1.0)
    poor = np.zeros(k, np.int64)
    near = np.zeros(k, np.int64)
    regions = np.array([c.region for c in communes])
    for region in sorted(set(regions.tolist())):
        target = RATE_TARGETS_2024[region]
        sel = regions == region
        n_region = int(counts[sel].sum())
        poor[sel] = _apportion(counts[sel], factor[sel], round(n_region * target.poor / 100), 0.6, counts[sel], rng)
        near[sel] = _apportion(
            counts[sel],
            factor[sel] ** 0.6,
            round(n_region * target.near_poor / 100),
            0.4,
            counts[sel] - poor[sel],
            rng,
        )

    commune_of = np.repeat(np.arange(k), counts)
    status = np.zeros(households, np.int8)
    starts = np.cumsum(counts) - counts
    for c in np.flatnonzero(counts):
        block = np.array([_POOR] * poor[c] + [_NEAR_POOR] * near[c] + [_NOT_POOR] * (counts[c] - poor[c] - near[c]))
        status[starts[c] : starts[c] + counts[c]] = rng.permutation(block)
    number = np.arange(households) - np.repeat(starts, counts) + 1
    return SyntheticPlan(
        seed=seed,
        communes=tuple(communes),
        households_per_commune=counts,
        villages_per_commune=villages,
        commune_of=commune_of.astype(np.int32),
        status=status,
        number=number.astype(np.int32),
        ethnic_cdf=_ethnic_cdf(communes, tilt=factor**0.8),
    )


def _ethnic_cdf(communes: Sequence[CommuneSpec], *, tilt: np.ndarray) -> np.ndarray:
    """P(head's group | commune, status) ∝ share × tilt (minorities, poorer communes) × relative poverty risk."""
    minority = np.array([code != "01" for code in _ETHNICITIES])
    risk = np.array([POVERTY_RISK.get(code, 6.0) for code in _ETHNICITIES])
    table = np.zeros((len(communes), 3, len(_ETHNICITIES)))
    for i, commune in enumerate(communes):
        mixes = [
            ETHNIC_SHARES_BY_LEGACY_PROVINCE[c]
            for c in commune.legacy_province_codes
            if c in ETHNIC_SHARES_BY_LEGACY_PROVINCE
        ] or [ETHNIC_SHARES_BY_REGION[commune.region]]
        share = np.array([sum(mix.get(code, 0) for mix in mixes) for code in _ETHNICITIES], float)
        share = share * np.where(minority, tilt[i], 1.0)
        for status, weight in ((_NOT_POOR, np.ones_like(risk)), (_NEAR_POOR, risk**0.5), (_POOR, risk)):
            p = share * weight
            table[i, status] = np.cumsum(p / p.sum())
    return table


def village_names(plan: SyntheticPlan) -> dict[int, list[tuple[str, str]]]:
    """{commune id: [(name, kind), …]}: "Thôn 1…" in rural communes, "Tổ dân phố 1…" in wards (Ấp/Khóm, Khu phố in
    the south)."""
    wanted: dict[int, list[tuple[str, str]]] = {}
    for commune, count in zip(plan.communes, plan.villages_per_commune.tolist(), strict=True):
        if count:
            rural, urban = VILLAGE_KINDS.get(commune.region, (VillageKind.THON, VillageKind.TO_DAN_PHO))
            kind = urban if commune.area_type == AreaType.URBAN else rural
            wanted[commune.id] = [(f"{VILLAGE_KIND_NAMES[kind]} {i}", str(kind)) for i in range(1, count + 1)]
    return wanted


# ---------------------------------------------------------------------------------------------------------------
# Households and members, one chunk at a time
# ---------------------------------------------------------------------------------------------------------------

_HEAD, _SPOUSE, _PARENT, _CHILD, _CHILD_IN_LAW, _GRANDCHILD = range(6)
_SINGLE, _NUCLEAR, _WITH_PARENTS, _THREE_GENERATIONS = range(4)
_CCCD_CODES = tuple(sorted(int(code) for code in CCCD_PROVINCE_CODES))


class SerialCounter:
    """The next CCCD serial (last 6 digits) for each 6-digit prefix (province of birth, century and sex, year)."""

    def __init__(self, in_use: Mapping[str, int] | None = None) -> None:
        self.next = np.ones(100_000, np.int64)  # serial 000000 is not issued
        for prefix, last in (in_use or {}).items():
            self.next[int(prefix)] = last + 1

    def take(self, prefixes: np.ndarray) -> np.ndarray:
        order = np.argsort(prefixes, kind="stable")
        sorted_prefixes = prefixes[order]
        first = np.r_[True, sorted_prefixes[1:] != sorted_prefixes[:-1]]
        start = np.maximum.accumulate(np.where(first, np.arange(len(order)), 0))
        serials = np.empty(len(prefixes), np.int64)
        serials[order] = self.next[sorted_prefixes] + np.arange(len(order)) - start
        np.add.at(self.next, prefixes, 1)
        if len(serials) and serials.max() > 999_999:
            raise ValidationError("Hết số thứ tự CCCD (6 chữ số) cho một tỉnh, năm sinh và giới tính.")
        return serials


def batches(
    *,
    plan: SyntheticPlan,
    village_ids: Mapping[int, Sequence[int]],
    serials: SerialCounter | None = None,
    chunk_size: int = CHUNK_SIZE,
) -> Iterator[HouseholdBatch]:
    """The plan's households with their members, `chunk_size` households per batch."""
    serials = serials or SerialCounter()
    for chunk_no, start in enumerate(range(0, plan.households, chunk_size)):
        yield _chunk(
            plan, start, min(start + chunk_size, plan.households), _rng(plan.seed, 1, chunk_no), village_ids, serials
        )


def _choice(rng: np.random.Generator, options: Sequence[Any], p: Sequence[float] | np.ndarray, size: int) -> np.ndarray:
    values = np.empty(len(options), dtype=object)
    values[:] = list(options)
    probabilities = np.asarray(p, float)
    return values[rng.choice(len(options), size=size, p=probabilities / probabilities.sum())]


def _ints(rng: np.random.Generator, low: np.ndarray | int, high: np.ndarray | int, size: int) -> np.ndarray:
    """Uniform integers in [low, high] (inclusive), element-wise."""
    low_a = np.broadcast_to(np.asarray(low, float), (size,))
    high_a = np.maximum(np.broadcast_to(np.asarray(high, float), (size,)), low_a)
    return np.floor(low_a + rng.random(size) * (high_a - low_a + 1)).astype(np.int64)


def _rank_within(groups: np.ndarray, keys: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Rank (0, 1, …) of each masked row among the masked rows of its group, by key; -1 for unmasked rows."""
    rows = np.flatnonzero(mask)
    order = rows[np.lexsort((keys[rows], groups[rows]))]
    sorted_groups = groups[order]
    first = np.r_[True, sorted_groups[1:] != sorted_groups[:-1]]
    start = np.maximum.accumulate(np.where(first, np.arange(len(order)), 0))
    rank = np.full(len(groups), -1, np.int64)
    rank[order] = np.arange(len(order)) - start
    return rank


def _pick_one(
    rng: np.random.Generator, hh: np.ndarray, mask: np.ndarray, prefer: np.ndarray | None = None
) -> np.ndarray:
    """One masked member per household (a preferred one when there is one), as a boolean mask over members."""
    keys = rng.random(len(hh)) + (0.0 if prefer is None else np.where(prefer, 0.0, 1.0))
    return _rank_within(hh, keys, mask) == 0


def _count(hh: np.ndarray, mask: np.ndarray, n: int) -> np.ndarray:
    return np.bincount(hh, weights=mask.astype(float), minlength=n).astype(np.int64)


def _chunk(
    plan: SyntheticPlan,
    start: int,
    stop: int,
    rng: np.random.Generator,
    village_ids: Mapping[int, Sequence[int]],
    serials: SerialCounter,
) -> HouseholdBatch:
    n = stop - start
    communes = plan.communes
    ci = plan.commune_of[start:stop]
    status = plan.status[start:stop].astype(np.int64)
    urban = np.array([c.area_type == AreaType.URBAN for c in communes])[ci]
    region_of = np.array([c.region for c in communes], dtype=object)[ci]

    # -- composition -------------------------------------------------------------------------------------------
    size_p = np.array(list(HOUSEHOLD_SIZES.values()))
    size = rng.choice(list(HOUSEHOLD_SIZES), size=n, p=size_p / size_p.sum())
    u = rng.random(n)
    variant = np.select(
        [size == 1, size == 2, size == 3],
        [_SINGLE, _NUCLEAR, np.where(u < 0.15, _WITH_PARENTS, _NUCLEAR)],
        np.where(u < 0.18, _WITH_PARENTS, np.where(u < 0.40, _THREE_GENERATIONS, _NUCLEAR)),
    )
    spouse = np.select(
        [variant == _SINGLE, variant == _NUCLEAR, variant == _WITH_PARENTS],
        [0, rng.random(n) < np.where(size == 2, 0.7, 0.9), 1],
        rng.random(n) < 0.75,
    ).astype(np.int64)
    parents = np.where(variant == _WITH_PARENTS, np.minimum(size - 2, np.where(rng.random(n) < 0.55, 1, 2)), 0)
    after_adult_child = size - 2 - spouse
    child_in_law = ((variant == _THREE_GENERATIONS) & (after_adult_child >= 2) & (rng.random(n) < 0.85)).astype(int)
    grandchildren = np.where(variant == _THREE_GENERATIONS, after_adult_child - child_in_law, 0)
    children = np.where(variant == _THREE_GENERATIONS, 1, size - 1 - spouse - parents)
    counts = np.stack([np.ones(n, np.int64), spouse, parents, children, child_in_law, grandchildren], axis=1)

    m = int(size.sum())
    hh = np.repeat(np.arange(n), size)
    role = np.repeat(np.tile(np.arange(6), n), counts.ravel())
    first_row = np.cumsum(size) - size
    group_first = np.repeat(np.cumsum(counts.ravel()) - counts.ravel(), counts.ravel())
    rank_in_role = np.arange(m) - group_first
    is_ = {r: role == r for r in range(6)}

    # -- sex and age -------------------------------------------------------------------------------------------
    def tri(low: float, mode: float, high: float) -> np.ndarray:
        return np.floor(rng.triangular(low, mode, high + 1, n)).astype(np.int64)

    head_male = rng.random(n) < np.where(spouse == 1, 0.78, 0.42)
    couple_only = (variant == _NUCLEAR) & (children == 0)
    head_age = np.select(
        [variant == _SINGLE, couple_only, variant == _NUCLEAR, variant == _WITH_PARENTS],
        [
            np.where(rng.random(n) < 0.4, tri(60, 70, 95), tri(19, 30, 59)),
            np.where(rng.random(n) < 0.5, tri(20, 26, 35), tri(45, 62, 88)),
            tri(22, 38, 62),
            tri(24, 34, 50),
        ],
        tri(50, 62, 85),
    )
    spouse_age = np.clip(head_age + np.round(rng.normal(np.where(head_male, -3, 3), 3)).astype(np.int64), 18, 99)
    younger_parent_age = np.where(spouse == 1, np.minimum(head_age, spouse_age), head_age)
    adult_child_male = rng.random(n) < 0.7
    adult_child_age = np.maximum(18, head_age - _ints(rng, 22, 34, n))
    in_law_age = np.maximum(18, adult_child_age + _ints(rng, -4, 4, n))
    grand_parent_age = np.where(child_in_law == 1, np.minimum(in_law_age, adult_child_age), adult_child_age)

    sex_male = np.zeros(m, bool)
    age = np.zeros(m, np.int64)
    rows = np.flatnonzero(is_[_HEAD])
    sex_male[rows], age[rows] = head_male, head_age
    rows = np.flatnonzero(is_[_SPOUSE])
    sex_male[rows], age[rows] = ~head_male[hh[rows]], spouse_age[hh[rows]]
    rows = np.flatnonzero(is_[_PARENT])
    single_parent = parents[hh[rows]] == 1
    sex_male[rows] = np.where(single_parent, rng.random(len(rows)) < 0.3, rank_in_role[rows] == 0)
    age[rows] = np.minimum(99, head_age[hh[rows]] + _ints(rng, 20, 36, len(rows)))
    three_generations = variant[hh] == _THREE_GENERATIONS
    rows = np.flatnonzero(is_[_CHILD] & ~three_generations)
    sex_male[rows] = rng.random(len(rows)) < 0.51
    age[rows] = _ints(rng, 0, np.clip(younger_parent_age[hh[rows]] - 18, 0, 32), len(rows))
    rows = np.flatnonzero(is_[_CHILD] & three_generations)
    sex_male[rows], age[rows] = adult_child_male[hh[rows]], adult_child_age[hh[rows]]
    rows = np.flatnonzero(is_[_CHILD_IN_LAW])
    sex_male[rows], age[rows] = ~adult_child_male[hh[rows]], in_law_age[hh[rows]]
    rows = np.flatnonzero(is_[_GRANDCHILD])
    sex_male[rows] = rng.random(len(rows)) < 0.51
    age[rows] = _ints(rng, 0, np.clip(grand_parent_age[hh[rows]] - 18, 0, 17), len(rows))

    relation = np.array(
        [Relation.HEAD, Relation.SPOUSE, Relation.PARENT, Relation.CHILD, Relation.CHILD_IN_LAW, Relation.GRANDCHILD],
        dtype=object,
    )[role]
    relation[is_[_PARENT] & (rng.random(m) < 0.2)] = Relation.PARENT_IN_LAW

    # Birth dates well away from a birthday, so the age at REFERENCE_DATE is `age` on any day-count convention.
    days = np.floor((age + 0.01 + 0.98 * rng.random(m)) * 365.2425).astype(np.int64)
    dob = np.datetime64(REFERENCE_DATE) - days.astype("timedelta64[D]")
    birth_year = dob.astype("datetime64[Y]").astype(np.int64) + 1970

    # -- ethnicity and names -----------------------------------------------------------------------------------
    cdf = plan.ethnic_cdf[ci, status]
    head_group = np.minimum((rng.random(n)[:, None] > cdf).sum(axis=1), len(_ETHNICITIES) - 1)
    ethnicity = np.array(_ETHNICITIES, dtype=object)[head_group][hh]
    married_in = (is_[_SPOUSE] | is_[_CHILD_IN_LAW]) & (ethnicity != "01") & (rng.random(m) < 0.08)
    ethnicity[married_in] = "01"
    full_name = _names(
        rng,
        ethnicity=ethnicity,
        region=region_of[hh],
        male=sex_male,
        birth_year=birth_year,
        hh=hh,
        role=role,
        first_row=first_row,
        spouse=spouse,
        parents=parents,
    )

    # -- CCCD ---------------------------------------------------------------------------------------------------
    own_codes = [
        [int(c) for c in commune.legacy_province_codes if f"0{c}" in CCCD_PROVINCE_CODES]
        or [int(commune.code[:2]) if f"0{commune.code[:2]}" in CCCD_PROVINCE_CODES else 1]
        for commune in communes
    ]
    commune_rows = ci[hh]
    pick = rng.random(m)
    birth_province = np.array(
        [
            codes[int(p * len(codes))]
            for codes, p in zip((own_codes[c] for c in commune_rows.tolist()), pick.tolist(), strict=True)
        ]
    )
    migrant = rng.random(m) < 0.04
    birth_province[migrant] = np.array(_CCCD_CODES)[rng.integers(0, len(_CCCD_CODES), int(migrant.sum()))]
    century_sex = (birth_year - 1900) // 100 * 2 + np.where(sex_male, 0, 1)
    prefix = birth_province * 1000 + century_sex * 100 + birth_year % 100
    serial = serials.take(prefix)
    citizen_id = [f"{value:012d}" for value in (prefix * 1_000_000 + serial).tolist()]
    for row in np.flatnonzero(rng.random(m) < 0.02).tolist():  # not recorded yet
        citizen_id[row] = None  # type: ignore[call-overload]

    # -- members' situation (defaults: nobody deprived) ----------------------------------------------------------
    poorish = status[hh] != _NOT_POOR
    disabled = rng.random(m) < np.select([age < 18, age < 60], [0.01, 0.03], 0.12)
    disability = np.full(m, Disability.NONE, dtype=object)
    disability[disabled] = _choice(
        rng, (Disability.MILD, Disability.SEVERE, Disability.VERY_SEVERE), (0.6, 0.3, 0.1), int(disabled.sum())
    )
    has_merit = rng.random(m) < np.select([age >= 60, age >= 40], [0.05, 0.01], 0.002)

    schooling = np.full(m, Schooling.NOT_APPLICABLE, dtype=object)
    education = np.full(m, "", dtype=object)
    schooling[(age >= 3) & (age <= 5)] = Schooling.PRESCHOOL
    schooling[(age >= 6) & (age <= 10)] = Schooling.PRIMARY
    education[(age >= 6) & (age <= 10)] = Education.NONE
    schooling[(age >= 11) & (age <= 14)] = Schooling.LOWER_SECONDARY
    education[(age >= 11) & (age <= 14)] = Education.PRIMARY
    at = age == 15
    upper = rng.random(m) < 0.6
    schooling[at] = np.where(upper[at], Schooling.UPPER_SECONDARY, Schooling.LOWER_SECONDARY)
    education[at] = np.where(upper[at], Education.LOWER_SECONDARY, Education.PRIMARY)
    at = (age >= 16) & (age <= 17)
    draw = rng.random(m)
    schooling[at] = np.select(
        [draw[at] < 0.75, draw[at] < 0.85], [Schooling.UPPER_SECONDARY, Schooling.VOCATIONAL], Schooling.NOT_APPLICABLE
    )
    education[at] = Education.LOWER_SECONDARY
    at = (age >= 18) & (age <= 22)
    draw = rng.random(m)
    higher = draw < np.where(urban[hh], 0.45, 0.25)
    schooling[at & higher] = Schooling.HIGHER
    schooling[at & ~higher & (draw < np.where(urban[hh], 0.52, 0.32))] = Schooling.VOCATIONAL
    # Adults: a level enough for the adult-education indicator up to 32 (two years of margin over 30).
    enough = (Education.UPPER_SECONDARY, Education.VOCATIONAL, Education.COLLEGE, Education.UNIVERSITY)
    at = (age >= 18) & (age <= 32)
    education[at] = _choice(rng, enough, (0.55, 0.2, 0.08, 0.17), int(at.sum()))
    education[at & (age < 22) & (education == Education.UNIVERSITY)] = Education.UPPER_SECONDARY
    education[at & (age < 21) & (education == Education.COLLEGE)] = Education.VOCATIONAL
    levels = (Education.NONE, Education.PRIMARY, Education.LOWER_SECONDARY, *enough)
    for older, poor_flag, p in (
        (False, False, (0.03, 0.12, 0.32, 0.33, 0.09, 0.04, 0.07)),
        (False, True, (0.12, 0.3, 0.38, 0.15, 0.04, 0.01, 0.0)),
        (True, False, (0.15, 0.33, 0.27, 0.14, 0.05, 0.02, 0.04)),
        (True, True, (0.35, 0.4, 0.18, 0.05, 0.02, 0.0, 0.0)),
    ):
        at = (age >= 33) & ((age >= 60) == older) & (poorish == poor_flag)
        education[at] = _choice(rng, levels, p, int(at.sum()))

    studying = np.isin(schooling, _STUDYING)
    employment = np.full(m, "", dtype=object)
    employment[age < 15] = Employment.CHILD
    employment[(age >= 15) & studying] = Employment.STUDENT
    working = (age >= 15) & ~studying
    work_age = working & (age < 60)
    rural_work = (Employment.FARMING, Employment.SELF_EMPLOYED, Employment.WAGE, Employment.HOMEMAKER)
    for is_urban, p_work, p_old in (
        (False, (0.52, 0.14, 0.27, 0.07), (0.55, 0.3, 0.1, 0.05)),
        (True, (0.05, 0.3, 0.55, 0.10), (0.8, 0.05, 0.1, 0.05)),
    ):
        at = work_age & (urban[hh] == is_urban)
        employment[at] = _choice(rng, rural_work, p_work, int(at.sum()))
        at = working & (age >= 60) & (urban[hh] == is_urban)
        employment[at] = _choice(
            rng,
            (Employment.RETIRED, Employment.FARMING, Employment.SELF_EMPLOYED, Employment.HOMEMAKER),
            p_old,
            int(at.sum()),
        )
    employment[(disability == Disability.VERY_SEVERE) & (age >= 15)] = Employment.UNABLE
    labour_contract = np.full(m, None, dtype=object)
    labour_contract[employment == Employment.WAGE] = True
    health_insurance = np.ones(m, bool)
    malnourished = np.zeros(m, bool)
    social_allowance = np.zeros(m, bool)

    # -- which indicators each household is deprived in --------------------------------------------------------
    child16 = age < 16
    allowance_candidate = (age >= 16) & ((age >= 60) | np.isin(disability, (Disability.SEVERE, Disability.VERY_SEVERE)))
    n_child16 = _count(hh, child16, n)
    n_candidates = _count(hh, allowance_candidate, n)
    employment_eligible = (age >= 18) & (age <= 50) & ~studying & (disability != Disability.VERY_SEVERE)
    education_eligible = (age >= 18) & (age <= 28) & ~studying
    school_eligible = (age >= 3) & (age <= 15)
    feasible = np.ones((n, 12), bool)
    feasible[:, 0] = _count(hh, employment_eligible, n) > 0
    feasible[:, 1] = 2 * (n_child16 + n_candidates) > size
    feasible[:, 2] = n_child16 > 0
    feasible[:, 4] = _count(hh, education_eligible, n) > 0
    feasible[:, 5] = _count(hh, school_eligible, n) > 0
    forced_dependants = 2 * n_child16 > size  # more than half are children: deprived whatever else is true

    wanted = np.zeros(n, np.int64)
    for code, distribution in enumerate(DEPRIVATION_COUNTS[s] for s in _STATUS_CODES):
        at = status == code
        wanted[at] = rng.choice(list(distribution), size=int(at.sum()), p=list(distribution.values()))
    wanted = np.minimum(np.maximum(wanted, forced_dependants.astype(np.int64)), feasible.sum(axis=1))
    keys = rng.exponential(1.0, (n, 12)) / np.array(INDICATOR_WEIGHTS)
    keys[~feasible] = np.inf
    keys[:, 1] = np.where(forced_dependants, -np.inf, keys[:, 1])
    ranks = np.argsort(np.argsort(keys, axis=1), axis=1)
    deprived = (ranks < wanted[:, None]) & feasible
    d = {name: deprived[:, i] for i, name in enumerate(INDICATORS)}

    # -- realise the members' deprivations ----------------------------------------------------------------------
    chosen = _pick_one(rng, hh, employment_eligible & d["employment"][hh])
    casual = chosen & (rng.random(m) < 0.5)
    employment[chosen & ~casual] = Employment.UNEMPLOYED
    labour_contract[chosen & ~casual] = None
    employment[casual] = Employment.WAGE
    labour_contract[casual] = False

    deprived_dependants = d["dependants"][hh]
    budget = np.where(d["dependants"], 0, size // 2 - n_child16)  # allowances that keep dependants ≤ 50 %
    likely = (age >= 80) | np.isin(disability, (Disability.SEVERE, Disability.VERY_SEVERE))
    order = _rank_within(hh, rng.random(m) + np.where(likely, 0.0, 1.0), allowance_candidate)
    social_allowance[allowance_candidate & deprived_dependants] = True
    social_allowance[
        allowance_candidate & ~deprived_dependants & (order < budget[hh]) & (likely | (rng.random(m) < 0.2))
    ] = True

    malnourished[_pick_one(rng, hh, child16 & d["nutrition"][hh], prefer=age < 5)] = True

    uninsured = _pick_one(rng, hh, (age >= 6) & d["health_insurance"][hh], prefer=(age >= 6) & (age <= 15))
    uninsured |= d["health_insurance"][hh] & (age >= 18) & (rng.random(m) < 0.3)
    health_insurance[uninsured] = False

    low = _pick_one(rng, hh, education_eligible & d["adult_education"][hh])
    education[low] = _choice(
        rng, (Education.NONE, Education.PRIMARY, Education.LOWER_SECONDARY), (0.15, 0.35, 0.5), int(low.sum())
    )

    out = _pick_one(rng, hh, school_eligible & d["child_schooling"][hh], prefer=(age >= 6) & (age <= 14))
    schooling[out] = Schooling.NOT_ATTENDING
    employment[out & (age >= 15)] = Employment.HOMEMAKER

    occupation = np.full(m, "", dtype=object)
    with_contract = np.array([value is True for value in labour_contract.tolist()])
    without_contract = np.array([value is False for value in labour_contract.tolist()])
    for kind, pool in OCCUPATIONS.items():
        at = (employment == kind) & ~without_contract
        occupation[at] = _choice(rng, pool, np.ones(len(pool)), int(at.sum()))
    at = with_contract & np.isin(education, (Education.COLLEGE, Education.UNIVERSITY))
    occupation[at] = _choice(rng, QUALIFIED_WORK, np.ones(len(QUALIFIED_WORK)), int(at.sum()))
    occupation[without_contract] = _choice(rng, CASUAL_WORK, np.ones(len(CASUAL_WORK)), int(without_contract.sum()))

    # -- household facts -----------------------------------------------------------------------------------------
    facts = _household_facts(rng, n=n, size=size, urban=urban, region=region_of, status=status, d=d)
    commune_ids = np.array([c.id for c in communes])[ci]
    legacy = [c.legacy_commune_ids for c in communes]
    pick = rng.random(n).tolist()
    village_pick = rng.random(n).tolist()
    households = {
        "code": [
            plan.code(communes[c], number)
            for c, number in zip(ci.tolist(), plan.number[start:stop].tolist(), strict=True)
        ],
        "commune_id": commune_ids.tolist(),
        "legacy_commune_id": [
            legacy[c][int(p * len(legacy[c]))] if legacy[c] else None for c, p in zip(ci.tolist(), pick, strict=True)
        ],
        "village_id": [
            (ids := village_ids[communes[c].id])[int(p * len(ids))]
            for c, p in zip(ci.tolist(), village_pick, strict=True)
        ],
        "address": [
            f"Số nhà {k}" if u else "" for k, u in zip(_ints(rng, 1, 250, n).tolist(), urban.tolist(), strict=True)
        ],
        "area_type": np.where(urban, AreaType.URBAN.value, AreaType.RURAL.value).tolist(),
        "status": [str(_STATUS_CODES[s]) for s in status.tolist()],
        **facts,
    }
    persons = {
        "household_index": hh.tolist(),
        "full_name": full_name.tolist(),
        "sex": np.where(sex_male, Sex.MALE.value, Sex.FEMALE.value).tolist(),
        "date_of_birth": dob.tolist(),
        "ethnicity": ethnicity.tolist(),
        "citizen_id": citizen_id,
        "relation": [str(r) for r in relation.tolist()],
        "disability": [str(v) for v in disability.tolist()],
        "has_merit": has_merit.tolist(),
        "social_allowance": social_allowance.tolist(),
        "schooling": [str(v) for v in schooling.tolist()],
        "education": [str(v) for v in education.tolist()],
        "health_insurance": health_insurance.tolist(),
        "employment": [str(v) for v in employment.tolist()],
        "occupation": occupation.tolist(),
        "labour_contract": labour_contract.tolist(),
        "malnourished": malnourished.tolist(),
    }
    return HouseholdBatch(households=households, persons=persons)


def _names(
    rng: np.random.Generator,
    *,
    ethnicity: np.ndarray,
    region: np.ndarray,
    male: np.ndarray,
    birth_year: np.ndarray,
    hh: np.ndarray,
    role: np.ndarray,
    first_row: np.ndarray,
    spouse: np.ndarray,
    parents: np.ndarray,
) -> np.ndarray:
    """Full names: each member's own draw for its group, then family names passed down (father's line, the
    mother's in the matrilineal Ê-đê and Gia-rai)."""
    m = len(hh)
    kinh_style = np.array([_KINH_STYLE_BY_REGION.get(r, "kinh_centre") for r in region.tolist()], dtype=object)
    style = np.array([_STYLE_BY_ETHNICITY.get(e, "tay_nung") for e in ethnicity.tolist()], dtype=object)
    style = np.where(ethnicity == "01", kinh_style, style)
    young = birth_year >= 1985
    family = np.full(m, "", dtype=object)
    middle = np.full(m, "", dtype=object)
    given = np.full(m, "", dtype=object)
    matrilineal = np.zeros(m, bool)
    for key in _STYLE_KEYS:
        rows = np.flatnonzero(style == key)
        if not len(rows):
            continue
        spec = NAME_STYLES[key]
        matrilineal[rows] = spec.matrilineal
        names, p = spec.families
        if names:
            family[rows] = np.array(names, dtype=object)[rng.choice(len(names), size=len(rows), p=p)]
        for is_male, middles, givens in (
            (True, spec.male_middle, spec.male_given),
            (False, spec.female_middle, spec.female_given),
        ):
            for is_young in (False, True):
                at = rows[(male[rows] == is_male) & (young[rows] == is_young)]
                pool_m, pool_g = middles[is_young], givens[is_young]
                if pool_m:
                    middle[at] = np.array([f"{x} " if x else "" for x in pool_m], dtype=object)[
                        rng.integers(0, len(pool_m), len(at))
                    ]
                picks = rng.integers(0, len(pool_g), len(at))
                # "Nguyễn Đăng Đăng": a given name equal to the middle name moves to the next one in the pool.
                clash = np.array(
                    [
                        g == mid.strip()
                        for g, mid in zip(
                            np.array(pool_g, dtype=object)[picks].tolist(), middle[at].tolist(), strict=True
                        )
                    ],
                    bool,
                )
                picks[clash] = (picks[clash] + 1) % len(pool_g)
                given[at] = np.array(pool_g, dtype=object)[picks]

    # Family names passed down.
    head_row = first_row
    has_spouse = spouse == 1
    spouse_row = np.where(has_spouse, first_row + 1, first_row)
    head_is_male = male[head_row]
    fathers_line = np.where(head_is_male | ~has_spouse, family[head_row], family[spouse_row])
    mothers_line = np.where(~head_is_male | ~has_spouse, family[head_row], family[spouse_row])
    household_matrilineal = matrilineal[head_row]
    line = np.where(household_matrilineal, mothers_line, fathers_line)
    rows = np.flatnonzero(role == _CHILD)
    family[rows] = line[hh[rows]]
    rows = np.flatnonzero(role == _PARENT)
    same_line = np.where(household_matrilineal[hh[rows]], ~male[rows], male[rows])
    family[rows[same_line]] = family[head_row[hh[rows[same_line]]]]
    rows = np.flatnonzero(role == _GRANDCHILD)
    adult_child_row = first_row + 1 + spouse + parents
    in_law_row = adult_child_row + 1
    h = hh[rows]
    has_in_law = role[np.minimum(in_law_row[h], m - 1)] == _CHILD_IN_LAW
    child_line = np.where(
        has_in_law & (male[adult_child_row[h]] == household_matrilineal[h]),
        family[np.minimum(in_law_row[h], m - 1)],
        family[adult_child_row[h]],
    )
    family[rows] = child_line

    full = np.empty(m, dtype=object)
    pattern_of = np.array([NAME_STYLES[key].pattern for key in style.tolist()], dtype=object)
    for pattern in ("fmg", "gc", "cg", "g"):
        rows = np.flatnonzero(pattern_of == pattern)
        f, mi, g = family[rows].tolist(), middle[rows].tolist(), given[rows].tolist()
        if pattern == "fmg":
            full[rows] = [f"{a} {b}{c}" for a, b, c in zip(f, mi, g, strict=True)]
        elif pattern == "gc":
            full[rows] = [f"{c} {a}" for a, c in zip(f, g, strict=True)]
        elif pattern == "cg":
            full[rows] = [f"{a} {c}" for a, c in zip(f, g, strict=True)]
        else:
            full[rows] = g
    return full


def _household_facts(
    rng: np.random.Generator,
    *,
    n: int,
    size: np.ndarray,
    urban: np.ndarray,
    region: np.ndarray,
    status: np.ndarray,
    d: Mapping[str, np.ndarray],
) -> dict[str, list[Any]]:
    """Income, housing, water, latrine, telecom and devices, consistent with the status and the deprivations."""
    line = np.where(urban, POVERTY_LINE_2022_2025[AreaType.URBAN], POVERTY_LINE_2022_2025[AreaType.RURAL])
    median = np.array(
        [
            MEDIAN_INCOME[r][1] if u else MEDIAN_INCOME[r][0]
            for r, u in zip(region.tolist(), urban.tolist(), strict=True)
        ],
        float,
    )
    above = line + (median - line) * rng.lognormal(0, 0.7, n)
    poor_income = line * (0.3 + 0.7 * rng.beta(2.2, 1.6, n))
    near_income = line * (0.55 + 0.45 * rng.beta(2.5, 1.2, n))
    drawn = np.select([status == _POOR, status == _NEAR_POOR], [poor_income, near_income], above)
    rounded = np.floor(drawn / 10_000).astype(np.int64) * 10_000
    # At or below the line for the poor and near-poor, strictly above it for the others (Decree 07/2021 Art. 3).
    income = np.where(status == _NOT_POOR, np.maximum(rounded, line + 10_000), np.minimum(rounded, line))

    # Walls, columns, roof: deprived households have 2 or 3 non-durable, the others at most 1.
    patterns = np.array([[1, 1, 1], [0, 1, 1], [1, 0, 1], [1, 1, 0], [0, 0, 1], [0, 1, 0], [1, 0, 0], [0, 0, 0]], bool)
    good = rng.choice(4, size=n, p=[0.85, 0.05, 0.05, 0.05])
    bad = rng.choice(4, size=n, p=[0.3, 0.3, 0.2, 0.2]) + 4
    durable = patterns[np.where(d["housing_quality"], bad, good)]

    cut = DEPRIVATION_CUTOFFS_2022_2025["housing_area"]["m2_per_person_below"]
    cramped = np.floor(size * (3.0 + rng.random(n) * (cut - 3.2)) * 10) / 10
    roomy = np.ceil(size * np.maximum(cut + 0.2, rng.lognormal(np.log(np.where(urban, 20, 24)), 0.45)) * 10) / 10
    area = np.where(d["housing_area"], cramped, roomy)

    water = np.empty(n, dtype=object)
    safe_rural = {
        Region.NORTHERN_MIDLANDS_MOUNTAINS: (0.35, 0.12, 0.20, 0.28, 0.03, 0.02),
        Region.CENTRAL_HIGHLANDS: (0.25, 0.35, 0.30, 0.05, 0.02, 0.03),
        Region.MEKONG_DELTA: (0.70, 0.12, 0.0, 0.0, 0.12, 0.06),
    }
    safe = (
        WaterSource.PIPED,
        WaterSource.DRILLED_WELL,
        WaterSource.PROTECTED_DUG_WELL,
        WaterSource.PROTECTED_SPRING,
        WaterSource.RAINWATER,
        WaterSource.BOTTLED,
    )
    unsafe = (WaterSource.UNPROTECTED_WELL, WaterSource.UNPROTECTED_SPRING, WaterSource.SURFACE, WaterSource.OTHER)
    for r in sorted(set(region.tolist())):
        mountains = r in (Region.NORTHERN_MIDLANDS_MOUNTAINS, Region.CENTRAL_HIGHLANDS)
        for is_urban in (False, True):
            at = (region == r) & (urban == is_urban)
            p_safe = (
                (0.88, 0.07, 0.0, 0.0, 0.0, 0.05)
                if is_urban
                else safe_rural.get(r, (0.45, 0.25, 0.15, 0.05, 0.07, 0.03))
            )
            p_unsafe = (
                (0.3, 0.45, 0.15, 0.1)
                if mountains
                else (0.2, 0.0, 0.7, 0.1)
                if r == Region.MEKONG_DELTA
                else (0.55, 0.1, 0.25, 0.1)
            )
            water[at & ~d["water"]] = _choice(rng, safe, p_safe, int((at & ~d["water"]).sum()))
            water[at & d["water"]] = _choice(rng, unsafe, p_unsafe, int((at & d["water"]).sum()))

    latrine = np.empty(n, dtype=object)
    hygienic = (Latrine.SEPTIC, Latrine.SEMI_SEPTIC, Latrine.POUR_FLUSH, Latrine.DOUBLE_VAULT, Latrine.VENTILATED_PIT)
    for is_urban, p in ((False, (0.55, 0.2, 0.12, 0.08, 0.05)), (True, (0.85, 0.12, 0.03, 0.0, 0.0))):
        at = (urban == is_urban) & ~d["latrine"]
        latrine[at] = _choice(rng, hygienic, p, int(at.sum()))
    latrine[d["latrine"]] = _choice(
        rng, (Latrine.SIMPLE_PIT, Latrine.NONE, Latrine.OTHER), (0.55, 0.3, 0.15), int(d["latrine"].sum())
    )

    uses_telecom = ~d["telecom"]
    uses_internet = uses_telecom & (rng.random(n) < np.where(urban, 0.93, 0.8))
    smartphone = uses_telecom & ~d["information_devices"] & (rng.random(n) < 0.85)
    tv = ~d["information_devices"] & (rng.random(n) < 0.85)
    radio = ~d["information_devices"] & (rng.random(n) < 0.08)
    computer = ~d["information_devices"] & (rng.random(n) < np.where(urban, 0.35, 0.08))
    tv |= ~d["information_devices"] & ~(smartphone | radio | computer)  # at least one device when not deprived

    waste = np.empty(n, dtype=object)
    options = (WasteTreatment.COLLECTED, WasteTreatment.TREATED_AT_HOME, WasteTreatment.BURNED, WasteTreatment.DUMPED)
    waste[urban] = _choice(rng, options, (0.92, 0.02, 0.05, 0.01), int(urban.sum()))
    waste[~urban] = _choice(rng, options, (0.5, 0.15, 0.3, 0.05), int((~urban).sum()))

    return {
        "income_per_capita": income.tolist(),
        "wall_durable": durable[:, 0].tolist(),
        "column_durable": durable[:, 1].tolist(),
        "roof_durable": durable[:, 2].tolist(),
        "floor_area_m2": np.round(area, 1).tolist(),
        "water_source": [str(v) for v in water.tolist()],
        "latrine": [str(v) for v in latrine.tolist()],
        "uses_telecom": uses_telecom.tolist(),
        "uses_internet": uses_internet.tolist(),
        "owns_tv": tv.tolist(),
        "owns_radio": radio.tolist(),
        "owns_computer": computer.tolist(),
        "owns_smartphone": smartphone.tolist(),
        "waste_treatment": [str(v) for v in waste.tolist()],
    }


# ---------------------------------------------------------------------------------------------------------------
# Reading what the generator needs, and the seed action
# ---------------------------------------------------------------------------------------------------------------


def commune_specs(province: AdminUnit) -> list[CommuneSpec]:
    """The current communes of a province with their old provinces and old communes (from the 1 July 2025 mapping)."""
    communes = list(AdminUnit.objects.current().communes().filter(province=province).order_by("code"))
    legacy_communes: dict[int, list[int]] = defaultdict(list)
    legacy_provinces: dict[int, Counter[str]] = defaultdict(Counter)
    edges = UnitSuccession.objects.filter(new__in=communes).values_list(
        "new_id", "old_id", "old__level", "old__province__code"
    )
    for new_id, old_id, old_level, old_province_code in edges.order_by("new_id", "old_id"):
        if old_level == Level.COMMUNE:
            legacy_communes[new_id].append(old_id)
        if old_province_code:
            legacy_provinces[new_id][old_province_code] += 1
    return [
        CommuneSpec(
            id=c.pk,
            code=c.code,
            area_type=c.area_type,
            region=c.region,
            legacy_province_codes=tuple(code for code, _n in legacy_provinces[c.pk].most_common()),
            legacy_commune_ids=tuple(legacy_communes[c.pk]),
        )
        for c in communes
    ]


def citizen_id_serials_in_use() -> dict[str, int]:
    """{first 6 digits of a CCCD: highest last-6-digit serial in the register} (one index scan)."""
    rows = (
        Person.objects.filter(citizen_id__isnull=False)
        .annotate(prefix=Left("citizen_id", 6))
        .values("prefix")
        .annotate(top=Max("citizen_id"))
        .values_list("prefix", "top")
    )
    return {prefix: int(top[6:]) for prefix, top in rows if prefix.isdigit() and top[6:].isdigit()}


@dataclass(frozen=True, kw_only=True)
class SeedResult:
    province: AdminUnit
    households: int
    persons: int
    villages_created: int
    communes: int
    seconds: float
    status_counts: dict[str, dict[str, int]]


def province_for_seed(province_code: str) -> AdminUnit:
    """The current-era province with this code, or a Vietnamese ValidationError saying what to do."""
    code = province_code.strip().zfill(2)
    province = AdminUnit.objects.filter(era=Era.CURRENT, level=Level.PROVINCE, code=code).first()
    if province is None:
        raise ValidationError(
            f"Không có tỉnh mã {province_code} (sau 01/07/2025). Chạy `python manage.py load_admin_units` trước."
        )
    return province


def synthetic_seed(
    *,
    actor: User | None,
    province: AdminUnit,
    households: int,
    seed: int,
    chunk_size: int = CHUNK_SIZE,
    progress: Callable[[int], None] | None = None,
    rebuild_indexes: bool = False,
) -> SeedResult:
    """Add `households` synthetic households to the province's communes, all or nothing.

    `rebuild_indexes`: see bulk.households_bulk_create (faster for big loads into a quiet PostgreSQL database).
    """
    if households <= 0:
        raise ValidationError(f"Số hộ phải lớn hơn 0 (đang là {households}).")
    if not 0 <= seed < 10**9:
        raise ValidationError(f"Hạt giống (--seed) phải từ 0 đến 999.999.999 (đang là {seed}).")
    communes = commune_specs(province)
    if not communes:
        raise ValidationError(
            f"{province.name} chưa có xã, phường nào (sau 01/07/2025). Chạy `python manage.py load_admin_units` trước."
        )
    incomplete = [c.code for c in communes if c.region not in RATE_TARGETS_2024 or c.area_type not in AreaType.values]
    if incomplete:
        raise ValidationError(
            f"Xã mã {', '.join(incomplete[:5])} chưa có vùng kinh tế - xã hội hoặc khu vực thành thị/nông thôn; "
            "bổ sung trong trang quản trị đơn vị hành chính rồi chạy lại."
        )
    used = Household.objects.filter(commune__province=province, code__contains=f"-S{seed}-")
    if used.exists():
        raise ValidationError(
            f"Hạt giống {seed} đã được dùng cho {province.name} ({used.count():,} hộ mã …-S{seed}-…)."
            " Dùng --seed khác.".replace(",", ".")
        )
    started = time.perf_counter()
    plan = plan_make(communes=communes, households=households, seed=seed)
    note = f"Dữ liệu mô phỏng (seed_synthetic, hạt giống {seed})"
    with transaction.atomic():
        villages_before = Village.objects.filter(commune__province=province).count()
        village_ids = villages_ensure(actor=actor, wanted=village_names(plan), note=note)
        villages_created = Village.objects.filter(commune__province=province).count() - villages_before
        result = households_bulk_create(
            actor=actor,
            batches=batches(
                plan=plan,
                village_ids=village_ids,
                serials=SerialCounter(citizen_id_serials_in_use()),
                chunk_size=chunk_size,
            ),
            registered_on=REFERENCE_DATE,
            note=note,
            on_batch=progress,
            rebuild_indexes=rebuild_indexes,
        )
    return SeedResult(
        province=province,
        households=result.households,
        persons=result.persons,
        villages_created=villages_created,
        communes=int((plan.households_per_commune > 0).sum()),
        seconds=time.perf_counter() - started,
        status_counts=plan.status_counts(),
    )
