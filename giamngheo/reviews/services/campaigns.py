"""Campaigns, the list of households to review (Circular 07/2021 Phụ lục I) and households' requests."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from giamngheo.accounts.models import AuditAction, User
from giamngheo.accounts.services import audit_record, audit_record_many
from giamngheo.areas.models import AdminUnit, Era, Level
from giamngheo.registry.models import Household, Status
from giamngheo.reviews.models import (
    Application,
    ApplicationForm,
    Basis,
    Campaign,
    CampaignCommune,
    CampaignKind,
    Channel,
    Outcome,
    ReviewItem,
    Stage,
)
from giamngheo.reviews.procedure import procedure_in_force
from giamngheo.reviews.services.actors import check_commune_officer, check_planner
from giamngheo.standards.params import UnknownStandard, standard_get, standard_in_force


@transaction.atomic
def campaign_create(
    *,
    actor: User | None,
    province: AdminUnit,
    year: int,
    standard_code: str,
    plan_start: datetime.date,
    plan_end: datetime.date,
    communes: Iterable[AdminUnit],
    include_residents: bool = False,
) -> Campaign:
    """A province's periodic review for one year, with its own dates inside the legal window (spec §4.2).

    The standard is chosen per campaign: the baseline review at the end of a period applies the next period's
    standard (e.g. the 2026 review applies the 2027–2030 standard)."""
    check_planner(actor, province)
    if province.level != Level.PROVINCE or province.era != Era.CURRENT:
        raise ValidationError({"province": f"{province} không phải tỉnh, thành phố hiện hành."})
    procedure = procedure_in_force(plan_start)
    window_start, window_end = procedure.window(year)
    if plan_start > plan_end:
        raise ValidationError({"plan_end": "Ngày kết thúc phải sau ngày bắt đầu."})
    if not (window_start <= plan_start and plan_end <= window_end):
        raise ValidationError(
            {
                "plan_start": f"Rà soát định kỳ năm {year} phải nằm trong khoảng {window_start:%d/%m/%Y} – "
                f"{window_end:%d/%m/%Y} ({procedure.window_start.reference})."
            }
        )
    try:
        standard = standard_get(standard_code)
    except UnknownStandard as error:
        raise ValidationError({"standard": str(error)}) from None
    communes = list(communes)
    if not communes:
        raise ValidationError({"communes": "Chọn ít nhất một xã tham gia rà soát."})
    outside = [c.name for c in communes if c.province_id != province.pk or c.level != Level.COMMUNE]
    if outside:
        raise ValidationError({"communes": f"Không thuộc {province.name}: {', '.join(outside)}."})
    taken = ValidationError({"year": f"{province.name} đã có đợt rà soát định kỳ năm {year}."})
    if Campaign.objects.filter(kind=CampaignKind.PERIODIC, province=province, year=year).exists():
        raise taken
    try:
        with transaction.atomic():
            campaign = Campaign.objects.create(
                kind=CampaignKind.PERIODIC,
                province=province,
                year=year,
                standard=standard.code,
                plan_start=plan_start,
                plan_end=plan_end,
                include_residents=include_residents,
                district_consultation=procedure.district_consultation(plan_end),
                created_by=actor,
            )
    except IntegrityError:  # planned at the same moment by someone else
        raise taken from None
    CampaignCommune.objects.bulk_create([CampaignCommune(campaign=campaign, commune=c) for c in communes])
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=campaign,
        changes={
            "standard": [None, standard.code],
            "plan": [None, f"{plan_start:%d/%m/%Y} – {plan_end:%d/%m/%Y}"],
            "communes": [None, len(communes)],
        },
    )
    return campaign


def regular_review_start(received_on: datetime.date) -> datetime.date:
    """The monthly review that handles a request received that day: the 15th of this month, or of the next
    month once this month's has started (spec §4.3: once a month, from the 15th)."""
    day = procedure_in_force(received_on).regular_review_day.value
    if received_on.day <= day:
        return received_on.replace(day=day)
    year, month = (received_on.year + 1, 1) if received_on.month == 12 else (received_on.year, received_on.month + 1)
    return datetime.date(year, month, day)


