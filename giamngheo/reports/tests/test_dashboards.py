"""The dashboards: the country for national users, a province or a commune of one's own area (404 outside it, and for
village collaborators), read from the tallies in a few queries, with the same figures as the official tables."""

import datetime
import json
import re

import pytest

from giamngheo.areas.models import StaleCommune
from giamngheo.registry.models import EndReason, Household, Status
from giamngheo.registry.services.households import household_end
from giamngheo.reports.tables.results import summary_table
from giamngheo.reports.tallies.services import tallies_refresh
from giamngheo.testing.factories import VillageFactory, make_household, member


@pytest.fixture
def fresh(year_2025):
    """The fixture's communes with their tallies counted, so that a page reads tallies only."""
    cast = year_2025
    tallies_refresh(commune_ids=[cast.commune.pk, cast.other_commune.pk, cast.far_commune.pk])
    return cast


def _chart_data(response):
    match = re.search(r'<script id="dashboard-data" type="application/json">(.*?)</script>', response.content.decode())
    assert match, "no chart data on the page"
    return json.loads(match.group(1))


def _cell(response, row_attribute, column):
    """The text a reader sees in a table cell (without what is there for screen readers only), by the row's data
    attribute and the column's position."""
    html = response.content.decode()
    row = re.search(rf"<tr {row_attribute}>(.*?)</tr>", html, re.S)
    assert row, row_attribute
    cells = re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row.group(1), re.S)
    seen = re.sub(r'<span class="visually-hidden">.*?</span>', "", cells[column], flags=re.S)
    return re.sub(r"<[^>]+>", "", seen).strip()


