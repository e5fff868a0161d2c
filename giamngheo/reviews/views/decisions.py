"""The chairman's decision (Mẫu 02), certificates (Mẫu 03) and written refusals."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from giamngheo.accounts.access import can_run_review, can_see_citizen_id, can_sign_decisions
from giamngheo.common.http import actor_of
from giamngheo.registry.models import Status
from giamngheo.registry.selectors import households_visible_to
from giamngheo.reviews.documents import refusals
from giamngheo.reviews.documents.certificates import certificates_pdf
from giamngheo.reviews.documents.decisions import decision_pdf, decision_xlsx
from giamngheo.reviews.documents.issued import issued_batch
from giamngheo.reviews.forms import RefusalForm, SignForm
from giamngheo.reviews.models import Certificate, Decision, DecisionState, DocumentKind
from giamngheo.reviews.selectors import (
    decisions_visible_to,
    documents_pending,
    issued_document,
    item_get_for_user,
    refusable,
)
from giamngheo.reviews.services.decisions import decision_apply, decision_discard
from giamngheo.reviews.services.refusals import refusal_issue
from giamngheo.reviews.views import base
from giamngheo.reviews.views.base import issued_response, pdf_response, xlsx_response


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
            decision_discard(actor=actor_of(request), decision=decision)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect("reviews:decision_detail", pk=decision.pk)
        messages.success(request, _("Đã huỷ dự thảo; lập lại dự thảo khi sẵn sàng."))
        return redirect("reviews:commune_work", pk=decision.campaign_id, commune_pk=decision.commune_id)
    form = SignForm(request.POST or None, initial={"signed_on": base.today()})
    if request.method == "POST":
        if not can_sign:
            raise Http404
        if form.is_valid():
            try:
                decision_apply(
                    actor=actor_of(request),
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
    if fmt not in ("pdf", "xlsx"):
        raise Http404
    base.download_record(request, key=f"decision:{decision.pk}", label=str(decision), commune=decision.commune)
    name = f"quyet-dinh-{decision.commune.code}-{decision.pk}"
    if fmt == "pdf":
        # A signed decision is printed from the file stored when it was signed; a draft is rendered as it stands.
        if documents_pending(decision):
            return issuing_pending(request, decision)
        stored = issued_document(kind=DocumentKind.DECISION, decision=decision)
        if stored is not None:
            return issued_response(stored, f"{name}.pdf")
        return pdf_response(decision_pdf(decision), f"{name}.pdf")
    return xlsx_response(decision_xlsx(decision), f"{name}.xlsx")


@login_required
@require_GET
def decision_certificates(request: HttpRequest, pk: int) -> HttpResponse:
    decision = get_object_or_404(decisions_visible_to(request.user), pk=pk)
    certificates = list(
        Certificate.objects.filter(line__decision=decision).select_related(
            "household__head", "household__commune", "commune"
        )
    )
    if not certificates:
        raise Http404
    base.download_record(
        request, key=f"certificates:{decision.pk}", label=f"Giấy chứng nhận theo {decision}", commune=decision.commune
    )
    if documents_pending(decision):
        return issuing_pending(request, decision)
    shown = all(can_see_citizen_id(request.user, c.household) for c in certificates)
    stored = list(decision.issued_documents.filter(kind=DocumentKind.CERTIFICATE).order_by("certificate__serial"))
    if stored:
        return pdf_response(issued_batch(stored, masked=not shown), f"giay-chung-nhan-{decision.pk}.pdf")
    content = certificates_pdf(certificates, citizen_ids_shown=shown)
    return pdf_response(content, f"giay-chung-nhan-{decision.pk}.pdf")


@login_required
@require_GET
def certificate_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = get_object_or_404(
        Certificate.objects.filter(household__in=households_visible_to(request.user)).select_related(
            "household__head", "household__commune", "commune", "line__decision"
        ),
        pk=pk,
    )
    household = certificate.household
    base.download_record(
        request,
        key=f"certificate:{certificate.pk}",
        label=f"Giấy chứng nhận {certificate}, hộ {household}",
        commune=certificate.commune,
        household_id=household.pk,
    )
    shown = can_see_citizen_id(request.user, household)
    name = f"giay-chung-nhan-{certificate.serial:02d}.pdf"
    stored = issued_document(kind=DocumentKind.CERTIFICATE, certificate=certificate)
    if stored is None and documents_pending(certificate.line.decision):
        return issuing_pending(request, certificate.line.decision)
    if stored is not None:
        # Issue 12: the certificate as issued, byte for byte (with the CCCD masked for a reader who may not see it).
        return issued_response(stored, name, masked=not shown)
    # A certificate signed before documents were stored: rendered with the members of its date, without a code.
    return pdf_response(certificates_pdf([certificate], citizen_ids_shown=shown), name)


@login_required
@require_http_methods(["GET", "POST"])
def refusal_new(request: HttpRequest, pk: int) -> HttpResponse:
    item = item_get_for_user(user=request.user, pk=pk)
    if not can_sign_decisions(request.user) or not refusable(item):
        raise Http404
    reasons = "\n".join(item.assessment.reasons) if item.assessment else ""
    form = RefusalForm(request.POST or None, initial={"issued_on": base.today(), "reasons": reasons})
    if request.method == "POST" and form.is_valid():
        try:
            refusal = refusal_issue(actor=actor_of(request), item=item, **form.cleaned_data)
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
    base.download_record(
        request,
        key=f"refusal:{item.pk}",
        label=f"{item.refusal}, trả lời hộ {item.household}",
        commune=item.commune,
        household_id=item.household_id,
    )
    return pdf_response(refusals.refusal_pdf(item.refusal), f"tra-loi-{item.household.code}.pdf")


def issuing_pending(request: HttpRequest, decision: Decision) -> HttpResponse:
    """The decision is signed and its certificates are being laid out by the task worker: say so and ask to come back,
    rather than print a certificate without its verification code (issue 12)."""
    response = render(request, "reviews/issuing_pending.html", {"decision": decision}, status=503)
    response["Retry-After"] = "30"
    return response
