"""Bulk import of households from the commune's spreadsheet: the template, the import, the error report.

The file has one row per person; the household columns are repeated on every row of the household or given once,
usually on the head's row. The household code (Mã hộ) is the key: importing the same file again changes nothing,
and a corrected file updates the households it names through the register's services, with their audit entries.

Either every row goes in or none does. Every row is checked before anything is written, and nothing is written
while any error is known; should the register change between the check and the write, the refusal rolls the whole
import back. Errors name the row as the user sees it in Excel (header = row 1), the column and the value.

`COLUMNS` below is the template: its headers, drop-down lists and "Hướng dẫn" sheet are built from it, and
docs/import-template.md describes the same columns (a test keeps the two in step).
"""

import csv
import datetime
import decimal
import functools
import io
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import formats, timezone, translation

from giamngheo.accounts.models import User
from giamngheo.areas.models import AdminUnit, AreaType, Era, Level, UnitSuccession, Village
from giamngheo.common.text import fold, nfc
from giamngheo.registry.bulk import (
    HOUSEHOLD_INPUT_COLUMNS,
    PERSON_INPUT_COLUMNS,
    HouseholdBatch,
    households_bulk_create,
)
from giamngheo.registry.models import (
    ETHNICITY_CHOICES,
    Disability,
    Education,
    Employment,
    EventKind,
    Household,
    Latrine,
    Person,
    Relation,
    Schooling,
    Sex,
    Status,
    WasteTreatment,
    WaterSource,
)
from giamngheo.registry.services import (
    HOUSEHOLD_FACT_FIELDS,
    PERSON_FIELDS,
    citizen_id_conflict_message,
    household_set_head,
    household_update,
    person_add,
    person_clean,
    person_update,
)

SHEET_DATA = "Hộ gia đình"
SHEET_GUIDE = "Hướng dẫn"
SHEET_CODES = "Danh mục"
EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
# Rows of the template that carry drop-down lists and column formats: a commune has at most a few tens of
# thousands of people.
TEMPLATE_ROWS = 100_000
_QUERY_CHUNK = 500  # below SQLite's limit on query parameters


# ---------------------------------------------------------------- results


@dataclass(frozen=True)
class RowError:
    """One problem in the file. `row` is the Excel row number (header = 1); 0 means the file as a whole."""

    row: int
    column: str
    value: str
    message: str

    def __str__(self) -> str:
        where = [f"Dòng {self.row}"] if self.row else []
        if self.column:
            where.append(f"cột “{self.column}”")
        if self.value:
            where.append(f"giá trị “{self.value}”")
        return f"{', '.join(where)}: {self.message}" if where else self.message


@dataclass
class ImportResult:
    ok: bool = False
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    persons_created: int = 0
    persons_updated: int = 0
    warnings: list[RowError] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


# ---------------------------------------------------------------- columns


@dataclass(frozen=True)
class Column:
    """One column of the template: the field it fills, its Vietnamese header and how a cell is read."""

    key: str
    header: str
    scope: str  # "household" (same on every row of a household) or "person"
    kind: str  # text, code, unit_code, date, citizen_id, yes_no, money, area, choice
    meaning: str
    example: str
    required: bool = False
    allowed: str = ""
    choices: type[models.TextChoices] | Sequence[tuple[str, str]] | None = None
    aliases: Mapping[str, str] = field(default_factory=dict)  # extra spellings of a choice → code
    headers: tuple[str, ...] = ()  # other accepted headers
    max_length: int | None = None
    width: int = 16


YES_NO = "Có / Không (cũng nhận x, 1 / 0)"

_RELATION_ALIASES = {
    "vo": Relation.SPOUSE, "chong": Relation.SPOUSE, "vo chong": Relation.SPOUSE,
    "bo": Relation.PARENT, "me": Relation.PARENT, "cha": Relation.PARENT, "bo me": Relation.PARENT,
    "cha me": Relation.PARENT,
    "bo vo": Relation.PARENT_IN_LAW, "me vo": Relation.PARENT_IN_LAW, "bo chong": Relation.PARENT_IN_LAW,
    "me chong": Relation.PARENT_IN_LAW, "cha vo": Relation.PARENT_IN_LAW, "cha chong": Relation.PARENT_IN_LAW,
    "con dau": Relation.CHILD_IN_LAW, "con re": Relation.CHILD_IN_LAW,
    "chau": Relation.GRANDCHILD,
    "ong": Relation.GRANDPARENT, "ba": Relation.GRANDPARENT, "ong ba": Relation.GRANDPARENT,
    "anh": Relation.SIBLING, "chi": Relation.SIBLING, "em": Relation.SIBLING,
    "ho hang": Relation.OTHER_RELATIVE,
}  # fmt: skip
_STATUS_ALIASES = {"ngheo": Status.POOR, "can ngheo": Status.NEAR_POOR}

