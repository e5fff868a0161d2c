"""Household facts (income, housing, water, latrine, telecom, devices, waste) consistent with the status and the
deprivations drawn for the household."""

from collections.abc import Mapping
from typing import Any

import numpy as np

from giamngheo.areas.models import AreaType, Region
from giamngheo.demo.synthetic.planning import _NEAR_POOR, _NOT_POOR, _POOR
from giamngheo.demo.synthetic.population import MEDIAN_INCOME
from giamngheo.demo.synthetic.sampling import _choice
from giamngheo.demo.synthetic.targets import STANDARD_CODE
from giamngheo.registry.models import Latrine, WasteTreatment, WaterSource
from giamngheo.standards.derive import derivation_params
from giamngheo.standards.params import standard_get


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
    # The income poverty line of the standard (Decree 07/2021/NĐ-CP Art. 3(1)(a)), VND per person per month.
    poverty_line = standard_get(STANDARD_CODE).poverty_line
    line = np.where(urban, poverty_line[AreaType.URBAN].value, poverty_line[AreaType.RURAL].value)
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

    cut = derivation_params(STANDARD_CODE)["floor_area_min_m2"].value  # deprived below this many m² per person
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
