"""Reads of the reporting regime: the regime's versions and the report periods due in a year (data/regime.yaml), whom a
report is addressed to, who sees which reports, and what is due or overdue."""

import datetime
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.utils import timezone

from giamngheo.accounts.access import scope_of
from giamngheo.accounts.models import Agency, Role, User
from giamngheo.areas.models import AdminUnit, Level
from giamngheo.common.models import vi_order
from giamngheo.reports.models import ReportKind, ReportPeriod, Submission, SubmissionState
from giamngheo.reports.tables.selectors import ReportError, communes_of
from giamngheo.reports.tallies.selectors import report_units_visible_to
from giamngheo.standards.params import Param

# --- The reporting regime (data/regime.yaml) -----------------------------------------------------------------------
#
# What each periodic report covers and by when each level sends it are data with their sources; the figures of a
# unit's report are generated from the register with the official tables and the targets' progress (figures.py), and
# frozen when the report is sent. A province's report adds up its communes' approved reports and names the communes
# missing.

REGIME_DATA = Path(__file__).parent.parent / "data" / "regime.yaml"

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


# Who sees which reports, and what is due.

# How far ahead a report counts as "due soon" in reminders: a working horizon, not a legal deadline.
REMIND_WITHIN_DAYS = 10


def submissions_visible_to(user: User | AnonymousUser) -> QuerySet[Submission]:
    """The reports of the units one may report on (report_units_visible_to): one's commune; a province and its
    communes; everything nationally. Collaborators: none."""
    return Submission.objects.filter(unit__in=report_units_visible_to(user)).select_related("period", "unit")


def agencies_visible_to(user: User | AnonymousUser) -> QuerySet[Agency]:
    """The agencies of the provinces one may report on (their reports are read there; an agency is not a unit of a
    commune's area)."""
    return scope_of(user).filter(Agency.objects.select_related("province"), province="province_id")


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
    return list(
        Agency.objects.filter(province=province, is_active=True).select_related("province").order_by(vi_order("name"))
    )


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
