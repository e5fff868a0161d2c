"""Stored classifications. Each records how it was made; re-classifying adds a row and never overwrites one."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from giamngheo.registry.models import Household


class Method(models.TextChoices):
    DIRECT = "direct", _("Nhập trực tiếp chỉ số và thu nhập")
    DERIVED = "derived", _("Suy ra từ thông tin hộ trong sổ")
    PROXY = "proxy", _("Điểm B1 thay cho thu nhập")


class AssessmentStatus(models.TextChoices):
    POOR = "poor", _("Hộ nghèo")
    NEAR_POOR = "near_poor", _("Hộ cận nghèo")
    NOT_POOR = "not_poor", _("Không nghèo")


class IncomeBand(models.TextChoices):
    AT_OR_BELOW_LINE = "at_or_below_line", _("Không vượt chuẩn nghèo")
    AVERAGE = "average", _("Mức sống trung bình")
    ABOVE_AVERAGE = "above_average", _("Trên mức sống trung bình")
    # From a B1 proxy score: above the line, band unknown (the score does not place it in the average band).
    ABOVE_LINE = "above_line", _("Cao hơn chuẩn nghèo (theo điểm B1)")


class Assessment(models.Model):
    """A household classified under one standard on one date, with its inputs and reasons (spec §11)."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="assessments")
    standard = models.CharField(_("chuẩn nghèo"), max_length=12)
    rules_version = models.CharField(_("phiên bản quy tắc"), max_length=24)
    as_of = models.DateField(_("ngày áp dụng"))
    method = models.CharField(_("cách xác định"), max_length=8, choices=Method.choices)
    area_type = models.CharField(_("khu vực"), max_length=5)
    income_per_capita = models.PositiveBigIntegerField(
        _("thu nhập bình quân (đồng/người/tháng)"), null=True, blank=True
    )
    proxy_score = models.IntegerField(_("điểm B1"), null=True, blank=True)
    proxy_threshold = models.IntegerField(_("ngưỡng điểm B1"), null=True, blank=True)
    proxy_answers = models.JSONField(_("câu trả lời phần B1"), default=dict, blank=True)
    status = models.CharField(_("kết quả"), max_length=10, choices=AssessmentStatus.choices)
    income_band = models.CharField(_("mức thu nhập"), max_length=16, choices=IncomeBand.choices)
    deprivation_count = models.PositiveSmallIntegerField(_("số chỉ số thiếu hụt"))
    deprived = models.JSONField(_("các chỉ số thiếu hụt"), default=list)
    reasons = models.JSONField(_("lý do"), default=list)
    explanations = models.JSONField(_("giải thích từng chỉ số"), default=dict)
    unknown = models.JSONField(_("chỉ số chưa đủ thông tin"), default=list)
    overrides = models.JSONField(_("điều chỉnh của cán bộ"), default=dict)
    unverified = models.JSONField(_("giá trị chưa kiểm chứng đã dùng"), default=list)
    run = models.ForeignKey(
        "ClassificationRun", null=True, blank=True, on_delete=models.CASCADE, related_name="assessments"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kết quả phân loại")
        verbose_name_plural = _("kết quả phân loại")
        ordering = ["-as_of", "-id"]
        indexes = [models.Index(fields=["household", "standard", "-as_of"])]

    def __str__(self) -> str:
        return f"Chuẩn {self.standard}, ngày {self.as_of:%d/%m/%Y}: {self.get_status_display()}"


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang chạy")
    DONE = "done", _("Hoàn thành")
    FAILED = "failed", _("Lỗi")


class ClassificationRun(models.Model):
    """One bulk classification of the register (a province, or the whole country), run as a background task.

    Progress is committed chunk by chunk so anyone can follow it; if the run fails, the assessments it stored are
    removed, and until a run is done its assessments are not anyone's latest result (standards.selectors), so a
    run counts with all its assessments or none.
    """

    standard = models.CharField(_("chuẩn nghèo"), max_length=12)
    as_of = models.DateField(_("ngày áp dụng"))
    province = models.ForeignKey(
        "areas.AdminUnit", verbose_name=_("tỉnh"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("trạng thái"), max_length=8, choices=RunStatus.choices, default=RunStatus.QUEUED)
    total = models.PositiveIntegerField(_("tổng số hộ"), default=0)
    done = models.PositiveIntegerField(_("đã xử lý"), default=0)
    stored = models.PositiveIntegerField(_("đã lưu kết quả"), default=0)
    skipped = models.PositiveIntegerField(_("bỏ qua (chưa có thu nhập)"), default=0)
    error = models.TextField(_("lỗi"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("lượt phân loại hàng loạt")
        verbose_name_plural = _("lượt phân loại hàng loạt")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.standard} {self.get_status_display()} {self.done}/{self.total}"


class ProxyTable(models.Model):
    """A B1 point table (Phiếu B, income proxy) for one standard, area and region, loaded by an administrator.

    The tables in the legal annex could not be read (spec §5.3); until one is loaded the shipped placeholder table
    (data/<standard>/proxy_b1.yaml, marked unverified) is used. A blank region applies to every region.
    """

    standard = models.CharField(_("chuẩn nghèo"), max_length=12)
    area_type = models.CharField(_("khu vực"), max_length=5)
    region = models.CharField(_("vùng"), max_length=32, blank=True)
    threshold = models.PositiveIntegerField(_("ngưỡng điểm B1"))
    base_points = models.IntegerField(_("điểm gốc"), default=0)
    groups = models.JSONField(_("nhóm câu hỏi và điểm"))
    verified = models.BooleanField(_("đã đối chiếu văn bản pháp luật"), default=False)
    source = models.CharField(_("nguồn"), max_length=255)
    is_active = models.BooleanField(_("đang dùng"), default=True)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bảng điểm B1")
        verbose_name_plural = _("bảng điểm B1")
        ordering = ["standard", "area_type", "region", "-loaded_at"]

    def __str__(self) -> str:
        return f"B1 {self.standard} {self.area_type} {self.region or '*'}"
