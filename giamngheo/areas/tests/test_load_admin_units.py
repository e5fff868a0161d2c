"""manage.py load_admin_units: the units before and after 01/07/2025 and the old→new mapping (spec §10.1).

The real package data is loaded once for the module, inside a transaction rolled back after the last test, so the
other test modules (whose factories make their own units) start from an empty table. Each test runs in a
savepoint on top of it.
"""

import datetime
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, F, Q

from giamngheo.areas import services
from giamngheo.areas.models import AdminUnit, AreaType, Era, Level, Region, UnitSuccession
from giamngheo.areas.selectors import current_commune_for, current_successors, legacy_predecessors
from giamngheo.areas.services import admin_units_load

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def first_load(django_db_setup: Any, django_db_blocker: Any) -> Iterator[str]:
    """The output of the first, real load."""
    with django_db_blocker.unblock(), transaction.atomic():
        out = io.StringIO()
        call_command("load_admin_units", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def converter() -> dict[str, Any]:
    with services.CONVERTER_JSON.open(encoding="utf-8") as file:
        data: dict[str, Any] = json.load(file)
    return data


def unit(era: str, level: str, code: str) -> AdminUnit:
    return AdminUnit.objects.get(era=era, level=level, code=code)


def count(era: str, level: str) -> int:
    return AdminUnit.objects.filter(era=era, level=level).count()


def test_the_loader_loads_34_provinces_and_3321_communes(first_load: str) -> None:
    assert count(Era.CURRENT, Level.PROVINCE) == 34
    assert count(Era.CURRENT, Level.COMMUNE) == 3321
    assert count(Era.CURRENT, Level.DISTRICT) == 0
    # Spec §10.1: 2,621 xã + 687 phường + 13 đặc khu.
    by_type = dict(
        AdminUnit.objects.current()
        .communes()
        .values_list("unit_type")
        .annotate(n=Count("id"))
        .values_list("unit_type", "n")
    )
    assert by_type == {"Xã": 2621, "Phường": 687, "Đặc khu": 13}
    assert "34 tỉnh, 3.321 xã (sau 01/07/2025)" in first_load


def test_the_loader_loads_63_provinces_696_districts_and_10035_communes_before_the_reform(first_load: str) -> None:
    assert count(Era.LEGACY, Level.PROVINCE) == 63
    assert count(Era.LEGACY, Level.DISTRICT) == 696
    assert count(Era.LEGACY, Level.COMMUNE) == 10035
    assert "63 tỉnh, 696 huyện, 10.035 xã (trước 01/07/2025)" in first_load
    assert "Không khớp: 0." in first_load


def test_the_loader_dates_each_era_around_the_reform(first_load: str) -> None:
    assert not AdminUnit.objects.legacy().exclude(valid_to=datetime.date(2025, 6, 30)).exists()
    assert not AdminUnit.objects.legacy().exclude(valid_from=None).exists()
    assert not AdminUnit.objects.current().exclude(valid_from=datetime.date(2025, 7, 1)).exists()
    assert not AdminUnit.objects.current().exclude(valid_to=None).exists()


def test_the_loader_links_each_unit_to_its_parent_and_province(first_load: str) -> None:
    truc_bach = unit(Era.LEGACY, Level.COMMUNE, "00004")
    assert (truc_bach.name, truc_bach.short_name, truc_bach.unit_type) == ("Phường Trúc Bạch", "Trúc Bạch", "Phường")
    assert truc_bach.source_key == "thanhphohanoi_quanbadinh_phuongtrucbach"
    assert truc_bach.parent == unit(Era.LEGACY, Level.DISTRICT, "001")
    assert truc_bach.province == unit(Era.LEGACY, Level.PROVINCE, "01")
    assert truc_bach.full_name() == "Phường Trúc Bạch, Quận Ba Đình, Thành phố Hà Nội"
    district = unit(Era.LEGACY, Level.DISTRICT, "001")
    assert (district.unit_type, district.source_key) == ("Quận", "thanhphohanoi_quanbadinh")

    ba_dinh = unit(Era.CURRENT, Level.COMMUNE, "00004")
    hanoi = unit(Era.CURRENT, Level.PROVINCE, "01")
    assert ba_dinh.name == "Phường Ba Đình"
    assert ba_dinh.parent == ba_dinh.province == hanoi
    assert (hanoi.unit_type, hanoi.source_key) == ("Thành phố", "thanhphohanoi")
    assert unit(Era.CURRENT, Level.PROVINCE, "04").unit_type == "Tỉnh"

    assert not AdminUnit.objects.filter(level=Level.PROVINCE).exclude(parent=None, province=None).exists()
    assert not AdminUnit.objects.filter(level__in=[Level.DISTRICT, Level.COMMUNE], province=None).exists()
    assert not AdminUnit.objects.legacy().communes().exclude(parent__level=Level.DISTRICT).exists()
    assert not AdminUnit.objects.current().communes().exclude(parent__level=Level.PROVINCE).exists()


def test_the_loader_maps_truc_bach_to_the_current_ba_dinh(first_load: str) -> None:
    truc_bach = unit(Era.LEGACY, Level.COMMUNE, "00004")
    ba_dinh = unit(Era.CURRENT, Level.COMMUNE, "00004")

    edge = UnitSuccession.objects.get(old=truc_bach)
    assert (edge.new, edge.is_whole, edge.is_default) == (ba_dinh, True, True)
    assert current_successors(truc_bach) == [ba_dinh]
    assert current_commune_for(truc_bach) == ba_dinh
    assert truc_bach in legacy_predecessors(ba_dinh)
    assert current_commune_for(ba_dinh) == ba_dinh


def test_the_loader_gives_nearly_every_legacy_commune_a_successor(first_load: str, converter: dict[str, Any]) -> None:
    legacy = AdminUnit.objects.legacy().communes()
    orphans = legacy.filter(successors=None).count()
    assert orphans <= legacy.count() * 0.005

    # A current commune lacks predecessors only if the package's mapping never names it.
    named = {
        f"{province}_{ward}" for province, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items() for ward in wards
    } | {
        f"{province}_{part['newWardKey']}"
        for province, divided in converter["DICT_PROVINCE_WARD_DIVIDED"].items()
        for parts in divided.values()
        for part in parts
    }
    without = AdminUnit.objects.current().communes().filter(predecessors=None)
    assert not [commune.source_key for commune in without if commune.source_key in named]
    assert UnitSuccession.objects.count() == 10602


def test_the_loader_maps_the_five_island_districts_to_special_zones(first_load: str) -> None:
    con_dao = AdminUnit.objects.legacy().get(level=Level.DISTRICT, name="Huyện Côn Đảo")
    assert not con_dao.children.exists()
    [special_zone] = current_successors(con_dao)
    assert (special_zone.name, special_zone.unit_type) == ("Đặc khu Côn Đảo", "Đặc khu")
    islands = AdminUnit.objects.legacy().filter(level=Level.DISTRICT, successors__isnull=False).distinct()
    assert islands.count() == 5


def test_the_loader_divides_a_commune_between_several_successors_with_exactly_one_default(first_load: str) -> None:
    divided = AdminUnit.objects.legacy().annotate(n=Count("successors")).filter(n__gt=1)
    defaults_per_divided = (
        UnitSuccession.objects.filter(old__in=divided)
        .values_list("old")
        .annotate(defaults=Count("id", filter=Q(is_default=True)))
        .values_list("defaults", flat=True)
    )
    assert len(defaults_per_divided) == 471
    assert set(defaults_per_divided) == {1}
    assert not UnitSuccession.objects.filter(old__in=divided, is_whole=True).exists()
    assert not UnitSuccession.objects.exclude(old__in=divided).filter(Q(is_whole=False) | Q(is_default=False)).exists()

    # Phường Điện Biên (Ba Đình) was split four ways; records made there go to Phường Ba Đình by default.
    dien_bien = unit(Era.LEGACY, Level.COMMUNE, "00019")
    successors = current_successors(dien_bien)
    assert successors[0].name == "Phường Ba Đình"
    assert {commune.name for commune in successors[1:]} == {
        "Phường Hoàn Kiếm",
        "Phường Ô Chợ Dừa",
        "Phường Văn Miếu - Quốc Tử Giám",
    }
    assert current_commune_for(dien_bien) == successors[0]
    assert dien_bien in legacy_predecessors(successors[1])


def test_the_loader_marks_phuong_and_thi_tran_urban_and_xa_and_dac_khu_rural(first_load: str) -> None:
    def area_types(queryset: Any) -> dict[tuple[str, str], int]:
        rows = queryset.values_list("unit_type", "area_type").annotate(n=Count("id"))
        return {(unit_type, area_type): n for unit_type, area_type, n in rows}

    assert area_types(AdminUnit.objects.current().communes()) == {
        ("Phường", AreaType.URBAN): 687,
        ("Xã", AreaType.RURAL): 2621,
        ("Đặc khu", AreaType.RURAL): 13,
    }
    assert area_types(AdminUnit.objects.legacy().communes()) == {
        ("Phường", AreaType.URBAN): 1724,
        ("Thị trấn", AreaType.URBAN): 616,
        ("Xã", AreaType.RURAL): 7695,
    }
    assert not AdminUnit.objects.exclude(level=Level.COMMUNE).exclude(area_type="").exists()


def test_the_loader_gives_every_unit_a_region(first_load: str) -> None:
    assert not AdminUnit.objects.filter(region="").exists()
    assert unit(Era.CURRENT, Level.PROVINCE, "01").region == Region.RED_RIVER_DELTA
    assert unit(Era.LEGACY, Level.PROVINCE, "67").name == "Tỉnh Đắk Nông"
    assert unit(Era.LEGACY, Level.PROVINCE, "67").region == Region.CENTRAL_HIGHLANDS
    assert unit(Era.LEGACY, Level.PROVINCE, "60").region == Region.NORTH_CENTRAL_COAST  # Bình Thuận
    # Legacy districts and communes take their province's region.
    assert not AdminUnit.objects.legacy().exclude(level=Level.PROVINCE).exclude(region=F("province__region")).exists()
    # New Lâm Đồng = Lâm Đồng + Đắk Nông (Tây Nguyên) + Bình Thuận: most of its communes were in Tây Nguyên.
    assert unit(Era.CURRENT, Level.PROVINCE, "68").region == Region.CENTRAL_HIGHLANDS
    # A current commune takes its predecessors' region: Bình Thuận's old communes keep theirs inside Lâm Đồng.
    phan_thiet = AdminUnit.objects.current().get(province__code="68", name="Phường Phan Thiết")
    assert phan_thiet.region == Region.NORTH_CENTRAL_COAST


def test_the_loader_changes_nothing_on_a_second_run_and_keeps_edited_values(first_load: str) -> None:
    commune = unit(Era.CURRENT, Level.COMMUNE, "00004")
    commune.area_type, commune.region = AreaType.RURAL, Region.SOUTHEAST
    commune.save(update_fields=["area_type", "region"])
    province = unit(Era.LEGACY, Level.PROVINCE, "67")
    AdminUnit.objects.filter(pk=province.pk).update(region=Region.SOUTHEAST)
    before = (AdminUnit.objects.count(), UnitSuccession.objects.count())

    out = io.StringIO()
    call_command("load_admin_units", stdout=out)

    assert "Không có gì mới" in out.getvalue()
    assert (AdminUnit.objects.count(), UnitSuccession.objects.count()) == before
    commune.refresh_from_db()
    assert (commune.area_type, commune.region) == (AreaType.RURAL, Region.SOUTHEAST)
    assert AdminUnit.objects.get(pk=province.pk).region == Region.SOUTHEAST


def test_the_loader_restores_a_deleted_commune_and_its_edges_only(first_load: str) -> None:
    ba_dinh = unit(Era.CURRENT, Level.COMMUNE, "00004")
    edges = UnitSuccession.objects.filter(new=ba_dinh).count()
    ba_dinh.delete()

    result = admin_units_load()

    assert (result.current_communes, result.successions, result.created) == (1, edges, 1 + edges)
    restored = unit(Era.CURRENT, Level.COMMUNE, "00004")
    assert (restored.area_type, restored.region) == (AreaType.URBAN, Region.RED_RIVER_DELTA)
    assert len(legacy_predecessors(restored)) == edges


def test_the_loader_reports_unresolved_keys_instead_of_failing(
    first_load: str, converter: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    wards = converter["DICT_PROVINCE_WARD_NO_DIVIDED"]["thanhphohanoi"]
    wards["phuongbadinh"].append("thanhphohanoi_quanbadinh_phuongkhongco")
    wards["phuongkhongco"] = ["thanhphohanoi_quanbadinh_phuongphucxa"]
    path = tmp_path / "converter.json"
    path.write_text(json.dumps(converter), encoding="utf-8")
    monkeypatch.setattr(services, "CONVERTER_JSON", path)

    out = io.StringIO()
    call_command("load_admin_units", stdout=out)

    assert "Không khớp: 2." in out.getvalue()
    assert "thanhphohanoi_quanbadinh_phuongkhongco" in out.getvalue()
    assert "thanhphohanoi_phuongkhongco" in out.getvalue()
    assert UnitSuccession.objects.count() == 10602
