"""Writes for administrative units: loading both eras and the old→new mapping of 1 July 2025.

Source: the `vietnamadminunits` package (MIT), read as data (its SQLite file and converter JSON), so a new release
of the package can be loaded without code changes. Resolution 202/2025/QH15: 63 provinces / 696 districts /
10,035 communes became 34 provinces / 3,321 communes on 01/07/2025 (spec §10.1 [V]).
"""

import csv
import datetime
import json
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import vietnamadminunits
from django.db import transaction

from giamngheo.areas.models import REFORM_DATE, AdminUnit, AreaType, Era, Level, Region, UnitSuccession
from giamngheo.common.text import nfc

PACKAGE_DATA_DIR = Path(vietnamadminunits.__file__).resolve().parent / "data"
DATASET_DB = PACKAGE_DATA_DIR / "dataset.db"
CONVERTER_JSON = PACKAGE_DATA_DIR / "converter_2025.json"
REGIONS_CSV = Path(__file__).resolve().parent / "data" / "regions.csv"

LEGACY_VALID_TO = REFORM_DATE - datetime.timedelta(days=1)
BATCH_SIZE = 1000

# Spec §2.4 [U]: the legal urban/rural rule is unconfirmed. Third-party software treats phường and thị trấn as urban
# (thành thị) and xã as rural; đặc khu is taken as rural because the 2025 rural census counts its 2,634 rural
# communes "including special zones" (2,621 xã + 13 đặc khu, spec §10.1 [V]). Only a default: the value is editable
# per commune and a later load never overwrites it.
AREA_TYPE_BY_COMMUNE_TYPE: Mapping[str, str] = {
    "Phường": AreaType.URBAN,
    "Thị trấn": AreaType.URBAN,
    "Xã": AreaType.RURAL,
    "Đặc khu": AreaType.RURAL,
}

# The package writes the divided/merged communes as "provinceKey_districtKey_wardKey"; the five island districts
# that had no communes (Bạch Long Vĩ, Cồn Cỏ, Hoàng Sa, Lý Sơn, Côn Đảo) appear with an empty ward key, and
# it is the district itself that became a đặc khu.
KEY_SEPARATOR = "_"

_REGION_ORDER = {value: index for index, value in enumerate(Region.values)}


class Writer(Protocol):
    """Where progress goes: a management command's stdout, a StringIO, sys.stdout."""

    def write(self, text: str, /) -> object: ...


@dataclass(frozen=True, kw_only=True)
class LoadResult:
    """What one load inserted (existing rows are never counted or changed) and what it could not resolve."""

    current_provinces: int = 0
    current_communes: int = 0
    legacy_provinces: int = 0
    legacy_districts: int = 0
    legacy_communes: int = 0
    successions: int = 0
    unresolved_keys: tuple[str, ...] = ()
    legacy_without_successor: int = 0
    current_without_predecessor: int = 0

    @property
    def unresolved(self) -> int:
        return len(self.unresolved_keys)

    @property
    def created(self) -> int:
        return (
            self.current_provinces
            + self.current_communes
            + self.legacy_provinces
            + self.legacy_districts
            + self.legacy_communes
            + self.successions
        )


@dataclass(frozen=True, kw_only=True)
class _SourceUnit:
    era: str
    level: str
    code: str
    name: str
    short_name: str
    unit_type: str
    source_key: str
    parent_code: str | None = None
    province_code: str | None = None


@dataclass(frozen=True, kw_only=True)
class _SourceEdge:
    old_key: str
    new_province_key: str
    new_ward_key: str
    is_whole: bool
    is_default: bool


@dataclass(frozen=True, kw_only=True)
class _Source:
    legacy_provinces: list[_SourceUnit]
    legacy_districts: list[_SourceUnit]
    legacy_communes: list[_SourceUnit]
    current_provinces: list[_SourceUnit]
    current_communes: list[_SourceUnit]
    # DICT_PROVINCE: new province key → old province keys (used only when a new commune has no predecessor).
    province_merges: dict[str, list[str]]
    edges: list[_SourceEdge]


