"""Standards benchmarks (issue: standards engine).

1. One-household classification throughput in one process (target ≥ 50,000 households/s).
2. Classification plus per-commune aggregation of 27,000,000 synthetic households through the vectorised path
   (target ≤ 5 s on 2 cores, peak memory ≤ 4 GB). Data generation is not timed.

Run: python bench/bench_standards.py [--households 27000000] [--single 500000]
"""

import argparse
import os
import random
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "1")

import django

django.setup()

import numpy as np  # noqa: E402
import polars as pl  # noqa: E402

from giamngheo.standards.bulk import classify_frame  # noqa: E402
from giamngheo.standards.params import standard_get  # noqa: E402
from giamngheo.standards.rules import classify  # noqa: E402

STANDARD = "2022-2025"
COMMUNES = 3_321  # communes from 1 July 2025


def peak_rss_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024


def bench_single(n: int) -> float:
    standard = standard_get(STANDARD)
    rng = random.Random(7)
    codes = standard.indicator_codes
    inputs = [
        (rng.choice(("rural", "urban")), rng.randint(0, 4_000_000), [c for c in codes if rng.random() < 0.15])
        for _ in range(n)
    ]
    start = time.perf_counter()
    for area, income, deprived in inputs:
        classify(standard, area=area, income_per_capita=income, deprived=deprived)
    return n / (time.perf_counter() - start)


def synthetic_frame(n: int) -> pl.DataFrame:
    standard = standard_get(STANDARD)
    rng = np.random.default_rng(11)
    columns = {
        "commune": rng.integers(0, COMMUNES, n, dtype=np.int32),
        "area": pl.Series(rng.random(n) < 0.3).replace_strict(
            {True: "urban", False: "rural"}, return_dtype=pl.Enum(["rural", "urban"])
        ),
        "income_per_capita": rng.lognormal(15.0, 0.6, n).astype(np.int64),
    }
    for code in standard.indicator_codes:
        columns[code] = rng.random(n) < 0.18
    return pl.DataFrame(columns)


def bench_national(n: int) -> tuple[float, pl.DataFrame]:
    standard = standard_get(STANDARD)
    frame = synthetic_frame(n)
    start = time.perf_counter()
    per_commune = (
        classify_frame(standard, frame)
        .group_by("commune")
        .agg(
            households=pl.len(),
            poor=(pl.col("status") == "poor").sum(),
            near_poor=(pl.col("status") == "near_poor").sum(),
            deprived_3_plus=(pl.col("deprivation_count") >= 3).sum(),
        )
        .collect()
    )
    return time.perf_counter() - start, per_commune


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=27_000_000)
    parser.add_argument("--single", type=int, default=500_000)
    args = parser.parse_args()
    rate = bench_single(args.single)
    print(f"standards.single  one-household classification: {rate:,.0f} households/s (target ≥ 50,000)")
    seconds, per_commune = bench_national(args.households)
    total = per_commune["households"].sum()
    poor = per_commune["poor"].sum()
    print(
        f"standards.national classify + aggregate {total:,} households into {per_commune.height:,} communes: "
        f"{seconds:.2f} s (target ≤ 5 s), peak RSS {peak_rss_gb():.2f} GB (target ≤ 4 GB); poor {poor:,}"
    )


if __name__ == "__main__":
    main()
