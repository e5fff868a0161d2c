"""load_proxy_tables FILE --standard CODE --source "…" [--verified] [--actor USERNAME]

Replaces the standard's active B1 point tables with those of an Excel workbook (see proxy_table_template).
"""

import argparse
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from giamngheo.accounts.models import Role, User
from giamngheo.standards.proxy_tables import proxy_tables_load


class Command(BaseCommand):
    help = "Nạp bảng điểm B1 (Phiếu B) từ tệp Excel cho một chuẩn nghèo."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--standard", required=True, help="Mã chuẩn nghèo, ví dụ 2022-2025.")
        parser.add_argument("--source", default="", help="Nguồn: văn bản, phụ lục (bắt buộc).")
        parser.add_argument("--verified", action="store_true", help="Bảng đã được đối chiếu với văn bản pháp luật.")
        parser.add_argument("--actor", help="Tên đăng nhập của quản trị viên quốc gia thực hiện.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp “{path}”.")
        actor = None
        if options["actor"]:
            actor = User.objects.filter(username=options["actor"], role=Role.NATIONAL_ADMIN, is_active=True).first()
            if actor is None:
                raise CommandError(f"“{options['actor']}” không phải quản trị viên quốc gia đang hoạt động.")
        try:
            count = proxy_tables_load(
                actor=actor,
                path=path,
                standard_code=options["standard"],
                verified=options["verified"],
                source=options["source"],
            )
        except ValidationError as error:
            raise CommandError("Không nạp gì. " + " ".join(error.messages)) from None
        state = "đã đối chiếu văn bản" if options["verified"] else "CHƯA đối chiếu văn bản pháp luật"
        self.stdout.write(f"Đã nạp {count} bảng điểm B1 cho chuẩn {options['standard']} ({state}).")
