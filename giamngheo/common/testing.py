"""Factories and the named cast of users shared by every app's tests (see conftest.py)."""

import datetime
import itertools
from dataclasses import dataclass
from typing import Any

import factory

from giamngheo.accounts.models import Role, User
from giamngheo.areas.models import AdminUnit, AreaType, Era, Level, Region, Village
from giamngheo.registry.models import Household, Relation, Sex
from giamngheo.registry.services import household_register
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


@dataclass
class Cast:
    """The named users every test can rely on, each with what they may see."""

    province: AdminUnit  # Tỉnh Thử 91
    commune: AdminUnit  # Xã Thử A, in that province
    other_commune: AdminUnit  # Xã Thử B, same province
    far_commune: AdminUnit  # a commune of another province
    village: Village  # Thôn Một of the commune
    other_village: Village  # Thôn Hai of the commune
    other_commune_village: Village
    far_village: Village
    collaborator: User  # enters data for Thôn Một only
    officer: User  # commune officer of Xã Thử A: the whole commune, read and write
    chairman: User  # chairman of Xã Thử A: reads the commune, signs decisions
    other_officer: User  # officer of Xã Thử B: must never see Xã Thử A's households
    province_officer: User  # reads every commune of the province
    far_officer: User  # officer of the commune in the other province
    national_admin: User  # everything
    viewer: User  # read-only, commune of Xã Thử A
    auditor: User  # reads the audit trail of the province


def cast_create() -> Cast:
    province = ProvinceFactory.create(code="91", name="Tỉnh Thử Nghiệm")
    far_province = ProvinceFactory.create(code="92", name="Tỉnh Xa", region=Region.MEKONG_DELTA)
    commune = CommuneFactory.create(code="91001", name="Xã Thử A", parent=province)
    other_commune = CommuneFactory.create(
        code="91002", name="Phường Thử B", unit_type="Phường", parent=province, area_type=AreaType.URBAN
    )
    far_commune = CommuneFactory.create(code="92001", name="Xã Xa", parent=far_province)
    village = VillageFactory.create(commune=commune, name="Thôn Một")
    other_village = VillageFactory.create(commune=commune, name="Thôn Hai")
    other_commune_village = VillageFactory.create(commune=other_commune, name="Tổ dân phố 1")
    far_village = VillageFactory.create(commune=far_commune, name="Ấp Xa")
    return Cast(
        province=province,
        commune=commune,
        other_commune=other_commune,
        far_commune=far_commune,
        village=village,
        other_village=other_village,
        other_commune_village=other_commune_village,
        far_village=far_village,
        collaborator=UserFactory.create(username="ctv", role=Role.VILLAGE_COLLABORATOR, area=commune, village=village),
        officer=UserFactory.create(username="canbo", role=Role.COMMUNE_OFFICER, area=commune),
        chairman=UserFactory.create(username="chutich", role=Role.COMMUNE_CHAIRMAN, area=commune),
        other_officer=UserFactory.create(username="canbo_b", role=Role.COMMUNE_OFFICER, area=other_commune),
        province_officer=UserFactory.create(username="tinh", role=Role.PROVINCE_OFFICER, area=province),
        far_officer=UserFactory.create(username="canbo_xa", role=Role.COMMUNE_OFFICER, area=far_commune),
        national_admin=UserFactory.create(username="quantri", role=Role.NATIONAL_ADMIN, area=None),
        viewer=UserFactory.create(username="xem", role=Role.VIEWER, area=commune),
        auditor=UserFactory.create(username="kiemtoan", role=Role.AUDITOR, area=province),
    )
