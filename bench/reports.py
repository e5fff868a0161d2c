"""The official reports and the detailed lists (issue 5 point 10), on PostgreSQL:

- report_province: over the seeded households of one province (1,000,000 of province 38 by default; run.py seeds
  them, untimed, when the register is empty). The tally tables are emptied first (untimed), so that the refresh
  covers the years of the province's own data and not those of tallies another benchmark wrote. Then
  `refresh_tallies --province` (groups of about 50,000 households, one transaction each: what an operator or the
  task worker runs, and what keeps reports fast), one commune's `tallies_refresh` (the busiest: what follows a
  decision), `summary_table` of the province alone, and `export_report summary --unit <province> --format xlsx`
  and `--format pdf` through call_command in this process, warm. Target ≤ 2 s for the province report.
- report_national: the synthetic tallies of 27,000,000 households of bench/dashboards.py (its tallies_fill, untimed,
  replacing every tally), then the national change reports (`changes_table` alone and `export_report poor_changes
  --unit VN --format xlsx`, same for near-poor) and the national summary, warm.
- report_list: the province's poor list made as long as the register: every household of the province is set to
  "poor" in the register (untimed; the statuses are kept in the table `bench_reports_status` and put back
  afterwards, even after a failure, or at the start of the next run if the process died). No ledger entry may
  concern these households, since the list takes the status recognised at the end of the year from the ledger
  first (reviews.selectors.households_at_year_end). Then `manage.py export_report poor_list --format csv` and
  `--format xlsx` run as child processes in production mode, each timed from start to exit with its own peak
  resident memory (os.wait4 in a small launcher, below), and the files are read back to count their rows.
  Targets ≤ 60 s and ≤ 500 MB.
"""

import csv
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from common import Figure, Timer, bench_environment, latency_summary, percentile, timed_calls

ROOT = Path(__file__).resolve().parent.parent
REPORT_TARGET_S = 2.0
LIST_TARGET_S = 60.0
LIST_TARGET_MB = 500
REPEATS = 10
BACKUP_TABLE = "bench_reports_status"

Report = Callable[[Figure], None]


def _year() -> int:
    from dashboards import YEARS

    return YEARS[-1]  # the last year of the synthetic national tallies; today's year when this was written


def _timed(function: Callable[[], Any], repeats: int = REPEATS) -> tuple[float, list[float], Any]:
    return timed_calls(function, repeats)


def _export(report: str, unit: str, year: int, fmt: str, folder: Path) -> Path:
    from django.core.management import call_command

    path = folder / f"{report}-{unit}-{year}.{fmt}"
    call_command("export_report", report, unit=unit, year=str(year), format=fmt, output=path, stdout=io.StringIO())
    return path


def _export_figure(label: str, report: str, unit: str, year: int, fmt: str, target: bool, repeats: int) -> Figure:
    with tempfile.TemporaryDirectory() as folder:
        first, seconds, sql = _timed(lambda: _export(report, unit, year, fmt, Path(folder)), repeats)
        size = _export(report, unit, year, fmt, Path(folder)).stat().st_size
    p95 = percentile(seconds, 95)
    return Figure(
        label,
        f"≤ {REPORT_TARGET_S:.0f} s" if target else "—",
        f"p95 {p95 * 1000:,.0f} ms",
        p95 <= REPORT_TARGET_S if target else None,
        latency_summary(seconds)
        | {
            "first_call_ms": f"{first * 1000:,.0f}",
            "queries_per_call": f"{sql.queries / repeats:.0f}",
            "sql_ms_per_call": f"{sql.seconds / repeats * 1000:.0f}",
            "file_kb": f"{size / 1024:,.0f}",
        },
    )


# ---------------------------------------------------------------- report_province


