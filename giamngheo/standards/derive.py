"""Deprivations derived from the register's household facts, with the cut-offs of the period as dated data.

Each indicator has one function reading the household and its members as of an explicit date. A fact that was
never recorded leaves the indicator "not derivable": it counts as not deprived and the reasons say so, so an
officer knows what to ask. An officer may override any derived indicator, but only with a written reason.
"""

import datetime
import functools
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import yaml

from giamngheo.common.formats import number_vi
from giamngheo.standards.params import DATA_DIR, Param, Standard, _param


class DerivationUnavailable(LookupError):
    """The standard has no derivation rules (2016–2020: its indicators are entered directly)."""


@dataclass(frozen=True)
class MemberFacts:
    full_name: str
    date_of_birth: datetime.date
    employment: str = ""
    labour_contract: bool | None = None
    social_allowance: bool = False
    malnourished: bool = False
    health_insurance: bool = True
    schooling: str = "na"
    education: str = ""


@dataclass(frozen=True)
class HouseholdFacts:
    area: str
    members: tuple[MemberFacts, ...]
    wall_durable: bool | None = None
    column_durable: bool | None = None
    roof_durable: bool | None = None
    floor_area_m2: Decimal | float | None = None
    water_source: str = ""
    latrine: str = ""
    uses_telecom: bool | None = None
    uses_internet: bool | None = None
    owns_tv: bool | None = None
    owns_radio: bool | None = None
    owns_computer: bool | None = None
    owns_smartphone: bool | None = None
    waste_treatment: str = ""


@dataclass
class Derivation:
    deprived: dict[str, bool] = field(default_factory=dict)
    explanations: dict[str, str] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)
    overridden: dict[str, str] = field(default_factory=dict)

    @property
    def deprived_codes(self) -> list[str]:
        return [code for code, value in self.deprived.items() if value]


@functools.cache
def derivation_params(code: str) -> dict[str, Param]:
    path = DATA_DIR / code / "derivation.yaml"
    if not path.exists():
        raise DerivationUnavailable(
            f"Chuẩn {code} chưa có quy tắc suy ra chỉ số thiếu hụt từ thông tin hộ; nhập trực tiếp các chỉ số."
        )
    return {name: _param(raw) for name, raw in yaml.safe_load(path.read_text(encoding="utf-8")).items()}


