"""The review procedure (Decision 24/2021/QĐ-TTg, Circular 07/2021/TT-BLĐTBXH) and the status ledger.

A campaign reviews some communes of a province: periodic (once a year, 01/9–14/12) or regular (monthly, from the
15th). Each reviewed household is one ReviewItem that goes through survey (Phiếu A/B), the village meeting,
public posting and the commune chairman's decision (Mẫu 02). Applying a decision is the only way a household's
status in the register changes after it was registered; each change writes one LedgerEntry per household and year.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from giamngheo.areas.models import AdminUnit, Village
from giamngheo.common.models import TimeStamped, vi_order
from giamngheo.registry.models import Household, Status
from giamngheo.reviews.models.issued import DocumentKind as DocumentKind
from giamngheo.reviews.models.issued import DocumentState as DocumentState
from giamngheo.reviews.models.issued import IssuedDocument as IssuedDocument
from giamngheo.reviews.models.issued import VerificationCount as VerificationCount


class CampaignKind(models.TextChoices):
    PERIODIC = "periodic", _("Rà soát định kỳ hằng năm")
    REGULAR = "regular", _("Rà soát thường xuyên hằng tháng")


class Campaign(TimeStamped):
    kind = models.CharField(_("loại rà soát"), max_length=8, choices=CampaignKind.choices)
    province = models.ForeignKey(
        AdminUnit, verbose_name=_("tỉnh, thành phố"), on_delete=models.PROTECT, related_name="review_campaigns"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    # 0 for a periodic campaign (a yearly one); 1–12 for a regular review, so one campaign per province and month.
    month = models.PositiveSmallIntegerField(_("tháng"), default=0)
    standard = models.CharField(_("chuẩn nghèo áp dụng"), max_length=12)
    plan_start = models.DateField(_("ngày bắt đầu"))
    plan_end = models.DateField(_("ngày kết thúc"))
    include_residents = models.BooleanField(
        _("rà soát tất cả hộ cư trú"),
        default=False,
        help_text=_("Ngoài hộ nghèo, hộ cận nghèo hiện có và hộ có giấy đề nghị (như kế hoạch Lào Cai 2024)."),
    )
    district_consultation = models.BooleanField(
        _("báo cáo, xin ý kiến Chủ tịch UBND cấp huyện"),
        default=False,
        help_text=_("Chỉ còn với các đợt kết thúc trước 01/07/2025, khi còn cấp huyện."),
    )
    communes: "models.ManyToManyField[AdminUnit, CampaignCommune]" = models.ManyToManyField(
        AdminUnit, through="CampaignCommune", related_name="+", verbose_name=_("xã tham gia")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("đợt rà soát")
        verbose_name_plural = _("đợt rà soát")
        ordering = ["-year", "-month", vi_order("province__name")]
        constraints = [
            models.UniqueConstraint(fields=["kind", "province", "year", "month"], name="campaign_unique_per_period")
        ]

    def __str__(self) -> str:
        if self.kind == CampaignKind.REGULAR:
            return f"Rà soát thường xuyên tháng {self.month:02d}/{self.year} – {self.province.name}"
        return f"Rà soát định kỳ năm {self.year} – {self.province.name}"


class CampaignCommune(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="participations")
    commune = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="+")
    listed_at = models.DateTimeField(_("lập danh sách lúc"), null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["campaign", "commune"], name="campaign_commune_unique")]

    def __str__(self) -> str:
        return f"{self.commune.name} – {self.campaign}"


class Basis(models.TextChoices):
    """Why a household is on the list to review (spec §4.2 scope)."""

    POOR = "poor", _("Hộ nghèo đang quản lý")
    NEAR_POOR = "near_poor", _("Hộ cận nghèo đang quản lý")
    APPLICANT = "applicant", _("Hộ có giấy đề nghị")
    RESIDENT = "resident", _("Hộ cư trú khác")


class Stage(models.TextChoices):
    LISTED = "listed", _("Đã lập danh sách")
    SURVEYED = "surveyed", _("Đã rà soát, chấm điểm")
    RESURVEY = "resurvey", _("Họp dân chưa thống nhất: rà soát lại")
    AGREED = "agreed", _("Họp dân đã thống nhất")
    POSTED = "posted", _("Đang niêm yết")
    DECIDED = "decided", _("Đã có quyết định")
    REFUSED = "refused", _("Không đủ điều kiện, đã trả lời")


class ReviewItem(models.Model):
    """One household on a campaign's list (Circular 07/2021 Phụ lục I), and where it stands in the procedure."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="items")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="review_items")
    # Copied from the household when listed: scope checks and the work lists filter on them.
    commune = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="+")
    village = models.ForeignKey(Village, on_delete=models.PROTECT, related_name="+")
    basis = models.CharField(_("diện rà soát"), max_length=10, choices=Basis.choices)
    status_before = models.CharField(_("tình trạng trước rà soát"), max_length=10, choices=Status.choices)
    stage = models.CharField(_("bước"), max_length=10, choices=Stage.choices, default=Stage.LISTED)
    proposed_status = models.CharField(_("kết quả đề xuất"), max_length=10, choices=Status.choices, blank=True)
    # Phiếu C (spec §4.4): an agricultural household found in the average-living band, and whether its income is
    # low enough for its workers to be low-income workers (Decree 30/2025).
    proposed_average_living = models.BooleanField(_("đề xuất hộ có mức sống trung bình"), null=True, blank=True)
    proposed_low_income = models.BooleanField(_("đề xuất người lao động có thu nhập thấp"), null=True, blank=True)
    assessment = models.ForeignKey(
        "standards.Assessment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    listed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("hộ trong danh sách rà soát")
        verbose_name_plural = _("hộ trong danh sách rà soát")
        ordering = [vi_order("village__name"), "household__code"]
        constraints = [models.UniqueConstraint(fields=["campaign", "household"], name="review_item_unique")]
        indexes = [models.Index(fields=["campaign", "commune", "stage"])]

    def __str__(self) -> str:
        return f"Rà soát hộ {self.household.code}"


class ApplicationForm(models.TextChoices):
    MAU_01 = "mau_01", _("Mẫu 01: Giấy đề nghị rà soát hộ nghèo, hộ cận nghèo")
    MAU_01_AVERAGE = "mau_01_tb", _("Mẫu 01: Giấy đề nghị xác định hộ có mức sống trung bình")
    MAU_04 = "mau_04", _("Mẫu 04: Giấy đề nghị công nhận hộ thoát nghèo, thoát cận nghèo")


class Channel(models.TextChoices):
    # Spec §4.3: in person, by post, or through the online public-service portal.
    IN_PERSON = "in_person", _("Nộp trực tiếp")
    POST = "post", _("Qua bưu điện")
    ONLINE = "online", _("Trực tuyến (Cổng Dịch vụ công)")


class Outcome(models.TextChoices):
    PENDING = "pending", _("Đang giải quyết")
    RECOGNISED = "recognised", _("Đã công nhận")
    REFUSED = "refused", _("Không đủ điều kiện")


class Application(TimeStamped):
    """A household's request (Mẫu 01 or Mẫu 04 of Decision 24/2021) and its 15-day clock (spec §4.3)."""

    form = models.CharField(_("loại giấy đề nghị"), max_length=10, choices=ApplicationForm.choices)
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="applications")
    commune = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="+")
    applicant_name = models.CharField(_("người đề nghị"), max_length=120)
    reason = models.TextField(_("lý do đề nghị"))
    received_on = models.DateField(_("ngày nhận"))
    channel = models.CharField(_("hình thức nộp"), max_length=10, choices=Channel.choices)
    review_starts_on = models.DateField(_("ngày bắt đầu rà soát"))
    deadline = models.DateField(_("hạn quyết định"))
    item = models.ForeignKey(ReviewItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="applications")
    outcome = models.CharField(_("kết quả"), max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    closed_on = models.DateField(_("ngày giải quyết xong"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("giấy đề nghị")
        verbose_name_plural = _("giấy đề nghị")
        ordering = ["deadline", "id"]

    def __str__(self) -> str:
        return f"{self.get_form_display()} – {self.household.code} ({self.received_on:%d/%m/%Y})"


class SurveyForm(models.TextChoices):
    PHIEU_A = "A", _("Phiếu A (nhận dạng nhanh)")
    PHIEU_B = "B", _("Phiếu B (B1 thu nhập, B2 thiếu hụt)")
    PHIEU_C = "C", _("Phiếu C (thu nhập 12 tháng, xác định mức sống trung bình)")


class SurveyState(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    SUBMITTED = "submitted", _("Đã nộp")


class Survey(models.Model):
    """A Phiếu A or Phiếu B for one listed household. `version` grows with each save, so two people editing the
    same form never overwrite each other: a save based on an older version is refused."""

    item = models.ForeignKey(ReviewItem, on_delete=models.CASCADE, related_name="surveys")
    form = models.CharField(_("phiếu"), max_length=1, choices=SurveyForm.choices)
    answers = models.JSONField(_("câu trả lời"), default=dict)
    state = models.CharField(_("trạng thái"), max_length=10, choices=SurveyState.choices, default=SurveyState.DRAFT)
    version = models.PositiveIntegerField(default=1)
    result = models.CharField(_("kết quả chấm"), max_length=16, blank=True)
    score = models.IntegerField(_("điểm B1"), null=True, blank=True)
    reasons = models.JSONField(_("lý do"), default=list, blank=True)
    assessment = models.ForeignKey(
        "standards.Assessment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("phiếu rà soát")
        verbose_name_plural = _("phiếu rà soát")
        constraints = [models.UniqueConstraint(fields=["item", "form"], name="survey_one_per_form")]

    def __str__(self) -> str:
        return f"{self.get_form_display()} – {self.item.household.code}"


class VillageMeeting(models.Model):
    """The village meeting that agrees the results (Decision 24/2021 Art. 4 cl. 2(c)): chaired by the village head,
    supervised by the Fatherland Front; minutes in two copies."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="meetings")
    village = models.ForeignKey(Village, on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField(_("ngày họp"))
    chair = models.CharField(_("chủ trì (trưởng thôn)"), max_length=120)
    secretary = models.CharField(_("thư ký"), max_length=120)
    attendees = models.PositiveIntegerField(_("số người tham dự"))
    organisations = models.TextField(_("các tổ chức tham dự"), blank=True)
    front_supervisor = models.CharField(_("đại diện Mặt trận Tổ quốc giám sát"), max_length=120, blank=True)
    note = models.TextField(_("ý kiến khác"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("cuộc họp dân")
        verbose_name_plural = _("cuộc họp dân")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"Họp dân {self.village.name} ngày {self.held_on:%d/%m/%Y}"


class MeetingVote(models.Model):
    meeting = models.ForeignKey(VillageMeeting, on_delete=models.CASCADE, related_name="votes")
    item = models.ForeignKey(ReviewItem, on_delete=models.CASCADE, related_name="votes")
    proposed_status = models.CharField(_("kết quả đưa ra họp"), max_length=10, choices=Status.choices)
    agreeing = models.PositiveIntegerField(_("số người đồng ý"))
    agreed = models.BooleanField(_("đạt tối thiểu 50% người tham dự"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "item"], name="vote_unique")]

    def __str__(self) -> str:
        return f"{self.agreeing}/{self.meeting.attendees} đồng ý"


class Posting(models.Model):
    """Public posting of the results at the village and at the commune People's Committee (spec §4.2 step 4)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="postings")
    commune = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="+")
    village = models.ForeignKey(
        Village, null=True, blank=True, on_delete=models.PROTECT, related_name="+", help_text=_("Trống: tại UBND xã.")
    )
    starts_on = models.DateField(_("ngày bắt đầu niêm yết"))
    ends_on = models.DateField(_("ngày kết thúc niêm yết"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("niêm yết công khai")
        verbose_name_plural = _("niêm yết công khai")
        ordering = ["-starts_on"]

    def __str__(self) -> str:
        place = self.village.name if self.village_id and self.village else "UBND xã"
        return f"Niêm yết tại {place} {self.starts_on:%d/%m/%Y}–{self.ends_on:%d/%m/%Y}"


class PostingLine(models.Model):
    """What a posting showed: each household with the result as it stood on the posting day, so the list printed
    later is the list that was posted, even after a re-check changed a result."""

    posting = models.ForeignKey(Posting, on_delete=models.CASCADE, related_name="lines")
    item = models.ForeignKey(ReviewItem, on_delete=models.PROTECT, related_name="posting_lines")
    status_before = models.CharField(_("trước rà soát"), max_length=10, choices=Status.choices)
    proposed_status = models.CharField(_("kết quả niêm yết"), max_length=10, choices=Status.choices)

    class Meta:
        ordering = [vi_order("item__village__name"), "item__household__code"]
        constraints = [models.UniqueConstraint(fields=["posting", "item"], name="posting_line_unique")]

    def __str__(self) -> str:
        return f"{self.item.household.code}: {self.get_proposed_status_display()}"


class Complaint(models.Model):
    """A complaint about the posted results and its re-check (phúc tra)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="complaints")
    commune = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="+")
    item = models.ForeignKey(ReviewItem, on_delete=models.PROTECT, related_name="complaints")
    received_on = models.DateField(_("ngày nhận"))
    complainant = models.CharField(_("người khiếu nại"), max_length=120)
    content = models.TextField(_("nội dung"))
    recheck_on = models.DateField(_("ngày phúc tra"), null=True, blank=True)
    recheck_result = models.TextField(_("kết quả phúc tra"), blank=True)
    status_after = models.CharField(_("kết quả sau phúc tra"), max_length=10, choices=Status.choices, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("khiếu nại")
        verbose_name_plural = _("khiếu nại")
        ordering = ["-received_on", "-id"]

    def __str__(self) -> str:
        return f"Khiếu nại {self.item.household.code} ngày {self.received_on:%d/%m/%Y}"

    @property
    def resolved(self) -> bool:
        return self.recheck_on is not None


class DecisionState(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    APPLIED = "applied", _("Đã ký, đã áp dụng")


class Decision(models.Model):
    """The commune chairman's decision recognising the lists (Mẫu 02, Decision 24/2021)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="decisions")
    commune = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="+")
    number = models.CharField(_("số quyết định"), max_length=40, blank=True)
    signed_on = models.DateField(_("ngày ký"), null=True, blank=True)
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signer_name = models.CharField(_("người ký"), max_length=120, blank=True)
    state = models.CharField(_("trạng thái"), max_length=8, choices=DecisionState.choices, default=DecisionState.DRAFT)
    # Decision 24/2021 Art. 4 cl. 5: report to and consult the district chairman first (only while districts existed).
    consulted_on = models.DateField(_("ngày xin ý kiến Chủ tịch UBND cấp huyện"), null=True, blank=True)
    applied_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("quyết định công nhận")
        verbose_name_plural = _("quyết định công nhận")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "number"], condition=~models.Q(number=""), name="decision_number_unique"
            )
        ]

    def __str__(self) -> str:
        # Named as people name it, by its number, or by commune and year while a draft (never by an internal id).
        if self.number and self.signed_on:
            return f"Quyết định số {self.number} ngày {self.signed_on:%d/%m/%Y}"
        if self.number:
            return f"Dự thảo quyết định số {self.number}"
        return f"Dự thảo quyết định của {self.commune.name}, năm {self.campaign.year}"


class DecisionLine(models.Model):
    """One household in a decision, with its status before and after. The four lists of Mẫu 02 are read off them:
    poor (after = poor), near-poor (after = near-poor), escaped poverty (before = poor, after ≠ poor) and escaped
    near-poverty (before = near-poor, after = not poor)."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="lines")
    item = models.OneToOneField(ReviewItem, on_delete=models.PROTECT, related_name="decision_line")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="decision_lines")
    status_before = models.CharField(_("trước"), max_length=10, choices=Status.choices)
    status_after = models.CharField(_("sau"), max_length=10, choices=Status.choices)
    # A fifth list: agricultural, forestry, fishery and salt households with average living standard (spec §4.4).
    average_living = models.BooleanField(_("hộ có mức sống trung bình"), default=False)
    low_income = models.BooleanField(_("người lao động có thu nhập thấp"), default=False)

    class Meta:
        ordering = [vi_order("item__village__name"), "household__code"]

    def __str__(self) -> str:
        return f"{self.household.code}: {self.get_status_before_display()} → {self.get_status_after_display()}"


class Certificate(models.Model):
    """Giấy chứng nhận hộ nghèo, hộ cận nghèo (Mẫu 03), numbered "Số: …/GCN-HN.HCN" per commune and year."""

    line = models.OneToOneField(DecisionLine, on_delete=models.PROTECT, related_name="certificate")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="certificates")
    commune = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    serial = models.PositiveIntegerField()
    status = models.CharField(_("diện"), max_length=10, choices=Status.choices)
    issued_on = models.DateField(_("ngày cấp"))

    class Meta:
        verbose_name = _("giấy chứng nhận")
        verbose_name_plural = _("giấy chứng nhận")
        ordering = ["serial"]
        constraints = [models.UniqueConstraint(fields=["commune", "year", "serial"], name="certificate_number_unique")]

    def __str__(self) -> str:
        return f"Số: {self.number}"

    @property
    def number(self) -> str:
        return f"{self.serial:02d}/GCN-HN.HCN"


class Refusal(models.Model):
    """The chairman's written answer, with reasons, to a household found not eligible (spec §4.3)."""

    item = models.OneToOneField(ReviewItem, on_delete=models.PROTECT, related_name="refusal")
    commune = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="+")
    number = models.CharField(_("số văn bản"), max_length=40)
    issued_on = models.DateField(_("ngày ký"))
    reasons = models.TextField(_("lý do"))
    signer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signer_name = models.CharField(_("người ký"), max_length=120)

    class Meta:
        verbose_name = _("văn bản trả lời không đủ điều kiện")
        verbose_name_plural = _("văn bản trả lời không đủ điều kiện")

    def __str__(self) -> str:
        return f"Văn bản số {self.number} ngày {self.issued_on:%d/%m/%Y}"


class Change(models.TextChoices):
    """Start-of-year status → recognised status (spec §6.2), as the change reports count them."""

    REMAINED_POOR = "remained_poor", _("Vẫn là hộ nghèo")
    POOR_TO_NEAR_POOR = "poor_to_near_poor", _("Thoát nghèo, trở thành hộ cận nghèo")
    ESCAPED_POOR = "escaped_poor", _("Thoát nghèo, vượt chuẩn cận nghèo")
    NEAR_POOR_TO_POOR = "near_poor_to_poor", _("Hộ cận nghèo trở thành hộ nghèo")
    REMAINED_NEAR_POOR = "remained_near_poor", _("Vẫn là hộ cận nghèo")
    ESCAPED_NEAR_POOR = "escaped_near_poor", _("Thoát cận nghèo")
    RE_POOR = "re_poor", _("Tái nghèo")
    NEWLY_POOR = "newly_poor", _("Hộ nghèo phát sinh mới")
    RE_NEAR_POOR = "re_near_poor", _("Tái cận nghèo")
    NEWLY_NEAR_POOR = "newly_near_poor", _("Hộ cận nghèo phát sinh mới")
    # Households split off during the year (tách hộ).
    OTHER_INCREASE_POOR = "other_increase_poor", _("Hộ nghèo tăng khác (tách hộ)")
    OTHER_INCREASE_NEAR_POOR = "other_increase_near_poor", _("Hộ cận nghèo tăng khác (tách hộ)")
    # Households that moved in, recognised here for the first time: "khác tăng" too, on a row of their own
    # (registry.MoveIn; which ones count is data, reviews/data/procedure.yaml move_in_*).
    MOVED_IN_POOR = "moved_in_poor", _("Hộ nghèo chuyển đến")
    MOVED_IN_NEAR_POOR = "moved_in_near_poor", _("Hộ cận nghèo chuyển đến")
    # Households that left the register during the year, by their status at the start of the year; derived from the
    # register, never stored (reviews.selectors.year_changes): moved away on a row of their own, the others (merged,
    # died out) as "giảm khác".
    MOVED_OUT_POOR = "moved_out_poor", _("Hộ nghèo chuyển đi")
    MOVED_OUT_NEAR_POOR = "moved_out_near_poor", _("Hộ cận nghèo chuyển đi")
    OTHER_DECREASE_POOR = "other_decrease_poor", _("Hộ nghèo giảm khác (nhập hộ, không còn thành viên)")
    OTHER_DECREASE_NEAR_POOR = (
        "other_decrease_near_poor",
        _("Hộ cận nghèo giảm khác (nhập hộ, không còn thành viên)"),
    )
    NOT_POOR = "not_poor", _("Không nghèo")


class LedgerEntry(models.Model):
    """The recognised status of a household for one review year and the decision it rests on (spec §6.2).

    `start_status` is the status at the start of the year (the previous year's entry, or the register at the
    first decision); a later decision in the same year updates the entry, and every decision's lines keep the
    history. The flags are the reporting groups at the time of the decision (spec §6.1).
    """

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="ledger")
    commune = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("năm"))
    start_status = models.CharField(_("đầu kỳ"), max_length=10, choices=Status.choices)
    status = models.CharField(_("cuối kỳ"), max_length=10, choices=Status.choices)
    change = models.CharField(_("diễn biến"), max_length=24, choices=Change.choices)
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="ledger_entries")
    recognised_on = models.DateField(_("ngày công nhận"))
    persons = models.PositiveSmallIntegerField(_("số nhân khẩu"))
    has_merit = models.BooleanField(_("có người có công"))
    ethnic_minority = models.BooleanField(_("chủ hộ dân tộc thiểu số"))
    female_head = models.BooleanField(_("chủ hộ là nữ"))
    no_labour_capacity = models.BooleanField(_("không có khả năng lao động"))
    average_living = models.BooleanField(_("hộ nông nghiệp có mức sống trung bình"), default=False)
    low_income = models.BooleanField(_("người lao động có thu nhập thấp"), default=False)
    # From the submitted Phiếu B (spec §5.5), for the "by cause of poverty" report.
    causes = models.JSONField(_("nguyên nhân nghèo"), default=list, blank=True)

    class Meta:
        verbose_name = _("sổ theo dõi tình trạng")
        verbose_name_plural = _("sổ theo dõi tình trạng")
        ordering = ["-year", "household__code"]
        constraints = [models.UniqueConstraint(fields=["household", "year"], name="ledger_one_per_year")]
        indexes = [models.Index(fields=["commune", "year", "status"])]

    def __str__(self) -> str:
        return f"{self.household.code} {self.year}: {self.get_status_display()}"