def _month_end(day: datetime.date) -> datetime.date:
    following = day.replace(day=28) + datetime.timedelta(days=4)
    return following - datetime.timedelta(days=following.day)


@transaction.atomic
def regular_campaign_open(*, province: AdminUnit, starts_on: datetime.date) -> Campaign:
    """The province's regular review of a month, with every commune of the province; idempotent."""
    campaign = Campaign.objects.filter(
        kind=CampaignKind.REGULAR, province=province, year=starts_on.year, month=starts_on.month
    ).first()
    if campaign:
        return campaign
    procedure = procedure_in_force(starts_on)
    try:
        # Two requests of the province on the month's first day may race to open it: one wins, both use it.
        with transaction.atomic():
            campaign = Campaign.objects.create(
                kind=CampaignKind.REGULAR,
                province=province,
                year=starts_on.year,
                month=starts_on.month,
                standard=standard_in_force(starts_on).code,
                plan_start=starts_on,
                plan_end=_month_end(starts_on),
                district_consultation=procedure.district_consultation(starts_on),
            )
    except IntegrityError:
        return Campaign.objects.get(
            kind=CampaignKind.REGULAR, province=province, year=starts_on.year, month=starts_on.month
        )
    communes = AdminUnit.objects.current().communes().filter(province=province)
    CampaignCommune.objects.bulk_create(
        [CampaignCommune(campaign=campaign, commune=c, listed_at=timezone.now()) for c in communes]
    )
    audit_record(actor=None, action=AuditAction.CREATE, instance=campaign, changes={"month": [None, starts_on.month]})
    return campaign


def regular_reviews_open(*, today: datetime.date) -> list[Campaign]:
    """Open this month's regular review in every province once the 15th has come (the `open_regular_reviews`
    command, run daily)."""
    if today.day < procedure_in_force(today).regular_review_day.value:
        return []
    starts_on = regular_review_start(today.replace(day=1))
    return [regular_campaign_open(province=p, starts_on=starts_on) for p in AdminUnit.objects.current().provinces()]


@transaction.atomic
def review_list_build(*, actor: User | None, campaign: Campaign, commune: AdminUnit) -> list[ReviewItem]:
    """Phụ lục I: the commune's households to review. The poor and near-poor on its lists and every resident
    household when the plan says so; households that file Mẫu 01 during the campaign join it when received.
    Households already listed stay as they are, so building the list again adds only what is new."""
    check_commune_officer(actor, commune.pk)
    participation = CampaignCommune.objects.select_for_update().filter(campaign=campaign, commune=commune).first()
    if participation is None:
        raise ValidationError(f"{commune.name} không tham gia {campaign}.")
    households = Household.objects.active().filter(commune=commune)
    wanted: dict[int, tuple[Household, str]] = {}
    for h in households.filter(status__in=[Status.POOR, Status.NEAR_POOR]).only("id", "village_id", "status"):
        wanted[h.pk] = (h, Basis.POOR if h.status == Status.POOR else Basis.NEAR_POOR)
    if campaign.include_residents:
        for h in households.only("id", "village_id", "status"):
            wanted.setdefault(h.pk, (h, Basis.RESIDENT))
    already = set(campaign.items.filter(commune=commune).values_list("household_id", flat=True))
    items = ReviewItem.objects.bulk_create(
        [
            ReviewItem(
                campaign=campaign,
                household_id=h.pk,
                commune=commune,
                village_id=h.village_id,
                basis=basis,
                status_before=h.status,
            )
            for pk, (h, basis) in sorted(wanted.items())
            if pk not in already
        ],
        batch_size=2_000,
    )
    if not campaign.items.filter(commune=commune).exists():
        raise ValidationError(f"{commune.name} không có hộ nào cần rà soát.")
    participation.listed_at = timezone.now()
    participation.save(update_fields=["listed_at"])
    audit_record_many(
        actor=actor,
        action=AuditAction.CREATE,
        changes=(
            (i, {"basis": [None, i.basis], "status_before": [None, i.status_before]}, i.household_id, i.commune_id)
            for i in items
        ),
        note=f"Lập danh sách rà soát: {campaign}",
    )
    return items


