"""The detailed lists name households: their downloads are recorded (docs/security.md), once a day per user and list
whatever the format; they carry no CCCD, full or masked. The counting tables are not personal data."""

import io

import pytest
from openpyxl import load_workbook

from giamngheo.accounts.models import PersonalDataRead, ReadKind
from giamngheo.registry.models import Person

pytestmark = pytest.mark.django_db


def _download(client, **params) -> str:
    response = client.get("/bao-cao/", {"year": "2025", "format": "csv", **params})
    assert response.status_code == 200, response.content.decode()[:500]
    content = b"".join(response.streaming_content)
    if params.get("format") == "xlsx":
        sheet = load_workbook(io.BytesIO(content)).active
        return "\n".join(" ".join(str(v) for v in row if v is not None) for row in sheet.iter_rows(values_only=True))
    return content.decode()


def test_a_viewers_poor_list_download_is_recorded_once_a_day_whatever_the_format(client, year_2025):
    cast = year_2025
    client.force_login(cast.viewer)
    csv = _download(client, report="poor_list", unit=cast.commune.code)
    xlsx = _download(client, report="poor_list", unit=cast.commune.code, format="xlsx")

    assert "Vũ Văn Mới" in csv and "Vũ Văn Mới" in xlsx
    read = PersonalDataRead.objects.get()
    assert (read.user, read.kind, read.key) == (cast.viewer, ReadKind.DOWNLOAD, "poor_list-91001-2025")
    assert read.label == "Danh sách hộ nghèo năm 2025, Xã Thử A"
    assert (read.commune_id, read.province_id, read.household_id) == (cast.commune.pk, cast.province.pk, None)


def test_the_poor_list_a_viewer_downloads_carries_no_cccd_full_or_masked(client, year_2025):
    cast = year_2025
    client.force_login(cast.viewer)
    texts = [_download(client, report="poor_list", unit=cast.commune.code, format=f) for f in ("csv", "xlsx")]

    numbers = [n for n in Person.objects.values_list("citizen_id", flat=True) if n]
    assert numbers
    for text in texts:
        assert not [n for n in numbers if n in text]
        assert "•" not in text and "CCCD" not in text


def test_another_list_unit_or_year_is_another_entry(client, year_2025):
    cast = year_2025
    client.force_login(cast.province_officer)
    _download(client, report="poor_list", unit=cast.commune.code)
    _download(client, report="near_poor_list", unit=cast.commune.code)
    _download(client, report="poor_list", unit=cast.province.code)

    reads = PersonalDataRead.objects.values_list("key", "commune_id", "province_id")
    assert set(reads) == {
        ("poor_list-91001-2025", cast.commune.pk, cast.province.pk),
        ("near_poor_list-91001-2025", cast.commune.pk, cast.province.pk),
        ("poor_list-91-2025", None, cast.province.pk),
    }


def test_a_national_list_is_the_countrys_alone(client, year_2025):
    cast = year_2025
    client.force_login(cast.national_admin)
    _download(client, report="poor_list", unit="VN")

    assert list(PersonalDataRead.objects.values_list("key", "commune_id", "province_id")) == [
        ("poor_list-VN-2025", None, None)
    ]


def test_a_counting_table_is_not_recorded(client, year_2025):
    cast = year_2025
    client.force_login(cast.viewer)
    _download(client, report="summary", unit=cast.commune.code)

    assert not PersonalDataRead.objects.exists()


def test_a_refused_download_records_nothing(client, year_2025):
    cast = year_2025
    client.force_login(cast.officer)
    response = client.get("/bao-cao/", {"year": "2025", "format": "csv", "report": "poor_list", "unit": "92001"})

    assert "trong địa bàn của bạn" in response.content.decode()
    assert not PersonalDataRead.objects.exists()