COLUMNS: tuple[Column, ...] = (
    # Household
    Column("code", "Mã hộ", "household", "code", required=True, max_length=24, example="91001-0000123",
           meaning="Mã của hộ trong hệ thống cũ hoặc sổ theo dõi của xã. Các dòng cùng mã hộ là thành viên của "
                   "cùng một hộ. Nhập lại tệp có mã hộ đã có trong sổ thì cập nhật hộ đó, không tạo hộ mới.",
           allowed="Tối đa 24 ký tự; định dạng ô là Văn bản (Text) để giữ số 0 ở đầu"),
    Column("commune_code", "Mã xã", "household", "unit_code", example="91001",
           meaning="Mã xã, phường, đặc khu hiện hành (danh mục từ 01/07/2025). Bỏ trống nếu ghi Mã xã cũ; bỏ trống "
                   "cả hai khi nhập trên trang của xã (hộ thuộc xã đang nhập).",
           allowed="5 chữ số, theo danh mục đơn vị hành chính sau sắp xếp"),
    Column("legacy_commune_code", "Mã xã cũ", "household", "unit_code", example="00004",
           meaning="Mã xã, phường, thị trấn trước 01/07/2025, dùng cho dữ liệu lấy từ hệ thống cũ. Hệ thống tự "
                   "chuyển sang xã hiện hành theo bảng sắp xếp đơn vị hành chính và lưu xã cũ trên hộ. Xã cũ bị chia "
                   "cho nhiều xã mới thì ghi thêm Mã xã để chọn đúng xã mới.",
           allowed="5 chữ số, theo danh mục đơn vị hành chính trước 01/07/2025"),
    Column("village", "Thôn, tổ dân phố", "household", "text", required=True, example="Thôn Một", width=20,
           headers=("Thôn/Tổ dân phố", "Thôn", "Thôn, tổ", "Tổ dân phố"),
           meaning="Tên thôn, tổ dân phố (bản, buôn, ấp, khóm…) đã khai báo trong xã. Thôn chưa có trong hệ thống "
                   "thì tạo thôn trước rồi mới nhập.",
           allowed="Tên một thôn, tổ dân phố đang hoạt động của xã"),
    Column("address", "Địa chỉ", "household", "text", max_length=255, example="Số 12, xóm Đồi", width=24,
           meaning="Số nhà, đường, xóm… (không bắt buộc)."),
    Column("area_type", "Khu vực", "household", "choice", choices=AreaType, example="Nông thôn",
           meaning="Thành thị hoặc nông thôn; dùng chuẩn nghèo tương ứng. Bỏ trống thì lấy theo khu vực của xã."),
    Column("status", "Tình trạng", "household", "choice", choices=Status, aliases=_STATUS_ALIASES, example="Hộ nghèo",
           meaning="Tình trạng hộ đã được công nhận trong hệ thống cũ (danh sách đang có hiệu lực). Chỉ dùng khi "
                   "hộ được nhập lần đầu. Sau khi đưa hệ thống vào dùng, tình trạng chỉ thay đổi bằng quyết định "
                   "công nhận của Chủ tịch UBND xã (Quyết định 24/2021/QĐ-TTg); nhập lại tệp không đổi tình trạng. "
                   "Bỏ trống là Chưa rà soát."),
    Column("income_per_capita", "Thu nhập bình quân (đồng/người/tháng)", "household", "money", example="1500000",
           headers=("Thu nhập bình quân đầu người/tháng", "Thu nhập bình quân", "Thu nhập"), width=18,
           meaning="Thu nhập bình quân đầu người một tháng của hộ, tính bằng đồng.",
           allowed="Số nguyên không âm; nhận cả 1.500.000"),
    Column("wall_durable", "Tường bền chắc", "household", "yes_no", example="Có", allowed=YES_NO,
           meaning="Tường nhà làm bằng vật liệu bền chắc."),
    Column("column_durable", "Cột bền chắc", "household", "yes_no", example="Có", allowed=YES_NO,
           headers=("Cột (khung) bền chắc", "Khung bền chắc"), meaning="Cột, khung nhà bằng vật liệu bền chắc."),
    Column("roof_durable", "Mái bền chắc", "household", "yes_no", example="Không", allowed=YES_NO,
           meaning="Mái nhà bằng vật liệu bền chắc."),
    Column("floor_area_m2", "Diện tích nhà ở (m²)", "household", "area", example="45,5",
           headers=("Diện tích nhà ở (m2)", "Diện tích nhà ở", "Diện tích"), width=14,
           meaning="Diện tích ở của cả hộ, tính bằng m².",
           allowed="Số không âm, một chữ số thập phân (45,5 hoặc 45.5)"),
    Column("water_source", "Nguồn nước sinh hoạt", "household", "choice", choices=WaterSource, example="Nước máy",
           headers=("Nguồn nước",), width=20, meaning="Nguồn nước chính dùng để ăn uống, sinh hoạt."),
    Column("latrine", "Nhà tiêu", "household", "choice", choices=Latrine, example="Tự hoại", width=18,
           meaning="Loại nhà tiêu hộ đang dùng."),
    Column("uses_telecom", "Sử dụng điện thoại, internet", "household", "yes_no", example="Có", allowed=YES_NO,
           headers=("Điện thoại/internet", "Điện thoại, internet", "Có sử dụng điện thoại, internet"),
           meaning="Có thành viên sử dụng dịch vụ điện thoại hoặc internet."),
    Column("uses_internet", "Sử dụng internet, dịch vụ số", "household", "yes_no", example="Có", allowed=YES_NO,
           headers=("Internet", "Có sử dụng internet, dịch vụ số"),
           meaning="Có thành viên sử dụng internet, dịch vụ số."),
    Column("owns_tv", "Có ti vi", "household", "yes_no", example="Có", allowed=YES_NO,
           headers=("Ti vi", "Tivi", "Có tivi"), meaning="Hộ có ti vi."),
    Column("owns_radio", "Có đài, radio", "household", "yes_no", example="Không", allowed=YES_NO,
           headers=("Radio", "Đài, radio", "Đài"), meaning="Hộ có đài, radio."),
    Column("owns_computer", "Có máy tính", "household", "yes_no", example="Không", allowed=YES_NO,
           headers=("Máy tính",), meaning="Hộ có máy tính."),
    Column("owns_smartphone", "Có điện thoại thông minh", "household", "yes_no", example="Có", allowed=YES_NO,
           headers=("Điện thoại thông minh",), meaning="Hộ có điện thoại thông minh."),
    Column("waste_treatment", "Xử lý rác thải", "household", "choice", choices=WasteTreatment, example="Được thu gom",
           headers=("Xử lý rác", "Xử lý rác thải sinh hoạt"), width=20,
           meaning="Cách hộ xử lý rác thải sinh hoạt (chỉ tiêu bổ sung theo Nghị định 351/2025/NĐ-CP)."),
    # Person
    Column("full_name", "Họ và tên", "person", "text", required=True, max_length=120, example="Nguyễn Văn An",
           headers=("Họ tên",), width=24, meaning="Họ và tên đầy đủ, có dấu."),
    Column("relation", "Quan hệ với chủ hộ", "person", "choice", required=True, choices=Relation,
           aliases=_RELATION_ALIASES, example="Chủ hộ", headers=("Quan hệ",), width=18,
           meaning="Quan hệ với chủ hộ. Mỗi hộ có đúng một dòng Chủ hộ."),
    Column("sex", "Giới tính", "person", "choice", required=True, choices=Sex, example="Nam", width=10,
           meaning="Giới tính; mã theo Mẫu số 01 Quyết định 24/2021/QĐ-TTg: 1 Nam, 2 Nữ."),
    Column("date_of_birth", "Ngày sinh", "person", "date", required=True, example="17/05/1980", width=12,
           meaning="Ngày, tháng, năm sinh đầy đủ.",
           allowed="dd/mm/yyyy (ví dụ 17/05/1980) hoặc ô kiểu ngày của Excel; không nhận chỉ năm sinh"),
    Column("ethnicity", "Dân tộc", "person", "choice", required=True, choices=ETHNICITY_CHOICES, example="Kinh",
           width=12, meaning="Dân tộc theo danh mục 54 dân tộc của Tổng cục Thống kê.",
           allowed="Tên dân tộc hoặc mã 2 chữ số (01 Kinh … 54 Rơ-măm), xem trang Danh mục"),
    Column("citizen_id", "Số CCCD", "person", "citizen_id", example="015080001234", width=16,
           headers=("CCCD", "Số căn cước", "Số căn cước công dân", "Số định danh cá nhân"),
           meaning="Số căn cước công dân (số định danh cá nhân) 12 chữ số; bỏ trống nếu chưa có. Ba số đầu là mã "
                   "tỉnh đăng ký khai sinh, số thứ tư ghi thế kỷ và giới tính, số thứ năm và sáu là năm sinh "
                   "(Thông tư 59/2021/TT-BCA Điều 7) và phải khớp với giới tính, ngày sinh. Một số CCCD chỉ thuộc "
                   "một người trong sổ.",
           allowed="Đúng 12 chữ số; định dạng ô là Văn bản (Text), nếu không Excel bỏ mất số 0 ở đầu"),
    Column("disability", "Khuyết tật", "person", "choice", choices=Disability, example="Không", width=12,
           meaning="Mức độ khuyết tật (Luật Người khuyết tật 2010, Điều 3). Bỏ trống là Không."),
    Column("has_merit", "Người có công", "person", "yes_no", example="Không", allowed=YES_NO,
           headers=("Người có công với cách mạng",), meaning="Người có công với cách mạng. Bỏ trống là Không."),
    Column("social_allowance", "Trợ cấp xã hội", "person", "yes_no", example="Không", allowed=YES_NO,
           headers=("Hưởng trợ cấp xã hội hằng tháng", "Trợ cấp xã hội hằng tháng"),
           meaning="Đang hưởng trợ cấp xã hội hằng tháng. Bỏ trống là Không."),
    Column("schooling", "Tình trạng đi học", "person", "choice", choices=Schooling, example="Không thuộc diện",
           width=20, meaning="Tình trạng đi học hiện nay. Bỏ trống là Không thuộc diện."),
    Column("education", "Trình độ giáo dục", "person", "choice", choices=Education, example="THCS",
           headers=("Trình độ", "Trình độ giáo dục cao nhất"), width=18,
           meaning="Bậc học cao nhất đã tốt nghiệp (không bắt buộc)."),
    Column("health_insurance", "Có BHYT", "person", "yes_no", example="Có", allowed=YES_NO,
           headers=("BHYT", "Có thẻ BHYT"), meaning="Có thẻ bảo hiểm y tế còn hạn. Bỏ trống là Không."),
    Column("employment", "Việc làm", "person", "choice", choices=Employment, example="Làm công ăn lương", width=22,
           meaning="Tình trạng việc làm hiện nay (không bắt buộc)."),
    Column("occupation", "Nghề nghiệp", "person", "text", max_length=100, example="Công nhân may", width=18,
           meaning="Nghề cụ thể (không bắt buộc)."),
    Column("labour_contract", "Có hợp đồng lao động", "person", "yes_no", example="Có", allowed=YES_NO,
           headers=("Có HĐLĐ", "HĐLĐ", "Hợp đồng lao động"),
           meaning="Người làm công ăn lương có hợp đồng lao động. Bỏ trống nếu không áp dụng."),
    Column("malnourished", "Suy dinh dưỡng", "person", "yes_no", example="Không", allowed=YES_NO,
           headers=("Trẻ suy dinh dưỡng",),
           meaning="Trẻ em suy dinh dưỡng (thấp còi hoặc nhẹ cân). Bỏ trống là Không."),
)  # fmt: skip

