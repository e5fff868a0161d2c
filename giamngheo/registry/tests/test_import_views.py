"""Importing from a file in the web interface (commune officers, their commune only) and by command with --actor."""

import csv
import io
import os
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client

from giamngheo.accounts.models import Role
from giamngheo.registry.models import Household
from giamngheo.testing.factories import UserFactory

pytestmark = pytest.mark.django_db
URL = "/ho/nhap-tu-tep/"
HEADER = ["Mã hộ", "Mã xã", "Thôn/Tổ dân phố", "Họ và tên", "Quan hệ với chủ hộ", "Giới tính", "Ngày sinh", "Dân tộc"]


def csv_file(rows, name="ho.csv"):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode("utf-8"), content_type="text/csv")


def good_rows(cast, code="H-001", commune=None):
    commune = commune or cast.commune.code
    return [[code, commune, "Thôn Một", "Lê Văn Tám", "Chủ hộ", "Nam", "02/09/1975", "Kinh"]]


def test_a_commune_officer_imports_a_file_for_their_commune(client, cast):
    client.force_login(cast.officer)
    response = client.post(URL, {"file": csv_file(good_rows(cast))})
    assert response.status_code == 302
    household = Household.objects.get(code="H-001")
    assert household.commune == cast.commune and household.head.full_name == "Lê Văn Tám"
    page = client.get(response["Location"]).content.decode()
    assert "Đã nhập xong: 1 hộ mới" in page


def test_a_bad_file_writes_nothing_and_lists_row_column_value(client, cast):
    client.force_login(cast.officer)
    bad = ["H-002", cast.commune.code, "Thôn Ma", "Đỗ Thị Hoa", "Chủ hộ", "Nữ", "31/02/1990", "Kinh"]
    rows = [*good_rows(cast), bad]
    response = client.post(URL, {"file": csv_file(rows)})
    page = response.content.decode()
    assert response.status_code == 200
    assert not Household.objects.exists()
    assert "Không có thay đổi nào được ghi" in page and "31/02/1990" in page
    report = client.get("/ho/nhap-tu-tep/bao-cao-loi/")
    assert report.status_code == 200 and report["Content-Disposition"].startswith("attachment")
    # It holds the typed names and CCCDs: handed over once, then gone.
    assert client.get("/ho/nhap-tu-tep/bao-cao-loi/").status_code == 404


