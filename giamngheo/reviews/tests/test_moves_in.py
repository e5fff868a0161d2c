"""A poor household that moved in is counted as moved in ("khác tăng"), not as newly arising poverty (spec §6.2;
issue 12 §5). Which moves count is data (data/procedure.yaml, move_in_*)."""

import dataclasses
import datetime

import pytest

from giamngheo.registry.models import Household, Status
from giamngheo.registry.services.moves import move_in_record
from giamngheo.reviews.models import Change, LedgerEntry
from giamngheo.reviews.procedure import procedure_in_force
from giamngheo.reviews.selectors import year_changes
from giamngheo.reviews.services import ledger
from giamngheo.standards.params import Param
from giamngheo.testing.factories import LOW_B1, make_household, member
from giamngheo.testing.scenes import THREE, decide, household_moved_in

pytestmark = pytest.mark.django_db

POOR_ANSWERS = {"b1": LOW_B1, "overrides": THREE}  # found poor by the review (Phiếu B)


def _arrived(cast, *, registered_on=datetime.date(2025, 3, 5)) -> Household:
    return make_household(village=cast.village, members=[member(full_name="Lục Văn Đến")], registered_on=registered_on)


def _change(cast, household: Household) -> str:
    decide(cast, [(household, "mau_01", POOR_ANSWERS)], "41/QĐ-UBND")  # signed 01/12/2025
    return LedgerEntry.objects.get(household=household, year=2025).change


def test_a_poor_household_moving_in_with_its_decision_counts_as_moved_in_not_newly_poor(cast):
    household = household_moved_in(cast)

    assert _change(cast, household) == Change.MOVED_IN_POOR
    changes = year_changes(commune_ids=[cast.commune.pk], year=2025)
    assert changes[Change.MOVED_IN_POOR]["households"] == 1
    assert Change.NEWLY_POOR not in changes


def test_without_a_recorded_origin_the_same_household_is_newly_poor(cast):
    assert _change(cast, _arrived(cast)) == Change.NEWLY_POOR


def test_a_household_from_abroad_without_a_known_status_counts_as_the_procedure_data_says(cast):
    household = _arrived(cast)
    move_in_record(actor=cast.officer, household=household, moved_on=datetime.date(2025, 3, 1), from_abroad=True)
    rule = procedure_in_force(datetime.date(2025, 12, 1)).move_in_unknown_status_counts_as_moved_in

    # The shipped data counts it as moved in (spec §6.2 puts moves in under "khác tăng"), tagged unverified.
    assert (rule.value, rule.status) == (True, "U")
    assert _change(cast, household) == Change.MOVED_IN_POOR


def test_with_the_data_turned_the_other_way_a_household_from_abroad_is_newly_poor(cast, monkeypatch):
    household = _arrived(cast)
    move_in_record(actor=cast.officer, household=household, moved_on=datetime.date(2025, 3, 1), from_abroad=True)
    in_force = procedure_in_force(datetime.date(2025, 12, 1))
    turned = dataclasses.replace(in_force, move_in_unknown_status_counts_as_moved_in=Param(False, "thử nghiệm", "U"))
    monkeypatch.setattr(ledger, "procedure_in_force", lambda day: turned)

    assert _change(cast, household) == Change.NEWLY_POOR


def test_a_household_not_poor_where_it_lived_and_found_poor_here_is_newly_poor(cast):
    household = household_moved_in(cast, status_there=Status.NOT_POOR)

    assert _change(cast, household) == Change.NEWLY_POOR


def test_a_move_older_than_the_procedures_months_no_longer_counts(cast):
    # Moved more than 12 months before the decision of 01/12/2025.
    household = household_moved_in(cast, moved_on=datetime.date(2024, 5, 20), registered_on=datetime.date(2024, 6, 1))

    assert _change(cast, household) == Change.NEWLY_POOR
