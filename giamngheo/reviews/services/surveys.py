"""Phiếu A and Phiếu B for a listed household: drafts that never overwrite each other, live scoring, submission.

The score comes from the standards engine (standards.services.proxy_scoring), so the form, the stored assessment
and the self-assessment page all apply the same rules with the same reasons.
"""

import datetime
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, OuterRef, Subquery
from django.utils import timezone

from giamngheo.accounts.access import can_run_review, scope_of
from giamngheo.accounts.models import AuditAction, User
from giamngheo.accounts.services import audit_record, audit_record_many
from giamngheo.areas.models import AdminUnit
from giamngheo.registry.models import Status
from giamngheo.reviews.forms_data import causes, needs, phieu_a
from giamngheo.reviews.models import (
    ApplicationForm,
    Campaign,
    Outcome,
    ReviewItem,
    Stage,
    Survey,
    SurveyForm,
    SurveyState,
)
from giamngheo.reviews.services.actors import check_surveyor
from giamngheo.reviews.services.calendar import check_not_after_today
from giamngheo.standards.models import Assessment
from giamngheo.standards.params import standard_get
from giamngheo.standards.rules import AT_OR_BELOW_LINE, AVERAGE, band_sentence, income_band, vnd
from giamngheo.standards.services import assessment_from_proxy, assessments_for_households, proxy_scoring

EDITABLE_STAGES = (Stage.LISTED, Stage.SURVEYED, Stage.RESURVEY)


@dataclass
class SurveyScore:
    """What the form shows beside the answers as they are typed."""

    complete: bool
    status: str = ""
    status_label: str = ""
    score: int | None = None
    threshold: int | None = None
    reasons: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    deprived: list[str] = field(default_factory=list)
    low_income: bool = False

    def as_json(self) -> dict[str, Any]:
        return {
            "complete": self.complete,
            "status": self.status,
            "status_label": self.status_label,
            "score": self.score,
            "threshold": self.threshold,
            "reasons": self.reasons,
            "missing": self.missing,
            "deprived": self.deprived,
        }


def _overrides(answers: Mapping[str, Any]) -> dict[str, tuple[bool, str]]:
    raw = answers.get("overrides") or {}
    if not isinstance(raw, dict):
        raise ValidationError("Phần điều chỉnh chỉ số thiếu hụt không đúng định dạng.")
    result = {}
    for code, value in raw.items():
        if not isinstance(value, dict) or not str(value.get("reason", "")).strip():
            raise ValidationError(f"Điều chỉnh chỉ số “{code}” phải ghi rõ lý do.")
        result[code] = (bool(value.get("deprived")), str(value["reason"]).strip())
    return result


def _phieu_a_score(answers: Mapping[str, Any]) -> SurveyScore:
    data = phieu_a()
    known = {c["code"]: c for c in data["criteria"]}
    ticked = [code for code in answers.get("criteria") or [] if code in known]
    hits = [known[c]["label"] for c in ticked if known[c]["effect"] == "not_poor"]
    caution = "Tiêu chí Phiếu A CHƯA được đối chiếu với Thông tư 07/2021/TT-BLĐTBXH."
    if hits:
        return SurveyScore(
            complete=True,
            status=Status.NOT_POOR,
            status_label=str(Status.NOT_POOR.label),
            reasons=[f"Hộ có đặc điểm: {'; '.join(hits)}.", caution, "Kết luận: không nghèo, không cần Phiếu B."],
        )
    return SurveyScore(
        complete=True,
        status="",
        status_label="Tiếp tục rà soát bằng Phiếu B",
        reasons=["Hộ không có đặc điểm nào loại trừ ở Phiếu A.", caution],
    )


INCOME_SOURCES = ("agriculture", "wages", "business", "other")
AVERAGE_LIVING, NOT_AVERAGE = "average_living", "not_average"


