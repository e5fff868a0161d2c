"""A unit's periodic report (the reporting regime) as an official document (PDF) and its figures as a workbook.

The caller (the view) gathers the figures: frozen ones for a report sent, the current ones for a draft. Official
documents are Vietnamese whatever the interface language, so nothing here goes through gettext."""

import datetime
import io
from typing import Any

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from giamngheo.areas.models import AdminUnit
from giamngheo.common.formats import date_vi, figure_vi
from giamngheo.common.pdf import render_pdf
from giamngheo.common.spreadsheets import cell_safe
from giamngheo.reports.models import Submission, SubmissionState
from giamngheo.reports.tables.exports import BOX, table_sections, table_sheet
from giamngheo.reports.tables.selectors import Table


def _place_date(unit: AdminUnit, day: datetime.date | None) -> str:
    return f"{unit.short_name or unit.name}, {date_vi(day)}"


def submission_pdf(
    *,
    submission: Submission,
    tables: list[Table],
    figures: dict[str, Any],
    recipient: str,
) -> bytes:
    """Báo cáo kết quả thực hiện công tác giảm nghèo: the heading of an administrative document (Decree 30/2020/NĐ-CP
    Phụ lục I), the narrative in its three parts, the targets, the signature block, then the tables, one per page
    (landscape). A report not sent yet is marked DỰ THẢO and dated by hand."""
    unit, period = submission.unit, submission.period
    sent = submission.state in (SubmissionState.SUBMITTED, SubmissionState.APPROVED)
    day = timezone.localtime(submission.submitted_at).date() if sent and submission.submitted_at else None
    summary = next((t for t in tables if t.code == "summary"), None)
    agency = submission.agency
    # Decree 30/2020/NĐ-CP Phụ lục I: the issuing body under its governing one; an agency is headed by a director.
    parent, authority = "", ["ỦY BAN NHÂN DÂN", unit.name.upper()]
    signer = {"prefix": "TM. ỦY BAN NHÂN DÂN", "title": "CHỦ TỊCH"}
    if agency is not None:
        parent, authority = f"ỦY BAN NHÂN DÂN {unit.name.upper()}", [agency.name.upper()]
        signer = {"prefix": "", "title": "GIÁM ĐỐC"}
    context = {
        "submission": submission,
        "period": period,
        "unit": unit,
        "draft": not sent,
        "heading": {
            "parent": parent,
            "authority": authority,
            "number": f"Số: {submission.number or ('……/BC' if agency else '……/BC-UBND')}",
            "subject": "",
            "place_date": _place_date(unit, day),
        },
        "recipient": recipient,
        "summary_total": table_sections(summary)[0]["rows"][-1][1] if summary else None,
        "targets": [
            {**t, "value_text": figure_vi(t["value"], t["unit"]), "target_text": figure_vi(t["target"], t["unit"])}
            for t in figures.get("targets", [])
        ],
        "communes": figures.get("communes"),
        "tables": [{"table": t, "sections": table_sections(t)} for t in tables],
        "signers": [
            {"recipients": [recipient, "Lưu: VT."]},
            {
                **signer,
                "note": "(Ký, ghi rõ họ tên và đóng dấu)",
                "name": "",
            },
        ],
    }
    return render_pdf("reports/submission.html", context)


def submission_xlsx(*, submission: Submission, tables: list[Table], figures: dict[str, Any]) -> bytes:
    """The report's figures as a workbook: a sheet with the report's details and narrative, one sheet per table laid
    out like the form (table_sheet), and the targets."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Báo cáo"
    unit, period = submission.unit, submission.period
    # Agencies send by the communes' date (reports.regime.selectors.regime_row).
    due = period.commune_due_on if submission.agency_id else period.due_on(unit.level)
    lines: list[tuple[str, str]] = [
        ("Đơn vị", submission.reporter_name),
        ("Báo cáo", period.title),
        ("Số liệu", f"từ {period.starts_on:%d/%m/%Y} đến {period.ends_on:%d/%m/%Y} (năm rà soát {period.year})"),
        ("Hạn gửi", f"trước ngày {due:%d/%m/%Y}"),
        ("Tình trạng", str(submission.get_state_display())),
        ("Số liệu lập lúc", f"{timezone.localtime(submission.figures_at):%d/%m/%Y %H:%M}"),
        ("Số văn bản", submission.number),
        ("Kết quả thực hiện", submission.results),
        ("Khó khăn, vướng mắc", submission.difficulties),
        ("Đề xuất, kiến nghị", submission.proposals),
    ]
    if submission.submitted_at:
        lines.append(("Gửi lúc", f"{timezone.localtime(submission.submitted_at):%d/%m/%Y %H:%M}"))
    if submission.reviewed_at:
        lines.append(("Xem xét lúc", f"{timezone.localtime(submission.reviewed_at):%d/%m/%Y %H:%M}"))
        lines.append(("Ý kiến của cấp trên", submission.review_comment))
    communes = figures.get("communes")
    if communes:
        lines.append(("Xã có báo cáo được duyệt", f"{len(communes['approved'])}/{communes['total']}"))
        lines.append(("Xã chưa có", "; ".join(f"{c['name']} ({c['state_label']})" for c in communes["missing"])))
    title = f"{period.title.upper()} – {submission.reporter_name.upper()}"
    sheet.cell(row=1, column=1, value=cell_safe(title)).font = Font(bold=True, size=13)
    for number, (label, text) in enumerate(lines, start=3):
        sheet.cell(row=number, column=1, value=cell_safe(label)).font = Font(bold=True)
        cell = sheet.cell(row=number, column=2, value=cell_safe(text))
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions["A"].width = 26
    sheet.column_dimensions["B"].width = 100
    for table in tables:
        table_sheet(book.create_sheet(), table)
    targets = book.create_sheet("Chỉ tiêu")
    header = ["Chỉ tiêu", "Đơn vị tính", "Mục tiêu", "Thực hiện", "Đánh giá", "Cách tính"]
    for column, text in enumerate(header, start=1):
        cell = targets.cell(row=1, column=column, value=cell_safe(text))
        cell.font, cell.border = Font(bold=True), BOX
    for number, t in enumerate(figures.get("targets", []), start=2):
        values = [t["label"], t["unit"], _number(t["target"]), _number(t["value"]), t["mark_label"], t["definition"]]
        for column, value in enumerate(values, start=1):
            targets.cell(row=number, column=column, value=cell_safe(value)).border = BOX
    for letter, width in zip("ABCDEF", (40, 12, 12, 12, 22, 80), strict=True):
        targets.column_dimensions[letter].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _number(value: str | None) -> float | None:
    return None if value is None else float(value)
