"""Plan: how many households each commune gets, and each household's status."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from giamngheo.areas.models import AreaType, VillageKind
from giamngheo.demo.synthetic.population import (
    ETHNIC_SHARES_BY_LEGACY_PROVINCE,
    ETHNIC_SHARES_BY_REGION,
    HOUSEHOLDS_PER_VILLAGE,
    POVERTY_RISK,
    VILLAGE_KIND_NAMES,
    VILLAGE_KINDS,
    VILLAGES_PER_COMMUNE,
)
from giamngheo.demo.synthetic.sampling import _rng
from giamngheo.demo.synthetic.targets import RATE_TARGETS_2024
from giamngheo.registry.models import Status

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
    # per household: 1-based number within its commune, added to the commune's serials in use for its code
    number: np.ndarray
    ethnic_cdf: np.ndarray  # [commune, status, ethnicity] cumulative probabilities of the head's group

    @property
    def households(self) -> int:
        return len(self.commune_of)

    def status_counts(self) -> dict[str, dict[str, int]]:
        """{region: {status: households}} of the plan."""
        counts: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(_STATUS_CODES, 0))
        regions = np.array([c.region for c in self.communes])
        for region in sorted(set(regions.tolist())):
            in_region = regions[self.commune_of] == region
            tally = np.bincount(self.status[in_region], minlength=3)
            counts[region] = {str(_STATUS_CODES[i]): int(tally[i]) for i in range(3)}
        return dict(counts)


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
