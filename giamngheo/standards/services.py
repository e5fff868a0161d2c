"""Writes of the standards app: classifying a register household and storing how it was classified."""

import datetime
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction

from giamngheo.accounts.models import AuditAction, User
from giamngheo.accounts.services import audit_record
from giamngheo.registry.models import Household
from giamngheo.standards.derive import DerivationUnavailable, HouseholdFacts, MemberFacts, apply_overrides, derive
from giamngheo.standards.models import Assessment, Method
from giamngheo.standards.params import Standard, UnknownStandard, standard_get, standard_in_force
from giamngheo.standards.rules import InvalidInput, classify


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

    Income is the household's recorded income per person per month unless one is given.
    """
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
    reasons = list(result.reasons)
    if derivation.unknown:
        names = "; ".join(standard.indicator(code).name for code in derivation.unknown)
        reasons.insert(-1, f"Chưa đủ thông tin để xác định các chỉ số: {names} (chưa tính là thiếu hụt).")
    for code, why in derivation.overridden.items():
        state = "thiếu hụt" if derivation.deprived[code] else "không thiếu hụt"
        reasons.insert(-1, f"Cán bộ điều chỉnh chỉ số {standard.indicator(code).name} thành {state}: {why}")
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
    return assessment
