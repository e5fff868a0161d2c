"""The refusal of a large bad file, timed once: a CSV of 130,000 rows (about 10 MB), every row with an impossible
date of birth, imported for a commune by its officer through the web page's path (households_import, then the error
report written as Excel). Runs on a throw-away SQLite test database; not part of the tests.

    DEBUG=1 .venv/bin/python bench/import_refusal.py [--rows 130000]
"""

import argparse
import csv
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DATABASE_URL", "sqlite://:memory:")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

HEADER = ["Mã hộ", "Mã xã", "Thôn/Tổ dân phố", "Họ và tên", "Quan hệ với chủ hộ", "Giới tính", "Ngày sinh", "Dân tộc"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=130_000)
    rows = parser.parse_args().rows
    setup_test_environment()
    connection.creation.create_test_db(verbosity=0)
    from giamngheo.registry.imports import households_import, import_errors_write
    from giamngheo.testing.cast import cast_create

    cast = cast_create()
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "ho.csv"
        with source.open("w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(HEADER)
            for n in range(rows):
                name = f"Nguyễn Văn Thử {n:07d}"
                person = [name, "Chủ hộ", "Nam", "31/02/1990", "Kinh"]
                writer.writerow([f"HN-{n:08d}", cast.commune.code, "Thôn Một", *person])
        size = source.stat().st_size
        start = time.perf_counter()
        result = households_import(actor=cast.officer, path=source, commune=cast.commune)
        checked = time.perf_counter()
        import_errors_write(errors=result.errors, path=Path(folder) / "bao-cao.xlsx")
        done = time.perf_counter()
    print(
        f"{rows:,} rows, {size / 1e6:.1f} MB, {len(result.errors):,} errors: checks {checked - start:.1f} s, "
        f"report {done - checked:.1f} s, in all {done - start:.1f} s"
    )


if __name__ == "__main__":
    main()
