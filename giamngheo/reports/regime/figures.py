"""The figures of a unit's report for a period, generated from the data: a commune's from the register (the official
tables of the period's year and its targets' progress), a province's from its communes' approved reports, an agency's
from the tallies; and the tables as JSON, frozen in the report when it is sent, and back. A builder: the tables and
targets it runs refresh the stale tallies they read first."""

import dataclasses
from typing import Any

from giamngheo.accounts.models import Agency
from giamngheo.areas.models import AdminUnit, Level
from giamngheo.common.models import vi_order
from giamngheo.reports.models import ReportKind, ReportPeriod, Submission, SubmissionState
from giamngheo.reports.regime.agencies import agency_deprivations_table
from giamngheo.reports.tables.catalogue import TABLES
from giamngheo.reports.tables.results import summary_table
from giamngheo.reports.tables.selectors import Column, ReportError, Row, Table, communes_of
from giamngheo.reports.targets.progress import progress

# The tables every report carries (spec §9.2 forms 1–3), by their catalogue names.
FIGURE_TABLES = ("summary", "poor_changes", "near_poor_changes")
SERIES = "period_series"
# Rate columns recomputed when rows are added up: column index → (numerator columns, denominator column).
_RATES: dict[str, dict[int, tuple[tuple[int, ...], int]]] = {
    "summary": {2: ((1,), 0), 4: ((3,), 0), 5: ((1, 3), 0)},
    SERIES: {2: ((1,), 0), 4: ((3,), 0), 5: ((1, 3), 0)},
}


# Figures: tables as JSON and back.


def table_to_json(table: Table) -> dict[str, Any]:
    return {
        "code": table.code,
        "title": table.title,
        "note": table.note,
        "columns": [[c.number, c.title] for c in table.columns],
        "sections": [list(s) for s in table.sections],
        "rows": [
            {"label": r.label, "code": r.code, "households": list(r.households), "persons": list(r.persons)}
            for r in table.rows
        ],
    }


def table_from_json(data: dict[str, Any], unit: AdminUnit, year: int) -> Table:
    return Table(
        code=data["code"],
        title=data["title"],
        unit=unit,
        year=year,
        columns=tuple(Column(n, t) for n, t in data["columns"]),
        rows=tuple(Row(r["label"], r["code"], tuple(r["households"]), tuple(r["persons"])) for r in data["rows"]),
        note=data["note"],
        sections=tuple((k, label) for k, label in data["sections"]),
    )


def _rate(part: float, whole: float) -> float:
    # The rates of the summary table (tables.summary_table): part ÷ whole × 100, two decimals, 0 without a whole.
    return round(part * 100 / whole, 2) if whole else 0.0


def _add_up(code: str, series: list[list[float]]) -> list[float]:
    """Rows added column by column; rate columns recomputed from the added counts, never added themselves."""
    width = len(series[0]) if series else 0
    total: list[float] = [sum(values[i] for values in series) for i in range(width)]
    for column, (parts, whole) in _RATES.get(code, {}).items():
        if column < width:
            total[column] = _rate(sum(total[p] for p in parts), total[whole])
    return total


def _series_table(unit: AdminUnit, first_year: int, year: int) -> Table:
    """A period report's series: the unit's year-end summary for every year of the giai đoạn, and the change over
    it (last year − first year; rates in percentage points)."""
    rows: list[Row] = []
    columns: tuple[Column, ...] = ()
    for each in range(first_year, year + 1):
        summary = summary_table(unit=unit, year=each)
        total, columns = summary.rows[-1], summary.columns
        rows.append(Row(f"Năm {each}", str(each), total.households, total.persons))
    return _series_with_change(unit, rows, columns, first_year, year)


def _series_with_change(
    unit: AdminUnit, rows: list[Row], columns: tuple[Column, ...], first_year: int, year: int
) -> Table:
    first, last = rows[0], rows[-1]

    def change(key: str) -> tuple[float, ...]:
        return tuple(round(b - a, 2) for a, b in zip(getattr(first, key), getattr(last, key), strict=True))

    return Table(
        code=SERIES,
        title=f"Kết quả giảm nghèo giai đoạn {first_year}–{year}",
        unit=unit,
        year=year,
        columns=columns,
        rows=(*rows, Row(f"Thay đổi {first_year}–{year}", "", change("households"), change("persons"))),
        note="Số cuối mỗi năm theo sổ theo dõi tình trạng; dòng cuối: năm cuối trừ năm đầu (tỷ lệ: điểm phần trăm).",
    )


