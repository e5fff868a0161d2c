"""manage.py load_admin_units: load the units before and after 01/07/2025 and the old→new mapping.

Safe to re-run: only missing units and edges are inserted, nothing existing is changed (see `admin_units_load`).
"""

from typing import Any

from django.core.management.base import BaseCommand

from giamngheo.areas.services import LoadResult, admin_units_load
from giamngheo.common.formats import number_vi


def summary(result: LoadResult) -> str:
    """The Vietnamese one-paragraph report of a load."""
    unmatched = f"Không khớp: {number_vi(result.unresolved)}."
    if result.created == 0:
        text = f"Không có gì mới: đơn vị hành chính và liên kết cũ→mới đã có đủ, không thay đổi dữ liệu. {unmatched}"
    else:
        text = (
            f"Đã nạp đơn vị hành chính: {number_vi(result.current_provinces)} tỉnh, "
            f"{number_vi(result.current_communes)} xã (sau 01/07/2025); "
            f"{number_vi(result.legacy_provinces)} tỉnh, {number_vi(result.legacy_districts)} huyện, "
            f"{number_vi(result.legacy_communes)} xã (trước 01/07/2025); "
            f"{number_vi(result.successions)} liên kết cũ→mới. {unmatched}"
        )
    if result.legacy_without_successor:
        text += f"\nXã cũ không có xã mới tương ứng: {number_vi(result.legacy_without_successor)}."
    if result.current_without_predecessor:
        text += f"\nXã mới không có xã cũ tương ứng: {number_vi(result.current_without_predecessor)}."
    return text


class Command(BaseCommand):
    help = "Nạp đơn vị hành chính trước và sau 01/07/2025 cùng bảng chuyển đổi cũ→mới (chạy lại an toàn)."

    def handle(self, *args: Any, **options: Any) -> None:
        result = admin_units_load(stdout=self.stdout if options["verbosity"] >= 1 else None)
        style = self.style.WARNING if result.unresolved else self.style.SUCCESS
        self.stdout.write(style(summary(result)))
