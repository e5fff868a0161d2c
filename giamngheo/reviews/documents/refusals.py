"""The chairman's written refusal, with reasons, of a request the review did not grant (spec §4.3)."""

from giamngheo.common.formats import date_vi
from giamngheo.common.pdf import render_pdf
from giamngheo.registry.models import Household
from giamngheo.reviews.documents.rendering import TEMPLATES, chairman, head_name, heading, mr_or_mrs
from giamngheo.reviews.models import Application, ApplicationForm, Refusal

# Per request form (Decision 24/2021 Mẫu 01, Mẫu 04): its number, what was asked, and what the household is not.
_REQUESTS: dict[str, tuple[str, str, str]] = {
    ApplicationForm.MAU_01: (
        "Mẫu số 01",
        "rà soát hộ nghèo, hộ cận nghèo",
        "được công nhận là hộ nghèo, hộ cận nghèo",
    ),
    ApplicationForm.MAU_01_AVERAGE: (
        "Mẫu số 01",
        "xác định hộ có mức sống trung bình",
        "được xác định là hộ có mức sống trung bình",
    ),
    ApplicationForm.MAU_04: (
        "Mẫu số 04",
        "công nhận hộ thoát nghèo, hộ thoát cận nghèo",
        "được công nhận là hộ thoát nghèo, hộ thoát cận nghèo",
    ),
}


def refusal_pdf(refusal: Refusal) -> bytes:
    """The chairman's written answer, with reasons, to a household whose request is not granted (spec §4.3)."""
    item = refusal.item
    household = Household.objects.select_related("head", "village").get(pk=item.household_id)
    commune = refusal.commune
    application: Application | None = item.applications.order_by("-received_on", "-id").first()
    form = application.form if application is not None else ApplicationForm.MAU_01
    form_number, request, outcome = _REQUESTS.get(form, _REQUESTS[ApplicationForm.MAU_01])
    title = mr_or_mrs(household.head)
    head = head_name(household)
    received = f"Ủy ban nhân dân {commune.name} nhận được Giấy đề nghị {request}"
    if application is not None:
        received = f"{date_vi(application.received_on).capitalize()}, {received} ({form_number})"
    received += f" của hộ {title} {head} (mã hộ {household.code})."
    context = {
        "refusal": refusal,
        "heading": heading(
            commune, number=f"Số: {refusal.number}", day=refusal.issued_on, subject=f"V/v trả lời đề nghị {request}"
        ),
        "addressee": f"{title.capitalize()} {head}, chủ hộ, {household.village}, {commune.name}",
        "received_text": received,
        "reasons": [line.strip() for line in refusal.reasons.splitlines() if line.strip()],
        "commune_name": commune.name,
        "title": title,
        "head_name": head,
        "outcome_text": outcome,
        "signers": [
            {"recipients": ["Như trên;", "Ban Chỉ đạo rà soát xã;", "Lưu: VT."]},
            chairman(refusal.signer_name),
        ],
    }
    return render_pdf(f"{TEMPLATES}/refusal.html", context)
