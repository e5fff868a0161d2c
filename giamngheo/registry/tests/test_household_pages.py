"""A household's page and the pages that register and edit households: who sees and changes what, and what is
written. Out-of-area and read-only users get 404.
"""

import datetime

import pytest
from django.urls import reverse

from giamngheo.accounts.models import AuditAction, AuditEntry
from giamngheo.areas.models import AdminUnit, Era, Level
from giamngheo.registry.models import Household, LeaveReason, Person, Relation, Sex
from giamngheo.testing.factories import make_household

pytestmark = pytest.mark.django_db

# ---------------------------------------------------------------- the household page


def test_the_household_page_shows_the_household_its_members_history_and_audit_to_the_officer(client, cast, an):
    client.force_login(cast.officer)
    response = client.get(reverse("registry:household_detail", args=[an.pk]))

    content = response.content.decode()
    assert response.status_code == 200
    assert an.code in content
    assert "Trần Thị Bình" in content
    assert "Đăng ký vào sổ" in content
    assert "1.450.000" in content  # Vietnamese thousands separator
    assert "Nhật ký thay đổi" in content
    assert response.context["can_edit"] is True
    assert reverse("registry:household_edit", args=[an.pk]) in content


def test_the_household_page_returns_404_for_a_household_of_another_commune(client, cast, an):
    client.force_login(cast.other_officer)

    assert client.get(reverse("registry:household_detail", args=[an.pk])).status_code == 404


def test_the_household_page_returns_404_to_a_collaborator_for_another_villages_household(
    client, cast, other_village_household
):
    client.force_login(cast.collaborator)

    assert client.get(reverse("registry:household_detail", args=[other_village_household.pk])).status_code == 404


def test_the_household_page_lets_a_viewer_read_without_buttons_or_audit(client, cast, an):
    client.force_login(cast.viewer)
    response = client.get(reverse("registry:household_detail", args=[an.pk]))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Nguyễn Văn An" in content
    assert reverse("registry:household_edit", args=[an.pk]) not in content
    assert reverse("registry:person_add", args=[an.pk]) not in content
    assert response.context["audit"] is None


def test_the_household_page_lets_a_province_officer_read_the_audit_but_not_edit(client, cast, an):
    client.force_login(cast.province_officer)
    response = client.get(reverse("registry:household_detail", args=[an.pk]))

    assert response.status_code == 200
    assert response.context["can_edit"] is False
    assert response.context["audit"]
    assert reverse("registry:household_edit", args=[an.pk]) not in response.content.decode()


def test_the_household_page_shows_the_unit_before_the_reform_next_to_todays(client, cast):
    legacy_province = AdminUnit.objects.create(
        era=Era.LEGACY,
        level=Level.PROVINCE,
        code="91",
        name="Tỉnh Cũ",
        short_name="Cũ",
        unit_type="Tỉnh",
        source_key="lp",
    )
    district = AdminUnit.objects.create(
        era=Era.LEGACY,
        level=Level.DISTRICT,
        code="910",
        name="Huyện Bắc Sơn",
        short_name="Bắc Sơn",
        unit_type="Huyện",
        parent=legacy_province,
        province=legacy_province,
        source_key="ld",
    )
    legacy = AdminUnit.objects.create(
        era=Era.LEGACY,
        level=Level.COMMUNE,
        code="91099",
        name="Xã Vũ Lễ",
        short_name="Vũ Lễ",
        unit_type="Xã",
        parent=district,
        province=legacy_province,
        source_key="lc",
    )
    household = make_household(village=cast.village, legacy_commune=legacy)
    client.force_login(cast.officer)
    content = client.get(reverse("registry:household_detail", args=[household.pk])).content.decode()

    assert "Đơn vị cũ" in content
    assert "Xã Vũ Lễ, Huyện Bắc Sơn" in content
    assert "trước 01/07/2025" in content
    assert "Xã Thử A, Tỉnh Thử Nghiệm" in content


def test_the_household_page_lists_former_members_with_the_date_and_reason(client, cast, an):
    from giamngheo.registry.services.persons import person_leave

    wife = an.persons.get(relation=Relation.SPOUSE)
    person_leave(actor=cast.officer, person=wife, reason=LeaveReason.MOVED_OUT, occurred_on=datetime.date(2025, 10, 2))
    client.force_login(cast.officer)
    response = client.get(reverse("registry:household_detail", args=[an.pk]))

    assert [p.full_name for p in response.context["former_members"]] == ["Trần Thị Bình"]
    assert "02/10/2025" in response.content.decode()
    assert "Chuyển đi" in response.content.decode()


