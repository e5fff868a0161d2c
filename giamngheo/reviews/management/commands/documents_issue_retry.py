"""manage.py documents_issue_retry [--minutes N]: queue again the issuing of signed decisions still waiting.

Run hourly (cron or a systemd timer) beside the task worker. A decision's documents are issued by the worker after the
signing (reviews.tasks); if the worker was stopped or the task failed, the decision would wait for ever, its
certificates not printable. Issuing is done once whatever the number of times it is queued.
"""

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from giamngheo.reviews.tasks import documents_issue_requeue


class Command(BaseCommand):
    help = "Xếp lại việc phát hành văn bản của các quyết định đã ký mà chưa phát hành xong."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--minutes", type=int, default=30, help="Chỉ những quyết định đã chờ quá số phút này (mặc định 30)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        minutes = options["minutes"]
        if minutes < 0:
            raise CommandError(f"--minutes {minutes} không hợp lệ: số phút phải từ 0 trở lên.")
        ids = documents_issue_requeue(older_than=datetime.timedelta(minutes=minutes))
        if not ids:
            self.stdout.write("Không có quyết định nào đang chờ phát hành văn bản.")
            return
        self.stdout.write(f"Đã xếp lại việc phát hành văn bản của {len(ids)} quyết định: {', '.join(map(str, ids))}.")
