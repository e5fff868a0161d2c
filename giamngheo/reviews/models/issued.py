"""Issued documents: what a signed decision put on paper, frozen (issue 12).

When the chairman signs a decision (Mẫu 02), the decision, each of its certificates (Mẫu 03), and the village meetings'
minutes and the posting lists of that review in the commune are rendered once and stored as files under MEDIA_ROOT
(`issued/`), with the SHA-256 of their bytes, who issued them and when. Printing one again hands over the stored
bytes; nothing is rebuilt from today's register. A certificate carries a verification code (80 bits from `secrets`)
that anyone can check at /xac-minh/<code>/; a later decision supersedes it, a household leaving the list revokes it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

ISSUED_DIR = "issued"


class DocumentKind(models.TextChoices):
    DECISION = "decision", _("Quyết định công nhận (Mẫu 02)")
    CERTIFICATE = "certificate", _("Giấy chứng nhận (Mẫu 03)")
    MINUTES = "minutes", _("Biên bản họp thôn")
    POSTING = "posting", _("Danh sách niêm yết")


class DocumentState(models.TextChoices):
    VALID = "valid", _("Còn hiệu lực")
    SUPERSEDED = "superseded", _("Đã được thay thế")
    REVOKED = "revoked", _("Đã thu hồi")


class IssuedDocument(models.Model):
    """One issued document: the PDF as signed, its digest, and (for a certificate) its state and verification code."""

    kind = models.CharField(_("loại văn bản"), max_length=12, choices=DocumentKind.choices)
    decision = models.ForeignKey("reviews.Decision", on_delete=models.PROTECT, related_name="issued_documents")
    certificate = models.OneToOneField(
        "reviews.Certificate", null=True, blank=True, on_delete=models.PROTECT, related_name="issued"
    )
    meeting = models.ForeignKey(
        "reviews.VillageMeeting", null=True, blank=True, on_delete=models.PROTECT, related_name="issued"
    )
    posting = models.ForeignKey(
        "reviews.Posting", null=True, blank=True, on_delete=models.PROTECT, related_name="issued"
    )
    household = models.ForeignKey(
        "registry.Household", null=True, blank=True, on_delete=models.PROTECT, related_name="issued_documents"
    )
    commune = models.ForeignKey("areas.AdminUnit", on_delete=models.PROTECT, related_name="+")
    # Relative to MEDIA_ROOT; served only through the review's views, which check who asks (never from MEDIA_URL).
    file = models.FileField(_("tệp"), upload_to=ISSUED_DIR, max_length=200)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    # A certificate prints the head's CCCD in full; the same certificate with it masked (0151•••••028), rendered at
    # the same moment, is what readers who may not see CCCDs are handed (docs/security.md).
    masked_file = models.FileField(_("bản che số CCCD"), upload_to=ISSUED_DIR, max_length=200, blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(_("ban hành lúc"))
    replaces = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by", verbose_name=_("thay thế")
    )
    state = models.CharField(_("hiệu lực"), max_length=12, choices=DocumentState.choices, default=DocumentState.VALID)
    state_changed_on = models.DateField(_("ngày hết hiệu lực"), null=True, blank=True)
    superseded_by = models.ForeignKey(
        "reviews.Decision", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_documents"
    )
    state_note = models.CharField(_("lý do"), max_length=120, blank=True)
    # Crockford base32 of 80 random bits, stored without the hyphens it is printed with; certificates only.
    code = models.CharField(_("mã xác minh"), max_length=16, null=True, blank=True, unique=True)
    # The head's name as initials ("N. V. A."), as on the day of issue: what the public page shows of the holder.
    head_initials = models.CharField(_("chủ hộ (viết tắt)"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("văn bản đã ban hành")
        verbose_name_plural = _("văn bản đã ban hành")
        ordering = ["-issued_at", "-id"]
        indexes = [models.Index(fields=["household", "kind"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.sha256[:12]})"


class DocumentIssue(models.Model):
    """The issuing of a signed decision's documents: queued in the signing's transaction, done by the task worker
    (reviews.tasks). While it is not done, the decision and its certificates are not printed: one printed then would be
    rebuilt, and a certificate would carry no verification code. A decision signed before issuing existed has none."""

    decision = models.OneToOneField("reviews.Decision", on_delete=models.CASCADE, related_name="issue")
    queued_at = models.DateTimeField(_("xếp hàng lúc"))
    done_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("việc phát hành văn bản")
        verbose_name_plural = _("việc phát hành văn bản")

    def __str__(self) -> str:
        return f"{self.decision_id}: {self.done_at or '…'}"


class VerificationCount(models.Model):
    """How many times a commune's certificates were checked on the public page, per day: a counter, nothing about who
    asked (no address, no code)."""

    commune = models.ForeignKey("areas.AdminUnit", on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("ngày"))
    checks = models.PositiveIntegerField(_("số lượt xác minh"), default=0)

    class Meta:
        verbose_name = _("lượt xác minh giấy chứng nhận")
        verbose_name_plural = _("lượt xác minh giấy chứng nhận")
        constraints = [models.UniqueConstraint(fields=["commune", "day"], name="verification_count_unique")]

    def __str__(self) -> str:
        return f"{self.commune_id} {self.day:%d/%m/%Y}: {self.checks}"
