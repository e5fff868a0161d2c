"""report_pdf: the printed reports of a province (issue 11 B9, target ≤ 2 s each for a province of the demo's size):
the summary, the groups table and the poor list as PDF, through `export_report` (the code of the reports page).

- The demo's province: province 15 (Lào Cai) seeded as `make run` seeds it (demo_setup's seed_with_history: 20,000
  households, seed 1, the reviews of 2022–2025, the households scored), untimed, when it has no households yet. The
  year is 2025, the last year with decisions.
- The large province: the seeded province of run.py (1,000,000 households of province 38 by default), year 2026 (no
  ledger: the register's statuses). Its poor list is longer than a PDF is made for (lists.PDF_MAX_ROWS): the
  refusal is timed, then the longest list a PDF is made for, its first PDF_MAX_ROWS households, through the same
  template and cache.

Each province's tallies are refreshed first (untimed): another benchmark may have emptied or replaced them. Each
report is timed `laid out` (the documents cache emptied before each call: the first download after a change) and
`kept` (the copy served while nothing on it changes), in this process, warm; then as a child process in production
mode, from start to exit (Django's start-up included, as a one-off `export_report` pays it), each way once.
"""

import io
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from common import Figure, bench_environment
from reports import _child, _export

TARGET_S = 2.0
DEMO_PROVINCE = "15"
DEMO_HOUSEHOLDS = 20_000
DEMO_YEAR = 2025
REPORTS = ("summary", "groups", "poor_list")
LAID_OUT_RUNS = 5
KEPT_RUNS = 10

Report = Callable[[Figure], None]


def _demo_province_seed() -> int:
    """Province 15 as demo_setup leaves it (without its users and campaign). Returns its households."""
    from giamngheo.demo.management.commands.demo_setup import DEMO_SEED, DEMO_STANDARD, DEMO_YEARS
    from giamngheo.demo.management.commands.seed_synthetic import seed_with_history
    from giamngheo.demo.synthetic import REFERENCE_DATE
    from giamngheo.standards.services import classification_run_create, classification_run_execute

    province, households = _province_households(DEMO_PROVINCE)
    if not households:
        print(f"Tạo tỉnh {DEMO_PROVINCE} như bản trình diễn (không tính giờ)…", flush=True)
        seed_with_history(
            province_code=DEMO_PROVINCE,
            households=DEMO_HOUSEHOLDS,
            seed=DEMO_SEED,
            years=DEMO_YEARS,
            show_progress=False,
        )
        run = classification_run_create(
            actor=None, standard_code=DEMO_STANDARD, as_of=REFERENCE_DATE, province=province
        )
        classification_run_execute(run=run)
    return _province_households(DEMO_PROVINCE)[1]


def _province_households(code: str) -> tuple[object, int]:
    from giamngheo.areas.models import AdminUnit
    from giamngheo.registry.models import Household

    province = AdminUnit.objects.current().provinces().get(code=code)
    return province, Household.objects.filter(commune__province=province).count()


def _prepare(province_code: str) -> None:
    """Fresh tallies and planner statistics for the province (untimed)."""
    from django.core.management import call_command
    from django.db import connection

    call_command("refresh_tallies", province=province_code, no_progress=True, stdout=io.StringIO())
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def _in_process(report: str, unit: str, year: int, folder: Path) -> tuple[list[float], list[float], Path]:
    """Seconds of each call laid out (cache emptied first) and kept (served from the cache)."""
    from django.core.cache import caches

    from giamngheo.common.pdf import DOCUMENTS_CACHE

    cache = caches[DOCUMENTS_CACHE]
    _export(report, unit, year, "pdf", folder)  # warm: templates, fonts, the area's tallies
    laid_out, kept = [], []
    for _ in range(LAID_OUT_RUNS):
        cache.clear()
        started = time.perf_counter()
        path = _export(report, unit, year, "pdf", folder)
        laid_out.append(time.perf_counter() - started)
    for _ in range(KEPT_RUNS):
        started = time.perf_counter()
        path = _export(report, unit, year, "pdf", folder)
        kept.append(time.perf_counter() - started)
    return laid_out, kept, path


def _processes(url: str, report: str, unit: str, year: int, folder: Path) -> tuple[float, float, float]:
    """`manage.py export_report` as a child process: laid out (cache emptied), then kept. (seconds, seconds, MB)."""
    from django.core.cache import caches

    from giamngheo.common.pdf import DOCUMENTS_CACHE

    command = [sys.executable, "manage.py", "export_report", report, "--unit", unit, "--year", str(year)]
    command += ["--format", "pdf", "--output", str(folder / f"child-{report}.pdf")]
    caches[DOCUMENTS_CACHE].clear()
    cold = _child(command, bench_environment(url))
    kept = _child(command, bench_environment(url))
    return cold.seconds, kept.seconds, cold.peak_mb


