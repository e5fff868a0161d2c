"""Reads of the reporting regime: report periods from data/regime.yaml, each unit's report figures, and what is due
or overdue."""

import dataclasses
import datetime
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.utils import timezone

from giamngheo.accounts.models import Agency, Role, User
from giamngheo.accounts.selectors import scope_of
from giamngheo.areas.models import AdminUnit, Level
from giamngheo.reports.agencies import agency_deprivations_table
from giamngheo.reports.catalogue import TABLES
from giamngheo.reports.models import ReportKind, ReportPeriod, Submission, SubmissionState
from giamngheo.reports.tables import Column, ReportError, Row, Table, communes_of, summary_table
from giamngheo.reports.tallies.selectors import report_units_visible_to
from giamngheo.reports.targets import progress
from giamngheo.standards.params import Param

# --- The reporting regime (data/regime.yaml) -----------------------------------------------------------------------
#
# What each periodic report covers and by when each level sends it are data with their sources; the figures of a
# unit's report are generated from the register with the official tables and the targets' progress, and frozen when
# the report is sent. A province's report adds up its communes' approved reports and names the communes missing.

REGIME_DATA = Path(__file__).parent.parent / "data" / "regime.yaml"
# The tables every report carries (spec §9.2 forms 1–3), by their catalogue names.
FIGURE_TABLES = ("summary", "poor_changes", "near_poor_changes")
SERIES = "period_series"
# Rate columns recomputed when rows are added up: column index → (numerator columns, denominator column).
_RATES: dict[str, dict[int, tuple[tuple[int, ...], int]]] = {
    "summary": {2: ((1,), 0), 4: ((3,), 0), 5: ((1, 3), 0)},
    SERIES: {2: ((1,), 0), 4: ((3,), 0), 5: ((1, 3), 0)},
}
NOT_SENT = (None, SubmissionState.DRAFT, SubmissionState.RETURNED)


@dataclass(frozen=True)
class KindRule:
    code: str
    label: str
    covers_start: Param
    covers_end: Param
    due: dict[str, Param]  # level (commune, province) → "gửi trước ngày" as MM-DD


@dataclass(frozen=True)
class Stage:
    first: int
    last: int
    reference: str
    status: str


@dataclass(frozen=True)
class Regime:
    valid_from: datetime.date
    legal_basis: str
    kinds: dict[str, KindRule]
    stages: tuple[Stage, ...]
    recipients: dict[str, Param]

    def stage_ending(self, year: int) -> Stage | None:
        return next((s for s in self.stages if s.last == year), None)


def _param(raw: dict[str, Any]) -> Param:
    return Param(raw["value"], raw["reference"], raw["status"], raw.get("note", ""))


@functools.cache
def regimes() -> tuple[Regime, ...]:
    raw = yaml.safe_load(REGIME_DATA.read_text(encoding="utf-8"))
    return tuple(
        Regime(
            valid_from=v["valid_from"],
            legal_basis=v["legal_basis"],
            kinds={
                code: KindRule(
                    code,
                    k["label"],
                    _param(k["covers"]["start"]),
                    _param(k["covers"]["end"]),
                    {level: _param(due) for level, due in k["due"].items()},
                )
                for code, k in v["kinds"].items()
            },
            stages=tuple(Stage(s["first"], s["last"], s["reference"], s["status"]) for s in v["stages"]),
            recipients={level: _param(r) for level, r in v["recipients"].items()},
        )
        for v in sorted(raw["versions"], key=lambda v: v["valid_from"])
    )


def regime_in_force(day: datetime.date) -> Regime | None:
    """The version of the regime in force on that day, or None before the first."""
    found = None
    for regime in regimes():
        if regime.valid_from <= day:
            found = regime
    return found


def _on(year: int, month_day: str) -> datetime.date:
    month, day = (int(part) for part in month_day.split("-"))
    return datetime.date(year, month, day)


def _source(param: Param) -> dict[str, str]:
    return {"reference": param.reference, "status": param.status, "note": param.note}


