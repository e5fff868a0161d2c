"""The Alkire–Foster measures of a unit's households beside the official Vietnamese classification.

The deprivation matrix is each household's latest assessment under the standard in force at the end of the year
(its `deprived` indicators); households never assessed under that standard are counted, not guessed. The official
side is the status recognised at the end of the year (the ledger, else the register).

Why the two differ: the official rule (Decree 07/2021/NĐ-CP Art. 3; Decision 59/2015/QĐ-TTg Art. 2 for 2016–2020)
needs income per person at or below the poverty line, and then the number of deprivations separates poor from
near-poor. Alkire–Foster looks at deprivations only: a household is multidimensionally poor when its weighted
deprivations reach k, whatever its income.
"""

import datetime
import functools
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import yaml

from giamngheo.areas.models import AdminUnit, AreaType
from giamngheo.registry.models import Household, Status
from giamngheo.reports.analysis.mpi import MPIResult, alkire_foster
from giamngheo.reports.tables.selectors import ReportError, communes_of
from giamngheo.reports.tallies.selectors import latest_assessments
from giamngheo.reviews.selectors import household_groups, households_at_year_end
from giamngheo.standards.params import Standard, standard_in_force

DATA = Path(__file__).parent.parent / "data" / "mpi.yaml"

# Groups of spec §6.1 (from household_groups) and the two areas; "all" is every household.
GROUPS = {
    "all": "Tất cả các hộ",
    "ethnic_minority": "Chủ hộ là người dân tộc thiểu số",
    "female_head": "Chủ hộ là nữ",
    "has_merit": "Có thành viên là người có công",
    "no_labour_capacity": "Không có khả năng lao động",
    AreaType.URBAN: "Khu vực thành thị",
    AreaType.RURAL: "Khu vực nông thôn",
}
OFFICIAL = (Status.POOR, Status.NEAR_POOR, "other")
OFFICIAL_LABELS = {Status.POOR: "Hộ nghèo", Status.NEAR_POOR: "Hộ cận nghèo", "other": "Không nghèo, chưa xác định"}


@dataclass(frozen=True)
class Scheme:
    code: str
    label: str
    explanation: str


@functools.cache
def schemes() -> dict[str, Scheme]:
    raw = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    return {s["code"]: Scheme(s["code"], s["label"], s["explanation"]) for s in raw["schemes"]}


def scheme_weights(scheme: str, standard: Standard) -> dict[str, float]:
    """Relative weights of a scheme for a standard's indicators (reports.analysis.mpi scales them to sum to d)."""
    if scheme not in schemes():
        raise ReportError(f"Không có cách đặt trọng số “{scheme}”.")
    if scheme == "equal":
        return {i.code: 1.0 for i in standard.indicators}
    per_service = Counter(i.service for i in standard.indicators)
    return {i.code: 1.0 / per_service[i.service] for i in standard.indicators}


@dataclass(frozen=True)
class UnitLine:
    name: str
    code: str
    n: int
    H: float
    A: float
    M0: float
    official_poor_share: float  # officially poor among the same assessed households


@dataclass(frozen=True)
class Comparison:
    unit: AdminUnit
    year: int
    standard: Standard
    k: float
    scheme: Scheme
    group: str
    households: int  # in the unit and group at the end of the year
    assessed: int  # of them, with an assessment under the standard: the n of the measures
    result: MPIResult | None  # None when no household is assessed
    official: dict[str, int]  # recognised status of the assessed households
    crosstab: dict[str, dict[str, int]]  # official status → {"mpi_poor": n, "not_mpi_poor": m}
    by_commune: tuple[UnitLine, ...]

    @property
    def group_label(self) -> str:
        return GROUPS[self.group]

    @property
    def official_poor_share(self) -> float:
        return self.official[Status.POOR] / self.assessed if self.assessed else 0.0

    @property
    def official_poor_or_near_share(self) -> float:
        both = self.official[Status.POOR] + self.official[Status.NEAR_POOR]
        return both / self.assessed if self.assessed else 0.0

    @property
    def indicators(self) -> list[dict[str, object]]:
        """One row per indicator: name, dimension, weight and the three headline figures."""
        if self.result is None:
            return []
        r = self.result
        return [
            {
                "code": i.code,
                "name": i.name,
                "service": i.service,
                "weight": r.weights[i.code],
                "uncensored": r.uncensored_headcount[i.code],
                "censored": r.censored_headcount[i.code],
                "contribution": r.contribution[i.code],
            }
            for i in self.standard.indicators
        ]

    def explanation(self) -> str:
        threshold = self.standard.deprivation_threshold.value
        d = len(self.standard.indicators)
        return (
            f"Phân loại chính thức ({self.standard.legal_basis}): hộ có thu nhập bình quân đầu người không vượt "
            f"chuẩn nghèo là hộ nghèo khi thiếu hụt từ {threshold} chỉ số trở lên, là hộ cận nghèo khi thiếu hụt "
            f"dưới {threshold} chỉ số; hộ có thu nhập cao hơn chuẩn không nghèo dù thiếu hụt bao nhiêu. "
            f"Chỉ số Alkire–Foster chỉ xét thiếu hụt: hộ có tổng trọng số thiếu hụt từ k = {self.k:g} "
            f"trở lên (trên {d}) là nghèo đa chiều, không xét thu nhập. "
            "Vì vậy hộ thu nhập cao mà thiếu hụt nhiều được tính nghèo theo Alkire–Foster nhưng không nghèo "
            "theo chuẩn, còn hộ cận nghèo (thu nhập thấp, ít thiếu hụt) thường không nghèo theo Alkire–Foster. "
            "Các hộ chưa có kết quả chấm điểm theo chuẩn này không được tính."
        )


