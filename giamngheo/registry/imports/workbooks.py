"""Files the import writes: the empty template, the error report, and the one-line summary."""

from collections.abc import Sequence
from pathlib import Path

from giamngheo.common.formats import number_vi
from giamngheo.common.spreadsheets import XLSXWRITER_OPTIONS, cell_safe, csv_writer, row_safe
from giamngheo.registry.imports.columns import COLUMNS, SHEET_CODES, SHEET_DATA, SHEET_GUIDE, Column, choice_pairs
from giamngheo.registry.imports.results import ImportResult, RowError

# Rows of the template that carry drop-down lists and column formats: a commune has at most a few tens of
# thousands of people.
TEMPLATE_ROWS = 100_000


def import_summary(result: ImportResult) -> str:
    """The Vietnamese one-line report of a successful import."""
    return (
        f"Đã nhập xong: {number_vi(result.created)} hộ mới, {number_vi(result.updated)} hộ cập nhật, "
        f"{number_vi(result.unchanged)} hộ không đổi; {number_vi(result.persons_created)} nhân khẩu mới, "
        f"{number_vi(result.persons_updated)} nhân khẩu cập nhật."
    )


def import_errors_write(*, errors: Sequence[RowError], path: Path) -> Path:
    """The error report: Dòng, Cột, Giá trị, Lỗi. CSV (UTF-8 with BOM, for Excel) when the path ends in .csv.
    Written row by row: a file of 130,000 bad rows is reported in a few seconds (docs/performance.md)."""
    path = Path(path)
    headers = ("Dòng", "Cột", "Giá trị", "Lỗi")
    records = ((e.row or "", e.column, e.value, e.message) for e in errors)
    if path.suffix.lower() == ".csv":
        with path.open("w", encoding="utf-8-sig", newline="") as f:
            writer = csv_writer(f)
            writer.writerow(headers)
            writer.writerows(records)
        return path
    import xlsxwriter

    # Constant-memory mode writes each row to disk as it comes: time and memory grow with the rows, no faster.
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, **XLSXWRITER_OPTIONS})
    sheet = book.add_worksheet("Lỗi")
    text = book.add_format({"num_format": "@"})  # a CCCD or a code shows exactly what the user typed
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    for index, width in enumerate((8, 26, 24, 90)):
        sheet.set_column(index, index, width)
    sheet.freeze_panes(1, 0)
    sheet.write_row(0, 0, headers, book.add_format({"bold": True}))
    # Each cell written by its type's own method, not through write()'s guessing: the row number is a number, the
    # rest is text (a value like "0150" or "=1+1" must show as typed).
    write_number, write_string = sheet.write_number, sheet.write_string
    for number, error in enumerate(errors, start=1):
        if error.row:
            write_number(number, 0, error.row)
        if error.column:
            write_string(number, 1, cell_safe(error.column))
        if error.value:
            write_string(number, 2, cell_safe(error.value), text)
        write_string(number, 3, cell_safe(error.message), wrap)
    book.close()
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
    codes.append(row_safe(("Cột", "Giá trị (ghi vào ô)", "Mã (cũng được nhận)")))
    ranges: dict[str, str] = {}
    for column in COLUMNS:
        pairs = choice_pairs(column) if column.kind == "choice" else []
        if not pairs:
            continue
        start = codes.max_row + 1
        for code, label in pairs:
            codes.append(row_safe((column.header, label, code)))
        ranges[column.key] = f"'{SHEET_CODES}'!$B${start}:$B${codes.max_row}"
    codes.append(row_safe(("(các cột Có/Không)", "Có", "x, 1")))
    codes.append(row_safe(("(các cột Có/Không)", "Không", "0")))
    for letter, width in zip("ABC", (30, 40, 22), strict=True):
        codes.column_dimensions[letter].width = width
    for cell in codes[1]:
        cell.font, cell.fill = bold, fill
    codes.freeze_panes = "A2"
    for row in codes.iter_rows(min_row=2, min_col=3, max_col=3):
        row[0].number_format = "@"

    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        cell = data.cell(row=1, column=index, value=cell_safe(column.header))
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

    guide.append(row_safe(("Mẫu nhập hộ gia đình và nhân khẩu",)))
    guide["A1"].font = Font(bold=True, size=14)
    for line in GUIDE_RULES:
        guide.append(row_safe((line,)))
    guide.append(())
    header_row = guide.max_row + 1
    guide.append(row_safe(("Cột", "Bắt buộc", "Ý nghĩa", "Giá trị được nhận", "Ví dụ")))
    for column in COLUMNS:
        guide.append(
            row_safe(
                (column.header, "Có" if column.required else "", column.meaning, column_allowed(column), column.example)
            )
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
