"""Alkire–Foster measures of the register's households, shown beside the official classification."""

import pytest

from giamngheo.registry.models import Status
from giamngheo.reports.analysis.comparison import register_mpi
from giamngheo.reports.tables.selectors import ReportError
from giamngheo.standards.params import standard_get


def test_equal_weights_and_the_standards_threshold_give_H_A_and_M0_of_the_deprivations_only(four_households):
    result = register_mpi(unit=four_households.commune, year=2025)
    assert (result.households, result.assessed, result.k) == (4, 3, 3.0)
    mpi = result.result
    assert mpi is not None
    # Two of three households reach k = 3 (4 and 3 deprivations of 12): H = 2/3, A = 7/24, M0 = 7/36.
    measures = {"H": mpi.H, "A": mpi.A, "M0": mpi.M0}
    assert measures == pytest.approx({"H": 2 / 3, "A": 7 / 24, "M0": 7 / 36})
    assert mpi.uncensored_headcount["water"] == pytest.approx(1.0)
    assert mpi.censored_headcount["water"] == pytest.approx(2 / 3)  # the near-poor household is censored out
    assert sum(mpi.contribution.values()) == pytest.approx(1.0)


def test_the_cross_tabulation_shows_where_the_two_rules_disagree(four_households):
    result = register_mpi(unit=four_households.province, year=2025)
    assert result.crosstab[Status.POOR] == {"mpi_poor": 1, "not_mpi_poor": 0}
    assert result.crosstab[Status.NEAR_POOR] == {"mpi_poor": 0, "not_mpi_poor": 1}
    assert result.crosstab["other"] == {"mpi_poor": 1, "not_mpi_poor": 0}  # well-off but deprived
    assert result.official_poor_share == pytest.approx(1 / 3)
    assert "thu nhập" in result.explanation() and "Nghị định 07/2021" in result.explanation()
    assert [line.code for line in result.by_commune] == [four_households.commune.code]


def test_a_group_and_a_lower_cut_off_change_who_counts(four_households):
    women = register_mpi(unit=four_households.commune, year=2025, group="female_head", k=1)
    assert (women.households, women.assessed) == (1, 1)
    assert women.result is not None and women.result.H == 1.0


def test_weights_by_service_share_each_service_equally(four_households):
    result = register_mpi(unit=four_households.commune, year=2025, scheme="dimension")
    weights = result.result.weights
    standard = standard_get("2022-2025")
    by_service: dict[str, float] = {}
    for indicator in standard.indicators:
        by_service[indicator.service] = by_service.get(indicator.service, 0) + weights[indicator.code]
    assert sum(weights.values()) == pytest.approx(len(standard_get("2022-2025").indicator_codes))
    assert len(set(round(v, 9) for v in by_service.values())) == 1  # every service weighs the same


def test_a_cut_off_above_the_number_of_indicators_is_refused_in_vietnamese(four_households):
    with pytest.raises(ReportError, match="Ngưỡng k"):
        register_mpi(unit=four_households.commune, year=2025, k=13)


def test_a_unit_without_assessments_has_no_measures_rather_than_zeros(cast):
    result = register_mpi(unit=cast.other_commune, year=2025)
    assert result.result is None and result.assessed == 0


def test_the_page_shows_the_measures_beside_the_official_rate(client, four_households):
    cast = four_households
    client.force_login(cast.province_officer)
    params = {"unit": cast.province.code, "year": "2025", "scheme": "equal", "group": "all", "k": ""}
    response = client.get("/bao-cao/ngheo-da-chieu/", params)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-measure="H"' in page and "66,7 %" in page  # H = 2/3
    assert 'data-official="near_poor"' in page
    assert "Nghị định 07/2021" in page
    assert "năm 2025" in page  # a year, not a number with a thousands separator


def test_the_page_refuses_a_unit_outside_ones_area_and_collaborators(client, four_households):
    cast = four_households
    client.force_login(cast.officer)
    params = {"unit": cast.province.code, "year": "2025", "scheme": "equal", "group": "all"}
    response = client.get("/bao-cao/ngheo-da-chieu/", params)
    assert "trong địa bàn của bạn" in response.content.decode()
    client.force_login(cast.collaborator)
    assert client.get("/bao-cao/ngheo-da-chieu/").status_code == 404