def _check_application(household: Household, form: str) -> None:
    if household.ended_on is not None:
        raise ValidationError(f"Hộ {household.code} đã ra khỏi danh sách ngày {household.ended_on:%d/%m/%Y}.")
    if form == ApplicationForm.MAU_04 and household.status not in (Status.POOR, Status.NEAR_POOR):
        raise ValidationError(
            {"form": f"Hộ {household.code} không phải hộ nghèo, hộ cận nghèo nên không đề nghị công nhận thoát nghèo."}
        )
    if form == ApplicationForm.MAU_01 and household.status == Status.POOR:
        raise ValidationError({"form": f"Hộ {household.code} đang là hộ nghèo."})
    if form == ApplicationForm.MAU_01_AVERAGE and household.status in (Status.POOR, Status.NEAR_POOR):
        raise ValidationError(
            {
                "form": f"Hộ {household.code} đang là {household.get_status_display().lower()}: "
                "không xác định mức sống trung bình cho hộ nghèo, hộ cận nghèo."
            }
        )
    if Application.objects.filter(household=household, outcome=Outcome.PENDING).exists():
        raise ValidationError(f"Hộ {household.code} đang có một giấy đề nghị chưa giải quyết xong.")


@transaction.atomic
def application_receive(
    *,
    actor: User | None,
    household: Household,
    form: str,
    applicant_name: str,
    reason: str,
    received_on: datetime.date,
    channel: str = Channel.IN_PERSON,
) -> Application:
    """Receive Mẫu 01 or Mẫu 04. It joins the periodic review under way in the commune, if any; otherwise the
    monthly review starting on the next 15th, whose decision (or written refusal) is due within 15 days of that
    start (spec §4.3; the day type is configuration)."""
    check_commune_officer(actor, household.commune_id)
    if form not in ApplicationForm.values:
        raise ValidationError({"form": f"Không có loại giấy đề nghị “{form}”."})
    if channel not in Channel.values:
        raise ValidationError({"channel": f"Không có hình thức nộp “{channel}”."})
    if not applicant_name.strip() or not reason.strip():
        raise ValidationError("Ghi họ tên người đề nghị và lý do đề nghị.")
    household = (
        Household.objects.select_for_update(of=("self",)).select_related("commune__province").get(pk=household.pk)
    )
    _check_application(household, form)
    periodic = Campaign.objects.filter(
        kind=CampaignKind.PERIODIC,
        participations__commune_id=household.commune_id,
        plan_start__lte=received_on,
        plan_end__gte=received_on,
    ).first()
    if periodic is not None:
        # Spec §4.2 scope (b): a request filed during the periodic review is handled by it, by its end date, but
        # never with less time than a regular review would have.
        procedure = procedure_in_force(received_on)
        regular = procedure.period_end(
            received_on, procedure.regular_decision_days.value, procedure.regular_decision_day_type.value
        )
        campaign, starts_on, deadline = periodic, received_on, max(periodic.plan_end, regular)
    else:
        starts_on = regular_review_start(received_on)
        procedure = procedure_in_force(starts_on)
        deadline = procedure.period_end(
            starts_on, procedure.regular_decision_days.value, procedure.regular_decision_day_type.value
        )
        province = household.commune.province
        assert province is not None  # every current commune belongs to a province
        campaign = regular_campaign_open(province=province, starts_on=starts_on)
    item, _created = ReviewItem.objects.get_or_create(
        campaign=campaign,
        household=household,
        defaults={
            "commune_id": household.commune_id,
            "village_id": household.village_id,
            "basis": Basis.APPLICANT,
            "status_before": household.status,
        },
    )
    if item.stage in (Stage.DECIDED, Stage.REFUSED):
        raise ValidationError(f"Hộ {household.code} đã được giải quyết trong {campaign}.")
    application = Application.objects.create(
        form=form,
        household=household,
        commune_id=household.commune_id,
        applicant_name=applicant_name.strip(),
        reason=reason.strip(),
        received_on=received_on,
        channel=channel,
        review_starts_on=starts_on,
        deadline=deadline,
        item=item,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=application,
        changes={"form": [None, form], "deadline": [None, f"{deadline:%d/%m/%Y}"]},
        household_id=household.pk,
        commune_id=household.commune_id,
    )
    return application
