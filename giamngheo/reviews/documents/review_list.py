"""Circular 07/2021 Phụ lục I, "Danh sách hộ gia đình cần rà soát": the households a commune reviews in a campaign."""

from collections.abc import Iterable

from django.db.models import QuerySet, prefetch_related_objects
from openpyxl import Workbook
from openpyxl.styles import Font

from giamngheo.areas.models import AdminUnit
from giamngheo.reviews.documents.rendering import head_name
from giamngheo.reviews.documents.sheets import BOLD, TITLE, sheet_heading, sheet_table, workbook_bytes
from giamngheo.reviews.models import Campaign, ReviewItem

REVIEW_LIST_HEADER = (
    ("STT", 6),
    ("Mã hộ", 22),
    ("Họ tên chủ hộ", 28),
    ("Thôn", 18),
    ("Diện rà soát", 26),
    ("Tình trạng trước rà soát", 20),
    ("Bước hiện tại", 30),
    ("Kết quả đề xuất", 18),
)


def review_list_xlsx(*, campaign: Campaign, commune: AdminUnit, items: Iterable[ReviewItem]) -> bytes:
    """Circular 07/2021 Phụ lục I, "Danh sách hộ gia đình cần rà soát", for one commune of a campaign."""
    if isinstance(items, QuerySet):
        items = items.select_related("household__head", "village")
    listed = list(items)
    prefetch_related_objects(listed, "household__head", "village")
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new workbook has one sheet
    sheet.title = "Danh sách cần rà soát"
    first_row = sheet_heading(
        sheet,
        [
            (f"ỦY BAN NHÂN DÂN {commune.name.upper()}", BOLD),
            ("BAN CHỈ ĐẠO RÀ SOÁT HỘ NGHÈO, HỘ CẬN NGHÈO", BOLD),
            ("DANH SÁCH HỘ GIA ĐÌNH CẦN RÀ SOÁT", TITLE),
            (str(campaign), Font(italic=True)),
            ("(Phụ lục I, Thông tư 07/2021/TT-BLĐTBXH)", Font(italic=True, size=10)),
        ],
        len(REVIEW_LIST_HEADER),
    )
    sheet_table(
        sheet,
        first_row,
        REVIEW_LIST_HEADER,
        (
            (
                n,
                item.household.code,
                head_name(item.household),
                str(item.village),
                item.get_basis_display(),
                item.get_status_before_display(),
                item.get_stage_display(),
                item.get_proposed_status_display() if item.proposed_status else "",
            )
            for n, item in enumerate(listed, start=1)
        ),
    )
    return workbook_bytes(workbook)