def age_on(born: datetime.date, day: datetime.date) -> int:
    """Completed years of age on `day` ("đủ … tuổi")."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


Rule = Callable[[HouseholdFacts, Mapping[str, Any], datetime.date], tuple[bool | None, str]]


def _ages(h: HouseholdFacts, day: datetime.date) -> list[tuple[MemberFacts, int]]:
    return [(m, age_on(m.date_of_birth, day)) for m in h.members]


def _employment(h: HouseholdFacts, p: Mapping[str, Any], day: datetime.date) -> tuple[bool | None, str]:
    for m, age in _ages(h, day):
        if p["working_age_min"] <= age <= p["working_age_max"]:
            if m.employment == "unemployed":
                return True, f"{m.full_name} ({age} tuổi) trong độ tuổi lao động, không có việc làm."
            if m.employment == "wage" and m.labour_contract is False:
                return True, f"{m.full_name} ({age} tuổi) làm công ăn lương không có hợp đồng lao động."
    return False, ""


def _dependants(h: HouseholdFacts, p: Mapping[str, Any], day: datetime.date) -> tuple[bool | None, str]:
    if not h.members:
        return None, ""
    count = sum(1 for m, age in _ages(h, day) if age < p["child_age_max"] or m.social_allowance)
    if count / len(h.members) > p["dependants_share"]:
        return True, f"{count}/{len(h.members)} thành viên là người phụ thuộc (trên {p['dependants_share']:.0%})."
    return False, ""


def _nutrition(h: HouseholdFacts, p: Mapping[str, Any], day: datetime.date) -> tuple[bool | None, str]:
    for m, age in _ages(h, day):
        if age < p["child_age_max"] and m.malnourished:
            return True, f"Trẻ {m.full_name} ({age} tuổi) bị suy dinh dưỡng."
    return False, ""


def _health_insurance(h: HouseholdFacts, p: Mapping[str, Any], day: datetime.date) -> tuple[bool | None, str]:
    for m, age in _ages(h, day):
        if age >= p["insurance_min_age"] and not m.health_insurance:
            return True, f"{m.full_name} ({age} tuổi) không có thẻ bảo hiểm y tế."
    return False, ""


def _studying(m: MemberFacts) -> bool:
    return m.schooling not in ("na", "not_attending", "")


def _adult_education(h: HouseholdFacts, p: Mapping[str, Any], day: datetime.date) -> tuple[bool | None, str]:
    low, high = p["adult_education_ages"]
    for m, age in _ages(h, day):
        if not low <= age <= high or _studying(m):
            continue
        needed = p["minor_education_levels"] if age < p["adult_education_minor_upper"] else p["adult_education_levels"]
        if m.education not in needed:
            return True, f"{m.full_name} ({age} tuổi) không đi học và chưa đạt trình độ phù hợp với tuổi."
    return False, ""


def _child_schooling(h: HouseholdFacts, p: Mapping[str, Any], day: datetime.date) -> tuple[bool | None, str]:
    low, high = p["school_ages"]
    for m, age in _ages(h, day):
        # Only a recorded "not attending" counts: an unrecorded schooling is missing data, not a deprivation.
        if low <= age < high and m.schooling == "not_attending":
            return True, f"Trẻ {m.full_name} ({age} tuổi) không đi học."
    return False, ""


def _housing_quality(h: HouseholdFacts, p: Mapping[str, Any], day: datetime.date) -> tuple[bool | None, str]:
    parts = (h.wall_durable, h.column_durable, h.roof_durable)
    if None in parts:
        return None, ""
    weak = sum(1 for part in parts if part is False)
    if weak >= p["non_durable_parts_min"]:
        return True, f"{weak}/3 kết cấu chính (tường, cột, mái) không bền chắc."
    return False, ""


def _housing_area(h: HouseholdFacts, p: Mapping[str, Any], day: datetime.date) -> tuple[bool | None, str]:
    if h.floor_area_m2 is None or not h.members:
        return None, ""
    per_person = float(h.floor_area_m2) / len(h.members)
    if per_person < p["floor_area_min_m2"]:
        # Cut, not rounded, to one decimal: 7.97 m² would otherwise read "8,0 m²/người, dưới 8 m²".
        shown = number_vi(math.floor(per_person * 10) / 10, 1)
        minimum = p["floor_area_min_m2"]
        minimum_shown = number_vi(minimum) if float(minimum).is_integer() else number_vi(minimum, 1)
        return True, f"Diện tích nhà ở bình quân {shown} m²/người, dưới {minimum_shown} m²."
    return False, ""


def _water(h: HouseholdFacts, p: Mapping[str, Any], day: datetime.date) -> tuple[bool | None, str]:
    if not h.water_source:
        return None, ""
    if h.water_source not in p["safe_water_sources"]:
        return True, "Không tiếp cận nguồn nước sinh hoạt hợp vệ sinh."
    return False, ""


def _sanitation(h: HouseholdFacts, p: Mapping[str, Any], day: datetime.date) -> tuple[bool | None, str]:
    if not h.latrine:
        return None, ""
    if h.latrine not in p["hygienic_latrines"]:
        return True, "Không sử dụng nhà tiêu hợp vệ sinh."
    return False, ""


def _telecom(h: HouseholdFacts, p: Mapping[str, Any], day: datetime.date) -> tuple[bool | None, str]:
    if h.uses_telecom is None:
        return None, ""
    return (True, "Không thành viên nào sử dụng dịch vụ viễn thông.") if not h.uses_telecom else (False, "")


def _information_assets(h: HouseholdFacts, p: Mapping[str, Any], day: datetime.date) -> tuple[bool | None, str]:
    owned = [getattr(h, name) for name in p["information_devices"]]
    if any(owned):
        return False, ""
    if None in owned:
        # "No TV" alone does not make a household deprived: every listed device must be known to be missing.
        return None, ""
    return True, "Hộ không có phương tiện tiếp cận thông tin (ti vi, radio, máy tính, điện thoại thông minh)."


def _digital_services(h: HouseholdFacts, p: Mapping[str, Any], day: datetime.date) -> tuple[bool | None, str]:
    if h.uses_internet is None:
        return None, ""
    return (True, "Không thành viên nào sử dụng internet, dịch vụ số.") if not h.uses_internet else (False, "")


def _waste(h: HouseholdFacts, p: Mapping[str, Any], day: datetime.date) -> tuple[bool | None, str]:
    if not h.waste_treatment:
        return None, ""
    if h.waste_treatment not in p["treated_waste"]:
        return True, "Rác thải sinh hoạt không được thu gom hoặc xử lý hợp vệ sinh."
    return False, ""


RULES: dict[str, Rule] = {
    "employment": _employment,
    "dependants": _dependants,
    "nutrition": _nutrition,
    "health_insurance": _health_insurance,
    "adult_education": _adult_education,
    "child_schooling": _child_schooling,
    "housing_quality": _housing_quality,
    "housing_area": _housing_area,
    "water": _water,
    "sanitation": _sanitation,
    "telecom": _telecom,
    "information_assets": _information_assets,
    "digital_services": _digital_services,
    "waste": _waste,
}


def derive(standard: Standard, facts: HouseholdFacts, *, as_of: datetime.date) -> Derivation:
    """Which of the standard's indicators the household is deprived in, with one explanation per deprivation."""
    params = {name: param.value for name, param in derivation_params(standard.code).items()}
    result = Derivation()
    for code in standard.indicator_codes:
        value, why = RULES[code](facts, params, as_of)
        if value is None:
            result.unknown.append(code)
            value = False
        result.deprived[code] = value
        if why:
            result.explanations[code] = why
    return result


def apply_overrides(standard: Standard, derivation: Derivation, overrides: Mapping[str, tuple[bool, str]]) -> None:
    """An officer's correction of derived indicators. Each needs a written reason, which is kept."""
    for code, (value, reason) in overrides.items():
        if code not in standard.indicator_codes:
            raise ValueError(f"Chỉ số “{code}” không có trong chuẩn {standard.code}.")
        reason = reason.strip()
        if not reason:
            raise ValueError(f"Điều chỉnh chỉ số “{standard.indicator(code).name}” phải ghi rõ lý do.")
        derivation.deprived[code] = value
        derivation.overridden[code] = reason
        if code in derivation.unknown:
            derivation.unknown.remove(code)
