"""export_report REPORT --unit CODE --year YYYY --format xlsx|pdf|csv [--output FILE]

A review-result table (spec §9.2) of a commune or province of today's map (its code: 5 digits for a commune, 2 for
a province) for one review year. Without --output a CSV goes to the screen and an Excel or PDF file is written as
REPORT-CODE-YEAR.xlsx/.pdf in the current folder. The detailed lists (poor_list, near_poor_list) stream: CSV and
Excel are written row by row.
"""

import argparse
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from giamngheo.areas.models import AdminUnit, Level
from giamngheo.common.pdf import render_pdf
from giamngheo.registry.models import Status
from giamngheo.reports.exports import table_csv, table_pdf, table_xlsx
from giamngheo.reports.lists import HEADER, list_rows, pdf_rows, title_of, write_csv, write_xlsx
from giamngheo.reports.tables import (
    ReportError,
    Table,
    causes_table,
    changes_table,
    child_deprivations_table,
    deprivations_table,
    ethnicity_table,
    groups_table,
    summary_table,
)

REPORTS = (
    "summary",
    "poor_changes",
    "near_poor_changes",
    "poor_deprivations",
    "near_poor_deprivations",
    "groups",
    "ethnicity",
    "causes",
    "child_deprivations",
    "poor_list",
    "near_poor_list",
)
BUILT = {
    "summary": lambda unit, year: summary_table(unit=unit, year=year),
    "poor_changes": lambda unit, year: changes_table(unit=unit, year=year, status=Status.POOR),
    "near_poor_changes": lambda unit, year: changes_table(unit=unit, year=year, status=Status.NEAR_POOR),
    "groups": lambda unit, year: groups_table(unit=unit, year=year),
    "ethnicity": lambda unit, year: ethnicity_table(unit=unit, year=year),
    "causes": lambda unit, year: causes_table(unit=unit, year=year),
    "poor_deprivations": lambda unit, year: deprivations_table(unit=unit, year=year, status=Status.POOR),
    "near_poor_deprivations": lambda unit, year: deprivations_table(unit=unit, year=year, status=Status.NEAR_POOR),
    "child_deprivations": lambda unit, year: child_deprivations_table(unit=unit, year=year),
}
FORMATS = {"csv": table_csv, "xlsx": table_xlsx, "pdf": table_pdf}
LISTS = {"poor_list": Status.POOR, "near_poor_list": Status.NEAR_POOR}


class Command(BaseCommand):
    help = "Xuất biểu tổng hợp kết quả rà soát của một xã hoặc tỉnh cho một năm (xlsx, pdf, csv)."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        # Choices are checked in handle(): argparse's own messages are English only.
        parser.add_argument("report", help=f"Tên biểu: {', '.join(REPORTS)}.")
        parser.add_argument("--unit", required=True, help="Mã xã (5 chữ số) hoặc tỉnh (2 chữ số) sau 01/07/2025.")
        parser.add_argument("--year", required=True, help="Năm rà soát, ví dụ 2025.")
        parser.add_argument("--format", required=True, help="xlsx, pdf hoặc csv.")
        parser.add_argument("--output", type=Path, help="Tệp kết quả.")

    def handle(self, *args: Any, **options: Any) -> None:
        report, fmt = options["report"], options["format"]
        if report not in REPORTS:
            raise CommandError(f"Không có biểu “{report}”. Các biểu: {', '.join(REPORTS)}.")
        if fmt not in FORMATS:
            raise CommandError(f"Định dạng “{fmt}” không hỗ trợ; chọn xlsx, pdf hoặc csv.")
        if not str(options["year"]).isdigit() or not 2016 <= int(options["year"]) <= 2100:
            raise CommandError(f"Năm “{options['year']}” không hợp lệ (ví dụ 2025).")
        year = int(options["year"])
        output: Path | None = options["output"]
        if output is not None and not output.parent.is_dir():
            raise CommandError(f"Thư mục “{output.parent}” không tồn tại.")
        unit = (
            AdminUnit.objects.current()
            .filter(code=options["unit"].strip(), level__in=[Level.PROVINCE, Level.COMMUNE])
            .first()
        )
        if unit is None:
            raise CommandError(f"Không có tỉnh hoặc xã hiện hành mã “{options['unit']}”.")
        if report in LISTS:
            self._list(report, unit, year, fmt, output)
            return
        try:
            table: Table = BUILT[report](unit, year)
        except ReportError as error:
            raise CommandError(str(error)) from None
        content = FORMATS[fmt](table)
        if output is None and fmt == "csv":
            self.stdout.write(content.decode("utf-8"), ending="")
            return
        output = output or Path(f"{report}-{unit.code}-{year}.{fmt}")
        output.write_bytes(content)
        self.stdout.write(f"Đã ghi {output} ({table.title}, {unit.name}).")

    def _list(self, report: str, unit: AdminUnit, year: int, fmt: str, output: Path | None) -> None:
        """The detailed lists stream: CSV and Excel are written row by row as the database returns them."""
        status = LISTS[report]
        title = title_of(status, year)
        rows = list_rows(unit=unit, year=year, status=status)
        if fmt == "csv" and output is None:
            write_csv(rows, self.stdout)
            return
        output = output or Path(f"{report}-{unit.code}-{year}.{fmt}")
        # Written beside the output and renamed at the end: an interrupted export leaves no half file behind.
        partial = output.with_name(output.name + ".part")
        try:
            if fmt == "csv":
                with open(partial, "w", encoding="utf-8", newline="") as sink:
                    count = write_csv(rows, sink)
            elif fmt == "xlsx":
                count = write_xlsx(rows, partial, unit=unit, title=title)
            else:
                try:
                    listed = pdf_rows(unit=unit, year=year, status=status)
                except ReportError as error:
                    raise CommandError(str(error)) from None
                partial.write_bytes(
                    render_pdf("reports/list.html", {"unit": unit, "title": title, "header": HEADER, "rows": listed})
                )
                count = len(listed)
            partial.replace(output)
        finally:
            partial.unlink(missing_ok=True)
        self.stdout.write(f"Đã ghi {output} ({title}, {unit.name}: {count} hộ).")
