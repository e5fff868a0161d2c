"""The household register's pages, read as specifications: who sees what, who changes what, and what is written.

Every page is tried with the named cast (giamngheo/testing/): out-of-area and read-only users get 404.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from giamngheo.accounts.models import AuditAction, AuditEntry
from giamngheo.areas.models import AdminUnit, Era, Level
from giamngheo.registry.models import EndReason, EventKind, Household, LeaveReason, Person, Relation, Sex, Status
from giamngheo.registry.views.households import CappedPaginator
from giamngheo.testing.factories import make_household, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def an(cast):
    """Nguyễn Văn An's household in Thôn Một of Xã Thử A, with his wife."""
    return make_household(
        village=cast.village,
        members=[
            member(),
            member(
                full_name="Trần Thị Bình",
                sex=Sex.FEMALE,
                relation=Relation.SPOUSE,
                date_of_birth=datetime.date(1983, 2, 3),
            ),
        ],
        status=Status.POOR,
        facts={"income_per_capita": 1_450_000},
    )


@pytest.fixture
def other_village_household(cast):
    return make_household(village=cast.other_village, members=[member(full_name="Lê Văn Hai")])


@pytest.fixture
def other_commune_household(cast):
    return make_household(village=cast.other_commune_village, members=[member(full_name="Phạm Văn Bắc")])


@pytest.fixture
def far_household(cast):
    return make_household(village=cast.far_village, members=[member(full_name="Nguyễn Văn Xa")])


def list_names(response) -> set[str]:
    return {h.head.full_name for h in response.context["page"].object_list}


# ---------------------------------------------------------------- the list


