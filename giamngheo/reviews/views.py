"""Pages of the review procedure. Each view reads through reviews.selectors (404 outside the user's area) and
writes through one service call; the services check roles again and refuse with a Vietnamese message."""

import datetime
from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from giamngheo.accounts.models import User
from giamngheo.accounts.selectors import (
    can_plan_campaigns,
    can_run_review,
    can_sign_decisions,
    can_survey,
    scope_of,
)
from giamngheo.areas.models import AdminUnit
from giamngheo.registry.models import Status
from giamngheo.registry.selectors import communes_visible_to, households_visible_to, villages_visible_to
from giamngheo.reviews import documents
from giamngheo.reviews.forms import (
    ApplicationReceiveForm,
    CampaignForm,
    ComplaintForm,
    MeetingForm,
    OnlineRequestForm,
    PhieuAForm,
    PhieuBForm,
    PhieuCForm,
    PostingForm,
    RecheckForm,
    RefusalForm,
    SignForm,
)
from giamngheo.reviews.models import (
    Campaign,
    Certificate,
    Channel,
    Decision,
    DecisionState,
    ReviewItem,
    Stage,
    Survey,
    SurveyForm,
)
from giamngheo.reviews.prefill import b1_prefill
from giamngheo.reviews.procedure import procedure_in_force
from giamngheo.reviews.selectors import (
    applications_visible_to,
    campaign_get_for_user,
    campaign_progress,
    campaigns_visible_to,
    complaints_visible_to,
    decisions_visible_to,
    household_for_online_request,
    item_get_for_user,
    items_visible_to,
    meetings_visible_to,
    overdue_applications,
    postings_visible_to,
)
from giamngheo.reviews.services.campaigns import application_receive, campaign_create, review_list_build
from giamngheo.reviews.services.community import complaint_receive, complaint_resolve, meeting_record, posting_create
from giamngheo.reviews.services.decisions import (
    decision_apply,
    decision_discard,
    decision_draft,
    refusable,
    refusal_issue,
)
from giamngheo.reviews.services.surveys import (
    allowed_forms,
    review_score_commune,
    survey_save,
    survey_score,
    survey_submit,
)
from giamngheo.standards.params import standard_get, standard_in_force
from giamngheo.standards.proxy import PointTable, table_for
from giamngheo.standards.rules import InvalidInput

WORK_PAGE_SIZE = 100


def today() -> datetime.date:
    return timezone.localdate()


def _actor(request: HttpRequest) -> User:
    return cast(User, request.user)  # login_required: never anonymous here


