"""Scenes shared by the tests of several apps: a year of reviews with its decision signed; a day of the next year's
review under way; a village's periodic review of larger households, surveyed, agreed, posted and signed (the printed
documents' tests, PDF and browser)."""

import datetime
from dataclasses import dataclass
from typing import Any

from giamngheo.areas.models import AdminUnit
from giamngheo.registry.models import EndReason, Household, Relation, Sex, Status
from giamngheo.registry.services.households import household_end
from giamngheo.registry.services.moves import move_in_record
from giamngheo.reviews.models import Campaign, Complaint, Decision, Posting, ReviewItem, VillageMeeting
from giamngheo.reviews.services.campaigns import application_receive, campaign_create, review_list_build
from giamngheo.reviews.services.community import complaint_receive, meeting_record, posting_create
from giamngheo.reviews.services.decisions import decision_apply, decision_draft
from giamngheo.reviews.services.surveys import survey_save, survey_submit
from giamngheo.support.services import support_record
from giamngheo.testing.cast import Cast
from giamngheo.testing.factories import HIGH_B1, LOW_B1, make_household, member
from giamngheo.testing.surveys import REVIEW_DAY, THREE_DEPRIVATIONS, phieu_b

DAY = datetime.date(2025, 11, 17)
SIGNED = datetime.date(2025, 12, 1)
THREE = {c: {"deprived": True, "reason": "Kiểm tra tại hộ"} for c in ("employment", "housing_quality", "water")}


def decide(cast: Cast, households_answers: list[tuple[Household, str, dict[str, Any]]], number: str) -> None:
    """Each household received, surveyed with its Phiếu B, agreed by the village, posted and decided."""
    decision = draft(cast, households_answers)
    decision_apply(actor=cast.chairman, decision=decision, number=number, signed_on=SIGNED)


def draft(cast: Cast, households_answers: list[tuple[Household, str, dict[str, Any]]]) -> Decision:
    """Each household received, surveyed with its Phiếu B, agreed by the village and posted: the decision drafted,
    for the chairman to sign on SIGNED (01/12/2025) or after."""
    items = []
    for household, form, answers in households_answers:
        item = application_receive(
            actor=cast.officer, household=household, form=form, applicant_name="A", reason="B", received_on=DAY
        ).item
        assert item is not None
        _survey(cast, item, answers, DAY)
        items.append(item)
    return _agree_post_draft(cast, items, held_on=DAY, posted_on=DAY)


def _survey(cast: Cast, item: ReviewItem, answers: dict[str, Any], day: datetime.date) -> None:
    survey, _ = survey_save(actor=cast.officer, item=item, form="B", answers=answers, version=0, as_of=day)
    survey_submit(actor=cast.officer, item=item, form="B", version=survey.version, as_of=day)


def _agree_post_draft(
    cast: Cast, items: list[ReviewItem], *, held_on: datetime.date, posted_on: datetime.date
) -> Decision:
    """The village agrees every item (5 of 5), the commune posts the results and drafts the decision."""
    campaign = items[0].campaign
    meeting_record(
        actor=cast.officer,
        campaign=campaign,
        village=cast.village,
        held_on=held_on,
        chair="A",
        secretary="B",
        attendees=5,
        votes={i.pk: 5 for i in items},
    )
    posting_create(actor=cast.officer, campaign=campaign, commune=cast.commune, starts_on=posted_on)
    return decision_draft(actor=cast.officer, campaign=campaign, commune=cast.commune)


def household_moved_in(
    cast: Cast,
    *,
    status_there: str = Status.POOR,
    moved_on: datetime.date = datetime.date(2025, 3, 1),
    registered_on: datetime.date = datetime.date(2025, 3, 5),
) -> Household:
    """A household of Thôn Một that moved in from Xã Xa (another province) and registered a few days later, with the
    status recognised there by that commune's decision of the previous December."""
    household = make_household(
        village=cast.village, members=[member(full_name="Lục Văn Đến")], registered_on=registered_on
    )
    move_in_record(
        actor=cast.officer,
        household=household,
        moved_on=moved_on,
        from_commune=cast.far_commune,
        status_there=status_there,
        decision_number="17/QĐ-UBND",
        decision_date=datetime.date(moved_on.year - 1, 12, 10),
    )
    return household


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


