"""Scenes shared by the tests of several apps: a year of reviews with its decision signed."""

import datetime
from typing import Any

from giamngheo.registry.models import EndReason, Household, Relation, Status
from giamngheo.registry.services.households import household_end
from giamngheo.reviews.services.campaigns import application_receive
from giamngheo.reviews.services.community import meeting_record, posting_create
from giamngheo.reviews.services.decisions import decision_apply, decision_draft
from giamngheo.reviews.services.surveys import survey_save, survey_submit
from giamngheo.testing.cast import Cast
from giamngheo.testing.factories import HIGH_B1, LOW_B1, make_household, member

DAY = datetime.date(2025, 11, 17)
SIGNED = datetime.date(2025, 12, 1)
THREE = {c: {"deprived": True, "reason": "Kiểm tra tại hộ"} for c in ("employment", "housing_quality", "water")}


def decide(cast: Cast, households_answers: list[tuple[Household, str, dict[str, Any]]], number: str) -> None:
    """Each household received, surveyed with its Phiếu B, agreed by the village, posted and decided."""
    items = []
    for household, form, answers in households_answers:
        item = application_receive(
            actor=cast.officer, household=household, form=form, applicant_name="A", reason="B", received_on=DAY
        ).item
        assert item is not None
        survey, _ = survey_save(actor=cast.officer, item=item, form="B", answers=answers, version=0, as_of=DAY)
        survey_submit(actor=cast.officer, item=item, form="B", version=survey.version, as_of=DAY)
        items.append(item)
    meeting_record(
        actor=cast.officer,
        campaign=items[0].campaign,
        village=cast.village,
        held_on=DAY,
        chair="A",
        secretary="B",
        attendees=5,
        votes={i.pk: 5 for i in items},
    )
    posting_create(actor=cast.officer, campaign=items[0].campaign, commune=cast.commune, starts_on=DAY)
    decision = decision_draft(actor=cast.officer, campaign=items[0].campaign, commune=cast.commune)
    decision_apply(actor=cast.chairman, decision=decision, number=number, signed_on=SIGNED)


def year_2025(cast: Cast) -> Cast:
    """Xã Thử A in 2025: one poor household escapes, one new poor household arises, a poor household of two moves
    away, a near-poor one stays; Phường Thử B has one near-poor household and nothing happens there."""
    escaping = make_household(village=cast.village, status=Status.POOR, members=[member(full_name="Lò Văn Thoát")])
    arising = make_household(village=cast.village, members=[member(full_name="Vũ Văn Mới")])
    leaving = make_household(
        village=cast.village,
        status=Status.POOR,
        members=[member(full_name="Vi Văn Đi"), member(full_name="Vi Thị Đi", relation=Relation.SPOUSE, sex="2")],
        registered_on=datetime.date(2025, 1, 2),  # registered before it moves away on 01/06/2025
    )
    make_household(village=cast.village, status=Status.NEAR_POOR, members=[member(full_name="Hà Thị Ở")])
    make_household(village=cast.other_commune_village, status=Status.NEAR_POOR, members=[member(full_name="Đỗ Văn B")])
    household_end(
        actor=cast.officer, household=leaving, occurred_on=datetime.date(2025, 6, 1), reason=EndReason.MOVED_AWAY
    )
    decide(
        cast,
        [(escaping, "mau_04", {"b1": HIGH_B1}), (arising, "mau_01", {"b1": LOW_B1, "overrides": THREE})],
        "40/QĐ-UBND",
    )
    return cast
