"""The status ledger: which change each start → end status counts as (spec §6.2), and the reporting groups."""

import datetime

import pytest

from giamngheo.registry.models import Household, Status
from giamngheo.reviews.models import Change
from giamngheo.reviews.procedure import add_days, is_working_day
from giamngheo.reviews.services.ledger import change_of

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


@pytest.mark.parametrize(
    ("start", "end", "ever_poor", "expected"),
    [
        (U, P, False, Change.MOVED_IN_POOR),
        (X, P, True, Change.MOVED_IN_POOR),  # not re-poverty either: it was poor elsewhere, not here
        (U, N, False, Change.MOVED_IN_NEAR_POOR),
        (U, X, False, Change.NOT_POOR),
    ],
)
def test_a_household_that_moved_in_counts_as_moved_in(start, end, ever_poor, expected):
    assert (
        change_of(start=start, end=end, ever_poor=ever_poor, ever_near_poor=False, arrived=False, moved_in=True)
        == expected
    )


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


def test_a_years_changes_add_up_the_decisions_the_departures_and_the_unchanged(cast):
    """Spec §6.2: end = start − escaped − other decreases + moved in from the other list + re-poor + newly arising
    + other increases, checked on households and on persons."""
    from giamngheo.registry.models import EndReason, Relation
    from giamngheo.registry.services.households import household_end
    from giamngheo.reviews.selectors import year_changes
    from giamngheo.reviews.services.campaigns import application_receive
    from giamngheo.reviews.services.community import meeting_record, posting_create
    from giamngheo.reviews.services.decisions import decision_apply, decision_draft
    from giamngheo.reviews.services.surveys import survey_save, survey_submit
    from giamngheo.testing.factories import HIGH_B1, make_household, member
    from giamngheo.testing.surveys import phieu_b

    day = datetime.date(2025, 11, 17)
    escaping = make_household(village=cast.village, status=P, members=[member(full_name="Lò Văn Thoát")])
    make_household(village=cast.village, status=N, members=[member(full_name="Hà Thị Ở")])  # stays near-poor
    leaving = make_household(
        village=cast.village,
        status=P,
        members=[member(full_name="Vi Văn Đi"), member(full_name="Vi Thị Đi", relation=Relation.SPOUSE, sex="2")],
        registered_on=datetime.date(2025, 1, 2),  # registered before it moves away on 01/06/2025
    )
    make_household(village=cast.village, members=[member(full_name="Mới Đến")], registered_on=datetime.date(2026, 2, 1))
    household_end(
        actor=cast.officer, household=leaving, occurred_on=datetime.date(2025, 6, 1), reason=EndReason.MOVED_AWAY
    )
    item = application_receive(
        actor=cast.officer, household=escaping, form="mau_04", applicant_name="A", reason="B", received_on=day
    ).item
    survey, _ = survey_save(actor=cast.officer, item=item, form="B", answers=phieu_b(HIGH_B1), version=0, as_of=day)
    survey_submit(actor=cast.officer, item=item, form="B", version=survey.version, as_of=day)
    meeting_record(
        actor=cast.officer,
        campaign=item.campaign,
        village=cast.village,
        held_on=day,
        chair="A",
        secretary="B",
        attendees=4,
        votes={item.pk: 4},
    )
    posting_create(actor=cast.officer, campaign=item.campaign, commune=cast.commune, starts_on=day)
    decision = decision_draft(actor=cast.officer, campaign=item.campaign, commune=cast.commune)
    decision_apply(actor=cast.chairman, decision=decision, number="9/QĐ", signed_on=datetime.date(2025, 12, 1))

    changes = year_changes(commune_ids=[cast.commune.pk], year=2025)
    households = {change: row["households"] for change, row in changes.items()}
    # The household that moved away is an other decrease, on the row of moves out.
    assert households == {Change.ESCAPED_POOR: 1, Change.REMAINED_NEAR_POOR: 1, Change.MOVED_OUT_POOR: 1}
    assert changes[Change.MOVED_OUT_POOR]["persons"] == 2
    poor_start = households[Change.ESCAPED_POOR] + households[Change.MOVED_OUT_POOR]
    poor_end = poor_start - households[Change.ESCAPED_POOR] - households[Change.MOVED_OUT_POOR]
    assert poor_end == 0 == Household.objects.filter(status=P, ended_on__isnull=True).count()
    assert year_changes(commune_ids=[cast.commune.pk], year=2026)[Change.NOT_POOR]["households"] == 2
