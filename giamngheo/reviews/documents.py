"""The printable official documents of the review procedure (Decision 24/2021/QĐ-TTg, Circular 07/2021/TT-BLĐTBXH).

The list of households to review (Phụ lục I), the village meeting's minutes, the public posting list, the chairman's
decision with its four lists (Mẫu 02), the certificates (Mẫu 03) and the written refusal. They are official
documents, so every word in them is Vietnamese and none goes through gettext. Views call these functions and send
the bytes; nothing here checks access or writes.
"""

import datetime
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, prefetch_related_objects
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from giamngheo.areas.models import AdminUnit
from giamngheo.common.formats import date_vi, number_vi
from giamngheo.common.pdf import render_pdf
from giamngheo.registry.models import Household, Person, Relation, Sex, Status
from giamngheo.reviews.models import (
    Application,
    ApplicationForm,
    Campaign,
    CampaignKind,
    Certificate,
    Decision,
    DecisionLine,
    DecisionState,
    LedgerEntry,
    Posting,
    PostingLine,
    Refusal,
    ReviewItem,
    VillageMeeting,
)
from giamngheo.reviews.procedure import procedure_in_force
from giamngheo.standards.params import UnknownStandard, standard_get

TEMPLATES = "reviews/documents"
BLANK = "……………………"


def _standard_sentence(code: str) -> str:
    """The standard's own basis ("Căn cứ …"), from the standard's data, so a 2027 document cites Decree 351/2025."""
    try:
        standard = standard_get(code)
    except UnknownStandard:
        return f"Căn cứ chuẩn nghèo {code};"
    return f"Căn cứ {standard.legal_basis} ({standard.title});"


def _bases(day: datetime.date | None, *keys: str) -> list[str]:
    bases = procedure_in_force(day or datetime.date.today()).document_bases
    return [bases[key] for key in keys]


# --- Shared pieces -------------------------------------------------------------------------------------------------


def _head_name(household: Household) -> str:
    head = household.head
    return head.full_name if head is not None else "—"


def _mr_or_mrs(person: Person | None) -> str:
    """The form's "ông/bà", filled in from the head's sex."""
    if person is None:
        return "ông/bà"
    return "bà" if person.sex == Sex.FEMALE else "ông"


def _campaign_label(campaign: Campaign) -> str:
    if campaign.kind == CampaignKind.REGULAR:
        return f"Rà soát thường xuyên tháng {campaign.month:02d}/{campaign.year}"
    return f"Rà soát định kỳ năm {campaign.year}"


def _place_date(commune: AdminUnit, day: datetime.date | None) -> str:
    """ "Thử A, ngày 25 tháng 10 năm 2025": the place is the commune's short name (Decree 30/2020 Phụ lục I)."""
    return f"{commune.short_name or commune.name}, {date_vi(day)}"


def _heading(
    commune: AdminUnit,
    *,
    authority: list[str] | None = None,
    number: str = "",
    day: datetime.date | None = None,
    subject: str = "",
) -> dict[str, Any]:
    """The issuing body (by default the commune People's Committee), number, subject, and place and date."""
    return {
        "authority": authority or ["ỦY BAN NHÂN DÂN", commune.name.upper()],
        "number": number,
        "subject": subject,
        "place_date": _place_date(commune, day),
    }


def _chairman(name: str) -> dict[str, str]:
    return {"title": "CHỦ TỊCH", "note": "(Ký, ghi rõ họ tên và đóng dấu)", "name": name}


def _result_label(before: str, after: str) -> str:
    """What the posting list says of a household: its new category, or that it escaped, as the lists of Mẫu 02
    will say it."""
    if after == Status.POOR:
        return "Hộ nghèo"
    if after == Status.NEAR_POOR:
        return "Thoát nghèo, là hộ cận nghèo" if before == Status.POOR else "Hộ cận nghèo"
    if after == Status.NOT_POOR:
        if before == Status.POOR:
            return "Thoát nghèo"
        if before == Status.NEAR_POOR:
            return "Thoát cận nghèo"
        return "Không nghèo"
    return ""


def _percent(fraction: float, decimals: int = 0) -> str:
    """0.5 -> "50"; 0.8 with one decimal -> "80,0"."""
    value = 100 * fraction
    return number_vi(round(value) if decimals == 0 else value, decimals)


# --- Excel helpers -------------------------------------------------------------------------------------------------

