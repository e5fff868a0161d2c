"""The national dashboard over 27,000,000 households (issue 5 point 10), on PostgreSQL:

- setup (untimed, reported): the tallies of all 3,321 current communes, each split by its old communes of the
  1 July 2025 mapping, written straight into reports_communetally with COPY, with synthetic figures that add up to
  exactly 27,000,000 households in each year 2022–2026 (regional poverty rates of 2024, falling over the years;
  changes, groups and the 12 deprivations alike). The register itself holds no such 27 M households: the dashboard
  reads only tallies, so this is what it reads after `refresh_tallies --all` over a register of that size.
- dashboard_national: `dashboard_build(unit=None)` alone, then the whole page GET /bao-cao/tong-quan/ as a national
  administrator through Django's test client in this process (production settings: DEBUG=0, templates, session,
  middleware; no network), warm, target ≤ 300 ms; the largest province's page for reference.
- tallies_refresh: `tallies_refresh` of one 5,000-household commune (the review benchmarks' commune and synthetic
  households, bench/reviews.py, each with a Phiếu B-like assessment from `review_score_commune`), over the five
  years 2022–2026 the tallies cover.
"""

import datetime
import io
import random
import statistics
import time
from collections import defaultdict
from typing import Any

from common import Figure, Timer, latency_summary, percentile, timed_calls

HOUSEHOLDS = 27_000_000
YEARS = (2022, 2023, 2024, 2025, 2026)
# Poverty falls over the years: each year's rates are the 2024 regional rates times this.
TREND = {2022: 1.7, 2023: 1.3, 2024: 1.0, 2025: 0.8, 2026: 0.65}
PERSONS_PER_HOUSEHOLD = {"poor": 4.1, "near_poor": 3.9, "not_poor": 3.4}
# Share of poor and near-poor households headed by an ethnic minority, by region (rough, for the figures' shape).
ETHNIC_SHARE = {
    "northern_midlands_mountains": 0.85,
    "central_highlands": 0.6,
    "north_central_coast": 0.35,
    "mekong_delta": 0.15,
    "red_river_delta": 0.05,
    "southeast": 0.1,
}
# Share of assessed poor households deprived in each of the 12 indicators (rough, for the figures' shape).
DEPRIVED = (0.35, 0.3, 0.1, 0.05, 0.4, 0.08, 0.25, 0.1, 0.3, 0.45, 0.2, 0.15)
REPEATS = 50
PAGE_TARGET_MS = 300


def _split(total: int, weights: list[float]) -> list[int]:
    """`total` split in proportion to the weights, as integers that add up exactly (largest remainder)."""
    whole = sum(weights)
    raw = [total * w / whole for w in weights]
    parts = [int(r) for r in raw]
    for i in sorted(range(len(raw)), key=lambda i: parts[i] - raw[i])[: total - sum(parts)]:
        parts[i] += 1
    return parts


