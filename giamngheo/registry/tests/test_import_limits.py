"""A file too big for one import is refused before it costs a worker its memory (issue 11, F24): an Excel file is
checked as a zip archive before any row is read, every file is then read row by row within the import's limits, and
each refusal names the user's file and what is wrong, and changes nothing."""

import tracemalloc

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from giamngheo.registry.imports import households_import, sources
from giamngheo.registry.models import Person
from giamngheo.testing.import_files import (
    headers_of,
    register_state,
    rows_two_households,
    write_csv,
    write_xlsx,
    xlsx_bomb,
    xlsx_dimension_set,
)

pytestmark = pytest.mark.django_db
MB = 1024 * 1024


@pytest.fixture
def sheet_never_parsed(monkeypatch):
    """Fails the test if the workbook reaches the reader that parses its sheets."""

    def parse(*args, **kwargs):
        raise AssertionError("the workbook was opened for reading")

    monkeypatch.setattr(sources, "load_workbook", parse)


def refusal(path, **kwargs):
    """The one error of an import refused as a whole, after checking that it changed nothing."""
    before = register_state()
    result = households_import(actor=None, path=path, **kwargs)
    assert not result.ok and register_state() == before
    [error] = result.errors
    assert error.row == 0
    return error.message


# ---------------------------------------------------------------- the archive, before any row


