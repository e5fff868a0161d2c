"""The work a large file's checks save (issue 11, F23: 130,000 bad rows refused with their report in a few seconds,
docs/performance.md): a text repeated down a column is read once, the cyclic garbage collector rests while the rows
pile up, and the register is asked about the file's codes once."""

import gc

import pytest

from giamngheo.registry.imports import cells, households_import
from giamngheo.testing.import_files import rows_two_households, write_csv

pytestmark = pytest.mark.django_db


def many_households(count):
    """`count` one-person households, every cell but the code and the name alike."""
    head = rows_two_households()[0]
    return [{**head, "Mã hộ": f"HN-{n:05d}", "Họ và tên": f"Nguyễn Văn Thử {n}", "Số CCCD": ""} for n in range(count)]


def test_a_text_repeated_down_a_column_is_read_once_per_file(cast, tmp_path, monkeypatch):
    read = cells.READERS["choice"]
    seen: list[tuple[str, str]] = []

    def counting(column, value):
        seen.append((column.key, value))
        return read(column, value)

    monkeypatch.setitem(cells.READERS, "choice", counting)

    result = households_import(actor=None, path=write_csv(tmp_path / "ho.csv", many_households(50)))

    assert result.ok, result.errors[:3]
    assert sorted(seen) == sorted(set(seen))  # 50 rows, each label of each coded column read once
    assert ("relation", "Chủ hộ") in seen


def test_the_checks_run_with_the_cyclic_garbage_collector_at_rest_and_wake_it_after(cast, tmp_path, monkeypatch):
    read = cells.READERS["date"]
    collecting: list[bool] = []

    def watching(column, value):
        collecting.append(gc.isenabled())
        return read(column, value)

    monkeypatch.setitem(cells.READERS, "date", watching)

    rows = [{**row, "Ngày sinh": f"{n + 1:02d}/01/1980"} for n, row in enumerate(many_households(3))]

    households_import(actor=None, path=write_csv(tmp_path / "ho.csv", rows))

    assert collecting == [False, False, False]
    assert gc.isenabled()


def test_the_register_is_asked_about_the_files_codes_once(cast, tmp_path, django_assert_max_num_queries):
    rows = [{**row, "Ngày sinh": "31/02/1990"} for row in many_households(3_000)]
    path = write_csv(tmp_path / "ho.csv", rows)

    # SQLite takes 990 codes a query: 4 queries for the codes, 1 for the commune, 1 for its villages.
    with django_assert_max_num_queries(6):
        result = households_import(actor=None, path=path)

    assert len(result.errors) == 3_000
