"""Campaign pages: the plan, the province's dashboard and the commune's work list."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from giamngheo.accounts.access import (
    can_plan_campaigns,
    can_receive_applications,
    can_run_review,
    can_sign_decisions,
    can_survey,
    home_commune_id,
    home_province_id,
)
from giamngheo.areas.models import AdminUnit
from giamngheo.common.http import actor_of
from giamngheo.common.models import vi_order
from giamngheo.registry.selectors import villages_visible_to
from giamngheo.reviews.documents.review_list import review_list_xlsx
from giamngheo.reviews.forms import CampaignForm
from giamngheo.reviews.models import Stage
from giamngheo.reviews.procedure import procedure_in_force
from giamngheo.reviews.selectors import (
    applications_visible_to,
    campaign_get_for_user,
    campaign_progress,
    campaigns_visible_to,
    complaints_visible_to,
    decisions_visible_to,
    items_visible_to,
    meetings_visible_to,
    overdue_applications,
    postings_visible_to,
    refusable,
)
from giamngheo.reviews.services.campaigns import campaign_create, review_list_build
from giamngheo.reviews.services.decisions import decision_draft
from giamngheo.reviews.services.surveys import allowed_forms, review_score_commune
from giamngheo.reviews.views import base
from giamngheo.reviews.views.base import WORK_PAGE_SIZE, commune_in_campaign, xlsx_response
from giamngheo.standards.params import standard_in_force


@login_required
@require_GET
def campaign_list(request: HttpRequest) -> HttpResponse:
    campaigns = campaigns_visible_to(request.user).distinct()
    return render(
        request,
        "reviews/campaign_list.html",
        {
            "campaigns": campaigns[:100],
            "can_plan": can_plan_campaigns(request.user),
            "commune_id": home_commune_id(request.user),
            "can_receive": can_receive_applications(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def campaign_new(request: HttpRequest) -> HttpResponse:
    if not can_plan_campaigns(request.user):
        raise Http404
    provinces = AdminUnit.objects.current().provinces()
    own = home_province_id(request.user)
    province = provinces.filter(pk=own).first() if own else None
    chosen = request.GET.get("tinh") or request.POST.get("province") or ""
    if province is None and chosen:
        # The province's id, as the choice page sends it; anything else names no province.
        province = provinces.filter(pk=int(chosen)).first() if chosen.isascii() and chosen.isdigit() else None
        if province is None:
            messages.error(request, _("Không có tỉnh, thành phố nào như đã chọn; chọn lại trong danh sách."))
    if province is None:
        return render(request, "reviews/campaign_province.html", {"provinces": provinces})
    communes = AdminUnit.objects.current().communes().filter(province=province).order_by(vi_order("name"))
    day = base.today()
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
                actor=actor_of(request),
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
    commune_id = home_commune_id(request.user)
    if commune_id is not None:
        return redirect("reviews:commune_work", pk=campaign.pk, commune_pk=commune_id)
    rows = campaign_progress(campaign, base.today())
    totals = {k: sum(r[k] for r in rows) for k in ("listed", "surveyed", "agreed", "posted", "decided", "overdue")}
    return render(request, "reviews/campaign_detail.html", {"campaign": campaign, "rows": rows, "totals": totals})


@login_required
@require_http_methods(["GET", "POST"])
def commune_work(request: HttpRequest, pk: int, commune_pk: int) -> HttpResponse:
    """The commune's work list for one campaign: every step, what is next, and what is overdue."""
    campaign = campaign_get_for_user(user=request.user, pk=pk)
    commune = commune_in_campaign(request, campaign, commune_pk)
    actor = actor_of(request)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "list":
                created = review_list_build(actor=actor, campaign=campaign, commune=commune)
                messages.success(request, _("Đã thêm %(n)s hộ vào danh sách rà soát.") % {"n": len(created)})
            elif action == "score":
                scored = review_score_commune(actor=actor, campaign=campaign, commune=commune, as_of=base.today())
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
    day = base.today()
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
            "villages": villages_visible_to(request.user).filter(commune=commune).order_by(vi_order("name")),
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
    commune = commune_in_campaign(request, campaign, commune_pk)
    items = items_visible_to(request.user).filter(campaign=campaign, commune=commune)
    content = review_list_xlsx(campaign=campaign, commune=commune, items=items)
    base.download_record(
        request,
        key=f"review_list:{campaign.pk}:{commune.pk}",
        label=f"Danh sách hộ cần rà soát, {campaign}, {commune.name}",
        commune=commune,
    )
    return xlsx_response(content, f"danh-sach-ra-soat-{commune.code}-{campaign.year}.xlsx")
