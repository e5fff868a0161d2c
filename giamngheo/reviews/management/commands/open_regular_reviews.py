"""manage.py open_regular_reviews [--date dd/mm/yyyy]: open this month's regular review in every province.

Run daily (cron or a systemd timer): from the 15th (Decision 24/2021, spec §4.3) it opens the month's review once;
on other days, and on later runs, it does nothing. Requests received also open their month's review themselves.
"""

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from giamngheo.reviews.services.campaigns import regular_reviews_open


class Command(BaseCommand):
    help = "Mở đợt rà soát thường xuyên của tháng ở mọi tỉnh (từ ngày 15)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="Ngày chạy, dạng dd/mm/yyyy (mặc định hôm nay).")

    def handle(self, *args: Any, **options: Any) -> None:
        day = timezone.localdate()
        if options["date"]:
            try:
                day = datetime.datetime.strptime(options["date"], "%d/%m/%Y").date()
            except ValueError:
                raise CommandError(f"Ngày “{options['date']}” không đúng dạng dd/mm/yyyy.") from None
        opened = regular_reviews_open(today=day)
        if not opened:
            self.stdout.write(f"Ngày {day:%d/%m/%Y}: chưa đến ngày rà soát thường xuyên của tháng.")
            return
        self.stdout.write(f"Đợt rà soát thường xuyên tháng {day:%m/%Y}: {len(opened)} tỉnh, thành phố.")
