"""make bench: the benchmarks, on PostgreSQL (BENCH_DATABASE_URL), printed as a table. Never part of the tests.

    python bench/run.py [--only standards|seed|search|list|review_score|review_decision|survey_save|dashboard
                         |report_province|report_national|report_list|report_pdf ...]
                        [--households 1000000] [--province 38] [--review-province 08]

(a) seed: generation alone, then 1,000,000 households through seed_synthetic's code with --rebuild-indexes into a
    fresh bench database, then 10 % more into the populated register with the indexes maintained row by row;
(b) search: 200 diacritic-insensitive queries through registry.selectors.household_list, for a national
    administrator and for a commune officer;
(c) list: the commune household list page under 20 concurrent clients, served by gunicorn;
(d) reviews (bench/reviews.py), in a 5,000-household commune of their own, made and deleted by them:
    review_score (review_score_commune), review_decision (decision_apply changing 5,000 statuses) and survey_save
    (Phiếu B saved by 50 collaborators at once: the service alone, then POSTs to the form through gunicorn);
(e) dashboard (bench/dashboards.py): the national dashboard over the tallies of 27,000,000 households (written
    straight into the tallies table, replacing what is there), and tallies_refresh of the review benchmarks'
    5,000-household commune;
(f) reports (bench/reports.py): report_province, the tallies refresh and the summary report of the seeded province
    (table, XLSX, PDF); report_national, the national change reports and summary over dashboard's 27 M households'
    tallies; report_list, the province's poor list of every seeded household (1,000,000 rows) exported to CSV and
    XLSX by `manage.py export_report` in a child process, with its time and peak memory;
(g) report_pdf (bench/printed.py): the summary, groups and poor list PDFs of the demo's province (15, seeded as
    `make run` seeds it when absent) and of the seeded province, laid out and kept (the documents cache).

`--only seed` (or no --only) drops and recreates the bench database (its name must contain "bench"); search, list,
report_province and report_list reuse the households already there and seed them (untimed) when there are none; the
review, dashboard and report_national benchmarks need none of them. Figures go, by hand, to docs/performance.md.
"""

import argparse
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parent.parent))

from common import DEFAULT_URL, Figure, database_recreate, django_setup, machine, postgres_version

