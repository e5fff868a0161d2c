"""Issuing: what signing a decision puts on paper is rendered once and stored (issue 12).

`reviews.tasks.documents_issue_queue` is a step of `decision_apply`, in its transaction; `documents_issue` follows in
the task worker once the signing has committed: the decision (Mẫu 02) with its lists, each certificate (Mẫu 03) with
its verification code, and the minutes of the village meetings and the posting lists of that review in the commune
(those not issued already by an earlier decision of the review). Laying out a certificate takes about a tenth of a
second, twice (in full and masked), and a decision's lists a page per thirty households: a commune of a thousand poor
households would keep the signing request for minutes. Until the worker is done, the decision and its certificates
are not printed (reviews.selectors.documents_pending).

Each is stored as a file under MEDIA_ROOT/issued/ with the SHA-256 of its bytes; a household's earlier certificate
that is still valid is superseded by the decision, and its new certificate names the one it replaces.

`certificates_revoke` is what a household leaving the list does to its certificates (registry's household_ended
signal, subscribed in apps.py).
"""

import datetime
import hashlib
import secrets
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from giamngheo.accounts.models import User
from giamngheo.common.pdf import pdf_split
from giamngheo.registry.models import EndReason, Household
from giamngheo.reviews.documents.certificates import certificates_pdf
from giamngheo.reviews.documents.decisions import decision_pdf
from giamngheo.reviews.documents.minutes import minutes_pdf
from giamngheo.reviews.documents.posting import posting_list_pdf
from giamngheo.reviews.models import (
    Certificate,
    Decision,
    DocumentKind,
    DocumentState,
    IssuedDocument,
    Posting,
    VillageMeeting,
)
from giamngheo.reviews.models.issued import DocumentIssue
from giamngheo.reviews.verification import code_new, initials


def _file_name(decision: Decision, kind: str, now: datetime.datetime) -> str:
    # A random name: the folder holds personal data, and a name says nothing about whose document it is.
    return f"{decision.commune.code}/{now:%Y}/{kind}-{secrets.token_hex(8)}.pdf"


def _document(
    *,
    kind: str,
    decision: Decision,
    content: bytes,
    actor: User | None,
    now: datetime.datetime,
    masked: bytes | None = None,
    **links: object,
) -> IssuedDocument:
    document = IssuedDocument(
        kind=kind,
        decision=decision,
        commune_id=decision.commune_id,
        sha256=hashlib.sha256(content).hexdigest(),
        issued_by=actor,
        issued_at=now,
        **links,
    )
    document.file.save(_file_name(decision, kind, now), ContentFile(content), save=False)
    if masked is not None:
        document.masked_file.save(_file_name(decision, kind, now), ContentFile(masked), save=False)
    document.save()
    return document


def _code_unused() -> str:
    # 80 random bits: a collision is all but impossible, but the unique column is checked rather than trusted.
    while True:
        code = code_new()
        if not IssuedDocument.objects.filter(code=code).exists():
            return code


def documents_issue(*, decision: Decision, actor: User | None) -> list[IssuedDocument]:
    """Render and store everything the signed `decision` issues (the module's docstring), then mark its issuing done.
    Run by the task worker after the signing commits; a second run for the same decision does nothing."""
    issue = DocumentIssue.objects.filter(decision=decision).first()
    if issue is not None and issue.done_at is not None:
        return []
    now = timezone.now()
    issued = [
        _document(kind=DocumentKind.DECISION, decision=decision, content=decision_pdf(decision), actor=actor, now=now)
    ]
    issued += _certificates_issue(decision=decision, actor=actor, now=now)
    issued += _review_papers_issue(decision=decision, actor=actor, now=now)
    DocumentIssue.objects.update_or_create(decision=decision, defaults={"queued_at": now, "done_at": timezone.now()})
    return issued