def province(province_code: str, report: Report) -> list[Figure]:
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count
    from reviews import SqlMeter

    from giamngheo.areas.models import AdminUnit
    from giamngheo.registry.models import Household
    from giamngheo.reports.models import CommuneTally, ProvinceTally
    from giamngheo.reports.tables.results import summary_table
    from giamngheo.reports.tallies.selectors import tally_years
    from giamngheo.reports.tallies.services import tallies_refresh

    year = _year()
    unit = AdminUnit.objects.current().provinces().get(code=province_code)
    communes = list(AdminUnit.objects.current().communes().filter(province=unit).values_list("pk", flat=True))
    households = Household.objects.filter(commune_id__in=communes).count()
    if not households:
        raise SystemExit(f"Tỉnh {province_code} chưa có hộ nào trong CSDL đo: chạy --only seed trước.")
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {CommuneTally._meta.db_table}, {ProvinceTally._meta.db_table}")
    figures = []

    with Timer() as timer, SqlMeter() as sql:
        call_command("refresh_tallies", province=province_code, no_progress=True, stdout=io.StringIO())
    years = tally_years(communes)
    rows = CommuneTally.objects.filter(province=unit).count()
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {CommuneTally._meta.db_table}")
        cursor.execute(f"VACUUM ANALYZE {ProvinceTally._meta.db_table}")
    figures.append(
        Figure(
            f"report_province: refresh_tallies --province {province_code} ({len(communes)} communes,"
            f" {households:,} households)",
            "—",
            f"{timer.seconds:.1f} s",
            None,
            {
                "households_per_s": f"{households / timer.seconds:,.0f}",
                "years": f"{years[0]}–{years[-1]}",
                "tally_rows": f"{rows:,}",
                "queries": str(sql.queries),
                "sql_s": f"{sql.seconds:.1f}",
            },
        )
    )
    report(figures[-1])

    busiest = (
        Household.objects.filter(commune_id__in=communes)
        .values("commune")
        .annotate(n=Count("id"))
        .order_by("-n", "commune")
        .first()
    )
    assert busiest is not None  # the province has households (checked above)
    durations = []
    for _ in range(3):
        with Timer() as timer:
            tallies_refresh(commune_ids=[busiest["commune"]])
        durations.append(timer.seconds)
    figures.append(
        Figure(
            f"report_province: tallies_refresh of its busiest commune ({busiest['n']:,} households)",
            "—",
            f"{statistics.median(durations):.2f} s",
            None,
            {"runs_s": ", ".join(f"{d:.2f}" for d in durations), "province_rollup": "included"},
        )
    )
    report(figures[-1])

    first, seconds, sql = _timed(lambda: summary_table(unit=unit, year=year))
    table = summary_table(unit=unit, year=year)
    total = table.rows[-1].households[0]
    if total != households:
        raise SystemExit(f"Biểu tổng hợp của tỉnh có {total:,} hộ, không phải {households:,}.")
    figures.append(
        Figure(
            f"report_province: summary_table alone ({unit.name}, {year}, {len(table.rows) - 1} communes)",
            "—",
            f"p95 {percentile(seconds, 95) * 1000:,.0f} ms",
            None,
            latency_summary(seconds)
            | {
                "first_call_ms": f"{first * 1000:,.0f}",
                "queries_per_call": f"{sql.queries / REPEATS:.0f}",
                "households_shown": f"{total:,.0f}",
                "poor_rate": f"{table.rows[-1].households[2]} %",
            },
        )
    )
    report(figures[-1])
    for fmt, repeats in (("xlsx", REPEATS), ("pdf", 5)):
        figures.append(
            _export_figure(
                f"report_province: export_report summary --unit {province_code} --year {year} --format {fmt}",
                "summary",
                province_code,
                year,
                fmt,
                True,
                repeats,
            )
        )
        report(figures[-1])
    return figures


# ---------------------------------------------------------------- report_national


def _national_changes(year: int, status: str) -> Any:
    """The national change table as export_report makes it: the country's area read afresh, then the table."""
    from giamngheo.reports.tables.results import changes_table
    from giamngheo.reports.tables.selectors import national_area

    return changes_table(unit=national_area(), year=year, status=status)