@dataclass(frozen=True)
class IncomeFigures:
    """Phiếu C: the household's income over the 12 months before the review, without social allowances."""

    agricultural: bool
    total: int
    costs: int
    allowances: int
    members: int

    @property
    def per_capita(self) -> int:
        return max(0, self.total - self.costs) // (self.members * 12)


def _income_figures(answers: Mapping[str, Any]) -> tuple[IncomeFigures | None, list[str]]:
    missing = []
    income = answers.get("income") or {}
    values = {}
    for source in INCOME_SOURCES:
        value = income.get(source)
        if value is None or value == "":
            missing.append(f"Chưa nhập thu nhập “{source}”.")
        elif int(value) < 0:
            missing.append(f"Thu nhập “{source}” không được âm.")
        else:
            values[source] = int(value)
    members = int(answers.get("members") or 0)
    if members < 1:
        missing.append("Số nhân khẩu phải từ 1 trở lên.")
    if missing:
        return None, missing
    figures = IncomeFigures(
        agricultural=bool(answers.get("agricultural")),
        total=sum(values.values()),
        costs=int(answers.get("costs") or 0),
        allowances=int(answers.get("social_allowances") or 0),
        members=members,
    )
    return figures, []


def _phieu_c_score(item: ReviewItem, answers: Mapping[str, Any]) -> SurveyScore:
    """Spec §4.4: income per person per month over the previous 12 months, social allowances and assistance from
    the state budget excluded, compared with the standard's average-living band; and the low-income worker test of
    Decree 30/2025 (a household that is not poor or near-poor, income at or below the band's upper bound)."""
    figures, missing = _income_figures(answers)
    if figures is None:
        return SurveyScore(complete=False, missing=missing)
    standard = standard_get(item.campaign.standard)
    area = item.household.area_type
    income = figures.per_capita
    band = income_band(standard, area, income)
    upper = standard.average_living_upper[area]
    reasons = [
        f"Tổng thu 12 tháng {vnd(figures.total)} đồng, chi phí sản xuất {vnd(figures.costs)} đồng; "
        f"trợ cấp, trợ giúp xã hội {vnd(figures.allowances)} đồng không tính vào thu nhập (Quyết định 24/2021/QĐ-TTg).",
        f"Thu nhập bình quân {vnd(income)} đồng/người/tháng ({figures.members} nhân khẩu).",
    ]
    sentence = band_sentence(standard, area, income, band)
    if sentence:
        reasons.append(sentence)
    if band == AT_OR_BELOW_LINE:
        reasons.append("Thu nhập không vượt chuẩn nghèo: rà soát hộ nghèo, hộ cận nghèo bằng Phiếu B.")
        return SurveyScore(complete=True, status="", status_label="Cần rà soát bằng Phiếu B", reasons=reasons)
    average = band == AVERAGE and figures.agricultural
    if band == AVERAGE and not figures.agricultural:
        reasons.append("Hộ không làm nông, lâm, ngư, diêm nghiệp: không thuộc diện xác định mức sống trung bình.")
    low_income = item.status_before not in (Status.POOR, Status.NEAR_POOR) and income <= upper.value
    if low_income:
        reasons.append("Người lao động trong hộ thuộc diện người lao động có thu nhập thấp (Nghị định 30/2025/NĐ-CP).")
    label = (
        "Hộ làm nông, lâm, ngư, diêm nghiệp có mức sống trung bình"
        if average
        else "Không thuộc diện hộ có mức sống trung bình"
    )
    reasons.append(f"Kết luận: {label.lower()} — {standard.title}.")
    return SurveyScore(
        complete=True,
        status=AVERAGE_LIVING if average else NOT_AVERAGE,
        status_label=label,
        reasons=reasons,
        low_income=low_income,
    )


