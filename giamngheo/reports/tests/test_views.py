"""The reports page: a table of one's own area, in the format asked; nothing outside it."""

import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook


def _get(client, **params):
    return client.get("/bao-cao/", {"year": "2025", "format": "xlsx", **params})


def test_a_province_officer_downloads_a_province_table_as_excel(client, year_2025):
    cast = year_2025
    client.force_login(cast.province_officer)
    response = _get(client, report="summary", unit=cast.province.code)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="summary-91-2025.xlsx"')
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert any(row[1] == "Tổng cộng" for row in sheet.iter_rows(values_only=True))


def test_a_unit_outside_ones_area_is_refused_on_the_form(client, year_2025):
    cast = year_2025
    client.force_login(cast.officer)
    response = _get(client, report="summary", unit=cast.province.code)  # a commune officer asks for the province
    assert response.status_code == 200
    assert "trong địa bàn của bạn" in response.content.decode()
    assert _get(client, report="poor_list", unit=cast.commune.code, format="csv").status_code == 200


def test_village_collaborators_have_no_reports_page(client, year_2025):
    client.force_login(year_2025.collaborator)
    assert client.get("/bao-cao/").status_code == 404


def test_the_national_administrator_downloads_the_whole_country_and_others_cannot(client, year_2025):
    cast = year_2025
    client.force_login(cast.national_admin)
    response = _get(client, report="summary", unit="VN", format="csv")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="summary-VN-2025.csv"')
    assert "Tỉnh Thử Nghiệm" in b"".join(response.streaming_content).decode()
    client.force_login(cast.province_officer)
    response = _get(client, report="summary", unit="VN", format="csv")
    assert "trong địa bàn của bạn" in response.content.decode()


@pytest.mark.parametrize(
    "url", ["/bao-cao/chi-tieu/?unit=%00", "/bao-cao/qua-cac-nam/?unit=%00", "/bao-cao/che-do-bao-cao/?tinh=%00"]
)
def test_a_report_page_asked_for_a_unit_with_a_nul_character_says_the_address_is_wrong(client, cast, url):
    client.force_login(cast.province_officer)
    response = client.get(url)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Yêu cầu không hợp lệ" in page and "ký tự NUL" in page


def test_the_report_form_refuses_a_year_before_the_first_results_with_a_clear_message(client, year_2025):
    client.force_login(year_2025.province_officer)
    page = _get(client, report="summary", unit=year_2025.province.code, year="1990").content.decode()
    assert "Chưa có kết quả rà soát nào trước năm 2025" in page
    assert "không được âm" not in page
    assert "Chưa lập được biểu" in page and "Chưa lưu được" not in page


def test_the_report_form_refuses_a_year_still_to_come(client, year_2025):
    client.force_login(year_2025.province_officer)
    next_year = timezone.localdate().year + 1
    page = _get(client, report="summary", unit=year_2025.province.code, year=str(next_year)).content.decode()
    assert f"Năm {next_year} chưa đến" in page


def test_the_report_form_warns_of_a_year_without_results_and_downloads_only_when_asked_again(client, year_2025):
    cast = year_2025
    client.force_login(cast.province_officer)
    response = _get(client, report="summary", unit=cast.other_commune.code)
    page = response.content.decode()
    assert response.status_code == 200 and "Content-Disposition" not in response
    assert "chưa có kết quả rà soát nào được công nhận trong năm 2025" in page and "Vẫn tải biểu" in page
    confirmed = _get(client, report="summary", unit=cast.other_commune.code, empty_ok=f"{cast.other_commune.code}-2025")
    assert confirmed["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize("url", ["/bao-cao/chi-tieu/", "/bao-cao/qua-cac-nam/"])
def test_a_national_officer_without_a_unit_chooses_a_province_instead_of_a_not_found(client, cast, url):
    client.force_login(cast.national_admin)
    page = client.get(url, {"year": "2025"})
    assert page.status_code == 200
    assert f'href="{url}?unit={cast.province.code}&amp;year=2025"' in page.content.decode()
    assert client.get(f"{url}?unit={cast.province.code}").status_code == 200
    client.force_login(cast.officer)
    assert client.get(url, {"unit": cast.province.code}).status_code == 404
