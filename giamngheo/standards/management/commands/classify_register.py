"""classify_register --standard CODE [--province CODE] [--as-of YYYY-MM-DD] [--wait]

Queues a bulk classification of the register (the whole country, or one province of today's map) as a background
task (`python manage.py db_worker` works the queue). With --wait it follows the run's progress until it ends.
"""

import argparse
import datetime
import sys
import time
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from tqdm import tqdm

from giamngheo.areas.models import AdminUnit
from giamngheo.standards.models import ClassificationRun, RunStatus
from giamngheo.standards.params import UnknownStandard, standard_get
from giamngheo.standards.rules import vnd
from giamngheo.standards.services import classification_run_create
from giamngheo.standards.tasks import classify_register_task


class Command(BaseCommand):
    help = "Phân loại hàng loạt các hộ trong sổ theo một chuẩn nghèo (chạy nền, có tiến độ)."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--standard", help="Mã chuẩn nghèo, ví dụ 2022-2025 (bắt buộc).")
        parser.add_argument("--province", help="Mã tỉnh (sau 01/07/2025); không ghi là toàn quốc.")
        parser.add_argument("--as-of", help="Ngày áp dụng YYYY-MM-DD (mặc định: hôm nay, trong hiệu lực của chuẩn).")
        parser.add_argument("--wait", action="store_true", help="Chờ và hiện tiến độ đến khi xong.")
        parser.add_argument("--no-progress", action="store_true", help="Không hiện thanh tiến độ.")
        parser.add_argument(
            "--status", type=int, metavar="SỐ_LƯỢT", help="Xem tiến độ của một lượt đã đưa vào hàng đợi."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["status"] is not None:
            run = ClassificationRun.objects.filter(pk=options["status"]).first()
            if run is None:
                raise CommandError(f"Không có lượt phân loại #{options['status']}.")
            self.stdout.write(
                f"Lượt #{run.pk}: {run.get_status_display()}, {vnd(run.done)}/{vnd(run.total)} hộ, "
                f"{vnd(run.stored)} kết quả đã lưu.{' Lỗi: ' + run.error if run.error else ''}"
            )
            return
        if not options["standard"]:
            raise CommandError("Thiếu --standard MÃ_CHUẨN (ví dụ --standard 2022-2025).")
        try:
            standard = standard_get(options["standard"])
        except UnknownStandard as error:
            raise CommandError(str(error)) from None
        as_of = self._as_of(options["as_of"], standard)
        province = None
        if options["province"]:
            province = AdminUnit.objects.current().provinces().filter(code=options["province"]).first()
            if province is None:
                raise CommandError(f"Không có tỉnh mã {options['province']} (sau 01/07/2025).")
        try:
            run = classification_run_create(actor=None, standard_code=standard.code, as_of=as_of, province=province)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        classify_register_task.enqueue(run.pk)
        self.stdout.write(
            f"Đã đưa vào hàng đợi lượt phân loại #{run.pk}: chuẩn {standard.code}, ngày {as_of:%d/%m/%Y}, "
            f"{province or 'toàn quốc'}."
        )
        if options["wait"]:
            self._follow(run, show=not options["no_progress"] and sys.stderr.isatty())
        else:
            self.stdout.write(f"Theo dõi tiến độ: python manage.py classify_register --status {run.pk}")

    @staticmethod
    def _as_of(raw: str | None, standard: Any) -> datetime.date:
        if raw:
            try:
                return datetime.date.fromisoformat(raw)
            except ValueError:
                raise CommandError(f"Ngày --as-of “{raw}” không đúng dạng YYYY-MM-DD.") from None
        today = timezone.localdate()
        # Without a date, use today within the standard's validity (its first or last day otherwise).
        return min(max(today, standard.valid_from), standard.valid_to or today)

    def _follow(self, run: ClassificationRun, *, show: bool) -> None:
        bar = tqdm(total=run.total or None, unit="hộ", disable=not show, desc=f"Lượt #{run.pk}")
        while True:
            run.refresh_from_db()
            bar.total = run.total
            bar.n = run.done
            bar.refresh()
            if run.status in (RunStatus.DONE, RunStatus.FAILED):
                break
            time.sleep(0.5)
        bar.close()
        if run.status == RunStatus.FAILED:
            raise CommandError(f"Lượt #{run.pk} lỗi: {run.error}. Không lưu kết quả nào của lượt này.")
        self.stdout.write(
            f"Xong lượt #{run.pk}: {vnd(run.stored)} kết quả đã lưu; {vnd(run.skipped)} hộ chưa có thu nhập bị bỏ qua."
        )
