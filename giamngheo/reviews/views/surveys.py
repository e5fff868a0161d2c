"""Phiếu A, B and C for a listed household: saved, submitted, and scored as they are typed."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from giamngheo.accounts.access import can_survey
from giamngheo.common.http import actor_of
from giamngheo.reviews.forms import PhieuAForm, PhieuBForm, PhieuCForm
from giamngheo.reviews.models import ReviewItem, Stage, Survey, SurveyForm
from giamngheo.reviews.prefill import b1_prefill
from giamngheo.reviews.selectors import item_get_for_user
from giamngheo.reviews.services.survey_entry import survey_enter
from giamngheo.reviews.services.surveys import allowed_forms, survey_score
from giamngheo.reviews.views import base
from giamngheo.standards.params import standard_get
from giamngheo.standards.proxy import PointTable, table_for
from giamngheo.standards.rules import InvalidInput


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
        prefilled = b1_prefill(
            table=table, household=item.household, standard_code=item.campaign.standard, day=base.today()
        )

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
        actor = actor_of(request)
        try:
            posted_version = int(request.POST.get("version") or 0)
        except ValueError:
            return HttpResponseBadRequest(_("Phiên bản phiếu không hợp lệ; tải lại trang."))
        try:
            survey_enter(
                actor=actor,
                item=item,
                form=form_code,
                answers=form.answers(),
                version=posted_version,
                submit=request.POST.get("action") == "submit",
                as_of=base.today(),
            )
            if request.POST.get("action") == "submit":
                messages.success(request, _("Đã nộp phiếu của hộ %(code)s.") % {"code": item.household.code})
                return redirect("reviews:commune_work", pk=item.campaign_id, commune_pk=item.commune_id)
        except ValidationError as error:
            form.add_service_error(error)
            version = posted_version
        else:
            messages.success(request, _("Đã lưu bản nháp."))
            return redirect("reviews:survey", pk=item.pk, form_code=form_code)
    score = survey_score(item=item, form=form_code, answers=answers, as_of=base.today()) if answers else None
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
        score = survey_score(item=item, form=form_code, answers=form.answers(), as_of=base.today())
    except ValidationError as error:
        return JsonResponse({"complete": False, "missing": error.messages})
    return JsonResponse(score.as_json())