COLUMN_BY_KEY = {c.key: c for c in COLUMNS}
HOUSEHOLD_COLUMNS = tuple(c for c in COLUMNS if c.scope == "household")
PERSON_COLUMNS = tuple(c for c in COLUMNS if c.scope == "person")
# Household columns compared between rows of one household (the code is the grouping key itself).
_SHARED_KEYS = tuple(c.key for c in HOUSEHOLD_COLUMNS if c.key != "code")


def choice_pairs(column: Column) -> list[tuple[str, str]]:
    """(code, Vietnamese label) of a choice column, whatever language is active."""
    if column.choices is None:
        return []
    with translation.override("vi"):
        if isinstance(column.choices, type):
            return [(str(value), str(label)) for value, label in column.choices.choices]
        return [(str(value), str(label)) for value, label in column.choices]


@functools.cache
def _choice_lookup(key: str) -> dict[str, str]:
    column = COLUMN_BY_KEY[key]
    table: dict[str, str] = {}
    for code, label in choice_pairs(column):
        for spelling in (fold(code), fold(label)):
            if table.setdefault(spelling, code) != code:
                raise ImproperlyConfigured(f"Hai giá trị của cột {column.header} cùng viết là “{spelling}”.")
    for spelling, code in column.aliases.items():
        table.setdefault(fold(spelling), str(code))
    return table


def _header_key(text: str) -> str:
    return fold(re.sub(r"[*:]", " ", text))


@functools.cache
def _header_lookup() -> dict[str, Column]:
    table: dict[str, Column] = {}
    for column in COLUMNS:
        spellings = [column.header, re.sub(r"\s*\(.*\)\s*", " ", column.header), column.key, *column.headers]
        for spelling in spellings:
            table.setdefault(_header_key(spelling), column)
    return table


# ---------------------------------------------------------------- reading cells


class _CellError(Exception):
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


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _as_text(value: Any) -> str:
    text = cell_shown(value)
    # A leading apostrophe is Excel's way of typing "this is text"; it is not part of the value.
    return text[1:].strip() if text.startswith("'") else text


def _read_text(column: Column, value: Any) -> str:
    text = nfc(_as_text(value))
    if column.max_length and len(text) > column.max_length:
        raise _CellError(f"Dài quá {column.max_length} ký tự (đang có {len(text)}).")
    return text


def _read_unit_code(column: Column, value: Any) -> str:
    text = _as_text(value).replace(" ", "")
    if not text.isdigit() or len(text) > 5:
        raise _CellError(f"{column.header} phải là mã gồm 5 chữ số.")
    # Unit codes have a fixed width of 5, so padding a number Excel shortened (4 → 00004) loses nothing.
    return text.zfill(5)


