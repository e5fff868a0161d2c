"""The vectorised path gives exactly the one-household results, for random households under every standard."""

import datetime

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from giamngheo.registry.models import Education, Employment, Latrine, Schooling, WasteTreatment, WaterSource
from giamngheo.standards.bulk import HOUSEHOLD_COLUMNS, PERSON_COLUMNS, classify_frame, derive_frame
from giamngheo.standards.derive import HouseholdFacts, MemberFacts, derive
from giamngheo.standards.params import standard_get, standards
from giamngheo.standards.rules import classify

maybe_bool = st.one_of(st.none(), st.booleans())
members = st.builds(
    MemberFacts,
    full_name=st.just("X"),
    date_of_birth=st.dates(datetime.date(1930, 1, 1), datetime.date(2028, 12, 31)),
    employment=st.sampled_from([*Employment.values, ""]),
    labour_contract=maybe_bool,
    social_allowance=st.booleans(),
    malnourished=st.booleans(),
    health_insurance=st.booleans(),
    schooling=st.sampled_from(Schooling.values),
    education=st.sampled_from([*Education.values, ""]),
)
households = st.builds(
    HouseholdFacts,
    area=st.sampled_from(["rural", "urban"]),
    members=st.lists(members, min_size=0, max_size=7).map(tuple),
    wall_durable=maybe_bool,
    column_durable=maybe_bool,
    roof_durable=maybe_bool,
    floor_area_m2=st.one_of(st.none(), st.floats(0, 300, allow_nan=False).map(lambda x: round(x, 1))),
    water_source=st.sampled_from([*WaterSource.values, ""]),
    latrine=st.sampled_from([*Latrine.values, ""]),
    uses_telecom=maybe_bool,
    uses_internet=maybe_bool,
    owns_tv=maybe_bool,
    owns_radio=maybe_bool,
    owns_computer=maybe_bool,
    owns_smartphone=maybe_bool,
    waste_treatment=st.sampled_from([*WasteTreatment.values, ""]),
)
# Incomes cluster around every line of every standard, so the boundaries are hit often.
LINES = sorted(
    {
        param.value + delta
        for standard in standards().values()
        for group in (standard.poverty_line, standard.near_poor_line, standard.average_living_upper)
        for param in group.values()
        for delta in (-1, 0, 1)
    }
)
incomes = st.one_of(st.sampled_from(LINES), st.integers(0, 6_000_000))
review_days = st.dates(datetime.date(2022, 1, 1), datetime.date(2030, 12, 31))


def frames(batch: list[tuple[HouseholdFacts, int]]) -> tuple[pl.DataFrame, pl.DataFrame]:
    household_rows, person_rows = [], []
    for pk, (facts, income) in enumerate(batch):
        row = {name: getattr(facts, name, None) for name in HOUSEHOLD_COLUMNS if hasattr(facts, name)}
        household_rows.append(row | {"household_id": pk, "income_per_capita": income})
        for m in facts.members:
            person_rows.append({name: getattr(m, name) for name in PERSON_COLUMNS if name != "household_id"})
            person_rows[-1]["household_id"] = pk
    return (
        pl.DataFrame(household_rows, schema=HOUSEHOLD_COLUMNS),
        pl.DataFrame(person_rows, schema=PERSON_COLUMNS),
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(batch=st.lists(st.tuples(households, incomes), min_size=1, max_size=25), day=review_days)
def test_derivation_and_classification_match_the_one_household_path(batch, day):
    for code in ("2022-2025", "2027-2030"):
        standard = standard_get(code)
        household_frame, person_frame = frames(batch)
        result = classify_frame(standard, derive_frame(standard, household_frame, person_frame, as_of=day)).collect()
        by_id = {row["household_id"]: row for row in result.iter_rows(named=True)}
        for pk, (facts, income) in enumerate(batch):
            one = derive(standard, facts, as_of=day)
            row = by_id[pk]
            assert {c: bool(row[c]) for c in standard.indicator_codes} == one.deprived, (code, facts)
            assert {c for c in standard.indicator_codes if row[c] is None} == set(one.unknown)
            expected = classify(standard, area=facts.area, income_per_capita=income, deprived=one.deprived_codes)
            assert (row["status"], row["income_band"], row["deprivation_count"]) == (
                expected.status,
                expected.income_band,
                expected.deprivation_count,
            )


@settings(max_examples=200, deadline=None)
@given(
    rows=st.lists(
        st.tuples(st.sampled_from(["rural", "urban"]), incomes, st.sets(st.sampled_from(range(12)))),
        min_size=1,
        max_size=40,
    ),
    code=st.sampled_from(list(standards())),
)
def test_direct_classification_matches_the_one_household_path(rows, code):
    standard = standard_get(code)
    indicator_codes = standard.indicator_codes
    data = [
        {"area": area, "income_per_capita": income} | {c: (i in chosen) for i, c in enumerate(indicator_codes)}
        for area, income, chosen in rows
    ]
    result = classify_frame(standard, pl.DataFrame(data)).collect()
    for row, (area, income, chosen) in zip(result.iter_rows(named=True), rows, strict=True):
        expected = classify(
            standard,
            area=area,
            income_per_capita=income,
            deprived=[indicator_codes[i] for i in chosen if i < len(indicator_codes)],
        )
        assert (row["status"], row["income_band"], row["deprivation_count"]) == (
            expected.status,
            expected.income_band,
            expected.deprivation_count,
        )
