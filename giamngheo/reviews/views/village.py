"""The village's steps: the meeting, public posting, complaints and their re-check."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from giamngheo.accounts.access import can_run_review
from giamngheo.common.http import actor_of
from giamngheo.registry.selectors import villages_visible_to
from giamngheo.reviews.documents.minutes import minutes_pdf
from giamngheo.reviews.documents.posting import posting_list_pdf
from giamngheo.reviews.forms import ComplaintForm, MeetingForm, PostingForm, RecheckForm
from giamngheo.reviews.models import DocumentKind, Stage
from giamngheo.reviews.procedure import procedure_in_force
from giamngheo.reviews.selectors import (
    campaign_get_for_user,
    complaints_visible_to,
    issued_document,
    item_get_for_user,
    items_visible_to,
    meetings_visible_to,
    postings_visible_to,
)
from giamngheo.reviews.services.community import complaint_receive, complaint_resolve, meeting_record, posting_create
from giamngheo.reviews.views import base
from giamngheo.reviews.views.base import commune_in_campaign, issued_response, pdf_response


@login_required
@require_http_methods(["GET", "POST"])
def meeting_new(request: HttpRequest, pk: int, village_pk: int) -> HttpResponse:
    campaign = campaign_get_for_user(user=request.user, pk=pk)
    village = get_object_or_404(villages_visible_to(request.user), pk=village_pk)
    if not can_run_review(request.user):
        raise Http404
    items = list(items_visible_to(request.user).filter(campaign=campaign, village=village, stage=Stage.SURVEYED))
    form = MeetingForm(request.POST or None, items=items, initial={"held_on": base.today()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = meeting_record(
                actor=actor_of(request),
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
    procedure = procedure_in_force(base.today())
    return render(
        request,
        "reviews/meeting_form.html",
        {"campaign": campaign, "village": village, "form": form, "share": procedure.agreement_share},
    )


@login_required
@require_GET
def meeting_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(meetings_visible_to(request.user), pk=pk)
    base.download_record(
        request, key=f"minutes:{meeting.pk}", label=f"Biên bản {meeting}", commune=meeting.village.commune
    )
    name = f"bien-ban-hop-dan-{meeting.pk}.pdf"
    # Once the review's decision is signed, the minutes are the ones it issued (issue 12), not rendered again.
    stored = issued_document(kind=DocumentKind.MINUTES, meeting=meeting)
    return issued_response(stored, name) if stored else pdf_response(minutes_pdf(meeting), name)


@login_required
@require_http_methods(["GET", "POST"])
def posting_new(request: HttpRequest, pk: int, commune_pk: int) -> HttpResponse:
    campaign = campaign_get_for_user(user=request.user, pk=pk)
    commune = commune_in_campaign(request, campaign, commune_pk)
    if not can_run_review(request.user):
        raise Http404
    form = PostingForm(
        request.POST or None,
        villages=villages_visible_to(request.user).filter(commune=commune),
        initial={"starts_on": base.today()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            posting_create(
                actor=actor_of(request),
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
    base.download_record(
        request, key=f"posting:{posting.pk}", label=f"Danh sách niêm yết, {posting}", commune=posting.commune
    )
    name = f"danh-sach-niem-yet-{posting.pk}.pdf"
    stored = issued_document(kind=DocumentKind.POSTING, posting=posting)
    return issued_response(stored, name) if stored else pdf_response(posting_list_pdf(posting), name)


@login_required
@require_http_methods(["GET", "POST"])
def complaint_new(request: HttpRequest, pk: int) -> HttpResponse:
    item = item_get_for_user(user=request.user, pk=pk)
    if not can_run_review(request.user):
        raise Http404
    form = ComplaintForm(request.POST or None, initial={"received_on": base.today()})
    if request.method == "POST" and form.is_valid():
        try:
            complaint_receive(actor=actor_of(request), item=item, **form.cleaned_data)
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
    form = RecheckForm(request.POST or None, initial={"recheck_on": base.today()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            complaint_resolve(
                actor=actor_of(request),
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
