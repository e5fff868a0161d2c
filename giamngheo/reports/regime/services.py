"""Writes of the reporting regime: opening the report periods, each unit's (or agency's) report drafted, sent,
returned and approved, and the province agencies added from the catalogue."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from giamngheo.accounts.access import can_draft_submission, can_open_periods, can_review_submission, scope_of
from giamngheo.accounts.models import Agency, AuditAction, Role, User
from giamngheo.accounts.services import audit_record
from giamngheo.areas.models import AdminUnit, Era, Level
from giamngheo.reports.models import ReportPeriod, Submission, SubmissionState
from giamngheo.reports.regime.agencies import agency_catalogue, agency_full_name
from giamngheo.reports.regime.figures import submission_figures
from giamngheo.reports.regime.selectors import periods_due_in
from giamngheo.reports.tables.selectors import ReportError
from giamngheo.reports.targets.progress import indicators

# --- The reporting regime: opening report periods, and each unit's report drafted, sent, returned, approved --------
#
# Who does what (spec §9.1, data/regime.yaml): a commune's report is written by its poverty-reduction officer or its
# People's Committee chairman (the report goes out in the committee's name, over the chairman's signature, so either
# may write and send it) and reviewed by an officer of its province; a province's report is written by a province
# officer and reviewed by the national administrator. A report returned with a comment is edited and sent again.


def _who_reviews(unit: AdminUnit, agency: Agency | None = None) -> str:
    if agency is not None:
        return f"cán bộ {unit.name}"
    if unit.level == Level.COMMUNE:
        return f"cán bộ {unit.province.name if unit.province else 'tỉnh'}"
    return "Văn phòng Quốc gia về giảm nghèo (quản trị quốc gia)"


def _figures(period: ReportPeriod, unit: AdminUnit, agency: Agency | None = None) -> dict[str, Any]:
    try:
        return submission_figures(period=period, unit=unit, agency=agency)
    except ReportError as error:
        raise ValidationError(f"Chưa lập được số liệu của báo cáo: {error}") from error


def _locked(submission: Submission) -> Submission:
    """The submission re-read under a lock of its own row (PostgreSQL refuses FOR UPDATE on the nullable side of a
    join), so two clicks or two reviewers act one after the other."""
    return (
        Submission.objects.select_for_update(of=("self",))
        .select_related("period", "unit__province", "agency")
        .get(pk=submission.pk)
    )


def _audit_submission(
    actor: User, submission: Submission, changes: dict[str, list[Any]], note: str, created: bool = False
) -> None:
    audit_record(
        actor=actor,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        instance=submission,
        changes=changes,
        commune_id=submission.unit_id if submission.unit.level == Level.COMMUNE and not submission.agency_id else None,
        note=note,
    )


@transaction.atomic
def report_periods_open(*, actor: User | None, year: int) -> list[ReportPeriod]:
    """Open the reports due in `year` with the dates of the regime in force (data/regime.yaml): the six-month and
    annual reports, and the period report in a giai đoạn's last year. Idempotent: an opened period is kept as it is."""
    if not can_open_periods(actor):
        raise ValidationError("Chỉ quản trị quốc gia hoặc cán bộ tỉnh mở kỳ báo cáo.")
    if not 2016 <= year <= 2100:
        raise ValidationError({"year": f"Năm “{year}” không hợp lệ (ví dụ 2025)."})
    try:
        planned = periods_due_in(year)
    except ReportError as error:
        raise ValidationError({"year": str(error)}) from error
    opened = []
    for fields in planned:
        period = ReportPeriod.objects.select_for_update().filter(kind=fields["kind"], year=year).first()
        if period is None:
            period = ReportPeriod.objects.create(opened_by=actor, **fields)
            audit_record(
                actor=actor,
                action=AuditAction.CREATE,
                instance=period,
                changes={
                    "commune_due_on": [None, f"{period.commune_due_on:%d/%m/%Y}"],
                    "province_due_on": [None, f"{period.province_due_on:%d/%m/%Y}"],
                },
                note="Mở kỳ báo cáo",
            )
        opened.append(period)
    return opened


