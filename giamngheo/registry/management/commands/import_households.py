"""manage.py import_households FILE: bring a commune's existing register in from a spreadsheet or CSV file.

Every row is checked first; when any row is wrong nothing is written, the first errors are printed and the full
list goes to an error report next to the file (FILE-loi.xlsx). Importing the same file again changes nothing.
"""

import sys
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from giamngheo.accounts.models import User
from giamngheo.areas.models import AdminUnit
from giamngheo.registry.imports import RowError, households_import, import_errors_write, import_summary, number_vi

SHOWN = 20  # errors and warnings printed on the terminal; the report has them all


class Command(BaseCommand):
    help = (
        "Nhập hộ gia đình và nhân khẩu từ tệp Excel (.xlsx) hoặc CSV theo mẫu (xem import_template). "
        "Kiểm tra toàn bộ trước khi ghi: có lỗi thì không ghi gì và xuất báo cáo lỗi."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="Tệp .xlsx hoặc .csv (UTF-8, dấu phẩy hoặc chấm phẩy).")
        parser.add_argument(
            "--commune", metavar="MÃ_XÃ", help="Chỉ nhận hộ của xã này (mã 5 chữ số hiện hành); dòng xã khác là lỗi."
        )
        parser.add_argument("--actor", metavar="TÊN_ĐĂNG_NHẬP", help="Người ghi trong nhật ký (mặc định: hệ thống).")
        parser.add_argument("--report", type=Path, metavar="TỆP", help="Nơi ghi báo cáo lỗi (.xlsx hoặc .csv).")
        parser.add_argument("--no-progress", action="store_true", help="Không hiện thanh tiến độ.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"Không thấy tệp {path}.")
        commune = None
        if options["commune"]:
            commune = AdminUnit.objects.current().communes().filter(code=options["commune"].strip().zfill(5)).first()
            if commune is None:
                raise CommandError(f"Không có xã, phường, đặc khu hiện hành mã {options['commune']}.")
        actor = None
        if options["actor"]:
            actor = User.objects.filter(username=options["actor"]).first()
            if actor is None:
                raise CommandError(f"Không có người dùng “{options['actor']}”.")

        show_progress = not options["no_progress"] and sys.stderr.isatty() and options["verbosity"] >= 1
        with tqdm(desc="Ghi hộ", unit=" hộ", disable=not show_progress, file=sys.stderr) as bar:

            def progress(done: int, total: int) -> None:
                bar.total = total
                bar.update(done - bar.n)

            try:
                result = households_import(actor=actor, path=path, commune=commune, progress=progress)
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from error

        self._list("Cảnh báo", result.warnings, self.style.WARNING)
        if not result.ok:
            report = options["report"] or path.with_name(f"{path.stem}-loi.xlsx")
            import_errors_write(errors=result.errors, path=report)
            self._list("Lỗi", result.errors, self.style.ERROR)
            raise CommandError(
                f"Không nhập được: {number_vi(len(result.errors))} lỗi, không có thay đổi nào được ghi. "
                f"Báo cáo lỗi: {report}"
            )
        self.stdout.write(self.style.SUCCESS(import_summary(result)))

    def _list(self, title: str, items: list[RowError], style: Any) -> None:
        if not items:
            return
        self.stderr.write(style(f"{title} ({number_vi(len(items))}):"))
        for item in items[:SHOWN]:
            self.stderr.write(f"  {item}")
        if len(items) > SHOWN:
            self.stderr.write(f"  … và {number_vi(len(items) - SHOWN)} mục nữa (xem báo cáo).")