_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=14)
_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="top")
_CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _sheet_heading(sheet: Worksheet, lines: Sequence[tuple[str, Font | None]], width: int) -> int:
    """Centred lines merged over the table's width; returns the next free row (one left empty)."""
    for row, (text, font) in enumerate(lines, start=1):
        sheet.cell(row=row, column=1, value=text)
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        cell = sheet.cell(row=row, column=1)
        cell.alignment = Alignment(horizontal="center")
        if font is not None:
            cell.font = font
    return len(lines) + 2


def _sheet_table(
    sheet: Worksheet, first_row: int, header: Sequence[tuple[str, int]], rows: Iterable[Sequence[Any]]
) -> int:
    """A bordered table with a bold header; returns the number of data rows."""
    for column, (title, width) in enumerate(header, start=1):
        cell = sheet.cell(row=first_row, column=column, value=title)
        cell.font, cell.alignment, cell.border = _BOLD, _CENTRE, _BOX
        sheet.column_dimensions[get_column_letter(column)].width = width
    count = 0
    for count, values in enumerate(rows, start=1):
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=first_row + count, column=column, value=value)
            cell.alignment, cell.border = _WRAP, _BOX
    sheet.freeze_panes = sheet.cell(row=first_row + 1, column=1)
    sheet.print_title_rows = f"{first_row}:{first_row}"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    return count


def _workbook_bytes(workbook: Workbook) -> bytes:
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- Phụ lục I: the list of households to review -------------------------------------------------------------------

REVIEW_LIST_HEADER = (
    ("STT", 6),
    ("Mã hộ", 22),
    ("Họ tên chủ hộ", 28),
    ("Thôn", 18),
    ("Diện rà soát", 26),
    ("Tình trạng trước rà soát", 20),
    ("Bước hiện tại", 30),
    ("Kết quả đề xuất", 18),
)


def review_list_xlsx(*, campaign: Campaign, commune: AdminUnit, items: Iterable[ReviewItem]) -> bytes:
    """Circular 07/2021 Phụ lục I, "Danh sách hộ gia đình cần rà soát", for one commune of a campaign."""
    if isinstance(items, QuerySet):
        items = items.select_related("household__head", "village")
    listed = list(items)
    prefetch_related_objects(listed, "household__head", "village")
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new workbook has one sheet
    sheet.title = "Danh sách cần rà soát"
    first_row = _sheet_heading(
        sheet,
        [
            (f"ỦY BAN NHÂN DÂN {commune.name.upper()}", _BOLD),
            ("BAN CHỈ ĐẠO RÀ SOÁT HỘ NGHÈO, HỘ CẬN NGHÈO", _BOLD),
            ("DANH SÁCH HỘ GIA ĐÌNH CẦN RÀ SOÁT", _TITLE),
            (str(campaign), Font(italic=True)),
            ("(Phụ lục I, Thông tư 07/2021/TT-BLĐTBXH)", Font(italic=True, size=10)),
        ],
        len(REVIEW_LIST_HEADER),
    )
    _sheet_table(
        sheet,
        first_row,
        REVIEW_LIST_HEADER,
        (
            (
                n,
                item.household.code,
                _head_name(item.household),
                str(item.village),
                item.get_basis_display(),
                item.get_status_before_display(),
                item.get_stage_display(),
                item.get_proposed_status_display() if item.proposed_status else "",
            )
            for n, item in enumerate(listed, start=1)
        ),
    )
    return _workbook_bytes(workbook)


# --- The village meeting's minutes ---------------------------------------------------------------------------------

MINUTES_COPIES = ("Bản số 1: lưu tại thôn", "Bản số 2: gửi Ban Chỉ đạo rà soát xã")


def minutes_pdf(meeting: VillageMeeting) -> bytes:
    """ "Biên bản họp dân" in two copies, each from a new page: one stays in the village, one goes to the commune's
    steering committee (Decision 24/2021 Art. 4 cl. 2(c))."""
    village = meeting.village
    commune = village.commune
    share = procedure_in_force(meeting.held_on).agreement_share
    votes = []
    for vote in meeting.votes.select_related("item__household__head").order_by("item__household__code"):
        votes.append(
            {
                "code": vote.item.household.code,
                "head": _head_name(vote.item.household),
                "proposed": vote.get_proposed_status_display(),
                "agreeing": number_vi(vote.agreeing),
                "share": _percent(vote.agreeing / meeting.attendees, 1),
                "agreed": "Có" if vote.agreed else "Không",
                "is_agreed": vote.agreed,
            }
        )
    agreed = sum(1 for v in votes if v["is_agreed"])
    context = {
        "meeting": meeting,
        "copies": MINUTES_COPIES,
        "heading": _heading(
            commune, authority=[f"UBND {commune.name.upper()}", str(village).upper()], day=meeting.held_on
        ),
        "campaign_label": _campaign_label(meeting.campaign),
        "village": str(village),
        "commune_full": commune.full_name(),
        "held_on": date_vi(meeting.held_on),
        "attendees": number_vi(meeting.attendees),
        "share": _percent(share.value),
        "share_reference": share.reference,
        "votes": votes,
        "agreed_count": agreed,
        "resurvey_count": len(votes) - agreed,
        "signers": [
            {"title": "THƯ KÝ", "name": meeting.secretary},
            {"title": "ĐẠI DIỆN HỘ GIA ĐÌNH", "name": ""},
            {"title": "CHỦ TRÌ (TRƯỞNG THÔN)", "name": meeting.chair},
        ],
    }
    return render_pdf(f"{TEMPLATES}/minutes.html", context)


