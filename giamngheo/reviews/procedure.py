"""The review procedure's deadlines and thresholds, read from data/procedure.yaml by date.

Code asks `procedure_in_force(day)` and never holds a legal number itself (Decision 24/2021/QĐ-TTg; Circular
07/2021/TT-BLĐTBXH). Unverified values (posting duration, the day type of the 15-day deadline) are flagged.
"""

import datetime
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import holidays
import yaml

from giamngheo.standards.params import Param

DATA = Path(__file__).parent / "data" / "procedure.yaml"
WORKING, CALENDAR = "working", "calendar"


@dataclass(frozen=True)
class Citation:
    """One "Căn cứ …" line, in force from `valid_from` until the next citation of the same line."""

    valid_from: datetime.date
    text: str
    reference: str = ""
    status: str = "V"


@dataclass(frozen=True)
class Procedure:
    valid_from: datetime.date
    legal_basis: str
    window_start: Param
    window_end: Param
    regular_review_day: Param
    regular_decision_days: Param
    regular_decision_day_type: Param
    agreement_share: Param
    posting_days: Param
    posting_day_type: Param
    newly_escaped_months: Param
    first_day_counts: Param
    district_consultation_until: Param
    move_in_statuses_there: Param
    move_in_unknown_status_counts_as_moved_in: Param
    move_in_counts_within_months: Param
    document_bases: dict[str, tuple[Citation, ...]]

    def window(self, year: int) -> tuple[datetime.date, datetime.date]:
        """The periodic review window of a year (spec §4.2: 01/9 to 14/12)."""
        return _month_day(year, self.window_start.value), _month_day(year, self.window_end.value)

    def district_consultation(self, day: datetime.date) -> bool:
        """Whether the step "báo cáo, xin ý kiến Chủ tịch UBND cấp huyện" still exists on that day."""
        return day <= self.district_consultation_until.value

    def period_end(self, start: datetime.date, days: int, day_type: str) -> datetime.date:
        """The last day of a period of `days` days from `start`, counted as this procedure counts."""
        first = start if self.first_day_counts.value else start + datetime.timedelta(days=1)
        return add_days(first, days, day_type)

    def document_basis(self, key: str, day: datetime.date) -> str:
        """The "Căn cứ …" line `key` as it was in force on `day`, the document's own date."""
        in_force = [c for c in self.document_bases[key] if c.valid_from <= day]
        if not in_force:
            raise LookupError(f"Chưa có căn cứ pháp lý “{key}” nào có hiệu lực ngày {day:%d/%m/%Y}.")
        return in_force[-1].text

    def unverified(self) -> list[str]:
        return [name for name, value in vars(self).items() if isinstance(value, Param) and value.unverified]


def _month_day(year: int, text: str) -> datetime.date:
    month, day = (int(part) for part in text.split("-"))
    return datetime.date(year, month, day)


def _citations(raw: str | list[dict[str, Any]], valid_from: datetime.date) -> tuple[Citation, ...]:
    """A line given as one text holds for the whole version; a list is dated citation by citation."""
    if isinstance(raw, str):
        return (Citation(valid_from, raw),)
    citations = (Citation(c["valid_from"], c["text"], c["reference"], c["status"]) for c in raw)
    return tuple(sorted(citations, key=lambda c: c.valid_from))


def _param(raw: dict[str, Any]) -> Param:
    return Param(raw["value"], raw["reference"], raw["status"], raw.get("note", ""))


@functools.cache
def procedures() -> tuple[Procedure, ...]:
    with open(DATA, encoding="utf-8") as f:
        raw = yaml.safe_load(f)
    versions = []
    for v in raw["versions"]:
        versions.append(
            Procedure(
                valid_from=v["valid_from"],
                legal_basis=v["legal_basis"],
                window_start=_param(v["periodic_window"]["start"]),
                window_end=_param(v["periodic_window"]["end"]),
                regular_review_day=_param(v["regular_review_day"]),
                regular_decision_days=_param(v["regular_decision_days"]),
                regular_decision_day_type=_param(v["regular_decision_day_type"]),
                agreement_share=_param(v["agreement_share"]),
                posting_days=_param(v["posting_days"]),
                posting_day_type=_param(v["posting_day_type"]),
                newly_escaped_months=_param(v["newly_escaped_months"]),
                first_day_counts=_param(v["first_day_counts"]),
                district_consultation_until=_param(v["district_consultation_until"]),
                move_in_statuses_there=_param(v["move_in_statuses_there"]),
                move_in_unknown_status_counts_as_moved_in=_param(v["move_in_unknown_status_counts_as_moved_in"]),
                move_in_counts_within_months=_param(v["move_in_counts_within_months"]),
                document_bases={key: _citations(raw, v["valid_from"]) for key, raw in v["document_bases"].items()},
            )
        )
    return tuple(sorted(versions, key=lambda p: p.valid_from))


def procedure_in_force(day: datetime.date) -> Procedure:
    candidates = [p for p in procedures() if p.valid_from <= day]
    if not candidates:
        raise LookupError(f"Chưa có quy trình rà soát nào có hiệu lực ngày {day:%d/%m/%Y}.")
    return candidates[-1]


@functools.cache
def _holidays(year: int) -> holidays.HolidayBase:
    # Vietnam's public holidays (Labour Code 2019, Art. 112), including the lunar ones, from the holidays package.
    return holidays.country_holidays("VN", years=year)


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in _holidays(day.year)


def add_days(start: datetime.date, days: int, day_type: str) -> datetime.date:
    """The last day of a period of `days` days whose first day is `start` (when `start` itself counts as a day:
    a calendar day always, a working day if it is one)."""
    if day_type == CALENDAR:
        return start + datetime.timedelta(days=days - 1)
    day, counted = start, 0
    while True:
        if is_working_day(day):
            counted += 1
            if counted == days:
                return day
        day += datetime.timedelta(days=1)


def days_left(deadline: datetime.date, today: datetime.date) -> int:
    """Calendar days until the deadline (negative when overdue); the list shows the date beside it."""
    return (deadline - today).days
