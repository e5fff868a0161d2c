"""Users with one role and one area, the audit trail of every change to the register, and the trace of who read
whose personal data."""

from typing import Any

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from giamngheo.areas.models import AdminUnit, Level, Village
from giamngheo.common.models import vi_order


class Role(models.TextChoices):
    NATIONAL_ADMIN = "national_admin", _("Quản trị quốc gia")
    PROVINCE_OFFICER = "province_officer", _("Cán bộ tỉnh")
    COMMUNE_OFFICER = "commune_officer", _("Cán bộ xã")
    COMMUNE_CHAIRMAN = "commune_chairman", _("Chủ tịch UBND xã")
    VILLAGE_COLLABORATOR = "village_collaborator", _("Cộng tác viên thôn")
    VIEWER = "viewer", _("Người xem")
    AUDITOR = "auditor", _("Kiểm toán, thanh tra")
    # An officer of a province department or agency taking part in poverty reduction (sở, ban, ngành): reads the
    # province like a viewer and writes its agency's periodic report.
    AGENCY_OFFICER = "agency_officer", _("Cán bộ sở, ban, ngành")


class Agency(models.Model):
    """A department or agency of a province that carries out part of the poverty-reduction programme and reports on
    it (the plans' "sở, ban, ngành": health, education, information, housing, livelihoods, credit …). `targets` are
    the codes of the targets it answers for (reports/data/targets.yaml), whose progress and deprivations its reports
    carry."""

    province = models.ForeignKey(
        AdminUnit,
        verbose_name=_("tỉnh, thành phố"),
        on_delete=models.PROTECT,
        related_name="agencies",
        limit_choices_to={"era": "current", "level": "province"},
    )
    name = models.CharField(_("tên cơ quan"), max_length=160)
    targets = models.JSONField(_("chỉ tiêu phụ trách"), default=list, blank=True)
    responsibilities = models.TextField(_("nhiệm vụ"), blank=True)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)

    class Meta:
        verbose_name = _("sở, ban, ngành")
        verbose_name_plural = _("sở, ban, ngành")
        ordering = ["province__code", vi_order("name")]
        constraints = [models.UniqueConstraint(fields=["province", "name"], name="agency_unique_name")]

    def __str__(self) -> str:
        return self.name


# The level of area each role works at (None = the whole country). An area of another level gives no access.
AREA_LEVELS: dict[Role, tuple[str | None, ...]] = {
    Role.NATIONAL_ADMIN: (None,),
    Role.PROVINCE_OFFICER: (Level.PROVINCE,),
    Role.COMMUNE_OFFICER: (Level.COMMUNE,),
    Role.COMMUNE_CHAIRMAN: (Level.COMMUNE,),
    Role.VILLAGE_COLLABORATOR: (Level.COMMUNE,),
    Role.VIEWER: (None, Level.PROVINCE, Level.COMMUNE),
    Role.AUDITOR: (None, Level.PROVINCE, Level.COMMUNE),
    Role.AGENCY_OFFICER: (Level.PROVINCE,),
}


