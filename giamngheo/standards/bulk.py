"""The vectorised path: derive and classify whole frames of households with Polars.

It must give exactly the results of the one-household path (`derive.derive` + `rules.classify`); a property-based
test over random households under every standard holds the two together. Each expression below mirrors the
function of the same name in derive.py or rules.py: change them together.
"""

import datetime
from collections.abc import Callable

import polars as pl

from giamngheo.standards.derive import derivation_params
from giamngheo.standards.params import Standard
from giamngheo.standards.rules import ABOVE_AVERAGE, AT_OR_BELOW_LINE, AVERAGE, NEAR_POOR, NOT_POOR, POOR

# Columns of the frames this module reads.
PERSON_COLUMNS = {
    "household_id": pl.Int64,
    "date_of_birth": pl.Date,
    "employment": pl.Utf8,
    "labour_contract": pl.Boolean,
    "social_allowance": pl.Boolean,
    "malnourished": pl.Boolean,
    "health_insurance": pl.Boolean,
    "schooling": pl.Utf8,
    "education": pl.Utf8,
}
HOUSEHOLD_COLUMNS = {
    "household_id": pl.Int64,
    "area": pl.Utf8,
    "income_per_capita": pl.Int64,
    "wall_durable": pl.Boolean,
    "column_durable": pl.Boolean,
    "roof_durable": pl.Boolean,
    "floor_area_m2": pl.Float64,
    "water_source": pl.Utf8,
    "latrine": pl.Utf8,
    "uses_telecom": pl.Boolean,
    "uses_internet": pl.Boolean,
    "owns_tv": pl.Boolean,
    "owns_radio": pl.Boolean,
    "owns_computer": pl.Boolean,
    "owns_smartphone": pl.Boolean,
    "waste_treatment": pl.Utf8,
}


def _age(as_of: datetime.date) -> pl.Expr:
    dob = pl.col("date_of_birth")
    not_yet = (dob.dt.month() > as_of.month) | ((dob.dt.month() == as_of.month) & (dob.dt.day() > as_of.day))
    return (pl.lit(as_of.year) - dob.dt.year() - not_yet.cast(pl.Int32)).alias("age")


def _is(column: str, value: bool) -> pl.Expr:
    """True where the nullable boolean column holds `value` (null counts as neither)."""
    return pl.col(column).eq(value).fill_null(False)


def _person_flags(persons: pl.LazyFrame, p: dict, as_of: datetime.date) -> pl.LazyFrame:
    age = pl.col("age")
    studying = ~pl.col("schooling").is_in(["na", "not_attending", ""])
    low, high = p["adult_education_ages"]
    needed_minor = pl.col("education").is_in(p["minor_education_levels"])
    needed_adult = pl.col("education").is_in(p["adult_education_levels"])
    school_low, school_high = p["school_ages"]
    child = age < p["child_age_max"]
    return persons.with_columns(_age(as_of)).with_columns(
        employment=age.is_between(p["working_age_min"], p["working_age_max"])
        & ((pl.col("employment") == "unemployed") | ((pl.col("employment") == "wage") & _is("labour_contract", False))),
        dependant=child | pl.col("social_allowance"),
        nutrition=child & pl.col("malnourished"),
        health_insurance=(age >= p["insurance_min_age"]) & ~pl.col("health_insurance"),
        adult_education=age.is_between(low, high)
        & ~studying
        & pl.when(age < p["adult_education_minor_upper"]).then(~needed_minor).otherwise(~needed_adult),
        child_schooling=(age >= school_low) & (age < school_high) & (pl.col("schooling") == "not_attending"),
    )


def _unknown_or(condition: pl.Expr, known: pl.Expr) -> pl.Expr:
    """None when the fact is missing (derive.py returns None there), else the condition."""
    return pl.when(known).then(condition).otherwise(None)


