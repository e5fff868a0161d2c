"""A synthetic history of annual reviews for synthetic households (`seed_synthetic --years 2022-2025`), so that every
report and dashboard has several years to show.

The register's statuses are taken as the result of the last year's review, and each earlier year-end is drawn
backwards from the next one, commune by commune:

- how many households were poor and near-poor follows the published trend of the commune's region (spec §10.2 [V]:
  the multidimensional rate of each region 2022–2024, split into poor and near-poor as the national rates moved;
  a year beyond the published ones moves like the region's average year);
- which households they were follows TRANSITIONS: most remain, some poor households become near-poor or escape,
  some fall back; the households that escaped over the year are drawn among the others to make the counts.

Each year then gets what a real review leaves behind (spec §4.2, §6.2): the province's periodic campaign, one
applied decision per commune dated before 14 December, a review item and a decision line for every household on
the lists, and its ledger entry — the change counted by `change_of` (re-poor when poor in an earlier year), the
reporting groups of its members, and causes of poverty for the poor and near-poor households.

Support is given over each year to some of the households poor or near-poor at its start (housing, and vocational
training of a young member; SUPPORT_SHARES), so that the programme targets have figures too.

Not simulated: households moving in or out or splitting (the "other" increases and decreases stay zero), the survey
forms and village meetings behind the decisions, and certificates.
"""

import datetime
import math
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from giamngheo.accounts.models import AuditAction, User
from giamngheo.accounts.services import audit_record, audit_record_many
from giamngheo.areas.models import AdminUnit, StaleCommune
from giamngheo.demo.synthetic.targets import NATIONAL_RATES, REFERENCE_DATE, REGIONAL_MULTIDIMENSIONAL
from giamngheo.registry.models import Household, Person, Status
from giamngheo.reviews.forms_data import causes as cause_list
from giamngheo.reviews.models import (
    Basis,
    Campaign,
    CampaignCommune,
    CampaignKind,
    Decision,
    DecisionLine,
    DecisionState,
    LedgerEntry,
    ReviewItem,
    Stage,
)
from giamngheo.reviews.procedure import procedure_in_force
from giamngheo.reviews.selectors import household_groups
from giamngheo.reviews.services.ledger import change_of
from giamngheo.standards.params import standard_in_force
from giamngheo.support.services import SupportToRecord, support_record_many

# The synthetic facts are those of the 2022–2025 standard (demo.synthetic), whose first review was in 2022
# (Decree 07/2021/NĐ-CP, in force from 2022); the register's statuses are as of the 2025 review window.
FIRST_YEAR = 2022
LAST_YEAR = REFERENCE_DATE.year

POOR, NEAR_POOR, NOT_POOR, OTHER = 0, 1, 2, 3
CODES: dict[str, int] = {Status.POOR: POOR, Status.NEAR_POOR: NEAR_POOR, Status.NOT_POOR: NOT_POOR}
STATUSES = {POOR: Status.POOR, NEAR_POOR: Status.NEAR_POOR, NOT_POOR: Status.NOT_POOR}

# Illustrative shares, not published figures (no transition matrix was found, spec §6.2): of the households poor at
# the end of a year, the share that were poor and near-poor at its start (the rest were not poor: re-poor or newly
# poor); the same for the households near-poor at the end.
TRANSITIONS = {POOR: (0.82, 0.08), NEAR_POOR: (0.18, 0.68)}
# Causes recorded for a poor or near-poor household (spec §5.5 [P] codes): how often each is named, illustrative.
CAUSE_WEIGHTS = {
    "land": 0.2,
    "capital": 0.3,
    "labour": 0.12,
    "tools": 0.05,
    "knowledge": 0.1,
    "skills": 0.1,
    "illness": 0.08,
    "other": 0.05,
}
# Support during the year to households poor or near-poor at its start (illustrative shares, spec §7–§8): housing
# built or repaired (Project 5), and vocational training (Project 4) of one member aged 18–45.
SUPPORT_SHARES = {"house_built": 0.02, "house_repaired": 0.03, "vocational_training": 0.06}
TRAINING_AGES = (18, 45)
CHUNK = 5_000


@dataclass(frozen=True)
class HistoryResult:
    years: range
    decisions: int
    entries: int
    changes: dict[int, Counter[str]]  # year → change → households
    supports: int = 0