def tallies_fill(seed: int = 2026) -> dict[str, str]:
    """Replace every tally with synthetic figures of 27 M households (see the module's docstring)."""
    from django.db import connection

    from giamngheo.areas.models import AdminUnit, Level, StaleCommune, UnitSuccession
    from giamngheo.demo.synthetic.targets import RATE_TARGETS_2024
    from giamngheo.reports.models import CommuneTally, ProvinceTally, TallyKind
    from giamngheo.reports.tallies.services import province_tallies_rebuild
    from giamngheo.standards.params import standard_in_force

    rng = random.Random(seed)
    communes = list(AdminUnit.objects.current().communes().order_by("pk").values_list("pk", "province_id", "region"))
    legacy: dict[int, list[int]] = defaultdict(list)
    for new_id, old_id in UnitSuccession.objects.filter(old__level=Level.COMMUNE).values_list("new_id", "old_id"):
        legacy[new_id].append(old_id)
    sizes = _split(HOUSEHOLDS, [rng.uniform(0.3, 1.7) for _ in communes])
    # Each commune's old communes, with their share of its households; a commune without any keeps one blank key.
    units = []
    for (pk, province_id, region), size in zip(communes, sizes, strict=True):
        olds = sorted(legacy.get(pk, [])) or [None]
        target = RATE_TARGETS_2024.get(region) or RATE_TARGETS_2024["mekong_delta"]
        factor = rng.lognormvariate(0, 0.5)
        for old, part in zip(olds, _split(size, [rng.uniform(0.5, 1.5) for _ in olds]), strict=True):
            units.append((pk, province_id, old, part, target.poor * factor, target.near_poor * factor, region))
    indicators = standard_in_force(datetime.date(2025, 12, 31)).indicator_codes
    buffer = io.StringIO()
    rows = 0

    def write(
        year: int,
        kind: str,
        pk: int,
        province_id: int,
        old: int | None,
        key: str,
        n: int,
        status: str,
        persons: int | None = None,
    ) -> int:
        """One row (none for no household); returns its persons."""
        nonlocal rows
        if n <= 0:
            return 0
        persons = round(n * PERSONS_PER_HOUSEHOLD[status]) if persons is None else persons
        legacy = str(old) if old else "\\N"  # COPY's NULL
        buffer.write(f"{year}\t{kind}\t{pk}\t{province_id}\t{legacy}\t{key}\t{n}\t{persons}\n")
        rows += 1
        return persons

    for pk, province_id, old, total, poor_rate, near_rate, region in units:
        before = None
        for year in YEARS:
            poor = min(total, round(total * poor_rate * TREND[year] / 100))
            near = min(total - poor, round(total * near_rate * TREND[year] / 100))
            # Changes from the year before (or a slightly poorer start): the identity of spec §6.2 holds, in
            # households and in persons (the change reports check it: reports.tables.results.changes_table).
            poor0, near0 = before or (round(poor * 1.2), round(near * 1.1))
            remained_poor, to_near = min(poor, round(poor0 * 0.7)), min(near, round(poor0 * 0.1))
            escaped = poor0 - remained_poor - to_near
            remained_near = min(near - to_near, round(near0 * 0.6))
            newly_poor, newly_near = poor - remained_poor, near - remained_near - to_near
            # Each change with the status its households end the year in.
            changes = {
                "remained_poor": (remained_poor, "poor"),
                "poor_to_near_poor": (to_near, "near_poor"),
                "escaped_poor": (escaped, "not_poor"),
                "newly_poor": (newly_poor, "poor"),
                "remained_near_poor": (remained_near, "near_poor"),
                "escaped_near_poor": (near0 - remained_near, "not_poor"),
                "newly_near_poor": (newly_near, "near_poor"),
                "not_poor": (max(total - poor0 - near0 - newly_poor - newly_near, 0), "not_poor"),
            }
            end_persons = {"poor": 0, "near_poor": 0}
            for key, (n, status) in changes.items():
                persons = write(year, TallyKind.CHANGE, pk, province_id, old, key, n, status)
                if status in end_persons:
                    end_persons[status] += persons
            # A status's persons at the end of the year are those of the households that end in it, so that the
            # persons add up as the households do (rounded per row, they would not).
            at = (year, pk, province_id, old)
            write(*at[:1], TallyKind.END, *at[1:], "poor", poor, "poor", end_persons["poor"])
            write(*at[:1], TallyKind.END, *at[1:], "near_poor", near, "near_poor", end_persons["near_poor"])
            write(*at[:1], TallyKind.END, *at[1:], "not_poor", total - poor - near, "not_poor")
            before = (poor, near)
            for status, count in (("poor", poor), ("near_poor", near)):
                ethnic = round(count * ETHNIC_SHARE.get(region, 0.2))
                for group, n in (
                    ("ethnic_minority", ethnic),
                    ("female_head", round(count * 0.3)),
                    ("no_labour_capacity", round(count * 0.12)),
                    ("has_merit", round(count * 0.03)),
                    ("other", round((count - ethnic) * 0.85)),
                ):
                    write(year, TallyKind.GROUP, pk, province_id, old, f"{status}:{group}", n, status)
                assessed = round(count * 0.9)
                write(year, TallyKind.DEPRIVATION, pk, province_id, old, f"{status}:assessed", assessed, status)
                for code, share in zip(indicators, DEPRIVED, strict=True):
                    n = round(assessed * share * (1 if status == "poor" else 0.6))
                    write(year, TallyKind.DEPRIVATION, pk, province_id, old, f"{status}:{code}", n, status)

    table = CommuneTally._meta.db_table
    columns = "year, kind, commune_id, province_id, legacy_commune_id, key, households, persons"
    with Timer() as timer, connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {table}, {ProvinceTally._meta.db_table}")
        with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            copy.write(buffer.getvalue())
        cursor.execute(f"VACUUM ANALYZE {table}")
        cursor.execute(f"SELECT pg_size_pretty(pg_total_relation_size('{table}'))")
        size = cursor.fetchone()[0]
    with Timer() as rollup:
        provinces = province_tallies_rebuild()
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {ProvinceTally._meta.db_table}")
    StaleCommune.objects.all().delete()
    return {
        "communes": f"{len(communes):,}",
        "commune_legacy_pairs": f"{len(units):,}",
        "years": f"{YEARS[0]}–{YEARS[-1]}",
        "households_per_year": f"{HOUSEHOLDS:,}",
        "tally_rows": f"{rows:,}",
        "table_and_indexes": size,
        "copy_s": f"{timer.seconds:.1f}",
        "province_rows": f"{provinces:,}",
        "province_rollup_s": f"{rollup.seconds:.1f}",
    }


def _national_admin() -> Any:
    from giamngheo.accounts.models import Role, User

    user, _ = User.objects.update_or_create(
        username="bench_quantri_tongquan", defaults={"role": Role.NATIONAL_ADMIN, "area": None, "is_active": True}
    )
    return user


def _timed(function: Any, repeats: int = REPEATS) -> tuple[list[float], Any]:
    """Warm calls' seconds and their SQL, after one untimed call that warms the caches."""
    _first, seconds, sql = timed_calls(function, repeats)
    return seconds, sql


