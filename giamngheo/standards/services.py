"""Writes of the standards app: classifying a register household and storing how it was classified."""

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import polars as pl
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from giamngheo.accounts.access import can_classify_register
from giamngheo.accounts.models import AuditAction, User
from giamngheo.accounts.services import audit_record
from giamngheo.areas.models import AdminUnit, StaleCommune
from giamngheo.registry.models import Household
from giamngheo.registry.services.base import check_household_editor
from giamngheo.standards.bulk import HOUSEHOLD_COLUMNS, PERSON_COLUMNS, classify_frame, derive_frame
from giamngheo.standards.derive import (
    Derivation,
    DerivationUnavailable,
    HouseholdFacts,
    MemberFacts,
    apply_overrides,
    derivation_params,
    derive,
)
from giamngheo.standards.models import Assessment, ClassificationRun, Method, RunStatus
from giamngheo.standards.params import Standard, UnknownStandard, standard_get, standard_in_force
from giamngheo.standards.proxy import PointTable, classify_proxy, proxy_score, table_for
from giamngheo.standards.rules import InvalidInput, Result, classify


def household_facts(household: Household) -> HouseholdFacts:
    """The facts the derivation rules read, from the register (current members only)."""
    members = tuple(
        MemberFacts(
            full_name=p.full_name,
            date_of_birth=p.date_of_birth,
            employment=p.employment,
            labour_contract=p.labour_contract,
            social_allowance=p.social_allowance,
            malnourished=p.malnourished,
            health_insurance=p.health_insurance,
            schooling=p.schooling,
            education=p.education,
        )
        for p in household.persons.members()
    )
    return HouseholdFacts(
        area=household.area_type,
        members=members,
        wall_durable=household.wall_durable,
        column_durable=household.column_durable,
        roof_durable=household.roof_durable,
        floor_area_m2=household.floor_area_m2,
        water_source=household.water_source,
        latrine=household.latrine,
        uses_telecom=household.uses_telecom,
        uses_internet=household.uses_internet,
        owns_tv=household.owns_tv,
        owns_radio=household.owns_radio,
        owns_computer=household.owns_computer,
        owns_smartphone=household.owns_smartphone,
        waste_treatment=household.waste_treatment,
    )


def reasons_with_derivation(
    standard: Standard,
    result: Result,
    unknown: list[str],
    overridden: Mapping[str, str] | None = None,
    deprived: Mapping[str, bool] | None = None,
) -> list[str]:
    """The rule's reasons, plus what could not be derived and what an officer changed, before the conclusion."""
    reasons = list(result.reasons)
    if unknown:
        names = "; ".join(standard.indicator(code).name for code in unknown)
        reasons.insert(-1, f"Chưa đủ thông tin để xác định các chỉ số: {names} (chưa tính là thiếu hụt).")
    for code, why in (overridden or {}).items():
        state = "thiếu hụt" if (deprived or {}).get(code) else "không thiếu hụt"
        reasons.insert(-1, f"Cán bộ điều chỉnh chỉ số {standard.indicator(code).name} thành {state}: {why}")
    return reasons


def _standard(code: str | None, as_of: datetime.date) -> Standard:
    try:
        return standard_get(code) if code else standard_in_force(as_of)
    except UnknownStandard as error:
        raise ValidationError(str(error)) from None


