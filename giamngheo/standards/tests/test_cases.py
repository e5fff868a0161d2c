"""Runs every policy-readable case in standards/cases/*.yaml (see the README there)."""

from pathlib import Path

import pytest
import yaml

from giamngheo.standards.params import UnknownStandard, standard_in_force
from giamngheo.standards.rules import InvalidInput, classify

CASES_DIR = Path(__file__).resolve().parent.parent / "cases"


def _cases() -> list:
    found = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            found.append(pytest.param(case, id=f"{path.stem}: {case['name']}"))
    return found


CASES = _cases()


def test_there_are_cases_for_every_standard():
    dates = {case.values[0]["date"].year for case in CASES}
    assert {2019, 2024, 2028} <= dates
    assert len(CASES) >= 40


@pytest.mark.parametrize("case", CASES)
def test_case(case):
    expected = dict(case["expected"])
    error = expected.pop("error", None)
    try:
        standard = standard_in_force(case["date"])
        result = classify(standard, **case["input"])
    except (InvalidInput, UnknownStandard) as exc:
        assert error, f"unexpected error: {exc}"
        assert error in str(exc)
        return
    assert not error, f"expected an error containing “{error}”, got {result}"
    fragment = expected.pop("reasons_contain", None)
    if fragment:
        assert any(fragment in reason for reason in result.reasons), result.reasons
    for key, value in expected.items():
        got = getattr(result, key)
        assert (list(got) if isinstance(got, tuple) else got) == value, f"{key}: {got!r} != {value!r}"
