"""refresh_tallies [--province CODE] [--all] [--no-progress]

Counts the communes' tallies (reports.tallies) again from the register and the ledger. Without options, the communes
marked stale (what the background task would do); with --province, every current commune of that province; with
--all, every current commune of the country. A few communes at a time, each group in its own transaction, with a
progress bar on a terminal.
"""

import argparse
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count
from tqdm import tqdm

from giamngheo.areas.models import AdminUnit, StaleCommune
from giamngheo.common.formats import number_vi
from giamngheo.registry.models import Household
from giamngheo.reports.tallies.services import tallies_refresh

# About this many households per transaction: a group's queries stay short and a failure loses little.
GROUP_HOUSEHOLDS = 50_000


def _groups(counts: list[tuple[int, int]]) -> list[list[int]]:
    groups: list[list[int]] = [[]]
    filled = 0
    for commune_id, households in counts:
        if groups[-1] and filled + households > GROUP_HOUSEHOLDS:
            groups.append([])
            filled = 0
        groups[-1].append(commune_id)
        filled += households
    return [g for g in groups if g]


class Command(BaseCommand):
    help = "Tính lại số liệu tổng hợp theo xã (báo cáo, trang tổng quan): các xã cần tính lại, một tỉnh, hoặc cả nước."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--province", help="Mã tỉnh (sau 01/07/2025): tính lại mọi xã của tỉnh.")
        parser.add_argument("--all", action="store_true", help="Tính lại mọi xã của cả nước.")
        parser.add_argument("--no-progress", action="store_true", help="Không hiện thanh tiến độ.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["province"] and options["all"]:
            raise CommandError("Chọn --province MÃ_TỈNH hoặc --all, không chọn cả hai.")
        communes = AdminUnit.objects.current().communes()
        if options["province"]:
            code = options["province"].strip().zfill(2)
            province = AdminUnit.objects.current().provinces().filter(code=code).first()
            if province is None:
                raise CommandError(f"Không có tỉnh mã {options['province']} (sau 01/07/2025).")
            communes = communes.filter(province=province)
            what = province.name
        elif options["all"]:
            what = "cả nước"
        else:
            communes = communes.filter(pk__in=StaleCommune.objects.values("commune_id"))
            what = "các xã cần tính lại"
        # By province: each group adds its provinces up again, so a province is done in as few groups as it can be.
        ids = list(communes.order_by("province_id", "pk").values_list("pk", flat=True))
        sizes = dict(
            Household.objects.filter(commune_id__in=ids).values_list("commune_id").annotate(n=Count("id")).order_by()
        )
        counts = [(pk, sizes.get(pk, 0)) for pk in ids]
        show = not options["no_progress"] and sys.stderr.isatty()
        rows = 0
        with tqdm(total=sum(n for _, n in counts), unit="hộ", disable=not show, desc="Tính lại") as bar:
            for group in _groups(counts):
                rows += tallies_refresh(commune_ids=group)
                bar.update(sum(sizes.get(pk, 0) for pk in group))
        self.stdout.write(
            f"Đã tính lại số liệu tổng hợp của {number_vi(len(ids))} xã ({what}): {number_vi(rows)} dòng, "
            f"{number_vi(sum(n for _, n in counts))} hộ."
        )