def years_parse(text: str) -> range:
    """ "2022-2025" (or one year, "2024") → the years, checked against what can be simulated."""
    parts = text.strip().split("-")
    if len(parts) not in (1, 2) or not all(p.strip().isdigit() for p in parts):
        raise ValidationError(f"“{text}” không phải khoảng năm: ghi như 2022-2025 hoặc một năm, như 2024.")
    first, last = int(parts[0]), int(parts[-1])
    if first > last:
        raise ValidationError(f"Năm đầu {first} sau năm cuối {last}.")
    if first < FIRST_YEAR or last > LAST_YEAR:
        raise ValidationError(
            f"Chỉ mô phỏng được các năm {FIRST_YEAR}–{LAST_YEAR}: dữ liệu mô phỏng theo chuẩn nghèo giai đoạn "
            f"2022–2025 (Nghị định 07/2021/NĐ-CP), sổ hộ là kết quả rà soát năm {LAST_YEAR}."
        )
    return range(first, last + 1)


def _steps(region: str) -> dict[int, tuple[float, float]]:
    """{year: (poor, near-poor)}: the counts at the end of year − 1 are those at the end of `year` times these."""
    national = NATIONAL_RATES
    regional = REGIONAL_MULTIDIMENSIONAL.get(region)
    known: dict[int, tuple[float, float]] = {}
    for year in sorted(national):
        if year - 1 not in national:
            continue
        before, after = national[year - 1], national[year]
        total = (before.poor + before.near_poor) / (after.poor + after.near_poor)
        # The region's total moves as published; poor and near-poor split it as the national rates moved.
        scale = (regional[year - 1] / regional[year]) / total if regional else 1.0
        known[year] = (scale * before.poor / after.poor, scale * before.near_poor / after.near_poor)
    average = tuple(math.prod(f[i] for f in known.values()) ** (1 / len(known)) for i in (0, 1))
    return {year: known.get(year, (average[0], average[1])) for year in range(FIRST_YEAR, LAST_YEAR + 1)}


def _year_start(
    end: np.ndarray, members: list[np.ndarray], factors: list[tuple[float, float]], rng: np.random.Generator
) -> np.ndarray:
    """The statuses at the start of a year, drawn from those at its end, commune by commune (`members` holds each
    commune's positions in the arrays, `factors` its (poor, near-poor) step)."""
    start = end.copy()  # OTHER (not reviewed) stays as it is; everyone else is drawn below
    for positions, (poor_factor, near_factor) in zip(members, factors, strict=True):
        status = end[positions]
        pools = {code: rng.permutation(positions[status == code]) for code in (POOR, NEAR_POOR, NOT_POOR)}
        have = {POOR: 0, NEAR_POOR: 0}
        for code in (POOR, NEAR_POOR):
            pool = pools[code]
            from_poor, from_near = (round(share * len(pool)) for share in TRANSITIONS[code])
            start[pool[:from_poor]] = POOR
            start[pool[from_poor : from_poor + from_near]] = NEAR_POOR
            start[pool[from_poor + from_near :]] = NOT_POOR
            have[POOR] += from_poor
            have[NEAR_POOR] += from_near
        others = pools[NOT_POOR]
        escaped_poor = min(max(round(len(pools[POOR]) * poor_factor) - have[POOR], 0), len(others))
        escaped_near = min(max(round(len(pools[NEAR_POOR]) * near_factor) - have[NEAR_POOR], 0), len(others))
        escaped_near = min(escaped_near, len(others) - escaped_poor)
        start[others] = NOT_POOR
        start[others[:escaped_poor]] = POOR
        start[others[escaped_poor : escaped_poor + escaped_near]] = NEAR_POOR
    return start


def _causes(rng: np.random.Generator, count: int) -> list[list[str]]:
    known = {c["code"] for c in cause_list()}
    codes = [code for code in CAUSE_WEIGHTS if code in known]
    weights = np.array([CAUSE_WEIGHTS[c] for c in codes])
    weights /= weights.sum()
    sizes = rng.choice((1, 2), size=count, p=(0.6, 0.4))
    return [sorted(rng.choice(codes, size=int(n), replace=False, p=weights).tolist()) for n in sizes]


def _campaign(actor: User | None, province: AdminUnit, year: int, communes: Iterable[int]) -> Campaign:
    """The province's periodic campaign of the year over its whole window, with every commune taking part, audited as
    campaign_create audits it (the caller checked the province has none that year)."""
    procedure = procedure_in_force(datetime.date(year, 9, 1))
    plan_start, plan_end = procedure.window(year)
    campaign = Campaign.objects.create(
        kind=CampaignKind.PERIODIC,
        province=province,
        year=year,
        standard=standard_in_force(datetime.date(year, 12, 31)).code,
        plan_start=plan_start,
        plan_end=plan_end,
        district_consultation=procedure.district_consultation(plan_end),
        created_by=actor,
    )
    ids = list(communes)
    CampaignCommune.objects.bulk_create([CampaignCommune(campaign=campaign, commune_id=pk) for pk in ids])
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=campaign,
        changes={
            "standard": [None, campaign.standard],
            "plan": [None, f"{plan_start:%d/%m/%Y} – {plan_end:%d/%m/%Y}"],
            "communes": [None, len(ids)],
        },
        note="Dữ liệu mô phỏng (seed_synthetic --years)",
    )
    return campaign


