"""The certificates of a poor or near-poor household (Mẫu 03), one page each. Each is rendered once, when its
decision is signed (services/issuing.py), with the members as they were on the decision's date and its verification
code and QR code; the stored file is what is printed afterwards."""

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet, prefetch_related_objects

from giamngheo.common.formats import citizen_id_masked
from giamngheo.common.pdf import render_pdf
from giamngheo.registry.models import Person, Relation, Sex, Status
from giamngheo.registry.selectors import members_on
from giamngheo.reviews.documents.rendering import (
    BLANK,
    TEMPLATES,
    bases,
    chairman,
    heading,
    mr_or_mrs,
    standard_sentence,
)
from giamngheo.reviews.models import Certificate
from giamngheo.reviews.verification import code_printed, qr_svg_data_uri, verification_url


def _member_sort_key(person: Person, head_id: int | None) -> tuple[int, int]:
    return (0 if person.pk == head_id else 1, person.pk)


def _residence(address: str, village: str, commune: str) -> str:
    """ "Nơi thường trú" in full: house, village, commune and province ("Số nhà 26, Thôn Một, Xã Thử A, Tỉnh …"). A
    part the recorded address already names is not written twice."""
    parts = [address.strip()] if address.strip() else []
    parts += [part for part in (village, commune) if part.casefold() not in address.casefold()]
    return ", ".join(parts)


def _verification(code: str | None) -> dict[str, Any]:
    """The left column under the text: the verification code and its QR code on an issued certificate, else blank."""
    if code is None:
        return {"blank": True}
    url = verification_url(code)
    return {"verification": {"code": code_printed(code), "url": url, "qr": qr_svg_data_uri(url)}}


def _certificate_context(
    certificate: Certificate, members: list[Person], *, citizen_ids_shown: bool, code: str | None
) -> dict[str, Any]:
    household = certificate.household
    members = sorted(members, key=lambda p: _member_sort_key(p, household.head_id))
    head = next((p for p in members if p.pk == household.head_id), None)
    commune = certificate.commune
    residence = _residence(household.address, str(household.village), commune.full_name())
    decision = certificate.line.decision
    return {
        # Mẫu 03 heads the certificate "UBND xã/phường/thị trấn …".
        "heading": heading(
            commune,
            authority=[f"UBND {commune.name.upper()}"],
            number=f"Số: {certificate.number}",
            day=certificate.issued_on,
        ),
        "year": certificate.year,
        "review_year": decision.campaign.year,
        "commune_name": commune.name,
        "bases": [
            *bases(certificate.issued_on, "local_government"),
            standard_sentence(decision.campaign.standard),
        ],
        "title": mr_or_mrs(head),
        "head_name": head.full_name if head is not None else BLANK,
        "ethnicity": head.get_ethnicity_display() if head is not None else BLANK,
        "citizen_id": _citizen_id(head, shown=citizen_ids_shown),
        # Mẫu 03's "ngày cấp" of the head's card; the date alone identifies no one, so it is printed either way.
        "citizen_id_issued_on": _issued_on(head),
        "residence": residence,
        "poor": certificate.status == Status.POOR,
        "near_poor": certificate.status == Status.NEAR_POOR,
        "members": [
            {
                "name": p.full_name,
                "ethnicity": p.get_ethnicity_display(),
                "relation": p.get_relation_display() if p.relation != Relation.HEAD else "Chủ hộ",
                "male_year": p.date_of_birth.year if p.sex == Sex.MALE else "",
                "female_year": p.date_of_birth.year if p.sex == Sex.FEMALE else "",
            }
            for p in members
        ],
        "signers": [_verification(code), chairman(decision.signer_name)],
    }


def _citizen_id(head: Person | None, *, shown: bool) -> str:
    if head is None or not head.citizen_id:
        return BLANK
    return head.citizen_id if shown else citizen_id_masked(head.citizen_id)


def _issued_on(head: Person | None) -> str:
    if head is None or not head.citizen_id or head.citizen_id_issued_on is None:
        return BLANK
    return f"{head.citizen_id_issued_on:%d/%m/%Y}"


def certificates_pdf(
    certificates: Iterable[Certificate], *, citizen_ids_shown: bool = True, codes: dict[int, str] | None = None
) -> bytes:
    """Mẫu 03, one page per certificate, listing the members as they were on the day it was issued (the dated
    membership history). The whole batch reads its households, members, villages and decisions in a fixed number of
    queries, however many certificates there are. The head's CCCD is printed in full, or masked when not
    `citizen_ids_shown`. `codes` gives a certificate's verification code (by its id), printed with its QR code."""
    related = ("commune__parent", "household__village", "line__decision__campaign")
    if isinstance(certificates, QuerySet):
        certificates = certificates.select_related(*related)
    batch = list(certificates)
    # Prefetching skips what a select_related already read, so a list of certificates costs a few more queries.
    prefetch_related_objects(batch, *related)
    members: dict[tuple[int, object], list[Person]] = {}
    for day in {c.issued_on for c in batch}:
        ids = [c.household_id for c in batch if c.issued_on == day]
        members |= {(pk, day): persons for pk, persons in members_on(household_ids=ids, day=day).items()}
    codes = codes or {}
    contexts = [
        _certificate_context(
            c, members.get((c.household_id, c.issued_on), []), citizen_ids_shown=citizen_ids_shown, code=codes.get(c.pk)
        )
        for c in batch
    ]
    return render_pdf(f"{TEMPLATES}/certificates.html", {"certificates": contexts})
