"""manage.py add_agencies --province CODE: add the usual departments and agencies of a province that report on
poverty reduction (data/agencies.yaml), those it does not have yet; edit or deactivate them in the admin."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from giamngheo.areas.models import AdminUnit, Level
from giamngheo.reports.regime.services import agencies_add


class Command(BaseCommand):
    help = "Thêm các sở, ban, ngành báo cáo công tác giảm nghèo của một tỉnh (theo danh mục dữ liệu)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--province", required=True, help="Mã tỉnh sau 01/07/2025, ví dụ 15.")

    def handle(self, *args: Any, **options: Any) -> None:
        code = str(options["province"]).strip().zfill(2)
        province = AdminUnit.objects.current().filter(level=Level.PROVINCE, code=code).first()
        if province is None:
            raise CommandError(f"Không có tỉnh hiện hành mã “{options['province']}”.")
        try:
            added = agencies_add(actor=None, province=province)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        if not added:
            self.stdout.write(f"{province.name} đã có đủ các sở, ban, ngành trong danh mục; không thêm gì.")
            return
        self.stdout.write(f"Đã thêm {len(added)} sở, ban, ngành của {province.name}:")
        for agency in added:
            self.stdout.write(f"  {agency.name}")
