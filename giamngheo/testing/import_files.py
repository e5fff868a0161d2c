"""Household files for the import tests: rows keyed by the template's Vietnamese headers, written as Excel or CSV,
the command run on them, and the state of the register to compare before and after."""

import csv
import datetime
import re
import zipfile
from collections.abc import Sequence
from io import StringIO
from pathlib import Path
from typing import Any

import openpyxl
from django.core.management import call_command

from giamngheo.accounts.models import AuditEntry
from giamngheo.registry.imports import SHEET_DATA
from giamngheo.registry.models import Household, HouseholdEvent, Person, Sex
from giamngheo.registry.validators import citizen_id_for


def cccd(sex: str, born: datetime.date, serial: int) -> str:
    return citizen_id_for(province_code="015", sex=sex, date_of_birth=born, serial=serial)


AN_CCCD = cccd(Sex.MALE, datetime.date(1980, 5, 17), 1)
BINH_CCCD = cccd(Sex.FEMALE, datetime.date(1982, 3, 2), 2)
DUNG_CCCD = cccd(Sex.MALE, datetime.date(1975, 1, 9), 3)


def rows_two_households() -> list[dict[str, Any]]:
    """Household HN-001 in Thôn Một (3 people, household columns on the head's row only) and HN-002 in Thôn Hai."""
    return [
        {
            "Mã hộ": "HN-001",
            "Mã xã": "91001",
            "Thôn, tổ dân phố": "Thôn Một",
            "Địa chỉ": "Số 12, xóm Đồi",
            "Tình trạng": "Hộ cận nghèo",
            "Thu nhập bình quân (đồng/người/tháng)": "1.500.000",
            "Tường bền chắc": "Có",
            "Mái bền chắc": "Không",
            "Diện tích nhà ở (m²)": "45,5",
            "Nguồn nước sinh hoạt": "Nước máy",
            "Nhà tiêu": "Tự hoại",
            "Có ti vi": "x",
            "Họ và tên": "Nguyễn Văn An",
            "Quan hệ với chủ hộ": "Chủ hộ",
            "Giới tính": "Nam",
            "Ngày sinh": datetime.date(1980, 5, 17),
            "Dân tộc": "Kinh",
            "Số CCCD": AN_CCCD,
            "Việc làm": "Làm công ăn lương",
            "Có hợp đồng lao động": "Không",
            "Có BHYT": "Có",
        },
        {
            "Mã hộ": "HN-001",
            "Họ và tên": "Trần Thị Bình",
            "Quan hệ với chủ hộ": "Vợ",
            "Giới tính": "Nữ",
            "Ngày sinh": "02/03/1982",
            "Dân tộc": "01",
            "Số CCCD": BINH_CCCD,
        },
        {
            "Mã hộ": "HN-001",
            "Họ và tên": "Nguyễn Văn Cường",
            "Quan hệ với chủ hộ": "con",
            "Giới tính": "nam",
            "Ngày sinh": "15/09/2012",
            "Dân tộc": "kinh",
            "Tình trạng đi học": "Đang học THCS",
        },
        {
            "Mã hộ": "HN-002",
            "Mã xã": "91001",
            "Thôn, tổ dân phố": "thon hai",
            "Khu vực": "Nông thôn",
            "Tình trạng": "Hộ nghèo",
            "Họ và tên": "Lò Văn Dũng",
            "Quan hệ với chủ hộ": "chu ho",
            "Giới tính": "1",
            "Ngày sinh": "09/01/1975",
            "Dân tộc": "Thái",
            "Số CCCD": DUNG_CCCD,
            "Người có công": "Có",
        },
        {
            "Mã hộ": "HN-002",
            "Mã xã": "91001",
            "Thôn, tổ dân phố": "Thôn Hai",
            "Họ và tên": "Lò Thị Én",
            "Quan hệ với chủ hộ": "Vợ/chồng",
            "Giới tính": "Nữ",
            "Ngày sinh": datetime.date(1978, 6, 30),
            "Dân tộc": "03",
            "Khuyết tật": "Nặng",
        },
    ]


def headers_of(rows: Sequence[dict[str, Any]]) -> list[str]:
    return list(dict.fromkeys(h for row in rows for h in row))


def write_xlsx(path: Path, rows: Sequence[dict[str, Any]]) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = SHEET_DATA
    headers = headers_of(rows)
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(h) for h in headers])
    workbook.save(path)
    return path


def write_csv(path: Path, rows: Sequence[dict[str, Any]], *, delimiter: str = ",", bom: bool = False) -> Path:
    headers = headers_of(rows)
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as f:
        writer = csv.writer(f, delimiter=delimiter)
        writer.writerow(headers)
        for row in rows:
            value = [row.get(h, "") for h in headers]
            writer.writerow(v.strftime("%d/%m/%Y") if isinstance(v, datetime.date) else v for v in value)
    return path


def run(path: Path, *args: str) -> str:

    out = StringIO()
    call_command("import_households", str(path), "--no-progress", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def report_rows(path: Path) -> list[tuple[Any, ...]]:
    sheet = openpyxl.load_workbook(path).active
    return [tuple(row) for row in sheet.iter_rows(min_row=1, values_only=True)]


def register_state() -> tuple[int, int, int, int]:
    return Household.objects.count(), Person.objects.count(), AuditEntry.objects.count(), HouseholdEvent.objects.count()


# ---------------------------------------------------------------- hostile workbooks


def xlsx_dimension_set(path: Path, ref: str | None) -> Path:
    """Rewrite the `<dimension ref=…>` the data sheet declares (None: remove it), keeping everything else."""
    sheet = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(path) as source:
        parts = {info: source.read(info) for info in source.infolist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in parts.items():
            if info.filename == sheet:
                element = b"" if ref is None else f'<dimension ref="{ref}"/>'.encode()
                data, found = re.subn(rb"<dimension [^>]*/>", element, data)
                assert found == 1
            target.writestr(info, data)
    return path


_PARTS = {
    "[Content_Types].xml": (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Target="xl/workbook.xml" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/></Relationships>'
    ),
    "xl/workbook.xml": (
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f'<sheets><sheet name="{SHEET_DATA}" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Target="worksheets/sheet1.xml" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/></Relationships>'
    ),
}


def xlsx_bomb(path: Path, *, sheet_bytes: int, dimension: str = "A1:H3") -> Path:
    """A workbook of a few megabytes whose sheet XML expands to `sheet_bytes`: one-cell rows, written through
    zipfile's streaming writer a megabyte at a time, so that making it takes little memory."""
    row = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>'
    chunk = row * (1024 * 1024 // len(row))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, text in _PARTS.items():
            archive.writestr(name, text)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(
                b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                + f'<dimension ref="{dimension}"/><sheetData>'.encode()
            )
            for _ in range(sheet_bytes // len(chunk)):
                sheet.write(chunk)
            sheet.write(b"</sheetData></worksheet>")
    return path