def admin_units_load(*, stdout: Writer | None = None) -> LoadResult:
    """Insert the missing units of both eras and the missing old→new edges, in one transaction.

    Idempotent: rows are matched on (era, level, code) and edges on (old, new); an existing row is never updated,
    so area_type and region edited by an administrator survive a re-run. Keys of the mapping that name no unit
    are skipped and reported, never fatal.
    """
    source = _read_source()
    regions_by_province_code = _read_regions()
    unresolved: list[str] = []

    def say(message: str) -> None:
        if stdout is not None:
            stdout.write(message + "\n")

    with transaction.atomic():
        legacy_provinces = _insert_missing(
            source.legacy_provinces,
            era=Era.LEGACY,
            level=Level.PROVINCE,
            region_for=lambda unit: regions_by_province_code.get(unit.code, ""),
        )
        for unit in source.legacy_provinces:
            if unit.code not in regions_by_province_code:
                say(f"Tỉnh {unit.code} {unit.name} không có trong regions.csv: chưa gán vùng.")
        legacy_province_units = _units_by_code(Era.LEGACY, Level.PROVINCE)

        def legacy_province_region(unit: _SourceUnit) -> str:
            return legacy_province_units[unit.province_code or ""].region

        legacy_districts = _insert_missing(
            source.legacy_districts,
            era=Era.LEGACY,
            level=Level.DISTRICT,
            parent_ids={code: unit.pk for code, unit in legacy_province_units.items()},
            province_ids={code: unit.pk for code, unit in legacy_province_units.items()},
            region_for=legacy_province_region,
        )
        legacy_district_ids = _ids_by_code(Era.LEGACY, Level.DISTRICT)
        legacy_communes = _insert_missing(
            source.legacy_communes,
            era=Era.LEGACY,
            level=Level.COMMUNE,
            parent_ids=legacy_district_ids,
            province_ids={code: unit.pk for code, unit in legacy_province_units.items()},
            region_for=legacy_province_region,
        )
        legacy_commune_ids = _ids_by_code(Era.LEGACY, Level.COMMUNE)
        say("Đã nạp đơn vị trước 01/07/2025.")

        # Resolve every edge of the mapping to codes before touching the current era: the regions of new units
        # are derived from their predecessors.
        old_by_key = _legacy_units_by_key(source)
        new_code_by_key, ambiguous = _current_codes_by_key(source.current_communes)
        for key in ambiguous:
            say(f"Không khớp: khóa xã mới trùng trong cùng tỉnh: {key}")
            unresolved.append(key)
        resolved: list[tuple[_SourceUnit, str, _SourceEdge]] = []
        for edge in source.edges:
            old = old_by_key.get(edge.old_key)
            new_code = new_code_by_key.get((edge.new_province_key, edge.new_ward_key))
            if old is None:
                _report(unresolved, edge.old_key, say, "khóa đơn vị cũ")
            if new_code is None:
                _report(unresolved, f"{edge.new_province_key}{KEY_SEPARATOR}{edge.new_ward_key}", say, "khóa xã mới")
            if old is not None and new_code is not None:
                resolved.append((old, new_code, edge))

        legacy_region_by_province = {code: unit.region for code, unit in legacy_province_units.items()}
        legacy_province_code_by_key = {unit.source_key: unit.code for unit in source.legacy_provinces}
        # Only whole communes and the default part of divided ones vote: the package lists some non-default parts
        # that belong to a same-named commune of another old province (both "Phường 4" of Tân An and of Tây Ninh
        # list both new wards), and such a part must not pull a new commune into the other region.
        principal_regions: dict[str, list[str]] = defaultdict(list)
        partial_regions: dict[str, list[str]] = defaultdict(list)
        for old, new_code, edge in resolved:
            votes = principal_regions if edge.is_whole or edge.is_default else partial_regions
            votes[new_code].append(legacy_region_by_province.get(old.province_code or "", ""))
        fallback_region_by_new_province: dict[str, str] = {}
        for new_province_key, old_province_keys in source.province_merges.items():
            old_regions = []
            for old_province_key in old_province_keys:
                old_code = legacy_province_code_by_key.get(old_province_key)
                if old_code is None:
                    _report(unresolved, old_province_key, say, "khóa tỉnh cũ")
                else:
                    old_regions.append(legacy_region_by_province.get(old_code, ""))
            fallback_region_by_new_province[new_province_key] = _most_common_region(old_regions)
        current_province_key_by_code = {unit.code: unit.source_key for unit in source.current_provinces}

        existing_current_communes = _units_by_code(Era.CURRENT, Level.COMMUNE)
        commune_regions: dict[str, str] = {}
        for unit in source.current_communes:
            if unit.code in existing_current_communes:
                commune_regions[unit.code] = existing_current_communes[unit.code].region
            else:
                # README of data/: a new commune takes the region of most of the old communes it absorbed [U,
                # spec §13 question 14]; without predecessors, that of the old provinces merged into its province.
                new_province_key = current_province_key_by_code.get(unit.province_code or "", "")
                commune_regions[unit.code] = (
                    _most_common_region(principal_regions.get(unit.code, ()))
                    or _most_common_region(partial_regions.get(unit.code, ()))
                    or fallback_region_by_new_province.get(new_province_key, "")
                )
        regions_of_province: dict[str, list[str]] = defaultdict(list)
        for unit in source.current_communes:
            regions_of_province[unit.province_code or ""].append(commune_regions[unit.code])

        current_provinces = _insert_missing(
            source.current_provinces,
            era=Era.CURRENT,
            level=Level.PROVINCE,
            region_for=lambda unit: _most_common_region(regions_of_province.get(unit.code, ())),
        )
        current_province_ids = _ids_by_code(Era.CURRENT, Level.PROVINCE)
        current_communes = _insert_missing(
            source.current_communes,
            era=Era.CURRENT,
            level=Level.COMMUNE,
            parent_ids=current_province_ids,
            province_ids=current_province_ids,
            region_for=lambda unit: commune_regions[unit.code],
        )
        current_commune_ids = _ids_by_code(Era.CURRENT, Level.COMMUNE)
        say("Đã nạp đơn vị từ 01/07/2025.")

        legacy_ids: dict[str, dict[str, int]] = {Level.DISTRICT: legacy_district_ids, Level.COMMUNE: legacy_commune_ids}
        wanted: dict[tuple[int, int], _SourceEdge] = {}
        for old, new_code, edge in resolved:
            wanted[(legacy_ids[old.level][old.code], current_commune_ids[new_code])] = edge
        # Unfiltered on purpose: filtering both ends by era makes SQLite's planner join the two eras' units
        # first (seconds instead of milliseconds), and the table holds nothing but this mapping.
        existing_edges = set(UnitSuccession.objects.values_list("old_id", "new_id"))
        new_edges = [
            UnitSuccession(old_id=old_id, new_id=new_id, is_whole=edge.is_whole, is_default=edge.is_default)
            for (old_id, new_id), edge in wanted.items()
            if (old_id, new_id) not in existing_edges
        ]
        UnitSuccession.objects.bulk_create(new_edges, batch_size=BATCH_SIZE)
        say("Đã nạp liên kết cũ→mới.")

    with_successor = {old.code for old, _new_code, _edge in resolved if old.level == Level.COMMUNE}
    with_predecessor = {new_code for _old, new_code, _edge in resolved}
    return LoadResult(
        current_provinces=current_provinces,
        current_communes=current_communes,
        legacy_provinces=legacy_provinces,
        legacy_districts=legacy_districts,
        legacy_communes=legacy_communes,
        successions=len(new_edges),
        unresolved_keys=tuple(unresolved),
        legacy_without_successor=sum(1 for unit in source.legacy_communes if unit.code not in with_successor),
        current_without_predecessor=sum(1 for unit in source.current_communes if unit.code not in with_predecessor),
    )


