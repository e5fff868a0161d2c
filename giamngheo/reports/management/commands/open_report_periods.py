"""manage.py open_report_periods --year YYYY: open the year's periodic reports with the dates of the regime in force.

The six-month and annual reports, and in the last year of a giai đoạn the period report (data/regime.yaml). Run once
a year (or at any time: a period already opened is kept as it is, so running it again changes nothing).
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from giamngheo.reports.regime.services import report_periods_open


class Command(BaseCommand):
    help = "Mở các kỳ báo cáo của một năm (06 tháng, năm, giai đoạn) theo dữ liệu chế độ báo cáo."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", required=True, help="Năm, ví dụ 2025.")

    def handle(self, *args: Any, **options: Any) -> None:
        text = str(options["year"]).strip()
        if not text.isdigit():
            raise CommandError(f"Năm “{text}” không hợp lệ (ví dụ 2025).")
        try:
            periods = report_periods_open(actor=None, year=int(text))
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        for period in periods:
            self.stdout.write(
                f"{period.title}: số liệu {period.starts_on:%d/%m/%Y}–{period.ends_on:%d/%m/%Y}; "
                f"xã gửi trước {period.commune_due_on:%d/%m/%Y}, tỉnh gửi trước {period.province_due_on:%d/%m/%Y}."
            )