def _targets_json(unit: AdminUnit, year: int, only: list[str] | None = None) -> list[dict[str, Any]]:
    return [
        {
            "code": p.indicator.code,
            "label": p.indicator.label,
            "unit": p.indicator.unit,
            "definition": p.indicator.definition,
            "value": None if p.value is None else str(p.value),
            "target": None if p.target is None else str(p.target.value),
            "mark": p.mark,
            "mark_label": p.mark_label,
        }
        for p in progress(unit=unit, year=year, only=only)
    ]


def _commune_figures(period: ReportPeriod, commune: AdminUnit) -> dict[str, Any]:
    tables = [TABLES[code](commune, period.year) for code in FIGURE_TABLES]
    if period.kind == ReportKind.PERIOD:
        tables.append(_series_table(commune, period.first_year, period.year))
    return {
        "source": "register",
        "year": period.year,
        "tables": [table_to_json(t) for t in tables],
        "targets": _targets_json(commune, period.year),
    }


def _agency_figures(period: ReportPeriod, agency: Agency) -> dict[str, Any]:
    """An agency's report: its province's results for context, the deprivations it answers for by commune, and the
    progress of its province's targets it answers for."""
    province = agency.province
    tables = [TABLES["summary"](province, period.year)]
    deprivations = agency_deprivations_table(agency, period.year)
    if deprivations is not None:
        tables.append(deprivations)
    return {
        "source": "agency",
        "year": period.year,
        "tables": [table_to_json(t) for t in tables],
        "targets": _targets_json(province, period.year, only=list(agency.targets)),
    }


def _agencies_block(period: ReportPeriod, province: AdminUnit) -> dict[str, Any]:
    """Which of the province's active agencies have an approved report for the period (their reports are read on
    their own pages; the province's report names them)."""
    agencies = list(Agency.objects.filter(province=province, is_active=True).order_by(vi_order("name")))
    states = dict(Submission.objects.filter(period=period, agency__in=agencies).values_list("agency_id", "state"))
    labels = dict(SubmissionState.choices)
    return {
        "total": len(agencies),
        "approved": [a.name for a in agencies if states.get(a.pk) == SubmissionState.APPROVED],
        "missing": [
            {"name": a.name, "state_label": str(labels[states[a.pk]]) if a.pk in states else "Chưa lập"}
            for a in agencies
            if states.get(a.pk) != SubmissionState.APPROVED
        ],
    }


def _aggregate(
    code: str, parts: list[tuple[AdminUnit, dict[str, Any]]], province: AdminUnit, year: int, note: str
) -> Table:
    """One table of the province from its communes' approved ones: a row per commune (its report's total row) and
    the total; the period series adds up year by year."""
    first = table_from_json(parts[0][1], province, 0)
    keys = [key for key, _label in first.sections]
    if code == SERIES:
        years = [table_from_json(t, province, 0).rows[:-1] for _c, t in parts]
        rows = [
            Row(
                row.label,
                row.code,
                *(tuple(_add_up(code, [list(getattr(y[i], k)) for y in years])) for k in keys),
            )
            for i, row in enumerate(years[0])
        ]
        stage = [int(r.code) for r in rows]
        series = _series_with_change(province, rows, first.columns, stage[0], stage[-1])
        return dataclasses.replace(series, note=f"{series.note} {note}")
    rows = []
    for commune, data in parts:
        total = table_from_json(data, commune, 0).rows[-1]
        rows.append(Row(commune.name, commune.code, total.households, total.persons))
    sums = {k: tuple(_add_up(code, [list(getattr(r, k)) for r in rows])) for k in ("households", "persons")}
    total_row = Row("Tổng cộng", province.code, sums["households"], sums["persons"] if "persons" in keys else ())
    return Table(
        code=code,
        title=first.title,
        unit=province,
        year=year,
        columns=first.columns,
        rows=(*rows, total_row),
        note=note,
        sections=first.sections,
    )


