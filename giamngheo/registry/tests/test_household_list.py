"""The household list, read as a specification: who sees which households, search, filters and paging.

Every page is tried with the named cast (giamngheo/testing/): out-of-area and read-only users get 404.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from giamngheo.registry.models import Relation, Sex, Status
from giamngheo.registry.views.households import CappedPaginator
from giamngheo.testing.factories import make_household, member

pytestmark = pytest.mark.django_db


def list_names(response) -> set[str]:
    return {h.head.full_name for h in response.context["page"].object_list}


# ---------------------------------------------------------------- the list


def test_the_list_sends_an_anonymous_visitor_to_the_login_page(client):
    response = client.get(reverse("registry:household_list"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_list_shows_only_the_households_of_the_officers_commune(
    client, cast, an, other_village_household, other_commune_household
):
    client.force_login(cast.officer)
    response = client.get(reverse("registry:household_list"))

    assert response.status_code == 200
    assert list_names(response) == {"Nguyễn Văn An", "Lê Văn Hai"}
    assert "Phạm Văn Bắc" not in response.content.decode()


def test_the_list_never_shows_another_communes_officer_the_households_of_xa_thu_a(
    client, cast, an, other_commune_household
):
    client.force_login(cast.other_officer)
    response = client.get(reverse("registry:household_list"))

    assert list_names(response) == {"Phạm Văn Bắc"}
    assert "Nguyễn Văn An" not in response.content.decode()


def test_the_list_shows_a_collaborator_only_their_village(client, cast, an, other_village_household):
    client.force_login(cast.collaborator)
    response = client.get(reverse("registry:household_list"))

    assert list_names(response) == {"Nguyễn Văn An"}


def test_the_list_shows_a_province_officer_every_commune_of_the_province_and_a_commune_filter(
    client, cast, an, other_commune_household, far_household
):
    client.force_login(cast.province_officer)
    response = client.get(reverse("registry:household_list"))

    assert list_names(response) == {"Nguyễn Văn An", "Phạm Văn Bắc"}
    assert set(response.context["form"].fields["commune"].queryset) == {cast.commune, cast.other_commune}

    response = client.get(reverse("registry:household_list"), {"commune": cast.other_commune.pk})
    assert list_names(response) == {"Phạm Văn Bắc"}


def test_the_list_offers_no_commune_filter_to_a_commune_officer(client, cast, an):
    client.force_login(cast.officer)
    response = client.get(reverse("registry:household_list"))

    assert "commune" not in response.context["form"].fields
    assert set(response.context["form"].fields["village"].queryset) == {cast.village, cast.other_village}


def test_the_search_finds_a_household_by_a_name_typed_without_diacritics(client, cast, an, other_village_household):
    client.force_login(cast.officer)
    response = client.get(reverse("registry:household_list"), {"q": "nguyen van an"})

    assert list_names(response) == {"Nguyễn Văn An"}
    assert "Tìm theo tên không dấu, mã hộ hoặc số CCCD" in response.content.decode()


def test_the_search_finds_a_household_by_citizen_id_and_still_counts_all_its_members(client, cast, an):
    wife = an.persons.get(relation=Relation.SPOUSE)
    client.force_login(cast.officer)
    response = client.get(reverse("registry:household_list"), {"q": wife.citizen_id})

    [found] = response.context["page"].object_list
    assert found.pk == an.pk
    assert found.member_count == 2


def test_a_reader_who_sees_cccds_masked_cannot_confirm_a_guessed_cccd_by_searching(client, cast, an):
    """A viewer sees CCCDs masked; a search by CCCD would tell them whose number it is (docs/security.md)."""
    wife = an.persons.get(relation=Relation.SPOUSE)
    client.force_login(cast.viewer)
    response = client.get(reverse("registry:household_list"), {"q": wife.citizen_id})

    assert list(response.context["page"].object_list) == []
    assert "Tìm theo tên không dấu hoặc mã hộ" in response.content.decode()
    assert "số CCCD" not in str(response.context["form"]["q"].label)
    assert [h.pk for h in client.get(reverse("registry:household_list"), {"q": "an"}).context["page"]] == [an.pk]


def test_the_list_filters_by_village_status_head_sex_and_ethnicity(client, cast, an, other_village_household):
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


def test_the_village_filter_ignores_a_village_outside_the_area_and_says_so_in_vietnamese(
    client, cast, an, other_commune_household
):
    client.force_login(cast.officer)
    response = client.get(reverse("registry:household_list"), {"village": cast.other_commune_village.pk})

    assert response.status_code == 200
    assert list_names(response) == {"Nguyễn Văn An"}
    assert "Giá trị chọn ở “Thôn, tổ dân phố” không có trong danh sách." in response.content.decode()


def test_the_search_asks_for_at_least_two_characters(client, cast, an):
    client.force_login(cast.officer)
    response = client.get(reverse("registry:household_list"), {"q": "a"})

    assert "Nhập ít nhất 2 ký tự để tìm." in response.content.decode()
    assert list_names(response) == {"Nguyễn Văn An"}


def test_the_list_pages_by_25_and_keeps_the_filters_in_the_page_links(client, cast):
    for i in range(27):
        make_household(village=cast.village, members=[member(full_name=f"Nguyễn Văn Số {i}")], status=Status.POOR)
    client.force_login(cast.officer)
    response = client.get(reverse("registry:household_list"), {"status": Status.POOR})

    page = response.context["page"]
    assert page.paginator.count == 27
    assert len(page.object_list) == 25
    assert "?status=poor&amp;page=2" in response.content.decode()
    assert len(client.get(reverse("registry:household_list"), {"status": Status.POOR, "page": 2}).context["page"]) == 2


def test_the_list_runs_the_same_number_of_queries_for_two_or_twenty_households(
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


def test_the_list_writes_the_number_of_households_the_vietnamese_way(client, cast, an, monkeypatch):
    # A thousand real households would make a slow test; the paginator's count is what the heading prints.
    monkeypatch.setattr(CappedPaginator, "count", property(lambda paginator: 12_345))
    monkeypatch.setattr(CappedPaginator, "cap", 100_000)
    client.force_login(cast.officer)
    response = client.get(reverse("registry:household_list"))

    assert "12.345 hộ" in response.content.decode()


def test_the_list_shows_the_member_count_status_and_area_type(client, cast, an):
    client.force_login(cast.officer)
    response = client.get(reverse("registry:household_list"))

    [row] = response.context["page"].object_list
    assert row.member_count == 2
    content = response.content.decode()
    assert "Hộ nghèo" in content
    assert "Nông thôn" in content
    assert an.code in content


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
