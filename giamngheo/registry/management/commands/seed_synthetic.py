"""manage.py seed_synthetic --province 15 --households 20000 [--seed 1]: add realistic synthetic households.

See giamngheo/registry/synthetic/ for what is generated and how the 2024 regional poverty rates are matched.
"""

import sys
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from giamngheo.areas.models import Region
from giamngheo.common.formats import number_vi
from giamngheo.registry.models import Status
from giamngheo.registry.synthetic import CHUNK_SIZE, SeedResult, province_for_seed, synthetic_seed


def summary(result: SeedResult) -> str:
    """The Vietnamese report of a seed: counts, speed and the resulting poor / near-poor rates."""
    lines = [
        f"Đã tạo {number_vi(result.households)} hộ, {number_vi(result.persons)} nhân khẩu ở "
        f"{number_vi(result.communes)} xã, phường của {result.province.name}; "
        f"thêm {number_vi(result.villages_created)} thôn, tổ dân phố.",
        f"Thời gian: {number_vi(result.seconds, 1)} giây ({number_vi(result.households / result.seconds)} hộ/giây).",
    ]
    for region, counts in result.status_counts.items():
        total = sum(counts.values())
        poor, near = counts[Status.POOR], counts[Status.NEAR_POOR]
        lines.append(
            f"{Region(region).label}: hộ nghèo {number_vi(poor)} ({number_vi(100 * poor / total, 2)} %),"
            f" hộ cận nghèo {number_vi(near)} ({number_vi(100 * near / total, 2)} %) trên {number_vi(total)} hộ."
        )
    return "\n".join(lines)


def _positive(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise CommandError(f"“{value}” không phải số nguyên.") from None


class Command(BaseCommand):
    help = "Tạo hộ gia đình mô phỏng (dữ liệu giả, giống thực tế) cho một tỉnh, để trình diễn và đo hiệu năng."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--province", required=True, help="Mã tỉnh sau 01/07/2025, ví dụ 15 (Lào Cai).")
        parser.add_argument("--households", required=True, type=_positive, help="Số hộ cần tạo.")
        parser.add_argument("--seed", type=_positive, default=1, help="Hạt giống ngẫu nhiên (mặc định 1).")
        parser.add_argument(
            "--chunk-size", type=_positive, default=CHUNK_SIZE, help=f"Số hộ mỗi lô (mặc định {CHUNK_SIZE})."
        )
        parser.add_argument("--no-progress", action="store_true", help="Không hiện thanh tiến độ.")
        parser.add_argument(
            "--rebuild-indexes",
            action="store_true",
            help="PostgreSQL: bỏ chỉ mục và khoá ngoại trong lúc nạp rồi tạo lại (nhanh hơn nhiều khi nạp lượng lớn"
            " vào CSDL trống; các bảng sổ hộ bị khoá tới khi xong, chỉ dùng khi không ai đang làm việc).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        households = options["households"]
        if households <= 0:
            raise CommandError(f"Số hộ phải lớn hơn 0 (đang là {households}).")
        if options["chunk_size"] <= 0:
            raise CommandError(f"Số hộ mỗi lô phải lớn hơn 0 (đang là {options['chunk_size']}).")
        try:
            province = province_for_seed(options["province"])
            show = not options["no_progress"] and sys.stderr.isatty()
            with tqdm(total=households, unit=" hộ", disable=not show, desc=province.name) as bar:
                result = synthetic_seed(
                    actor=None,
                    province=province,
                    households=households,
                    seed=options["seed"],
                    chunk_size=options["chunk_size"],
                    progress=bar.update,
                    rebuild_indexes=options["rebuild_indexes"],
                )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(self.style.SUCCESS(summary(result)))