def periodic_review_2026(cast: Cast) -> Campaign:
    """Tỉnh Thử Nghiệm's periodic review of 2026 in Xã Thử A, from 15/09 to 15/10/2026, under the 2022–2025 standard."""
    return campaign_create(
        actor=cast.province_officer,
        province=cast.province,
        year=2026,
        standard_code="2022-2025",
        plan_start=datetime.date(2026, 9, 15),
        plan_end=datetime.date(2026, 10, 15),
        communes=[cast.commune],
    )


WORK_DAY = datetime.date(2026, 10, 9)  # the day the pages of working_day are looked at (reviews' views.today)


@dataclass
class WorkingDay:
    """What a collaborator of Thôn Một and the officer of Xã Thử A have in hand on WORK_DAY."""

    cast: Cast
    campaign: Campaign  # the 2026 periodic review, under way
    listed: ReviewItem  # a poor household waiting for its Phiếu B
    surveyed: ReviewItem  # Phiếu B submitted, waiting for the village meeting
    posted: ReviewItem  # agreed by the village, posted, and complained about
    screening: ReviewItem  # a Mẫu 01 request: Phiếu A and Phiếu B
    average: ReviewItem  # a request to determine average living standard: Phiếu B and Phiếu C
    complaint: Complaint  # about the posted household, not re-checked yet
    decision: Decision  # 2025's signed decision (year_2025)
    escaped: Household  # escaped poverty by that decision (a certificate), then helped to build a house


def working_day(cast: Cast) -> WorkingDay:
    """Xã Thử A after year_2025, in the middle of its 2026 periodic review: a household at each step, from listed to
    posted and complained about, two requests received during the review (Mẫu 01 and Mẫu 01 for average living
    standard) that add Phiếu A and Phiếu C to the work, and 2025's escaped household helped to build a house."""
    year_2025(cast)
    campaign = periodic_review_2026(cast)
    heads = {
        "listed": ("Lò Văn Chờ", Status.POOR),
        "surveyed": ("Hà Thị Họp", Status.NEAR_POOR),
        "posted": ("Vi Văn Niêm Yết", Status.POOR),
        "screening": ("Đinh Thị Xin", Status.NOT_POOR),
        "average": ("Lương Văn Trung Bình", Status.NOT_POOR),
    }
    households = {
        key: make_household(village=cast.village, status=status, members=[member(full_name=name)])
        for key, (name, status) in heads.items()
    }
    for key, form in (("screening", "mau_01"), ("average", "mau_01_tb")):
        application_receive(
            actor=cast.officer,
            household=households[key],
            form=form,
            applicant_name=heads[key][0],
            reason="Gia đình đề nghị rà soát",
            received_on=datetime.date(2026, 9, 20),
        )
    review_list_build(actor=cast.officer, campaign=campaign, commune=cast.commune)
    items = {key: ReviewItem.objects.get(campaign=campaign, household=h) for key, h in households.items()}
    surveyed_on = datetime.date(2026, 10, 1)
    for key in ("surveyed", "posted"):
        survey, _ = survey_save(
            actor=cast.collaborator, item=items[key], form="B", answers=phieu_b(), version=0, as_of=surveyed_on
        )
        survey_submit(actor=cast.collaborator, item=items[key], form="B", version=survey.version, as_of=surveyed_on)
    meeting_record(
        actor=cast.officer,
        campaign=campaign,
        village=cast.village,
        held_on=datetime.date(2026, 10, 2),
        chair="Lò Văn Trưởng",
        secretary="Hà Thị Ký",
        attendees=12,
        votes={items["posted"].pk: 11},
    )
    posting_create(
        actor=cast.officer,
        campaign=campaign,
        commune=cast.commune,
        village=cast.village,
        starts_on=datetime.date(2026, 10, 5),
    )
    complaint = complaint_receive(
        actor=cast.officer,
        item=items["posted"],
        received_on=datetime.date(2026, 10, 6),
        complainant="Vi Văn Hàng Xóm",
        content="Đề nghị xem lại thu nhập của hộ",
    )
    escaped = Household.objects.get(persons__full_name="Lò Văn Thoát")
    support_record(
        actor=cast.officer,
        household=escaped,
        kind="house_built",
        delivered_on=datetime.date(2026, 3, 2),
        amount=40_000_000,
        reference="12/QĐ-UBND",
    )
    for item in items.values():
        item.refresh_from_db()
    return WorkingDay(
        cast=cast,
        campaign=campaign,
        complaint=complaint,
        decision=Decision.objects.get(number="40/QĐ-UBND"),
        escaped=escaped,
        **items,
    )


