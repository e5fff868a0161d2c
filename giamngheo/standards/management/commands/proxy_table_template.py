"""proxy_table_template --standard CODE [--output FILE]: the shipped B1 table as an Excel file to correct and load."""

import argparse
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from giamngheo.standards.proxy_tables import proxy_tables_template_write


class Command(BaseCommand):
    help = "Ghi bảng điểm B1 mẫu ra tệp Excel để quản trị viên sửa và nạp lại."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--standard", default="2022-2025")
        parser.add_argument("--output", type=Path, default=Path("bang-diem-b1.xlsx"))

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            path = proxy_tables_template_write(path=options["output"], standard_code=options["standard"])
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(f"Đã ghi {path}.")
