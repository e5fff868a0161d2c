"""Administrative units before and after 1 July 2025, the old→new mapping, and villages.

Resolution 202/2025/QH15 ended the district level on 01/07/2025: 63 provinces / 696 districts / ~10,035 communes
became 34 provinces / 3,321 communes (spec §10.1 [V]). Records made before the reform keep the unit they were
made in; `UnitSuccession` shows them on today's map. `StaleCommune` marks the communes whose counts (the reports'
tallies) a write has changed since they were last counted.
"""

import datetime
import functools
from collections.abc import Iterable

from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from giamngheo.areas.signals import communes_marked_stale
from giamngheo.common.models import TimeStamped, vi_order

REFORM_DATE = datetime.date(2025, 7, 1)


class Era(models.TextChoices):
    LEGACY = "legacy", _("Trước 01/07/2025")
    CURRENT = "current", _("Từ 01/07/2025")


class Level(models.TextChoices):
    PROVINCE = "province", _("Tỉnh")
    DISTRICT = "district", _("Huyện")
    COMMUNE = "commune", _("Xã")


class AreaType(models.TextChoices):
    URBAN = "urban", _("Thành thị")
    RURAL = "rural", _("Nông thôn")


class Region(models.TextChoices):
    """The six socio-economic regions of every national poverty publication (spec §5.3 [V])."""

    NORTHERN_MIDLANDS_MOUNTAINS = "northern_midlands_mountains", _("Trung du và miền núi phía Bắc")
    RED_RIVER_DELTA = "red_river_delta", _("Đồng bằng sông Hồng")
    NORTH_CENTRAL_COAST = "north_central_coast", _("Bắc Trung Bộ và duyên hải miền Trung")
    CENTRAL_HIGHLANDS = "central_highlands", _("Tây Nguyên")
    SOUTHEAST = "southeast", _("Đông Nam Bộ")
    MEKONG_DELTA = "mekong_delta", _("Đồng bằng sông Cửu Long")


class AdminUnitQuerySet(models.QuerySet["AdminUnit"]):
    def current(self) -> "AdminUnitQuerySet":
        return self.filter(era=Era.CURRENT)

    def legacy(self) -> "AdminUnitQuerySet":
        return self.filter(era=Era.LEGACY)

    def provinces(self) -> "AdminUnitQuerySet":
        return self.filter(level=Level.PROVINCE)

    def communes(self) -> "AdminUnitQuerySet":
        return self.filter(level=Level.COMMUNE)


