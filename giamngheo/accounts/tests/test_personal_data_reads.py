"""The trace of who read whose personal data (docs/security.md): bounded to one row per user, object and day, read by
auditors and national administrators over their area only, masked CCCDs in the audit trail, purged after its
retention, read-only in the admin."""

import datetime
from io import StringIO

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import CommandError, call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from giamngheo.accounts.models import PersonalDataRead, ReadKind, Role, User
from giamngheo.accounts.services import personal_data_read_record
from giamngheo.testing.factories import PASSWORD, UserFactory, make_household, member

pytestmark = pytest.mark.django_db
URL = "/tai-khoan/nhat-ky/truy-cap/"


def _read(user, unit, key, *, kind=ReadKind.HOUSEHOLD, label=None, day=None, household_id=None):
    at = datetime.datetime.combine(day, datetime.time(9), tzinfo=timezone.get_current_timezone()) if day else None
    personal_data_read_record(
        user=user, kind=kind, key=key, label=label or f"Hộ {key}", unit=unit, household_id=household_id, at=at
    )


@pytest.fixture
def reads(cast):
    """The viewer read a household of Xã Thử A, one of Phường Thử B (same province) and, as a national reader would,
    one of Xã Xa (other province); a province officer downloaded the province's list; a national list was downloaded."""
    _read(cast.viewer, cast.commune, "1", label="Hộ 91001-000001 · Nguyễn Văn An", household_id=1)
    _read(cast.viewer, cast.other_commune, "2", label="Hộ 91002-000001 · Phạm Văn Bắc", household_id=2)
    _read(cast.national_admin, cast.far_commune, "3", label="Hộ 92001-000001 · Nguyễn Văn Xa", household_id=3)
    _read(
        cast.province_officer,
        cast.province,
        "poor_list-91-2025",
        kind=ReadKind.DOWNLOAD,
        label="Danh sách hộ nghèo năm 2025, Tỉnh Thử Nghiệm",
    )
    _read(cast.national_admin, None, "poor_list-VN-2025", kind=ReadKind.DOWNLOAD, label="Danh sách hộ nghèo, Toàn quốc")
    return cast


def _keys(response) -> set[str]:
    return {read.key for read in response.context["page"].object_list}


# ---------------------------------------------------------------- bounded volume


def test_a_second_read_of_the_same_object_the_same_day_adds_nothing_and_does_not_fail(cast):
    with transaction.atomic():  # a failed insert would break the request's transaction on PostgreSQL
        _read(cast.viewer, cast.commune, "1")
        _read(cast.viewer, cast.commune, "1")
        assert PersonalDataRead.objects.count() == 1

    _read(cast.viewer, cast.commune, "1", kind=ReadKind.SHOW)
    _read(cast.officer, cast.commune, "1")
    _read(cast.viewer, cast.commune, "1", day=datetime.date(2025, 11, 18))
    assert PersonalDataRead.objects.count() == 4


def test_a_read_names_the_units_whose_auditors_see_it(cast):
    _read(cast.viewer, cast.commune, "1")
    _read(cast.viewer, cast.province, "list", kind=ReadKind.DOWNLOAD)
    _read(cast.national_admin, None, "national", kind=ReadKind.DOWNLOAD)

    assert set(PersonalDataRead.objects.values_list("key", "commune_id", "province_id")) == {
        ("1", cast.commune.pk, cast.province.pk),
        ("list", None, cast.province.pk),
        ("national", None, None),
    }


def test_an_anonymous_visitor_leaves_no_trace(cast):
    _read(AnonymousUser(), cast.commune, "1")

    assert not PersonalDataRead.objects.exists()


# ---------------------------------------------------------------- who reads the trace, over which area


def test_a_province_auditor_reads_the_reads_of_the_province_only(client, reads):
    client.force_login(reads.auditor)
    response = client.get(URL)

    assert response.status_code == 200
    assert _keys(response) == {"1", "2", "poor_list-91-2025"}
    page = response.content.decode()
    assert "Hộ 91001-000001 · Nguyễn Văn An" in page and "Nguyễn Văn Xa" not in page
    assert "Tải danh sách, văn bản" in page


def test_a_commune_auditor_reads_the_communes_reads_but_not_the_provinces_files(client, reads):
    commune_auditor = UserFactory.create(username="kiemtoan_xa", role=Role.AUDITOR, area=reads.commune)
    client.force_login(commune_auditor)

    assert _keys(client.get(URL)) == {"1"}


def test_the_national_administrator_reads_every_read(client, reads):
    client.force_login(reads.national_admin)

    assert _keys(client.get(URL)) == {"1", "2", "3", "poor_list-91-2025", "poor_list-VN-2025"}


