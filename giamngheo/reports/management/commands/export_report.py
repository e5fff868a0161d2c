"""export_report REPORT --unit CODE --year YYYY --format xlsx|pdf|csv [--output FILE]

A review-result table (spec §9.2) of a commune or province of today's map (its code: 5 digits for a commune, 2 for
a province), or of the whole country (VN), for one review year. With --old-map the code is a province (2 digits),
district (3) or commune (5) of the map before 01/07/2025: its rows are its old communes, and each household counts
under the old commune recorded for it. Without --output a CSV goes to the screen and an Excel or PDF file is written as
REPORT-CODE-YEAR.xlsx/.pdf in the current folder. The detailed lists (poor_list, near_poor_list) stream: CSV and
Excel are written row by row.
"""

import argparse
import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from giamngheo.reports.tables.catalogue import FORMATS, REPORTS, file_name, report_write
from giamngheo.reports.tables.selectors import ReportError, area_for_code


class Command(BaseCommand):
    help = "Xuất biểu tổng hợp kết quả rà soát của một xã hoặc tỉnh cho một năm (xlsx, pdf, csv)."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        # Choices are checked in handle(): argparse's own messages are English only.
        parser.add_argument("report", help=f"Tên biểu: {', '.join(REPORTS)}.")
        parser.add_argument(
            "--unit", required=True, help="Mã xã (5 chữ số) hoặc tỉnh (2 chữ số) sau 01/07/2025, hoặc VN (toàn quốc)."
        )
        parser.add_argument(
            "--old-map", action="store_true", help="Mã là tỉnh, huyện hoặc xã trước 01/07/2025 (bản đồ cũ)."
        )
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
        try:
            unit = area_for_code(options["unit"], old_map=options["old_map"])
            if output is None and fmt == "csv":
                with tempfile.TemporaryDirectory() as folder:
                    path = Path(folder) / file_name(report, unit, year, fmt)
                    report_write(report=report, unit=unit, year=year, fmt=fmt, path=path)
                    with open(path, encoding="utf-8") as source:
                        for line in source:
                            self.stdout.write(line, ending="")
                return
            output = output or Path(file_name(report, unit, year, fmt))
            summary = report_write(report=report, unit=unit, year=year, fmt=fmt, path=output)
        except ReportError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Đã ghi {output} ({summary}).")