def test_a_province_officer_sees_the_province_ranked_by_poor_rate_in_few_queries(
    client, fresh, django_assert_max_num_queries
):
    cast = fresh
    client.force_login(cast.province_officer)
    with django_assert_max_num_queries(12):
        response = client.get(f"/bao-cao/tong-quan/{cast.province.code}/", {"year": "2025"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Tổng quan giảm nghèo – Tỉnh Thử Nghiệm" in page
    # Same figures as the official summary table: Xã Thử A 3 households, 1 poor (33,33 %), 1 near-poor.
    summary = {row.code: row.households for row in summary_table(unit=cast.province, year=2025).rows}
    assert summary[cast.commune.code][:3] == (3, 1, 33.33)
    assert _cell(response, f'data-unit="{cast.commune.code}"', 4) == "33,33"
    assert _cell(response, f'data-unit="{cast.commune.code}"', 0) == "1"  # the worst first
    assert f'href="/bao-cao/tong-quan/{cast.commune.code}/?year=2025"' in page
    assert 'data-kpi="poor_rate">25,00 %' in page  # 1 poor of the province's 4 households
    assert "÷ tổng số hộ cư trú trên địa bàn cuối năm × 100" in page
    data = _chart_data(response)
    assert data["ranking"]["labels"][0] == "Xã Thử A" and data["ranking"]["poor"][0] == 33.33
    assert "2025" in data["series"]["labels"]
    assert data["deprivations"]["poor"][data["deprivations"]["labels"].index("Việc làm")] == 100.0
    assert '<canvas id="chart-series"' in page and "vendor/chart.js/chart.umd.min.js" in page


def test_the_national_page_ranks_provinces_and_links_down(client, fresh, django_assert_max_num_queries):
    cast = fresh
    client.force_login(cast.national_admin)
    with django_assert_max_num_queries(10):
        response = client.get("/bao-cao/tong-quan/", {"year": "2025"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Tổng quan giảm nghèo – Cả nước" in page
    assert f'href="/bao-cao/tong-quan/{cast.province.code}/?year=2025"' in page
    assert _cell(response, f'data-unit="{cast.province.code}"', 3) == "1"
    # A commune page of a national user leads back up to its province and the country.
    response = client.get(f"/bao-cao/tong-quan/{cast.commune.code}/")
    assert 'href="/bao-cao/tong-quan/?year=' in response.content.decode()
    assert f'href="/bao-cao/tong-quan/{cast.province.code}/?year=' in response.content.decode()


def test_the_commune_page_lists_villages_that_lead_to_the_register(client, fresh, django_assert_max_num_queries):
    cast = fresh
    client.force_login(cast.officer)
    with django_assert_max_num_queries(12):
        response = client.get(f"/bao-cao/tong-quan/{cast.commune.code}/", {"year": "2025"})
    assert response.status_code == 200
    assert _cell(response, f'data-village="{cast.village.pk}"', 2) == "1"  # Thôn Một: 1 poor household at year end
    link = f"/ho/?commune={cast.commune.pk}&amp;village={cast.village.pk}&amp;status=poor"
    assert link in response.content.decode()
    listing = client.get(link.replace("&amp;", "&"))
    assert listing.status_code == 200
    assert "Vũ Văn Mới" in listing.content.decode()  # the household list of the register, filtered


def test_ids_in_the_page_are_not_written_with_thousand_separators(client, fresh):
    cast = fresh
    village = VillageFactory(pk=12_345, commune=cast.commune, name="Thôn Mười Hai")
    client.force_login(cast.officer)
    page = client.get(f"/bao-cao/tong-quan/{cast.commune.code}/").content.decode()
    assert f'data-village="{village.pk}"' in page and f"village={village.pk}&amp;status=poor" in page


def test_the_dashboard_footnote_speaks_of_the_missing_map_data_not_of_software_registries(client, fresh):
    client.force_login(fresh.officer)
    page = client.get(f"/bao-cao/tong-quan/{fresh.commune.code}/").content.decode()
    assert "chưa có dữ liệu ranh giới các xã" in page
    assert "npm" not in page and "PyPI" not in page


def test_pages_outside_ones_area_are_not_found(client, fresh):
    cast = fresh
    client.force_login(cast.officer)
    assert client.get(f"/bao-cao/tong-quan/{cast.province.code}/").status_code == 404
    assert client.get(f"/bao-cao/tong-quan/{cast.other_commune.code}/").status_code == 404
    assert client.get(f"/bao-cao/tong-quan/{cast.far_commune.code}/").status_code == 404
    assert client.get("/bao-cao/tong-quan/99999/").status_code == 404
    response = client.get("/bao-cao/tong-quan/")
    assert response.status_code == 302 and response["Location"] == f"/bao-cao/tong-quan/{cast.commune.code}/"
    client.force_login(cast.province_officer)
    assert client.get(f"/bao-cao/tong-quan/{cast.far_commune.code}/").status_code == 404
    assert client.get("/bao-cao/tong-quan/")["Location"] == f"/bao-cao/tong-quan/{cast.province.code}/"


def test_village_collaborators_have_no_dashboard_and_no_link_to_it(client, fresh):
    cast = fresh
    client.force_login(cast.collaborator)
    assert client.get("/bao-cao/tong-quan/").status_code == 404
    assert client.get(f"/bao-cao/tong-quan/{cast.commune.code}/").status_code == 404
    assert "/bao-cao/tong-quan/" not in client.get("/ho/").content.decode()
    client.force_login(cast.officer)
    assert 'href="/bao-cao/tong-quan/"' in client.get("/ho/").content.decode()


def test_the_year_selector_shows_each_year_and_a_change_is_read_at_once(client, fresh):
    cast = fresh
    client.force_login(cast.officer)
    this_year = datetime.date.today().year
    response = client.get(f"/bao-cao/tong-quan/{cast.commune.code}/")
    page = response.content.decode()
    assert f'<option value="{this_year}" selected>' in page and '<option value="2025">' in page
    # A household arriving today: the write marks the commune, the page refreshes it before reading.
    make_household(village=cast.village, status=Status.POOR, members=[member(full_name="Lò Văn Đến")])
    assert StaleCommune.objects.filter(commune=cast.commune).exists()
    response = client.get(f"/bao-cao/tong-quan/{cast.commune.code}/", {"year": this_year})
    assert not StaleCommune.objects.exists()
    assert 'data-kpi="poor_rate">50,00 %' in response.content.decode()  # 2 poor of 4 households
    household_end(
        actor=cast.officer,
        household=Household.objects.get(persons__full_name="Lò Văn Đến"),
        occurred_on=datetime.date(this_year, 1, 2),
        reason=EndReason.ERROR,
    )
    response = client.get(f"/bao-cao/tong-quan/{cast.commune.code}/", {"year": this_year})
    assert 'data-kpi="poor_rate">33,33 %' in response.content.decode()
    # A year with no figures falls back to the latest one.
    assert "selected>" in client.get(f"/bao-cao/tong-quan/{cast.commune.code}/", {"year": "2019"}).content.decode()
