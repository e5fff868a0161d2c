"""classify_csv INPUT.csv (--standard CODE | --as-of YYYY-MM-DD) [--output OUT.csv]

A stable contract used by officials and by external checks. Input columns: household_id, area (rural/urban),
income_per_capita (whole đồng per person per month, ≥ 0), deprived (indicator codes separated by ";", may be
empty). Every row is checked before anything is written: on the first bad row the command exits non-zero with a
message naming the row and the value, and writes no output at all.
"""

import argparse
import csv
import datetime
import os
import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from giamngheo.common.spreadsheets import csv_writer
from giamngheo.standards.params import Standard, UnknownStandard, standard_get, standard_in_force
from giamngheo.standards.rules import InvalidInput, classify

INPUT_COLUMNS = ("household_id", "area", "income_per_capita", "deprived")
OUTPUT_COLUMNS = (
    "household_id",
    "standard",
    "status",
    "income_band",
    "deprivation_count",
    "deprived",
    "rules_version",
    "reasons",
)


class Command(BaseCommand):
    help = "Phân loại hộ từ tệp CSV theo chuẩn nghèo (mã chuẩn hoặc ngày áp dụng)."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("input", type=Path, help="Tệp CSV đầu vào (UTF-8).")
        # Checked in handle() rather than by argparse, whose messages are English only.
        parser.add_argument("--standard", help="Mã chuẩn nghèo, ví dụ 2022-2025.")
        parser.add_argument("--as-of", help="Ngày (YYYY-MM-DD): dùng chuẩn có hiệu lực vào ngày đó.")
        parser.add_argument("--output", type=Path, help="Tệp CSV kết quả; không có thì in ra màn hình.")

    def handle(self, *args: Any, **options: Any) -> None:
        standard = self._standard(options["standard"], options["as_of"])
        source: Path = options["input"]
        if not source.is_file():
            raise CommandError(f"Không tìm thấy tệp đầu vào “{source}”.")

        output: Path | None = options["output"]
        if output is not None and not output.parent.is_dir():
            raise CommandError(f"Thư mục của tệp kết quả “{output.parent}” không tồn tại.")
        # Results go to a temporary file first; it becomes the output only when every row was valid.
        directory = output.parent if output else None
        handle, temporary = tempfile.mkstemp(suffix=".csv", dir=directory)
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as sink:
                self._classify_all(source, standard, sink)
            if output:
                os.replace(temporary, output)
            else:
                with open(temporary, encoding="utf-8", newline="") as result:
                    for text in result:
                        self.stdout.write(text, ending="")
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)

    @staticmethod
    def _standard(code: str | None, as_of: str | None) -> Standard:
        if bool(code) == bool(as_of):
            raise CommandError("Cần đúng một trong hai tuỳ chọn: --standard MÃ_CHUẨN hoặc --as-of YYYY-MM-DD.")
        try:
            if code:
                return standard_get(code)
            try:
                day = datetime.date.fromisoformat(as_of or "")
            except ValueError:
                raise CommandError(f"Ngày --as-of “{as_of}” không đúng dạng YYYY-MM-DD.") from None
            return standard_in_force(day)
        except UnknownStandard as error:
            raise CommandError(str(error)) from None

    def _classify_all(self, source: Path, standard: Standard, sink: Any) -> None:
        writer = csv_writer(sink)
        writer.writerow(OUTPUT_COLUMNS)
        try:
            with open(source, encoding="utf-8-sig", newline="") as f:
                reader = csv.DictReader(f)
                missing = [c for c in INPUT_COLUMNS if c not in (reader.fieldnames or [])]
                if missing:
                    raise CommandError(f"Tệp thiếu cột: {', '.join(missing)} (cần {', '.join(INPUT_COLUMNS)}).")
                for row in reader:
                    # line_num: the line where the row ends, right even when a quoted cell spans lines.
                    writer.writerow(self._one(reader.line_num, row, standard))
        except UnicodeDecodeError:
            raise CommandError(f"Tệp “{source}” không phải văn bản UTF-8.") from None

    @staticmethod
    def _one(line: int, row: dict[str, str | None], standard: Standard) -> list[Any]:
        household_id = (row.get("household_id") or "").strip()
        if not household_id:
            raise CommandError(f"Dòng {line}: thiếu household_id.")
        raw_income = (row.get("income_per_capita") or "").strip()
        if not (raw_income.isascii() and raw_income.isdigit()):
            raise CommandError(
                f"Dòng {line} (household_id {household_id}): income_per_capita “{raw_income}” không hợp lệ; "
                "phải là số nguyên đồng, không âm."
            )
        area = (row.get("area") or "").strip()
        deprived = [code.strip() for code in (row.get("deprived") or "").split(";") if code.strip()]
        try:
            result = classify(standard, area=area, income_per_capita=int(raw_income), deprived=deprived)
        except InvalidInput as error:
            raise CommandError(f"Dòng {line} (household_id {household_id}): {error}") from None
        return [
            household_id,
            result.standard,
            result.status,
            result.income_band,
            result.deprivation_count,
            ";".join(result.deprived),
            result.rules_version,
            " | ".join(result.reasons),
        ]
