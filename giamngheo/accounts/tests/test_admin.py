"""The admin does not go through area scope, so register records and the audit trail are for superusers only."""

import pytest
from django.contrib.auth.models import Permission

pytestmark = pytest.mark.django_db
PAGES = ["/quan-tri/registry/household/", "/quan-tri/registry/person/", "/quan-tri/accounts/auditentry/"]


@pytest.mark.parametrize("url", PAGES)
def test_staff_with_view_permissions_but_not_superuser_cannot_browse_the_register(client, cast, url):
    cast.officer.is_staff = True
    cast.officer.save()
    cast.officer.user_permissions.set(Permission.objects.filter(codename__startswith="view_"))
    client.force_login(cast.officer)
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("url", PAGES)
def test_a_superuser_can(client, cast, url):
    cast.national_admin.is_staff = cast.national_admin.is_superuser = True
    cast.national_admin.save()
    client.force_login(cast.national_admin)
    assert client.get(url).status_code == 200


def test_users_are_deactivated_not_deleted(client, cast):
    cast.national_admin.is_staff = cast.national_admin.is_superuser = True
    cast.national_admin.save()
    client.force_login(cast.national_admin)
    assert client.get(f"/quan-tri/accounts/user/{cast.officer.pk}/delete/").status_code == 403


def test_the_admin_index_names_every_app_and_model_in_vietnamese(client, cast):
    cast.national_admin.is_staff = cast.national_admin.is_superuser = True
    cast.national_admin.save()
    client.force_login(cast.national_admin)
    page = client.get("/quan-tri/").content.decode()
    for heading in ["Đơn vị hành chính, thôn", "Chống dò mật khẩu", "Lần đăng nhập sai", "Tác vụ chạy nền"]:
        assert heading in page
    assert "Kết quả tác vụ" in page
    for english in ["Access attempts", "Access failures", "Task Results", "Tasks Database Backend", ">Areas<"]:
        assert english.lower() not in page.lower()