@transaction.atomic
def assessment_from_register(
    *,
    actor: User | None,
    household: Household,
    as_of: datetime.date,
    standard_code: str | None = None,
    income_per_capita: int | None = None,
    overrides: Mapping[str, tuple[bool, str]] | None = None,
) -> Assessment:
    """Derive the deprivations from the register, apply an officer's reasoned overrides, classify and store.

    Income is the household's recorded income per person per month unless one is given. The actor may change the
    household's records (an editing role, inside their area); None is the system.
    """
    check_household_editor(actor, household)
    standard = _standard(standard_code, as_of)
    income = household.income_per_capita if income_per_capita is None else income_per_capita
    if income is None:
        raise ValidationError(f"Hộ {household.code} chưa có thu nhập bình quân đầu người; nhập thu nhập trước.")
    try:
        derivation = derive(standard, household_facts(household), as_of=as_of)
        apply_overrides(standard, derivation, overrides or {})
        result = classify(
            standard, area=household.area_type, income_per_capita=income, deprived=derivation.deprived_codes
        )
    except (DerivationUnavailable, InvalidInput, ValueError) as error:
        raise ValidationError(str(error)) from None
    reasons = reasons_with_derivation(standard, result, derivation.unknown, derivation.overridden, derivation.deprived)
    assessment = Assessment.objects.create(
        household=household,
        standard=result.standard,
        rules_version=result.rules_version,
        as_of=as_of,
        method=Method.DERIVED,
        area_type=household.area_type,
        income_per_capita=income,
        status=result.status,
        income_band=result.income_band,
        deprivation_count=result.deprivation_count,
        deprived=list(result.deprived),
        reasons=reasons,
        explanations=derivation.explanations,
        unknown=derivation.unknown,
        overrides={
            code: {"deprived": derivation.deprived[code], "reason": why} for code, why in derivation.overridden.items()
        },
        unverified=[name for name, _ in standard.unverified_params()],
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=assessment,
        changes={"status": [None, result.status], "standard": [None, result.standard]},
        household_id=household.pk,
        commune_id=household.commune_id,
    )
    StaleCommune.objects.mark([household.commune_id])  # the deprivation tallies read the latest assessment
    return assessment


@dataclass(frozen=True)
class ProxyScoring:
    """Phiếu B scored without storing anything: what a form shows while it is being filled in."""

    standard: Standard
    table: PointTable
    score: int
    derivation: Derivation
    result: Result

    @property
    def reasons(self) -> list[str]:
        d = self.derivation
        return reasons_with_derivation(self.standard, self.result, d.unknown, d.overridden, d.deprived)


def proxy_scoring(
    *,
    household: Household,
    as_of: datetime.date,
    answers: Mapping[str, str],
    overrides: Mapping[str, tuple[bool, str]] | None = None,
    standard_code: str | None = None,
) -> ProxyScoring:
    """Score Phiếu B: the B1 answers stand in for income; B2 deprivations derived from the register, corrected by
    the reasoned overrides. Raises ValidationError (Vietnamese) for an incomplete or invalid form."""
    standard = _standard(standard_code, as_of)
    region = household.commune.region if household.commune_id else ""
    try:
        table = table_for(standard, area_type=household.area_type, region=region)
        score = proxy_score(table, answers)
        derivation = derive(standard, household_facts(household), as_of=as_of)
        apply_overrides(standard, derivation, overrides or {})
        result = classify_proxy(standard, table, score=score, deprived=derivation.deprived_codes)
    except (DerivationUnavailable, InvalidInput, ValueError) as error:
        raise ValidationError(str(error)) from None
    return ProxyScoring(standard, table, score, derivation, result)


@transaction.atomic
def assessment_from_proxy(
    *,
    actor: User | None,
    household: Household,
    as_of: datetime.date,
    answers: Mapping[str, str],
    overrides: Mapping[str, tuple[bool, str]] | None = None,
    standard_code: str | None = None,
) -> Assessment:
    """Phiếu B: the B1 score stands in for income (B2 deprivations derived from the register, with overrides). The
    actor may change the household's records (the surveyor of reviews.services.actors is); None is the system."""
    check_household_editor(actor, household)
    scoring = proxy_scoring(
        household=household, as_of=as_of, answers=answers, overrides=overrides, standard_code=standard_code
    )
    standard, table, score, derivation, result = (
        scoring.standard,
        scoring.table,
        scoring.score,
        scoring.derivation,
        scoring.result,
    )
    assessment = Assessment.objects.create(
        household=household,
        standard=result.standard,
        rules_version=result.rules_version,
        as_of=as_of,
        method=Method.PROXY,
        area_type=household.area_type,
        proxy_score=score,
        proxy_threshold=table.threshold,
        proxy_answers=dict(answers),
        status=result.status,
        income_band=result.income_band,
        deprivation_count=result.deprivation_count,
        deprived=list(result.deprived),
        reasons=scoring.reasons,
        explanations=derivation.explanations,
        unknown=derivation.unknown,
        overrides={
            code: {"deprived": derivation.deprived[code], "reason": why} for code, why in derivation.overridden.items()
        },
        unverified=[name for name, _ in standard.unverified_params()] + ([] if table.verified else ["proxy_b1"]),
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=assessment,
        changes={"status": [None, result.status], "proxy_score": [None, score]},
        household_id=household.pk,
        commune_id=household.commune_id,
    )
    StaleCommune.objects.mark([household.commune_id])
    return assessment