def campaign_2025(cast: Cast, communes: list[AdminUnit]) -> Campaign:
    """The province's periodic review of 2025 under the 2022–2025 standard, planned 15/09–30/11/2025."""
    return campaign_create(
        actor=cast.province_officer,
        province=cast.province,
        year=2025,
        standard_code="2022-2025",
        plan_start=datetime.date(2025, 9, 15),
        plan_end=datetime.date(2025, 11, 30),
        communes=communes,
    )


RELATIONS = [Relation.SPOUSE, Relation.CHILD, Relation.CHILD, Relation.CHILD, Relation.CHILD]


def family(n: int, size: int) -> list[dict[str, Any]]:
    """A head "Nguyễn Văn Chủ Hộ <n>" born 1970 and `size` − 1 members without a CCCD."""
    head = member(full_name=f"Nguyễn Văn Chủ Hộ {n:03d}", date_of_birth=datetime.date(1970, 1, 1))
    others = [
        member(
            full_name=f"Trần Thị Thành Viên {n:03d}-{k}",
            sex=Sex.FEMALE,
            relation=RELATIONS[k - 1],
            date_of_birth=datetime.date(1990 + k, 3, 4),
            citizen_id=None,
        )
        for k in range(1, size)
    ]
    return [head, *others]


def signed_review(
    cast: Cast, campaign: Campaign, *, households: int, sizes: tuple[int, ...]
) -> tuple[VillageMeeting, Posting, Decision, list[Household]]:
    """`households` poor households of Thôn Một ("Số nhà 20", 21, …), of the given sizes in turn, surveyed, agreed at
    one meeting on 10/10/2025, posted in the village from 20/10, decided (12/QĐ-UBND) and signed on 25/10/2025."""
    listed = [
        make_household(
            village=cast.village,
            status=Status.POOR,
            address=f"Số nhà {n + 20}",
            members=family(n, sizes[n % len(sizes)]),
        )
        for n in range(households)
    ]
    review_list_build(actor=cast.officer, campaign=campaign, commune=cast.commune)
    items = list(ReviewItem.objects.filter(household__in=listed))
    for item in items:
        answers = phieu_b(overrides=THREE_DEPRIVATIONS)
        survey, _ = survey_save(actor=cast.officer, item=item, form="B", answers=answers, version=0, as_of=REVIEW_DAY)
        survey_submit(actor=cast.officer, item=item, form="B", version=survey.version, as_of=REVIEW_DAY)
    meeting = meeting_record(
        actor=cast.officer,
        campaign=campaign,
        village=cast.village,
        held_on=datetime.date(2025, 10, 10),
        chair="Hoàng Văn Trưởng",
        secretary="Nông Thị Ghi",
        attendees=40,
        organisations="Chi hội Phụ nữ, Chi hội Nông dân, Chi đoàn Thanh niên",
        front_supervisor="Triệu Văn Giám",
        votes={item.pk: 30 for item in items},
    )
    posting = posting_create(
        actor=cast.officer,
        campaign=campaign,
        commune=cast.commune,
        village=cast.village,
        starts_on=datetime.date(2025, 10, 20),
    )
    draft = decision_draft(actor=cast.officer, campaign=campaign, commune=cast.commune)
    decision = decision_apply(
        actor=cast.chairman, decision=draft, number="12/QĐ-UBND", signed_on=datetime.date(2025, 10, 25)
    )
    return meeting, posting, decision, listed


def decide_2026(
    cast: Cast, household: Household, answers: dict[str, Any], *, signed_on: datetime.date, number: str
) -> Decision:
    """The 2026 periodic review decides again on `household` (poor or near-poor since year_2025): listed, surveyed
    with Phiếu B `answers` ({"b1": HIGH_B1} escapes), agreed, posted from 01/10/2026 and decided by decision `number`
    of `signed_on` (after the posting ends)."""
    campaign = periodic_review_2026(cast)
    review_list_build(actor=cast.officer, campaign=campaign, commune=cast.commune)
    item = ReviewItem.objects.get(campaign=campaign, household=household)
    _survey(cast, item, answers, datetime.date(2026, 9, 20))
    decision = _agree_post_draft(cast, [item], held_on=datetime.date(2026, 9, 25), posted_on=datetime.date(2026, 10, 1))
    return decision_apply(actor=cast.chairman, decision=decision, number=number, signed_on=signed_on)