def _certificates_issue(*, decision: Decision, actor: User | None, now: datetime.datetime) -> list[IssuedDocument]:
    """Each certificate of the decision, with its code; a household's certificate still in force is superseded."""
    certificates = Certificate.objects.filter(line__decision=decision).select_related(
        "commune__parent", "household__village", "household__head", "line__decision__campaign"
    )
    earlier = {
        d.household_id: d
        for d in IssuedDocument.objects.filter(
            kind=DocumentKind.CERTIFICATE,
            state=DocumentState.VALID,
            household_id__in=list(decision.lines.values_list("household_id", flat=True)),
        )
    }
    # A later decision names the household again: its certificate still in force is replaced by this decision,
    # whether the status changed (escaped, fell back) or a new certificate restates it.
    IssuedDocument.objects.filter(pk__in=[d.pk for d in earlier.values()]).update(
        state=DocumentState.SUPERSEDED, superseded_by=decision, state_changed_on=decision.signed_on
    )
    batch = list(certificates)
    codes = {certificate.pk: _code_unused() for certificate in batch}
    full = _one_file_each(batch, codes, citizen_ids_shown=True)
    masked = _one_file_each(batch, codes, citizen_ids_shown=False)
    issued = []
    for certificate, content, masked_content in zip(batch, full, masked, strict=True):
        head = certificate.household.head
        issued.append(
            _document(
                kind=DocumentKind.CERTIFICATE,
                decision=decision,
                content=content,
                masked=masked_content,
                actor=actor,
                now=now,
                certificate=certificate,
                household_id=certificate.household_id,
                code=codes[certificate.pk],
                head_initials=initials(head.full_name) if head else "",
                replaces=earlier.get(certificate.household_id),
            )
        )
    return issued


def _one_file_each(batch: list[Certificate], codes: dict[int, str], *, citizen_ids_shown: bool) -> list[bytes]:
    """Each certificate's PDF. The batch is laid out once and cut page by page: a certificate is one page (Mẫu 03
    with its members, docs/documents.md), and one layout of 30 pages costs less than 30 layouts of one (signing a
    decision of 30 households: 7.6 s → 5.3 s, docs/performance.md). Should a certificate ever run onto a second page,
    the pages no longer match the certificates and each is laid out on its own."""
    pages = pdf_split(certificates_pdf(batch, codes=codes, citizen_ids_shown=citizen_ids_shown))
    if len(pages) == len(batch):
        return pages
    return [certificates_pdf([c], codes={c.pk: codes[c.pk]}, citizen_ids_shown=citizen_ids_shown) for c in batch]


def _review_papers_issue(*, decision: Decision, actor: User | None, now: datetime.datetime) -> list[IssuedDocument]:
    """The minutes of the review's village meetings and its posting lists in the commune, those that no earlier
    decision of the same review issued already."""
    done = IssuedDocument.objects.filter(decision__campaign_id=decision.campaign_id, commune_id=decision.commune_id)
    meetings = VillageMeeting.objects.filter(
        campaign_id=decision.campaign_id, village__commune_id=decision.commune_id
    ).exclude(pk__in=done.filter(meeting__isnull=False).values("meeting_id"))
    postings = Posting.objects.filter(campaign_id=decision.campaign_id, commune_id=decision.commune_id).exclude(
        pk__in=done.filter(posting__isnull=False).values("posting_id")
    )
    papers: list[tuple[str, str, Any, bytes]] = [
        *((DocumentKind.MINUTES, "meeting", m, minutes_pdf(m)) for m in meetings.order_by("held_on", "pk")),
        *((DocumentKind.POSTING, "posting", p, posting_list_pdf(p)) for p in postings.order_by("starts_on", "pk")),
    ]
    return [
        _document(kind=kind, decision=decision, content=content, actor=actor, now=now, **{link: paper})
        for kind, link, paper, content in papers
    ]


def certificates_revoke(*, household: Household, ended_on: datetime.date, reason: str) -> int:
    """The household left the list (moved away, merged, no members left, entered by mistake): its certificate in
    force no longer certifies anything and is revoked, dated, with the reason. Returns how many."""
    return IssuedDocument.objects.filter(
        kind=DocumentKind.CERTIFICATE, household=household, state=DocumentState.VALID
    ).update(
        state=DocumentState.REVOKED,
        state_changed_on=ended_on,
        state_note=f"Hộ ra khỏi danh sách: {EndReason(reason).label}"[:120],
    )
