"""Personal data on the register's pages (docs/security.md): who sees full CCCDs, the audited "Hiện số CCCD" button,
and the trace of every household and person page read, one row per user, object and day."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from giamngheo.accounts.models import Agency, PersonalDataRead, ReadKind, Role
from giamngheo.registry.models import Relation
from giamngheo.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


def _ids(household):
    """The head's and the spouse's CCCDs, and the head's as a masked number reads."""
    head = household.persons.get(relation=Relation.HEAD)
    wife = household.persons.get(relation=Relation.SPOUSE)
    return head, wife, f"{head.citizen_id[:4]}•••••{head.citizen_id[-3:]}"


def _page(client, household):
    return client.get(reverse("registry:household_detail", args=[household.pk])).content.decode()


@pytest.fixture
def agency_officer(cast):
    agency = Agency.objects.create(province=cast.province, name="Sở Y tế")
    return UserFactory.create(username="so_yte", role=Role.AGENCY_OFFICER, area=cast.province, agency=agency)


# ---------------------------------------------------------------- who sees full CCCDs


def test_a_viewer_sees_the_cccds_masked_with_a_button_to_show_them(client, cast, an):
    head, wife, masked = _ids(an)
    client.force_login(cast.viewer)
    page = _page(client, an)

    assert masked in page
    assert head.citizen_id not in page and wife.citizen_id not in page
    assert page.count("Hiện số CCCD</button>") == 2


@pytest.mark.parametrize("who", ["auditor", "agency_officer"])
def test_auditors_and_agency_officers_see_the_cccds_masked_too(client, cast, an, agency_officer, who):
    head, _, masked = _ids(an)
    client.force_login(agency_officer if who == "agency_officer" else cast.auditor)
    page = _page(client, an)

    assert masked in page and head.citizen_id not in page


@pytest.mark.parametrize("who", ["officer", "chairman", "collaborator", "province_officer", "national_admin"])
def test_those_who_review_the_household_see_the_full_cccds(client, cast, an, who):
    head, wife, masked = _ids(an)
    client.force_login(getattr(cast, who))
    page = _page(client, an)

    assert head.citizen_id in page and wife.citizen_id in page
    assert masked not in page and "Hiện số CCCD</button>" not in page


# ---------------------------------------------------------------- the trace of pages read


def test_the_officers_view_of_the_household_page_is_recorded(client, cast, an):
    client.force_login(cast.officer)
    _page(client, an)

    read = PersonalDataRead.objects.get()
    assert (read.user, read.kind, read.key, read.household_id) == (cast.officer, ReadKind.HOUSEHOLD, str(an.pk), an.pk)
    assert (read.commune_id, read.province_id) == (cast.commune.pk, cast.province.pk)
    assert read.day == timezone.localdate()
    assert an.code in read.label and "Nguyễn Văn An" in read.label


def test_two_views_of_a_household_on_one_day_make_one_entry_and_on_two_days_two(client, cast, an, monkeypatch):
    client.force_login(cast.viewer)  # before the clock moves back, so the session is still valid on both days
    for day, hour in ((17, 8), (17, 15), (18, 9)):
        moment = datetime.datetime(2025, 11, day, hour, tzinfo=datetime.UTC)
        monkeypatch.setattr(timezone, "now", lambda moment=moment: moment)
        _page(client, an)

    reads = PersonalDataRead.objects.filter(kind=ReadKind.HOUSEHOLD).order_by("day")
    assert [r.day for r in reads] == [datetime.date(2025, 11, 17), datetime.date(2025, 11, 18)]
    assert reads[0].at.hour == 8  # the first read of the day is kept


def test_other_users_reading_the_same_household_each_leave_their_own_entry(client, cast, an):
    for user in (cast.viewer, cast.officer):
        client.force_login(user)
        _page(client, an)

    assert set(PersonalDataRead.objects.values_list("user__username", flat=True)) == {"xem", "canbo"}