def survey_score(*, item: ReviewItem, form: str, answers: Mapping[str, Any], as_of: datetime.date) -> SurveyScore:
    """Score a form as it stands, storing nothing. An incomplete Phiếu B or C says what is missing."""
    if form == SurveyForm.PHIEU_A:
        return _phieu_a_score(answers)
    if form == SurveyForm.PHIEU_C:
        return _phieu_c_score(item, answers)
    b1 = answers.get("b1") or {}
    try:
        scoring = proxy_scoring(
            household=item.household,
            as_of=as_of,
            answers={k: str(v) for k, v in b1.items() if v not in (None, "")},
            overrides=_overrides(answers),
            standard_code=item.campaign.standard,
        )
    except ValidationError as error:
        return SurveyScore(complete=False, missing=list(error.messages))
    return SurveyScore(
        complete=True,
        status=scoring.result.status,
        status_label=str(Status(scoring.result.status).label),
        score=scoring.score,
        threshold=scoring.table.threshold,
        reasons=scoring.reasons,
        deprived=list(scoring.result.deprived),
    )


def _clean_answers(form: str, answers: Mapping[str, Any]) -> dict[str, Any]:
    """Keep only the keys each form has; causes and needs only from their lists."""
    if not isinstance(answers, Mapping):
        raise ValidationError("Câu trả lời không đúng định dạng.")
    if form == SurveyForm.PHIEU_A:
        return {"criteria": [str(c) for c in answers.get("criteria") or []]}
    if form == SurveyForm.PHIEU_C:
        income = answers.get("income") or {}
        return {
            "agricultural": bool(answers.get("agricultural")),
            "income": {k: income.get(k) for k in INCOME_SOURCES if income.get(k) not in (None, "")},
            "costs": answers.get("costs") or 0,
            "social_allowances": answers.get("social_allowances") or 0,
            "members": answers.get("members") or 0,
        }
    cause_codes, need_codes = {c["code"] for c in causes()}, {n["code"] for n in needs()}
    return {
        "b1": {str(k): str(v) for k, v in (answers.get("b1") or {}).items() if v not in (None, "")},
        "overrides": dict(answers.get("overrides") or {}),
        "causes": [c for c in answers.get("causes") or [] if c in cause_codes],
        "needs": [n for n in answers.get("needs") or [] if n in need_codes],
        "note": str(answers.get("note") or "")[:1000],
    }


@transaction.atomic
def survey_save(
    *,
    actor: User | None,
    item: ReviewItem,
    form: str,
    answers: Mapping[str, Any],
    version: int,
    as_of: datetime.date,
) -> tuple[Survey, SurveyScore]:
    """Save a draft. `version` is the one the editor started from (0 for a new form): if someone saved in between,
    the save is refused with who and when, and nothing changes."""
    check_surveyor(actor, item)
    check_not_after_today(as_of, "rà soát")
    check_form_allowed(item, form)
    if item.stage not in EDITABLE_STAGES:
        raise ValidationError(f"Hộ {item.household.code} đang ở bước “{item.get_stage_display()}”, không sửa phiếu.")
    cleaned = _clean_answers(form, answers)
    score = survey_score(item=item, form=form, answers=cleaned, as_of=as_of)
    values = {
        "answers": cleaned,
        "state": SurveyState.DRAFT,
        "result": score.status,
        "score": score.score,
        "reasons": score.reasons,
        "updated_by": actor,
        "updated_at": timezone.now(),
    }
    if version == 0:
        survey, created = Survey.objects.get_or_create(item=item, form=form, defaults=values)
        if not created:
            raise _conflict(survey)
    else:
        updated = Survey.objects.filter(item=item, form=form, version=version).update(
            version=F("version") + 1, **values
        )
        if not updated:
            current = Survey.objects.filter(item=item, form=form).select_related("updated_by").first()
            if current is None:
                raise ValidationError("Phiếu này chưa được lưu lần nào; tải lại trang.")
            raise _conflict(current)
        survey = Survey.objects.get(item=item, form=form)
    if item.stage == Stage.SURVEYED:
        _reopen(actor, item)
    survey.item = item  # the audit label reads the household code: no second query for it
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE if version else AuditAction.CREATE,
        instance=survey,
        changes={"version": [version or None, survey.version], "result": [None, score.status]},
        household_id=item.household_id,
        commune_id=item.commune_id,
    )
    return survey, score


