"""Area scope: each member of the named cast sees exactly their area's households, nothing else."""

import pytest

from giamngheo.accounts.access import scope_of
from giamngheo.registry.models import Household
from giamngheo.registry.selectors import households_visible_to
from giamngheo.testing.factories import make_household, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def homes(cast):
    return {
        "village": make_household(village=cast.village, members=[member(full_name="Hộ Thôn Một")]),
        "other_village": make_household(village=cast.other_village, members=[member(full_name="Hộ Thôn Hai")]),
        "other_commune": make_household(village=cast.other_commune_village, members=[member(full_name="Hộ Xã B")]),
        "far": make_household(village=cast.far_village, members=[member(full_name="Hộ Tỉnh Xa")]),
    }


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("collaborator", {"village"}),
        ("officer", {"village", "other_village"}),
        ("chairman", {"village", "other_village"}),
        ("viewer", {"village", "other_village"}),
        ("other_officer", {"other_commune"}),
        ("province_officer", {"village", "other_village", "other_commune"}),
        ("auditor", {"village", "other_village", "other_commune"}),
        ("far_officer", {"far"}),
        ("national_admin", {"village", "other_village", "other_commune", "far"}),
    ],
)
def test_each_role_sees_only_its_area(cast, homes, who, expected):
    visible = set(households_visible_to(getattr(cast, who)))
    assert visible == {homes[name] for name in expected}


def test_a_collaborator_without_a_village_sees_nothing(cast, homes):
    cast.collaborator.village = None
    assert not households_visible_to(cast.collaborator).exists()


def test_an_inactive_or_anonymous_user_sees_nothing(cast, homes):
    from django.contrib.auth.models import AnonymousUser

    cast.officer.is_active = False
    assert not households_visible_to(cast.officer).exists()
    assert not households_visible_to(AnonymousUser()).exists()


def test_a_commune_officer_without_an_area_sees_nothing_rather_than_everything(cast, homes):
    cast.officer.area = None
    assert not households_visible_to(cast.officer).exists()


def test_an_area_of_the_wrong_level_gives_nothing_rather_than_more(cast, homes):
    cast.officer.area = cast.province  # a commune officer mistakenly given a whole province
    assert not households_visible_to(cast.officer).exists()
    cast.province_officer.area = cast.commune
    assert not households_visible_to(cast.province_officer).exists()


def test_a_viewer_without_an_area_sees_the_country_only_when_given_national_access(cast, homes):
    cast.viewer.area = None
    assert not households_visible_to(cast.viewer).exists()
    cast.viewer.national_access = True
    assert households_visible_to(cast.viewer).count() == 4


def test_a_collaborator_whose_village_is_in_another_commune_sees_nothing(cast, homes):
    cast.collaborator.village = cast.far_village
    assert not households_visible_to(cast.collaborator).exists()


def test_the_user_form_refuses_an_area_that_does_not_fit_the_role(cast):
    from django.core.exceptions import ValidationError

    cast.officer.area = cast.province
    with pytest.raises(ValidationError, match="Vai trò này cần địa bàn cấp"):
        cast.officer.full_clean()
    cast.collaborator.village = cast.far_village
    with pytest.raises(ValidationError, match="Cộng tác viên cần một thôn thuộc xã của mình"):
        cast.collaborator.full_clean()


def test_a_user_with_audit_history_cannot_be_deleted(cast, homes):
    from django.db.models import ProtectedError

    from giamngheo.testing.factories import make_household, member

    make_household(village=cast.village, actor=cast.officer, members=[member(full_name="Hộ Có Nhật Ký")])
    with pytest.raises(ProtectedError):
        cast.officer.delete()


def test_a_query_that_cannot_reach_the_users_level_gives_nothing_rather_than_everything(cast, homes):
    everything = Household.objects.all()
    # Households reached by commune only: a collaborator (village scope) gets none, the officer gets the commune's.
    by_commune = {"province": "commune__province_id", "commune": "commune_id"}
    assert not scope_of(cast.collaborator).filter(everything, **by_commune).exists()
    officer = scope_of(cast.officer).filter(everything, **by_commune)
    assert set(officer.values_list("commune_id", flat=True)) == {cast.commune.pk}
    assert scope_of(cast.national_admin).filter(everything).count() == everything.count()
    assert scope_of(cast.province_officer).covers(commune=cast.other_commune)
    assert not scope_of(cast.officer).covers(commune=cast.other_commune)
    assert not scope_of(cast.collaborator).covers(commune=cast.commune, village_id=cast.other_village.pk)
