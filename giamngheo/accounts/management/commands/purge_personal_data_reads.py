"""manage.py purge_personal_data_reads [--days N]: delete the trace of reads of personal data past its retention
(run daily)."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from giamngheo.accounts.services import personal_data_reads_purge


class Command(BaseCommand):
    help = (
        "Xoá các lượt truy cập dữ liệu cá nhân đã lưu quá thời hạn (PERSONAL_DATA_READ_RETENTION_DAYS, mặc định 730 "
        "ngày). Chạy mỗi ngày."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        days = settings.PERSONAL_DATA_READ_RETENTION_DAYS
        parser.add_argument("--days", type=int, default=days, help=f"Giữ lại số ngày gần nhất này (mặc định {days}).")

    def handle(self, *args: Any, **options: Any) -> None:
        days = options["days"]
        if days < 1:
            raise CommandError(f"Số ngày lưu phải từ 1 trở lên (đang là {days}).")
        deleted = personal_data_reads_purge(keep_days=days, today=timezone.localdate())
        self.stdout.write(f"Đã xoá {deleted} lượt truy cập dữ liệu cá nhân cũ hơn {days} ngày.")