def test_a_small_workbook_whose_sheet_expands_to_hundreds_of_megabytes_is_refused_unopened(
    cast, tmp_path, sheet_never_parsed
):
    path = xlsx_bomb(tmp_path / "ho-xa-thu-a.xlsx", sheet_bytes=300 * MB)
    assert path.stat().st_size < 5 * MB

    tracemalloc.start()
    try:
        message = refusal(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()

    assert message.startswith("Không đọc tệp “ho-xa-thu-a.xlsx”: phần “xl/worksheets/sheet1.xml” nén 300,0 MB vào")
    assert "giới hạn 100 lần" in message
    assert peak < 2 * MB


def test_a_workbook_bigger_than_the_limit_once_uncompressed_is_refused_unopened(
    cast, tmp_path, settings, sheet_never_parsed
):
    settings.IMPORT_XLSX_MAX_BYTES = 10_000
    path = write_xlsx(tmp_path / "ho.xlsx", rows_two_households())

    message = refusal(path)

    assert message.startswith("Không đọc tệp “ho.xlsx”: khi giải nén tệp chiếm 0,")
    assert "quá giới hạn 0,0 MB" in message


def test_a_shared_strings_part_over_its_limit_is_refused_unopened(cast, tmp_path, settings, sheet_never_parsed):
    import xlsxwriter

    settings.IMPORT_XLSX_MAX_STRINGS_BYTES = 100
    path = tmp_path / "ho.xlsx"
    book = xlsxwriter.Workbook(str(path))  # shared strings, as Excel writes them
    sheet = book.add_worksheet("Hộ gia đình")
    for number, row in enumerate([headers_of(rows_two_households()), ["HN-001", "91001", "Thôn Một"]]):
        sheet.write_row(number, 0, row)
    book.close()

    message = refusal(path)

    assert "phần “xl/sharedStrings.xml” chiếm" in message and "quá giới hạn" in message


def test_a_part_parsed_whole_over_its_limit_is_refused_unopened(cast, tmp_path, settings, sheet_never_parsed):
    settings.IMPORT_XLSX_MAX_PART_BYTES = 2_000
    path = write_xlsx(tmp_path / "ho.xlsx", rows_two_households())

    message = refusal(path)

    assert message.startswith("Không đọc tệp “ho.xlsx”: phần “xl/") and "quá giới hạn 0,0 MB" in message


def test_a_file_that_is_not_a_zip_archive_is_refused_as_not_a_workbook(cast, tmp_path, sheet_never_parsed):
    path = tmp_path / "danh-sach.xlsx"
    path.write_text("Mã hộ,Họ và tên\nHN-001,Nguyễn Văn An\n", encoding="utf-8")

    message = refusal(path)

    assert message.startswith("Tệp “danh-sach.xlsx” không phải là tệp Excel hợp lệ")


def test_a_sheet_declaring_more_rows_than_an_import_takes_is_refused_unparsed(cast, tmp_path, sheet_never_parsed):
    path = xlsx_dimension_set(write_xlsx(tmp_path / "ho.xlsx", rows_two_households()), "A1:U200000")

    message = refusal(path)

    assert message.startswith(
        "Trang “Hộ gia đình” của tệp “ho.xlsx” có vùng dữ liệu 200.000 dòng × 21 cột, quá giới hạn một lần nhập "
        "(150.000 dòng, 100 cột)."
    )
    assert "các dòng hoặc cột trống phía sau đã được định dạng" in message


def test_a_sheet_declaring_more_columns_than_an_import_takes_is_refused_unparsed(cast, tmp_path, sheet_never_parsed):
    path = xlsx_dimension_set(write_xlsx(tmp_path / "ho.xlsx", rows_two_households()), "A1:XFD6")

    assert "6 dòng × 16.384 cột" in refusal(path)


def test_a_sheet_without_its_dimension_is_refused_unparsed(cast, tmp_path, sheet_never_parsed):
    path = xlsx_dimension_set(write_xlsx(tmp_path / "ho.xlsx", rows_two_households()), None)

    message = refusal(path)

    assert message.startswith("Trang “Hộ gia đình” của tệp “ho.xlsx” không ghi vùng dữ liệu của nó (thẻ dimension)")


# ---------------------------------------------------------------- row by row


def test_a_sheet_declaring_fewer_rows_and_columns_than_it_holds_is_read_whole(cast, tmp_path):
    path = xlsx_dimension_set(write_xlsx(tmp_path / "ho.xlsx", rows_two_households()), "A1:B2")

    result = households_import(actor=None, path=path)

    assert result.ok, result.errors
    assert Person.objects.count() == 5


def test_a_sheet_holding_more_rows_than_it_declares_is_refused_at_the_row_past_the_limit(cast, tmp_path, settings):
    settings.IMPORT_MAX_ROWS = 4
    path = xlsx_dimension_set(write_xlsx(tmp_path / "ho.xlsx", rows_two_households()), "A1:U3")

    message = refusal(path)

    assert message.startswith("Tệp “ho.xlsx” có hơn 4 dòng, quá giới hạn một lần nhập.")


def test_a_csv_file_with_more_rows_than_an_import_takes_is_refused(cast, tmp_path, settings):
    settings.IMPORT_MAX_ROWS = 4

    message = refusal(write_csv(tmp_path / "ho-thang-5.csv", rows_two_households()))

    assert message.startswith("Tệp “ho-thang-5.csv” có hơn 4 dòng, quá giới hạn một lần nhập.")


def test_a_file_with_more_cells_of_the_template_than_an_import_keeps_is_refused(cast, tmp_path, settings):
    rows = rows_two_households()
    settings.IMPORT_MAX_CELLS = 3 * len(headers_of(rows))  # three rows of its 25 columns

    message = refusal(write_csv(tmp_path / "ho.csv", rows))

    assert message.startswith("Tệp “ho.csv” có hơn 3 dòng dữ liệu với 25 cột của mẫu, quá giới hạn 75 ô một lần nhập.")


def test_a_csv_line_that_never_ends_is_refused_without_being_split_into_cells(cast, tmp_path, monkeypatch):
    monkeypatch.setattr(sources, "CSV_LINE_CHARS", 1_000)
    path = write_csv(tmp_path / "ho.csv", rows_two_households())
    with path.open("a", encoding="utf-8") as f:
        f.write("," * 5_000)

    message = refusal(path)

    assert message.startswith("Không đọc được tệp CSV “ho.csv”: dòng 7 dài hơn 1.000 ký tự.")


def test_a_file_wrong_on_every_row_is_reported_up_to_the_error_limit(cast, tmp_path, settings):
    settings.IMPORT_MAX_ERRORS = 3
    rows = [{**row, "Ngày sinh": "31/02/1990"} for row in rows_two_households()]
    before = register_state()

    result = households_import(actor=None, path=write_csv(tmp_path / "ho.csv", rows))

    assert register_state() == before
    assert [(e.row, e.column, e.message) for e in result.errors[:3]] == [
        (2, "Ngày sinh", "Không có ngày 31/02/1990."),
        (3, "Ngày sinh", "Không có ngày 31/02/1990."),
        (4, "Ngày sinh", "Không có ngày 31/02/1990."),
    ]
    [stop] = result.errors[3:]
    assert stop.row == 4 and stop.message.startswith("Dừng kiểm tra ở dòng 4: tệp đã có 3 lỗi.")


def test_a_message_repeated_on_every_row_is_kept_once(cast, tmp_path):
    rows = [{**row, "Ngày sinh": "31/02/1990"} for row in rows_two_households()]

    result = households_import(actor=None, path=write_csv(tmp_path / "ho.csv", rows))

    assert len(result.errors) == 5
    assert len({id(e.message) for e in result.errors}) == 1


def test_the_import_page_names_the_users_own_file_when_it_refuses_a_workbook(client, cast, tmp_path):
    path = xlsx_bomb(tmp_path / "bomb.xlsx", sheet_bytes=120 * MB)
    upload = SimpleUploadedFile("Danh sách hộ xã Thử A.xlsx", path.read_bytes())
    client.force_login(cast.officer)
    before = register_state()

    response = client.post("/ho/nhap-tu-tep/", {"file": upload})

    page = response.content.decode()
    assert response.status_code == 200 and register_state() == before
    assert "Không đọc tệp “Danh sách hộ xã Thử A.xlsx”: phần “xl/worksheets/sheet1.xml” nén" in page


def test_a_file_with_more_text_than_an_import_keeps_is_refused(cast, tmp_path, settings):
    settings.IMPORT_MAX_TEXT = 50  # the codes, names, village and address of the two households come to more

    message = refusal(write_csv(tmp_path / "ho.csv", rows_two_households()))

    assert message.startswith("Tệp “ho.csv” có hơn 50 ký tự chữ trong các ô của mẫu (họ tên, địa chỉ, mã…)")


def test_cells_far_too_long_for_their_column_are_row_errors_that_repeat_only_the_start_of_the_cell(cast, tmp_path):
    rows = rows_two_households()
    rows[0]["Họ và tên"] = "Nguyễn " * 500
    rows[0]["Thôn, tổ dân phố"] = "Thôn " * 100
    rows[0]["Số CCCD"] = "0" * 25
    rows[0]["Thu nhập bình quân (đồng/người/tháng)"] = "9" * 400
    before = register_state()

    result = households_import(actor=None, path=write_csv(tmp_path / "ho.csv", rows))

    assert register_state() == before
    found = {e.column: e for e in result.errors}
    assert found["Họ và tên"].message == "Dài quá 120 ký tự (đang có 3499)."
    assert found["Họ và tên"].value == ("Nguyễn " * 500)[:100] + "…"
    assert found["Thôn, tổ dân phố"].message == "Dài quá 120 ký tự (đang có 499)."
    assert found["Số CCCD"].message == "Số CCCD phải gồm đúng 12 chữ số (ô này có 25 ký tự)."
    assert found["Thu nhập bình quân (đồng/người/tháng)"].message == (
        "Thu nhập bình quân (đồng/người/tháng) quá lớn: ghi số đồng một tháng của một người, ví dụ 1500000."
    )
    assert all(len(e.value) <= 101 for e in result.errors)
