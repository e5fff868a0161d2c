"""The status ledger: which change each start → end status counts as (spec §6.2), and the reporting groups."""

import datetime

import pytest

from giamngheo.registry.models import Status
from giamngheo.reviews.models import Change
from giamngheo.reviews.procedure import add_days, is_working_day
from giamngheo.reviews.services.decisions import change_of

P, N, X, U = Status.POOR, Status.NEAR_POOR, Status.NOT_POOR, Status.UNKNOWN


@pytest.mark.parametrize(
    ("start", "end", "ever_poor", "ever_near", "arrived", "expected"),
    [
        (P, P, False, False, False, Change.REMAINED_POOR),
        (P, N, False, False, False, Change.POOR_TO_NEAR_POOR),
        (P, X, False, False, False, Change.ESCAPED_POOR),
        (N, P, False, False, False, Change.NEAR_POOR_TO_POOR),
        (N, N, False, False, False, Change.REMAINED_NEAR_POOR),
        (N, X, False, False, False, Change.ESCAPED_NEAR_POOR),
        (X, P, True, False, False, Change.RE_POOR),
        (X, P, False, False, False, Change.NEWLY_POOR),
        (U, P, False, False, False, Change.NEWLY_POOR),
        (X, N, False, True, False, Change.RE_NEAR_POOR),
        (X, N, False, False, False, Change.NEWLY_NEAR_POOR),
        (U, P, False, False, True, Change.OTHER_INCREASE_POOR),
        (U, N, False, False, True, Change.OTHER_INCREASE_NEAR_POOR),
        (X, X, True, True, False, Change.NOT_POOR),
    ],
)
def test_each_transition_is_counted_as_the_change_reports_count_it(start, end, ever_poor, ever_near, arrived, expected):
    assert change_of(start=start, end=end, ever_poor=ever_poor, ever_near_poor=ever_near, arrived=arrived) == expected


def test_working_days_skip_weekends_and_vietnamese_public_holidays():
    assert not is_working_day(datetime.date(2026, 2, 17))  # Tết Nguyên đán
    assert not is_working_day(datetime.date(2025, 9, 2))  # Quốc khánh
    # From Friday 29/08/2025, three working days: 29/08, then 03/09 and 04/09 (01–02/09 are National Day holidays).
    assert add_days(datetime.date(2025, 8, 29), 3, "working") == datetime.date(2025, 9, 4)
    assert add_days(datetime.date(2025, 8, 29), 3, "calendar") == datetime.date(2025, 8, 31)


def test_a_period_in_days_starts_the_day_after_its_event():
    from giamngheo.reviews.procedure import procedure_in_force

    procedure = procedure_in_force(datetime.date(2025, 11, 17))
    assert procedure.first_day_counts.value is False  # Civil Code 2015 Art. 147 cl. 1
    # A regular review from Monday 17/11/2025: fifteen working days from Tuesday 18/11 end on Monday 08/12.
    assert procedure.period_end(datetime.date(2025, 11, 17), 15, "working") == datetime.date(2025, 12, 8)