# --- The public posting list ---------------------------------------------------------------------------------------


def _posting_lines(posting: Posting) -> list[PostingLine]:
    """The households the posting showed, with the results as they stood that day."""
    return list(posting.lines.select_related("item__household__head", "item__village"))


def posting_list_pdf(posting: Posting) -> bytes:
    """ "Danh sách niêm yết công khai": the head's name, the village and the result, nothing more. A public notice
    carries no citizen ID, income, score or deprivation (personal data the posting does not need)."""
    commune = posting.commune
    place = f"{posting.village}, {commune.name}" if posting.village is not None else f"Ủy ban nhân dân {commune.name}"
    rows = [
        {
            "head": _head_name(line.item.household),
            "village": str(line.item.village),
            "result": _result_label(line.status_before, line.proposed_status),
        }
        for line in _posting_lines(posting)
    ]
    context = {
        "heading": _heading(commune, day=posting.starts_on),
        "campaign_label": _campaign_label(posting.campaign),
        "place": place,
        "commune_name": commune.name,
        "starts_on": date_vi(posting.starts_on),
        "ends_on": date_vi(posting.ends_on),
        "rows": rows,
        "signers": [
            {"recipients": ["Niêm yết tại " + place + ";", "Lưu: Ban Chỉ đạo rà soát xã."]},
            {"prefix": "TM. BAN CHỈ ĐẠO RÀ SOÁT", "title": "TRƯỞNG BAN", "name": ""},
        ],
    }
    return render_pdf(f"{TEMPLATES}/posting_list.html", context)


# --- The chairman's decision (Mẫu 02) and its four lists ------------------------------------------------------------


@dataclass
class _DecisionList:
    """One of the four lists attached to a decision."""

    title: str  # "DANH SÁCH HỘ NGHÈO NĂM 2025"
    heading: str  # as Điều 1 names it
    sheet: str  # ≤ 31 characters (Excel's limit)
    rows: list[dict[str, Any]]

    @property
    def households_text(self) -> str:
        return number_vi(len(self.rows))

    @property
    def persons_text(self) -> str:
        return number_vi(sum(row["persons"] for row in self.rows))