def national(report: Any) -> list[Figure]:
    from django.db.models import Count
    from django.test import Client

    from giamngheo.areas.models import AdminUnit, StaleCommune
    from giamngheo.reports.models import CommuneTally, TallyKind
    from giamngheo.reports.tallies.dashboards import dashboard_build

    stale = StaleCommune.objects.count()
    figures = []
    built, sql = _timed(lambda: dashboard_build(unit=None))
    board = dashboard_build(unit=None)
    if board.figures.households != HOUSEHOLDS:
        raise SystemExit(f"Trang cả nước có {board.figures.households:,} hộ, không phải {HOUSEHOLDS:,}.")
    figures.append(
        Figure(
            "dashboard: national, dashboard_build alone (27 M households in tallies)",
            "—",
            f"p50 {percentile(built, 50) * 1000:.0f} ms",
            None,
            latency_summary(built)
            | {
                "queries_per_call": f"{sql.queries / REPEATS:.0f}",
                "sql_ms_per_call": f"{sql.seconds / REPEATS * 1000:.0f}",
                "households_shown": f"{board.figures.households:,}",
                "poor_rate": f"{board.figures.poor_rate} %",
                "provinces_ranked": str(len(board.ranking)),
            },
        )
    )
    report(figures[-1])

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(_national_admin())

    def page(path: str) -> Any:
        response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"{path}: HTTP {response.status_code}")
        return response

    cold_started = time.perf_counter()
    size = len(page("/bao-cao/tong-quan/").content)
    cold = time.perf_counter() - cold_started
    seconds, sql = _timed(lambda: page("/bao-cao/tong-quan/"))
    p95 = percentile(seconds, 95) * 1000
    figures.append(
        Figure(
            "dashboard: national page GET /bao-cao/tong-quan/ (27 M households in tallies)",
            f"≤ {PAGE_TARGET_MS} ms",
            f"p95 {p95:.0f} ms",
            p95 <= PAGE_TARGET_MS,
            latency_summary(seconds)
            | {
                "first_request_ms": f"{cold * 1000:.0f}",
                "queries_per_page": f"{sql.queries / REPEATS:.0f}",
                "sql_ms_per_page": f"{sql.seconds / REPEATS * 1000:.0f}",
                "html_kb": f"{size / 1024:.0f}",
                "stale_communes_before": str(stale),
                "client": "Django test client in process, DEBUG=0",
            },
        )
    )
    report(figures[-1])

    largest = (
        CommuneTally.objects.filter(kind=TallyKind.END, year=YEARS[-1])
        .values("province_id")
        .annotate(n=Count("commune_id", distinct=True))
        .order_by("-n")
        .first()
    )
    province = AdminUnit.objects.get(pk=largest["province_id"])
    seconds, sql = _timed(lambda: page(f"/bao-cao/tong-quan/{province.code}/"))
    figures.append(
        Figure(
            f"dashboard: province page ({province.name}, {largest['n']} communes)",
            "—",
            f"p95 {percentile(seconds, 95) * 1000:.0f} ms",
            None,
            latency_summary(seconds) | {"queries_per_page": f"{sql.queries / REPEATS:.0f}"},
        )
    )
    report(figures[-1])
    return figures


def refresh(province_code: str, report: Any) -> Figure:
    from reviews import AS_OF, SqlMeter, bench_commune, households_ensure, review_listed

    from giamngheo.areas.models import StaleCommune
    from giamngheo.reports.tallies.selectors import tally_years
    from giamngheo.reports.tallies.services import tallies_refresh
    from giamngheo.reviews.services.surveys import review_score_commune
    from giamngheo.standards.models import Assessment

    commune = bench_commune(province_code)
    households_ensure(commune)
    if not Assessment.objects.filter(household__commune=commune).exists():
        campaign = review_listed(commune)
        review_score_commune(actor=None, campaign=campaign, commune=commune, as_of=AS_OF)
    durations = []
    for _ in range(3):
        StaleCommune.objects.mark([commune.pk])
        with Timer() as timer, SqlMeter() as sql:
            rows = tallies_refresh(commune_ids=[commune.pk])
        durations.append(timer.seconds)
    years = tally_years([commune.pk])
    figure = Figure(
        f"tallies_refresh: one commune of 5,000 households ({commune.name}), {len(years)} years",
        "—",
        f"{statistics.median(durations):.2f} s",
        None,
        {
            "runs_s": ", ".join(f"{d:.2f}" for d in durations),
            "queries": str(sql.queries),
            "sql_s": f"{sql.seconds:.2f}",
            "rows_written": f"{rows:,}",
            "years": f"{years[0]}–{years[-1]} (households registered 2025: no rows before)",
            "province_rollup": "its province added up again in the same transaction",
            "assessments": f"{Assessment.objects.filter(household__commune=commune).count():,}",
        },
    )
    report(figure)
    return figure


def run(province_code: str, report: Any) -> list[Figure]:
    details = tallies_fill()
    figures = [
        Figure("dashboard: setup, tallies of 27 M households written with COPY (untimed)", "—", "", None, details)
    ]
    report(figures[-1])
    figures += national(report)  # first, while the tallies hold exactly 27 M households
    figures.append(refresh(province_code, report))
    return figures