NARRATIVE = ("number", "results", "difficulties", "proposals")


@transaction.atomic
def submission_draft(
    *,
    actor: User,
    period: ReportPeriod,
    unit: AdminUnit,
    results: str,
    difficulties: str = "",
    proposals: str = "",
    number: str = "",
    agency: Agency | None = None,
) -> Submission:
    """Write or edit the unit's report for the period (or, with `agency`, the report of that agency of the province
    `unit`): the narrative, and the figures generated afresh from the data. A report sent and waiting for review, or
    approved, is not edited."""
    reporter = agency.name if agency is not None else unit.name
    if not can_draft_submission(actor, unit, agency):
        raise ValidationError(f"Chỉ cán bộ của chính {reporter} lập báo cáo của đơn vị này.")
    values = {
        "number": number.strip(),
        "results": results.strip(),
        "difficulties": difficulties.strip(),
        "proposals": proposals.strip(),
    }
    if len(values["number"]) > 40:
        raise ValidationError({"number": "Số văn bản dài quá 40 ký tự."})
    submission = Submission.objects.select_for_update().filter(period=period, unit=unit, agency=agency).first()
    if submission is not None:
        _check_editable(submission)
    figures, now = _figures(period, unit, agency), timezone.now()
    if submission is None:
        submission = Submission(
            period=period, unit=unit, agency=agency, state=SubmissionState.DRAFT, drafted_by=actor, **values
        )
        submission.figures, submission.figures_at = figures, now
        try:
            with transaction.atomic():
                submission.save()
        except IntegrityError:
            raise ValidationError(f"Báo cáo của {reporter} vừa được người khác lập; tải lại trang.") from None
        _audit_submission(actor, submission, {k: [None, v] for k, v in values.items() if v}, "Lập báo cáo", True)
        return submission
    before = {k: getattr(submission, k) for k in NARRATIVE}
    for key, value in values.items():
        setattr(submission, key, value)
    submission.figures, submission.figures_at, submission.drafted_by = figures, now, actor
    submission.save()
    changes = {k: [before[k], values[k]] for k in NARRATIVE if before[k] != values[k]}
    _audit_submission(actor, submission, changes, "Sửa báo cáo")
    return submission


def _sent_on(submission: Submission) -> str:
    return f"{timezone.localtime(submission.submitted_at):%d/%m/%Y}" if submission.submitted_at else ""


def _check_editable(submission: Submission) -> None:
    if submission.state == SubmissionState.SUBMITTED:
        raise ValidationError(
            f"{submission} đã gửi ngày {_sent_on(submission)}, đang chờ "
            f"{_who_reviews(submission.unit, submission.agency)} xem xét; "
            "không sửa hoặc gửi lại được cho đến khi bị trả lại."
        )
    if submission.state == SubmissionState.APPROVED:
        raise ValidationError(f"{submission} đã được duyệt; không sửa hoặc gửi lại được.")


@transaction.atomic
def submission_submit(*, actor: User, submission: Submission) -> Submission:
    """Send the report to the level above: its figures are generated once more and frozen from now on."""
    submission = _locked(submission)
    if not can_draft_submission(actor, submission.unit, submission.agency):
        raise ValidationError(f"Chỉ cán bộ của chính {submission.reporter_name} gửi báo cáo của đơn vị này.")
    _check_editable(submission)
    if not submission.results:
        raise ValidationError({"results": "Chưa viết phần kết quả thực hiện; viết rồi lưu trước khi gửi."})
    before = submission.state
    submission.figures = _figures(submission.period, submission.unit, submission.agency)
    submission.figures_at = timezone.now()
    submission.state, submission.submitted_by, submission.submitted_at = (
        SubmissionState.SUBMITTED,
        actor,
        timezone.now(),
    )
    # A new round of review: the previous comment stays in the audit trail.
    submission.reviewed_by, submission.reviewed_at, submission.review_comment = None, None, ""
    submission.save()
    _audit_submission(actor, submission, {"state": [before, submission.state]}, "Gửi báo cáo")
    return submission


