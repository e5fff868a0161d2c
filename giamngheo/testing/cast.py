"""The named cast of users every test can rely on (the `cast` fixture of conftest.py), each with what they may see."""

from dataclasses import dataclass

from giamngheo.accounts.models import Role, User
from giamngheo.areas.models import AdminUnit, AreaType, Region, Village
from giamngheo.testing.factories import CommuneFactory, ProvinceFactory, UserFactory, VillageFactory


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
