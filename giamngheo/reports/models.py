"""Targets a province or commune sets for a year (its poverty-reduction plan), measured against the register; results
published for the communes of the old map; the reporting regime: report periods, each unit's submission, and its
review level by level; the per-commune tallies reports and dashboards read (the marks of communes whose tallies need
counting again are areas.StaleCommune)."""

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from giamngheo.areas.models import AdminUnit, Level


class Target(models.Model):
    unit = models.ForeignKey(AdminUnit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="targets")
    year = models.PositiveSmallIntegerField(_("năm"))
    indicator = models.CharField(_("chỉ tiêu"), max_length=32)  # a code of data/targets.yaml
    value = models.DecimalField(_("mục tiêu"), max_digits=12, decimal_places=2)
    note = models.CharField(_("căn cứ (nghị quyết, kế hoạch)"), max_length=255, blank=True)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        constraints = [models.UniqueConstraint(fields=["unit", "year", "indicator"], name="target_unique")]

    def __str__(self) -> str:
        return f"{self.unit.name} {self.year}: {self.indicator} = {self.value}"


class HistoricalResult(models.Model):
    """A year's review result as published for a commune of the old map (before 01/07/2025), imported from the
    communes' and districts' decisions of the years the register did not hold yet. Shown on today's map through
    the old→new mapping (reports/analysis/history.py)."""

    unit = models.ForeignKey(
        AdminUnit, verbose_name=_("xã cũ"), on_delete=models.PROTECT, related_name="historical_results"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    households = models.PositiveIntegerField(_("tổng số hộ"))
    poor = models.PositiveIntegerField(_("số hộ nghèo"))
    near_poor = models.PositiveIntegerField(_("số hộ cận nghèo"))
    source = models.CharField(_("nguồn số liệu"), max_length=255)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("kết quả rà soát theo đơn vị cũ")
        verbose_name_plural = _("kết quả rà soát theo đơn vị cũ")
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="historical_result_unique")]

    def __str__(self) -> str:
        return f"{self.unit.name} {self.year}: {self.poor}/{self.near_poor}/{self.households}"


# The reporting regime (data/regime.yaml): periodic reports, each unit's submission, and their review level by level.


class ReportKind(models.TextChoices):
    SIX_MONTH = "six_month", _("Báo cáo 06 tháng")
    ANNUAL = "annual", _("Báo cáo năm")
    PERIOD = "period", _("Báo cáo giai đoạn")


class ReportPeriod(models.Model):
    """One periodic report everyone sends (the six-month report of 2025, the annual report of 2025, the report of
    the 2021–2025 period), with what it covers and each level's deadline, copied from the data when it was opened
    so later changes of the data never move an opened period's dates. `sources` keeps each date's reference and
    verification status (V/P/U)."""

    kind = models.CharField(_("loại báo cáo"), max_length=10, choices=ReportKind.choices)
    year = models.PositiveSmallIntegerField(_("năm"), help_text=_("Năm báo cáo; với báo cáo giai đoạn: năm cuối."))
    first_year = models.PositiveSmallIntegerField(_("năm đầu"), help_text=_("Năm đầu giai đoạn; bằng năm báo cáo."))
    starts_on = models.DateField(_("số liệu từ ngày"))
    ends_on = models.DateField(_("số liệu đến ngày"))
    # "Gửi trước ngày …": the named day is already late.
    commune_due_on = models.DateField(_("xã gửi trước ngày"))
    province_due_on = models.DateField(_("tỉnh gửi trước ngày"))
    sources = models.JSONField(_("căn cứ"), default=dict)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kỳ báo cáo")
        verbose_name_plural = _("kỳ báo cáo")
        ordering = ["-year", "commune_due_on", "kind"]
        constraints = [models.UniqueConstraint(fields=["kind", "year"], name="report_period_unique")]

    def __str__(self) -> str:
        return self.title

    @property
    def phrase(self) -> str:
        """What the report covers, as its title says it: "06 tháng đầu năm 2025", "năm 2025", "giai đoạn 2021–2025"."""
        if self.kind == ReportKind.SIX_MONTH:
            return f"06 tháng đầu năm {self.year}"
        if self.kind == ReportKind.PERIOD:
            return f"giai đoạn {self.first_year}–{self.year}"
        return f"năm {self.year}"

    @property
    def title(self) -> str:
        return f"Báo cáo {self.phrase}"

    def due_on(self, level: str) -> datetime.date:
        """The day a unit of that level must send its report before."""
        return self.province_due_on if level == Level.PROVINCE else self.commune_due_on