def _decision_lists(decision: Decision) -> list[_DecisionList]:
    """The four lists of Mẫu 02, read off the decision's lines: poor, near-poor, escaped poverty (was poor, no longer
    poor) and escaped near-poverty (was near-poor, now not poor). A household that went from poor to near-poor is on
    both the near-poor list and the escaped-poverty list."""
    lines = list(
        decision.lines.select_related("household__head", "item__village").annotate(
            members=Count("household__persons", filter=Q(household__persons__left_on__isnull=True))
        )
    )
    # A signed decision counts persons as they were at signing, from its ledger entries (until a later decision of
    # the same year takes an entry over); a draft, or a household whose entry moved on, counts today's members.
    at_signing = dict(LedgerEntry.objects.filter(decision=decision).values_list("household_id", "persons"))

    def row(line: DecisionLine) -> dict[str, Any]:
        members: int = getattr(line, "members", 0)
        return {
            "code": line.household.code,
            "head": _head_name(line.household),
            "village": str(line.item.village),
            "persons": at_signing.get(line.household_id, members),
        }

    year = decision.campaign.year
    groups: tuple[tuple[str, str, str, Callable[[DecisionLine], bool]], ...] = (
        ("HỘ NGHÈO", "Danh sách hộ nghèo", "Hộ nghèo", lambda line: line.status_after == Status.POOR),
        ("HỘ CẬN NGHÈO", "Danh sách hộ cận nghèo", "Hộ cận nghèo", lambda line: line.status_after == Status.NEAR_POOR),
        (
            "HỘ THOÁT NGHÈO",
            "Danh sách hộ thoát nghèo",
            "Hộ thoát nghèo",
            lambda line: line.status_before == Status.POOR and line.status_after != Status.POOR,
        ),
        (
            "HỘ THOÁT CẬN NGHÈO",
            "Danh sách hộ thoát cận nghèo",
            "Hộ thoát cận nghèo",
            lambda line: line.status_before == Status.NEAR_POOR and line.status_after == Status.NOT_POOR,
        ),
    )
    if any(line.average_living for line in lines):
        # Spec §4.4: agricultural, forestry, fishery and salt households recognised with average living standard.
        groups += (
            (
                "HỘ LÀM NÔNG NGHIỆP, LÂM NGHIỆP, NGƯ NGHIỆP VÀ DIÊM NGHIỆP CÓ MỨC SỐNG TRUNG BÌNH",
                "Danh sách hộ làm nông nghiệp, lâm nghiệp, ngư nghiệp và diêm nghiệp có mức sống trung bình",
                "Hộ có mức sống trung bình",
                lambda line: line.average_living,
            ),
        )
    return [
        _DecisionList(
            title=f"DANH SÁCH {name} NĂM {year}",
            heading=heading,
            sheet=sheet,
            rows=[row(line) for line in lines if belongs(line)],
        )
        for name, heading, sheet, belongs in groups
    ]


def _decision_number(decision: Decision) -> str:
    # A draft leaves room to write the number in (non-breaking spaces, which HTML does not collapse).
    return f"Số: {decision.number}" if decision.number else "Số:" + "\u00a0" * 10 + "/QĐ-UBND"


def _standard_basis(campaign: Campaign) -> str:
    try:
        standard = standard_get(campaign.standard)
    except UnknownStandard:
        return (
            f"Căn cứ kết quả rà soát hộ nghèo, hộ cận nghèo năm {campaign.year} theo chuẩn nghèo {campaign.standard};"
        )
    return (
        f"Căn cứ kết quả rà soát hộ nghèo, hộ cận nghèo năm {campaign.year} theo {standard.title} "
        f"({standard.legal_basis});"
    )


def decision_pdf(decision: Decision) -> bytes:
    """Mẫu 02: the decision recognising the lists of poor and near-poor households and of households that escaped,
    with the four lists attached. A draft says "DỰ THẢO" on every page."""
    commune = decision.commune
    draft = decision.state == DecisionState.DRAFT
    signed = f"ngày {decision.signed_on:%d/%m/%Y}" if decision.signed_on else "ngày …/…/……"
    context = {
        "draft": draft,
        "heading": _heading(commune, number=_decision_number(decision), day=decision.signed_on),
        "year": decision.campaign.year,
        "commune_name": commune.name,
        "commune_upper": commune.name.upper(),
        "bases": [
            *_bases(decision.signed_on or decision.campaign.plan_start, "local_government"),
            _standard_sentence(decision.campaign.standard),
            *_bases(decision.signed_on or decision.campaign.plan_start, "procedure"),
            _standard_basis(decision.campaign),
            "Theo đề nghị của Ban Chỉ đạo rà soát hộ nghèo, hộ cận nghèo xã.",
        ],
        "lists": _decision_lists(decision),
        "number_text": f"số {decision.number}" if decision.number else "số ……/QĐ-UBND",
        "signed_text": signed,
        "signers": [
            {"recipients": ["Như Điều 3;", "Ban Chỉ đạo rà soát xã;", "Lưu: VT."]},
            _chairman(decision.signer_name),
        ],
    }
    return render_pdf(f"{TEMPLATES}/decision.html", context)


DECISION_LIST_HEADER = (("STT", 6), ("Mã hộ", 22), ("Họ tên chủ hộ", 30), ("Thôn", 20), ("Số nhân khẩu", 14))


