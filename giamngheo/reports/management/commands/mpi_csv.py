"""mpi_csv MATRIX.csv --k K [--weights W.csv]

Alkire–Foster measures of a deprivation matrix: MATRIX has a `unit_id` column and one 0/1 column per indicator
(one row per household or person). W.csv, if given, has columns `indicator,weight` (any positive numbers: they are
scaled to sum to the number of indicators). K is the dual cut-off on the weighted count, 0 < K ≤ number of
indicators. Prints JSON with H, A, M0, and per indicator the uncensored and censored headcounts and the
contribution to M0; `by_unit` gives H, A and M0 per unit_id. Every cell is checked first; a bad one stops the
command with a message naming the row, the column and the value.
"""

import argparse
import csv
import json
from pathlib import Path
from typing import Any

import polars as pl
from django.core.management.base import BaseCommand, CommandError

from giamngheo.reports.analysis.mpi import InvalidMatrix, alkire_foster

UNIT = "unit_id"


def _read_matrix(path: Path) -> tuple[pl.DataFrame, list[str]]:
    if not path.is_file():
        raise CommandError(f"Không tìm thấy tệp ma trận “{path}”.")
    with open(path, encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f)
        header = next(reader, None)
        if not header:
            raise CommandError(f"Tệp “{path}” trống.")
        header = [h.strip() for h in header]
        if UNIT not in header:
            raise CommandError(f"Tệp “{path}” thiếu cột “{UNIT}”.")
        indicators = [h for h in header if h != UNIT]
        if not indicators:
            raise CommandError(f"Tệp “{path}” không có cột chỉ số nào ngoài “{UNIT}”.")
        repeated = sorted({h for h in header if header.count(h) > 1})
        if repeated:
            raise CommandError(f"Cột bị lặp: {', '.join(repeated)}.")
        units: list[str] = []
        columns: dict[str, list[int]] = {name: [] for name in indicators}
        for row_number, row in enumerate(reader, start=2):
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                raise CommandError(f"Dòng {row_number}: có {len(row)} ô, cần {len(header)}.")
            values = dict(zip(header, (cell.strip() for cell in row), strict=True))
            if not values[UNIT]:
                raise CommandError(f"Dòng {row_number}: thiếu “{UNIT}”.")
            units.append(values[UNIT])
            for name in indicators:
                if values[name] not in ("0", "1"):
                    raise CommandError(
                        f"Dòng {row_number}, cột “{name}”: giá trị “{values[name]}” không hợp lệ; chỉ nhận 0 hoặc 1."
                    )
                columns[name].append(int(values[name]))
    if not units:
        raise CommandError(f"Tệp “{path}” không có dòng dữ liệu nào.")
    frame = pl.DataFrame({UNIT: units, **columns}, schema={UNIT: pl.Utf8, **{n: pl.Int8 for n in indicators}})
    return frame, indicators


def _read_weights(path: Path) -> dict[str, float]:
    if not path.is_file():
        raise CommandError(f"Không tìm thấy tệp trọng số “{path}”.")
    weights: dict[str, float] = {}
    with open(path, encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        if not reader.fieldnames or {"indicator", "weight"} - {h.strip() for h in reader.fieldnames}:
            raise CommandError(f"Tệp trọng số “{path}” cần hai cột “indicator” và “weight”.")
        for row_number, row in enumerate(reader, start=2):
            name, raw = (row.get("indicator") or "").strip(), (row.get("weight") or "").strip()
            try:
                weights[name] = float(raw.replace(",", "."))
            except ValueError:
                raise CommandError(f"Tệp trọng số, dòng {row_number}: trọng số “{raw}” không phải là số.") from None
    return weights


class Command(BaseCommand):
    help = "Tính chỉ số nghèo đa chiều Alkire–Foster (H, A, M0) từ ma trận thiếu hụt 0/1."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("matrix", type=Path, help="Tệp CSV: cột unit_id và một cột 0/1 cho mỗi chỉ số.")
        # Read as text and checked in handle(): argparse's own messages are English only.
        parser.add_argument("--k", required=True, help="Ngưỡng k trên tổng trọng số thiếu hụt (0 < k ≤ số chỉ số).")
        parser.add_argument("--weights", type=Path, help="Tệp CSV: indicator,weight (mặc định: trọng số bằng nhau).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            k = float(str(options["k"]).replace(",", "."))
        except ValueError:
            raise CommandError(f"Ngưỡng k “{options['k']}” không phải là số.") from None
        frame, indicators = _read_matrix(options["matrix"])
        weights = _read_weights(options["weights"]) if options["weights"] else None
        try:
            result = alkire_foster(frame, indicators, k=k, weights=weights)
        except InvalidMatrix as error:
            raise CommandError(str(error)) from None
        self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
