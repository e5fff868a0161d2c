"""Seeded households take the register's own code scheme (issue 11, C14): the commune's code and a serial of that
commune, numbered on from the codes the commune already has, so that a demo shows one scheme and the household form
afterwards draws the next free serial."""

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from giamngheo.registry.models import Household, Sex
from giamngheo.testing.factories import make_household

pytestmark = pytest.mark.django_db


def seed(**options):
    call_command("seed_synthetic", province="91", no_progress=True, stdout=StringIO(), **options)


def codes_of(commune):
    return sorted(Household.objects.filter(commune=commune).values_list("code", flat=True))


def numbered(commune, first, last):
    return [f"{commune.code}-{n:06d}" for n in range(first, last + 1)]


def test_a_seeded_commune_has_only_codes_of_the_scheme_and_the_form_then_draws_the_next_free_serial(client, cast):
    seed(households=300, seed=1)
    codes = codes_of(cast.commune)
    assert len(codes) > 50
    assert all(re.fullmatch(r"91001-\d{6}", code) for code in codes)
    assert codes == numbered(cast.commune, 1, len(codes))

    client.force_login(cast.officer)
    response = client.post(
        reverse("registry:household_create"),
        {
            "village": str(cast.village.pk),
            "code": "",
            "registered_on": "01/10/2025",
            "head-full_name": "Hoàng Văn Phúc",
            "head-sex": Sex.MALE,
            "head-date_of_birth": "12/03/1975",
            "head-ethnicity": "01",
            "head-disability": "none",
            "head-schooling": "na",
        },
    )

    assert response.status_code == 302
    assert Household.objects.get(head__full_name="Hoàng Văn Phúc").code == f"91001-{len(codes) + 1:06d}"


def test_a_second_seed_numbers_on_from_the_first_and_the_same_seed_again_is_refused(cast):
    seed(households=200, seed=1)
    first = codes_of(cast.commune)

    seed(households=200, seed=2)

    codes = codes_of(cast.commune)
    assert len(codes) > len(first) and codes == numbered(cast.commune, 1, len(codes))
    assert Household.objects.values("code").distinct().count() == Household.objects.count() == 400
    with pytest.raises(CommandError, match="Hạt giống 2 đã được dùng cho Tỉnh Thử Nghiệm"):
        seed(households=200, seed=2)
    assert Household.objects.count() == 400


def test_seeding_numbers_on_from_the_codes_the_register_already_has(cast):
    make_household(village=cast.village)  # the form's 91001-000001
    make_household(village=cast.village, code="91001-000010")  # an imported code of the scheme's form
    make_household(village=cast.village, code="HN-0042")  # an imported code of its own: kept, not counted

    seed(households=300, seed=1)

    codes = codes_of(cast.commune)
    assert codes[:2] == ["91001-000001", "91001-000010"] and "HN-0042" in codes
    assert codes[2:-1] == numbered(cast.commune, 11, 10 + len(codes) - 3)
