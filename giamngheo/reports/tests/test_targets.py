"""A unit's yearly targets and where it stands on them, each figure with the definition it uses."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from giamngheo.reports.models import Target
from giamngheo.reports.targets.progress import AT_RISK, NO_DATA, NO_TARGET, OFF_TRACK, ON_TRACK, progress
from giamngheo.reports.targets.services import target_set


def _by_code(unit, year):
    return {row.indicator.code: row for row in progress(unit=unit, year=year)}


def test_progress_measures_each_indicator_from_the_register(year_2025):
    cast = year_2025
    rows = _by_code(cast.commune, 2025)
    # End of 2025 in Xã Thử A: 3 households, 1 poor, 1 near-poor. The households were registered in 2025, so there
    # is no 2024 rate to reduce from: the reduction has no figure rather than a made-up one.
    assert rows["poor_rate"].value == Decimal("33.33")
    assert rows["poor_rate_reduction"].value is None
    assert rows["near_poor_rate"].value == Decimal("33.33")
    assert rows["re_poverty_rate"].value == Decimal("0.00")
    assert rows["health_insurance_poor"].value == Decimal("100.00")  # the cast's members are insured
    assert rows["merit_poor"].value == 0
    assert all(row.mark == NO_TARGET for row in rows.values())


def test_marks_follow_the_target_and_the_margin(year_2025):
    cast = year_2025
    targets = (
        ("poor_rate", "40"),
        ("near_poor_rate", "33.2"),
        ("health_insurance_poor", "100"),
        ("poor_rate_reduction", "1"),
    )
    for indicator, value in targets:
        target_set(actor=cast.officer, unit=cast.commune, year=2025, indicator=indicator, value=Decimal(value))
    rows = _by_code(cast.commune, 2025)
    assert rows["poor_rate"].mark == ON_TRACK  # 33.33 ≤ 40
    assert rows["near_poor_rate"].mark == AT_RISK  # 33.33 misses 33.2 by 0.13, within the 0.2 margin
    assert rows["poor_rate_reduction"].mark == NO_DATA
    # The province: 1 poor household of 4 (25 %) against a target of 20 %, beyond the 0.2-point margin.
    target_set(actor=cast.province_officer, unit=cast.province, year=2025, indicator="poor_rate", value=Decimal(20))
    assert _by_code(cast.province, 2025)["poor_rate"].mark == OFF_TRACK


def test_only_the_units_own_officer_sets_its_targets_and_it_is_audited(year_2025):
    from giamngheo.accounts.models import AuditEntry

    cast = year_2025
    with pytest.raises(ValidationError):
        target_set(actor=cast.other_officer, unit=cast.commune, year=2025, indicator="poor_rate", value=Decimal(1))
    with pytest.raises(ValidationError):
        target_set(actor=cast.officer, unit=cast.province, year=2025, indicator="poor_rate", value=Decimal(1))
    target_set(actor=cast.province_officer, unit=cast.province, year=2025, indicator="poor_rate", value=Decimal(1))
    target_set(actor=cast.province_officer, unit=cast.province, year=2025, indicator="poor_rate", value=Decimal(2))
    assert Target.objects.get().value == 2
    assert AuditEntry.objects.filter(target_type="reports.target").count() == 2


def test_the_targets_page_shows_progress_and_lets_the_officer_set_a_target(client, year_2025):
    cast = year_2025
    client.force_login(cast.officer)
    url = f"/bao-cao/chi-tieu/?unit={cast.commune.code}&year=2025"
    page = client.get(url).content.decode()
    assert "Tỷ lệ hộ nghèo cuối năm" in page and "Chưa đặt chỉ tiêu" in page
    response = client.post(url, {"indicator": "poor_rate", "value": "40", "note": "Nghị quyết HĐND xã"})
    assert response.status_code == 302
    assert "Đạt" in client.get(url).content.decode()
    client.force_login(cast.other_officer)
    assert client.get(url).status_code == 404
    client.force_login(cast.viewer)
    assert client.post(url, {"indicator": "poor_rate", "value": "1"}).status_code == 404


def test_a_percentage_target_over_100_is_refused_on_the_page_and_by_the_service(client, year_2025):
    cast = year_2025
    client.force_login(cast.officer)
    url = f"/bao-cao/chi-tieu/?unit={cast.commune.code}&year=2025"
    page = client.post(url, {"indicator": "poor_rate", "value": "150"}).content.decode()
    assert "Chỉ tiêu tính bằng % không được quá 100 (đã nhập 150,00)" in page
    assert not Target.objects.exists()
    with pytest.raises(ValidationError):
        target_set(actor=cast.officer, unit=cast.commune, year=2025, indicator="poor_rate", value=Decimal("100.01"))
    assert not Target.objects.exists()
    target_set(actor=cast.officer, unit=cast.commune, year=2025, indicator="poor_rate", value=Decimal(100))
    assert Target.objects.get().value == 100


def test_service_targets_count_the_recognised_households_not_deprived_in_the_dimension(four_households):
    rows = _by_code(four_households.commune, 2025)
    # Recognised at year end and assessed: the poor household (employment, water, housing area) and the near-poor
    # one (water). The well-off household deprived in four indicators is not recognised, the fourth never assessed.
    assert rows["service_water_sanitation"].value == Decimal("0.00")
    assert rows["service_housing"].value == Decimal("50.00")
    assert rows["service_employment"].value == Decimal("50.00")
    assert rows["service_information"].value == Decimal("100.00")
    assert "kết quả chấm điểm" in rows["service_health"].indicator.definition


def test_service_targets_have_no_figure_without_assessments(cast):
    rows = _by_code(cast.commune, 2025)
    assert rows["service_housing"].value is None and rows["service_housing"].mark == NO_TARGET


def test_the_targets_page_prints_rates_with_two_decimals_and_counts_as_whole_numbers(client, year_2025):
    cast = year_2025
    target_set(actor=cast.officer, unit=cast.commune, year=2025, indicator="poor_rate", value=Decimal(4))
    client.force_login(cast.officer)
    page = client.get(f"/bao-cao/chi-tieu/?unit={cast.commune.code}&year=2025").content.decode()
    poor_rate = page.split('data-indicator="poor_rate"')[1].split("</tr>")[0]
    assert ">4,00<" in poor_rate and ">33,33<" in poor_rate
    re_poverty = page.split('data-indicator="re_poverty_rate"')[1].split("</tr>")[0]
    assert ">0,00<" in re_poverty
    merit = page.split('data-indicator="merit_poor"')[1].split("</tr>")[0]
    assert ">0<" in merit