def _report(unresolved: list[str], key: str, say: Callable[[str], None], what: str) -> None:
    if key not in unresolved:
        unresolved.append(key)
        say(f"Không khớp {what}: {key}")


def _most_common_region(regions: Iterable[str]) -> str:
    """The most frequent non-blank region; a tie goes to the region listed first in `Region`, so loads agree."""
    counts = Counter(region for region in regions if region)
    if not counts:
        return ""
    return min(counts, key=lambda region: (-counts[region], _REGION_ORDER.get(region, len(_REGION_ORDER))))


def _insert_missing(
    units: list[_SourceUnit],
    *,
    era: str,
    level: str,
    region_for: Callable[[_SourceUnit], str],
    parent_ids: Mapping[str, int] | None = None,
    province_ids: Mapping[str, int] | None = None,
) -> int:
    existing = set(AdminUnit.objects.filter(era=era, level=level).values_list("code", flat=True))
    rows = [
        AdminUnit(
            era=era,
            level=level,
            code=unit.code,
            name=unit.name,
            short_name=unit.short_name,
            unit_type=unit.unit_type,
            parent_id=parent_ids[unit.parent_code] if parent_ids is not None and unit.parent_code else None,
            province_id=province_ids[unit.province_code] if province_ids is not None and unit.province_code else None,
            valid_from=REFORM_DATE if era == Era.CURRENT else None,
            valid_to=LEGACY_VALID_TO if era == Era.LEGACY else None,
            area_type=AREA_TYPE_BY_COMMUNE_TYPE.get(unit.unit_type, "") if level == Level.COMMUNE else "",
            region=region_for(unit),
            source_key=unit.source_key,
        )
        for unit in units
        if unit.code not in existing
    ]
    AdminUnit.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    return len(rows)


