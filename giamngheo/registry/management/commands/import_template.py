"""manage.py import_template [--output FILE]: write the empty household import template (.xlsx)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from giamngheo.registry.imports import import_template_write


class Command(BaseCommand):
    help = "Xuất tệp Excel mẫu để nhập hộ gia đình và nhân khẩu (import_households)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            default=Path("mau-nhap-ho.xlsx"),
            metavar="TỆP",
            help="Tệp .xlsx sẽ ghi (mặc định: mau-nhap-ho.xlsx).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = import_template_write(path=options["output"])
        self.stdout.write(self.style.SUCCESS(f"Đã ghi tệp mẫu {path}."))
