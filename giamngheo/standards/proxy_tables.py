"""Loading B1 point tables from Excel, and writing the Excel an administrator fills in.

The workbook has two sheets. "Bảng điểm B1": Khu vực | Vùng | Mã nhóm | Nhóm | Mã lựa chọn | Lựa chọn | Điểm, one
row per option. "Ngưỡng": Khu vực | Vùng | Ngưỡng | Điểm gốc, one row per table. A blank Vùng means every region.
A load replaces the standard's active tables at once, or changes nothing when any row is wrong.
"""

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from openpyxl import Workbook
from openpyxl.styles import Font
from python_calamine import CalamineWorkbook

from giamngheo.accounts.access import can_load_proxy_tables
from giamngheo.accounts.models import AuditAction, User
from giamngheo.accounts.services import audit_record
from giamngheo.areas.models import AreaType, Region
from giamngheo.common.spreadsheets import row_safe
from giamngheo.common.text import fold
from giamngheo.standards.models import ProxyTable
from giamngheo.standards.params import UnknownStandard, standard_get
from giamngheo.standards.proxy import shipped_table

POINTS_SHEET, THRESHOLD_SHEET = "Bảng điểm B1", "Ngưỡng"
POINTS_HEADER = ("Khu vực", "Vùng", "Mã nhóm", "Nhóm", "Mã lựa chọn", "Lựa chọn", "Điểm")
THRESHOLD_HEADER = ("Khu vực", "Vùng", "Ngưỡng", "Điểm gốc")
_AREAS = {fold(str(label)): value for value, label in AreaType.choices} | {"rural": "rural", "urban": "urban"}
_REGIONS = {fold(str(label)): value for value, label in Region.choices} | {v: v for v in Region.values}


@dataclass
class _Table:
    threshold: int
    base_points: int
    groups: dict[str, dict[str, Any]]


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value).strip()


def _int(value: Any, where: str, errors: list[str]) -> int:
    text = _text(value)
    try:
        return int(text)
    except ValueError:
        errors.append(f"{where}: “{text}” không phải số nguyên.")
        return 0


def _area_region(row: list[Any], where: str, errors: list[str]) -> tuple[str, str]:
    area = _AREAS.get(fold(_text(row[0])))
    if area is None:
        errors.append(f"{where}, cột Khu vực: “{_text(row[0])}” phải là Nông thôn hoặc Thành thị.")
    raw_region = _text(row[1])
    region = _REGIONS.get(fold(raw_region), None) if raw_region else ""
    if region is None:
        errors.append(f"{where}, cột Vùng: “{raw_region}” không phải một trong sáu vùng kinh tế - xã hội.")
    return area or "", region or ""


def _sheet(book: CalamineWorkbook, name: str, header: tuple[str, ...], errors: list[str]) -> list[list[Any]]:
    if name not in book.sheet_names:
        errors.append(f"Tệp thiếu trang “{name}”.")
        return []
    rows = book.get_sheet_by_name(name).to_python()
    if not rows or tuple(_text(c) for c in rows[0][: len(header)]) != header:
        errors.append(f"Trang “{name}”: dòng 1 phải là tiêu đề {' | '.join(header)}.")
        return []
    return [list(r) + [None] * (len(header) - len(r)) for r in rows[1:]]