REVIEW_BENCHMARKS = ("review_score", "review_decision", "survey_save")
REPORT_BENCHMARKS = ("report_province", "report_list", "report_national")
SEEDED = {"search", "list", "report_province", "report_list", "report_pdf"}  # they read the seeded households
BENCHMARKS = (
    "standards",
    "seed",
    "search",
    "list",
    *REVIEW_BENCHMARKS,
    "dashboard",
    *REPORT_BENCHMARKS,
    "report_pdf",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", choices=BENCHMARKS, help="run only this benchmark (repeatable)")
    parser.add_argument("--households", type=int, default=1_000_000, help="households to seed (default 1,000,000)")
    # Thanh Hóa: 166 communes and about a million households in real life, so a million here is life-size.
    parser.add_argument("--province", default="38", help="current-era province code to seed (default 38)")
    parser.add_argument(
        "--seed-mode",
        choices=("rebuild", "incremental"),
        default="rebuild",
        help="the big seed: drop and rebuild indexes around it (default), or keep them (row-by-row maintenance)",
    )
    parser.add_argument("--queries", type=int, default=200, help="search queries per user (default 200)")
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients on the list page (default 20)")
    parser.add_argument("--requests", type=int, default=2_000, help="list-page requests at most (default 2,000)")
    parser.add_argument("--seconds", type=float, default=60, help="list-page run time at most (default 60)")
    parser.add_argument(
        "--review-province",
        default="08",
        help="province whose first household-free rural commune the review benchmarks use (default 08)",
    )
    parser.add_argument("--survey-clients", type=int, default=50, help="collaborators saving at once (default 50)")
    parser.add_argument("--survey-saves", type=int, default=20, help="timed saves per collaborator (default 20)")
    args = parser.parse_args()
    if args.households <= 0:
        parser.error("--households phải lớn hơn 0")
    if not 1 <= args.survey_clients <= 80:  # one connection each, under PostgreSQL's default max_connections 100
        parser.error("--survey-clients phải từ 1 đến 80")
    if args.survey_saves <= 0:
        parser.error("--survey-saves phải lớn hơn 0")
    only = set(args.only or BENCHMARKS)
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)

    if "standards" in only:
        # No database: classification in memory (bench_standards.py prints its own lines).
        subprocess.run([sys.executable, str(Path(__file__).with_name("bench_standards.py"))], check=True)
        only.discard("standards")
        if not only:
            return

    about = machine()
    database_recreate(url, fresh="seed" in only)
    django_setup(url)

    from django.core.management import call_command

    from giamngheo.areas.services import admin_units_load
    from giamngheo.registry.models import Household

    call_command("migrate", verbosity=0)
    admin_units_load()
    about["postgres"] = postgres_version()
    figures: list[Figure] = []

    import seed

    if "seed" in only:
        for figure in seed.generation_only(args.province, min(args.households, 200_000)):
            figures.append(figure)
            print(_row(figure), flush=True)
        rebuild = args.seed_mode == "rebuild"
        figures.append(
            seed.seed(
                args.province,
                args.households,
                seed_number=1,
                rebuild_indexes=rebuild,
                label=f"seed: {args.households:,} households, {'--rebuild-indexes' if rebuild else 'indexes kept'},"
                " empty register",
                has_target=True,
            )
        )
        print(_row(figures[-1]), flush=True)
        figures[-1].details["vacuum_analyze_s"] = f"{seed.analyze():.1f}"
        extra = max(1, args.households // 10)
        figures.append(
            seed.seed(
                args.province,
                extra,
                seed_number=2,
                rebuild_indexes=False,
                label=f"seed: +{extra:,} households, indexes kept, populated register",
                has_target=False,
            )
        )
        print(_row(figures[-1]), flush=True)
        seed.analyze()
    elif only & SEEDED and not Household.objects.exists():
        print(f"Chưa có hộ trong CSDL đo: tạo {args.households:,} hộ trước (không tính giờ).", flush=True)
        seed.seed(
            args.province, args.households, seed_number=1, rebuild_indexes=True, label="chuẩn bị", has_target=False
        )
        seed.analyze()

    if "search" in only:
        import search

        for figure in search.run(args.queries):
            figures.append(figure)
            print(_row(figure), flush=True)
    if "list" in only:
        import listpage

        figures.append(listpage.run(url, clients=args.clients, requests=args.requests, seconds=args.seconds))
        print(_row(figures[-1]), flush=True)
    if only & set(REVIEW_BENCHMARKS):
        import reviews

        figures += reviews.run(
            only & set(REVIEW_BENCHMARKS),
            url,
            province_code=args.review_province,
            report=lambda figure: print(_row(figure), flush=True),
            clients=args.survey_clients,
            saves=args.survey_saves,
        )
    if "dashboard" in only:
        import dashboards

        figures += dashboards.run(args.review_province, report=lambda figure: print(_row(figure), flush=True))
    if only & set(REPORT_BENCHMARKS):
        import reports

        figures += reports.run(
            only & set(REPORT_BENCHMARKS),
            url,
            province_code=args.province,
            report=lambda figure: print(_row(figure), flush=True),
        )
    if "report_pdf" in only:
        import printed

        figures += printed.run(url, province_code=args.province, report=lambda figure: print(_row(figure), flush=True))

    print()
    print("Máy: " + ", ".join(f"{k} {v}" for k, v in about.items()))
    print(f"Hộ trong CSDL đo: {Household.objects.count():,}")
    print()
    print("| benchmark | target | measured | met | details |")
    print("|---|---|---|---|---|")
    for figure in figures:
        print(_row(figure))


def _row(figure: Figure) -> str:
    met = {True: "yes", False: "**no**", None: "—"}[figure.ok]
    details = "; ".join(f"{k} {v}" for k, v in figure.details.items())
    return f"| {figure.benchmark} | {figure.target} | {figure.measured} | {met} | {details} |"


if __name__ == "__main__":
    main()
