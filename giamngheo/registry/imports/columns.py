"""The template's columns: `COLUMNS` (headers, kinds, drop-down lists, the guide) and how headers and choices are
looked up."""

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils import translation

from giamngheo.areas.models import AreaType
from giamngheo.common.text import fold
from giamngheo.registry.models import (
    CITIZEN_ID_ISSUER_CHOICES,
    ETHNICITY_CHOICES,
    Disability,
    Education,
    Employment,
    Latrine,
    Relation,
    Schooling,
    Sex,
    Status,
    WasteTreatment,
    WaterSource,
)

SHEET_DATA = "Hộ gia đình"
SHEET_GUIDE = "Hướng dẫn"
SHEET_CODES = "Danh mục"


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
           meaning="Mã của hộ trong hệ thống cũ hoặc sổ theo dõi của xã, được giữ nguyên, không đánh số lại. Các "
                   "dòng cùng mã hộ là thành viên của cùng một hộ. Nhập lại tệp có mã hộ đã có trong sổ thì cập nhật "
                   "hộ đó, không tạo hộ mới. Hộ thêm sau trên hệ thống có mã <Mã xã>-<số thứ tự 6 chữ số> của xã.",
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
    Column("village", "Thôn, tổ dân phố", "household", "text", required=True, max_length=120, example="Thôn Một",
           width=20,
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
    Column("citizen_id_issued_on", "Ngày cấp CCCD", "person", "date", example="10/03/2022", width=12,
           headers=("Ngày cấp", "Ngày cấp căn cước"),
           meaning="Ngày cấp thẻ căn cước công dân (không bắt buộc); không sau hôm nay, không trước ngày sinh, "
                   "chỉ ghi khi có số CCCD.",
           allowed="dd/mm/yyyy (ví dụ 10/03/2022) hoặc ô kiểu ngày của Excel"),
    Column("citizen_id_issued_by", "Nơi cấp CCCD", "person", "choice", choices=CITIZEN_ID_ISSUER_CHOICES,
           example="Cục Cảnh sát quản lý hành chính về trật tự xã hội", headers=("Nơi cấp", "Nơi cấp căn cước"),
           width=24, meaning="Cơ quan cấp thẻ căn cước công dân (không bắt buộc), theo danh mục; chỉ ghi khi có số "
                             "CCCD.",
           allowed="Tên cơ quan cấp theo trang Danh mục"),
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
SHARED_KEYS = tuple(c.key for c in HOUSEHOLD_COLUMNS if c.key != "code")


def choice_pairs(column: Column) -> list[tuple[str, str]]:
    """(code, Vietnamese label) of a choice column, whatever language is active."""
    if column.choices is None:
        return []
    with translation.override("vi"):
        if isinstance(column.choices, type):
            return [(str(value), str(label)) for value, label in column.choices.choices]
        return [(str(value), str(label)) for value, label in column.choices]


@functools.cache
def choice_lookup(key: str) -> dict[str, str]:
    column = COLUMN_BY_KEY[key]
    table: dict[str, str] = {}
    for code, label in choice_pairs(column):
        for spelling in (fold(code), fold(label)):
            if table.setdefault(spelling, code) != code:
                raise ImproperlyConfigured(f"Hai giá trị của cột {column.header} cùng viết là “{spelling}”.")
    for spelling, code in column.aliases.items():
        table.setdefault(fold(spelling), str(code))
    return table


@functools.cache
def _labels(key: str) -> dict[str, str]:
    return dict(choice_pairs(COLUMN_BY_KEY[key]))


def choice_label(key: str, code: str) -> str:
    """The Vietnamese label of a choice column's code (the code itself if it has none)."""
    return _labels(key).get(str(code), str(code))


def header_key(text: str) -> str:
    return fold(re.sub(r"[*:]", " ", text))


@functools.cache
def header_lookup() -> dict[str, Column]:
    table: dict[str, Column] = {}
    for column in COLUMNS:
        spellings = [column.header, re.sub(r"\s*\(.*\)\s*", " ", column.header), column.key, *column.headers]
        for spelling in spellings:
            table.setdefault(header_key(spelling), column)
    return table
