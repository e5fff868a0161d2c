"""The file, row by row: a CSV file, or the data sheet of an Excel workbook once archive.py has checked it. Never the
whole file at once, and never more rows or columns than one import takes (settings.IMPORT_MAX_ROWS,
IMPORT_MAX_COLUMNS): a file that has more is refused at the row that goes past the limit, whatever its first bytes
declared.

Excel files are read with openpyxl in read-only mode, which parses the sheet's XML as it goes (python-calamine, fast
as it is, builds the whole sheet in memory first: 447 MB for 130,000 rows of the template). The old .xls and .ods
formats, which only the command line takes (the web page takes .xlsx and .csv), are still read whole with calamine.
"""

import csv
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from giamngheo.common.formats import number_vi
from giamngheo.common.text import fold
from giamngheo.registry.imports.archive import DataSheet, data_sheet_check, invalid_workbook
from giamngheo.registry.imports.cells import FileError
from giamngheo.registry.imports.columns import COLUMNS, SHEET_DATA

# (Excel row number, cells) of each row, in order; rows openpyxl finds missing come as empty tuples.
Table = Iterator[tuple[int, Sequence[Any]]]

XLSX_SUFFIXES = (".xlsx", ".xlsm")
CALAMINE_SUFFIXES = (".xls", ".ods")
CSV_SUFFIXES = (".csv", ".txt")
# A CSV line is read at most this many characters at a time, so that a file of one endless line (50 MB of commas
# would be 50 million cells) is refused instead of split into a list of millions of cells. The template's longest
# row is about 1,000 characters; a cell of the csv module's own limit (131,072) fits.
CSV_LINE_CHARS = 1024 * 1024


@contextmanager
def table_open(path: Path) -> Iterator[Table]:
    """The file's rows, checked against the import's limits as they are read; FileError when the file cannot be
    read or goes past a limit, raised on opening or while iterating."""
    suffix = path.suffix.lower()
    if suffix in XLSX_SUFFIXES:
        sheet = data_sheet_check(path)
        with path.open("rb") as source:
            yield _limited(path, _xlsx_rows(path, source, sheet))
    elif suffix in CALAMINE_SUFFIXES:
        yield _limited(path, _calamine_rows(path))
    elif suffix in CSV_SUFFIXES:
        with path.open("r", encoding="utf-8-sig", newline="") as source:
            yield _limited(path, _csv_rows(path, source))
    else:
        raise FileError(f"Không nhận tệp “{path.name}”: chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv).")


def _limited(path: Path, rows: Iterable[tuple[int, Sequence[Any]]]) -> Table:
    limit_rows, limit_columns = settings.IMPORT_MAX_ROWS, settings.IMPORT_MAX_COLUMNS
    for number, cells in rows:
        if number > limit_rows:
            raise FileError(
                f"Tệp “{path.name}” có hơn {number_vi(limit_rows)} dòng, quá giới hạn một lần nhập. Chia danh sách "
                "thành nhiều tệp (ví dụ theo thôn, tổ dân phố) rồi nhập lần lượt: hộ đã nhập không bị nhập lại."
            )
        if len(cells) > limit_columns:
            raise FileError(
                f"Dòng {number_vi(number)} của tệp “{path.name}” có {number_vi(len(cells))} cột, quá giới hạn "
                f"{number_vi(limit_columns)} cột (mẫu có {len(COLUMNS)} cột). Xoá các cột thừa ở bên phải rồi lưu lại."
            )
        yield number, cells


def _xlsx_rows(path: Path, source: IO[bytes], sheet: DataSheet) -> Table:
    try:
        workbook = load_workbook(source, read_only=True, data_only=True, keep_links=False)
        worksheet = workbook[sheet.name]
    except Exception as error:  # openpyxl raises what its XML and zip readers raise for a damaged part
        raise invalid_workbook(path) from error
    # Read every row the sheet holds, not only those its dimension declares (openpyxl would otherwise stop there
    # silently); the rows past IMPORT_MAX_ROWS are refused by _limited.
    worksheet.reset_dimensions()
    rows = worksheet.iter_rows(values_only=True)
    number = 0
    try:
        while True:
            try:
                cells = next(rows)
            except StopIteration:
                return
            number += 1
            yield number, cells
    except Exception as error:
        raise FileError(
            f"Tệp “{path.name}” bị hỏng từ dòng {number_vi(number + 1)} của trang “{sheet.name}”: không đọc được "
            "tiếp. Mở tệp bằng Excel và lưu lại (Lưu thành → “Sổ làm việc Excel (.xlsx)”), hoặc lưu thành CSV UTF-8."
        ) from error
    finally:
        workbook.close()


def _calamine_rows(path: Path) -> Table:
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        names = workbook.sheet_names
        wanted = next((n for n in names if fold(n) == fold(SHEET_DATA)), names[0] if names else None)
        if wanted is None:
            raise FileError(f"Tệp Excel “{path.name}” không có trang tính nào.")
        # Keep the empty leading rows so that row numbers are Excel's.
        rows = workbook.get_sheet_by_name(wanted).to_python(skip_empty_area=False)
    except FileError:
        raise
    except Exception as error:  # calamine raises its own error types for damaged or protected files
        raise invalid_workbook(path) from error
    yield from enumerate(rows, start=1)


def _csv_rows(path: Path, source: IO[str]) -> Table:
    try:
        start = source.read(CSV_LINE_CHARS)
    except UnicodeDecodeError as error:
        raise _not_utf8(path) from error
    first_line = next((line for line in start.splitlines() if line.strip()), "")
    delimiter = max((";", ",", "\t"), key=first_line.count)
    source.seek(0)
    reader = csv.reader(_lines(path, source), delimiter=delimiter)
    try:
        # Excel shows one CSV record per row even when a quoted cell spans several lines.
        yield from enumerate(reader, start=1)
    except UnicodeDecodeError as error:
        raise _not_utf8(path) from error
    except csv.Error as error:
        # The csv module refuses a cell longer than 131,072 characters ("field larger than field limit"): no cell of
        # the template is near that long, so the file is damaged or a quote was left open and swallowed the rest.
        too_long = "field larger than field limit" in str(error)
        why = (
            f'có một ô dài quá {number_vi(csv.field_size_limit())} ký tự (có thể một dấu ngoặc kép " bị thiếu, '
            "khiến phần còn lại của tệp thành một ô)"
            if too_long
            else "không đúng dạng CSV"
        )
        raise FileError(
            f"Không đọc được tệp CSV “{path.name}”: dòng {number_vi(reader.line_num)} {why}. Kiểm tra dòng đó, hoặc "
            "mở tệp bằng Excel rồi lưu lại thành CSV UTF-8."
        ) from error


def _lines(path: Path, source: IO[str]) -> Iterator[str]:
    number = 0
    while line := source.readline(CSV_LINE_CHARS + 1):
        number += 1
        if len(line) > CSV_LINE_CHARS:
            raise FileError(
                f"Không đọc được tệp CSV “{path.name}”: dòng {number_vi(number)} dài hơn "
                f"{number_vi(CSV_LINE_CHARS)} ký tự. Tệp bị hỏng hoặc không phải danh sách hộ; mở tệp bằng Excel rồi "
                "lưu lại thành CSV UTF-8."
            )
        yield line


def _not_utf8(path: Path) -> FileError:
    return FileError(
        f"Tệp CSV “{path.name}” không ở mã UTF-8. Trong Excel chọn Lưu thành → “CSV UTF-8 (Comma delimited)”."
    )