def decision_xlsx(decision: Decision) -> bytes:
    """The four lists of Mẫu 02, one sheet each, headed with the commune and the decision's number."""
    commune = decision.commune
    if decision.state == DecisionState.DRAFT:
        reference = "DỰ THẢO quyết định công nhận (chưa ký)"
    else:
        signed = f" ngày {decision.signed_on:%d/%m/%Y}" if decision.signed_on else ""
        reference = f"Kèm theo Quyết định số {decision.number}{signed} của Chủ tịch UBND {commune.name}"
    workbook = Workbook()
    first = workbook.active
    assert first is not None
    workbook.remove(first)
    for group in _decision_lists(decision):
        sheet = workbook.create_sheet(group.sheet)
        first_row = _sheet_heading(
            sheet,
            [
                (f"ỦY BAN NHÂN DÂN {commune.name.upper()}", _BOLD),
                (group.title, _TITLE),
                (reference, Font(italic=True)),
            ],
            len(DECISION_LIST_HEADER),
        )
        count = _sheet_table(
            sheet,
            first_row,
            DECISION_LIST_HEADER,
            (
                (n, row["code"], row["head"], row["village"], row["persons"])
                for n, row in enumerate(group.rows, start=1)
            ),
        )
        total = sheet.cell(row=first_row + count + 1, column=1, value=f"Tổng cộng: {group.households_text} hộ")
        total.font = _BOLD
        sheet.cell(row=first_row + count + 1, column=5, value=sum(row["persons"] for row in group.rows)).font = _BOLD
    return _workbook_bytes(workbook)


# --- Certificates (Mẫu 03) -----------------------------------------------------------------------------------------


def _member_sort_key(person: Person, head_id: int | None) -> tuple[int, int]:
    return (0 if person.pk == head_id else 1, person.pk)


def _certificate_context(certificate: Certificate) -> dict[str, Any]:
    household = certificate.household
    members: list[Person] = sorted(
        getattr(household, "document_members", []), key=lambda p: _member_sort_key(p, household.head_id)
    )
    head = next((p for p in members if p.pk == household.head_id), None)
    commune = certificate.commune
    residence = household.address or f"{household.village}, {commune.full_name()}"
    decision = certificate.line.decision
    return {
        # Mẫu 03 heads the certificate "UBND xã/phường/thị trấn …".
        "heading": _heading(
            commune,
            authority=[f"UBND {commune.name.upper()}"],
            number=f"Số: {certificate.number}",
            day=certificate.issued_on,
        ),
        "year": certificate.year,
        "review_year": decision.campaign.year,
        "commune_name": commune.name,
        "bases": [
            *_bases(certificate.issued_on, "local_government_certificate"),
            _standard_sentence(decision.campaign.standard),
        ],
        "title": _mr_or_mrs(head),
        "head_name": head.full_name if head is not None else BLANK,
        "ethnicity": head.get_ethnicity_display() if head is not None else BLANK,
        "citizen_id": (head.citizen_id if head is not None else None) or BLANK,
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
        "signers": [{"blank": True}, _chairman(decision.signer_name)],
    }


def certificates_pdf(certificates: Iterable[Certificate]) -> bytes:
    """Mẫu 03, one page per certificate. The whole batch reads its households, members, villages and decisions in
    a fixed number of queries, however many certificates there are."""
    related = ("commune__parent", "household__village", "line__decision__campaign")
    if isinstance(certificates, QuerySet):
        certificates = certificates.select_related(*related)
    batch = list(certificates)
    # Prefetching skips what a select_related already read, so a list of certificates costs a few more queries.
    prefetch_related_objects(
        batch,
        *related,
        Prefetch("household__persons", queryset=Person.objects.members().order_by("id"), to_attr="document_members"),
    )
    return render_pdf(f"{TEMPLATES}/certificates.html", {"certificates": [_certificate_context(c) for c in batch]})


# --- The written refusal -------------------------------------------------------------------------------------------

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
    title = _mr_or_mrs(household.head)
    head_name = _head_name(household)
    received = f"Ủy ban nhân dân {commune.name} nhận được Giấy đề nghị {request}"
    if application is not None:
        received = f"{date_vi(application.received_on).capitalize()}, {received} ({form_number})"
    received += f" của hộ {title} {head_name} (mã hộ {household.code})."
    context = {
        "refusal": refusal,
        "heading": _heading(
            commune, number=f"Số: {refusal.number}", day=refusal.issued_on, subject=f"V/v trả lời đề nghị {request}"
        ),
        "addressee": f"{title.capitalize()} {head_name}, chủ hộ, {household.village}, {commune.name}",
        "received_text": received,
        "reasons": [line.strip() for line in refusal.reasons.splitlines() if line.strip()],
        "commune_name": commune.name,
        "title": title,
        "head_name": head_name,
        "outcome_text": outcome,
        "signers": [
            {"recipients": ["Như trên;", "Ban Chỉ đạo rà soát xã;", "Lưu: VT."]},
            _chairman(refusal.signer_name),
        ],
    }
    return render_pdf(f"{TEMPLATES}/refusal.html", context)