def _read(path: Path) -> dict[tuple[str, str], _Table]:
    errors: list[str] = []
    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception as error:  # calamine raises its own error types for unreadable files
        raise ValidationError(f"Không đọc được tệp Excel “{path.name}”: {error}") from None
    tables: dict[tuple[str, str], _Table] = {}
    for number, row in enumerate(_sheet(book, THRESHOLD_SHEET, THRESHOLD_HEADER, errors), start=2):
        if not any(_text(c) for c in row):
            continue
        where = f"Trang {THRESHOLD_SHEET}, dòng {number}"
        key = _area_region(row, where, errors)
        if key in tables:
            errors.append(f"{where}: khu vực và vùng này đã có ngưỡng ở dòng trên.")
        tables[key] = _Table(
            _int(row[2], f"{where}, cột Ngưỡng", errors), _int(row[3] or 0, f"{where}, cột Điểm gốc", errors), {}
        )
    seen: defaultdict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)
    for number, row in enumerate(_sheet(book, POINTS_SHEET, POINTS_HEADER, errors), start=2):
        if not any(_text(c) for c in row):
            continue
        where = f"Trang {POINTS_SHEET}, dòng {number}"
        key = _area_region(row, where, errors)
        group_code, group_label, option_code, option_label = (_text(row[i]) for i in (2, 3, 4, 5))
        if not group_code or not option_code or not option_label:
            errors.append(f"{where}: thiếu Mã nhóm, Mã lựa chọn hoặc Lựa chọn.")
            continue
        points = _int(row[6], f"{where}, cột Điểm", errors)
        if key not in tables:
            errors.append(f"{where}: chưa có ngưỡng cho khu vực và vùng này ở trang {THRESHOLD_SHEET}.")
            continue
        if (group_code, option_code) in seen[key]:
            errors.append(f"{where}: lựa chọn “{option_code}” của nhóm “{group_code}” bị lặp.")
        seen[key].add((group_code, option_code))
        group = tables[key].groups.setdefault(group_code, {"code": group_code, "label": group_label, "options": []})
        group["options"].append({"code": option_code, "label": option_label, "points": points})
    for (area, region), table in tables.items():
        if not table.groups:
            errors.append(f"Khu vực {area}, vùng {region or 'tất cả'}: có ngưỡng nhưng không có dòng điểm nào.")
    if not tables and not errors:
        errors.append("Tệp không có bảng điểm nào.")
    if errors:
        raise ValidationError(errors)
    return tables


@transaction.atomic
def proxy_tables_load(*, actor: User | None, path: Path, standard_code: str, verified: bool, source: str) -> int:
    """Replace the standard's active B1 tables with those in the workbook. Returns the number of tables loaded. They
    apply to the whole country: a national administrator loads them (None: the command)."""
    if actor is not None and not can_load_proxy_tables(actor):
        raise ValidationError("Chỉ quản trị quốc gia nạp bảng điểm B1.")
    try:
        standard = standard_get(standard_code)
    except UnknownStandard as error:
        raise ValidationError(str(error)) from None
    if not source.strip():
        raise ValidationError("Ghi rõ nguồn của bảng điểm (văn bản, phụ lục).")
    tables = _read(path)
    ProxyTable.objects.filter(standard=standard.code, is_active=True).update(is_active=False)
    for (area, region), table in tables.items():
        loaded = ProxyTable.objects.create(
            standard=standard.code,
            area_type=area,
            region=region,
            threshold=table.threshold,
            base_points=table.base_points,
            groups=list(table.groups.values()),
            verified=verified,
            source=source.strip(),
            loaded_by=actor,
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            instance=loaded,
            changes={"threshold": [None, table.threshold], "verified": [None, verified]},
        )
    return len(tables)


def proxy_tables_template_write(*, path: Path, standard_code: str) -> Path:
    """The shipped table (rural and urban) as a workbook, for an administrator to correct and load back."""
    book = Workbook()
    points = book.active
    assert points is not None
    points.title = POINTS_SHEET
    thresholds = book.create_sheet(THRESHOLD_SHEET)
    for sheet, header in ((points, POINTS_HEADER), (thresholds, THRESHOLD_HEADER)):
        sheet.append(row_safe(header))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
    for area in ("rural", "urban"):
        table = shipped_table(standard_code, area)
        if table is None:
            raise ValidationError(f"Chuẩn {standard_code} chưa có bảng điểm B1 mẫu.")
        label = str(AreaType(area).label)
        thresholds.append(row_safe([label, "", table.threshold, table.base_points]))
        for group in table.groups:
            for option in group["options"]:
                row = [label, "", group["code"], group["label"], str(option["code"]), option["label"]]
                points.append(row_safe([*row, option["points"]]))
    for sheet, widths in ((points, (12, 30, 16, 60, 14, 50, 8)), (thresholds, (12, 30, 10, 10))):
        for index, width in enumerate(widths):
            sheet.column_dimensions[chr(ord("A") + index)].width = width
    book.save(path)
    return path
