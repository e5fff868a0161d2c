"""The results of the review (Circular 07/2021 Phụ lục VII, spec §9.2), one row per commune and a total, by
households (Hộ) and by persons (Khẩu), read from the tallies: the summary (Kết quả rà soát) and the change tables.

A change table's end column is computed from the identity of spec §6.2 — end = start − escaped − other decreases
+ moved in from the other list + re-… + newly arising + other increases — and checked against the end count read
straight from the ledger; a row where they differ is an error (ReportError), never a number. Each table refreshes the
stale tallies of its area first (reports.tables.services.area_tallies_refresh).
"""

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from giamngheo.areas.models import AdminUnit
from giamngheo.registry.models import Status
from giamngheo.reports.models import TallyKind
from giamngheo.reports.tables.selectors import Area, Column, ReportError, Row, Table, area_of, tallied
from giamngheo.reports.tables.services import area_tallies_refresh
from giamngheo.reviews.models import Change
from giamngheo.reviews.selectors import Tally

BREAKDOWNS = Path(__file__).resolve().parents[1] / "data" / "change_breakdowns.yaml"

# Columns 1–8 of the change reports and the ledger changes each adds up (spec §6.2); 9 comes from the identity.
_CHANGES: dict[str, tuple[tuple[str, str, tuple[str, ...]], ...]] = {
    Status.POOR: (
        (
            "1",
            "Số hộ nghèo đầu kỳ",
            (
                Change.REMAINED_POOR,
                Change.POOR_TO_NEAR_POOR,
                Change.ESCAPED_POOR,
                Change.OTHER_DECREASE_POOR,
                Change.MOVED_OUT_POOR,
            ),
        ),
        ("2", "Thoát nghèo, trở thành hộ cận nghèo", (Change.POOR_TO_NEAR_POOR,)),
        ("3", "Thoát nghèo, vượt chuẩn cận nghèo", (Change.ESCAPED_POOR,)),
        (
            "4",
            "Giảm khác (chuyển đi, nhập hộ, không còn thành viên)",
            (Change.OTHER_DECREASE_POOR, Change.MOVED_OUT_POOR),
        ),
        ("5", "Hộ cận nghèo trở thành hộ nghèo", (Change.NEAR_POOR_TO_POOR,)),
        ("6", "Tái nghèo", (Change.RE_POOR,)),
        ("7", "Hộ nghèo phát sinh mới", (Change.NEWLY_POOR,)),
        ("8", "Tăng khác (tách hộ, chuyển đến)", (Change.OTHER_INCREASE_POOR, Change.MOVED_IN_POOR)),
    ),
    Status.NEAR_POOR: (
        (
            "1",
            "Số hộ cận nghèo đầu kỳ",
            (
                Change.REMAINED_NEAR_POOR,
                Change.NEAR_POOR_TO_POOR,
                Change.ESCAPED_NEAR_POOR,
                Change.OTHER_DECREASE_NEAR_POOR,
                Change.MOVED_OUT_NEAR_POOR,
            ),
        ),
        ("2", "Hộ cận nghèo trở thành hộ nghèo", (Change.NEAR_POOR_TO_POOR,)),
        ("3", "Thoát cận nghèo", (Change.ESCAPED_NEAR_POOR,)),
        (
            "4",
            "Giảm khác (chuyển đi, nhập hộ, không còn thành viên)",
            (Change.OTHER_DECREASE_NEAR_POOR, Change.MOVED_OUT_NEAR_POOR),
        ),
        ("5", "Hộ nghèo trở thành hộ cận nghèo", (Change.POOR_TO_NEAR_POOR,)),
        ("6", "Tái cận nghèo", (Change.RE_NEAR_POOR,)),
        ("7", "Hộ cận nghèo phát sinh mới", (Change.NEWLY_NEAR_POOR,)),
        (
            "8",
            "Tăng khác (tách hộ, chuyển đến)",
            (Change.OTHER_INCREASE_NEAR_POOR, Change.MOVED_IN_NEAR_POOR),
        ),
    ),
}


@dataclass(frozen=True)
class Breakdown:
    """An "of which" column after column 9 (data/change_breakdowns.yaml), with its status tag."""

    number: str
    of: str
    title: str
    changes: tuple[str, ...]
    status: str


@functools.cache
def breakdowns() -> tuple[Breakdown, ...]:
    with open(BREAKDOWNS, encoding="utf-8") as f:
        raw = yaml.safe_load(f)["columns"]
    return tuple(Breakdown(c["number"], c["of"], c["title"], tuple(c["changes"]), c["status"]) for c in raw)


_TITLES: dict[str, str] = {
    Status.POOR: "Tổng hợp diễn biến hộ nghèo",
    Status.NEAR_POOR: "Tổng hợp diễn biến hộ cận nghèo",
}


def _sum(tally: Tally, changes: Sequence[str], measure: str) -> int:
    return sum(tally.get(change, {}).get(measure, 0) for change in changes)