def _reopen(actor: User | None, item: ReviewItem) -> None:
    """A submitted form edited before the meeting: its result no longer stands, so the household goes back to
    "listed" without a proposal until the form is submitted again (the meeting never votes on a stale result)."""
    before = item.proposed_status
    ReviewItem.objects.filter(pk=item.pk).update(
        stage=Stage.LISTED, proposed_status="", assessment=None, proposed_average_living=None, proposed_low_income=None
    )
    item.stage, item.proposed_status, item.assessment_id = Stage.LISTED, "", None
    item.proposed_average_living = item.proposed_low_income = None
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=item,
        changes={"stage": [Stage.SURVEYED, Stage.LISTED], "proposed_status": [before, ""]},
        household_id=item.household_id,
        commune_id=item.commune_id,
        note="Sửa phiếu đã nộp: chờ nộp lại",
    )


def allowed_forms(item: ReviewItem) -> list[str]:
    """Phiếu B for every listed household; Phiếu A only to screen a pending Mẫu 01 request (spec §4.2 step 2);
    Phiếu C only for a pending request to determine average living standard (spec §4.4)."""
    pending = {a.form for a in item.applications.all() if a.outcome == Outcome.PENDING}
    forms = [SurveyForm.PHIEU_B.value]
    if ApplicationForm.MAU_01 in pending:
        forms.insert(0, SurveyForm.PHIEU_A.value)
    if ApplicationForm.MAU_01_AVERAGE in pending:
        forms.append(SurveyForm.PHIEU_C.value)
    return forms


def check_form_allowed(item: ReviewItem, form: str) -> None:
    if form not in SurveyForm.values:
        raise ValidationError(f"Không có phiếu “{form}”.")
    if form not in allowed_forms(item):
        label = SurveyForm(form).label
        raise ValidationError(f"Hộ {item.household.code} không thuộc diện rà soát bằng {label}.")


def _conflict(current: Survey) -> ValidationError:
    who = current.updated_by.get_full_name() or current.updated_by.username if current.updated_by else "người khác"
    return ValidationError(
        f"Phiếu đã được {who} lưu lúc {timezone.localtime(current.updated_at):%H:%M %d/%m/%Y} (lần {current.version}). "
        "Tải lại phiếu để xem bản mới nhất rồi sửa tiếp; nội dung bạn vừa nhập chưa được lưu."
    )


@transaction.atomic
def survey_submit(*, actor: User | None, item: ReviewItem, form: str, version: int, as_of: datetime.date) -> Survey:
    """Submit a saved form: Phiếu B stores an assessment with its reasons and proposes its status; a Phiếu A that
    finds the household not poor proposes "not poor" without Phiếu B."""
    check_surveyor(actor, item)
    check_not_after_today(as_of, "rà soát")
    item = (
        ReviewItem.objects.select_for_update(of=("self",))
        .select_related("household__commune", "campaign")
        .get(pk=item.pk)
    )
    if item.stage not in EDITABLE_STAGES:
        raise ValidationError(f"Hộ {item.household.code} đang ở bước “{item.get_stage_display()}”, không nộp phiếu.")
    check_form_allowed(item, form)
    survey = Survey.objects.select_for_update().filter(item=item, form=form).first()
    if survey is None:
        raise ValidationError("Lưu phiếu trước khi nộp.")
    if survey.version != version:
        raise _conflict(survey)
    score = survey_score(item=item, form=form, answers=survey.answers, as_of=as_of)
    if not score.complete:
        raise ValidationError(["Phiếu chưa đủ để chấm điểm.", *score.missing])
    if form == SurveyForm.PHIEU_B:
        assessment = assessment_from_proxy(
            actor=actor,
            household=item.household,
            as_of=as_of,
            answers=survey.answers["b1"],
            overrides=_overrides(survey.answers),
            standard_code=item.campaign.standard,
        )
        survey.assessment = assessment
        item.assessment = assessment
        item.proposed_status = assessment.status
        # Phiếu B decides poor / near-poor; an earlier Phiếu C's marks no longer apply.
        item.proposed_average_living = item.proposed_low_income = None
    elif form == SurveyForm.PHIEU_C:
        if not score.status:
            raise ValidationError("Thu nhập không vượt chuẩn nghèo: rà soát hộ này bằng Phiếu B.")
        item.proposed_status = Status.NOT_POOR
        item.proposed_average_living = score.status == AVERAGE_LIVING
        item.proposed_low_income = score.low_income
    elif score.status == Status.NOT_POOR:
        item.proposed_status = Status.NOT_POOR
        item.proposed_average_living = item.proposed_low_income = None
    else:
        raise ValidationError("Phiếu A không loại trừ hộ này: tiếp tục rà soát bằng Phiếu B.")
    survey.state = SurveyState.SUBMITTED
    survey.reasons = score.reasons
    survey.version += 1
    survey.updated_by = actor
    survey.save()
    before = item.stage
    item.stage = Stage.SURVEYED
    item.save(
        update_fields=["stage", "proposed_status", "proposed_average_living", "proposed_low_income", "assessment"]
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=item,
        changes={"stage": [before, item.stage], "proposed_status": [None, item.proposed_status]},
        household_id=item.household_id,
        commune_id=item.commune_id,
        note=f"Nộp {survey.get_form_display()}",
    )
    return survey