# ---------------------------------------------------------------- every editing page is 404 outside the area or
# without an editing role, for GET and for POST, and a refused POST changes nothing


EDIT_PAGES = [
    ("registry:household_edit", "household"),
    ("registry:person_add", "household"),
    ("registry:household_head_change", "household"),
    ("registry:household_split", "household"),
    ("registry:household_merge", "household"),
    ("registry:person_edit", "person"),
    ("registry:person_leave", "person"),
]


@pytest.mark.parametrize(("url_name", "target"), EDIT_PAGES)
@pytest.mark.parametrize("who", ["other_officer", "far_officer", "viewer", "chairman", "province_officer"])
def test_every_editing_page_returns_404_for_a_household_of_another_commune_or_a_read_only_role(
    client, cast, an, url_name, target, who
):
    pk = an.pk if target == "household" else an.head_id
    client.force_login(getattr(cast, who))
    url = reverse(url_name, args=[pk])
    before = AuditEntry.objects.count()

    assert client.get(url).status_code == 404
    post = client.post(url, {"full_name": "Kẻ Lạ", "occurred_on": "01/10/2025", "reason": LeaveReason.DIED})
    assert post.status_code == 404
    assert AuditEntry.objects.count() == before
    assert Person.objects.get(pk=an.head_id).full_name == "Nguyễn Văn An"


@pytest.mark.parametrize(("url_name", "target"), EDIT_PAGES)
def test_every_editing_page_returns_404_to_a_collaborator_for_another_villages_household(
    client, cast, other_village_household, url_name, target
):
    pk = other_village_household.pk if target == "household" else other_village_household.head_id
    client.force_login(cast.collaborator)

    assert client.get(reverse(url_name, args=[pk])).status_code == 404


@pytest.mark.parametrize(("url_name", "target"), EDIT_PAGES)
def test_every_editing_page_opens_for_the_officer(client, cast, an, url_name, target):
    pk = an.pk if target == "household" else an.head_id
    client.force_login(cast.officer)

    assert client.get(reverse(url_name, args=[pk])).status_code == 200


# ---------------------------------------------------------------- add a household


def head_post(**overrides) -> dict[str, str]:
    data = {
        "village": "",
        "code": "",
        "registered_on": "01/10/2025",
        "address": "Số 5, xóm Đồi",
        "area_type": "",
        "income_per_capita": "1.200.000",
        "head-full_name": "Hoàng Văn Phúc",
        "head-sex": Sex.MALE,
        "head-date_of_birth": "12/03/1975",
        "head-ethnicity": "01",
        "head-citizen_id": "",
        "head-disability": "none",
        "head-schooling": "na",
        "head-health_insurance": "on",
    }
    data.update(overrides)
    return data


def test_the_add_household_page_registers_a_household_with_its_head(client, cast):
    client.force_login(cast.officer)
    response = client.post(reverse("registry:household_create"), head_post(village=str(cast.other_village.pk)))

    household = Household.objects.get(head__full_name="Hoàng Văn Phúc")
    assert response.status_code == 302
    assert response["Location"] == reverse("registry:household_detail", args=[household.pk])
    assert household.village == cast.other_village
    assert household.commune == cast.commune
    assert household.income_per_capita == 1_200_000
    head = household.persons.get(pk=household.head_id or 0)
    assert head.relation == Relation.HEAD
    assert head.date_of_birth == datetime.date(1975, 3, 12)
    assert AuditEntry.objects.filter(household_id=household.pk, actor=cast.officer).count() == 2


def test_the_add_household_page_offers_a_collaborator_only_their_village_and_refuses_another(client, cast):
    client.force_login(cast.collaborator)
    form = client.get(reverse("registry:household_create")).context["form"]
    assert list(form.fields["village"].queryset) == [cast.village]
    assert form.fields["village"].initial == cast.village.pk

    response = client.post(reverse("registry:household_create"), head_post(village=str(cast.other_village.pk)))

    assert response.status_code == 200
    assert "Giá trị chọn ở “Thôn, tổ dân phố” không có trong danh sách." in response.content.decode()
    assert not Household.objects.exists()