def _units_by_code(era: str, level: str) -> dict[str, AdminUnit]:
    return {unit.code: unit for unit in AdminUnit.objects.filter(era=era, level=level).only("id", "code", "region")}


def _ids_by_code(era: str, level: str) -> dict[str, int]:
    return dict(AdminUnit.objects.filter(era=era, level=level).values_list("code", "id"))


def _legacy_units_by_key(source: _Source) -> dict[str, _SourceUnit]:
    """Old keys of the converter → legacy unit: "prov_dist_ward" for communes, "prov_dist_" for island districts."""
    by_key = {unit.source_key: unit for unit in source.legacy_communes}
    by_key.update({unit.source_key + KEY_SEPARATOR: unit for unit in source.legacy_districts})
    return by_key


def _current_codes_by_key(communes: list[_SourceUnit]) -> tuple[dict[tuple[str, str], str], list[str]]:
    """(newProvinceKey, newWardKey) → commune code, and the keys that name two communes of one province.

    The converter names new communes by ward key within a province. The package's `wardKeyDuplicated` flag marks
    keys repeated across the country (e.g. "Xã Tân Thành" in several provinces), which is harmless here; a
    repeat within one province would make the key ambiguous, so it is checked rather than trusted.
    """
    codes: dict[tuple[str, str], str] = {}
    repeated: set[tuple[str, str]] = set()
    for unit in communes:
        province_key, ward_key = unit.source_key.split(KEY_SEPARATOR, 1)
        if (province_key, ward_key) in codes:
            repeated.add((province_key, ward_key))
        codes[(province_key, ward_key)] = unit.code
    for key in repeated:
        del codes[key]
    return codes, sorted(KEY_SEPARATOR.join(key) for key in repeated)


def _read_regions() -> dict[str, str]:
    with REGIONS_CSV.open(encoding="utf-8", newline="") as file:
        return {row["province_code"]: row["region"] for row in csv.DictReader(file)}


def _province_unit(row: sqlite3.Row, era: Era) -> "_SourceUnit":
    """A province of either era, from a row of the package's tables (both carry the same province columns)."""
    return _SourceUnit(
        era=era,
        level=Level.PROVINCE,
        code=row["provinceCode"],
        name=nfc(row["province"]),
        short_name=nfc(row["provinceShort"]),
        unit_type=_province_type(row["province"]),
        source_key=row["provinceKey"],
    )


def _province_type(name: str) -> str:
    """Unit type from the name prefix: "Thành phố Hà Nội" → "Thành phố", "Tỉnh Cao Bằng" → "Tỉnh"."""
    return "Thành phố" if name.startswith("Thành phố ") else "Tỉnh"


