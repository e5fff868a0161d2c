"""import_historical_results FILE.csv|FILE.xlsx

Loads the review results published for communes of the old map (before 01/07/2025), one row per old commune and
year, with the columns ma_xa_cu (the old 5-digit commune code), nam, tong_so_ho, ho_ngheo, ho_can_ngheo and nguon
(the decision they come from). Every row is checked first; any error stops the import with every faulty line named,
and nothing is written. Reports then show these years on today's map (reports/history.py).
"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from giamngheo.reports.analysis.services import historical_results_import
from giamngheo.reports.tables.selectors import ReportError


class Command(BaseCommand):
    help = "Nhập kết quả rà soát đã công bố của các xã trước 01/07/2025 (tệp CSV hoặc Excel)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="Tệp CSV (UTF-8) hoặc Excel, cột: ma_xa_cu, nam, tong_so_ho, …")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            count = historical_results_import(actor=None, path=options["file"])
        except ReportError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Đã nhập {count} dòng kết quả theo đơn vị cũ.")
