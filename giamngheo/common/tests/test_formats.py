"""Numbers written the Vietnamese way wherever the system prints them."""

from decimal import Decimal

from giamngheo.common.formats import figure_vi, rate_vi


def test_rate_vi_writes_every_rate_with_two_decimals_and_the_vietnamese_comma():
    assert rate_vi(10) == "10,00"
    assert rate_vi(4.0) == "4,00"
    assert rate_vi(12.5) == "12,50"
    assert rate_vi(Decimal("33.33")) == "33,33"
    assert rate_vi("60.00") == "60,00"  # as stored in a sent report's JSON
    assert rate_vi(2 / 3) == "0,67"
    assert rate_vi(None) == "—"


def test_figure_vi_writes_rates_as_rates_and_counts_as_whole_numbers():
    assert figure_vi("4", "%") == "4,00"
    assert figure_vi(Decimal("1.5"), "điểm %") == "1,50"
    assert figure_vi("1200", "hộ") == "1.200"
    assert figure_vi(None, "hộ") == "—"