def _read_source() -> _Source:
    connection = sqlite3.connect(f"file:{DATASET_DB}?mode=ro", uri=True)
    connection.row_factory = sqlite3.Row
    try:
        legacy_rows = connection.execute(
            "SELECT province, district, ward, provinceShort, districtShort, wardShort, districtType, wardType,"
            " provinceCode, districtCode, wardCode, provinceKey, districtKey, wardKey"
            " FROM admin_units_legacy ORDER BY provinceCode, districtCode, wardCode"
        ).fetchall()
        current_rows = connection.execute(
            "SELECT province, ward, provinceShort, wardShort, wardType, provinceCode, wardCode, provinceKey, wardKey"
            " FROM admin_units ORDER BY provinceCode, wardCode"
        ).fetchall()
    finally:
        connection.close()

    legacy_provinces: dict[str, _SourceUnit] = {}
    legacy_districts: dict[str, _SourceUnit] = {}
    legacy_communes: list[_SourceUnit] = []
    for row in legacy_rows:
        province_code = row["provinceCode"]
        if province_code not in legacy_provinces:
            legacy_provinces[province_code] = _province_unit(row, Era.LEGACY)
        district_key = f"{row['provinceKey']}{KEY_SEPARATOR}{row['districtKey']}"
        legacy_districts.setdefault(
            row["districtCode"],
            _SourceUnit(
                era=Era.LEGACY,
                level=Level.DISTRICT,
                code=row["districtCode"],
                name=nfc(row["district"]),
                short_name=nfc(row["districtShort"]),
                unit_type=row["districtType"],
                source_key=district_key,
                parent_code=province_code,
                province_code=province_code,
            ),
        )
        if row["wardCode"] is None:  # one of the five island districts without communes
            continue
        legacy_communes.append(
            _SourceUnit(
                era=Era.LEGACY,
                level=Level.COMMUNE,
                code=row["wardCode"],
                name=nfc(row["ward"]),
                short_name=nfc(row["wardShort"]),
                unit_type=row["wardType"],
                source_key=f"{district_key}{KEY_SEPARATOR}{row['wardKey']}",
                parent_code=row["districtCode"],
                province_code=province_code,
            )
        )

    current_provinces: dict[str, _SourceUnit] = {}
    current_communes: list[_SourceUnit] = []
    for row in current_rows:
        province_code = row["provinceCode"]
        if province_code not in current_provinces:
            current_provinces[province_code] = _province_unit(row, Era.CURRENT)
        current_communes.append(
            _SourceUnit(
                era=Era.CURRENT,
                level=Level.COMMUNE,
                code=row["wardCode"],
                name=nfc(row["ward"]),
                short_name=nfc(row["wardShort"]),
                unit_type=row["wardType"],
                source_key=f"{row['provinceKey']}{KEY_SEPARATOR}{row['wardKey']}",
                parent_code=province_code,
                province_code=province_code,
            )
        )

    with CONVERTER_JSON.open(encoding="utf-8") as file:
        converter = json.load(file)
    edges: list[_SourceEdge] = []
    for new_province_key, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_ward_key, old_keys in wards.items():
            edges.extend(
                _SourceEdge(
                    old_key=old_key,
                    new_province_key=new_province_key,
                    new_ward_key=new_ward_key,
                    is_whole=True,
                    is_default=True,
                )
                for old_key in old_keys
            )
    for new_province_key, divided in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, parts in divided.items():
            edges.extend(
                _SourceEdge(
                    old_key=old_key,
                    new_province_key=new_province_key,
                    new_ward_key=part["newWardKey"],
                    is_whole=False,
                    is_default=bool(part.get("isDefaultNewWard")),
                )
                for part in parts
            )

    return _Source(
        legacy_provinces=list(legacy_provinces.values()),
        legacy_districts=list(legacy_districts.values()),
        legacy_communes=legacy_communes,
        current_provinces=list(current_provinces.values()),
        current_communes=current_communes,
        province_merges=converter["DICT_PROVINCE"],
        edges=edges,
    )