def derive_frame(
    standard: Standard, households: pl.DataFrame, persons: pl.DataFrame, *, as_of: datetime.date
) -> pl.DataFrame:
    """One row per household with one nullable boolean column per indicator of the standard (None = unknown)."""
    p = {name: param.value for name, param in derivation_params(standard.code).items()}
    per_person = (
        _person_flags(persons.lazy(), p, as_of)
        .group_by("household_id")
        .agg(
            members=pl.len(),
            dependants=pl.col("dependant").sum(),
            employment=pl.col("employment").any(),
            nutrition=pl.col("nutrition").any(),
            health_insurance=pl.col("health_insurance").any(),
            adult_education=pl.col("adult_education").any(),
            child_schooling=pl.col("child_schooling").any(),
        )
    )
    members = pl.col("members").fill_null(0)
    weak_parts = sum(_is(c, False).cast(pl.Int32) for c in ("wall_durable", "column_durable", "roof_durable"))
    devices = p.get("information_devices", [])
    indicator_exprs: dict[str, pl.Expr] = {
        "employment": pl.col("employment").fill_null(False),
        "dependants": _unknown_or(pl.col("dependants") / members > p["dependants_share"], members > 0),
        "nutrition": pl.col("nutrition").fill_null(False),
        "health_insurance": pl.col("health_insurance").fill_null(False),
        "adult_education": pl.col("adult_education").fill_null(False),
        "child_schooling": pl.col("child_schooling").fill_null(False),
        "housing_quality": _unknown_or(
            weak_parts >= p["non_durable_parts_min"],
            pl.all_horizontal(pl.col(c).is_not_null() for c in ("wall_durable", "column_durable", "roof_durable")),
        ),
        "housing_area": _unknown_or(
            pl.col("floor_area_m2") / members < p["floor_area_min_m2"],
            pl.col("floor_area_m2").is_not_null() & (members > 0),
        ),
        "water": _unknown_or(~pl.col("water_source").is_in(p["safe_water_sources"]), pl.col("water_source") != ""),
        "sanitation": _unknown_or(~pl.col("latrine").is_in(p["hygienic_latrines"]), pl.col("latrine") != ""),
        "telecom": _unknown_or(~pl.col("uses_telecom"), pl.col("uses_telecom").is_not_null()),
        "digital_services": _unknown_or(~pl.col("uses_internet"), pl.col("uses_internet").is_not_null()),
        "waste": _unknown_or(
            ~pl.col("waste_treatment").is_in(p.get("treated_waste", [])), pl.col("waste_treatment") != ""
        ),
    }
    if devices:
        owns_one = pl.any_horizontal(_is(c, True) for c in devices)
        all_known = pl.all_horizontal(pl.col(c).is_not_null() for c in devices)
        indicator_exprs["information_assets"] = _unknown_or(~owns_one, owns_one | all_known)
    codes = standard.indicator_codes
    return (
        households.lazy()
        .join(per_person, on="household_id", how="left", maintain_order="left")
        .select("household_id", "area", "income_per_capita", *(indicator_exprs[c].alias(c) for c in codes))
        .collect()
    )


def _by_area(values: dict, area: pl.Expr) -> pl.Expr:
    return pl.when(area == "urban").then(values["urban"].value).otherwise(values["rural"].value)


def _band(standard: Standard, income: pl.Expr, area: pl.Expr) -> pl.Expr:
    # As rules.band_floor: the band starts above the near-poor line when the period has one.
    return (
        pl.when(income <= _by_area(standard.near_poor_line or standard.poverty_line, area))
        .then(pl.lit(AT_OR_BELOW_LINE))
        .when(income <= _by_area(standard.average_living_upper, area))
        .then(pl.lit(AVERAGE))
        .otherwise(pl.lit(ABOVE_AVERAGE))
    )


def _decision_59_2015(standard: Standard, income: pl.Expr, area: pl.Expr, count: pl.Expr) -> pl.Expr:
    line, near = _by_area(standard.poverty_line, area), _by_area(standard.near_poor_line, area)
    threshold = standard.deprivation_threshold.value
    return (
        pl.when(income <= line)
        .then(pl.lit(POOR))
        .when((income <= near) & (count >= threshold))
        .then(pl.lit(POOR))
        .when(income <= near)
        .then(pl.lit(NEAR_POOR))
        .otherwise(pl.lit(NOT_POOR))
    )


def _two_criteria(standard: Standard, income: pl.Expr, area: pl.Expr, count: pl.Expr) -> pl.Expr:
    line, threshold = _by_area(standard.poverty_line, area), standard.deprivation_threshold.value
    return (
        pl.when((income <= line) & (count >= threshold))
        .then(pl.lit(POOR))
        .when(income <= line)
        .then(pl.lit(NEAR_POOR))
        .otherwise(pl.lit(NOT_POOR))
    )


FRAME_RULES: dict[str, Callable[[Standard, pl.Expr, pl.Expr, pl.Expr], pl.Expr]] = {
    "decision_59_2015": _decision_59_2015,
    "decree_07_2021": _two_criteria,
    "decree_351_2025": _two_criteria,
}


def classify_frame(standard: Standard, frame: pl.DataFrame | pl.LazyFrame) -> pl.LazyFrame:
    """Add status, income_band and deprivation_count to a frame with area, income_per_capita and one (nullable)
    boolean column per indicator of the standard; null counts as not deprived, as in the one-household path."""
    income, area = pl.col("income_per_capita"), pl.col("area")
    count = pl.sum_horizontal(pl.col(c).fill_null(False).cast(pl.UInt8) for c in standard.indicator_codes)
    return (
        frame.lazy()
        .with_columns(deprivation_count=count.cast(pl.Int32))
        .with_columns(
            status=FRAME_RULES[standard.rule](standard, income, area, pl.col("deprivation_count")),
            income_band=_band(standard, income, area),
        )
    )