def _change_values(tally: Tally, end: Tally, status: str, measure: str, where: str) -> tuple[int, ...]:
    values = [_sum(tally, changes, measure) for _, _, changes in _CHANGES[status]]
    start, escaped_a, escaped_b, other_down, moved_in, again, new, other_up = values
    computed = start - escaped_a - escaped_b - other_down + moved_in + again + new + other_up
    counted = end.get(status, {}).get(measure, 0)
    if computed != counted:
        unit = "hộ" if measure == "households" else "khẩu"
        raise ReportError(
            f"{where}: cột 9 theo công thức là {computed} {unit} nhưng sổ theo dõi có {counted} {unit} cuối kỳ; "
            "kiểm tra các hộ có quyết định rồi ra khỏi danh sách trong cùng năm."
        )
    extra = [_sum(tally, [f"{kind}_{status}" for kind in b.changes], measure) for b in breakdowns()]
    return (*values, computed, *extra)


def changes_table(*, unit: "AdminUnit | Area", year: int, status: str) -> Table:
    """Mẫu "Tổng hợp diễn biến hộ nghèo / hộ cận nghèo" of one unit and year, columns 1–9 by households and persons,
    read from the tallies (the same numbers as reviews.selectors.year_changes_by_commune / year_end_by_commune)."""
    area = area_of(unit)
    communes = area.parts
    area_tallies_refresh(area=area)
    changes = tallied(TallyKind.CHANGE, area, year)
    ends = tallied(TallyKind.END, area, year)
    rows = []
    width = (0,) * (9 + len(breakdowns()))
    for commune in communes:
        tally, end = changes.get(commune.pk, {}), ends.get(commune.pk, {})
        rows.append(
            Row(
                label=commune.name,
                code=commune.code,
                households=_change_values(tally, end, status, "households", commune.name),
                persons=_change_values(tally, end, status, "persons", commune.name),
            )
        )
    total = Row(
        label="Tổng cộng",
        code=area.code,
        households=tuple(sum(col) for col in zip(*(r.households for r in rows), strict=True)) if rows else width,
        persons=tuple(sum(col) for col in zip(*(r.persons for r in rows), strict=True)) if rows else width,
    )
    columns = (
        *(Column(number, title) for number, title, _ in _CHANGES[status]),
        Column("9", "Cuối kỳ (9 = 1 − 2 − 3 − 4 + 5 + 6 + 7 + 8)"),
        *(Column(b.number, f"{b.title} (thuộc cột {b.of})") for b in breakdowns()),
    )
    unconfirmed = ", ".join(f"{b.number}" for b in breakdowns() if b.status != "V")
    return Table(
        code="poor_changes" if status == Status.POOR else "near_poor_changes",
        title=f"{_TITLES[status]} năm {year}",
        unit=area,
        year=year,
        columns=columns,
        rows=(*rows, total),
        note="Đầu kỳ: tình trạng được công nhận đầu năm; cuối kỳ: theo quyết định công nhận trong năm."
        + (f" Cột {unconfirmed} tách riêng từ cột 4 và 8, không có trong biểu mẫu." if unconfirmed else ""),
    )


def _rate(part: int, whole: int) -> float:
    return round(part * 100 / whole, 2) if whole else 0.0


def summary_table(*, unit: "AdminUnit | Area", year: int) -> Table:
    """Kết quả rà soát: households and persons, poor and near-poor at the end of the year, and the rates as the
    ministry publishes them (spec §6.3): poor ÷ all resident households × 100, near-poor likewise, and the
    multidimensional poverty rate (poor + near-poor) ÷ all."""
    area = area_of(unit)
    communes = area.parts
    area_tallies_refresh(area=area)
    ends = tallied(TallyKind.END, area, year)

    def values(end: Tally, measure: str) -> tuple[float, ...]:
        total = sum(row[measure] for row in end.values())
        poor = end.get(Status.POOR, {}).get(measure, 0)
        near = end.get(Status.NEAR_POOR, {}).get(measure, 0)
        return (total, poor, _rate(poor, total), near, _rate(near, total), _rate(poor + near, total))

    rows = [
        Row(
            commune.name,
            commune.code,
            values(ends.get(commune.pk, {}), "households"),
            values(ends.get(commune.pk, {}), "persons"),
        )
        for commune in communes
    ]
    all_ends: Tally = {}
    for end in ends.values():
        for status, row in end.items():
            slot = all_ends.setdefault(status, {"households": 0, "persons": 0})
            slot["households"] += row["households"]
            slot["persons"] += row["persons"]
    rows.append(Row("Tổng cộng", area.code, values(all_ends, "households"), values(all_ends, "persons")))
    return Table(
        code="summary",
        title=f"Kết quả rà soát hộ nghèo, hộ cận nghèo năm {year}",
        unit=area,
        year=year,
        columns=(
            Column("1", "Tổng số"),
            Column("2", "Hộ nghèo"),
            Column("3", "Tỷ lệ hộ nghèo (%) = 2/1 × 100"),
            Column("4", "Hộ cận nghèo"),
            Column("5", "Tỷ lệ hộ cận nghèo (%) = 4/1 × 100"),
            Column("6", "Tỷ lệ nghèo đa chiều (%) = (2 + 4)/1 × 100"),
        ),
        rows=tuple(rows),
        note="Tỷ lệ tính trên tổng số hộ (khẩu) cư trú trên địa bàn cuối năm, như quyết định công bố kết quả hằng năm "
        "của Bộ (tỷ lệ nghèo đa chiều = hộ nghèo + hộ cận nghèo).",
    )