def national(report: Report) -> list[Figure]:
    from dashboards import HOUSEHOLDS, tallies_fill

    from giamngheo.registry.models import Status
    from giamngheo.reports.tables.results import changes_table, summary_table
    from giamngheo.reports.tables.selectors import national_area

    year = _year()
    figures = [
        Figure(
            "report_national: setup, tallies of 27 M households written with COPY (untimed, bench/dashboards.py)",
            "—",
            "",
            None,
            tallies_fill(),
        )
    ]
    report(figures[-1])
    for status, name in ((Status.POOR, "poor_changes"), (Status.NEAR_POOR, "near_poor_changes")):
        first, seconds, sql = _timed(partial(_national_changes, year, status))
        table = changes_table(unit=national_area(), year=year, status=status)
        figures.append(
            Figure(
                f"report_national: {name} table alone, national_area() included ({len(table.rows) - 1} provinces)",
                "—",
                f"p95 {percentile(seconds, 95) * 1000:,.0f} ms",
                None,
                latency_summary(seconds)
                | {
                    "first_call_ms": f"{first * 1000:,.0f}",
                    "queries_per_call": f"{sql.queries / REPEATS:.0f}",
                    "start_households": f"{table.rows[-1].households[0]:,}",
                    "end_households": f"{table.rows[-1].households[-1]:,}",
                },
            )
        )
        report(figures[-1])
        figures.append(
            _export_figure(
                f"report_national: export_report {name} --unit VN --year {year} --format xlsx",
                name,
                "VN",
                year,
                "xlsx",
                False,
                REPEATS,
            )
        )
        report(figures[-1])
    first, seconds, sql = _timed(lambda: summary_table(unit=national_area(), year=year))
    table = summary_table(unit=national_area(), year=year)
    if table.rows[-1].households[0] != HOUSEHOLDS:
        raise SystemExit(f"Biểu tổng hợp cả nước có {table.rows[-1].households[0]:,} hộ, không phải {HOUSEHOLDS:,}.")
    figures.append(
        Figure(
            "report_national: summary table alone (27 M households)",
            "—",
            f"p95 {percentile(seconds, 95) * 1000:,.0f} ms",
            None,
            latency_summary(seconds)
            | {
                "first_call_ms": f"{first * 1000:,.0f}",
                "queries_per_call": f"{sql.queries / REPEATS:.0f}",
                "households_shown": f"{table.rows[-1].households[0]:,.0f}",
            },
        )
    )
    report(figures[-1])
    figures.append(
        _export_figure(
            f"report_national: export_report summary --unit VN --year {year} --format xlsx",
            "summary",
            "VN",
            year,
            "xlsx",
            False,
            REPEATS,
        )
    )
    report(figures[-1])
    return figures


# ---------------------------------------------------------------- report_list


def _statuses_restore() -> int:
    """Put back the statuses a previous run kept (if any) and drop the copy. Returns how many were put back."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [BACKUP_TABLE])
        if cursor.fetchone()[0] is None:
            return 0
        cursor.execute(
            f"UPDATE registry_household h SET status = b.status FROM {BACKUP_TABLE} b"  # noqa: S608 (a constant)
            " WHERE h.id = b.id AND h.status <> b.status"
        )
        restored = cursor.rowcount
        cursor.execute(f"DROP TABLE {BACKUP_TABLE}")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE registry_household")
    return restored


def _all_poor(commune_ids: list[int]) -> int:
    """Keep every household's status of the communes, then set them all to poor. Returns how many changed."""
    from django.db import connection, transaction

    from giamngheo.registry.models import Status

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE {BACKUP_TABLE} AS SELECT id, status FROM registry_household"  # noqa: S608 (a constant)
            " WHERE commune_id = ANY(%s)",
            [commune_ids],
        )
        cursor.execute(
            "UPDATE registry_household SET status = %s WHERE commune_id = ANY(%s) AND status <> %s",
            [Status.POOR, commune_ids, Status.POOR],
        )
        changed = cursor.rowcount
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE registry_household")
    return changed


# Started by a small launcher that reports its child's usage: a child started straight from this process begins as a
# copy of it (vfork, then exec), and Linux counts this process's own peak memory into the child's ru_maxrss.
_LAUNCHER = """
import os, subprocess, sys
child = subprocess.Popen(sys.argv[2:])
_pid, status, usage = os.wait4(child.pid, 0)
with open(sys.argv[1], "w") as report:
    report.write(f"{usage.ru_maxrss} {usage.ru_utime} {usage.ru_stime}")
sys.exit(os.waitstatus_to_exitcode(status))
"""


@dataclass
class Usage:
    seconds: float  # wall time from start to exit, the launcher's start (about 20 ms) included
    peak_mb: float  # peak resident memory of the command's process
    user_s: float
    system_s: float


