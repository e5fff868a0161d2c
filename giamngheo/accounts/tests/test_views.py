"""Account pages (log in, lock-out, log out, password), the audit trail page, the admin and the error pages."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from giamngheo.accounts.models import AuditAction, AuditEntry, Role, User
from giamngheo.areas.models import Village
from giamngheo.registry.models import Household, Person
from giamngheo.registry.services.households import household_update
from giamngheo.testing.factories import PASSWORD, make_household, member

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------- log in and out


def test_the_login_page_logs_in_and_lands_on_the_household_list(client, cast):
    response = client.post(reverse("accounts:login"), {"username": "canbo", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == reverse("registry:household_list")
    page = client.get(response["Location"]).content.decode()
    assert "Cán bộ xã" in page
    assert "Xã Thử A" in page


def test_the_login_page_says_in_vietnamese_that_the_password_is_wrong(client, cast):
    response = client.post(reverse("accounts:login"), {"username": "canbo", "password": "sai-mat-khau"})

    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_login_page_locks_after_five_failures_and_explains_why(client, cast):
    for _attempt in range(5):
        client.post(reverse("accounts:login"), {"username": "canbo", "password": "sai-mat-khau"})
    response = client.post(reverse("accounts:login"), {"username": "canbo", "password": PASSWORD})

    assert response.status_code == 429
    assert "Tạm khoá đăng nhập" in response.content.decode()
    assert "Đã nhập sai mật khẩu 5 lần liên tiếp" in response.content.decode()
    assert "Xin thử lại sau 15 phút." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_logout_view_logs_out_only_by_post(client, cast):
    client.force_login(cast.officer)

    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    assert "_auth_user_id" not in client.session


def test_the_language_switch_turns_the_interface_to_english_and_back(client, cast):
    client.force_login(cast.officer)
    client.post(reverse("set_language"), {"language": "en", "next": reverse("registry:household_list")})

    assert '<html lang="en">' in client.get(reverse("registry:household_list")).content.decode()
    client.post(reverse("set_language"), {"language": "vi", "next": reverse("registry:household_list")})
    assert '<html lang="vi">' in client.get(reverse("registry:household_list")).content.decode()


# ---------------------------------------------------------------- password


def test_the_password_page_changes_the_password(client, cast):
    client.force_login(cast.officer)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": "Rừng-chè-xanh-2025", "new_password2": "Rừng-chè-xanh-2025"},
    )

    assert response.status_code == 302
    cast.officer.refresh_from_db()
    assert cast.officer.check_password("Rừng-chè-xanh-2025")


def test_the_password_page_explains_a_refused_password_in_vietnamese(client, cast):
    client.force_login(cast.officer)
    wrong_old = client.post(
        reverse("accounts:password_change"),
        {"old_password": "khong-dung", "new_password1": "Rừng-chè-xanh-2025", "new_password2": "Rừng-chè-xanh-2025"},
    )
    too_short = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": "12345", "new_password2": "12345"},
    )

    assert "Mật khẩu hiện tại không đúng. Xin nhập lại." in wrong_old.content.decode()
    content = too_short.content.decode()
    assert "Mật khẩu mới quá ngắn: cần ít nhất 10 ký tự." in content
    assert "Mật khẩu mới không được chỉ gồm chữ số." in content
    cast.officer.refresh_from_db()
    assert cast.officer.check_password(PASSWORD)


# ---------------------------------------------------------------- the audit trail


@pytest.fixture
def changes(cast):
    """One change in each commune of the cast: Xã Thử A, Phường Thử B (same province), Xã Xa (other province)."""
    here = make_household(village=cast.village)
    household_update(actor=cast.officer, household=here, data={"income_per_capita": 900_000})
    there = make_household(village=cast.other_commune_village, members=[member(full_name="Phạm Văn Bắc")])
    far = make_household(village=cast.far_village, members=[member(full_name="Nguyễn Văn Xa")])
    return here, there, far


def shown_households(response) -> set[int | None]:
    return {row.entry.household_id for row in response.context["rows"]}


def test_the_audit_page_shows_an_auditor_the_changes_of_the_whole_province_only(client, cast, changes):
    here, there, _far = changes
    client.force_login(cast.auditor)
    response = client.get(reverse("accounts:audit_list"))

    assert response.status_code == 200
    assert shown_households(response) == {here.pk, there.pk}
    content = response.content.decode()
    assert "Thu nhập bình quân (đồng/người/tháng):" in content
    assert "900.000" in content
    assert "Nguyễn Văn Xa" not in content


def test_the_audit_page_shows_a_commune_officer_the_changes_of_their_commune(client, cast, changes):
    here, _there, _far = changes
    client.force_login(cast.officer)

    assert shown_households(client.get(reverse("accounts:audit_list"))) == {here.pk}


@pytest.mark.parametrize("who", ["viewer", "collaborator"])
def test_the_audit_page_returns_404_to_those_who_may_not_read_the_audit(client, cast, changes, who):
    client.force_login(getattr(cast, who))

    assert client.get(reverse("accounts:audit_list")).status_code == 404


def test_the_audit_page_filters_by_action_and_date(client, cast, changes):
    here, _there, _far = changes
    client.force_login(cast.officer)
    url = reverse("accounts:audit_list")

    updates = client.get(url, {"action": AuditAction.UPDATE})
    assert [row.entry.action for row in updates.context["rows"]] == [AuditAction.UPDATE]

    today = timezone.localdate().strftime("%d/%m/%Y")
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).strftime("%d/%m/%Y")
    assert shown_households(client.get(url, {"date_from": today, "date_to": today})) == {here.pk}
    assert client.get(url, {"date_from": tomorrow}).context["rows"] == []


def test_the_audit_page_says_which_filter_is_wrong(client, cast, changes):
    client.force_login(cast.officer)
    response = client.get(reverse("accounts:audit_list"), {"date_from": "02/10/2025", "date_to": "01/10/2025"})

    assert "“Đến ngày” phải sau hoặc bằng “Từ ngày”." in response.content.decode()


# ---------------------------------------------------------------- admin


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser(username="admin", password=PASSWORD, role=Role.NATIONAL_ADMIN)


def test_the_admin_never_lets_anyone_add_change_or_delete_audit_entries(client, cast, changes, superuser):
    client.force_login(superuser)
    entry = AuditEntry.objects.first()
    assert entry is not None

    assert client.get(reverse("admin:accounts_auditentry_changelist")).status_code == 200
    assert client.get(reverse("admin:accounts_auditentry_add")).status_code == 403
    assert client.post(reverse("admin:accounts_auditentry_delete", args=[entry.pk]), {"post": "yes"}).status_code == 403
    view = client.get(reverse("admin:accounts_auditentry_change", args=[entry.pk]))
    assert view.status_code == 200
    assert 'name="_save"' not in view.content.decode()
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_the_admin_shows_households_and_persons_read_only(client, cast, changes, superuser):
    here, _there, _far = changes
    client.force_login(superuser)

    assert client.get(reverse("admin:registry_household_add")).status_code == 403
    assert client.get(reverse("admin:registry_person_add")).status_code == 403
    view = client.get(reverse("admin:registry_household_change", args=[here.pk]))
    assert view.status_code == 200
    assert 'name="_save"' not in view.content.decode()
    client.post(reverse("admin:registry_person_change", args=[here.head_id]), {"full_name": "Đổi Tên"})
    assert Person.objects.get(pk=here.head_id).full_name == "Nguyễn Văn An"
    assert client.post(reverse("admin:registry_household_delete", args=[here.pk]), {"post": "yes"}).status_code == 403
    assert Household.objects.filter(pk=here.pk).exists()


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:index",
        "admin:accounts_user_changelist",
        "admin:accounts_user_add",
        "admin:accounts_auditentry_changelist",
        "admin:areas_adminunit_changelist",
        "admin:areas_village_changelist",
        "admin:areas_village_add",
        "admin:areas_unitsuccession_changelist",
        "admin:registry_household_changelist",
        "admin:registry_person_changelist",
        "admin:registry_householdevent_changelist",
    ],
)
def test_the_admin_opens_every_list_in_vietnamese(client, cast, changes, superuser, url_name):
    client.force_login(superuser)
    response = client.get(reverse(url_name))

    assert response.status_code == 200
    assert "Quản trị hệ thống thông tin giảm nghèo" in response.content.decode()


def test_the_admin_lets_a_superuser_give_a_user_a_role_and_an_area(client, cast, superuser):
    user = User.objects.create_user(username="moi", password=PASSWORD)
    client.force_login(superuser)
    response = client.post(
        reverse("admin:accounts_user_change", args=[user.pk]),
        {
            "username": "moi",
            "full_name": "Cán Bộ Mới",
            "email": "",
            "role": Role.COMMUNE_OFFICER,
            "area": cast.commune.pk,
            "village": "",
            "is_active": "on",
            "date_joined_0": "01/10/2025",
            "date_joined_1": "08:00:00",
        },
    )

    user.refresh_from_db()
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert (user.role, user.area, user.full_name) == (Role.COMMUNE_OFFICER, cast.commune, "Cán Bộ Mới")


def test_the_admin_renames_a_village_through_the_service(client, cast, superuser):
    client.force_login(superuser)
    response = client.post(
        reverse("admin:areas_village_change", args=[cast.village.pk]),
        {"kind": "ban", "name": "Bản Một", "is_active": "on"},
    )

    cast.village.refresh_from_db()
    assert response.status_code == 302
    assert cast.village.name == "Bản Một"
    entry = AuditEntry.objects.get(target_type="areas.village", action=AuditAction.UPDATE)
    assert entry.actor == superuser
    assert entry.changes["name"] == ["Thôn Một", "Bản Một"]


def test_the_admin_adds_a_village_through_the_service(client, cast, superuser):
    client.force_login(superuser)
    response = client.post(
        reverse("admin:areas_village_add"), {"commune": cast.commune.pk, "kind": "ban", "name": "Nà Pồng"}
    )

    village = Village.objects.get(name="Nà Pồng")
    assert response.status_code == 302
    assert (village.commune, village.kind, village.is_active) == (cast.commune, "ban", False)
    assert (
        AuditEntry.objects.filter(target_type="areas.village", target_id=str(village.pk), actor=superuser).count() == 2
    )


def test_the_admin_refuses_a_duplicate_village_name_in_vietnamese(client, cast, superuser):
    client.force_login(superuser)
    response = client.post(
        reverse("admin:areas_village_change", args=[cast.village.pk]),
        {"kind": "thon", "name": "thôn hai", "is_active": "on"},
    )

    assert response.status_code == 200
    assert "Xã đã có thôn, tổ dân phố tên “thôn hai”." in response.content.decode()
    cast.village.refresh_from_db()
    assert cast.village.name == "Thôn Một"


# ---------------------------------------------------------------- error pages


def test_an_unknown_address_shows_a_vietnamese_404_page(client, cast):
    client.force_login(cast.officer)
    response = client.get("/khong-co-trang-nay/")

    assert response.status_code == 404
    assert "Không tìm thấy trang hoặc hồ sơ" in response.content.decode()
    assert "Về sổ hộ gia đình" in response.content.decode()


def test_the_csrf_failure_page_explains_an_expired_form_in_vietnamese(cast):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.officer)
    response = client.post(reverse("registry:household_create"), {})

    assert response.status_code == 403
    assert "Phiên làm việc đã hết hạn" in response.content.decode()
    assert not Household.objects.exists()


def test_the_500_page_renders_without_a_request_context():
    from django.template import loader

    html = loader.get_template("500.html").render()

    assert "Hệ thống gặp lỗi" in html
    assert '<html lang="vi">' in html


def test_the_login_locks_an_address_that_sprays_passwords_over_many_usernames(client, cast, settings):
    office, elsewhere = {"REMOTE_ADDR": "203.0.113.7"}, {"REMOTE_ADDR": "198.51.100.9"}
    login = reverse("accounts:login")
    # Nineteen guesses, at most four per username, stay under both the username's limit (5) and the address's (20).
    for guess in range(19):
        assert client.post(login, {"username": f"nguoi{guess // 4}", "password": "sai"}, **office).status_code == 200
    # The twentieth failure from the address locks it, whichever username is tried.
    response = client.post(login, {"username": "chua-co-ai", "password": "sai"}, **office)
    assert response.status_code == 429
    assert "quá nhiều lần nhập sai, với bất kỳ tài khoản nào" in response.content.decode()
    assert client.post(login, {"username": "canbo", "password": PASSWORD}, **elsewhere).status_code == 302


def test_a_forwarded_address_counts_only_when_a_trusted_proxy_header_is_configured(rf, settings):
    from giamngheo.common.http import client_address

    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7")
    assert client_address(request) == "10.0.0.2"  # a client may send the header itself: ignored by default
    settings.CLIENT_IP_HEADER, settings.CLIENT_IP_PROXY_COUNT = "HTTP_X_FORWARDED_FOR", 1
    assert client_address(request) == "203.0.113.7"  # the address the trusted proxy saw, not the forged first one
    settings.CLIENT_IP_PROXY_COUNT = 3
    assert client_address(request) == "10.0.0.2"
