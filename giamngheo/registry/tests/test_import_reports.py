"""What a refused import answers: the error report as a file that is safe to open, and a clear message for files
and cells that cannot be read."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from giamngheo.registry.models import Household
from giamngheo.testing.hostile import FORMULA_NAME

pytestmark = pytest.mark.django_db
URL = "/ho/nhap-tu-tep/"
HEADER = ["Mã hộ", "Mã xã", "Thôn/Tổ dân phố", "Họ và tên", "Quan hệ với chủ hộ", "Giới tính", "Ngày sinh", "Dân tộc"]


def csv_upload(rows, name="ho.csv"):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode("utf-8"), content_type="text/csv")


def row(cast, *, name="Lê Văn Tám", born="02/09/1975"):
    return ["H-001", cast.commune.code, "Thôn Một", name, "Chủ hộ", "Nam", born, "Kinh"]


def test_the_import_error_report_writes_a_value_typed_as_a_formula_as_text(client, cast):
    client.force_login(cast.officer)
    client.post(URL, {"file": csv_upload([row(cast, born=FORMULA_NAME)])})

    report = client.get("/ho/nhap-tu-tep/bao-cao-loi/")
    sheet = load_workbook(io.BytesIO(report.getvalue())).active
    values = [row[2] for row in sheet.iter_rows(min_row=2)]
    assert [(c.value, c.data_type) for c in values] == [("'" + FORMULA_NAME, "s")]
    assert not Household.objects.exists()


def test_a_nul_character_in_a_cell_is_a_row_error_and_nothing_is_written(client, cast):
    client.force_login(cast.officer)
    response = client.post(URL, {"file": csv_upload([row(cast, name="Lê Văn\x00Tám")])})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Ô có ký tự điều khiển không in được (như NUL, mã 0)" in page
    assert not Household.objects.exists()


def test_a_csv_cell_longer_than_the_csv_module_reads_is_reported_as_an_unreadable_file(client, cast):
    client.force_login(cast.officer)
    response = client.post(URL, {"file": csv_upload([row(cast, name="A" * 131_073)])})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Không đọc được tệp CSV" in page and "dòng 2 có một ô dài quá 131.072 ký tự" in page
    assert not Household.objects.exists()