def test_it_sends_an_anonymous_visitor_to_the_login_page(client):
    response = client.get(reverse("registry:household_list"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_it_lists_only_the_households_of_the_officers_commune(
    client, cast, an, other_village_household, other_commune_household
):
    client.force_login(cast.officer)
    response = client.get(reverse("registry:household_list"))

    assert response.status_code == 200
    assert list_names(response) == {"Nguyễn Văn An", "Lê Văn Hai"}
    assert "Phạm Văn Bắc" not in response.content.decode()


def test_it_never_shows_another_communes_officer_the_households_of_xa_thu_a(client, cast, an, other_commune_household):
    client.force_login(cast.other_officer)
    response = client.get(reverse("registry:household_list"))

    assert list_names(response) == {"Phạm Văn Bắc"}
    assert "Nguyễn Văn An" not in response.content.decode()


def test_it_shows_a_collaborator_only_their_village(client, cast, an, other_village_household):
    client.force_login(cast.collaborator)
    response = client.get(reverse("registry:household_list"))

    assert list_names(response) == {"Nguyễn Văn An"}


def test_it_shows_a_province_officer_every_commune_of_the_province_and_a_commune_filter(
    client, cast, an, other_commune_household, far_household
):
    client.force_login(cast.province_officer)
    response = client.get(reverse("registry:household_list"))

    assert list_names(response) == {"Nguyễn Văn An", "Phạm Văn Bắc"}
    assert set(response.context["form"].fields["commune"].queryset) == {cast.commune, cast.other_commune}

    response = client.get(reverse("registry:household_list"), {"commune": cast.other_commune.pk})
    assert list_names(response) == {"Phạm Văn Bắc"}


def test_it_offers_no_commune_filter_to_a_commune_officer(client, cast, an):
    client.force_login(cast.officer)
    response = client.get(reverse("registry:household_list"))

    assert "commune" not in response.context["form"].fields
    assert set(response.context["form"].fields["village"].queryset) == {cast.village, cast.other_village}


def test_it_finds_a_household_by_a_name_typed_without_diacritics(client, cast, an, other_village_household):
    client.force_login(cast.officer)
    response = client.get(reverse("registry:household_list"), {"q": "nguyen van an"})

    assert list_names(response) == {"Nguyễn Văn An"}
    assert "Tìm theo tên không dấu, mã hộ hoặc số CCCD" in response.content.decode()


def test_it_finds_a_household_by_citizen_id_and_still_counts_all_its_members(client, cast, an):
    wife = an.persons.get(relation=Relation.SPOUSE)
    client.force_login(cast.officer)
    response = client.get(reverse("registry:household_list"), {"q": wife.citizen_id})

    [found] = response.context["page"].object_list
    assert found.pk == an.pk
    assert found.member_count == 2


def test_it_filters_by_village_status_head_sex_and_ethnicity(client, cast, an, other_village_household):
    make_household(
        village=cast.village,
        members=[member(full_name="Hà Thị Mai", sex=Sex.FEMALE, ethnicity="04")],
        status=Status.NEAR_POOR,
    )
    client.force_login(cast.officer)
    url = reverse("registry:household_list")

    assert list_names(client.get(url, {"village": cast.other_village.pk})) == {"Lê Văn Hai"}
    assert list_names(client.get(url, {"status": Status.POOR})) == {"Nguyễn Văn An"}
    assert list_names(client.get(url, {"head_sex": Sex.FEMALE})) == {"Hà Thị Mai"}
    assert list_names(client.get(url, {"ethnicity": "04"})) == {"Hà Thị Mai"}


def test_it_ignores_a_village_outside_the_area_and_says_so_in_vietnamese(client, cast, an, other_commune_household):
    client.force_login(cast.officer)
    response = client.get(reverse("registry:household_list"), {"village": cast.other_commune_village.pk})

    assert response.status_code == 200
    assert list_names(response) == {"Nguyễn Văn An"}
    assert "Giá trị chọn ở “Thôn, tổ dân phố” không có trong danh sách." in response.content.decode()


def test_it_asks_for_at_least_two_characters_to_search(client, cast, an):
    client.force_login(cast.officer)
    response = client.get(reverse("registry:household_list"), {"q": "a"})

    assert "Nhập ít nhất 2 ký tự để tìm." in response.content.decode()
    assert list_names(response) == {"Nguyễn Văn An"}


def test_it_pages_by_25_and_keeps_the_filters_in_the_page_links(client, cast):
    for i in range(27):
        make_household(village=cast.village, members=[member(full_name=f"Nguyễn Văn Số {i}")], status=Status.POOR)
    client.force_login(cast.officer)
    response = client.get(reverse("registry:household_list"), {"status": Status.POOR})

    page = response.context["page"]
    assert page.paginator.count == 27
    assert len(page.object_list) == 25
    assert "?status=poor&amp;page=2" in response.content.decode()
    assert len(client.get(reverse("registry:household_list"), {"status": Status.POOR, "page": 2}).context["page"]) == 2


def test_it_runs_the_same_number_of_queries_for_two_or_twenty_households(
    client, cast, django_assert_max_num_queries, django_assert_num_queries
):
    client.force_login(cast.officer)
    url = reverse("registry:household_list")
    for i in range(2):
        make_household(
            village=cast.village,
            members=[
                member(full_name=f"Lò Văn {i}"),
                member(full_name=f"Lò Thị {i}", sex=Sex.FEMALE, relation=Relation.SPOUSE),
            ],
        )
    with CaptureQueriesContext(connection) as with_two:
        assert client.get(url).status_code == 200
    for i in range(18):
        make_household(village=cast.other_village, members=[member(full_name=f"Hà Văn {i}")])

    # Session, user, count, page with member counts, the filter form's villages: no query per row.
    with django_assert_max_num_queries(8):
        response = client.get(url)
    with django_assert_num_queries(len(with_two)):
        client.get(url)
    assert response.context["page"].paginator.count == 20


def test_it_writes_the_number_of_households_the_vietnamese_way(client, cast, an, monkeypatch):
    # A thousand real households would make a slow test; the paginator's count is what the heading prints.
    monkeypatch.setattr(CappedPaginator, "count", property(lambda paginator: 12_345))
    monkeypatch.setattr(CappedPaginator, "cap", 100_000)
    client.force_login(cast.officer)
    response = client.get(reverse("registry:household_list"))

    assert "12.345 hộ" in response.content.decode()


def test_it_shows_the_member_count_status_and_area_type(client, cast, an):
    client.force_login(cast.officer)
    response = client.get(reverse("registry:household_list"))

    [row] = response.context["page"].object_list
    assert row.member_count == 2
    content = response.content.decode()
    assert "Hộ nghèo" in content
    assert "Nông thôn" in content
    assert an.code in content


# ---------------------------------------------------------------- the household page


def test_it_shows_the_household_its_members_history_and_audit_to_the_officer(client, cast, an):
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


def test_it_returns_404_for_a_household_of_another_commune(client, cast, an):
    client.force_login(cast.other_officer)

    assert client.get(reverse("registry:household_detail", args=[an.pk])).status_code == 404


def test_it_returns_404_to_a_collaborator_for_a_household_of_another_village(client, cast, other_village_household):
    client.force_login(cast.collaborator)

    assert client.get(reverse("registry:household_detail", args=[other_village_household.pk])).status_code == 404


def test_it_lets_a_viewer_read_without_buttons_or_audit(client, cast, an):
    client.force_login(cast.viewer)
    response = client.get(reverse("registry:household_detail", args=[an.pk]))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Nguyễn Văn An" in content
    assert reverse("registry:household_edit", args=[an.pk]) not in content
    assert reverse("registry:person_add", args=[an.pk]) not in content
    assert response.context["audit"] is None


def test_it_lets_a_province_officer_read_the_audit_but_not_edit(client, cast, an):
    client.force_login(cast.province_officer)
    response = client.get(reverse("registry:household_detail", args=[an.pk]))

    assert response.status_code == 200
    assert response.context["can_edit"] is False
    assert response.context["audit"]
    assert reverse("registry:household_edit", args=[an.pk]) not in response.content.decode()


def test_it_shows_the_unit_before_the_reform_next_to_todays(client, cast):
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


def test_it_lists_former_members_with_the_date_and_reason(client, cast, an):
    from giamngheo.registry.services import person_leave

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
def test_it_returns_404_for_a_household_of_another_commune_or_a_read_only_role(client, cast, an, url_name, target, who):
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
def test_it_returns_404_to_a_collaborator_for_another_villages_household(
    client, cast, other_village_household, url_name, target
):
    pk = other_village_household.pk if target == "household" else other_village_household.head_id
    client.force_login(cast.collaborator)

    assert client.get(reverse(url_name, args=[pk])).status_code == 404


@pytest.mark.parametrize(("url_name", "target"), EDIT_PAGES)
def test_it_opens_every_editing_page_for_the_officer(client, cast, an, url_name, target):
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


def test_it_registers_a_household_with_its_head(client, cast):
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


def test_it_offers_a_collaborator_only_their_village_and_refuses_another(client, cast):
    client.force_login(cast.collaborator)
    form = client.get(reverse("registry:household_create")).context["form"]
    assert list(form.fields["village"].queryset) == [cast.village]
    assert form.fields["village"].initial == cast.village.pk

    response = client.post(reverse("registry:household_create"), head_post(village=str(cast.other_village.pk)))

    assert response.status_code == 200
    assert "Giá trị chọn ở “Thôn, tổ dân phố” không có trong danh sách." in response.content.decode()
    assert not Household.objects.exists()


def test_it_names_each_wrong_field_in_vietnamese_and_saves_nothing(client, cast):
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


def test_it_shows_the_services_message_for_a_citizen_id_already_in_the_register(client, cast, an):
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


def test_it_refuses_a_citizen_id_that_contradicts_the_birth_year(client, cast):
    client.force_login(cast.officer)
    response = client.post(
        reverse("registry:household_create"),
        head_post(**{"village": str(cast.village.pk), "head-citizen_id": "015080000123"}),
    )

    assert "Số CCCD ghi năm sinh 1980, nhưng ngày sinh là 12/03/1975." in response.content.decode()
    assert not Household.objects.exists()


def test_it_returns_404_on_the_add_household_page_to_read_only_roles(client, cast):
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
    data = {"village": str(household.village_id), "address": household.address, "area_type": household.area_type}
    data.update(overrides)
    return data


def test_it_saves_household_facts_and_audits_before_and_after(client, cast, an):
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


def test_it_moves_a_household_to_another_village_of_the_commune_only(client, cast, an):
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


# ---------------------------------------------------------------- members


def person_post(person: Person | None = None, **overrides) -> dict[str, str]:
    data = {
        "full_name": person.full_name if person else "Nguyễn Minh Châu",
        "sex": person.sex if person else Sex.FEMALE,
        "date_of_birth": person.date_of_birth.strftime("%d/%m/%Y") if person else "01/09/2025",
        "ethnicity": person.ethnicity if person else "01",
        "citizen_id": (person.citizen_id or "") if person else "",
        "relation": person.relation if person else Relation.CHILD,
        "disability": person.disability if person else "none",
        "schooling": person.schooling if person else "na",
        "education": person.education if person else "",
        "employment": person.employment if person else "",
        "occupation": person.occupation if person else "",
    }
    if person is None or person.health_insurance:
        data["health_insurance"] = "on"
    data.update(overrides)
    return data


def test_it_adds_a_newborn_dated_on_the_birthday(client, cast, an):
    client.force_login(cast.officer)
    response = client.post(
        reverse("registry:person_add", args=[an.pk]), {**person_post(), "kind": EventKind.BIRTH, "occurred_on": ""}
    )

    child = an.persons.get(full_name="Nguyễn Minh Châu")
    assert response.status_code == 302
    assert child.relation == Relation.CHILD
    event = an.events.get(kind=EventKind.BIRTH)
    assert event.person == child
    assert event.occurred_on == datetime.date(2025, 9, 1)
    assert AuditEntry.objects.filter(
        target_type="registry.person", target_id=str(child.pk), actor=cast.officer
    ).exists()


def test_it_asks_for_the_date_when_someone_moves_in(client, cast, an):
    client.force_login(cast.officer)
    response = client.post(
        reverse("registry:person_add", args=[an.pk]),
        {**person_post(date_of_birth="01/01/1990"), "kind": EventKind.MOVED_IN, "occurred_on": ""},
    )

    assert response.status_code == 200
    assert "Chưa nhập ngày chuyển đến." in response.content.decode()
    assert an.persons.count() == 2


def test_it_refuses_a_future_date(client, cast, an):
    client.force_login(cast.officer)
    tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).strftime("%d/%m/%Y")
    response = client.post(
        reverse("registry:person_add", args=[an.pk]),
        {**person_post(date_of_birth="01/01/1990"), "kind": EventKind.MOVED_IN, "occurred_on": tomorrow},
    )

    assert f"“Ngày vào hộ” ({tomorrow}) không được sau ngày hôm nay." in response.content.decode()
    assert an.persons.count() == 2


def test_it_edits_a_member_and_audits_the_change(client, cast, an):
    wife = an.persons.get(relation=Relation.SPOUSE)
    client.force_login(cast.officer)
    response = client.post(
        reverse("registry:person_edit", args=[wife.pk]), person_post(wife, occupation="Trồng chè", employment="farming")
    )

    wife.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == reverse("registry:household_detail", args=[an.pk])
    assert wife.occupation == "Trồng chè"
    entry = AuditEntry.objects.get(target_type="registry.person", target_id=str(wife.pk), action=AuditAction.UPDATE)
    assert entry.actor == cast.officer
    assert entry.changes == {"employment": ["", "farming"], "occupation": ["", "Trồng chè"]}

    page = client.get(reverse("registry:household_detail", args=[an.pk])).content.decode()
    assert "Nghề nghiệp:" in page
    assert "Trồng chè" in page
    assert "Nông, lâm, ngư nghiệp, diêm nghiệp" in page


def test_it_does_not_offer_to_change_the_heads_relation(client, cast, an):
    client.force_login(cast.officer)
    form = client.get(reverse("registry:person_edit", args=[an.head_id])).context["form"]

    assert "relation" not in form.fields

    response = client.post(
        reverse("registry:person_edit", args=[an.head_id]),
        person_post(Person.objects.get(pk=an.head_id), relation=Relation.CHILD),
    )
    assert response.status_code == 302
    assert Person.objects.get(pk=an.head_id).relation == Relation.HEAD


def test_it_shows_a_citizen_id_conflict_on_the_members_form(client, cast, an, other_commune_household):
    wife = an.persons.get(relation=Relation.SPOUSE)
    taken = other_commune_household.head
    client.force_login(cast.officer)
    response = client.post(
        reverse("registry:person_edit", args=[wife.pk]),
        person_post(wife, citizen_id=taken.citizen_id, sex=Sex.MALE, date_of_birth="17/05/1980"),
    )

    wife.refresh_from_db()
    assert response.status_code == 200
    # The holder lives outside the officer's commune: the message says so without naming them.
    assert response.context["form"].errors["citizen_id"] == [
        f"Số CCCD {taken.citizen_id} đã thuộc một người ở địa bàn khác. Một người chỉ thuộc một hộ."
    ]
    assert wife.citizen_id != taken.citizen_id
    assert wife.sex == Sex.FEMALE


def test_it_records_a_member_who_died(client, cast, an):
    wife = an.persons.get(relation=Relation.SPOUSE)
    client.force_login(cast.officer)
    response = client.post(
        reverse("registry:person_leave", args=[wife.pk]), {"reason": LeaveReason.DIED, "occurred_on": "03/10/2025"}
    )

    wife.refresh_from_db()
    assert response.status_code == 302
    assert wife.left_on == datetime.date(2025, 10, 3)
    assert wife.left_reason == LeaveReason.DIED
    assert an.events.filter(kind=EventKind.DEATH, person=wife).exists()


def test_it_ends_the_household_when_its_last_member_moves_out(client, cast):
    alone = make_household(village=cast.village, members=[member(full_name="Vi Văn Một")])
    client.force_login(cast.officer)
    client.post(
        reverse("registry:person_leave", args=[alone.head_id]),
        {"reason": LeaveReason.MOVED_OUT, "occurred_on": "03/10/2025"},
    )

    alone.refresh_from_db()
    assert alone.ended_on == datetime.date(2025, 10, 3)
    assert alone.end_reason == EndReason.MOVED_AWAY
    page = client.get(reverse("registry:household_detail", args=[alone.pk]))
    assert page.context["can_edit"] is False
    assert "Hộ đã ra khỏi danh sách ngày 03/10/2025" in page.content.decode()
    assert client.get(reverse("registry:household_edit", args=[alone.pk])).status_code == 404


def test_it_shows_the_leave_form_errors_in_vietnamese(client, cast, an):
    client.force_login(cast.officer)
    response = client.post(reverse("registry:person_leave", args=[an.head_id]), {"occurred_on": "hôm qua"})

    content = response.content.decode()
    assert "Chưa chọn “Lý do”." in content
    assert "phải là một ngày dạng dd/mm/yyyy" in content
    assert Person.objects.get(pk=an.head_id).left_on is None


def test_it_changes_the_head(client, cast, an):
    wife = an.persons.get(relation=Relation.SPOUSE)
    client.force_login(cast.officer)
    response = client.post(
        reverse("registry:household_head_change", args=[an.pk]),
        {"person": wife.pk, "former_head_relation": Relation.SPOUSE, "occurred_on": "05/10/2025"},
    )

    an.refresh_from_db()
    assert response.status_code == 302
    assert an.head == wife
    assert Person.objects.get(full_name="Nguyễn Văn An").relation == Relation.SPOUSE
    assert an.events.filter(kind=EventKind.HEAD_CHANGED, person=wife).exists()


def test_it_splits_a_household(client, cast):
    family = make_household(
        village=cast.village,
        members=[
            member(full_name="Đinh Văn Cha"),
            member(full_name="Đinh Văn Con", relation=Relation.CHILD, date_of_birth=datetime.date(2000, 1, 1)),
            member(
                full_name="Lê Thị Dâu",
                sex=Sex.FEMALE,
                relation=Relation.CHILD_IN_LAW,
                date_of_birth=datetime.date(2001, 1, 1),
            ),
        ],
    )
    son = family.persons.get(full_name="Đinh Văn Con")
    daughter_in_law = family.persons.get(full_name="Lê Thị Dâu")
    client.force_login(cast.officer)
    response = client.post(
        reverse("registry:household_split", args=[family.pk]),
        {
            "persons": [son.pk, daughter_in_law.pk],
            "new_head": son.pk,
            "village": cast.other_village.pk,
            "address": "",
            "occurred_on": "06/10/2025",
        },
    )

    new = Household.objects.get(head=son)
    assert response.status_code == 302
    assert response["Location"] == reverse("registry:household_detail", args=[new.pk])
    assert set(new.persons.values_list("full_name", flat=True)) == {"Đinh Văn Con", "Lê Thị Dâu"}
    assert new.village == cast.other_village
    assert list(family.persons.values_list("full_name", flat=True)) == ["Đinh Văn Cha"]


def test_it_explains_why_a_split_is_refused(client, cast, an):
    wife = an.persons.get(relation=Relation.SPOUSE)
    client.force_login(cast.officer)
    response = client.post(
        reverse("registry:household_split", args=[an.pk]),
        {"persons": [], "new_head": wife.pk, "village": cast.village.pk, "occurred_on": "06/10/2025"},
    )

    assert "Chưa chọn “Những người tách ra”." in response.content.decode()
    assert Household.objects.count() == 1


def test_it_merges_a_household_into_another_of_the_same_commune(client, cast, an, other_village_household):
    client.force_login(cast.officer)
    response = client.post(
        reverse("registry:household_merge", args=[other_village_household.pk]),
        {"target_code": an.code, "occurred_on": "07/10/2025"},
    )

    other_village_household.refresh_from_db()
    assert response.status_code == 302
    assert other_village_household.end_reason == EndReason.MERGED
    assert an.persons.members().count() == 3


def test_it_cannot_merge_into_a_household_outside_the_area(client, cast, an, other_commune_household):
    client.force_login(cast.officer)
    response = client.post(
        reverse("registry:household_merge", args=[an.pk]),
        {"target_code": other_commune_household.code, "occurred_on": "07/10/2025"},
    )

    assert f"Không tìm thấy hộ có mã “{other_commune_household.code}” trong địa bàn." in response.content.decode()
    an.refresh_from_db()
    assert an.ended_on is None


def test_a_very_broad_search_shows_a_capped_count_instead_of_counting_everything(client, cast, monkeypatch):
    from giamngheo.registry.views import households as views
    from giamngheo.testing.factories import make_household, member

    monkeypatch.setattr(views.CappedPaginator, "cap", 2)
    for name in ("Nguyễn Văn An", "Nguyễn Văn Bình", "Nguyễn Thị Cúc"):
        make_household(village=cast.village, members=[member(full_name=name)])
    client.force_login(cast.officer)
    page = client.get("/ho/", {"q": "nguyen"}).content.decode()
    assert "Hơn 2 hộ" in page
    page = client.get("/ho/", {"q": "nguyen van"}).content.decode()
    assert "2 hộ" in page and "Hơn" not in page


def test_a_household_in_a_deactivated_village_can_still_be_edited(client, cast, an):
    cast.village.is_active = False
    cast.village.save()
    client.force_login(cast.officer)
    page = client.get(reverse("registry:household_edit", args=[an.pk])).content.decode()
    assert f'value="{cast.village.pk}" selected' in page