def _pages(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(path).pages)


def _figure(
    label: str, laid_out: list[float], kept: list[float], details: dict[str, str], *, target: bool = True
) -> Figure:
    median = statistics.median(laid_out)
    return Figure(
        label,
        f"≤ {TARGET_S:.0f} s" if target else "—",
        f"laid out: median {median:.2f} s (best {min(laid_out):.2f}); kept: median {statistics.median(kept):.2f} s",
        median <= TARGET_S if target else None,
        {
            "laid_out_s": ", ".join(f"{s:.2f}" for s in laid_out),
            "kept_best_s": f"{min(kept):.2f}",
            "load_1min": f"{os.getloadavg()[0]:.2f}",
            **details,
        },
    )


def _province(url: str, unit: str, year: int, reports: tuple[str, ...], report: Report) -> list[Figure]:
    figures = []
    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as name:
        folder = Path(name)
        for which in reports:
            laid_out, kept, path = _in_process(which, unit, year, folder)
            cold, warm, peak = _processes(url, which, unit, year, folder)
            figures.append(
                _figure(
                    f"report_pdf: export_report {which} --unit {unit} --year {year} --format pdf",
                    laid_out,
                    kept,
                    {
                        "pages": str(_pages(path)),
                        "process_laid_out_s": f"{cold:.2f}",
                        "process_kept_s": f"{warm:.2f}",
                        "process_peak_mb": f"{peak:,.0f}",
                    },
                )
            )
            report(figures[-1])
    return figures


def _longest_list(unit: str, year: int, report: Report) -> list[Figure]:
    """The province's poor list refused as PDF (timed), then its first PDF_MAX_ROWS households printed."""
    from django.core.cache import caches
    from django.core.management.base import CommandError

    from giamngheo.common.pdf import DOCUMENTS_CACHE, render_pdf
    from giamngheo.registry.models import Status
    from giamngheo.reports.tables import lists
    from giamngheo.reports.tables.selectors import area_for_code

    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as name:
        started = time.perf_counter()
        try:
            _export("poor_list", unit, year, "pdf", Path(name))
            refused = ""
        except CommandError as error:
            refused = str(error)
        refusal = time.perf_counter() - started
    figures = [
        Figure(
            f"report_pdf: export_report poor_list --unit {unit} --format pdf (longer than a PDF is made for)",
            "—",
            f"refused in {refusal:.2f} s" if refused else f"printed in {refusal:.2f} s",
            None,
            {"message": refused or "—"},
        )
    ]
    report(figures[-1])

    area = area_for_code(unit)
    rows = []
    for row in lists.list_rows(unit=area, year=year, status=Status.POOR):
        rows.append(row)
        if len(rows) == lists.PDF_MAX_ROWS:
            break
    context = {
        "unit": area,
        "title": lists.title_of(Status.POOR, year),
        "header": lists.HEADER,
        "rows_html": lists.pdf_rows_html(rows),
        "count": len(rows),
    }
    cache = caches[DOCUMENTS_CACHE]
    laid_out, kept = [], []
    for _ in range(3):
        cache.clear()
        started = time.perf_counter()
        data = render_pdf("reports/list.html", context, keep=True)
        laid_out.append(time.perf_counter() - started)
    for _ in range(KEPT_RUNS):
        started = time.perf_counter()
        render_pdf("reports/list.html", context, keep=True)
        kept.append(time.perf_counter() - started)
    with tempfile.NamedTemporaryFile(suffix=".pdf") as out:
        out.write(data)
        out.flush()
        pages = _pages(Path(out.name))
    figures.append(
        _figure(
            f"report_pdf: the longest printed list, {len(rows):,} poor households of {unit} (template and PDF only)",
            laid_out,
            kept,
            {"pages": str(pages)},
            target=False,
        )
    )
    report(figures[-1])
    return figures


def run(url: str, *, province_code: str, report: Report) -> list[Figure]:
    from dashboards import YEARS

    households = _demo_province_seed()
    _prepare(DEMO_PROVINCE)
    print(f"Tỉnh {DEMO_PROVINCE}: {households:,} hộ, năm {DEMO_YEAR}.", flush=True)
    figures = _province(url, DEMO_PROVINCE, DEMO_YEAR, REPORTS, report)

    _unit, large = _province_households(province_code)
    if not large:
        print(f"Tỉnh {province_code} chưa có hộ: bỏ qua phần 1 triệu hộ.", flush=True)
        return figures
    _prepare(province_code)
    print(f"Tỉnh {province_code}: {large:,} hộ, năm {YEARS[-1]}.", flush=True)
    figures += _province(url, province_code, YEARS[-1], ("summary", "groups"), report)
    figures += _longest_list(province_code, YEARS[-1], report)
    return figures