def synthetic_history_seed(
    *,
    actor: User | None,
    province: AdminUnit,
    households: QuerySet[Household],
    years: range,
    seed: int,
    progress: Callable[[int], None] | None = None,
) -> HistoryResult:
    """Write the reviews of `years` for these households of the province (all registered before the first year and
    without ledger entries in those years), inside the caller's transaction. `progress(n)` after each chunk of
    ledger entries."""
    if years.start < FIRST_YEAR or years.stop - 1 > LAST_YEAR or not len(years):
        raise ValidationError(f"Chỉ mô phỏng được các năm {FIRST_YEAR}–{LAST_YEAR}.")
    if LedgerEntry.objects.filter(household__in=households, year__in=years).exists():
        raise ValidationError("Các hộ này đã có kết quả rà soát trong những năm đó: không mô phỏng chồng lên.")
    # Real reviews are never mixed with simulated ones: a province with a periodic campaign in those years is left
    # as it is.
    taken = sorted(
        Campaign.objects.filter(kind=CampaignKind.PERIODIC, province=province, year__in=years).values_list(
            "year", flat=True
        )
    )
    if taken:
        raise ValidationError(
            f"{province.name} đã có đợt rà soát định kỳ năm {', '.join(map(str, taken))}: không mô phỏng chồng lên."
        )
    rows = list(households.order_by("pk").values_list("pk", "commune_id", "village_id", "status", "commune__region"))
    if not rows:
        return HistoryResult(years=years, decisions=0, entries=0, changes={})
    ids = np.array([r[0] for r in rows])
    commune = np.array([r[1] for r in rows])
    village = np.array([r[2] for r in rows])
    region_of = {r[1]: r[4] for r in rows}
    rng = np.random.default_rng([seed, years.start, years.stop])

    # Year-ends, newest first: the register is the end of the last year.
    ends = {years.stop - 1: np.array([CODES.get(r[3], OTHER) for r in rows])}
    commune_ids = sorted(region_of)
    members = [np.flatnonzero(commune == pk) for pk in commune_ids]
    steps = {pk: _steps(region_of[pk]) for pk in commune_ids}
    for year in reversed(years):
        ends[year - 1] = _year_start(ends[year], members, [steps[pk][year] for pk in commune_ids], rng)

    result_changes: dict[int, Counter[str]] = {}
    decisions_made = entries_made = supports_made = 0
    for year in years:
        start, end = ends[year - 1], ends[year]
        reviewed = np.flatnonzero((start <= NEAR_POOR) | (end <= NEAR_POOR))
        earlier = [ends[y] for y in range(years.start - 1, year)]
        ever_poor = np.any([e == POOR for e in earlier], axis=0)
        ever_near = np.any([e == NEAR_POOR for e in earlier], axis=0)
        signed_on = procedure_in_force(datetime.date(year, 9, 1)).window(year)[1] - datetime.timedelta(days=4)
        campaign = _campaign(actor, province, year, commune_ids)
        decisions = {
            pk: Decision(
                campaign=campaign,
                commune_id=pk,
                # "MP" (mô phỏng) and the seed keep the numbers apart from real decisions and from other seeds.
                number=f"MP{seed}-{year}/QĐ-UBND",
                signed_on=signed_on,
                signer_name="Chủ tịch UBND xã (dữ liệu mô phỏng)",
                state=DecisionState.APPLIED,
                consulted_on=signed_on - datetime.timedelta(days=3) if campaign.district_consultation else None,
                created_by=actor,
            )
            for pk in sorted(set(commune[reviewed].tolist()))
        }
        Decision.objects.bulk_create(list(decisions.values()))
        changes: Counter[str] = Counter()
        for chunk_start in range(0, len(reviewed), CHUNK):
            chunk = reviewed[chunk_start : chunk_start + CHUNK]
            households_chunk = list(Household.objects.filter(pk__in=ids[chunk].tolist()).only("id", "head_id"))
            groups = household_groups(households_chunk, signed_on, campaign.standard)
            causes = iter(_causes(rng, int(np.sum(end[chunk] <= NEAR_POOR))))
            items, lines, entries = [], [], []
            for position in chunk.tolist():
                pk, before, after = int(ids[position]), STATUSES[start[position]], STATUSES[end[position]]
                basis = {POOR: Basis.POOR, NEAR_POOR: Basis.NEAR_POOR}.get(start[position], Basis.APPLICANT)
                items.append(
                    ReviewItem(
                        campaign=campaign,
                        household_id=pk,
                        commune_id=int(commune[position]),
                        village_id=int(village[position]),
                        basis=basis,
                        status_before=before,
                        stage=Stage.DECIDED,
                        proposed_status=after,
                    )
                )
                change = change_of(
                    start=before,
                    end=after,
                    ever_poor=bool(ever_poor[position]),
                    ever_near_poor=bool(ever_near[position]),
                    arrived=False,
                )
                changes[change] += 1
                entries.append(
                    LedgerEntry(
                        household_id=pk,
                        commune_id=int(commune[position]),
                        year=year,
                        start_status=before,
                        status=after,
                        change=change,
                        decision=decisions[int(commune[position])],
                        recognised_on=signed_on,
                        causes=next(causes) if end[position] <= NEAR_POOR else [],
                        **groups[pk],
                    )
                )
            ReviewItem.objects.bulk_create(items, batch_size=2_000)
            for item in items:
                lines.append(
                    DecisionLine(
                        decision=decisions[item.commune_id],
                        item=item,
                        household_id=item.household_id,
                        status_before=item.status_before,
                        status_after=item.proposed_status,
                    )
                )
            DecisionLine.objects.bulk_create(lines, batch_size=2_000)
            LedgerEntry.objects.bulk_create(entries, batch_size=2_000)
            entries_made += len(entries)
            if progress is not None:
                progress(len(entries))
        audit_record_many(
            actor=actor,
            action=AuditAction.CREATE,
            changes=(
                (
                    decision,
                    {"state": [None, DecisionState.APPLIED], "households": [None, n]},
                    None,
                    decision.commune_id,
                )
                for decision, n in ((d, int(np.sum(commune[reviewed] == pk))) for pk, d in decisions.items())
            ),
            note=f"Dữ liệu mô phỏng (seed_synthetic --years, hạt giống {seed}): rà soát định kỳ năm {year}",
        )
        decisions_made += len(decisions)
        result_changes[year] = changes
        supports_made += _supports(actor, year, ids[start <= NEAR_POOR], rng, seed)
    StaleCommune.objects.mark(commune_ids)
    return HistoryResult(
        years=years, decisions=decisions_made, entries=entries_made, changes=result_changes, supports=supports_made
    )


