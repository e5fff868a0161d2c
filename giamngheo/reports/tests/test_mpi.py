"""The Alkire–Foster measures, checked against the worked example of Alkire & Foster (2011), §3–4.

Four persons, four dimensions (income, years of education, a health index, health insurance) with deprivation
cut-offs z = (13, 12, 3, 1): person 1 is deprived in nothing, person 2 in education and insurance, person 3 in all
four, person 4 in education. With k = 2 the poor are persons 2 and 3: H = 1/2, A = 3/4, M0 = 3/8.
"""

import json
import re
from io import StringIO

import polars as pl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from giamngheo.reports.analysis.mpi import InvalidMatrix, alkire_foster

ACHIEVEMENTS = [(13.1, 14, 4, 1), (15.2, 7, 5, 0), (12.5, 10, 1, 0), (20, 11, 3, 1)]
CUTOFFS = (13, 12, 3, 1)
INDICATORS = ["income", "education", "health", "insurance"]


def worked_example() -> pl.DataFrame:
    rows = [[int(value < cutoff) for value, cutoff in zip(person, CUTOFFS, strict=True)] for person in ACHIEVEMENTS]
    return pl.DataFrame(
        {"unit_id": ["x", "x", "y", "y"], **{name: [row[j] for row in rows] for j, name in enumerate(INDICATORS)}}
    )


def test_the_worked_example_gives_h_a_and_m0_of_the_paper():
    result = alkire_foster(worked_example(), INDICATORS, k=2)
    assert (result.H, result.A, result.M0) == (0.5, 0.75, 0.375)
    assert result.censored_headcount == {"income": 0.25, "education": 0.5, "health": 0.25, "insurance": 0.5}
    # Person 4 is deprived in education but not poor: uncensored 3/4, censored 1/2.
    assert result.uncensored_headcount["education"] == 0.75
    assert result.contribution == pytest.approx(
        {"income": 1 / 6, "education": 1 / 3, "health": 1 / 6, "insurance": 1 / 3}
    )
    assert sum(result.contribution.values()) == pytest.approx(1)


def test_union_and_intersection_are_the_ends_of_k():
    union = alkire_foster(worked_example(), INDICATORS, k=1)
    intersection = alkire_foster(worked_example(), INDICATORS, k=4)
    assert union.H == 0.75 and intersection.H == 0.25 and intersection.A == 1


def test_weights_are_scaled_to_the_number_of_indicators_and_change_who_is_poor():
    # Income counts as much as the three others together: weights 3,1,1,1 scale to 2, 2/3, 2/3, 2/3.
    result = alkire_foster(
        worked_example(), INDICATORS, k=2, weights={"income": 3, "education": 1, "health": 1, "insurance": 1}
    )
    assert result.weights["income"] == pytest.approx(2)
    # Person 2 (education and insurance, 4/3) is no longer poor; person 3 (all, 4) is: H = 1/4, A = 1, M0 = 1/4.
    assert (result.H, result.A) == (0.25, 1.0)
    assert pytest.approx(0.25) == result.M0


def test_units_are_measured_one_by_one():
    result = alkire_foster(worked_example(), INDICATORS, k=2)
    assert result.by_unit["x"]["H"] == 0.5 and result.by_unit["x"]["M0"] == pytest.approx(0.25)
    assert result.by_unit["y"]["M0"] == pytest.approx(0.5)


def test_a_cut_off_outside_its_range_is_refused():
    with pytest.raises(InvalidMatrix, match="Ngưỡng k"):
        alkire_foster(worked_example(), INDICATORS, k=5)


def _csv(tmp_path, text, name="matrix.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_mpi_csv_prints_the_measures_as_json(tmp_path):
    frame = worked_example()
    lines = ["unit_id," + ",".join(INDICATORS)]
    lines += [",".join(str(v) for v in row) for row in frame.iter_rows()]
    out = StringIO()
    call_command("mpi_csv", str(_csv(tmp_path, "\n".join(lines) + "\n")), "--k", "2", stdout=out)
    result = json.loads(out.getvalue())
    assert (result["H"], result["A"], result["M0"]) == (0.5, 0.75, 0.375)
    assert result["censored_headcount"]["education"] == 0.5
    assert result["contribution"]["insurance"] == pytest.approx(1 / 3)


def test_mpi_csv_reads_weights(tmp_path):
    frame = worked_example()
    lines = ["unit_id," + ",".join(INDICATORS)] + [",".join(str(v) for v in row) for row in frame.iter_rows()]
    weights = _csv(tmp_path, "indicator,weight\nincome,3\neducation,1\nhealth,1\ninsurance,1\n", "w.csv")
    out = StringIO()
    call_command(
        "mpi_csv", str(_csv(tmp_path, "\n".join(lines) + "\n")), "--k", "2", "--weights", str(weights), stdout=out
    )
    assert json.loads(out.getvalue())["H"] == 0.25


@pytest.mark.parametrize(
    ("text", "k", "message"),
    [
        ("household,a\n1,0\n", "1", "thiếu cột “unit_id”"),
        ("unit_id,a,b\nx,0,2\n", "1", "Dòng 2, cột “b”: giá trị “2”"),
        ("unit_id,a\nx,1\n", "ba", "không phải là số"),
        ("unit_id,a\nx,1\n", "2", "không quá số chỉ số (1)"),
        ("unit_id,a\n", "1", "không có dòng dữ liệu"),
    ],
)
def test_mpi_csv_names_what_is_wrong(tmp_path, text, k, message):
    with pytest.raises(CommandError, match=re.escape(message)):
        call_command("mpi_csv", str(_csv(tmp_path, text)), "--k", k, stdout=StringIO())