def _file(content: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


def _pdf(content: bytes, name: str) -> HttpResponse:
    return _file(content, name, "application/pdf")


def _xlsx(content: bytes, name: str) -> HttpResponse:
    response = _file(content, name, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _commune_in_campaign(request: HttpRequest, campaign: Campaign, commune_pk: int) -> AdminUnit:
    commune = get_object_or_404(communes_visible_to(request.user), pk=commune_pk)
    if not campaign.participations.filter(commune=commune).exists():
        raise Http404
    return commune


# ---------------------------------------------------------------- campaigns


@login_required
@require_GET
def campaign_list(request: HttpRequest) -> HttpResponse:
    campaigns = campaigns_visible_to(request.user).distinct()
    scope = scope_of(request.user)
    return render(
        request,
        "reviews/campaign_list.html",
        {
            "campaigns": campaigns[:100],
            "can_plan": can_plan_campaigns(request.user),
            "commune_id": scope.commune_id or (request.user.area_id if scope.village_id else None),  # type: ignore[union-attr]
            "can_receive": can_run_review(request.user) and bool(scope.commune_id),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def campaign_new(request: HttpRequest) -> HttpResponse:
    if not can_plan_campaigns(request.user):
        raise Http404
    scope = scope_of(request.user)
    provinces = AdminUnit.objects.current().provinces()
    province = provinces.filter(pk=scope.province_id).first() if scope.province_id else None
    if province is None:
        province = provinces.filter(pk=request.GET.get("tinh") or request.POST.get("province") or 0).first()
    if province is None:
        return render(request, "reviews/campaign_province.html", {"provinces": provinces})
    communes = AdminUnit.objects.current().communes().filter(province=province).order_by("name")
    day = today()
    procedure = procedure_in_force(day)
    window_start, window_end = procedure.window(day.year)
    form = CampaignForm(
        request.POST or None,
        communes=communes,
        initial={
            "year": day.year,
            "standard": standard_in_force(day).code,
            "plan_start": window_start,
            "plan_end": window_end,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            campaign = campaign_create(
                actor=_actor(request),
                province=province,
                year=data["year"],
                standard_code=data["standard"],
                plan_start=data["plan_start"],
                plan_end=data["plan_end"],
                communes=data["communes"],
                include_residents=data["include_residents"],
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Đã lập kế hoạch: %(campaign)s.") % {"campaign": campaign})
            return redirect("reviews:campaign_detail", pk=campaign.pk)
    return render(
        request,
        "reviews/campaign_form.html",
        {"form": form, "province": province, "window": (window_start, window_end), "procedure": procedure},
    )


@login_required
@require_GET
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The campaign dashboard: per commune, households listed, surveyed, agreed, posted, decided, and overdue."""
    campaign = campaign_get_for_user(user=request.user, pk=pk)
    scope = scope_of(request.user)
    if scope.commune_id or scope.village_id:
        commune_id = scope.commune_id or cast(User, request.user).area_id
        return redirect("reviews:commune_work", pk=campaign.pk, commune_pk=commune_id)
    rows = campaign_progress(campaign, today())
    totals = {k: sum(r[k] for r in rows) for k in ("listed", "surveyed", "agreed", "posted", "decided", "overdue")}
    return render(request, "reviews/campaign_detail.html", {"campaign": campaign, "rows": rows, "totals": totals})


@login_required
@require_http_methods(["GET", "POST"])
def commune_work(request: HttpRequest, pk: int, commune_pk: int) -> HttpResponse:
    """The commune's work list for one campaign: every step, what is next, and what is overdue."""
    campaign = campaign_get_for_user(user=request.user, pk=pk)
    commune = _commune_in_campaign(request, campaign, commune_pk)
    actor = _actor(request)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "list":
                created = review_list_build(actor=actor, campaign=campaign, commune=commune)
                messages.success(request, _("Đã thêm %(n)s hộ vào danh sách rà soát.") % {"n": len(created)})
            elif action == "score":
                scored = review_score_commune(actor=actor, campaign=campaign, commune=commune, as_of=today())
                messages.success(request, _("Đã chấm điểm %(n)s hộ từ thông tin trong sổ.") % {"n": scored})
            elif action == "draft":
                decision = decision_draft(actor=actor, campaign=campaign, commune=commune)
                return redirect("reviews:decision_detail", pk=decision.pk)
            else:
                raise Http404
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        return redirect("reviews:commune_work", pk=campaign.pk, commune_pk=commune.pk)
    items = items_visible_to(request.user).filter(campaign=campaign, commune=commune)
    village = request.GET.get("thon")
    if village and village.isdigit():
        items = items.filter(village_id=int(village))
    stage_counts = dict(items.order_by().values_list("stage").annotate(n=Count("id")))
    stage = request.GET.get("buoc")
    if stage in Stage.values:
        items = items.filter(stage=stage)
    page = Paginator(items.prefetch_related("applications"), WORK_PAGE_SIZE).get_page(request.GET.get("trang"))
    day = today()
    overdue = overdue_applications(
        applications_visible_to(request.user).filter(item__campaign=campaign, commune=commune), day
    ).select_related("household")
    return render(
        request,
        "reviews/commune_work.html",
        {
            "campaign": campaign,
            "commune": commune,
            "rows": [(item, refusable(item), allowed_forms(item)) for item in page.object_list],
            "overdue": list(overdue[:50]),
            "overdue_items": set(overdue.values_list("item_id", flat=True)),
            "page": page,
            "stage_counts": [(s, stage_counts.get(s.value, 0)) for s in Stage],
            "villages": villages_visible_to(request.user).filter(commune=commune).order_by("name"),
            "meetings": meetings_visible_to(request.user).filter(campaign=campaign, village__commune=commune),
            "postings": postings_visible_to(request.user).filter(campaign=campaign, commune=commune),
            "complaints": complaints_visible_to(request.user).filter(campaign=campaign, commune=commune),
            "decisions": decisions_visible_to(request.user).filter(campaign=campaign, commune=commune),
            "can_run": can_run_review(request.user),
            "can_survey": can_survey(request.user),
            "can_sign": can_sign_decisions(request.user),
            "today": day,
        },
    )


@login_required
@require_GET
def review_list_download(request: HttpRequest, pk: int, commune_pk: int) -> HttpResponse:
    campaign = campaign_get_for_user(user=request.user, pk=pk)
    commune = _commune_in_campaign(request, campaign, commune_pk)
    items = items_visible_to(request.user).filter(campaign=campaign, commune=commune)
    content = documents.review_list_xlsx(campaign=campaign, commune=commune, items=items)
    return _xlsx(content, f"danh-sach-ra-soat-{commune.code}-{campaign.year}.xlsx")


# ---------------------------------------------------------------- surveys


def _table(item: ReviewItem) -> PointTable | None:
    try:
        return table_for(
            standard_get(item.campaign.standard), area_type=item.household.area_type, region=item.commune.region
        )
    except InvalidInput:
        return None


@login_required
@require_http_methods(["GET", "POST"])
def survey(request: HttpRequest, pk: int, form_code: str) -> HttpResponse:
    """Phiếu A or Phiếu B of a listed household: save a draft, or submit it for scoring and the meeting."""
    item = item_get_for_user(user=request.user, pk=pk)
    if form_code not in allowed_forms(item) or not can_survey(request.user):
        raise Http404
    saved = Survey.objects.filter(item=item, form=form_code).select_related("updated_by").first()
    answers = saved.answers if saved else {}
    standard = standard_get(item.campaign.standard)
    table = _table(item)

    prefilled: dict[str, str] = {}
    if form_code == SurveyForm.PHIEU_B and not saved and table is not None:
        prefilled = b1_prefill(table=table, household=item.household, standard_code=item.campaign.standard, day=today())

    def build(data: Any = None) -> Any:
        if form_code == SurveyForm.PHIEU_A:
            return PhieuAForm(data, initial={"criteria": answers.get("criteria", [])})
        if form_code == SurveyForm.PHIEU_C:
            members = item.household.persons.members().count()
            return PhieuCForm(data, initial=PhieuCForm.initial_from(answers or {"members": members}))
        initial = PhieuBForm.initial_from(answers or {"b1": prefilled})
        return PhieuBForm(data, standard=standard, table=table, initial=initial)

    form = build(request.POST or None)
    version = saved.version if saved else 0
    if request.method == "POST" and form.is_valid():
        actor = _actor(request)
        try:
            posted_version = int(request.POST.get("version") or 0)
        except ValueError:
            return HttpResponseBadRequest(_("Phiên bản phiếu không hợp lệ; tải lại trang."))
        try:
            # Save and submit together: a refused submission leaves the draft as it was, so the version on the
            # page stays the one to save against.
            with transaction.atomic():
                saved, _score = survey_save(
                    actor=actor,
                    item=item,
                    form=form_code,
                    answers=form.answers(),
                    version=posted_version,
                    as_of=today(),
                )
                if request.POST.get("action") == "submit":
                    survey_submit(actor=actor, item=item, form=form_code, version=saved.version, as_of=today())
            if request.POST.get("action") == "submit":
                messages.success(request, _("Đã nộp phiếu của hộ %(code)s.") % {"code": item.household.code})
                return redirect("reviews:commune_work", pk=item.campaign_id, commune_pk=item.commune_id)
        except ValidationError as error:
            form.add_service_error(error)
            version = posted_version
        else:
            messages.success(request, _("Đã lưu bản nháp."))
            return redirect("reviews:survey", pk=item.pk, form_code=form_code)
    score = survey_score(item=item, form=form_code, answers=answers, as_of=today()) if answers else None
    return render(
        request,
        "reviews/survey.html",
        {
            "item": item,
            "form": form,
            "form_code": form_code,
            "saved": saved,
            "version": version,
            "score": score,
            "standard": standard,
            "table": table,
            "editable": item.stage in (Stage.LISTED, Stage.SURVEYED, Stage.RESURVEY),
            "prefilled": prefilled,
        },
    )


@login_required
@require_POST
def survey_preview(request: HttpRequest, pk: int, form_code: str) -> JsonResponse:
    """Score the form as typed, storing nothing (the page calls this on every change)."""
    item = item_get_for_user(user=request.user, pk=pk)
    if form_code not in allowed_forms(item) or not can_survey(request.user):
        raise Http404
    standard = standard_get(item.campaign.standard)
    if form_code == SurveyForm.PHIEU_A:
        form: Any = PhieuAForm(request.POST)
    elif form_code == SurveyForm.PHIEU_C:
        form = PhieuCForm(request.POST)
    else:
        form = PhieuBForm(request.POST, standard=standard, table=_table(item))
    if not form.is_valid():
        return JsonResponse({"complete": False, "missing": [str(e) for e in form.errors.values()]})
    try:
        score = survey_score(item=item, form=form_code, answers=form.answers(), as_of=today())
    except ValidationError as error:
        return JsonResponse({"complete": False, "missing": error.messages})
    return JsonResponse(score.as_json())


# ---------------------------------------------------------------- the village


@login_required
@require_http_methods(["GET", "POST"])
def meeting_new(request: HttpRequest, pk: int, village_pk: int) -> HttpResponse:
    campaign = campaign_get_for_user(user=request.user, pk=pk)
    village = get_object_or_404(villages_visible_to(request.user), pk=village_pk)
    if not can_run_review(request.user):
        raise Http404
    items = list(items_visible_to(request.user).filter(campaign=campaign, village=village, stage=Stage.SURVEYED))
    form = MeetingForm(request.POST or None, items=items, initial={"held_on": today()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = meeting_record(
                actor=_actor(request),
                campaign=campaign,
                village=village,
                held_on=data["held_on"],
                chair=data["chair"],
                secretary=data["secretary"],
                attendees=data["attendees"],
                votes=form.votes(),
                organisations=data["organisations"],
                front_supervisor=data["front_supervisor"],
                note=data["note"],
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            sent_back = meeting.votes.filter(agreed=False).count()
            share = procedure_in_force(meeting.held_on).agreement_share.value
            messages.success(
                request,
                _("Đã ghi biên bản họp dân. %(n)s hộ chưa đạt %(share)s đồng ý phải rà soát lại.")
                % {"n": sent_back, "share": f"{share:.0%}"}
                if sent_back
                else _("Đã ghi biên bản họp dân: mọi hộ đều được thống nhất."),
            )
            return redirect("reviews:commune_work", pk=campaign.pk, commune_pk=village.commune_id)
    procedure = procedure_in_force(today())
    return render(
        request,
        "reviews/meeting_form.html",
        {"campaign": campaign, "village": village, "form": form, "share": procedure.agreement_share},
    )


@login_required
@require_GET
def meeting_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(meetings_visible_to(request.user), pk=pk)
    return _pdf(documents.minutes_pdf(meeting), f"bien-ban-hop-dan-{meeting.pk}.pdf")


@login_required
@require_http_methods(["GET", "POST"])
def posting_new(request: HttpRequest, pk: int, commune_pk: int) -> HttpResponse:
    campaign = campaign_get_for_user(user=request.user, pk=pk)
    commune = _commune_in_campaign(request, campaign, commune_pk)
    if not can_run_review(request.user):
        raise Http404
    form = PostingForm(
        request.POST or None,
        villages=villages_visible_to(request.user).filter(commune=commune),
        initial={"starts_on": today()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            posting_create(
                actor=_actor(request),
                campaign=campaign,
                commune=commune,
                village=form.cleaned_data["village"],
                starts_on=form.cleaned_data["starts_on"],
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Đã niêm yết công khai kết quả rà soát."))
            return redirect("reviews:commune_work", pk=campaign.pk, commune_pk=commune.pk)
    return render(request, "reviews/posting_form.html", {"campaign": campaign, "commune": commune, "form": form})


@login_required
@require_GET
def posting_list(request: HttpRequest, pk: int) -> HttpResponse:
    posting = get_object_or_404(postings_visible_to(request.user), pk=pk)
    return _pdf(documents.posting_list_pdf(posting), f"danh-sach-niem-yet-{posting.pk}.pdf")


@login_required
@require_http_methods(["GET", "POST"])
def complaint_new(request: HttpRequest, pk: int) -> HttpResponse:
    item = item_get_for_user(user=request.user, pk=pk)
    if not can_run_review(request.user):
        raise Http404
    form = ComplaintForm(request.POST or None, initial={"received_on": today()})
    if request.method == "POST" and form.is_valid():
        try:
            complaint_receive(actor=_actor(request), item=item, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Đã ghi nhận khiếu nại."))
            return redirect("reviews:commune_work", pk=item.campaign_id, commune_pk=item.commune_id)
    return render(request, "reviews/simple_form.html", {"form": form, "item": item, "title": _("Ghi nhận khiếu nại")})


@login_required
@require_http_methods(["GET", "POST"])
def complaint_recheck(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = get_object_or_404(complaints_visible_to(request.user), pk=pk)
    if not can_run_review(request.user):
        raise Http404
    form = RecheckForm(request.POST or None, initial={"recheck_on": today()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            complaint_resolve(
                actor=_actor(request),
                complaint=complaint,
                recheck_on=data["recheck_on"],
                result=data["recheck_result"],
                status_after=data["status_after"],
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Đã ghi kết quả phúc tra."))
            return redirect("reviews:commune_work", pk=complaint.campaign_id, commune_pk=complaint.commune_id)
    return render(
        request,
        "reviews/simple_form.html",
        {"form": form, "item": complaint.item, "complaint": complaint, "title": _("Phúc tra khiếu nại")},
    )


# ---------------------------------------------------------------- decisions, certificates, refusals


def _decision_lists(decision: Decision) -> dict[str, list[Any]]:
    lines = list(decision.lines.select_related("household__head", "item__village"))
    return {
        "poor": [line for line in lines if line.status_after == Status.POOR],
        "near_poor": [line for line in lines if line.status_after == Status.NEAR_POOR],
        "escaped_poor": [
            line for line in lines if line.status_before == Status.POOR and line.status_after != Status.POOR
        ],
        "escaped_near_poor": [
            line for line in lines if line.status_before == Status.NEAR_POOR and line.status_after == Status.NOT_POOR
        ],
        "average_living": [line for line in lines if line.average_living],
    }


@login_required
@require_http_methods(["GET", "POST"])
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    decision = get_object_or_404(decisions_visible_to(request.user), pk=pk)
    can_sign = can_sign_decisions(request.user) and decision.state == DecisionState.DRAFT
    can_discard = can_run_review(request.user) and decision.state == DecisionState.DRAFT
    if request.method == "POST" and request.POST.get("action") == "discard":
        if not can_discard:
            raise Http404
        try:
            decision_discard(actor=_actor(request), decision=decision)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect("reviews:decision_detail", pk=decision.pk)
        messages.success(request, _("Đã huỷ dự thảo; lập lại dự thảo khi sẵn sàng."))
        return redirect("reviews:commune_work", pk=decision.campaign_id, commune_pk=decision.commune_id)
    form = SignForm(request.POST or None, initial={"signed_on": today()})
    if request.method == "POST":
        if not can_sign:
            raise Http404
        if form.is_valid():
            try:
                decision_apply(
                    actor=_actor(request),
                    decision=decision,
                    number=form.cleaned_data["number"],
                    signed_on=form.cleaned_data["signed_on"],
                    consulted_on=form.cleaned_data["consulted_on"],
                )
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(request, _("Đã ký quyết định; tình trạng các hộ đã được cập nhật."))
                return redirect("reviews:decision_detail", pk=decision.pk)
    return render(
        request,
        "reviews/decision_detail.html",
        {
            "decision": decision,
            "lists": _decision_lists(decision),
            "form": form,
            "can_sign": can_sign,
            "can_discard": can_discard,
            "certificate_count": Certificate.objects.filter(line__decision=decision).count(),
        },
    )


@login_required
@require_GET
def decision_document(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    decision = get_object_or_404(decisions_visible_to(request.user), pk=pk)
    name = f"quyet-dinh-{decision.commune.code}-{decision.pk}"
    if fmt == "pdf":
        return _pdf(documents.decision_pdf(decision), f"{name}.pdf")
    if fmt == "xlsx":
        return _xlsx(documents.decision_xlsx(decision), f"{name}.xlsx")
    raise Http404


@login_required
@require_GET
def decision_certificates(request: HttpRequest, pk: int) -> HttpResponse:
    decision = get_object_or_404(decisions_visible_to(request.user), pk=pk)
    certificates = list(
        Certificate.objects.filter(line__decision=decision).select_related("household__head", "commune")
    )
    if not certificates:
        raise Http404
    return _pdf(documents.certificates_pdf(certificates), f"giay-chung-nhan-{decision.pk}.pdf")


@login_required
@require_GET
def certificate_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = get_object_or_404(
        Certificate.objects.filter(household__in=households_visible_to(request.user)).select_related(
            "household__head", "commune"
        ),
        pk=pk,
    )
    return _pdf(documents.certificates_pdf([certificate]), f"giay-chung-nhan-{certificate.serial:02d}.pdf")


@login_required
@require_http_methods(["GET", "POST"])
def refusal_new(request: HttpRequest, pk: int) -> HttpResponse:
    item = item_get_for_user(user=request.user, pk=pk)
    if not can_sign_decisions(request.user) or not refusable(item):
        raise Http404
    reasons = "\n".join(item.assessment.reasons) if item.assessment else ""
    form = RefusalForm(request.POST or None, initial={"issued_on": today(), "reasons": reasons})
    if request.method == "POST" and form.is_valid():
        try:
            refusal = refusal_issue(actor=_actor(request), item=item, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Đã ký văn bản trả lời %(number)s.") % {"number": refusal.number})
            return redirect("reviews:commune_work", pk=item.campaign_id, commune_pk=item.commune_id)
    return render(
        request, "reviews/simple_form.html", {"form": form, "item": item, "title": _("Trả lời không đủ điều kiện")}
    )


@login_required
@require_GET
def refusal_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    item = item_get_for_user(user=request.user, pk=pk)
    if not hasattr(item, "refusal"):
        raise Http404
    return _pdf(documents.refusal_pdf(item.refusal), f"tra-loi-{item.household.code}.pdf")


# ---------------------------------------------------------------- requests (regular review)


@login_required
@require_http_methods(["GET", "POST"])
def applications(request: HttpRequest) -> HttpResponse:
    """The commune's requests (Mẫu 01, Mẫu 04) with their 15-day deadlines; overdue ones first."""
    visible = applications_visible_to(request.user).select_related("item__campaign", "household__head")
    scope = scope_of(request.user)
    form = None
    if can_run_review(request.user) and scope.commune_id:
        form = ApplicationReceiveForm(request.POST or None, initial={"received_on": today()})
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            household = households_visible_to(request.user).filter(code=data["household_code"].strip()).first()
            if household is None:
                form.add_error(
                    "household_code", _("Không có hộ mã %(code)s trong xã.") % {"code": data["household_code"]}
                )
            else:
                try:
                    application_receive(
                        actor=_actor(request),
                        household=household,
                        form=data["form"],
                        applicant_name=data["applicant_name"],
                        reason=data["reason"],
                        received_on=data["received_on"],
                        channel=data["channel"],
                    )
                except ValidationError as error:
                    form.add_service_error(error)
                else:
                    messages.success(request, _("Đã nhận giấy đề nghị của hộ %(code)s.") % {"code": household.code})
                    return redirect("reviews:applications")
    elif request.method == "POST":
        raise Http404
    day = today()
    overdue_ids = set(overdue_applications(visible, day).values_list("pk", flat=True))
    return render(
        request,
        "reviews/applications.html",
        {
            "applications": visible[:300],
            "overdue_ids": overdue_ids,
            "form": form,
            "today": day,
            "procedure": procedure_in_force(day),
        },
    )


def _online_rate(group: str, request: HttpRequest) -> str:
    return str(settings.ONLINE_REQUEST_RATE)


@sensitive_post_parameters("head_citizen_id")
@never_cache
@ratelimit(key="ip", rate=_online_rate, method="POST", block=False)
def online_request(request: HttpRequest) -> HttpResponse:
    """Public page: a household sends Mẫu 01 or Mẫu 04 itself. It is received like a paper request, with the
    channel "online", and appears on the commune's request list with its deadline."""
    if getattr(request, "limited", False):
        return render(request, "reviews/online_request_limited.html", status=429)
    form = OnlineRequestForm(request.POST or None)
    application = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        household = household_for_online_request(code=data["household_code"], head_citizen_id=data["head_citizen_id"])
        if household is None:
            form.add_error(None, _("Mã hộ và số CCCD của chủ hộ không khớp với sổ hộ gia đình của xã."))
        else:
            try:
                application = application_receive(
                    actor=None,
                    household=household,
                    form=data["form"],
                    applicant_name=data["applicant_name"],
                    reason=data["reason"],
                    received_on=today(),
                    channel=Channel.ONLINE,
                )
            except ValidationError as error:
                form.add_service_error(error)
    return render(request, "reviews/online_request.html", {"form": form, "application": application})
