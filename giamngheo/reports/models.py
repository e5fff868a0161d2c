"""Targets a province or commune sets for a year (its poverty-reduction plan); measured against the register."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from giamngheo.areas.models import AdminUnit


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