def test_a_member_page_read_is_recorded_once_a_day(client, cast, an):
    wife = an.persons.get(relation=Relation.SPOUSE)
    client.force_login(cast.officer)
    url = reverse("registry:person_edit", args=[wife.pk])
    assert client.get(url).status_code == 200
    client.get(url)

    read = PersonalDataRead.objects.get(kind=ReadKind.PERSON)
    assert (read.key, read.household_id) == (str(wife.pk), an.pk)
    assert read.label == f"Trần Thị Bình, hộ {an.code}"


def test_a_page_refused_outside_the_area_records_nothing(client, cast, an):
    client.force_login(cast.other_officer)

    assert client.get(reverse("registry:household_detail", args=[an.pk])).status_code == 404
    assert not PersonalDataRead.objects.exists()


# ---------------------------------------------------------------- "Hiện số CCCD"


def test_showing_a_cccd_records_it_and_shows_that_number_in_this_response_only(client, cast, an):
    head, wife, masked = _ids(an)
    client.force_login(cast.viewer)
    response = client.post(reverse("registry:household_detail", args=[an.pk]), {"person": wife.pk})

    page = response.content.decode()
    assert response.status_code == 200
    assert wife.citizen_id in page
    assert head.citizen_id not in page and masked in page  # the other member stays masked
    shown = PersonalDataRead.objects.get(kind=ReadKind.SHOW)
    assert (shown.user, shown.key, shown.household_id) == (cast.viewer, str(wife.pk), an.pk)
    assert shown.label == f"Trần Thị Bình, hộ {an.code}"
    assert wife.citizen_id not in _page(client, an)  # the next view is masked again


def test_showing_the_cccd_of_someone_outside_the_household_is_refused_and_records_nothing(
    client, cast, an, other_village_household
):
    stranger = other_village_household.persons.get()
    client.force_login(cast.viewer)
    response = client.post(reverse("registry:household_detail", args=[an.pk]), {"person": stranger.pk}, follow=True)

    page = response.content.decode()
    assert "Thành viên cần hiện số CCCD" in page and "không có trong danh sách" in page
    assert stranger.citizen_id not in page
    assert not PersonalDataRead.objects.filter(kind=ReadKind.SHOW).exists()


@pytest.mark.parametrize("value", ["", "abc", "99999999"])
def test_a_show_request_without_a_member_says_so_in_vietnamese(client, cast, an, value):
    client.force_login(cast.viewer)
    response = client.post(reverse("registry:household_detail", args=[an.pk]), {"person": value}, follow=True)

    assert "Thành viên cần hiện số CCCD" in response.content.decode()
    assert not PersonalDataRead.objects.filter(kind=ReadKind.SHOW).exists()


def test_the_show_button_needs_the_csrf_token(cast, an):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.viewer)
    wife = an.persons.get(relation=Relation.SPOUSE)

    assert client.post(reverse("registry:household_detail", args=[an.pk]), {"person": wife.pk}).status_code == 403
    assert not PersonalDataRead.objects.exists()


# ---------------------------------------------------------------- who read this household, for its auditors


def test_the_auditor_reads_who_viewed_a_household_of_their_province(client, cast, an):
    client.force_login(cast.viewer)
    _page(client, an)
    client.force_login(cast.auditor)
    page = _page(client, an)
    assert reverse("registry:household_reads", args=[an.pk]) in page

    response = client.get(reverse("registry:household_reads", args=[an.pk]))
    assert response.status_code == 200
    assert [(r.user.username, r.kind) for r in response.context["page"].object_list] == [
        ("kiemtoan", ReadKind.HOUSEHOLD),
        ("xem", ReadKind.HOUSEHOLD),
    ]


def test_the_household_reads_are_404_outside_the_auditors_area_and_for_other_roles(client, cast, an, far_household):
    client.force_login(cast.auditor)
    assert client.get(reverse("registry:household_reads", args=[far_household.pk])).status_code == 404
    client.force_login(cast.officer)
    assert client.get(reverse("registry:household_reads", args=[an.pk])).status_code == 404
    assert reverse("registry:household_reads", args=[an.pk]) not in _page(client, an)
