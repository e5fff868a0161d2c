"""Factories of areas, users and households for the tests, and answers to the shipped B1 table."""

import datetime
import itertools
from typing import Any

import factory

from giamngheo.accounts.models import Role, User
from giamngheo.areas.models import AdminUnit, AreaType, Era, Level, Region, Village
from giamngheo.registry.models import Household, Relation, Sex
from giamngheo.registry.services.households import household_register
from giamngheo.registry.validators import citizen_id_for
from giamngheo.standards.proxy import shipped_table


def b1_answers(*, highest: tuple[str, ...] = ()) -> dict[str, str]:
    """Answers to the shipped (placeholder) B1 table of 2022–2025: the lowest-scoring option of every group (the
    base score, at or below both thresholds), or the highest-scoring one for the groups named."""
    table = shipped_table("2022-2025", "rural")
    assert table is not None
    pick = {True: max, False: min}
    return {
        g["code"]: str(pick[g["code"] in highest](g["options"], key=lambda o: o["points"])["code"])
        for g in table.groups
    }


# The lowest answers everywhere (score 80), and a household with state work, pensions, assets and power (185).
LOW_B1 = b1_answers()
HIGH_B1 = b1_answers(highest=("non_farm_work", "pension", "assets", "electricity"))

# Serials from 900,001 so test people never collide with synthetic households seeded first (which count from 1).
_serial = itertools.count(900_001)


class ProvinceFactory(factory.django.DjangoModelFactory[AdminUnit]):
    class Meta:
        model = AdminUnit
        django_get_or_create = ("era", "level", "code")

    era = Era.CURRENT
    level = Level.PROVINCE
    code = factory.Sequence(lambda n: f"{90 + n % 9:02d}")
    name = factory.LazyAttribute(lambda o: f"Tỉnh Thử {o.code}")
    short_name = factory.LazyAttribute(lambda o: f"Thử {o.code}")
    unit_type = "Tỉnh"
    region = Region.NORTHERN_MIDLANDS_MOUNTAINS
    source_key = factory.LazyAttribute(lambda o: f"p{o.code}")


class CommuneFactory(factory.django.DjangoModelFactory[AdminUnit]):
    class Meta:
        model = AdminUnit
        django_get_or_create = ("era", "level", "code")

    era = Era.CURRENT
    level = Level.COMMUNE
    code = factory.Sequence(lambda n: f"{90000 + n:05d}")
    name = factory.LazyAttribute(lambda o: f"Xã Thử {o.code}")
    short_name = factory.LazyAttribute(lambda o: f"Thử {o.code}")
    unit_type = "Xã"
    parent = factory.SubFactory(ProvinceFactory)
    province = factory.SelfAttribute("parent")
    area_type = AreaType.RURAL
    region = Region.NORTHERN_MIDLANDS_MOUNTAINS
    source_key = factory.LazyAttribute(lambda o: f"c{o.code}")


class VillageFactory(factory.django.DjangoModelFactory[Village]):
    class Meta:
        model = Village

    commune = factory.SubFactory(CommuneFactory)
    name = factory.Sequence(lambda n: f"Thôn {n + 1}")


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.LazyAttribute(lambda o: o.username)
    role = Role.VIEWER
    password = factory.django.Password("mat-khau-thu-nghiem-2025")


PASSWORD = "mat-khau-thu-nghiem-2025"  # noqa: S105 (test users only)


def member(**overrides: Any) -> dict[str, Any]:
    """One member's fields with sensible defaults; a valid CCCD unless citizen_id is given."""
    data: dict[str, Any] = {
        "full_name": "Nguyễn Văn An",
        "sex": Sex.MALE,
        "date_of_birth": datetime.date(1980, 5, 17),
        "ethnicity": "01",
        "relation": Relation.HEAD,
        "health_insurance": True,
    }
    data.update(overrides)
    if "citizen_id" not in overrides:
        data["citizen_id"] = citizen_id_for(
            province_code="015", sex=data["sex"], date_of_birth=data["date_of_birth"], serial=next(_serial)
        )
    return data


def make_household(*, village: Village, members: list[dict[str, Any]] | None = None, **kwargs: Any) -> Household:
    """A household registered through the real service (so search text, events and audit are as in life)."""
    return household_register(
        actor=kwargs.pop("actor", None),
        commune=village.commune,
        village=village,
        members=members or [member()],
        registered_on=kwargs.pop("registered_on", datetime.date(2025, 9, 1)),
        **kwargs,
    )
