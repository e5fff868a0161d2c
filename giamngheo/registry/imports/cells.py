"""A file's cells, each read by its column's kind, and written back for messages."""

import datetime
import decimal
import re
from collections.abc import Callable
from typing import Any

from giamngheo.common.formats import number_vi
from giamngheo.common.text import fold, nfc
from giamngheo.registry.imports.columns import Column, choice_label, choice_lookup, choice_pairs


class CellError(Exception):
    pass


_TRUE = {"co", "c", "x", "1", "true", "yes", "y", "dung"}
_FALSE = {"khong", "k", "0", "false", "no", "n", "sai"}
_THOUSANDS = re.compile(r"\d{1,3}([.,]\d{3})+")
# Longest cells kept as read: a CCCD is checked digit by digit later, so only a cell far too long to be one is refused
# here; an income of a thousand billion đồng a month is a typing error (and would not fit the register's column).
_CITIZEN_ID_MAX = 20
_MONEY_MAX = 10**12
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
    if len(text) > _CITIZEN_ID_MAX:
        raise CellError(f"Số CCCD phải gồm đúng 12 chữ số (ô này có {len(text)} ký tự).")
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
    if amount >= _MONEY_MAX:
        raise CellError(f"{column.header} quá lớn: ghi số đồng một tháng của một người, ví dụ 1500000.")
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


# ---------------------------------------------------------------- reading a row's cells


class FileError(Exception):
    """The file as a whole cannot be imported; the message says why and names the file."""


# Control characters other than tab and line breaks are never part of a name, an address or a code; NUL cannot even be
# stored (PostgreSQL refuses it). They come from damaged files or text copied out of other software.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CONTROL_MESSAGE = (
    "Ô có ký tự điều khiển không in được (như NUL, mã 0), thường do tệp bị hỏng hoặc chép từ phần mềm khác: "
    "gõ lại nội dung ô này."
)
# Kinds whose cells repeat from row to row (a few labels, Có/Không, the commune's code): each distinct text is read
# once per file and remembered, which is most of the reading time of a large file saved (docs/performance.md).
REPEATING_KINDS = frozenset({"choice", "yes_no", "unit_code"})
_REMEMBERED = 1_000  # distinct texts remembered per column; a column of free text stops being remembered there


def cell_read(column: Column, raw: Any) -> Any:
    """The value of a non-blank cell as its column's kind reads it; CellError with the reason otherwise."""
    if isinstance(raw, str) and _CONTROL.search(raw):
        raise CellError(_CONTROL_MESSAGE)
    return READERS[column.kind](column, raw)


class CellReader:
    """Reads the cells of one column of one file. A cell equal to the one above it (a household's columns repeated on
    each of its rows) gives the very same value, and the distinct texts of a repeating kind are read once: less
    reading, and one object kept for many rows."""

    __slots__ = ("chars", "column", "last", "seen")

    def __init__(self, column: Column) -> None:
        self.column = column
        self.chars = 0  # characters of the new texts read, which the import keeps
        self.last: tuple[Any, tuple[Any, str]] | None = None
        self.seen: dict[str, tuple[Any, str]] | None = {} if column.kind in REPEATING_KINDS else None

    def __call__(self, raw: Any) -> Any:
        last = self.last
        known: tuple[Any, str] | None
        # Equal and of one type: 1 and True are equal but read differently.
        if last is not None and raw.__class__ is last[0].__class__ and raw == last[0]:
            known = last[1]
        else:
            seen = self.seen if raw.__class__ is str else None
            known = seen.get(raw) if seen is not None else None
            if known is None:
                try:
                    known = (cell_read(self.column, raw), "")
                    if known[0].__class__ is str:
                        self.chars += len(known[0])
                except CellError as error:
                    known = (None, str(error))
                if seen is not None and len(seen) < _REMEMBERED:
                    seen[raw] = known
            self.last = (raw, known)
        value, problem = known
        if problem:
            raise CellError(problem)
        return value


def value_shown(column: Column, value: Any) -> str:
    """A value as read, written back the way the template spells it, for messages about the row it came from."""
    if value is None:
        return ""
    if column.kind == "choice":
        return choice_label(column.key, value)
    if column.kind == "yes_no":
        return "Có" if value else "Không"
    if column.kind in ("money", "area"):
        return number_vi(value, 1 if column.kind == "area" else 0)
    return cell_shown(value)
