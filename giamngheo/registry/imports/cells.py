"""The file and its cells: the data sheet of an Excel workbook or a CSV file, each cell read by its column's kind."""

import csv
import datetime
import decimal
import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from giamngheo.common.formats import number_vi
from giamngheo.common.text import fold, nfc
from giamngheo.registry.imports.columns import SHEET_DATA, Column, choice_lookup, choice_pairs

EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")


class CellError(Exception):
    pass


_TRUE = {"co", "c", "x", "1", "true", "yes", "y", "dung"}
_FALSE = {"khong", "k", "0", "false", "no", "n", "sai"}
_THOUSANDS = re.compile(r"\d{1,3}([.,]\d{3})+")
_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?")


def cell_shown(value: Any) -> str:
    """The cell as the user sees it in Excel, for messages and the error report."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime.datetime):
        return value.strftime("%d/%m/%Y" if value.time() == datetime.time() else "%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _as_text(value: Any) -> str:
    text = cell_shown(value)
    # A leading apostrophe is Excel's way of typing "this is text"; it is not part of the value.
    return text[1:].strip() if text.startswith("'") else text


def _read_text(column: Column, value: Any) -> str:
    text = nfc(_as_text(value))
    if column.max_length and len(text) > column.max_length:
        raise CellError(f"Dài quá {column.max_length} ký tự (đang có {len(text)}).")
    return text


def _read_unit_code(column: Column, value: Any) -> str:
    text = _as_text(value).replace(" ", "")
    if not text.isdigit() or len(text) > 5:
        raise CellError(f"{column.header} phải là mã gồm 5 chữ số.")
    # Unit codes have a fixed width of 5, so padding a number Excel shortened (4 → 00004) loses nothing.
    return text.zfill(5)


def _read_date(column: Column, value: Any) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float):
        raise CellError(f"{column.header} phải ghi dạng ngày/tháng/năm, ví dụ 17/05/1980.")
    text = _as_text(value)
    match = _DMY.fullmatch(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
    elif match := _ISO.fullmatch(text):
        year, month, day = (int(g) for g in match.groups())
    else:
        raise CellError(f"{column.header} phải ghi dạng ngày/tháng/năm, ví dụ 17/05/1980.")
    try:
        date = datetime.date(year, month, day)
    except ValueError as error:
        raise CellError(f"Không có ngày {day:02d}/{month:02d}/{year}.") from error
    if year < 1900:
        raise CellError(f"Năm {year} không hợp lý cho {column.header.lower()}.")
    return date


def _read_citizen_id(column: Column, value: Any) -> str:
    if isinstance(value, bool):
        raise CellError("Số CCCD phải gồm đúng 12 chữ số.")
    if isinstance(value, int | float):
        if isinstance(value, float) and not value.is_integer():
            raise CellError("Số CCCD phải gồm đúng 12 chữ số.")
        digits = str(int(value))
        if len(digits) != 12:
            # Every CCCD starts with a province code 001–096, so a number typed into a "General" cell has always
            # lost its leading zero; guessing it back could attach the wrong person's number.
            raise CellError(
                f"Excel đã lưu Số CCCD thành số và bỏ mất số 0 ở đầu (còn {len(digits)} chữ số). Định dạng cột "
                "Số CCCD là Văn bản (Text) rồi nhập lại đủ 12 chữ số."
            )
        return digits
    text = re.sub(r"\s+", "", _as_text(value))
    if text.isdigit() and len(text) < 12:
        raise CellError(
            f"Số CCCD phải gồm đúng 12 chữ số (đang có {len(text)}). Nếu tệp đã qua Excel, có thể số 0 ở đầu đã bị "
            "bỏ: định dạng cột là Văn bản (Text) rồi nhập lại đủ 12 chữ số."
        )
    return text


def _read_yes_no(column: Column, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    key = fold(_as_text(value))
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise CellError(f"{column.header} ghi Có hoặc Không.")


def _read_money(column: Column, value: Any) -> int:
    if isinstance(value, bool):
        raise CellError(f"{column.header} phải là số đồng.")
    if isinstance(value, int | float):
        amount = decimal.Decimal(str(value))
    else:
        text = re.sub(r"\s+|đồng|vnđ|vnd|đ", "", _as_text(value).lower())
        if _THOUSANDS.fullmatch(text):
            text = re.sub(r"[.,]", "", text)
        try:
            amount = decimal.Decimal(text.replace(",", "."))
        except decimal.InvalidOperation as error:
            raise CellError(f"{column.header} phải là số đồng, ví dụ 1500000.") from error
    if not amount.is_finite() or amount < 0:
        raise CellError(f"{column.header} phải là số không âm.")
    return int(amount.quantize(decimal.Decimal(1), rounding=decimal.ROUND_HALF_UP))


def _read_area(column: Column, value: Any) -> decimal.Decimal:
    if isinstance(value, bool):
        raise CellError(f"{column.header} phải là số m².")
    text = str(value) if isinstance(value, int | float) else re.sub(r"\s+|m2|m²", "", _as_text(value).lower())
    try:
        area = decimal.Decimal(text.replace(",", "."))
    except decimal.InvalidOperation as error:
        raise CellError(f"{column.header} phải là số m², ví dụ 45,5.") from error
    if not area.is_finite() or area < 0 or area >= 1_000_000:
        raise CellError(f"{column.header} phải là số từ 0 đến 999999,9.")
    return area.quantize(decimal.Decimal("0.1"), rounding=decimal.ROUND_HALF_UP)


def _read_choice(column: Column, value: Any) -> str:
    text = _as_text(value)
    if column.key == "ethnicity" and text.isdigit() and len(text) == 1:
        text = text.zfill(2)  # Excel shows the code 01 typed into a number cell as 1
    code = choice_lookup(column.key).get(fold(text))
    if code is None:
        labels = [label for _, label in choice_pairs(column)]
        allowed = "; ".join(labels) if len(labels) <= 12 else "xem trang “Danh mục” của tệp mẫu"
        raise CellError(f"Không có trong danh mục {column.header}. Giá trị được nhận: {allowed}.")
    return code


READERS: dict[str, Callable[[Column, Any], Any]] = {
    "text": _read_text,
    "code": _read_text,
    "unit_code": _read_unit_code,
    "date": _read_date,
    "citizen_id": _read_citizen_id,
    "yes_no": _read_yes_no,
    "money": _read_money,
    "area": _read_area,
    "choice": _read_choice,
}


# ---------------------------------------------------------------- reading files


class FileError(Exception):
    pass


def table_read(path: Path) -> list[tuple[int, list[Any]]]:
    """(Excel row number, cells) of every row of the data sheet or CSV file."""
    suffix = path.suffix.lower()
    if suffix in EXCEL_SUFFIXES:
        return _excel_read(path)
    if suffix in (".csv", ".txt"):
        return _csv_read(path)
    raise FileError(f"Không nhận tệp “{path.name}”: chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv).")


def _excel_read(path: Path) -> list[tuple[int, list[Any]]]:
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        names = workbook.sheet_names
        wanted = next((n for n in names if fold(n) == fold(SHEET_DATA)), names[0] if names else None)
        if wanted is None:
            raise FileError("Tệp Excel không có trang tính nào.")
        # Keep the empty leading rows so that list positions are Excel's row numbers.
        rows = workbook.get_sheet_by_name(wanted).to_python(skip_empty_area=False)
    except FileError:
        raise
    except Exception as error:  # calamine raises its own error types for damaged or protected files
        # The reader's own words ("invalid Zip archive: Could not find EOCD") mean nothing to an officer.
        raise FileError(
            f"Tệp “{path.name}” không phải là tệp Excel hợp lệ: tệp bị hỏng, có đặt mật khẩu, hoặc là loại tệp khác "
            "chỉ được đổi tên đuôi thành .xlsx. Mở tệp bằng Excel và lưu lại (Lưu thành → “Sổ làm việc Excel (.xlsx)”)."
        ) from error
    return [(number, list(row)) for number, row in enumerate(rows, start=1)]


def _csv_read(path: Path) -> list[tuple[int, list[Any]]]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FileError(
            f"Tệp CSV “{path.name}” không ở mã UTF-8. Trong Excel chọn Lưu thành → “CSV UTF-8 (Comma delimited)”."
        ) from error
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max((";", ",", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        # Excel shows one CSV record per row even when a quoted cell spans several lines.
        return [(number, list(row)) for number, row in enumerate(reader, start=1)]
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
