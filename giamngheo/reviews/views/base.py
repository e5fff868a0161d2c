"""What every review page shares: the date (patched in tests), file responses and the trace of their download, the
campaign's commune."""

import datetime

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone

from giamngheo.accounts.models import ReadKind
from giamngheo.accounts.services import personal_data_read_record
from giamngheo.areas.models import AdminUnit
from giamngheo.registry.selectors import communes_visible_to
from giamngheo.reviews.models import Campaign, IssuedDocument

WORK_PAGE_SIZE = 100


def today() -> datetime.date:
    return timezone.localdate()


def file_response(content: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


def pdf_response(content: bytes, name: str) -> HttpResponse:
    return file_response(content, name, "application/pdf")


def issued_response(document: IssuedDocument, name: str, *, masked: bool = False) -> HttpResponse:
    """An issued document as it was stored when signed, byte for byte (issue 12: printing again never rebuilds it);
    `masked`: the copy with the CCCD masked, stored with it, for a reader who may not see CCCDs."""
    stored_file = document.masked_file if masked and document.masked_file else document.file
    with stored_file.open("rb") as stored:
        return pdf_response(stored.read(), name)


def xlsx_response(content: bytes, name: str) -> HttpResponse:
    response = file_response(content, name, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def download_record(
    request: HttpRequest, *, key: str, label: str, commune: AdminUnit, household_id: int | None = None
) -> None:
    """Every document of the review names households (lists, decisions, certificates, minutes): handing one over is
    recorded, once a day per user and document whatever its format (docs/security.md)."""
    personal_data_read_record(
        user=request.user, kind=ReadKind.DOWNLOAD, key=key, label=label, unit=commune, household_id=household_id
    )


def commune_in_campaign(request: HttpRequest, campaign: Campaign, commune_pk: int) -> AdminUnit:
    commune = get_object_or_404(communes_visible_to(request.user), pk=commune_pk)
    if not campaign.participations.filter(commune=commune).exists():
        raise Http404
    return commune
