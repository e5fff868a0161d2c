"""Shapes of the synthetic population (illustrative, rounded; not legal data): household sizes, how many indicators
a household is deprived in, incomes, villages, the ethnic mix by region and old province, and poverty risk."""

from giamngheo.areas.models import Region, VillageKind
from giamngheo.registry.models import Status

# 2019 census: 3.5 persons per household (spec §10.2 [V]); the shape of the distribution is illustrative.
HOUSEHOLD_SIZES = {1: 0.10, 2: 0.20, 3: 0.21, 4: 0.25, 5: 0.13, 6: 0.065, 7: 0.025, 8: 0.012, 9: 0.008}
# A member's role in the household; each household's members are laid out in this order, the head first.
_HEAD, _SPOUSE, _PARENT, _CHILD, _CHILD_IN_LAW, _GRANDCHILD = range(6)

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