def _read_date(column: Column, value: Any) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float):
        raise _CellError(f"{column.header} phải ghi dạng ngày/tháng/năm, ví dụ 17/05/1980.")
    text = _as_text(value)
    match = _DMY.fullmatch(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
    elif match := _ISO.fullmatch(text):
        year, month, day = (int(g) for g in match.groups())
    else:
        raise _CellError(f"{column.header} phải ghi dạng ngày/tháng/năm, ví dụ 17/05/1980.")
    try:
        date = datetime.date(year, month, day)
    except ValueError as error:
        raise _CellError(f"Không có ngày {day:02d}/{month:02d}/{year}.") from error
    if year < 1900:
        raise _CellError(f"Năm {year} không hợp lý cho {column.header.lower()}.")
    return date


def _read_citizen_id(column: Column, value: Any) -> str:
    if isinstance(value, bool):
        raise _CellError("Số CCCD phải gồm đúng 12 chữ số.")
    if isinstance(value, int | float):
        if isinstance(value, float) and not value.is_integer():
            raise _CellError("Số CCCD phải gồm đúng 12 chữ số.")
        digits = str(int(value))
        if len(digits) != 12:
            # Every CCCD starts with a province code 001–096, so a number typed into a "General" cell has always
            # lost its leading zero; guessing it back could attach the wrong person's number.
            raise _CellError(
                f"Excel đã lưu Số CCCD thành số và bỏ mất số 0 ở đầu (còn {len(digits)} chữ số). Định dạng cột "
                "Số CCCD là Văn bản (Text) rồi nhập lại đủ 12 chữ số."
            )
        return digits
    text = re.sub(r"\s+", "", _as_text(value))
    if text.isdigit() and len(text) < 12:
        raise _CellError(
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
    raise _CellError(f"{column.header} ghi Có hoặc Không.")


def _read_money(column: Column, value: Any) -> int:
    if isinstance(value, bool):
        raise _CellError(f"{column.header} phải là số đồng.")
    if isinstance(value, int | float):
        amount = decimal.Decimal(str(value))
    else:
        text = re.sub(r"\s+|đồng|vnđ|vnd|đ", "", _as_text(value).lower())
        if _THOUSANDS.fullmatch(text):
            text = re.sub(r"[.,]", "", text)
        try:
            amount = decimal.Decimal(text.replace(",", "."))
        except decimal.InvalidOperation as error:
            raise _CellError(f"{column.header} phải là số đồng, ví dụ 1500000.") from error
    if not amount.is_finite() or amount < 0:
        raise _CellError(f"{column.header} phải là số không âm.")
    return int(amount.quantize(decimal.Decimal(1), rounding=decimal.ROUND_HALF_UP))


def _read_area(column: Column, value: Any) -> decimal.Decimal:
    if isinstance(value, bool):
        raise _CellError(f"{column.header} phải là số m².")
    text = str(value) if isinstance(value, int | float) else re.sub(r"\s+|m2|m²", "", _as_text(value).lower())
    try:
        area = decimal.Decimal(text.replace(",", "."))
    except decimal.InvalidOperation as error:
        raise _CellError(f"{column.header} phải là số m², ví dụ 45,5.") from error
    if not area.is_finite() or area < 0 or area >= 1_000_000:
        raise _CellError(f"{column.header} phải là số từ 0 đến 999999,9.")
    return area.quantize(decimal.Decimal("0.1"), rounding=decimal.ROUND_HALF_UP)


def _read_choice(column: Column, value: Any) -> str:
    text = _as_text(value)
    if column.key == "ethnicity" and text.isdigit() and len(text) == 1:
        text = text.zfill(2)  # Excel shows the code 01 typed into a number cell as 1
    code = _choice_lookup(column.key).get(fold(text))
    if code is None:
        labels = [label for _, label in choice_pairs(column)]
        allowed = "; ".join(labels) if len(labels) <= 12 else "xem trang “Danh mục” của tệp mẫu"
        raise _CellError(f"Không có trong danh mục {column.header}. Giá trị được nhận: {allowed}.")
    return code


_READERS: dict[str, Callable[[Column, Any], Any]] = {
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


class _FileError(Exception):
    pass


def _table_read(path: Path) -> list[tuple[int, list[Any]]]:
    """(Excel row number, cells) of every row of the data sheet or CSV file."""
    suffix = path.suffix.lower()
    if suffix in EXCEL_SUFFIXES:
        return _excel_read(path)
    if suffix in (".csv", ".txt"):
        return _csv_read(path)
    raise _FileError(f"Không nhận tệp “{path.name}”: chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv).")


def _excel_read(path: Path) -> list[tuple[int, list[Any]]]:
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        names = workbook.sheet_names
        wanted = next((n for n in names if fold(n) == fold(SHEET_DATA)), names[0] if names else None)
        if wanted is None:
            raise _FileError("Tệp Excel không có trang tính nào.")
        # Keep the empty leading rows so that list positions are Excel's row numbers.
        rows = workbook.get_sheet_by_name(wanted).to_python(skip_empty_area=False)
    except _FileError:
        raise
    except Exception as error:  # calamine raises its own error types for damaged or protected files
        raise _FileError(
            f"Không đọc được tệp Excel “{path.name}” ({error}). Mở lại bằng Excel và lưu thành .xlsx."
        ) from error
    return [(number, list(row)) for number, row in enumerate(rows, start=1)]


def _csv_read(path: Path) -> list[tuple[int, list[Any]]]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _FileError(
            f"Tệp CSV “{path.name}” không ở mã UTF-8. Trong Excel chọn Lưu thành → “CSV UTF-8 (Comma delimited)”."
        ) from error
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max((";", ",", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    # Excel shows one CSV record per row even when a quoted cell spans several lines.
    return [(number, list(row)) for number, row in enumerate(reader, start=1)]


# ---------------------------------------------------------------- the import


@dataclass
class _Row:
    number: int
    code: str
    cells: dict[str, Any]  # column key → raw cell, for messages
    values: dict[str, Any]  # column key → parsed value, only for filled cells
    bad: set[str] = field(default_factory=set)  # column keys whose cell could not be read

    @property
    def person(self) -> dict[str, Any]:
        return {k: v for k, v in self.values.items() if k in PERSON_FIELDS}


@dataclass
class _PersonPlan:
    row: _Row
    data: dict[str, Any]  # cleaned fields given in the file
    existing: Person | None = None
    changes: dict[str, Any] = field(default_factory=dict)
    becomes_head: bool = False  # existing member named head of a household that has none


@dataclass
class _HouseholdPlan:
    code: str
    rows: list[_Row]
    values: dict[str, Any] = field(default_factory=dict)  # household column key → value
    first_row: dict[str, int] = field(default_factory=dict)  # household column key → row that gave it
    commune: AdminUnit | None = None
    legacy_commune: AdminUnit | None = None
    village: Village | None = None
    existing: Household | None = None
    changes: dict[str, Any] = field(default_factory=dict)
    persons: list[_PersonPlan] = field(default_factory=list)

    @property
    def row(self) -> int:
        return self.rows[0].number

    def row_of(self, key: str) -> int:
        return self.first_row.get(key, self.row)

    def cell(self, key: str) -> Any:
        """The raw cell that gave the household's value of `key`, for messages."""
        number = self.row_of(key)
        return next(r for r in self.rows if r.number == number).cells.get(key)

    @property
    def changed(self) -> bool:
        return bool(self.changes) or any(p.existing is None or p.changes or p.becomes_head for p in self.persons)


def _same(key: str, first: Any, other: Any) -> bool:
    # A village is looked up by its folded name, so "thon hai" and "Thôn Hai" name the same one.
    return fold(first) == fold(other) if key == "village" else bool(first == other)


class _Rollback(Exception):
    pass


def _defaults(model: type[models.Model], names: Iterable[str]) -> dict[str, Any]:
    """What a blank cell gives a new record: the model's default ("" for optional text, None for unknown facts)."""
    fields = {f.attname: f for f in model._meta.concrete_fields}
    return {name: fields[name].get_default() for name in names}


_HOUSEHOLD_DEFAULTS = _defaults(Household, HOUSEHOLD_INPUT_COLUMNS)
_PERSON_DEFAULTS = _defaults(Person, PERSON_FIELDS)
_BATCH_SIZE = 500


def _batches(plans: Sequence[_HouseholdPlan]) -> Iterator[HouseholdBatch]:
    """New households and their members as the bulk writer takes them: one list per column."""
    for start in range(0, len(plans), _BATCH_SIZE):
        households: dict[str, list[Any]] = {name: [] for name in HOUSEHOLD_INPUT_COLUMNS}
        persons: dict[str, list[Any]] = {name: [] for name in PERSON_INPUT_COLUMNS}
        for index, plan in enumerate(plans[start : start + _BATCH_SIZE]):
            assert plan.commune is not None and plan.village is not None
            values = {
                **{name: plan.values.get(name, _HOUSEHOLD_DEFAULTS[name]) for name in HOUSEHOLD_INPUT_COLUMNS},
                "code": plan.code,
                "commune_id": plan.commune.pk,
                "legacy_commune_id": plan.legacy_commune.pk if plan.legacy_commune else None,
                "village_id": plan.village.pk,
                "area_type": plan.values.get("area_type") or plan.commune.area_type,
                "status": plan.values.get("status", Status.UNKNOWN),
            }
            for name in HOUSEHOLD_INPUT_COLUMNS:
                households[name].append(values[name])
            for person in plan.persons:
                persons["household_index"].append(index)
                for name in PERSON_FIELDS:
                    persons[name].append(person.data.get(name, _PERSON_DEFAULTS[name]))
        yield HouseholdBatch(households=households, persons=persons)


def _chunks(items: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(items), _QUERY_CHUNK):
        yield items[start : start + _QUERY_CHUNK]


class _Importer:
    def __init__(self, *, actor: User | None, path: Path, commune: AdminUnit | None) -> None:
        self.actor, self.path, self.restrict = actor, path, commune
        self.errors: list[RowError] = []
        self.warnings: list[RowError] = []

    # -- messages

    def error(self, row: int, key: str, message: str, value: Any = "") -> None:
        header = COLUMN_BY_KEY[key].header if key in COLUMN_BY_KEY else key
        self.errors.append(RowError(row, header, cell_shown(value), message))

    def warn(self, row: int, key: str, message: str, value: Any = "") -> None:
        header = COLUMN_BY_KEY[key].header if key in COLUMN_BY_KEY else key
        self.warnings.append(RowError(row, header, cell_shown(value), message))

    def validation_error(self, row: int, error: ValidationError, cells: Mapping[str, Any]) -> None:
        if hasattr(error, "error_dict"):
            for key, messages in error.message_dict.items():
                for message in messages:
                    self.error(row, key if key in COLUMN_BY_KEY else "", message, cells.get(key, ""))
        else:
            for message in error.messages:
                self.error(row, "", message)

    # -- phase 1: rows

    def rows_read(self) -> list[_Row]:
        try:
            table = _table_read(self.path)
        except _FileError as error:
            self.errors.append(RowError(0, "", "", str(error)))
            return []
        table = [(n, cells) for n, cells in table if not all(_is_blank(c) for c in cells)]
        if not table:
            self.errors.append(
                RowError(0, "", "", "Tệp không có dữ liệu: dòng đầu là tiêu đề cột, mỗi dòng sau là một người.")
            )
            return []
        # The header is the first row naming the Mã hộ column, so a title above it (as many communes' lists have)
        # does no harm; without one, the first non-empty row is taken and its missing columns reported.
        code_column = COLUMN_BY_KEY["code"]
        lookup = _header_lookup()
        start = next(
            (
                index
                for index, (_, cells) in enumerate(table[:10])
                if any(not _is_blank(c) and lookup.get(_header_key(cell_shown(c))) is code_column for c in cells)
            ),
            0,
        )
        (header_number, header), data = table[start], table[start + 1 :]
        columns = self.header_read(header_number, header)
        if self.errors:
            return []
        if not data:
            self.errors.append(RowError(0, "", "", "Tệp chỉ có dòng tiêu đề, chưa có dòng dữ liệu nào."))
        rows = []
        for number, cells in data:
            row = self.row_read(number, cells, columns)
            if row is not None:
                rows.append(row)
        return rows

    def header_read(self, number: int, header: Sequence[Any]) -> dict[int, Column]:
        lookup = _header_lookup()
        columns: dict[int, Column] = {}
        seen: dict[str, int] = {}
        for index, cell in enumerate(header):
            if _is_blank(cell):
                continue
            column = lookup.get(_header_key(cell_shown(cell)))
            if column is None:
                self.warn(number, cell_shown(cell), "Cột không có trong mẫu; bỏ qua.", cell)
                continue
            if column.key in seen:
                self.error(
                    number,
                    column.key,
                    f"Cột “{column.header}” có hai lần (cột {seen[column.key] + 1} và cột {index + 1}).",
                    cell,
                )
                continue
            seen[column.key] = index
            columns[index] = column
        missing = [c.header for c in COLUMNS if c.required and c.key not in seen]
        if missing:
            self.errors.append(
                RowError(
                    number,
                    ", ".join(missing),
                    "",
                    f"Thiếu cột bắt buộc: {', '.join(missing)}. Dùng tệp mẫu (import_template).",
                )
            )
        return columns

    def row_read(self, number: int, cells: Sequence[Any], columns: Mapping[int, Column]) -> _Row | None:
        row = _Row(number=number, code="", cells={}, values={})
        for index, column in columns.items():
            raw = cells[index] if index < len(cells) else None
            row.cells[column.key] = raw
            if _is_blank(raw):
                if column.required and column.scope == "person":
                    self.error(number, column.key, f"Chưa ghi {column.header}.")
                    row.bad.add(column.key)
                continue
            try:
                value = _READERS[column.kind](column, raw)
            except _CellError as error:
                self.error(number, column.key, str(error), raw)
                row.bad.add(column.key)
                continue
            if value != "":
                row.values[column.key] = value
        row.code = row.values.pop("code", "")
        if not row.code:
            if "code" not in row.bad:
                self.error(number, "code", "Chưa ghi Mã hộ: mỗi dòng phải có mã hộ của người đó.")
            return None
        return row

    # -- phase 2: households

    def households_group(self, rows: Sequence[_Row]) -> list[_HouseholdPlan]:
        plans: dict[str, _HouseholdPlan] = {}
        for row in rows:
            plan = plans.setdefault(row.code, _HouseholdPlan(code=row.code, rows=[]))
            plan.rows.append(row)
            for key in _SHARED_KEYS:
                if key not in row.values:
                    continue
                if key not in plan.values:
                    plan.values[key], plan.first_row[key] = row.values[key], row.number
                elif not _same(key, plan.values[key], row.values[key]):
                    self.error(
                        row.number,
                        key,
                        f"Hộ {row.code}: dòng {plan.row_of(key)} ghi “{cell_shown(plan.cell(key))}”, "
                        f"dòng {row.number} ghi “{cell_shown(row.cells[key])}”. Thông tin chung của hộ phải giống "
                        "nhau trên mọi dòng (hoặc chỉ ghi ở một dòng).",
                        row.cells[key],
                    )
        return list(plans.values())

    def units_resolve(self, plans: Sequence[_HouseholdPlan]) -> None:
        current_codes = sorted({p.values["commune_code"] for p in plans if "commune_code" in p.values})
        legacy_codes = sorted({p.values["legacy_commune_code"] for p in plans if "legacy_commune_code" in p.values})
        communes = AdminUnit.objects.current().communes()
        current = {u.code: u for chunk in _chunks(current_codes) for u in communes.filter(code__in=chunk)}
        legacy = {
            u.code: u
            for chunk in _chunks(legacy_codes)
            for u in AdminUnit.objects.legacy().communes().filter(code__in=chunk)
        }
        successors: dict[int, list[UnitSuccession]] = defaultdict(list)
        for edge in UnitSuccession.objects.filter(old__in=list(legacy.values())).select_related("new"):
            successors[edge.old_id].append(edge)
        legacy_only = {
            u.code: u
            for chunk in _chunks([c for c in current_codes if c not in current])
            for u in AdminUnit.objects.legacy().communes().filter(code__in=chunk)
        }
        for plan in plans:
            self.unit_resolve(plan, current, legacy, successors, legacy_only)
        self.villages_resolve(plans)

    def unit_resolve(
        self,
        plan: _HouseholdPlan,
        current: Mapping[str, AdminUnit],
        legacy: Mapping[str, AdminUnit],
        successors: Mapping[int, list[UnitSuccession]],
        legacy_only: Mapping[str, AdminUnit],
    ) -> None:
        commune_code = plan.values.get("commune_code")
        legacy_code = plan.values.get("legacy_commune_code")
        commune: AdminUnit | None = None
        if commune_code:
            commune = current.get(commune_code)
            if commune is None:
                hint = (
                    f" Mã này là {legacy_only[commune_code]} trước 01/07/2025: ghi vào cột Mã xã cũ."
                    if commune_code in legacy_only
                    else ""
                )
                self.error(
                    plan.row_of("commune_code"),
                    "commune_code",
                    f"Không có xã, phường, đặc khu hiện hành mã {commune_code}.{hint}",
                    commune_code,
                )
                return
        if legacy_code:
            old = legacy.get(legacy_code)
            if old is None:
                self.error(
                    plan.row_of("legacy_commune_code"),
                    "legacy_commune_code",
                    f"Không có xã, phường, thị trấn mã {legacy_code} trong danh mục trước 01/07/2025.",
                    legacy_code,
                )
                return
            edges = successors.get(old.pk, [])
            news = [e.new for e in edges]
            if commune is not None:
                if commune not in news:
                    names = ", ".join(f"{u} ({u.code})" for u in news) or "không có"
                    self.error(
                        plan.row_of("commune_code"),
                        "commune_code",
                        f"{old} ({old.code}) không được sắp xếp vào {commune} ({commune.code}). Xã mới nhận "
                        f"địa bàn xã cũ này: {names}.",
                        commune_code,
                    )
                    return
            else:
                defaults = [e.new for e in edges if e.is_default] or (news if len(news) == 1 else [])
                if len(defaults) != 1:
                    names = ", ".join(f"{u} ({u.code})" for u in news)
                    message = (
                        f"{old} ({old.code}) được chia cho nhiều xã mới ({names}); ghi thêm Mã xã hiện hành."
                        if news
                        else f"{old} ({old.code}) chưa có xã mới tương ứng trong bảng sắp xếp đơn vị hành chính."
                    )
                    self.error(plan.row_of("legacy_commune_code"), "legacy_commune_code", message, legacy_code)
                    return
                commune = defaults[0]
            plan.legacy_commune = old
        if commune is None:
            if self.restrict is None:
                self.error(
                    plan.row, "commune_code", f"Hộ {plan.code} chưa có Mã xã: ghi Mã xã (hiện hành) hoặc Mã xã cũ."
                )
                return
            commune = self.restrict
        if self.restrict is not None and commune.pk != self.restrict.pk:
            key = "commune_code" if commune_code else "legacy_commune_code"
            self.error(
                plan.row_of(key),
                key,
                f"Hộ {plan.code} thuộc {commune}; tệp này chỉ được nhập hộ của {self.restrict}.",
                plan.cell(key),
            )
            return
        plan.commune = commune

    def villages_resolve(self, plans: Sequence[_HouseholdPlan]) -> None:
        commune_ids = {p.commune.pk for p in plans if p.commune is not None}
        by_commune: dict[int, list[Village]] = defaultdict(list)
        for village in Village.objects.filter(commune_id__in=commune_ids):
            by_commune[village.commune_id].append(village)
        for plan in plans:
            if plan.commune is None:
                continue
            name = plan.values.get("village")
            if not name:
                if not any("village" in r.bad for r in plan.rows):
                    self.error(plan.row, "village", f"Hộ {plan.code} chưa ghi Thôn, tổ dân phố.")
                continue
            villages = by_commune[plan.commune.pk]
            found = [v for v in villages if v.name == name] or [
                v for v in villages if fold(name) in (fold(v.name), fold(str(v)))
            ]
            row = plan.row_of("village")
            if len(found) > 1:
                self.error(
                    row,
                    "village",
                    f"Tên này khớp nhiều thôn của {plan.commune}: "
                    f"{', '.join(v.name for v in found)}. Ghi đúng tên có dấu.",
                    name,
                )
            elif not found:
                self.error(
                    row,
                    "village",
                    f"{plan.commune} chưa có thôn, tổ dân phố “{name}”. Tạo thôn trong "
                    "hệ thống trước (trang Thôn, tổ dân phố của xã) rồi nhập lại.",
                    name,
                )
            elif not found[0].is_active:
                self.error(
                    row, "village", f"Thôn “{found[0].name}” đã ngừng hoạt động; chọn thôn đang hoạt động.", name
                )
            else:
                plan.village = found[0]
            area_type = plan.values.get("area_type") or plan.commune.area_type
            if not area_type and "area_type" not in {k for r in plan.rows for k in r.bad}:
                self.error(
                    plan.row,
                    "area_type",
                    f"{plan.commune} chưa ghi khu vực thành thị/nông thôn: ghi cột Khu vực cho hộ {plan.code}.",
                )

    # -- phase 3: persons

    def heads_check(self, plans: Sequence[_HouseholdPlan]) -> None:
        for plan in plans:
            if any("relation" in r.bad for r in plan.rows):
                continue
            heads = [r for r in plan.rows if r.values.get("relation") == Relation.HEAD]
            if not heads:
                self.error(
                    plan.row, "relation", f"Hộ {plan.code} chưa có dòng nào là Chủ hộ; mỗi hộ có đúng một chủ hộ."
                )
            for extra in heads[1:]:
                self.error(
                    extra.number,
                    "relation",
                    f"Hộ {plan.code} có nhiều chủ hộ: dòng {heads[0].number} và "
                    f"dòng {extra.number}. Mỗi hộ có đúng một chủ hộ.",
                    extra.cells["relation"],
                )

    def citizen_ids_check(self, plans: Sequence[_HouseholdPlan]) -> dict[str, Person]:
        """Duplicates inside the file, then numbers already held in the register by a person of another household."""
        first: dict[str, _Row] = {}
        for plan in plans:
            for row in plan.rows:
                citizen_id = row.values.get("citizen_id")
                if not citizen_id:
                    continue
                if citizen_id in first:
                    other = first[citizen_id]
                    self.error(
                        row.number,
                        "citizen_id",
                        f"Số CCCD {citizen_id} đã ghi ở dòng {other.number} "
                        f"(hộ {other.code}). Một số CCCD chỉ thuộc một người.",
                        row.cells["citizen_id"],
                    )
                else:
                    first[citizen_id] = row
        holders = {
            p.citizen_id: p
            for chunk in _chunks(sorted(first))
            for p in Person.objects.select_related("household__village", "household__commune").filter(
                citizen_id__in=chunk
            )
            if p.citizen_id
        }
        for citizen_id, row in first.items():
            holder = holders.get(citizen_id)
            if holder is None:
                continue
            if holder.household.code != row.code:
                self.error(
                    row.number, "citizen_id", citizen_id_conflict_message(citizen_id, holder), row.cells["citizen_id"]
                )
            elif holder.left_on is not None:
                self.error(
                    row.number,
                    "citizen_id",
                    f"Số CCCD {citizen_id} là của {holder.full_name}, người đã ra "
                    f"khỏi hộ {row.code} ngày {holder.left_on:%d/%m/%Y}. Người quay lại hộ được ghi nhận trên "
                    "trang của hộ.",
                    row.cells["citizen_id"],
                )
        return holders

    def existing_load(self, plans: Sequence[_HouseholdPlan]) -> dict[int, list[Person]]:
        codes = sorted(p.code for p in plans)
        existing = {
            h.code: h
            for chunk in _chunks(codes)
            for h in Household.objects.select_related("commune", "legacy_commune", "village", "head").filter(
                code__in=chunk
            )
        }
        members: dict[int, list[Person]] = defaultdict(list)
        ids = [h.pk for h in existing.values()]
        for start in range(0, len(ids), _QUERY_CHUNK):
            for person in Person.objects.members().filter(household_id__in=ids[start : start + _QUERY_CHUNK]):
                members[person.household_id].append(person)
        for plan in plans:
            plan.existing = existing.get(plan.code)
        return members

    def household_plan(self, plan: _HouseholdPlan, members: list[Person]) -> None:
        household = plan.existing
        if household is None:
            for row in plan.rows:
                self.person_plan_new(plan, row)
            return
        if household.ended_on is not None:
            self.error(
                plan.row,
                "code",
                f"Hộ {plan.code} đã ra khỏi danh sách ngày {household.ended_on:%d/%m/%Y} "
                f"({household.get_end_reason_display()}); không nhập lại được.",
                plan.code,
            )
            return
        if plan.commune is not None and household.commune_id != plan.commune.pk:
            where = "" if self.restrict is not None else f" ({household.commune})"
            self.error(
                plan.row,
                "code",
                f"Mã hộ {plan.code} đã dùng cho một hộ của xã khác{where}. Hộ chuyển "
                "sang xã khác làm thủ tục chuyển đi, chuyển đến; hộ khác thì dùng mã khác.",
                plan.code,
            )
            return
        self.household_changes(plan, household)
        self.persons_match(plan, household, members)

    def household_changes(self, plan: _HouseholdPlan, household: Household) -> None:
        if plan.village is not None and plan.village.pk != household.village_id:
            plan.changes["village"] = plan.village
        for key in ("address", "area_type", *HOUSEHOLD_FACT_FIELDS):
            if key in plan.values and plan.values[key] != getattr(household, key):
                plan.changes[key] = plan.values[key]
        status = plan.values.get("status")
        if status and status != household.status:
            # Decision 24/2021: after go-live a status changes only by the commune chairman's decision.
            self.warn(
                plan.row_of("status"),
                "status",
                f"Hộ {plan.code} đang là {household.get_status_display()} "
                "trong sổ; tình trạng chỉ thay đổi bằng quyết định, không thay đổi qua nhập tệp.",
                plan.cell("status"),
            )
        if plan.legacy_commune is not None and plan.legacy_commune.pk != household.legacy_commune_id:
            self.warn(
                plan.row_of("legacy_commune_code"),
                "legacy_commune_code",
                f"Hộ {plan.code} đã có trong sổ; xã cũ của hộ giữ nguyên, không thay đổi qua nhập tệp.",
                plan.cell("legacy_commune_code"),
            )

    def persons_match(self, plan: _HouseholdPlan, household: Household, members: list[Person]) -> None:
        """Match each row to a current member: by CCCD first, then by folded name and date of birth."""
        free = {p.pk: p for p in members}
        matched: dict[int, Person] = {}
        by_citizen_id = {p.citizen_id: p for p in members if p.citizen_id}
        for row in plan.rows:
            person = by_citizen_id.get(row.values.get("citizen_id") or "")
            if person is not None and person.pk in free:
                matched[row.number] = free.pop(person.pk)
        for row in plan.rows:
            if row.number in matched or "full_name" not in row.values or "date_of_birth" not in row.values:
                continue
            key = (fold(row.values["full_name"]), row.values["date_of_birth"])
            person = next((p for p in free.values() if (p.name_folded, p.date_of_birth) == key), None)
            if person is not None:
                matched[row.number] = free.pop(person.pk)
        for row in plan.rows:
            person = matched.get(row.number)
            if person is None:
                self.person_plan_new(plan, row)
            else:
                self.person_plan_existing(plan, row, person)
        head_rows = [p for p in plan.persons if p.data.get("relation") == Relation.HEAD]
        if len(head_rows) == 1 and household.head_id is not None:
            head = head_rows[0]
            if head.existing is None or head.existing.pk != household.head_id:
                self.error(
                    head.row.number,
                    "relation",
                    f"Chủ hộ trong sổ của hộ {plan.code} là "
                    f"{household.head.full_name if household.head else ''}, còn tệp ghi chủ hộ là "
                    f"{head.data.get('full_name', '')}. Đổi chủ hộ trên trang của hộ trước rồi nhập lại.",
                    head.row.cells.get("relation"),
                )
        if free:
            names = ", ".join(f"{p.full_name} ({p.date_of_birth:%d/%m/%Y})" for p in free.values())
            self.warn(
                plan.row,
                "",
                f"Hộ {plan.code}: {len(free)} người trong sổ không có trong tệp ({names}); giữ "
                "nguyên, không xoá. Nếu họ đã chuyển đi hoặc chết, ghi nhận trên trang của hộ.",
            )

    def person_plan_new(self, plan: _HouseholdPlan, row: _Row) -> None:
        if row.bad & set(PERSON_FIELDS):
            return
        try:
            data = person_clean(row.person)
        except ValidationError as error:
            self.validation_error(row.number, error, row.cells)
            return
        plan.persons.append(_PersonPlan(row=row, data=data))

    def person_plan_existing(self, plan: _HouseholdPlan, row: _Row, person: Person) -> None:
        if row.bad & set(PERSON_FIELDS):
            return
        given = row.person
        current = {name: getattr(person, name) for name in PERSON_FIELDS}
        try:
            cleaned = person_clean(current | given)
        except ValidationError as error:
            self.validation_error(row.number, error, row.cells)
            return
        # A blank cell keeps what the register has: the file only ever adds or corrects.
        changes = {k: cleaned[k] for k in given if cleaned[k] != current[k]}
        person_plan = _PersonPlan(row=row, data=cleaned, existing=person, changes=changes)
        household = plan.existing
        if changes.get("relation") == Relation.HEAD and household is not None and household.head_id is None:
            person_plan.becomes_head = True
            del changes["relation"]
        elif "relation" in changes and Relation.HEAD in (changes["relation"], current["relation"]):
            # A different head is reported by persons_match; no update is planned for this row.
            del changes["relation"]
        plan.persons.append(person_plan)

    # -- phase 4: write

    def write(
        self, plans: Sequence[_HouseholdPlan], result: ImportResult, progress: Callable[[int, int], None] | None
    ) -> None:
        today = timezone.localdate()
        total, done = len(plans), 0

        def advance(count: int) -> None:
            nonlocal done
            done += count
            if progress is not None:
                progress(done, total)

        new = [p for p in plans if p.existing is None]
        try:
            with transaction.atomic():
                if new:
                    # A commune's first import is thousands of households: the bulk writer inserts them with the
                    # same records household_register writes (event, search text, head link, creation audit entry).
                    try:
                        households_bulk_create(
                            actor=self.actor,
                            batches=_batches(new),
                            registered_on=today,
                            note=f"Nhập từ tệp {self.path.name}",
                            on_batch=advance,
                        )
                    except ValidationError as error:
                        self.validation_error(new[0].row, error, {})
                        raise _Rollback from error
                    result.created = len(new)
                    result.persons_created = sum(len(p.persons) for p in new)
                for plan in plans:
                    if plan.existing is None:
                        continue
                    try:
                        self.household_write(plan, result, today)
                    except ValidationError as error:
                        self.validation_error(plan.row, error, plan.rows[0].cells)
                        raise _Rollback from error
                    except IntegrityError as error:
                        # Someone changed the register between the check and the write (e.g. the same CCCD).
                        self.error(
                            plan.row,
                            "code",
                            f"Không ghi được hộ {plan.code}: dữ liệu trong sổ vừa thay đổi. Nhập lại tệp.",
                            plan.code,
                        )
                        raise _Rollback from error
                    advance(1)
        except _Rollback:
            result.created = result.updated = result.unchanged = 0
            result.persons_created = result.persons_updated = 0

    def household_write(self, plan: _HouseholdPlan, result: ImportResult, today: datetime.date) -> None:
        """Bring an existing household in line with the file, through the register's services."""
        assert plan.existing is not None
        if not plan.changed:
            result.unchanged += 1
            return
        household = plan.existing
        if plan.changes:
            household = household_update(actor=self.actor, household=household, data=plan.changes)
        for person_plan in plan.persons:
            if person_plan.existing is None:
                continue
            if person_plan.becomes_head:
                household_set_head(
                    actor=self.actor,
                    household=household,
                    person=person_plan.existing,
                    former_head_relation=Relation.OTHER_RELATIVE,
                    occurred_on=today,
                )
            if person_plan.changes:
                try:
                    person_update(actor=self.actor, person=person_plan.existing, data=person_plan.changes)
                except ValidationError as error:
                    self.validation_error(person_plan.row.number, error, person_plan.row.cells)
                    raise _Rollback from error
            if person_plan.changes or person_plan.becomes_head:
                result.persons_updated += 1
        household.refresh_from_db(fields=["head"])
        for person_plan in plan.persons:
            if person_plan.existing is not None:
                continue
            born_here = person_plan.data["date_of_birth"] >= household.created_at.date()
            try:
                person_add(
                    actor=self.actor,
                    household=household,
                    data=person_plan.data,
                    kind=EventKind.BIRTH if born_here else EventKind.MOVED_IN,
                    occurred_on=person_plan.data["date_of_birth"] if born_here else today,
                    note=f"Bổ sung khi nhập tệp {self.path.name}",
                )
            except ValidationError as error:
                self.validation_error(person_plan.row.number, error, person_plan.row.cells)
                raise _Rollback from error
            result.persons_created += 1
        result.updated += 1

    # -- all

    def run(self, progress: Callable[[int, int], None] | None) -> ImportResult:
        result = ImportResult(warnings=self.warnings, errors=self.errors)
        rows = self.rows_read()
        plans = self.households_group(rows)
        self.units_resolve(plans)
        self.heads_check(plans)
        self.citizen_ids_check(plans)
        members = self.existing_load(plans)
        for plan in plans:
            if plan.commune is not None:
                self.household_plan(plan, members.get(plan.existing.pk, []) if plan.existing else [])
        if not self.errors and plans:
            self.write(plans, result, progress)
        self.errors.sort(key=lambda e: e.row)
        result.ok = not self.errors
        return result


def households_import(
    *,
    actor: User | None,
    path: Path,
    commune: AdminUnit | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Check every row of the file, then write all households in one transaction, or nothing when any row is wrong.

    `commune` restricts the file to one commune of today's map (a commune officer's upload): rows of other communes
    are errors, and rows without a commune code belong to it. `progress(done, total)` counts households written (new
    ones in batches of 500, then existing ones one by one).

    New households go in through `registry.bulk` (the records `household_register` writes, with one creation audit
    entry per household noting the file). Existing households (same Mã hộ) are compared and, when different, updated
    through `household_update` / `person_update` / `person_add` with their audit entries; members missing from the
    file are left as they are and reported as warnings.
    """
    if commune is not None and (commune.era != Era.CURRENT or commune.level != Level.COMMUNE):
        raise ValueError(f"{commune} không phải xã, phường, đặc khu hiện hành.")
    return _Importer(actor=actor, path=Path(path), commune=commune).run(progress)


# ---------------------------------------------------------------- writing files


def number_vi(value: int) -> str:
    """12345 -> "12.345", whatever language the caller is in (messages of this module are Vietnamese)."""
    with translation.override("vi"):
        return formats.number_format(value, force_grouping=True)


def import_summary(result: ImportResult) -> str:
    """The Vietnamese one-line report of a successful import."""
    return (
        f"Đã nhập xong: {number_vi(result.created)} hộ mới, {number_vi(result.updated)} hộ cập nhật, "
        f"{number_vi(result.unchanged)} hộ không đổi; {number_vi(result.persons_created)} nhân khẩu mới, "
        f"{number_vi(result.persons_updated)} nhân khẩu cập nhật."
    )


def import_errors_write(*, errors: Sequence[RowError], path: Path) -> Path:
    """The error report: Dòng, Cột, Giá trị, Lỗi. CSV (UTF-8 with BOM, for Excel) when the path ends in .csv."""
    path = Path(path)
    headers = ("Dòng", "Cột", "Giá trị", "Lỗi")
    records = [(e.row or "", e.column, e.value, e.message) for e in errors]
    if path.suffix.lower() == ".csv":
        with path.open("w", encoding="utf-8-sig", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(headers)
            writer.writerows(records)
        return path
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Lỗi"
    sheet.append(headers)
    for record in records:
        # Values go in as text: a CCCD or a code must show exactly what the user typed.
        sheet.append(record)
        sheet.cell(row=sheet.max_row, column=3).number_format = "@"
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for letter, width in zip("ABCD", (8, 26, 24, 90), strict=True):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=2, min_col=4, max_col=4):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    workbook.save(path)
    return path


def import_template_write(*, path: Path) -> Path:
    """The empty template: data sheet with drop-down lists, the guide, and the list of allowed values."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    path = Path(path)
    workbook = Workbook()
    data = workbook.active
    assert data is not None
    data.title = SHEET_DATA
    guide = workbook.create_sheet(SHEET_GUIDE)
    codes = workbook.create_sheet(SHEET_CODES)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    wrap = Alignment(wrap_text=True, vertical="top")

    # Allowed values, one block of rows per coded column; the drop-down lists point at these blocks.
    codes.append(("Cột", "Giá trị (ghi vào ô)", "Mã (cũng được nhận)"))
    ranges: dict[str, str] = {}
    for column in COLUMNS:
        pairs = choice_pairs(column) if column.kind == "choice" else []
        if not pairs:
            continue
        start = codes.max_row + 1
        for code, label in pairs:
            codes.append((column.header, label, code))
        ranges[column.key] = f"'{SHEET_CODES}'!$B${start}:$B${codes.max_row}"
    codes.append(("(các cột Có/Không)", "Có", "x, 1"))
    codes.append(("(các cột Có/Không)", "Không", "0"))
    for letter, width in zip("ABC", (30, 40, 22), strict=True):
        codes.column_dimensions[letter].width = width
    for cell in codes[1]:
        cell.font, cell.fill = bold, fill
    codes.freeze_panes = "A2"
    for row in codes.iter_rows(min_row=2, min_col=3, max_col=3):
        row[0].number_format = "@"

    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        cell = data.cell(row=1, column=index, value=column.header)
        cell.font, cell.fill, cell.alignment = bold, fill, Alignment(wrap_text=True, vertical="center")
        cell.comment = Comment(
            f"{'Bắt buộc. ' if column.required else ''}{column.meaning}", "giamngheo", width=320, height=160
        )
        dimension = data.column_dimensions[letter]
        dimension.width = max(column.width, min(len(column.header) + 2, 28))
        if column.kind in ("code", "unit_code", "citizen_id"):
            dimension.number_format = "@"  # keep leading zeros of codes and CCCDs
        elif column.kind == "date":
            dimension.number_format = "DD/MM/YYYY"
        cells = f"{letter}2:{letter}{TEMPLATE_ROWS}"
        formula = ranges.get(column.key) or ('"Có,Không"' if column.kind == "yes_no" else None)
        if formula:
            # "warning" rather than "stop": codes and spellings without diacritics are accepted by the import too.
            validation = DataValidation(
                type="list",
                formula1=formula,
                allow_blank=True,
                showErrorMessage=True,
                errorStyle="warning",
                errorTitle=column.header,
                error="Giá trị không có trong danh mục (xem trang Danh mục).",
            )
            validation.add(cells)
            data.add_data_validation(validation)
    data.row_dimensions[1].height = 45
    data.freeze_panes = "B2"

    guide.append(("Mẫu nhập hộ gia đình và nhân khẩu",))
    guide["A1"].font = Font(bold=True, size=14)
    for line in GUIDE_RULES:
        guide.append((line,))
    guide.append(())
    header_row = guide.max_row + 1
    guide.append(("Cột", "Bắt buộc", "Ý nghĩa", "Giá trị được nhận", "Ví dụ"))
    for column in COLUMNS:
        guide.append(
            (column.header, "Có" if column.required else "", column.meaning, column_allowed(column), column.example)
        )
    for cell in guide[header_row]:
        cell.font, cell.fill = bold, fill
    for row in guide.iter_rows(min_row=header_row + 1):
        for cell in row:
            cell.alignment = wrap
    for letter, width in zip("ABCDE", (32, 10, 70, 45, 18), strict=True):
        guide.column_dimensions[letter].width = width
    workbook.save(path)
    return path


def column_allowed(column: Column) -> str:
    if column.allowed:
        return column.allowed
    if column.kind == "choice":
        return "; ".join(label for _, label in choice_pairs(column))
    return "Chữ tự do"


GUIDE_RULES = (
    "Mỗi dòng của trang “Hộ gia đình” là một người. Các người cùng hộ ghi cùng Mã hộ; mỗi hộ có đúng một dòng Chủ hộ.",
    "Thông tin chung của hộ (từ Mã xã đến Xử lý rác thải) ghi ở một dòng (thường là dòng chủ hộ) hoặc ghi lặp lại "
    "trên mọi dòng của hộ; nếu ghi lặp lại thì các dòng phải giống nhau.",
    "Cột bắt buộc (bảng dưới): Mã hộ, Họ và tên, Quan hệ với chủ hộ, Giới tính, Ngày sinh, Dân tộc ghi trên mọi dòng; "
    "Thôn, tổ dân phố và Mã xã (hoặc Mã xã cũ) ghi ít nhất ở một dòng của hộ. Khi nhập trên trang của xã, Mã xã bỏ "
    "trống được hiểu là xã đang nhập.",
    "Ô bỏ trống ở các cột khác: hộ, người mới nhận giá trị mặc định (Có/Không của người bỏ trống là Không, trừ Có hợp "
    "đồng lao động; thông tin nhà ở bỏ trống là chưa ghi nhận); hộ, người đã có trong sổ giữ nguyên giá trị đang có.",
    "Giá trị danh mục chọn trong danh sách thả xuống; cũng nhận mã ở trang “Danh mục” và chữ không dấu, không phân "
    "biệt hoa thường.",
    "Số CCCD, Mã hộ, Mã xã: định dạng ô là Văn bản (Text) để Excel không bỏ số 0 ở đầu. Ngày sinh ghi dd/mm/yyyy.",
    "Tệp được kiểm tra toàn bộ trước khi ghi: chỉ cần một dòng sai thì không dòng nào được ghi; báo cáo lỗi ghi rõ "
    "dòng, cột, giá trị và cách sửa.",
    "Nhập lại cùng một tệp không thay đổi gì. Hộ đã có trong sổ (cùng Mã hộ) được cập nhật; người trong sổ không có "
    "trong tệp được giữ nguyên (không xoá) và được báo để cán bộ ghi nhận chuyển đi, chết trên trang của hộ.",
    "Tình trạng (hộ nghèo, cận nghèo…) chỉ dùng khi nhập hộ lần đầu; sau đó chỉ thay đổi bằng quyết định của "
    "Chủ tịch UBND xã.",
    "Có thể lưu thành CSV (UTF-8, dấu phẩy hoặc chấm phẩy) với cùng dòng tiêu đề.",
)