def _in_group(group: str, household: Household, flags: dict[int, dict[str, bool | int]]) -> bool:
    if group == "all":
        return True
    if group in (AreaType.URBAN, AreaType.RURAL):
        return household.area_type == group
    return bool(flags[household.pk][group])


def register_mpi(
    *, unit: AdminUnit, year: int, k: float | None = None, scheme: str = "equal", group: str = "all"
) -> Comparison:
    """H, A, M0 and each indicator's headcounts and contribution for the unit's households of a group at the end of
    `year`, beside their official status and a cross-tabulation of the two. k defaults to the standard's own
    deprivation threshold (3 of 12 indicators in 2022–2025)."""
    if group not in GROUPS:
        raise ReportError(f"Không có nhóm hộ “{group}”.")
    day = datetime.date(year, 12, 31)
    standard = standard_in_force(day)
    weights = scheme_weights(scheme, standard)
    k = float(standard.deprivation_threshold.value) if k is None else k
    communes = communes_of(unit)
    names = {c.pk: c for c in communes}
    households = list(
        households_at_year_end(commune_ids=list(names), year=year).only("pk", "commune_id", "head_id", "area_type")
    )
    flags = (
        household_groups(households, day, standard.code) if group not in ("all", AreaType.URBAN, AreaType.RURAL) else {}
    )
    households = [h for h in households if _in_group(group, h, flags)]
    assessments = {
        pk: a for pk, a in latest_assessments([h.pk for h in households], year).items() if a.standard == standard.code
    }
    assessed = [h for h in households if h.pk in assessments]
    codes = standard.indicator_codes
    official = {key: 0 for key in OFFICIAL}
    crosstab = {key: {"mpi_poor": 0, "not_mpi_poor": 0} for key in OFFICIAL}
    result = None
    by_commune: list[UnitLine] = []
    if assessed:
        frame = pl.DataFrame(
            {
                "unit_id": [names[h.commune_id].code for h in assessed],
                **{c: [int(c in assessments[h.pk].deprived) for h in assessed] for c in codes},
            }
        )
        try:
            result = alkire_foster(frame, codes, k=k, weights=weights)
        except ValueError as error:
            raise ReportError(str(error)) from error
        scale = result.weights
        official_poor_by_commune: Counter[str] = Counter()
        for h in assessed:
            status = h.end if h.end in (Status.POOR, Status.NEAR_POOR) else "other"  # type: ignore[attr-defined]
            score = sum(scale[c] for c in assessments[h.pk].deprived if c in scale)
            official[status] += 1
            crosstab[status]["mpi_poor" if score >= k - 1e-9 else "not_mpi_poor"] += 1
            if status == Status.POOR:
                official_poor_by_commune[names[h.commune_id].code] += 1
        by_commune = [
            UnitLine(
                c.name,
                c.code,
                int(m["n"]),
                m["H"],
                m["A"],
                m["M0"],
                official_poor_by_commune[c.code] / m["n"] if m["n"] else 0.0,
            )
            for c in communes
            if (m := result.by_unit.get(c.code))
        ]
    return Comparison(
        unit=unit,
        year=year,
        standard=standard,
        k=k,
        scheme=schemes()[scheme],
        group=group,
        households=len(households),
        assessed=len(assessed),
        result=result,
        official=official,
        crosstab=crosstab,
        by_commune=tuple(by_commune),
    )
