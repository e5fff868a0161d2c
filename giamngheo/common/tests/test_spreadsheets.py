"""The cells every spreadsheet and CSV file is written with (common.spreadsheets)."""

import io

import pytest

from giamngheo.common.spreadsheets import cell_safe, csv_writer


@pytest.mark.parametrize("text", ["=1+1", "+84912345678", "-2+3", "@SUM(A1)", "\t=1", "\r=1"])
def test_a_cell_starting_like_a_formula_is_written_as_text(text):
    assert cell_safe(text) == "'" + text


def test_a_cell_that_cannot_be_a_formula_is_written_as_it_is():
    assert cell_safe("Nguyễn Văn An") == "Nguyễn Văn An"
    assert cell_safe("") == ""
    assert cell_safe("a=b") == "a=b"


def test_numbers_dates_and_empty_cells_stay_what_they_are():
    assert cell_safe(-5) == -5
    assert cell_safe(2.5) == 2.5
    assert cell_safe(None) is None


def test_control_characters_a_workbook_cannot_hold_are_replaced():
    assert cell_safe("Lò\x00Văn\x0bA\tB\nC") == "Lò\ufffdVăn\ufffdA\tB\nC"


def test_the_csv_writer_neutralises_every_cell():
    out = io.StringIO()
    csv_writer(out).writerows([["=1+1", 3, "An"]])
    assert out.getvalue() == "'=1+1,3,An\r\n"