def periods_due_in(year: int) -> list[dict[str, Any]]:
    """The fields of each report due in `year` under the regime in force on 1 January of it: the six-month and
    annual reports, and the period report in the last year of a giai đoạn. Raises ReportError when the data has no
    regime for that year."""
    regime = regime_in_force(datetime.date(year, 1, 1))
    if regime is None:
        first = regimes()[0].valid_from
        raise ReportError(f"Dữ liệu chế độ báo cáo chưa có năm {year} (có từ ngày {first:%d/%m/%Y}).")
    periods = []
    for code, rule in regime.kinds.items():
        first_year = year
        sources = {"legal_basis": regime.legal_basis}
        if code == ReportKind.PERIOD:
            stage = regime.stage_ending(year)
            if stage is None:
                continue
            first_year = stage.first
            sources["stage"] = f"Giai đoạn {stage.first}–{stage.last}: {stage.reference} [{stage.status}]"
        periods.append(
            {
                "kind": code,
                "year": year,
                "first_year": first_year,
                "starts_on": _on(first_year, rule.covers_start.value),
                "ends_on": _on(year, rule.covers_end.value),
                "commune_due_on": _on(year, rule.due[Level.COMMUNE].value),
                "province_due_on": _on(year, rule.due[Level.PROVINCE].value),
                "sources": {
                    **sources,
                    "covers_start": _source(rule.covers_start),
                    "covers_end": _source(rule.covers_end),
                    "commune_due": _source(rule.due[Level.COMMUNE]),
                    "province_due": _source(rule.due[Level.PROVINCE]),
                },
            }
        )
    return periods


def recipient_of(period: ReportPeriod, unit: AdminUnit, agency: Agency | None = None) -> str:
    """Whom the printed report is addressed to ("Kính gửi"): the level above the unit; for an agency, its province's
    People's Committee, as for a commune."""
    regime = regime_in_force(datetime.date(period.year, 1, 1)) or regimes()[-1]
    if agency is not None:
        return str(regime.recipients[Level.COMMUNE].value).replace("{province}", agency.province.name)
    text = str(regime.recipients[unit.level].value)
    return text.replace("{province}", unit.province.name if unit.province else "")


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
    agencies = list(Agency.objects.filter(province=province, is_active=True).order_by("name"))
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


# Who sees which reports, and what is due.

# How far ahead a report counts as "due soon" in reminders: a working horizon, not a legal deadline.
REMIND_WITHIN_DAYS = 10


def submissions_visible_to(user: User | AnonymousUser) -> QuerySet[Submission]:
    """The reports of the units one may report on (report_units_visible_to): one's commune; a province and its
    communes; everything nationally. Collaborators: none."""
    return Submission.objects.filter(unit__in=report_units_visible_to(user)).select_related("period", "unit")


def regime_units_for(user: User | AnonymousUser, *, province: AdminUnit | None = None) -> list[AdminUnit]:
    """The units whose reports the regime page lists for the user: one's commune; one's province and its communes;
    nationally the provinces, or one province and its communes when asked."""
    scope = scope_of(user)
    units = report_units_visible_to(user)
    if scope.national and province is None:
        return list(units.filter(level=Level.PROVINCE).order_by("code"))
    if province is not None:
        return [province, *communes_of(province)] if units.filter(pk=province.pk).exists() else []
    if scope.province_id:
        own = units.filter(pk=scope.province_id).first()
        return [own, *communes_of(own)] if own else []
    return list(units)


def regime_agencies_for(user: User | AnonymousUser, *, province: AdminUnit | None = None) -> list[Agency]:
    """The agencies whose reports the regime page lists for the user: an agency officer's own; the active agencies
    of one's province (or of the province a national user asks for); none for communes, or nationally at a glance."""
    scope = scope_of(user)
    if scope.nothing:
        return []
    if getattr(user, "role", None) == Role.AGENCY_OFFICER:
        agency = getattr(user, "agency", None)
        return [agency] if agency is not None else []
    if province is None and scope.province_id:
        province = AdminUnit.objects.filter(pk=scope.province_id).first()
    if province is None or not report_units_visible_to(user).filter(pk=province.pk).exists():
        return []
    return list(Agency.objects.filter(province=province, is_active=True).select_related("province").order_by("name"))


@dataclass(frozen=True)
class RegimeRow:
    """Where one unit (or one agency of a province) stands on one report: its submission (if any), its deadline and
    the days left or overdue."""

    period: ReportPeriod
    unit: AdminUnit
    submission: Submission | None
    due_on: datetime.date  # "gửi trước ngày": this day is already late
    sent: bool
    overdue: bool
    days_left: int | None  # days before the deadline, today included; None once sent or overdue
    days_overdue: int | None
    late: bool  # sent on or after the deadline day
    agency: Agency | None = None

    @property
    def state_label(self) -> str:
        return str(self.submission.get_state_display()) if self.submission else "Chưa lập"

    @property
    def name(self) -> str:
        return self.agency.name if self.agency is not None else self.unit.name


