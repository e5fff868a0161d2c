"""The public check of a certificate's code (issue 12 §3), and its count per commune.

What the page may say is decided here, once: the state (valid, superseded, revoked), the status and year certified,
the issuing commune, the decision's number and date, and the head's name as initials. Nothing else of the household
leaves the register: no CCCD, no income, no address, no member. Every check of a known code adds one to its commune's
counter for the day; the counter holds no code, no address and no time of day.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F

from giamngheo.reviews.models import DocumentState, VerificationCount
from giamngheo.reviews.selectors import certificate_by_code
from giamngheo.reviews.verification import code_parse


@dataclass(frozen=True)
class PublicCertificate:
    state: str
    state_label: str
    status_label: str
    year: int
    commune: str
    decision: str
    decision_on: datetime.date | None
    head_initials: str
    changed_on: datetime.date | None
    superseded_by: str


@transaction.atomic
def certificate_verify(*, code: str, day: datetime.date) -> PublicCertificate | None:
    """What the public page shows for a typed or scanned `code`, counted for its commune on `day`; None for a code
    that is malformed or unknown (the page answers both alike)."""
    parsed = code_parse(code)
    document = certificate_by_code(parsed) if parsed else None
    if document is None or document.certificate is None:
        return None
    updated = VerificationCount.objects.filter(commune_id=document.commune_id, day=day).update(checks=F("checks") + 1)
    if not updated:
        _, created = VerificationCount.objects.get_or_create(
            commune_id=document.commune_id, day=day, defaults={"checks": 1}
        )
        if not created:  # another check of the same commune and day created the row meanwhile
            VerificationCount.objects.filter(commune_id=document.commune_id, day=day).update(checks=F("checks") + 1)
    certificate, decision = document.certificate, document.decision
    return PublicCertificate(
        state=document.state,
        state_label=str(DocumentState(document.state).label),
        status_label=certificate.get_status_display(),
        year=certificate.year,
        commune=document.commune.full_name(),
        decision=decision.number,
        decision_on=decision.signed_on,
        head_initials=document.head_initials,
        changed_on=document.state_changed_on,
        superseded_by=str(document.superseded_by) if document.superseded_by else "",
    )


def certificates_verify_many(*, codes: list[str], day: datetime.date) -> list[tuple[str, PublicCertificate | None]]:
    """An agency's list of codes, each answered as the public page answers it (and counted alike)."""
    return [(code, certificate_verify(code=code, day=day)) for code in codes]