@pytest.mark.parametrize("who", ["viewer", "officer", "chairman", "province_officer", "collaborator"])
def test_the_trace_is_404_for_those_whose_work_it_checks(client, reads, who):
    client.force_login(getattr(reads, who))

    assert client.get(URL).status_code == 404


def test_the_trace_filters_by_user_kind_object_and_day(client, reads):
    client.force_login(reads.national_admin)
    today = timezone.localdate().strftime("%d/%m/%Y")
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).strftime("%d/%m/%Y")

    assert _keys(client.get(URL, {"user": "xem"})) == {"1", "2"}
    assert _keys(client.get(URL, {"kind": ReadKind.DOWNLOAD})) == {"poor_list-91-2025", "poor_list-VN-2025"}
    assert _keys(client.get(URL, {"target": "Phạm Văn Bắc"})) == {"2"}
    assert _keys(client.get(URL, {"target": "91001-000001"})) == {"1"}
    assert len(_keys(client.get(URL, {"date_from": today, "date_to": today}))) == 5
    assert _keys(client.get(URL, {"date_to": yesterday})) == set()


def test_the_trace_says_which_filter_is_wrong_in_vietnamese(client, reads):
    client.force_login(reads.auditor)
    response = client.get(URL, {"date_from": "02/10/2025", "date_to": "01/10/2025", "kind": "peek"})

    page = response.content.decode()
    assert "“Đến ngày” phải sau hoặc bằng “Từ ngày”." in page
    assert "Giá trị chọn ở “Loại” không có trong danh sách." in page


def test_the_audit_trail_and_the_trace_link_to_each_other_for_auditors_only(client, reads):
    client.force_login(reads.auditor)
    assert URL in client.get(reverse("accounts:audit_list")).content.decode()
    assert reverse("accounts:audit_list") in client.get(URL).content.decode()

    client.force_login(reads.officer)
    assert URL not in client.get(reverse("accounts:audit_list")).content.decode()


def test_the_audit_trail_masks_cccds_for_an_auditor_and_not_for_the_commune_officer(client, cast):
    household = make_household(village=cast.village, members=[member(citizen_id="015080001028")])
    assert household.head.citizen_id == "015080001028"

    client.force_login(cast.auditor)
    page = client.get(reverse("accounts:audit_list")).content.decode()
    assert "0150•••••028" in page and "015080001028" not in page

    client.force_login(cast.officer)
    assert "015080001028" in client.get(reverse("accounts:audit_list")).content.decode()


# ---------------------------------------------------------------- retention


def test_the_purge_deletes_the_reads_older_than_the_retention_and_keeps_the_rest(cast, settings):
    today = timezone.localdate()
    for days_ago in (0, 729, 730, 731, 2000):
        _read(cast.viewer, cast.commune, f"{days_ago}", day=today - datetime.timedelta(days=days_ago))
    out = StringIO()
    call_command("purge_personal_data_reads", stdout=out)

    assert set(PersonalDataRead.objects.values_list("key", flat=True)) == {"0", "729", "730"}
    assert "Đã xoá 2 lượt truy cập dữ liệu cá nhân cũ hơn 730 ngày." in out.getvalue()

    settings.PERSONAL_DATA_READ_RETENTION_DAYS = 30
    call_command("purge_personal_data_reads", "--days", "1", stdout=out)
    assert set(PersonalDataRead.objects.values_list("key", flat=True)) == {"0"}


def test_the_purge_refuses_a_retention_under_one_day_and_deletes_nothing(cast):
    _read(cast.viewer, cast.commune, "1", day=timezone.localdate() - datetime.timedelta(days=3))

    with pytest.raises(CommandError, match=r"Số ngày lưu phải từ 1 trở lên \(đang là 0\)"):
        call_command("purge_personal_data_reads", "--days", "0")
    assert PersonalDataRead.objects.count() == 1


# ---------------------------------------------------------------- admin


def test_the_admin_shows_the_trace_to_superusers_read_only(client, reads):
    superuser = User.objects.create_superuser(username="admin", password=PASSWORD, role=Role.NATIONAL_ADMIN)
    read = PersonalDataRead.objects.first()
    client.force_login(superuser)

    assert client.get(reverse("admin:accounts_personaldataread_changelist")).status_code == 200
    assert client.get(reverse("admin:accounts_personaldataread_add")).status_code == 403
    assert (
        client.post(reverse("admin:accounts_personaldataread_delete", args=[read.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert (
        'name="_save"'
        not in client.get(reverse("admin:accounts_personaldataread_change", args=[read.pk])).content.decode()
    )
    assert PersonalDataRead.objects.filter(pk=read.pk).exists()

    reads.officer.is_staff = True
    reads.officer.save()
    client.force_login(reads.officer)
    assert client.get(reverse("admin:accounts_personaldataread_changelist")).status_code == 403