class AdminUnit(models.Model):
    """A province, district or commune of one era. Codes are the official GSO codes, zero-padded.

    The same code can name different units in the two eras (commune 00004 was Trúc Bạch, now Ba Đình), so a
    unit is identified by (era, level, code).
    """

    era = models.CharField(_("thời kỳ"), max_length=8, choices=Era.choices)
    level = models.CharField(_("cấp"), max_length=8, choices=Level.choices)
    code = models.CharField(_("mã"), max_length=5)
    name = models.CharField(_("tên"), max_length=120)
    short_name = models.CharField(_("tên ngắn"), max_length=100)
    unit_type = models.CharField(_("loại đơn vị"), max_length=20, help_text=_("Tỉnh, Thành phố, Huyện, Xã, Phường…"))
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    province = models.ForeignKey(
        "self", verbose_name=_("tỉnh"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    area_type = models.CharField(_("khu vực"), max_length=5, choices=AreaType.choices, blank=True)
    region = models.CharField(_("vùng kinh tế - xã hội"), max_length=32, choices=Region.choices, blank=True)
    source_key = models.CharField(max_length=160, db_index=True, help_text="vietnamadminunits key")

    objects = AdminUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        constraints = [models.UniqueConstraint(fields=["era", "level", "code"], name="adminunit_unique_code")]
        indexes = [models.Index(fields=["era", "level", "province"])]
        ordering = ["era", "level", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_legacy(self) -> bool:
        return self.era == Era.LEGACY

    def full_name(self) -> str:
        """ "Xã Ba Bể, Tỉnh Thái Nguyên" — the chain of names up to the province."""
        names, unit = [self.name], self.parent
        while unit is not None:
            names.append(unit.name)
            unit = unit.parent
        return ", ".join(names)


class UnitSuccession(models.Model):
    """One edge of the old→new mapping of 1 July 2025.

    Many old communes merged into one new commune (many-to-one); some old communes were divided between several
    new ones (one-to-many). For a divided unit, `is_default` marks the new unit a record goes to when nothing
    more precise is known; `is_whole` is False for every edge of a divided unit.
    """

    old = models.ForeignKey(AdminUnit, on_delete=models.CASCADE, related_name="successors")
    new = models.ForeignKey(AdminUnit, on_delete=models.CASCADE, related_name="predecessors")
    is_whole = models.BooleanField(default=True)
    is_default = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("chuyển đổi đơn vị")
        verbose_name_plural = _("chuyển đổi đơn vị")
        constraints = [models.UniqueConstraint(fields=["old", "new"], name="succession_unique_edge")]

    def __str__(self) -> str:
        return f"{self.old} → {self.new}"


class VillageKind(models.TextChoices):
    """Names of the self-governing residential communities below the commune (spec §10.1)."""

    THON = "thon", _("Thôn")
    TO_DAN_PHO = "to_dan_pho", _("Tổ dân phố")
    BAN = "ban", _("Bản")
    BUON = "buon", _("Buôn")
    BON = "bon", _("Bon")
    AP = "ap", _("Ấp")
    KHOM = "khom", _("Khóm")
    XOM = "xom", _("Xóm")
    LANG = "lang", _("Làng")
    KHU_PHO = "khu_pho", _("Khu phố")
    OTHER = "other", _("Khác")


class Village(TimeStamped):
    """A thôn, tổ dân phố, bản, buôn, ấp, khóm… Not an administrative level; created by the commune."""

    commune = models.ForeignKey(
        AdminUnit,
        verbose_name=_("xã"),
        on_delete=models.PROTECT,
        related_name="villages",
        limit_choices_to={"level": Level.COMMUNE, "era": Era.CURRENT},
    )
    kind = models.CharField(_("loại"), max_length=12, choices=VillageKind.choices, default=VillageKind.THON)
    name = models.CharField(_("tên thôn, tổ dân phố"), max_length=100)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)

    class Meta:
        verbose_name = _("thôn, tổ dân phố")
        verbose_name_plural = _("thôn, tổ dân phố")
        constraints = [models.UniqueConstraint(fields=["commune", "name"], name="village_unique_name_in_commune")]
        ordering = ["commune", vi_order("name")]

    def __str__(self) -> str:
        return (
            f"{self.get_kind_display()} {self.name}"
            if not self.name.lower().startswith(self.get_kind_display().lower())
            else self.name
        )


class StaleCommuneManager(models.Manager["StaleCommune"]):
    def mark(self, commune_ids: Iterable[int | None]) -> None:
        """Mark communes whose tallies a write inside the current transaction changes, and, once it commits, say so
        (areas.signals.communes_marked_stale: the reports app queues their refresh in the background). Every write
        that can change a tally calls this; it costs one statement.

        The mark is an upsert that, when the mark exists, updates it in place (keeping its date): the update takes
        the row's lock, so a refresh that holds it (and read the figures before this transaction changed them)
        finishes first, and its clearing of the mark cannot erase this one (reports.tallies.services
        .tallies_refresh)."""
        ids = sorted({pk for pk in commune_ids if pk is not None})
        if not ids:
            return
        table = connection.ops.quote_name(self.model._meta.db_table)
        rows = ", ".join(["(%s, %s)"] * len(ids))
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (commune_id, since) VALUES {rows} "  # noqa: S608 (table name and placeholders)
                f"ON CONFLICT (commune_id) DO UPDATE SET since = {table}.since",
                [value for pk in ids for value in (pk, now)],
            )
        transaction.on_commit(functools.partial(_announce, ids))


def _announce(commune_ids: list[int]) -> None:
    communes_marked_stale.send(sender=StaleCommune, commune_ids=commune_ids)


class StaleCommune(models.Model):
    """A commune whose tallies (reports.CommuneTally) no longer match the register and the ledger, since the first
    write after their last refresh. The builders of reports and dashboards refresh the stale communes of their scope
    before reading (reports.tallies.services.tallies_ensure_fresh)."""

    commune = models.OneToOneField(AdminUnit, primary_key=True, on_delete=models.CASCADE, related_name="+")
    since = models.DateTimeField(_("cần tính lại từ"))

    objects = StaleCommuneManager()

    class Meta:
        verbose_name = _("xã cần tính lại số liệu tổng hợp")
        verbose_name_plural = _("xã cần tính lại số liệu tổng hợp")

    def __str__(self) -> str:
        return f"{self.commune_id} (từ {self.since:%d/%m/%Y %H:%M})"