@transaction.atomic
def review_score_commune(*, actor: User | None, campaign: Campaign, commune: AdminUnit, as_of: datetime.date) -> int:
    """Score, from the register, every listed household of a commune not yet surveyed, and propose the result.

    For communes that keep household income in the register: the vectorised standards path classifies thousands
    of households a second, with the same reasons as one at a time. Households without a recorded income stay to
    be surveyed with Phiếu B."""
    check_not_after_today(as_of, "rà soát")
    if actor is not None:
        scope = scope_of(actor)
        if not can_run_review(actor) or not (scope.national or scope.commune_id == commune.pk):
            raise ValidationError("Chỉ cán bộ giảm nghèo của xã chấm điểm hàng loạt.")
    items = {
        i.household_id: i
        for i in campaign.items.select_for_update(of=("self",))
        .filter(commune=commune, stage=Stage.LISTED)
        .select_related("household")
        .only("id", "campaign_id", "household_id", "commune_id", "stage", "household__code")
    }
    if not items:
        return 0
    assessments = assessments_for_households(
        actor=actor, commune_id=commune.pk, household_ids=set(items), standard_code=campaign.standard, as_of=as_of
    )
    changed = []
    by_status: dict[str, list[int]] = defaultdict(list)
    for assessment in assessments:
        item = items[assessment.household_id]
        item.assessment_id, item.proposed_status, item.stage = assessment.pk, assessment.status, Stage.SURVEYED
        by_status[assessment.status].append(item.pk)
        changed.append(item)
    if changed:
        # One UPDATE per proposed status, linking each item to its household's new assessment (the ids just
        # created form one range): much faster than a per-row CASE for thousands of rows.
        pks = [a.pk for a in assessments]
        newest = (
            Assessment.objects.filter(household_id=OuterRef("household_id"), pk__gte=min(pks), pk__lte=max(pks))
            .order_by("-pk")
            .values("pk")[:1]
        )
        for status, ids in by_status.items():
            for start in range(0, len(ids), 2_000):
                ReviewItem.objects.filter(pk__in=ids[start : start + 2_000]).update(
                    proposed_status=status, stage=Stage.SURVEYED, assessment_id=Subquery(newest)
                )
    audit_record_many(
        actor=actor,
        action=AuditAction.UPDATE,
        changes=(
            (
                item,
                {"stage": [Stage.LISTED, Stage.SURVEYED], "proposed_status": [None, item.proposed_status]},
                item.household_id,
                item.commune_id,
            )
            for item in changed
        ),
        note="Chấm điểm từ thông tin trong sổ",
    )
    return len(changed)