def test_an_import_error_report_is_served_only_to_the_officer_who_uploaded_it(client, cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    colleague = UserFactory.create(username="canbo2", role=Role.COMMUNE_OFFICER, area=cast.commune)
    client.force_login(cast.officer)
    bad = ["H-002", cast.commune.code, "Thôn Ma", "Đỗ Thị Hoa", "Chủ hộ", "Nữ", "31/02/1990", "Kinh"]
    client.post(URL, {"file": csv_file([bad])})
    [report] = (tmp_path / "import-reports").iterdir()
    other = Client()
    other.force_login(colleague)
    assert other.get("/ho/nhap-tu-tep/bao-cao-loi/").status_code == 404  # another officer of the same commune
    assert other.get(f"/media/import-reports/{report.name}").status_code == 404  # no public path to the files
    assert report.exists()
    assert client.get("/ho/nhap-tu-tep/bao-cao-loi/").status_code == 200
    assert not report.exists()


def test_purge_import_reports_deletes_the_reports_older_than_a_day_and_keeps_the_others(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    folder = tmp_path / "import-reports"
    folder.mkdir()
    old, fresh = folder / "cu.xlsx", folder / "moi.xlsx"
    old.write_bytes(b"x")
    fresh.write_bytes(b"x")
    day_ago = time.time() - 25 * 3600
    os.utime(old, (day_ago, day_ago))
    out = io.StringIO()
    call_command("purge_import_reports", stdout=out)
    assert not old.exists() and fresh.exists()
    assert "Đã xoá 1 báo cáo lỗi nhập hộ cũ hơn 24 giờ." in out.getvalue()
    with pytest.raises(CommandError, match="Số giờ phải từ 1 trở lên"):
        call_command("purge_import_reports", "--hours=0")
    assert fresh.exists()


def test_rows_of_another_commune_are_refused(client, cast):
    client.force_login(cast.officer)
    response = client.post(URL, {"file": csv_file(good_rows(cast, commune=cast.other_commune.code))})
    assert response.status_code == 200
    assert not Household.objects.exists()


def test_only_xlsx_or_csv_is_accepted(client, cast):
    client.force_login(cast.officer)
    upload = SimpleUploadedFile("ho.pdf", b"%PDF-1.4", content_type="application/pdf")
    response = client.post(URL, {"file": upload})
    assert "Chỉ nhận tệp .xlsx hoặc .csv" in response.content.decode()


def test_a_random_xlsx_upload_is_named_as_the_user_chose_it_and_called_not_a_valid_excel_file(client, cast):
    client.force_login(cast.officer)
    upload = SimpleUploadedFile("Danh sách hộ thôn Một.xlsx", b"not a zip archive at all", content_type="")
    page = client.post(URL, {"file": upload}).content.decode()
    assert "Tệp “Danh sách hộ thôn Một.xlsx” không phải là tệp Excel hợp lệ" in page
    assert "upload.xlsx" not in page and "Zip" not in page and "EOCD" not in page
    assert not Household.objects.exists()


def test_a_file_with_wrong_headers_points_to_the_template_of_the_import_page_not_a_command(client, cast):
    client.force_login(cast.officer)
    upload = SimpleUploadedFile("ho.csv", "Tên,Tuổi\nAn,30\n".encode(), content_type="text/csv")
    page = client.post(URL, {"file": upload}).content.decode()
    assert "Thiếu cột bắt buộc" in page and "“Tải tệp mẫu”" in page
    assert "import_template" not in page
    assert not Household.objects.exists()


@pytest.mark.parametrize("who", ["collaborator", "chairman", "viewer", "province_officer", "auditor", "national_admin"])
def test_other_roles_get_404(client, cast, who):
    client.force_login(getattr(cast, who))
    assert client.get(URL).status_code == 404
    assert client.post(URL, {"file": csv_file(good_rows(cast))}).status_code == 404
    assert client.get("/ho/nhap-tu-tep/mau/").status_code == 404
    assert not Household.objects.exists()


def test_the_template_downloads_for_an_officer(client, cast):
    client.force_login(cast.officer)
    response = client.get("/ho/nhap-tu-tep/mau/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:2] == b"PK"  # an .xlsx is a zip


def test_the_command_keeps_an_actor_inside_their_area(cast, tmp_path):
    path = tmp_path / "ho.csv"
    path.write_bytes(csv_file(good_rows(cast)).read())
    errors = io.StringIO()
    with pytest.raises(CommandError, match="không có thay đổi nào được ghi"):
        call_command("import_households", str(path), "--actor", "canbo_b", "--no-progress", stderr=errors)
    assert "chỉ được nhập hộ của Phường Thử B" in errors.getvalue()
    with pytest.raises(CommandError, match="không có quyền nhập hộ"):
        call_command("import_households", str(path), "--actor", "tinh", "--no-progress")
    assert not Household.objects.exists()
    call_command("import_households", str(path), "--actor", "canbo", "--no-progress", stdout=io.StringIO())
    assert Household.objects.get(code="H-001").commune == cast.commune


def test_reimporting_a_household_of_a_deactivated_village_changes_nothing(cast, tmp_path):
    path = tmp_path / "ho.csv"
    path.write_bytes(csv_file(good_rows(cast)).read())
    call_command("import_households", str(path), "--no-progress", stdout=io.StringIO())
    cast.village.is_active = False
    cast.village.save()
    out = io.StringIO()
    call_command("import_households", str(path), "--no-progress", stdout=out)
    assert "1 hộ không đổi" in out.getvalue()
