"""National administrators load the B1 point tables on a web page; nobody else sees it."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from giamngheo.standards.models import ProxyTable
from giamngheo.standards.proxy_tables import proxy_tables_template_write

pytestmark = pytest.mark.django_db
URL = "/chuan-ngheo/bang-diem-b1/"


def workbook(tmp_path, rural_threshold=150):
    path = proxy_tables_template_write(path=tmp_path / "b1.xlsx", standard_code="2022-2025")
    book = load_workbook(path)
    book["Ngưỡng"]["C2"] = rural_threshold
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("b1.xlsx", buffer.getvalue())


def test_a_national_administrator_loads_tables_from_excel(client, cast, tmp_path):
    client.force_login(cast.national_admin)
    assert "bảng điểm tạm" in client.get(URL).content.decode()
    response = client.post(
        URL,
        {"standard": "2022-2025", "file": workbook(tmp_path), "source": "Thông tư 07/2021, Phụ lục", "verified": "on"},
    )
    assert response.status_code == 302
    rural = ProxyTable.objects.get(area_type="rural", is_active=True)
    assert (rural.threshold, rural.verified, rural.loaded_by) == (150, True, cast.national_admin)


def test_a_bad_file_loads_nothing_and_says_where(client, cast, tmp_path):
    client.force_login(cast.national_admin)
    upload = workbook(tmp_path, rural_threshold="một trăm")
    response = client.post(URL, {"standard": "2022-2025", "file": upload, "source": "thử"})
    assert "cột Ngưỡng" in response.content.decode()
    assert not ProxyTable.objects.exists()


@pytest.mark.parametrize("who", ["officer", "province_officer", "auditor", "viewer", "collaborator"])
def test_everyone_else_gets_404(client, cast, who, tmp_path):
    client.force_login(getattr(cast, who))
    assert client.get(URL).status_code == 404
    assert client.post(URL, {"standard": "2022-2025", "file": workbook(tmp_path), "source": "x"}).status_code == 404
    assert client.get(URL + "mau/2022-2025/").status_code == 404
    assert not ProxyTable.objects.exists()
