"""The review's documents name households: every download is recorded (docs/security.md), once a day per user and
document whatever its format, and a certificate prints the head's CCCD in full only for those who may see it."""

import datetime

import pytest

from giamngheo.accounts.models import PersonalDataRead, ReadKind
from giamngheo.reviews.models import Campaign, Certificate, Decision, Posting, VillageMeeting
from giamngheo.reviews.services.campaigns import application_receive
from giamngheo.reviews.services.community import meeting_record, posting_create
from giamngheo.reviews.services.refusals import refusal_issue
from giamngheo.reviews.services.surveys import survey_save, survey_submit
from giamngheo.testing.factories import HIGH_B1, make_household, member
from giamngheo.testing.pdf import pdf_pages

pytestmark = pytest.mark.django_db


def _reads():
    return {(r.user.username, r.key, r.commune_id, r.household_id) for r in PersonalDataRead.objects.all()}


def _certificate_text(client, certificate) -> str:
    response = client.get(f"/ra-soat/giay-chung-nhan/{certificate.pk}.pdf")
    assert response.status_code == 200
    return " ".join(pdf_pages(response.content))


def test_a_viewer_downloads_a_certificate_with_the_cccd_masked_and_the_download_recorded(client, year_2025):
    cast = year_2025
    certificate = Certificate.objects.select_related("household__head").first()
    number = certificate.household.head.citizen_id
    client.force_login(cast.viewer)
    text = _certificate_text(client, certificate)

    assert number not in text
    assert f"{number[:4]}•••••{number[-3:]}" in text
    assert _reads() == {("xem", f"certificate:{certificate.pk}", cast.commune.pk, certificate.household_id)}
    read = PersonalDataRead.objects.get()
    assert read.kind == ReadKind.DOWNLOAD and certificate.household.code in read.label


def test_the_commune_officer_prints_the_certificate_with_the_full_cccd(client, year_2025):
    cast = year_2025
    certificate = Certificate.objects.select_related("household__head").first()
    client.force_login(cast.officer)

    assert certificate.household.head.citizen_id in _certificate_text(client, certificate)


@pytest.mark.parametrize(("who", "full"), [("viewer", False), ("auditor", False), ("chairman", True)])
def test_the_decisions_certificates_mask_the_cccds_for_those_who_may_not_see_them(client, year_2025, who, full):
    cast = year_2025
    decision = Decision.objects.get()
    heads = [c.household.head.citizen_id for c in Certificate.objects.select_related("household__head")]
    client.force_login(getattr(cast, who))
    response = client.get(f"/ra-soat/quyet-dinh/{decision.pk}/giay-chung-nhan.pdf")
    text = " ".join(pdf_pages(response.content))

    assert heads and all((number in text) == full for number in heads)
    assert (f"certificates:{decision.pk}", cast.commune.pk) in {
        (r.key, r.commune_id) for r in PersonalDataRead.objects.all()
    }


def test_the_decision_in_either_format_is_one_entry_a_day(client, year_2025):
    cast = year_2025
    decision = Decision.objects.get()
    client.force_login(cast.viewer)
    for fmt in ("pdf", "xlsx", "pdf"):
        assert client.get(f"/ra-soat/quyet-dinh/{decision.pk}/van-ban.{fmt}").status_code == 200
    assert client.get(f"/ra-soat/quyet-dinh/{decision.pk}/van-ban.doc").status_code == 404

    assert _reads() == {("xem", f"decision:{decision.pk}", cast.commune.pk, None)}
    assert PersonalDataRead.objects.get().label == "Quyết định số 40/QĐ-UBND ngày 01/12/2025"


def test_the_review_list_minutes_and_posting_downloads_are_recorded(client, year_2025):
    cast = year_2025
    campaign = Campaign.objects.get()
    meeting = VillageMeeting.objects.get()
    posting = Posting.objects.get()
    client.force_login(cast.province_officer)
    for url in (
        f"/ra-soat/{campaign.pk}/xa/{cast.commune.pk}/danh-sach.xlsx",
        f"/ra-soat/hop-dan/{meeting.pk}/bien-ban.pdf",
        f"/ra-soat/niem-yet/{posting.pk}/danh-sach.pdf",
    ):
        assert client.get(url).status_code == 200

    assert _reads() == {
        ("tinh", f"review_list:{campaign.pk}:{cast.commune.pk}", cast.commune.pk, None),
        ("tinh", f"minutes:{meeting.pk}", cast.commune.pk, None),
        ("tinh", f"posting:{posting.pk}", cast.commune.pk, None),
    }
    labels = set(PersonalDataRead.objects.values_list("label", flat=True))
    assert f"Danh sách hộ cần rà soát, {campaign}, Xã Thử A" in labels
    assert f"Biên bản Họp dân Thôn Một ngày {meeting.held_on:%d/%m/%Y}" in labels


def test_a_written_refusal_download_is_recorded_against_its_household(client, year_2025):
    cast = year_2025
    day = datetime.date(2025, 11, 17)
    applicant = make_household(village=cast.village, members=[member(full_name="Vũ Thị Khá", sex="2")])
    item = application_receive(
        actor=cast.officer, household=applicant, form="mau_01", applicant_name="Vũ Thị Khá", reason="B", received_on=day
    ).item
    survey, _ = survey_save(actor=cast.officer, item=item, form="B", answers={"b1": HIGH_B1}, version=0, as_of=day)
    survey_submit(actor=cast.officer, item=item, form="B", version=survey.version, as_of=day)
    campaign = Campaign.objects.get()
    meeting_record(
        actor=cast.officer,
        campaign=campaign,
        village=cast.village,
        held_on=day,
        chair="A",
        secretary="B",
        attendees=5,
        votes={item.pk: 5},
    )
    posting_create(actor=cast.officer, campaign=campaign, commune=cast.commune, starts_on=day)
    refusal_issue(
        actor=cast.chairman, item=item, number="35/UBND", issued_on=datetime.date(2025, 12, 1), reasons="Điểm B1 cao"
    )
    client.force_login(cast.chairman)

    assert client.get(f"/ra-soat/ho/{item.pk}/tra-loi.pdf").status_code == 200
    read = PersonalDataRead.objects.get()
    assert (read.key, read.household_id, read.commune_id) == (f"refusal:{item.pk}", applicant.pk, cast.commune.pk)
    assert read.label.startswith("Văn bản số 35/UBND ngày 01/12/2025, trả lời hộ ")


def test_a_document_outside_the_area_is_404_and_records_nothing(client, year_2025):
    cast = year_2025
    client.force_login(cast.far_officer)

    assert client.get(f"/ra-soat/quyet-dinh/{Decision.objects.get().pk}/van-ban.pdf").status_code == 404
    assert client.get(f"/ra-soat/giay-chung-nhan/{Certificate.objects.first().pk}.pdf").status_code == 404
    assert not PersonalDataRead.objects.exists()