def test_the_add_household_page_names_each_wrong_field_in_vietnamese_and_saves_nothing(client, cast):
    client.force_login(cast.officer)
    response = client.post(
        reverse("registry:household_create"),
        head_post(
            **{
                "village": str(cast.village.pk),
                "head-full_name": "",
                "head-date_of_birth": "31/02/1975",
                "income_per_capita": "nhiều",
            }
        ),
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert "Chưa nhập “Họ và tên”." in content
    assert "“Ngày sinh” phải là một ngày dạng dd/mm/yyyy, ví dụ 17/05/1980." in content
    assert "“Thu nhập bình quân (đồng/người/tháng)” phải là một số." in content
    assert not Household.objects.exists()
    assert not AuditEntry.objects.exists()


def test_the_add_household_page_shows_the_services_message_for_a_citizen_id_already_in_the_register(client, cast, an):
    taken = an.head.citizen_id
    client.force_login(cast.officer)
    response = client.post(
        reverse("registry:household_create"),
        head_post(**{"village": str(cast.village.pk), "head-citizen_id": taken, "head-date_of_birth": "17/05/1980"}),
    )

    assert response.status_code == 200
    assert f"Số CCCD {taken} đã có trong sổ: Nguyễn Văn An, hộ {an.code}" in response.content.decode()
    assert "citizen_id" in response.context["head_form"].errors
    assert Household.objects.count() == 1


def test_the_add_household_page_refuses_a_citizen_id_that_contradicts_the_birth_year(client, cast):
    client.force_login(cast.officer)
    response = client.post(
        reverse("registry:household_create"),
        head_post(**{"village": str(cast.village.pk), "head-citizen_id": "015080000123"}),
    )

    assert "Số CCCD ghi năm sinh 1980, nhưng ngày sinh là 12/03/1975." in response.content.decode()
    assert not Household.objects.exists()


def test_the_add_household_page_returns_404_to_read_only_roles(client, cast):
    for user in (cast.viewer, cast.province_officer, cast.chairman, cast.auditor):
        client.force_login(user)
        assert client.get(reverse("registry:household_create")).status_code == 404
        assert (
            client.post(reverse("registry:household_create"), head_post(village=str(cast.village.pk))).status_code
            == 404
        )
    assert not Household.objects.exists()


# ---------------------------------------------------------------- edit a household


def household_post(household: Household, **overrides) -> dict[str, str]:
    data = {
        "village": str(household.village_id),
        "address": household.address,
        "area_type": household.area_type,
        "version": str(household.version),
    }
    data.update(overrides)
    return data


def test_the_edit_household_page_saves_household_facts_and_audits_before_and_after(client, cast, an):
    client.force_login(cast.officer)
    response = client.post(
        reverse("registry:household_edit", args=[an.pk]),
        household_post(an, income_per_capita="1.600.000", floor_area_m2="32,5", wall_durable="true"),
    )

    an.refresh_from_db()
    assert response.status_code == 302
    assert an.income_per_capita == 1_600_000
    assert str(an.floor_area_m2) == "32.5"
    assert an.wall_durable is True
    entry = AuditEntry.objects.filter(household_id=an.pk, action=AuditAction.UPDATE).get()
    assert entry.actor == cast.officer
    assert entry.changes["income_per_capita"] == [1_450_000, 1_600_000]
    assert entry.changes["wall_durable"] == [None, True]

    page = client.get(reverse("registry:household_detail", args=[an.pk])).content.decode()
    assert "1.450.000" in page
    assert "1.600.000" in page


def test_the_edit_household_page_moves_a_household_to_another_village_of_the_commune_only(client, cast, an):
    client.force_login(cast.officer)
    refused = client.post(
        reverse("registry:household_edit", args=[an.pk]), household_post(an, village=str(cast.far_village.pk))
    )
    an.refresh_from_db()
    assert refused.status_code == 200
    assert an.village == cast.village

    client.post(
        reverse("registry:household_edit", args=[an.pk]), household_post(an, village=str(cast.other_village.pk))
    )
    an.refresh_from_db()
    assert an.village == cast.other_village


def test_a_household_in_a_deactivated_village_can_still_be_edited(client, cast, an):
    cast.village.is_active = False
    cast.village.save()
    client.force_login(cast.officer)
    page = client.get(reverse("registry:household_edit", args=[an.pk])).content.decode()
    assert f'value="{cast.village.pk}" selected' in page
