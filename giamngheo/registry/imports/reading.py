"""Phase 1 of the import, read: the header row found and checked, then every data row with each cell read by its
column's kind. A cell that cannot be read is an error and marks its column bad on that row, so that later phases do
not report it again."""

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from giamngheo.registry.imports.cells import READERS, CellError, FileError, cell_shown, is_blank, table_read
from giamngheo.registry.imports.columns import COLUMN_BY_KEY, COLUMNS, Column, header_key, header_lookup
from giamngheo.registry.imports.plans import Row
from giamngheo.registry.imports.results import Findings, RowError

# Control characters other than tab and line breaks are never part of a name, an address or a code; NUL cannot even be
# stored (PostgreSQL refuses it). They come from damaged files or text copied out of other software.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CONTROL_MESSAGE = (
    "Ô có ký tự điều khiển không in được (như NUL, mã 0), thường do tệp bị hỏng hoặc chép từ phần mềm khác: "
    "gõ lại nội dung ô này."
)


def rows_read(path: Path, findings: Findings) -> list[Row]:
    """Every data row of the file, each cell read by its column's kind; the header is found and checked first."""
    try:
        table = table_read(path)
    except FileError as error:
        findings.errors.append(RowError(0, "", "", str(error)))
        return []
    table = [(n, cells) for n, cells in table if not all(is_blank(c) for c in cells)]
    if not table:
        findings.errors.append(
            RowError(0, "", "", "Tệp không có dữ liệu: dòng đầu là tiêu đề cột, mỗi dòng sau là một người.")
        )
        return []
    # The header is the first row naming the Mã hộ column, so a title above it (as many communes' lists have)
    # does no harm; without one, the first non-empty row is taken and its missing columns reported.
    code_column = COLUMN_BY_KEY["code"]
    lookup = header_lookup()
    start = next(
        (
            index
            for index, (_, cells) in enumerate(table[:10])
            if any(not is_blank(c) and lookup.get(header_key(cell_shown(c))) is code_column for c in cells)
        ),
        0,
    )
    (header_number, header), data = table[start], table[start + 1 :]
    columns = _header_read(header_number, header, findings)
    if findings.errors:
        return []
    if not data:
        findings.errors.append(RowError(0, "", "", "Tệp chỉ có dòng tiêu đề, chưa có dòng dữ liệu nào."))
    rows = []
    for number, cells in data:
        row = _row_read(number, cells, columns, findings)
        if row is not None:
            rows.append(row)
    return rows


def _header_read(number: int, header: Sequence[Any], findings: Findings) -> dict[int, Column]:
    lookup = header_lookup()
    columns: dict[int, Column] = {}
    seen: dict[str, int] = {}
    for index, cell in enumerate(header):
        if is_blank(cell):
            continue
        column = lookup.get(header_key(cell_shown(cell)))
        if column is None:
            findings.warn(number, cell_shown(cell), "Cột không có trong mẫu; bỏ qua.", cell)
            continue
        if column.key in seen:
            findings.error(
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
        findings.errors.append(
            RowError(
                number,
                ", ".join(missing),
                "",
                f"Thiếu cột bắt buộc: {', '.join(missing)}. "
                "Dùng tệp mẫu tải ở trang Nhập hộ từ tệp (liên kết “Tải tệp mẫu”) và giữ nguyên dòng tiêu đề.",
            )
        )
    return columns


def _row_read(number: int, cells: Sequence[Any], columns: Mapping[int, Column], findings: Findings) -> Row | None:
    row = Row(number=number, code="", cells={}, values={})
    for index, column in columns.items():
        raw = cells[index] if index < len(cells) else None
        row.cells[column.key] = raw
        if is_blank(raw):
            if column.required and column.scope == "person":
                findings.error(number, column.key, f"Chưa ghi {column.header}.")
                row.bad.add(column.key)
            continue
        try:
            if isinstance(raw, str) and _CONTROL.search(raw):
                raise CellError(_CONTROL_MESSAGE)
            value = READERS[column.kind](column, raw)
        except CellError as error:
            findings.error(number, column.key, str(error), raw)
            row.bad.add(column.key)
            continue
        if value != "":
            row.values[column.key] = value
    row.code = row.values.pop("code", "")
    if not row.code:
        if "code" not in row.bad:
            findings.error(number, "code", "Chưa ghi Mã hộ: mỗi dòng phải có mã hộ của người đó.")
        return None
    return row
