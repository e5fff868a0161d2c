"""An Excel file checked before any of its rows is read.

An .xlsx file is a zip archive of XML parts. A few megabytes of upload can expand to gigabytes of sheet XML (issue
11, F24: a 2.7 MB file held 581 MB of it and took a worker to 1.7 GB before it was refused), so the archive is opened
with zipfile and checked against the import's limits (settings.IMPORT_XLSX_*, IMPORT_MAX_ROWS, IMPORT_MAX_COLUMNS,
with their reasons) first: that it is a workbook at all, the uncompressed sizes its directory declares (zipfile never
yields more than a part declares), each large part's compression ratio, and the extent the data sheet declares in its
`<dimension ref="A1:AK30001"/>`, read from the first bytes of the sheet's XML without parsing the rest. Only a file
that passes is read, row by row (sources.py). Each refusal names the user's file and what is wrong.
"""

import posixpath
import re
import zipfile
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from django.conf import settings

from giamngheo.common.formats import number_vi
from giamngheo.common.text import fold
from giamngheo.registry.imports.cells import FileError
from giamngheo.registry.imports.columns import SHEET_DATA

# Parts over this size must compress less than IMPORT_XLSX_MAX_RATIO times; a small part (the styles, a theme) may
# compress better without being able to hurt.
RATIO_FROM_BYTES = 1024 * 1024
# The dimension is the second element of a sheet's XML, after at most its properties (ECMA-376 Part 1, §18.3.1.99
# CT_Worksheet); these many bytes always hold it, or the start of the rows when it is missing.
DIMENSION_SCAN_BYTES = 64 * 1024

_WORKBOOK_TYPES = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
    "application/vnd.ms-excel.template.macroEnabled.main+xml",
)
_SHARED_STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
_WORKSHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_DIMENSION = re.compile(rb"<(?:[\w.-]+:)?dimension\b[^>]*?\bref\s*=\s*[\"']([^\"']*)[\"']", re.IGNORECASE)
_SHEET_DATA = re.compile(rb"<(?:[\w.-]+:)?sheetData\b", re.IGNORECASE)
# What zipfile raises for a damaged archive, an encrypted part or an unknown compression method.
READ_ERRORS = (zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError, NotImplementedError)
_CELL = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]{1,7})")


@dataclass(frozen=True)
class DataSheet:
    """The sheet the import reads: its name, its part in the archive, and the last row and column it declares."""

    name: str
    part: str
    rows: int
    columns: int


def invalid_workbook(path: Path) -> FileError:
    return FileError(
        f"Tệp “{path.name}” không phải là tệp Excel hợp lệ: tệp bị hỏng, có đặt mật khẩu, hoặc là loại tệp khác "
        "chỉ được đổi tên đuôi thành .xlsx. Mở tệp bằng Excel và lưu lại (Lưu thành → “Sổ làm việc Excel (.xlsx)”)."
    )


def _too_big(path: Path, what: str) -> FileError:
    return FileError(
        f"Không đọc tệp “{path.name}”: {what}. Một lần nhập không nhận tệp như vậy (tệp cũng có thể bị hỏng). Mở tệp "
        "bằng Excel, chép riêng trang “Hộ gia đình” sang một sổ làm việc mới rồi lưu lại, hoặc chia danh sách thành "
        "nhiều tệp (ví dụ theo thôn, tổ dân phố), hoặc lưu thành CSV UTF-8."
    )


def _megabytes(size: int) -> str:
    return f"{number_vi(size / (1024 * 1024), 1)} MB"


def data_sheet_check(path: Path) -> DataSheet:
    """The workbook's data sheet ("Hộ gia đình", else the first), once the archive is known to be within the
    import's limits; FileError naming the file and what is wrong otherwise. Reads the archive's directory, a few small
    parts and the first bytes of the sheet, whatever the file's size."""
    try:
        archive = zipfile.ZipFile(path)
    except READ_ERRORS as error:
        raise invalid_workbook(path) from error
    with archive:
        parts = {info.filename: info for info in archive.infolist()}
        _sizes_check(path, parts.values())
        types = _content_types(path, archive, parts)
        workbook = next((name for name, kind in types.items() if kind in _WORKBOOK_TYPES and name in parts), None)
        if workbook is None:
            raise invalid_workbook(path)
        sheets = _sheets(path, archive, parts, workbook)
        if not sheets:
            raise FileError(f"Tệp Excel “{path.name}” không có trang tính nào.")
        worksheets = {part for _name, part in sheets}
        for name, info in parts.items():
            _part_check(path, name, info, types.get(name, ""), worksheets)
        name, part = next(((n, p) for n, p in sheets if fold(n) == fold(SHEET_DATA)), sheets[0])
        rows, columns = _dimension(path, archive, name, part)
    limit_rows, limit_columns = settings.IMPORT_MAX_ROWS, settings.IMPORT_MAX_COLUMNS
    if rows > limit_rows or columns > limit_columns:
        raise FileError(
            f"Trang “{name}” của tệp “{path.name}” có vùng dữ liệu {number_vi(rows)} dòng × {number_vi(columns)} cột, "
            f"quá giới hạn một lần nhập ({number_vi(limit_rows)} dòng, {number_vi(limit_columns)} cột). Chia danh sách "
            "thành nhiều tệp (ví dụ theo thôn, tổ dân phố) rồi nhập lần lượt. Nếu dữ liệu ít hơn thế, có thể các dòng "
            "hoặc cột trống phía sau đã được định dạng: chọn các dòng trống từ sau dòng cuối có dữ liệu đến hết, xoá "
            "dòng (Delete), làm tương tự với các cột trống, rồi lưu lại."
        )
    return DataSheet(name=name, part=part, rows=rows, columns=columns)


