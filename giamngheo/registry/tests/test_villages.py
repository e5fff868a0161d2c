"""The villages pages of a commune: only the officer who manages that commune (or a national administrator)."""

import pytest
from django.urls import reverse

from giamngheo.accounts.models import AuditAction, AuditEntry
from giamngheo.areas.models import Village, VillageKind
from giamngheo.testing.factories import make_household, member

pytestmark = pytest.mark.django_db


def test_the_village_list_shows_the_communes_villages_with_their_household_counts(client, cast):
    make_household(village=cast.village)
    make_household(village=cast.village, members=[member(full_name="Lò Văn Hai")])
    client.force_login(cast.officer)
    response = client.get(reverse("villages:village_list", args=[cast.commune.pk]))

    assert response.status_code == 200
    counts = {v.name: v.household_count for v in response.context["villages"]}
    assert counts == {"Thôn Một": 2, "Thôn Hai": 0}
    assert "Tổ dân phố 1" not in response.content.decode()


@pytest.mark.parametrize("who", ["other_officer", "collaborator", "chairman", "viewer", "province_officer", "auditor"])
def test_the_village_pages_return_404_to_anyone_who_does_not_manage_the_commune(client, cast, who):
    client.force_login(getattr(cast, who))

    assert client.get(reverse("villages:village_list", args=[cast.commune.pk])).status_code == 404
    assert client.get(reverse("villages:village_create", args=[cast.commune.pk])).status_code == 404
    assert (
        client.post(
            reverse("villages:village_create", args=[cast.commune.pk]), {"name": "Thôn Lạ", "kind": "thon"}
        ).status_code
        == 404
    )
    assert client.get(reverse("villages:village_edit", args=[cast.village.pk])).status_code == 404
    assert (
        client.post(
            reverse("villages:village_edit", args=[cast.village.pk]), {"name": "Đổi", "kind": "thon"}
        ).status_code
        == 404
    )
    assert not Village.objects.filter(name__in=["Thôn Lạ", "Đổi"]).exists()


def test_the_village_pages_let_a_national_administrator_manage_any_commune(client, cast):
    client.force_login(cast.national_admin)

    assert client.get(reverse("villages:village_list", args=[cast.far_commune.pk])).status_code == 200


def test_the_villages_menu_item_takes_the_officer_to_their_own_commune(client, cast):
    client.force_login(cast.officer)
    response = client.get(reverse("villages:village_home"))

    assert response.status_code == 302
    assert response["Location"] == reverse("villages:village_list", args=[cast.commune.pk])


def test_the_add_village_page_creates_a_village_and_audits_it(client, cast):
    client.force_login(cast.officer)
    response = client.post(
        reverse("villages:village_create", args=[cast.commune.pk]), {"name": "  Nà   Pồng ", "kind": VillageKind.BAN}
    )

    village = Village.objects.get(commune=cast.commune, name="Nà Pồng")
    assert response.status_code == 302
    assert village.kind == VillageKind.BAN
    entry = AuditEntry.objects.get(target_type="areas.village", target_id=str(village.pk))
    assert entry.action == AuditAction.CREATE
    assert entry.actor == cast.officer
    assert entry.commune_id == cast.commune.pk


def test_the_add_village_page_refuses_a_name_the_commune_already_has_in_vietnamese(client, cast):
    client.force_login(cast.officer)
    response = client.post(
        reverse("villages:village_create", args=[cast.commune.pk]), {"name": "thôn một", "kind": "thon"}
    )

    assert response.status_code == 200
    assert "đã có thôn, tổ dân phố tên “thôn một”" in response.content.decode()
    assert Village.objects.filter(commune=cast.commune).count() == 2


def test_the_add_village_page_asks_for_the_name(client, cast):
    client.force_login(cast.officer)
    response = client.post(reverse("villages:village_create", args=[cast.commune.pk]), {"name": "", "kind": "thon"})

    assert "Chưa nhập “Tên”." in response.content.decode()
    assert Village.objects.filter(commune=cast.commune).count() == 2


def test_the_edit_village_page_renames_a_village_and_the_register_follows(client, cast):
    household = make_household(village=cast.village)
    client.force_login(cast.officer)
    response = client.post(
        reverse("villages:village_edit", args=[cast.village.pk]),
        {"name": "Bản Mới", "kind": VillageKind.BAN, "is_active": "on"},
    )

    cast.village.refresh_from_db()
    assert response.status_code == 302
    assert cast.village.name == "Bản Mới"
    entry = AuditEntry.objects.get(target_type="areas.village", action=AuditAction.UPDATE)
    assert entry.changes["name"] == ["Thôn Một", "Bản Mới"]
    detail = client.get(reverse("registry:household_detail", args=[household.pk])).content.decode()
    assert "Bản Mới" in detail


def test_a_village_deactivated_on_its_page_is_no_longer_offered_for_new_households(client, cast):
    client.force_login(cast.officer)
    client.post(reverse("villages:village_edit", args=[cast.other_village.pk]), {"name": "Thôn Hai", "kind": "thon"})

    cast.other_village.refresh_from_db()
    assert cast.other_village.is_active is False
    form = client.get(reverse("registry:household_create")).context["form"]
    assert list(form.fields["village"].queryset) == [cast.village]


def test_the_village_list_orders_the_villages_in_vietnamese_alphabetical_order(client, cast):
    for name in ("Thôn Bảo Yên", "Thôn Bảo Ái", "Thôn Ấp Đồn"):
        Village.objects.create(commune=cast.commune, name=name)
    client.force_login(cast.officer)
    response = client.get(reverse("villages:village_list", args=[cast.commune.pk]))
    names = [v.name for v in response.context["villages"]]
    assert names == ["Thôn Ấp Đồn", "Thôn Bảo Ái", "Thôn Bảo Yên", "Thôn Hai", "Thôn Một"]