def _province_figures(period: ReportPeriod, province: AdminUnit, with_targets: bool) -> dict[str, Any]:
    communes = communes_of(province)
    by_unit = {s.unit_id: s for s in Submission.objects.filter(period=period, unit__in=[c.pk for c in communes])}
    approved = [
        (c, by_unit[c.pk]) for c in communes if c.pk in by_unit and by_unit[c.pk].state == SubmissionState.APPROVED
    ]
    missing = [c for c in communes if c.pk not in {a.pk for a, _s in approved}]
    codes = (*FIGURE_TABLES, SERIES) if period.kind == ReportKind.PERIOD else FIGURE_TABLES
    note = (
        f"Tổng hợp từ báo cáo đã được duyệt của {len(approved)}/{len(communes)} xã, phường, đặc khu; "
        "đơn vị chưa có báo cáo được duyệt không được tính."
    )
    tables = []
    if approved:
        for code in codes:
            parts = []
            for commune, submission in approved:
                table = next((t for t in submission.figures.get("tables", []) if t["code"] == code), None)
                if table is None:
                    raise ReportError(f"Báo cáo đã duyệt của {commune.name} thiếu biểu “{code}”.")
                parts.append((commune, table))
            tables.append(table_to_json(_aggregate(code, parts, province, period.year, note)))
    figures: dict[str, Any] = {"source": "communes", "year": period.year, "tables": tables}
    if with_targets:
        figures["targets"] = _targets_json(province, period.year)
    return {
        **figures,
        "agencies": _agencies_block(period, province),
        "communes": {
            "total": len(communes),
            "approved": [{"code": c.code, "name": c.name} for c, _s in approved],
            "missing": [
                {
                    "code": c.code,
                    "name": c.name,
                    "state": by_unit[c.pk].state if c.pk in by_unit else "",
                    "state_label": str(by_unit[c.pk].get_state_display()) if c.pk in by_unit else "Chưa lập",
                }
                for c in missing
            ],
        },
    }


def submission_figures(
    *, period: ReportPeriod, unit: AdminUnit, with_targets: bool = True, agency: Agency | None = None
) -> dict[str, Any]:
    """The figures of the unit's report for the period, as the data stand now: a commune's from the register (the
    tables of the period's year, and its targets' progress); a province's from its communes' approved reports, with
    its own targets measured on the register (seconds for a large province: a page comparing figures may leave them
    out with `with_targets=False`); an agency's (with `agency`, `unit` its province) as _agency_figures says. Raises
    ReportError (a broken change identity, a commune report without a table)."""
    if agency is not None:
        return _agency_figures(period, agency)
    if unit.level == Level.PROVINCE:
        return _province_figures(period, unit, with_targets)
    return _commune_figures(period, unit)


def figures_tables(figures: dict[str, Any], unit: AdminUnit) -> list[Table]:
    return [table_from_json(t, unit, int(figures.get("year", 0))) for t in figures.get("tables", [])]


def figures_differences(frozen: dict[str, Any], live: dict[str, Any]) -> list[str]:
    """What differs between a report's frozen figures and the figures as the data stand now, by name (the targets
    only when the live figures carry them)."""
    changed = []
    before = {t["code"]: t for t in frozen.get("tables", [])}
    now = {t["code"]: t for t in live.get("tables", [])}
    for code in dict.fromkeys([*before, *now]):
        old, new = before.get(code), now.get(code)
        if old is None or new is None or old["rows"] != new["rows"]:
            changed.append((old or new or {}).get("title", code))

    def targets(figures: dict[str, Any]) -> list[tuple[Any, ...]]:
        return [(t["code"], t["value"], t["target"]) for t in figures.get("targets", [])]

    if "targets" in live and targets(frozen) != targets(live):
        changed.append("Chỉ tiêu giảm nghèo")
    if frozen.get("communes") != live.get("communes"):
        changed.append("Các xã, phường có báo cáo được duyệt")
    # Only which agencies are approved counts: an agency saving a draft changes nothing in the province's report.
    if (frozen.get("agencies") or {}).get("approved") != (live.get("agencies") or {}).get("approved"):
        changed.append("Các sở, ban, ngành có báo cáo được duyệt")
    return changed