def _check_reviewable(actor: User, submission: Submission) -> None:
    if not can_review_submission(actor, submission.unit, submission.agency):
        raise ValidationError(
            f"Chỉ {_who_reviews(submission.unit, submission.agency)} duyệt hoặc trả lại báo cáo của "
            f"{submission.reporter_name}."
        )
    if submission.state in (SubmissionState.DRAFT, SubmissionState.RETURNED):
        raise ValidationError(f"{submission} chưa được gửi; chỉ duyệt hoặc trả lại báo cáo đã gửi.")
    if submission.state == SubmissionState.APPROVED:
        raise ValidationError(f"{submission} đã được duyệt rồi.")


@transaction.atomic
def submission_return(*, actor: User, submission: Submission, comment: str) -> Submission:
    """Send the report back with what to correct; the unit edits it and sends it again."""
    submission = _locked(submission)
    _check_reviewable(actor, submission)
    if not comment.strip():
        raise ValidationError({"comment": "Ghi rõ lý do trả lại để đơn vị biết cần sửa gì."})
    submission.state, submission.review_comment = SubmissionState.RETURNED, comment.strip()
    submission.reviewed_by, submission.reviewed_at = actor, timezone.now()
    submission.save()
    _audit_submission(
        actor,
        submission,
        {"state": [SubmissionState.SUBMITTED, submission.state], "review_comment": [None, submission.review_comment]},
        "Trả lại báo cáo",
    )
    return submission


@transaction.atomic
def submission_approve(*, actor: User, submission: Submission, comment: str = "") -> Submission:
    """Approve the report as sent: its frozen figures count in the province's report (for a commune)."""
    submission = _locked(submission)
    _check_reviewable(actor, submission)
    submission.state, submission.review_comment = SubmissionState.APPROVED, comment.strip()
    submission.reviewed_by, submission.reviewed_at = actor, timezone.now()
    submission.save()
    _audit_submission(actor, submission, {"state": [SubmissionState.SUBMITTED, submission.state]}, "Duyệt báo cáo")
    return submission


# --- The province's departments and agencies that report (data/agencies.yaml) ------------------------------------


@transaction.atomic
def agencies_add(*, actor: User | None, province: AdminUnit) -> list[Agency]:
    """Add the catalogue's agencies (data/agencies.yaml) to a province: those it lacks, by name; existing ones, and
    their edits in the admin, are left as they are. Returns the agencies added. A province officer (of their
    province) or the national administrator may; `manage.py add_agencies` runs without an actor."""
    if actor is not None and not (
        (actor.role == Role.PROVINCE_OFFICER and scope_of(actor).province_id == province.pk)
        or (actor.role == Role.NATIONAL_ADMIN and scope_of(actor).national)
    ):
        raise ValidationError(f"Chỉ cán bộ {province.name} hoặc quản trị quốc gia thêm sở, ban, ngành của tỉnh.")
    if province.level != Level.PROVINCE or province.era != Era.CURRENT:
        raise ValidationError(f"{province.name} không phải tỉnh, thành phố hiện hành.")
    known = indicators()
    existing = set(Agency.objects.filter(province=province).values_list("name", flat=True))
    added = []
    for item in agency_catalogue():
        unknown = [code for code in item["targets"] if code not in known]
        if unknown:  # a mistake in the data, said plainly rather than stored
            raise ValidationError(f"Dữ liệu sở, ban, ngành “{item['name']}” có chỉ tiêu không tồn tại: {unknown}.")
        name = agency_full_name(item["name"], province)
        if name in existing:
            continue
        agency = Agency.objects.create(
            province=province, name=name, targets=item["targets"], responsibilities=item["responsibilities"]
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            instance=agency,
            changes={"name": [None, name], "targets": [None, ", ".join(item["targets"])]},
            note=f"Căn cứ: {item['reference']} [{item['status']}]",
        )
        added.append(agency)
    return added