def _supports(actor: User | None, year: int, household_ids: np.ndarray, rng: np.random.Generator, seed: int) -> int:
    """The year's support to some of the households poor or near-poor at its start, recorded through
    support_record_many (which keeps with each the status the household started the year with, from the ledger)."""
    days = (datetime.date(year, 11, 30) - datetime.date(year, 3, 1)).days
    records: list[SupportToRecord] = []
    taken: set[int] = set()  # a household gets one housing support at most
    for kind, share in SUPPORT_SHARES.items():
        pool = [pk for pk in household_ids.tolist() if kind == "vocational_training" or pk not in taken]
        chosen = rng.choice(pool, size=min(len(pool), round(share * len(household_ids))), replace=False).tolist()
        people: dict[int, int] = {}
        if kind == "vocational_training":
            young, old = TRAINING_AGES
            for person in (
                Person.objects.members()
                .filter(
                    household_id__in=chosen,
                    date_of_birth__lte=datetime.date(year - young, 1, 1),
                    date_of_birth__gt=datetime.date(year - old, 1, 1),
                )
                .order_by("pk")
                .values("pk", "household_id")
            ):
                people.setdefault(person["household_id"], person["pk"])
        else:
            taken.update(chosen)
        for pk in chosen:
            if kind == "vocational_training" and pk not in people:
                continue
            records.append(
                SupportToRecord(
                    household_id=pk,
                    person_id=people.get(pk),
                    kind=kind,
                    delivered_on=datetime.date(year, 3, 1) + datetime.timedelta(days=int(rng.integers(days))),
                    note="Dữ liệu mô phỏng",
                )
            )
    supports = support_record_many(
        actor=actor,
        records=records,
        note=f"Dữ liệu mô phỏng (seed_synthetic --years, hạt giống {seed}): hỗ trợ năm {year}",
    )
    return len(supports)