class SubmissionState(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Đã gửi, chờ duyệt")
    RETURNED = "returned", _("Bị trả lại")
    APPROVED = "approved", _("Đã duyệt")


class Submission(models.Model):
    """A commune's, province's or province agency's report for a period: figures generated from the register (frozen
    when sent), the narrative its officers write, and the review by the level above (the province for a commune or
    an agency, the national office for a province). An agency's report has its province as `unit`."""

    period = models.ForeignKey(ReportPeriod, on_delete=models.PROTECT, related_name="submissions")
    unit = models.ForeignKey(AdminUnit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("sở, ban, ngành"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="submissions",
    )
    state = models.CharField(_("tình trạng"), max_length=10, choices=SubmissionState.choices)
    number = models.CharField(_("số văn bản"), max_length=40, blank=True)
    results = models.TextField(_("kết quả thực hiện"), blank=True)
    difficulties = models.TextField(_("khó khăn, vướng mắc"), blank=True)
    proposals = models.TextField(_("đề xuất, kiến nghị"), blank=True)
    # The tables and targets as generated at figures_at; from submission on, the frozen copy sent up.
    figures = models.JSONField(_("số liệu"), default=dict)
    figures_at = models.DateTimeField(_("số liệu lập lúc"))
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("xem xét lúc"), null=True, blank=True)
    review_comment = models.TextField(_("ý kiến của cấp trên"), blank=True)

    class Meta:
        verbose_name = _("báo cáo của đơn vị")
        verbose_name_plural = _("báo cáo của đơn vị")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "unit"], condition=models.Q(agency__isnull=True), name="submission_unique"
            ),
            models.UniqueConstraint(
                fields=["period", "agency"], condition=models.Q(agency__isnull=False), name="submission_agency_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period.title} – {self.reporter_name}"

    @property
    def reporter_name(self) -> str:
        return self.agency.name if self.agency_id and self.agency else self.unit.name


class TallyKind(models.TextChoices):
    """What a commune tally counts (docs/dashboards.md). Keys: a change of spec §6.2, a year-end status, or
    "<status>:<group>" / "<status>:<indicator>" for the poor and near-poor households at the end of the year."""

    CHANGE = "change", _("Diễn biến trong năm")
    END = "end", _("Tình trạng cuối năm")
    GROUP = "group", _("Nhóm đối tượng (hộ nghèo, cận nghèo cuối năm)")
    DEPRIVATION = "deprivation", _("Chỉ số thiếu hụt (hộ nghèo, cận nghèo cuối năm)")


class CommuneTally(models.Model):
    """Households and persons of one current commune, one legacy commune (the households' unit before 01/07/2025,
    blank where none is recorded) and one year, counted once by `reports.tallies.services.tallies_refresh` so that
    reports and dashboards never scan the register. Derived data: rebuilt whole for a commune, never edited."""

    year = models.PositiveSmallIntegerField(_("năm"))
    kind = models.CharField(_("loại"), max_length=12, choices=TallyKind.choices)
    commune = models.ForeignKey(AdminUnit, verbose_name=_("xã"), on_delete=models.CASCADE, related_name="+")
    # The commune's province, kept here so that national figures group by province without a join.
    province = models.ForeignKey(AdminUnit, verbose_name=_("tỉnh"), on_delete=models.CASCADE, related_name="+")
    legacy_commune = models.ForeignKey(
        AdminUnit,
        verbose_name=_("xã cũ (trước 01/07/2025)"),
        on_delete=models.CASCADE,
        related_name="+",
        null=True,
        blank=True,
    )
    key = models.CharField(_("khoá"), max_length=48)
    households = models.PositiveIntegerField(_("số hộ"))
    persons = models.PositiveIntegerField(_("số nhân khẩu"))

    class Meta:
        verbose_name = _("số liệu tổng hợp của xã")
        verbose_name_plural = _("số liệu tổng hợp của xã")
        constraints = [
            # Two partial constraints: NULL is distinct from NULL in a plain unique index.
            models.UniqueConstraint(
                fields=["year", "kind", "commune", "legacy_commune", "key"],
                condition=models.Q(legacy_commune__isnull=False),
                name="communetally_unique",
            ),
            models.UniqueConstraint(
                fields=["year", "kind", "commune", "key"],
                condition=models.Q(legacy_commune__isnull=True),
                name="communetally_unique_no_legacy",
            ),
        ]
        indexes = [
            # National and province pages: one kind, one year (or all), grouped by province or commune.
            models.Index(fields=["kind", "year", "province"], name="communetally_kind_year_prov"),
            models.Index(fields=["commune", "year"], name="communetally_commune_year"),
            models.Index(fields=["legacy_commune", "year"], name="communetally_legacy_year"),
        ]

    def __str__(self) -> str:
        return f"{self.commune_id} {self.year} {self.kind}:{self.key} = {self.households}"


class ProvinceTally(models.Model):
    """A province's commune tallies added up (legacy communes folded in), rewritten by every refresh of one of its
    communes: the national page and a province's own figures read these few rows, not the communes' millions."""

    year = models.PositiveSmallIntegerField(_("năm"))
    kind = models.CharField(_("loại"), max_length=12, choices=TallyKind.choices)
    province = models.ForeignKey(AdminUnit, verbose_name=_("tỉnh"), on_delete=models.CASCADE, related_name="+")
    key = models.CharField(_("khoá"), max_length=48)
    households = models.PositiveIntegerField(_("số hộ"))
    persons = models.PositiveIntegerField(_("số nhân khẩu"))

    class Meta:
        verbose_name = _("số liệu tổng hợp của tỉnh")
        verbose_name_plural = _("số liệu tổng hợp của tỉnh")
        constraints = [
            models.UniqueConstraint(fields=["kind", "year", "province", "key"], name="provincetally_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.province_id} {self.year} {self.kind}:{self.key} = {self.households}"