class User(AbstractUser):
    """A person who logs in. The area is a province or commune of today's map; collaborators also have a village.

    A national administrator, viewer or auditor without an area sees the whole country.
    """

    full_name = models.CharField(_("họ và tên"), max_length=120, blank=True)
    role = models.CharField(_("vai trò"), max_length=24, choices=Role.choices, default=Role.VIEWER)
    area = models.ForeignKey(
        AdminUnit,
        verbose_name=_("địa bàn"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
        limit_choices_to={"era": "current"},
    )
    village = models.ForeignKey(
        Village,
        verbose_name=_("thôn, tổ dân phố"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("sở, ban, ngành"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
        help_text=_("Chỉ cho cán bộ sở, ban, ngành: cơ quan thuộc tỉnh của mình."),
    )
    national_access = models.BooleanField(
        _("xem toàn quốc"),
        default=False,
        help_text=_("Chỉ cho người xem, kiểm toán của cơ quan trung ương: không có địa bàn thì xem được cả nước."),
    )

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def __str__(self) -> str:
        return self.full_name or self.username

    def clean(self) -> None:
        """A role works at one level: refuse an area of another level, so scope never widens by mistake."""
        from django.core.exceptions import ValidationError

        allowed = AREA_LEVELS[Role(self.role)]
        level = self.area.level if self.area_id and self.area else None
        if level not in allowed:
            raise ValidationError(
                {
                    "area": _("Vai trò này cần địa bàn cấp: %(levels)s.")
                    % {
                        "levels": ", ".join(
                            str(_("toàn quốc")) if lv is None else str(Level(lv).label) for lv in allowed
                        )
                    }
                }
            )
        village = self.village if self.village_id else None
        if self.role == Role.VILLAGE_COLLABORATOR and (village is None or village.commune_id != self.area_id):
            raise ValidationError({"village": _("Cộng tác viên cần một thôn thuộc xã của mình.")})
        agency = self.agency if self.agency_id else None
        if self.role == Role.AGENCY_OFFICER and (agency is None or agency.province_id != self.area_id):
            raise ValidationError({"agency": _("Cán bộ sở, ban, ngành cần một cơ quan thuộc tỉnh của mình.")})
        if self.role != Role.AGENCY_OFFICER and agency is not None:
            raise ValidationError({"agency": _("Chỉ cán bộ sở, ban, ngành gắn với một cơ quan.")})


class AuditAction(models.TextChoices):
    CREATE = "create", _("Thêm")
    UPDATE = "update", _("Sửa")
    DELETE = "delete", _("Xoá")


class ImmutableQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("Nhật ký thay đổi không được sửa.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("Nhật ký thay đổi không được xoá.")


class AuditEntry(models.Model):
    """Who changed which register record, when, and the values before and after.

    Append-only: the model refuses updates and deletes, and on PostgreSQL a trigger refuses them too, so not even
    an administrator with a database shell changes history by accident.
    """

    at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    # PROTECT: deleting a user would rewrite history; users who leave are deactivated instead.
    actor = models.ForeignKey(
        User, verbose_name=_("người thực hiện"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(_("người thực hiện"), max_length=150)
    action = models.CharField(_("thao tác"), max_length=6, choices=AuditAction.choices)
    target_type = models.CharField(_("loại bản ghi"), max_length=40)
    target_id = models.CharField(_("mã bản ghi"), max_length=40)
    target_label = models.CharField(_("bản ghi"), max_length=200)
    # Not a foreign key: the entry outlives the household it speaks about.
    household_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    commune_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    changes = models.JSONField(_("thay đổi"), default=dict)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        verbose_name = _("nhật ký thay đổi")
        verbose_name_plural = _("nhật ký thay đổi")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.actor_label} {self.get_action_display()} {self.target_label}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("Nhật ký thay đổi không được sửa.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("Nhật ký thay đổi không được xoá.")


class ReadKind(models.TextChoices):
    """What was read: a household's page, a person's page, a CCCD shown on request, or a file of personal data."""

    HOUSEHOLD = "household", _("Xem trang hộ")
    PERSON = "person", _("Xem trang nhân khẩu")
    SHOW = "show", _("Hiện số CCCD")
    DOWNLOAD = "download", _("Tải danh sách, văn bản")


class PersonalDataRead(models.Model):
    """Who read or downloaded whose personal data, and on which day (docs/security.md).

    One row per user, kind, object and day, however many times the page was opened that day: the unique constraint
    bounds the volume, and the insert ignores the conflict, so two requests at once never fail on it. `key` names
    the object: a household's or person's id, or for a file its kind and parameters ("poor_list:91001:2025").
    Rows older than PERSONAL_DATA_READ_RETENTION_DAYS are deleted by `purge_personal_data_reads`.
    """

    day = models.DateField(_("ngày"))
    at = models.DateTimeField(_("lần đầu lúc"))
    # PROTECT: users who leave are deactivated, and what they read stays readable.
    user = models.ForeignKey(User, verbose_name=_("người dùng"), on_delete=models.PROTECT, related_name="+")
    user_label = models.CharField(_("người dùng"), max_length=150)
    kind = models.CharField(_("loại"), max_length=10, choices=ReadKind.choices)
    key = models.CharField(_("mã đối tượng"), max_length=120)
    label = models.CharField(_("dữ liệu đã đọc"), max_length=200)
    # Not foreign keys, as in AuditEntry: the trace outlives the household, and a file covers a whole unit.
    household_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    commune_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    province_id = models.BigIntegerField(null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("lượt đọc dữ liệu cá nhân")
        verbose_name_plural = _("lượt đọc dữ liệu cá nhân")
        ordering = ["-day", "-at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "key", "day"], name="personaldataread_once_a_day")
        ]
        indexes = [models.Index(fields=["day"])]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} {self.user_label} {self.get_kind_display()} {self.label}"
