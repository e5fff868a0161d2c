"""manage.py purge_import_reports [--hours N]: delete the import error reports nobody fetched (run hourly)."""

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from giamngheo.registry.imports.reports import IMPORT_REPORT_LIFETIME, import_reports_purge


class Command(BaseCommand):
    help = (
        "Xoá các báo cáo lỗi nhập hộ (có họ tên, CCCD như đã gõ) chưa được tải về sau một thời gian "
        "(mặc định 24 giờ). Chạy mỗi giờ."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        hours = int(IMPORT_REPORT_LIFETIME.total_seconds() // 3600)
        parser.add_argument(
            "--hours", type=int, default=hours, help=f"Xoá báo cáo cũ hơn số giờ này (mặc định {hours})."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["hours"] < 1:
            raise CommandError(f"Số giờ phải từ 1 trở lên (đang là {options['hours']}).")
        deleted = import_reports_purge(older_than=datetime.timedelta(hours=options["hours"]), now=timezone.now())
        self.stdout.write(f"Đã xoá {deleted} báo cáo lỗi nhập hộ cũ hơn {options['hours']} giờ.")