# ---------------------------------------------------------------- bulk classification of the register

CHUNK_HOUSEHOLDS = 50_000

_HOUSEHOLD_SQL = """
SELECT h.id, h.area_type, h.income_per_capita, h.wall_durable, h.column_durable, h.roof_durable,
       h.floor_area_m2, h.water_source, h.latrine, h.uses_telecom, h.uses_internet, h.owns_tv, h.owns_radio,
       h.owns_computer, h.owns_smartphone, h.waste_treatment
FROM registry_household h
WHERE h.commune_id IN ({communes}) AND h.ended_on IS NULL AND h.income_per_capita IS NOT NULL
"""
_PERSON_SQL = """
SELECT p.household_id, p.date_of_birth, p.employment, p.labour_contract, p.social_allowance, p.malnourished,
       p.health_insurance, p.schooling, p.education
FROM registry_person p JOIN registry_household h ON h.id = p.household_id
WHERE h.commune_id IN ({communes}) AND h.ended_on IS NULL AND h.income_per_capita IS NOT NULL
  AND p.left_on IS NULL
"""


def _frames(commune_ids: list[int]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Households (with income) and their current members for some communes, read straight into Polars."""
    placeholders = ", ".join(["%s"] * len(commune_ids))
    with connection.cursor() as cursor:
        cursor.execute(_HOUSEHOLD_SQL.format(communes=placeholders), commune_ids)
        household_rows = cursor.fetchall()
        cursor.execute(_PERSON_SQL.format(communes=placeholders), commune_ids)
        person_rows = cursor.fetchall()
    households = pl.DataFrame(household_rows, schema=list(HOUSEHOLD_COLUMNS.items()), orient="row", strict=False)
    persons = pl.DataFrame(person_rows, schema=list(PERSON_COLUMNS.items()), orient="row", strict=False)
    return households, persons


def _chunks(counts: list[tuple[int, int]], size: int) -> list[list[int]]:
    """Group communes (id, households) into chunks of about `size` households, never splitting a commune."""
    chunks: list[list[int]] = [[]]
    filled = 0
    for commune_id, count in counts:
        if chunks[-1] and filled + count > size:
            chunks.append([])
            filled = 0
        chunks[-1].append(commune_id)
        filled += count
    return [c for c in chunks if c]


def classification_run_create(
    *, actor: User | None, standard_code: str, as_of: datetime.date, province: AdminUnit | None = None
) -> ClassificationRun:
    if actor is not None and not can_classify_register(actor, province):
        where = province or "toàn quốc"
        raise ValidationError(f"Không có quyền phân loại hàng loạt các hộ của {where}.")
    standard = _standard(standard_code, as_of)
    if not standard.covers(as_of):
        raise ValidationError(
            f"Ngày áp dụng {as_of:%d/%m/%Y} nằm ngoài hiệu lực của chuẩn {standard.code} "
            f"({standard.valid_from:%d/%m/%Y} – {standard.valid_to:%d/%m/%Y})."
        )
    derivation_available(standard)
    run = ClassificationRun.objects.create(standard=standard.code, as_of=as_of, province=province, created_by=actor)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=run,
        changes={"standard": [None, standard.code], "province": [None, province.code if province else "toàn quốc"]},
    )
    return run


def derivation_available(standard: Standard) -> None:
    try:
        derivation_params(standard.code)
    except DerivationUnavailable as error:
        raise ValidationError(str(error)) from None


def classification_run_execute(
    *, run: ClassificationRun, progress: Callable[[int, int], None] | None = None
) -> ClassificationRun:
    """Classify every current household with an income in the run's area through the vectorised path and store
    one assessment each, chunk by chunk. On failure the run's assessments are removed and the error is kept."""
    standard = standard_get(run.standard)
    communes = AdminUnit.objects.current().communes()
    if run.province_id:
        communes = communes.filter(province_id=run.province_id)
    counts = list(
        Household.objects.filter(commune__in=communes, ended_on__isnull=True)
        .values_list("commune_id")
        .annotate(n=Count("id"))
        .order_by("commune_id")
    )
    run.status, run.started_at = RunStatus.RUNNING, timezone.now()
    run.total = sum(n for _, n in counts)
    run.save(update_fields=["status", "started_at", "total"])
    try:
        for chunk in _chunks(counts, CHUNK_HOUSEHOLDS):
            households, persons = _frames(chunk)
            classified = classify_frame(standard, derive_frame(standard, households, persons, as_of=run.as_of))
            stored = len(
                assessments_store(
                    standard=standard, frame=classified.collect(), as_of=run.as_of, actor=run.created_by, run=run
                )
            )
            in_chunk = set(chunk)
            chunk_total = sum(n for commune_id, n in counts if commune_id in in_chunk)
            run.done += chunk_total
            run.stored += stored
            run.skipped += chunk_total - stored
            run.save(update_fields=["done", "stored", "skipped"])
            if progress:
                progress(run.done, run.total)
    except Exception as error:
        Assessment.objects.filter(run=run).delete()
        run.status, run.error, run.stored = RunStatus.FAILED, f"{type(error).__name__}: {error}", 0
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "error", "stored", "finished_at"])
        raise
    with transaction.atomic():
        # A run's assessments count (as the latest of their households) from the moment it is done.
        run.status, run.finished_at = RunStatus.DONE, timezone.now()
        run.save(update_fields=["status", "finished_at"])
        StaleCommune.objects.mark(commune_id for commune_id, _n in counts)
    return run


