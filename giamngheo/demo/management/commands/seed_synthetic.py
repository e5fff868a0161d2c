"""manage.py seed_synthetic --province 15 --households 20000 [--seed 1] [--years 2022-2025]: add realistic synthetic
households, and with --years the annual reviews of those years behind their statuses.

See giamngheo/demo/synthetic/ for what is generated and how the 2024 regional poverty rates are matched, and
giamngheo/demo/history.py for the simulated reviews.
"""

import datetime
import sys
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from tqdm import tqdm

from giamngheo.areas.models import Region
from giamngheo.common.formats import number_vi
from giamngheo.demo.history import HistoryResult, synthetic_history_seed, years_parse
from giamngheo.demo.synthetic import (
    CHUNK_SIZE,
    REFERENCE_DATE,
    SeedResult,
    households_seeded,
    province_for_seed,
    synthetic_seed,
)
from giamngheo.registry.models import Status
from giamngheo.reviews.models import Change

# The changes a summary of the simulated years names (spec §6.2).
SUMMARY_CHANGES = (
    Change.ESCAPED_POOR,
    Change.POOR_TO_NEAR_POOR,
    Change.ESCAPED_NEAR_POOR,
    Change.NEWLY_POOR,
    Change.RE_POOR,
    Change.NEAR_POOR_TO_POOR,
    Change.NEWLY_NEAR_POOR,
    Change.RE_NEAR_POOR,
)


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


def history_summary(result: HistoryResult, *, refresh_hint: bool = True) -> str:
    """The Vietnamese report of a simulated history: per year, how many households each change counted, and (when
    the caller does not refresh them itself) how the tallies get counted."""
    lines = [
        f"Đã mô phỏng rà soát định kỳ các năm {result.years.start}–{result.years.stop - 1}: "
        f"{number_vi(result.decisions)} quyết định công nhận, {number_vi(result.entries)} dòng sổ theo dõi tình trạng, "
        f"{number_vi(result.supports)} lượt hỗ trợ."
    ]
    for year, changes in result.changes.items():
        named = "; ".join(f"{Change(c).label.lower()} {number_vi(changes[c])}" for c in SUMMARY_CHANGES if changes[c])
        lines.append(f"Năm {year}: {named}.")
    if refresh_hint:
        lines.append(
            "Số liệu tổng hợp (báo cáo, trang tổng quan) được tính lại ở nền khi có tiến trình chạy việc (db_worker),"
            " hoặc chạy `python manage.py refresh_tallies --province <mã tỉnh>`."
        )
    return "\n".join(lines)


def seed_with_history(
    *, province_code: str, households: int, seed: int, years: str | None, show_progress: bool, **seed_options: Any
) -> tuple[SeedResult, HistoryResult | None]:
    """Seed the households and, when `years` is given, the reviews of those years, all in one transaction: a
    failure in either leaves the register as it was."""
    wanted = years_parse(years) if years else None
    province = province_for_seed(province_code)
    # Households with a history were on the register before its first year.
    registered_on = datetime.date(wanted.start - 1, 12, 31) if wanted else REFERENCE_DATE
    with transaction.atomic():
        with tqdm(total=households, unit=" hộ", disable=not show_progress, desc=province.name) as bar:
            result = synthetic_seed(
                actor=None,
                province=province,
                households=households,
                seed=seed,
                progress=bar.update,
                registered_on=registered_on,
                **seed_options,
            )
        if wanted is None:
            return result, None
        seeded = households_seeded(province=province, seed=seed)
        with tqdm(unit=" dòng", disable=not show_progress, desc="Lịch sử rà soát") as bar:
            history = synthetic_history_seed(
                actor=None, province=province, households=seeded, years=wanted, seed=seed, progress=bar.update
            )
    return result, history


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
        parser.add_argument(
            "--years",
            help="Mô phỏng thêm các kỳ rà soát định kỳ những năm này (như 2022-2025): thoát nghèo, tái nghèo, phát"
            " sinh mới theo xu hướng công bố của vùng; tình trạng trong sổ hộ là kết quả năm cuối.",
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
            result, history = seed_with_history(
                province_code=options["province"],
                households=households,
                seed=options["seed"],
                years=options["years"],
                show_progress=not options["no_progress"] and sys.stderr.isatty(),
                chunk_size=options["chunk_size"],
                rebuild_indexes=options["rebuild_indexes"],
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(self.style.SUCCESS(summary(result)))
        if history is not None:
            self.stdout.write(self.style.SUCCESS(history_summary(history)))
