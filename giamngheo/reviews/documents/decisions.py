"""The chairman's decision (Mẫu 02) recognising the poor and near-poor households and those that escaped, with its
four lists, as a PDF and as a workbook of the lists."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q
from openpyxl import Workbook
from openpyxl.styles import Font

from giamngheo.common.formats import number_vi
from giamngheo.common.pdf import render_pdf
from giamngheo.common.spreadsheets import cell_safe
from giamngheo.registry.models import Status
from giamngheo.reviews.documents.rendering import TEMPLATES, bases, chairman, head_name, heading, standard_sentence
from giamngheo.reviews.documents.sheets import BOLD, TITLE, sheet_heading, sheet_table, workbook_bytes
from giamngheo.reviews.models import Campaign, Decision, DecisionLine, DecisionState, LedgerEntry
from giamngheo.standards.params import UnknownStandard, standard_get


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
            "head": head_name(line.household),
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
        "heading": heading(commune, number=_decision_number(decision), day=decision.signed_on),
        "year": decision.campaign.year,
        "commune_name": commune.name,
        "commune_upper": commune.name.upper(),
        "bases": [
            *bases(decision.signed_on or decision.campaign.plan_start, "local_government"),
            standard_sentence(decision.campaign.standard),
            *bases(decision.signed_on or decision.campaign.plan_start, "procedure"),
            _standard_basis(decision.campaign),
            "Theo đề nghị của Ban Chỉ đạo rà soát hộ nghèo, hộ cận nghèo xã.",
        ],
        "lists": _decision_lists(decision),
        "number_text": f"số {decision.number}" if decision.number else "số ……/QĐ-UBND",
        "signed_text": signed,
        "signers": [
            {"recipients": ["Như Điều 3;", "Ban Chỉ đạo rà soát xã;", "Lưu: VT."]},
            chairman(decision.signer_name),
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
        first_row = sheet_heading(
            sheet,
            [
                (f"ỦY BAN NHÂN DÂN {commune.name.upper()}", BOLD),
                (group.title, TITLE),
                (reference, Font(italic=True)),
            ],
            len(DECISION_LIST_HEADER),
        )
        count = sheet_table(
            sheet,
            first_row,
            DECISION_LIST_HEADER,
            (
                (n, row["code"], row["head"], row["village"], row["persons"])
                for n, row in enumerate(group.rows, start=1)
            ),
        )
        total_text = cell_safe(f"Tổng cộng: {group.households_text} hộ")
        total = sheet.cell(row=first_row + count + 1, column=1, value=total_text)
        total.font = BOLD
        sheet.cell(row=first_row + count + 1, column=5, value=sum(row["persons"] for row in group.rows)).font = BOLD
    return workbook_bytes(workbook)