def regime_row(
    period: ReportPeriod,
    unit: AdminUnit,
    submission: Submission | None,
    day: datetime.date,
    agency: Agency | None = None,
) -> RegimeRow:
    # The plans' agencies send their reports to the standing agency by the communes' date (seed 002 §V: "các đơn
    # vị liên quan … gửi trước ngày 10/6 … 10/11"), so that the province can compile.
    due = period.commune_due_on if agency is not None else period.due_on(unit.level)
    sent = submission is not None and submission.state not in NOT_SENT
    overdue = not sent and day >= due
    sent_on = (
        timezone.localtime(submission.submitted_at).date() if sent and submission and submission.submitted_at else None
    )
    return RegimeRow(
        period=period,
        unit=unit,
        submission=submission,
        due_on=due,
        sent=sent,
        overdue=overdue,
        days_left=None if sent or overdue else (due - day).days,
        days_overdue=(day - due).days + 1 if overdue else None,
        late=sent_on is not None and sent_on >= due,
        agency=agency,
    )


def regime_rows(
    *, period: ReportPeriod, units: list[AdminUnit], day: datetime.date, agencies: list[Agency] | None = None
) -> list[RegimeRow]:
    """The rows of the units, with the agencies' rows after their provinces'."""
    submissions = {
        s.unit_id: s
        for s in Submission.objects.filter(period=period, unit__in=[u.pk for u in units], agency__isnull=True)
    }
    by_agency = {s.agency_id: s for s in Submission.objects.filter(period=period, agency__in=agencies or [])}
    rows = []
    for unit in units:
        rows.append(regime_row(period, unit, submissions.get(unit.pk), day))
        for agency in agencies or []:
            if agency.province_id == unit.pk:
                rows.append(regime_row(period, unit, by_agency.get(agency.pk), day, agency))
    shown = {row.agency.pk for row in rows if row.agency is not None}
    for agency in agencies or []:  # an agency officer's page lists no province row
        if agency.pk not in shown:
            rows.append(regime_row(period, agency.province, by_agency.get(agency.pk), day, agency))
    return rows


def regime_alerts(
    *,
    day: datetime.date,
    within: int = REMIND_WITHIN_DAYS,
    units: list[AdminUnit] | None = None,
    agencies: list[Agency] | None = None,
) -> list[RegimeRow]:
    """Reports not sent yet that are overdue or due within `within` days, of every opened period, for the units and
    agencies given (every current province and commune, and every active agency, when no units are given), most
    overdue first."""
    if units is None and agencies is None:
        agencies = list(Agency.objects.filter(is_active=True).select_related("province"))
    if units is None:
        units = list(
            AdminUnit.objects.current()
            .filter(level__in=[Level.PROVINCE, Level.COMMUNE])
            .select_related("province")
            .order_by("code")
        )
    submissions = Submission.objects.all()
    if len(units) < 1000:
        submissions = submissions.filter(unit__in=[u.pk for u in units])
    by_key = {
        (s.period_id, s.unit_id): s
        for s in submissions.filter(agency__isnull=True).only("id", "period_id", "unit_id", "state", "submitted_at")
    }
    by_agency = {
        (s.period_id, s.agency_id): s
        for s in Submission.objects.filter(agency__in=agencies or []).only(
            "id", "period_id", "unit_id", "agency_id", "state", "submitted_at"
        )
    }
    rows = []
    for period in ReportPeriod.objects.all():
        candidates = [regime_row(period, unit, by_key.get((period.pk, unit.pk)), day) for unit in units]
        candidates += [
            regime_row(period, agency.province, by_agency.get((period.pk, agency.pk)), day, agency)
            for agency in agencies or []
        ]
        rows += [row for row in candidates if row.overdue or (row.days_left is not None and row.days_left <= within)]
    rows.sort(key=lambda r: (r.due_on, r.unit.code, r.name))
    return rows


def regime_badge(user: User | AnonymousUser, day: datetime.date) -> dict[str, int]:
    """The counts the reports page shows for the user's area: reports overdue, due soon, and sent to the user for
    review (a province officer: the communes'; a national administrator: the provinces')."""
    scope = scope_of(user)
    role = getattr(user, "role", None)
    # An agency officer is reminded of its agency's report only; the others of their units' and agencies'.
    units = [] if role == Role.AGENCY_OFFICER else regime_units_for(user)
    agencies = regime_agencies_for(user)
    alerts = regime_alerts(day=day, units=units, agencies=agencies) if units or agencies else []
    to_review = Submission.objects.none()
    if role == Role.PROVINCE_OFFICER and scope.province_id:
        to_review = Submission.objects.filter(
            Q(unit__province_id=scope.province_id, unit__level=Level.COMMUNE) | Q(agency__province_id=scope.province_id)
        )
    elif role == Role.NATIONAL_ADMIN and scope.national:
        to_review = Submission.objects.filter(unit__level=Level.PROVINCE, agency__isnull=True)
    return {
        "overdue": sum(1 for row in alerts if row.overdue),
        "due_soon": sum(1 for row in alerts if not row.overdue),
        "to_review": to_review.filter(state=SubmissionState.SUBMITTED).count(),
    }
