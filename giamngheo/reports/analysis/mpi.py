"""Multidimensional poverty measures of Alkire & Foster (2011), "Counting and multidimensional poverty
measurement", Journal of Public Economics 95(7–8): the headcount ratio H, the intensity A and the adjusted
headcount ratio M0 = H × A, with each indicator's censored and uncensored headcount and its contribution to M0.

Conventions of the paper: weights w_j are positive and sum to d, the number of indicators (equal weights: 1 each);
a unit's deprivation score is c_i = Σ w_j g_ij; it is multidimensionally poor when c_i ≥ k, 0 < k ≤ d (the dual
cut-off). The censored matrix keeps only the poor's deprivations. Then H = q / n, A = Σ_poor c_i / (q d),
M0 = Σ_j w_j h_j / d with h_j the censored headcount of indicator j, and indicator j contributes w_j h_j / (d M0).

This is not the official Vietnamese classification (Decree 07/2021: income at or below the line AND at least three
deprivations; reports.analysis.mpi does not look at income): the two are shown side by side, with the difference said.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import polars as pl


class InvalidMatrix(ValueError):
    """The matrix, weights or cut-off cannot be used. The message is Vietnamese and names what is wrong."""


@dataclass(frozen=True)
class MPIResult:
    n: int
    k: float
    H: float
    A: float
    M0: float
    weights: dict[str, float]
    uncensored_headcount: dict[str, float]
    censored_headcount: dict[str, float]
    contribution: dict[str, float]
    by_unit: dict[str, dict[str, float]] = field(default_factory=dict)

    def as_json(self) -> dict[str, object]:
        return {
            "n": self.n,
            "k": self.k,
            "H": self.H,
            "A": self.A,
            "M0": self.M0,
            "weights": self.weights,
            "uncensored_headcount": self.uncensored_headcount,
            "censored_headcount": self.censored_headcount,
            "contribution": self.contribution,
            "by_unit": self.by_unit,
        }


def normalised_weights(indicators: Sequence[str], weights: Mapping[str, float] | None) -> dict[str, float]:
    """Weights scaled to sum to d (the paper's convention); equal weights when none are given."""
    d = len(indicators)
    if not weights:
        return {name: 1.0 for name in indicators}
    unknown = sorted(set(weights) - set(indicators))
    if unknown:
        raise InvalidMatrix(f"Trọng số cho chỉ số không có trong ma trận: {', '.join(unknown)}.")
    missing = [name for name in indicators if name not in weights]
    if missing:
        raise InvalidMatrix(f"Thiếu trọng số của chỉ số: {', '.join(missing)}.")
    bad = [name for name in indicators if not weights[name] > 0]
    if bad:
        raise InvalidMatrix(f"Trọng số phải lớn hơn 0: {', '.join(bad)}.")
    total = sum(weights[name] for name in indicators)
    return {name: weights[name] * d / total for name in indicators}


def _measures(frame: pl.DataFrame, indicators: Sequence[str], weights: dict[str, float], k: float) -> dict:
    d = len(indicators)
    n = frame.height
    score = pl.sum_horizontal([pl.col(name) * weights[name] for name in indicators])
    # A small tolerance so that scores equal to k up to rounding of the normalised weights count as reaching it.
    scored = frame.with_columns(score.alias("_c")).with_columns((pl.col("_c") >= k - 1e-9).alias("_poor"))
    poor = scored.filter(pl.col("_poor"))
    q = poor.height
    H = q / n if n else 0.0
    A = float(poor["_c"].sum()) / (q * d) if q else 0.0
    uncensored = {name: float(frame[name].sum()) / n if n else 0.0 for name in indicators}
    censored = {name: float(poor[name].sum()) / n if n else 0.0 for name in indicators}
    M0 = sum(weights[name] * censored[name] for name in indicators) / d
    contribution = {name: (weights[name] * censored[name] / (d * M0)) if M0 else 0.0 for name in indicators}
    return {
        "n": n,
        "H": H,
        "A": A,
        "M0": M0,
        "uncensored": uncensored,
        "censored": censored,
        "contribution": contribution,
    }


def alkire_foster(
    frame: pl.DataFrame,
    indicators: Sequence[str],
    *,
    k: float,
    weights: Mapping[str, float] | None = None,
    unit_column: str | None = "unit_id",
) -> MPIResult:
    """H, A, M0 and the per-indicator figures for a 0/1 deprivation matrix (one row per unit of analysis)."""
    if not indicators:
        raise InvalidMatrix("Ma trận không có cột chỉ số nào.")
    d = len(indicators)
    if not 0 < k <= d:
        raise InvalidMatrix(f"Ngưỡng k phải lớn hơn 0 và không quá số chỉ số ({d}); đang là {k:g}.")
    w = normalised_weights(indicators, weights)
    measures = _measures(frame, indicators, w, k)
    by_unit = {}
    if unit_column and unit_column in frame.columns:
        for (unit,), part in frame.partition_by(unit_column, as_dict=True, maintain_order=True).items():
            m = _measures(part, indicators, w, k)
            by_unit[str(unit)] = {"n": m["n"], "H": m["H"], "A": m["A"], "M0": m["M0"]}
    return MPIResult(
        n=measures["n"],
        k=k,
        H=measures["H"],
        A=measures["A"],
        M0=measures["M0"],
        weights=w,
        uncensored_headcount=measures["uncensored"],
        censored_headcount=measures["censored"],
        contribution=measures["contribution"],
        by_unit=by_unit,
    )
