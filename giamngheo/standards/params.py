"""Poverty standards as dated data: one folder per period under data/, read once and kept immutable.

Rule code asks for a standard by code or by date and reads its parameters; it holds no legal number itself.
A new period or a corrected value is a data change (plus YAML cases), never an edit of a closed period's rule.
"""

import datetime
import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml

DATA_DIR = Path(__file__).parent / "data"
Verification = Literal["V", "P", "U"]
AREAS = ("rural", "urban")

VERIFICATION_LABELS: dict[str, str] = {
    "V": "đã kiểm chứng",
    "P": "kiểm chứng một phần",
    "U": "chưa kiểm chứng với văn bản pháp luật",
}


class UnknownStandard(LookupError):
    """No standard with that code, or none in force on that date. The message is Vietnamese."""


@dataclass(frozen=True)
class Param:
    value: Any
    reference: str
    status: Verification
    note: str = ""

    @property
    def unverified(self) -> bool:
        return self.status == "U"


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str
    service: str
    status: Verification


@dataclass(frozen=True)
class Standard:
    code: str
    title: str
    legal_basis: str
    valid_from: datetime.date
    valid_to: datetime.date | None
    rules_version: str
    rule: str
    area_word: dict[str, str]
    poverty_line: dict[str, Param]
    average_living_upper: dict[str, Param]
    deprivation_threshold: Param
    indicators: tuple[Indicator, ...]
    near_poor_line: dict[str, Param] = field(default_factory=dict)

    @property
    def indicator_codes(self) -> tuple[str, ...]:
        return tuple(i.code for i in self.indicators)

    def indicator(self, code: str) -> Indicator:
        for indicator in self.indicators:
            if indicator.code == code:
                return indicator
        raise KeyError(code)

    def covers(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    def unverified_params(self) -> list[tuple[str, Param]]:
        """Every value used by this standard that is not verified against the legal text, to show beside results."""
        named: list[tuple[str, Param]] = [("deprivation_threshold", self.deprivation_threshold)]
        for group in ("poverty_line", "near_poor_line", "average_living_upper"):
            named += [(f"{group}.{area}", p) for area, p in getattr(self, group).items()]
        return [(name, p) for name, p in named if p.unverified]


def _param(raw: dict[str, Any]) -> Param:
    return Param(value=raw["value"], reference=raw["reference"], status=raw["status"], note=raw.get("note", ""))


def _by_area(raw: dict[str, Any] | None) -> dict[str, Param]:
    return {area: _param(raw[area]) for area in AREAS} if raw else {}


def standard_from_yaml(path: Path) -> Standard:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    params = raw["parameters"]
    return Standard(
        code=str(raw["code"]),
        title=raw["title"],
        legal_basis=raw["legal_basis"],
        valid_from=raw["valid_from"],
        valid_to=raw.get("valid_to"),
        rules_version=str(raw["rules_version"]),
        rule=raw["rule"],
        area_word=raw["area_word"],
        poverty_line=_by_area(params["poverty_line"]),
        near_poor_line=_by_area(params.get("near_poor_line")),
        average_living_upper=_by_area(params["average_living_upper"]),
        deprivation_threshold=_param(params["deprivation_threshold"]),
        indicators=tuple(Indicator(**i) for i in raw["indicators"]),
    )


@functools.cache
def standards() -> dict[str, Standard]:
    """All standards, ordered by the date they start."""
    loaded = [standard_from_yaml(p) for p in sorted(DATA_DIR.glob("*/standard.yaml"))]
    return {s.code: s for s in sorted(loaded, key=lambda s: s.valid_from)}


def standard_get(code: str) -> Standard:
    try:
        return standards()[code]
    except KeyError:
        known = ", ".join(standards())
        raise UnknownStandard(f"Không có chuẩn nghèo mã “{code}”. Các mã hiện có: {known}.") from None


def standard_in_force(day: datetime.date) -> Standard:
    """The standard whose validity covers the day. Every caller passes the date: no today() inside rules."""
    for standard in standards().values():
        if standard.covers(day):
            return standard
    raise UnknownStandard(f"Không có chuẩn nghèo nào áp dụng cho ngày {day:%d/%m/%Y}.")
