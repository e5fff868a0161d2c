"""Phase 1 of the import, read: the file streamed row by row (sources.py), the header row found and checked, then
every data row with each cell read by its column's kind. A cell that cannot be read is an error and marks its column
bad on that row, so that later phases do not report it again.

The rows read are kept for the later phases, within the import's limits (settings.IMPORT_MAX_CELLS, the rows times
the template's columns the file has, and IMPORT_MAX_ERRORS): past the first, the file is refused; at the second,
reading stops and the errors found so far are the report."""

from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

from django.conf import settings

from giamngheo.common.formats import number_vi
from giamngheo.registry.imports.cells import CellError, CellReader, FileError, cell_shown, is_blank
from giamngheo.registry.imports.columns import COLUMN_BY_KEY, COLUMNS, Column, header_key, header_lookup
from giamngheo.registry.imports.plans import Layout, Row
from giamngheo.registry.imports.results import Findings, RowError
from giamngheo.registry.imports.sources import Table, table_open

HEADER_SEARCH_ROWS = 10  # the header is looked for among this many non-empty rows at the top


def rows_read(path: Path, findings: Findings) -> list[Row]:
    """Every data row of the file, each cell read by its column's kind; the header is found and checked first. A
    file that cannot be read, or goes past a limit, is one error for the whole file and no rows."""
    try:
        with table_open(path) as table:
            return _rows_read(path, table, findings)
    except FileError as error:
        # What the rows before the fault said no longer matters: the file is refused as a whole.
        findings.errors.clear()
        findings.warnings.clear()
        findings.errors.append(RowError(0, "", "", str(error)))
        return []


def _rows_read(path: Path, table: Table, findings: Findings) -> list[Row]:
    top: list[tuple[int, Sequence[Any]]] = []  # the first non-empty rows, until the header is among them
    header_at: int | None = None
    code_column = COLUMN_BY_KEY["code"]
    lookup = header_lookup()
    for number, cells in table:
        if all(is_blank(c) for c in cells):
            continue
        top.append((number, cells))
        # The header is the first row naming the Mã hộ column, so a title above it (as many communes' lists have)
        # does no harm; without one, the first non-empty row is taken and its missing columns reported.
        if any(not is_blank(c) and lookup.get(header_key(cell_shown(c))) is code_column for c in cells):
            header_at = len(top) - 1
            break
        if len(top) == HEADER_SEARCH_ROWS:
            break
    if not top:
        findings.errors.append(
            RowError(0, "", "", "Tệp không có dữ liệu: dòng đầu là tiêu đề cột, mỗi dòng sau là một người.")
        )
        return []
    header_at = header_at or 0
    header_number, header = top[header_at]
    columns = _header_read(header_number, header, findings)
    if findings.errors:
        return []
    layout = Layout(list(columns.values()))
    plan = tuple(
        _Cell(index, c.key, c.header, c.required and c.scope == "person", CellReader(c)) for index, c in columns.items()
    )
    limit_cells, limit_errors = settings.IMPORT_MAX_CELLS, settings.IMPORT_MAX_ERRORS
    limit_rows = max(limit_cells // max(len(layout.columns), 1), 1)
    limit_text = settings.IMPORT_MAX_TEXT
    rows: list[Row] = []
    bad_sets: dict[frozenset[str], frozenset[str]] = {}
    count = 0
    for number, cells in _then(top[header_at + 1 :], table):
        if all(is_blank(c) for c in cells):
            continue
        count += 1
        if count > limit_rows:
            raise FileError(
                f"Tệp “{path.name}” có hơn {number_vi(limit_rows)} dòng dữ liệu với {len(layout.columns)} cột của "
                f"mẫu, quá giới hạn {number_vi(limit_cells)} ô một lần nhập. Chia danh sách thành nhiều tệp (ví dụ "
                "theo thôn, tổ dân phố) rồi nhập lần lượt: hộ đã nhập không bị nhập lại."
            )
        row = _row_read(number, cells, plan, layout, bad_sets, findings)
        if row is not None:
            rows.append(row)
        if count % 1_000 == 0:
            _text_check(path, plan, limit_text)
        if len(findings.errors) >= limit_errors:
            findings.errors.append(
                RowError(
                    number,
                    "",
                    "",
                    f"Dừng kiểm tra ở dòng {number_vi(number)}: tệp đã có {number_vi(len(findings.errors))} lỗi. Sửa "
                    "các lỗi trên (thường là cả một cột sai cùng một kiểu) rồi nhập lại để kiểm tra phần còn lại.",
                )
            )
            return []
    _text_check(path, plan, limit_text)
    if not count:
        findings.errors.append(RowError(0, "", "", "Tệp chỉ có dòng tiêu đề, chưa có dòng dữ liệu nào."))
    return rows


def _text_check(path: Path, plan: Sequence["_Cell"], limit: int) -> None:
    """The texts kept (names, addresses, codes) take two bytes a character: past `limit` characters, refuse."""
    if sum(cell.read.chars for cell in plan) > limit:
        raise FileError(
            f"Tệp “{path.name}” có hơn {number_vi(limit)} ký tự chữ trong các ô của mẫu (họ tên, địa chỉ, mã…), "
            "quá giới hạn một lần nhập. Chia danh sách thành nhiều tệp (ví dụ theo thôn, tổ dân phố) rồi nhập "
            "lần lượt: hộ đã nhập không bị nhập lại."
        )


def _then(first: Sequence[tuple[int, Sequence[Any]]], rest: Table) -> Table:
    yield from first
    yield from rest


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


class _Cell(NamedTuple):
    """How one template column of the file is read: where its cell is in the file's row, and by which reader."""

    at: int
    key: str
    header: str
    required: bool  # a member's required cell: blank is an error
    read: CellReader


def _row_read(
    number: int,
    cells: Sequence[Any],
    plan: Sequence[_Cell],
    layout: Layout,
    bad_sets: dict[frozenset[str], frozenset[str]],
    findings: Findings,
) -> Row | None:
    values: list[Any] = [None] * len(plan)
    bad: set[str] | None = None
    width = len(cells)
    for position, (at, key, header, required, read) in enumerate(plan):
        raw = cells[at] if at < width else None
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if required:
                findings.error(number, key, f"Chưa ghi {header}.")
                bad = bad or set()
                bad.add(key)
            continue
        try:
            value = read(raw)
        except CellError as error:
            findings.error(number, key, str(error), raw)
            bad = bad or set()
            bad.add(key)
            continue
        if value != "":
            values[position] = value
    code = values[layout.position["code"]] or ""
    if not code:
        if bad is None or "code" not in bad:
            findings.error(number, "code", "Chưa ghi Mã hộ: mỗi dòng phải có mã hộ của người đó.")
        return None
    if bad:
        # One set for all the rows wrong in the same columns (a frozenset takes 216 bytes).
        columns = frozenset(bad)
        return Row(
            number=number, code=code, layout=layout, values=tuple(values), bad=bad_sets.setdefault(columns, columns)
        )
    return Row(number=number, code=code, layout=layout, values=tuple(values))