def _child(arguments: list[str], environment: dict[str, str]) -> Usage:
    """Run a command to its end, with its wall time and its own peak memory and CPU time."""
    with tempfile.TemporaryFile() as output, tempfile.NamedTemporaryFile("r") as report:
        started = time.perf_counter()
        code = subprocess.call(
            [sys.executable, "-c", _LAUNCHER, report.name, *arguments],
            cwd=ROOT,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        seconds = time.perf_counter() - started
        if code != 0:
            output.seek(0)
            text = output.read().decode("utf-8", "replace")
            raise SystemExit(f"{' '.join(arguments[1:])} thất bại (mã {code}):\n{text}")
        peak_kb, user, system = report.read().split()
    return Usage(seconds, int(peak_kb) / 1024, float(user), float(system))  # ru_maxrss is in kilobytes on Linux


def _csv_rows(path: Path) -> int:
    with open(path, encoding="utf-8", newline="") as source:
        reader = csv.reader(source)
        next(reader)  # the header
        count, last = 0, None
        for count, last in enumerate(reader, start=1):  # noqa: B007 (the last row is checked below)
            pass
    if last is not None and int(last[0]) != count:
        raise SystemExit(f"Dòng cuối của {path.name} đánh số {last[0]}, không phải {count}.")
    return count


def _xlsx_rows(path: Path) -> int:
    """Rows of the list's sheet: every <row> element but the title lines, the header and the signature line."""
    count, tail = 0, b""
    with zipfile.ZipFile(path) as book, book.open("xl/worksheets/sheet1.xml") as sheet:
        while chunk := sheet.read(1 << 22):
            text = tail + chunk
            count += text.count(b"<row ")
            tail = text[-4:]  # a "<row " cut by the chunk's end is found with the next chunk (4 bytes hold none)
    return count - 4  # unit name, title, header, signature block


def listing(url: str, province_code: str, report: Report) -> list[Figure]:
    from giamngheo.areas.models import AdminUnit
    from giamngheo.registry.models import Household
    from giamngheo.reviews.models import LedgerEntry

    year = _year()
    restored = _statuses_restore()
    if restored:
        print(f"Đã trả lại tình trạng của {restored:,} hộ từ lần chạy trước bị ngắt.", flush=True)
    unit = AdminUnit.objects.current().provinces().get(code=province_code)
    communes = list(AdminUnit.objects.current().communes().filter(province=unit).values_list("pk", flat=True))
    households = Household.objects.filter(commune_id__in=communes)
    decided = LedgerEntry.objects.filter(household__commune_id__in=communes).count()
    if decided:
        raise SystemExit(
            f"{decided:,} mục sổ theo dõi thuộc hộ của tỉnh {province_code}: danh sách lấy tình trạng từ sổ, "
            "nên đặt lại tình trạng trong sổ hộ không đủ. Dùng CSDL đo chưa có quyết định ở tỉnh này."
        )
    expected = households.filter(ended_on__isnull=True).count()
    figures = []
    try:
        with Timer() as setup:
            changed = _all_poor(communes)
        print(f"Chuẩn bị: {changed:,} hộ đặt là hộ nghèo trong {setup.seconds:.0f} s (không tính giờ).", flush=True)
        environment = bench_environment(url)
        with tempfile.TemporaryDirectory(prefix="bench-list-") as folder:
            for fmt in ("csv", "xlsx"):
                path = Path(folder) / f"poor_list-{province_code}-{year}.{fmt}"
                load = os.getloadavg()[0]
                command = [sys.executable, "manage.py", "export_report", "poor_list"]
                command += ["--unit", province_code, "--year", str(year), "--format", fmt, "--output", str(path)]
                usage = _child(command, environment)
                rows = _csv_rows(path) if fmt == "csv" else _xlsx_rows(path)
                if rows != expected:
                    raise SystemExit(f"{path.name} có {rows:,} dòng, không phải {expected:,}.")
                met = usage.seconds <= LIST_TARGET_S and usage.peak_mb <= LIST_TARGET_MB
                figures.append(
                    Figure(
                        f"report_list: export_report poor_list --unit {province_code} --format {fmt}, child process",
                        f"≤ {LIST_TARGET_S:.0f} s, ≤ {LIST_TARGET_MB} MB",
                        f"{usage.seconds:.1f} s, peak RSS {usage.peak_mb:,.0f} MB",
                        met,
                        {
                            "rows_read_back": f"{rows:,}",
                            "rows_expected": f"{expected:,}",
                            "rows_per_s": f"{rows / usage.seconds:,.0f}",
                            "cpu_user_s": f"{usage.user_s:.1f}",
                            "cpu_sys_s": f"{usage.system_s:.1f}",
                            "file_mb": f"{path.stat().st_size / 1024 / 1024:,.0f}",
                            "load_before": f"{load:.2f}",
                        },
                    )
                )
                report(figures[-1])
                path.unlink()
    finally:
        _statuses_restore()
    return figures


def run(which: set[str], url: str, *, province_code: str, report: Report) -> list[Figure]:
    """The chosen report benchmarks, in an order that leaves each one's data as the next expects: the province's
    tallies, then the list (statuses changed and put back), then the national tallies (which replace all others)."""
    figures = []
    if "report_province" in which:
        figures += province(province_code, report)
    if "report_list" in which:
        figures += listing(url, province_code, report)
    if "report_national" in which:
        figures += national(report)
    return figures
