"""The register of support: what each poor or near-poor household, or one of its members, received, when and from
which programme (spec §7, §8). Targets such as houses built and workers trained are counted from it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from giamngheo.areas.models import AdminUnit
from giamngheo.registry.models import Household, Person, Status
from giamngheo.support.kinds import support_kinds


class Support(models.Model):
    """One support received, recorded by the commune or the agency that delivered it. A record made by mistake is
    cancelled with a reason, never deleted, so that counts once reported can be explained."""

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="supports")
    person = models.ForeignKey(
        Person, verbose_name=_("thành viên"), null=True, blank=True, on_delete=models.PROTECT, related_name="supports"
    )
    # Copied from the household when recorded: counts by commune and area scope read it without a join.
    commune = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("loại hỗ trợ"), max_length=24)  # a code of data/kinds.yaml
    delivered_on = models.DateField(_("ngày nhận hỗ trợ"))
    # The household's recognised status when it received the support: targets count poor and near-poor households.
    status = models.CharField(_("tình trạng của hộ khi nhận"), max_length=10, choices=Status.choices)
    amount = models.PositiveBigIntegerField(_("số tiền (đồng)"), null=True, blank=True)
    reference = models.CharField(_("văn bản, quyết định hỗ trợ"), max_length=120, blank=True)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(_("huỷ lúc"), null=True, blank=True)
    cancel_reason = models.CharField(_("lý do huỷ"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("hỗ trợ")
        verbose_name_plural = _("hỗ trợ")
        ordering = ["-delivered_on", "-id"]
        indexes = [models.Index(fields=["commune", "kind", "delivered_on"])]

    def __str__(self) -> str:
        return f"{self.label} {self.delivered_on:%d/%m/%Y} – {self.household.code}"

    @property
    def label(self) -> str:
        known = support_kinds().get(self.kind)
        return known.label if known else self.kind
