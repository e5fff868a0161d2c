"""Runs every policy-readable case in standards/cases/*.yaml (see the README there).

Classification cases give `input`; derivation cases give `household` and `members`.
"""

import datetime
from pathlib import Path

import pytest
import yaml

from giamngheo.standards.derive import HouseholdFacts, MemberFacts, derive
from giamngheo.standards.params import UnknownStandard, standard_get, standard_in_force
from giamngheo.standards.rules import InvalidInput, classify

CASES_DIR = Path(__file__).resolve().parent.parent / "cases"
MEMBER_DEFAULTS = {"employment": "farming", "health_insurance": True, "schooling": "na", "education": ""}


def _cases() -> list:
    found = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            found.append(pytest.param(case, id=f"{path.stem}: {case['name']}"))
    return found


CASES = _cases()


def test_there_are_cases_for_every_standard_and_every_derived_indicator():
    dates = {case.values[0]["date"].year for case in CASES}
    assert {2019, 2024, 2028} <= dates
    derived = set()
    for case in CASES:
        derived.update(case.values[0].get("expected", {}).get("deprived", []) if "household" in case.values[0] else [])
    assert derived == set(standard_get("2022-2025").indicator_codes) | {"waste", "digital_services"}


@pytest.mark.parametrize("case", CASES)
def test_case(case):
    if "household" in case:
        check_derivation(case)
    else:
        check_classification(case)


def check_classification(case):
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


def check_derivation(case):
    day: datetime.date = case["date"]
    standard = standard_get(case["standard"]) if "standard" in case else standard_in_force(day)
    members = tuple(MemberFacts(**(MEMBER_DEFAULTS | m)) for m in case["members"])
    facts = HouseholdFacts(members=members, **case["household"])
    result = derive(standard, facts, as_of=day)
    assert sorted(result.deprived_codes) == sorted(case["expected"]["deprived"]), result.explanations
    if "unknown" in case["expected"]:
        assert sorted(result.unknown) == sorted(case["expected"]["unknown"])
    for code in result.deprived_codes:
        assert result.explanations[code], f"no explanation for {code}"
    fragment = case["expected"].get("explanation_contains")
    if fragment:
        assert any(fragment in text for text in result.explanations.values()), result.explanations