def _sizes_check(path: Path, infos: Iterable[zipfile.ZipInfo]) -> None:
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size >= RATIO_FROM_BYTES:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > settings.IMPORT_XLSX_MAX_RATIO:
                raise _too_big(
                    path,
                    f"phần “{info.filename}” nén {_megabytes(info.file_size)} vào {_megabytes(info.compress_size)} "
                    f"(gấp {number_vi(ratio)} lần, giới hạn {number_vi(settings.IMPORT_XLSX_MAX_RATIO)} lần)",
                )
    if total > settings.IMPORT_XLSX_MAX_BYTES:
        raise _too_big(
            path,
            f"khi giải nén tệp chiếm {_megabytes(total)}, quá giới hạn {_megabytes(settings.IMPORT_XLSX_MAX_BYTES)}",
        )


def _part_check(path: Path, name: str, info: zipfile.ZipInfo, kind: str, worksheets: Collection[str] = ()) -> None:
    """Parts the reader holds in memory whole, or as a table of every text, have a size limit of their own."""
    if kind == _WORKSHEET_TYPE or name in worksheets or not name.lower().endswith((".xml", ".rels")):
        return  # worksheets are streamed; pictures and other binary parts are never read
    strings = kind == _SHARED_STRINGS_TYPE
    limit = settings.IMPORT_XLSX_MAX_STRINGS_BYTES if strings else settings.IMPORT_XLSX_MAX_PART_BYTES
    if info.file_size > limit:
        raise _too_big(path, f"phần “{name}” chiếm {_megabytes(info.file_size)}, quá giới hạn {_megabytes(limit)}")


def _xml(path: Path, archive: zipfile.ZipFile, part: str) -> ElementTree.Element:
    """A small part parsed whole, once its size is known to be within the limit of such parts."""
    _part_check(path, part, archive.getinfo(part), "")
    try:
        # The expat Python 3.11 ships (2.5) refuses entity-expansion bombs, and ElementTree fetches no external
        # entity: what defusedxml would add is already there.
        return ElementTree.fromstring(archive.read(part))  # noqa: S314
    except (ElementTree.ParseError, *READ_ERRORS, KeyError) as error:
        raise invalid_workbook(path) from error


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _content_types(path: Path, archive: zipfile.ZipFile, parts: dict[str, zipfile.ZipInfo]) -> dict[str, str]:
    """{part name: content type} of the parts [Content_Types].xml names."""
    if "[Content_Types].xml" not in parts:
        raise invalid_workbook(path)
    types: dict[str, str] = {}
    for element in _xml(path, archive, "[Content_Types].xml"):
        if _local(element.tag) == "Override" and element.get("PartName"):
            types[element.get("PartName", "").lstrip("/")] = element.get("ContentType", "")
    return types


def _sheets(
    path: Path, archive: zipfile.ZipFile, parts: dict[str, zipfile.ZipInfo], workbook: str
) -> list[tuple[str, str]]:
    """(name, part) of each worksheet, in the workbook's order."""
    folder, file = posixpath.split(workbook)
    rels_part = posixpath.join(folder, "_rels", f"{file}.rels")
    if rels_part not in parts:
        raise invalid_workbook(path)
    targets = {}
    for element in _xml(path, archive, rels_part):
        target = element.get("Target", "")
        if _local(element.tag) == "Relationship" and element.get("Type", "").endswith("/worksheet"):
            resolved = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
            targets[element.get("Id")] = posixpath.normpath(resolved)
    sheets = []
    for element in _xml(path, archive, workbook).iter():
        if _local(element.tag) != "sheet":
            continue
        relation = next((value for key, value in element.attrib.items() if _local(key) == "id"), None)
        part = targets.get(relation)
        if part in parts:
            sheets.append((element.get("name", ""), part))
    return sheets


def _dimension(path: Path, archive: zipfile.ZipFile, name: str, part: str) -> tuple[int, int]:
    """The last row and column of the sheet's declared dimension, from the first bytes of its XML."""
    try:
        with archive.open(part) as source:
            head = source.read(DIMENSION_SCAN_BYTES)
    except READ_ERRORS as error:
        raise invalid_workbook(path) from error
    data_at = _SHEET_DATA.search(head)
    found = _DIMENSION.search(head, 0, data_at.start() if data_at else len(head))
    if found is None:
        raise FileError(
            f"Trang “{name}” của tệp “{path.name}” không ghi vùng dữ liệu của nó (thẻ dimension), nên không biết trước "
            "tệp lớn đến đâu. Excel và LibreOffice đều ghi thẻ này: mở tệp bằng Excel hoặc LibreOffice rồi lưu lại "
            "thành .xlsx, hoặc lưu thành CSV UTF-8."
        )
    corners = [_CELL.fullmatch(corner.strip()) for corner in found.group(1).decode("ascii", "replace").split(":")]
    if not 1 <= len(corners) <= 2 or not all(corners):
        raise invalid_workbook(path)
    last = corners[-1]
    assert last is not None
    column = 0
    for letter in last.group(1).upper():
        column = column * 26 + ord(letter) - ord("A") + 1
    return int(last.group(2)), column