def assessments_store(
    *,
    standard: Standard,
    frame: pl.DataFrame,
    as_of: datetime.date,
    actor: User | None,
    run: ClassificationRun | None = None,
) -> list[Assessment]:
    """Bulk-insert one assessment per classified row. The reasons come from the one-household rule, the
    authoritative text; a row where the vectorised result differs is refused rather than stored."""
    codes = standard.indicator_codes
    unverified = [name for name, _ in standard.unverified_params()]
    batch = []
    for row in frame.iter_rows(named=True):
        deprived = [c for c in codes if row[c]]
        unknown = [c for c in codes if row[c] is None]
        result = classify(standard, area=row["area"], income_per_capita=row["income_per_capita"], deprived=deprived)
        if result.status != row["status"]:  # the property test makes this impossible; refuse to store if not
            raise AssertionError(f"household {row['household_id']}: vectorised {row['status']} != {result.status}")
        batch.append(
            Assessment(
                household_id=row["household_id"],
                standard=standard.code,
                rules_version=standard.rules_version,
                as_of=as_of,
                method=Method.DERIVED,
                area_type=row["area"],
                income_per_capita=row["income_per_capita"],
                status=result.status,
                income_band=result.income_band,
                deprivation_count=result.deprivation_count,
                deprived=list(result.deprived),
                reasons=reasons_with_derivation(standard, result, unknown),
                unknown=unknown,
                unverified=unverified,
                run=run,
                created_by=actor,
            )
        )
    return Assessment.objects.bulk_create(batch, batch_size=5_000)


def assessments_for_households(
    *, actor: User | None, commune_id: int, household_ids: set[int], standard_code: str, as_of: datetime.date
) -> list[Assessment]:
    """Classify some households of one commune from the register (recorded income, derived deprivations) through
    the vectorised path and store one assessment each. Households without a recorded income are left out."""
    standard = _standard(standard_code, as_of)
    derivation_available(standard)
    households, persons = _frames([commune_id])
    ids = sorted(household_ids)
    households = households.filter(pl.col("household_id").is_in(ids))
    persons = persons.filter(pl.col("household_id").is_in(ids))
    classified = classify_frame(standard, derive_frame(standard, households, persons, as_of=as_of)).collect()
    stored = assessments_store(standard=standard, frame=classified, as_of=as_of, actor=actor)
    StaleCommune.objects.mark([commune_id])
    return stored
