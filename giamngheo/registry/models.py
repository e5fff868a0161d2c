"""The household register: households, their members, and the dated history of membership.

A household is the unit of the review (Decision 24/2021 Art. 1: household as defined by the Law on Residence,
Art. 37 cl. 2). The facts kept here are the ones the review forms and the reports need (spec §2.3, §9.2).
"""

import csv
from pathlib import Path

import yaml
from django.db import models
from django.utils.translation import gettext_lazy as _

from giamngheo.areas.models import AdminUnit, AreaType, Era, Village
from giamngheo.common.models import TimeStamped

DATA_DIR = Path(__file__).parent / "data"


def _load_ethnicities() -> list[tuple[str, str]]:
    with open(DATA_DIR / "ethnicities.csv", encoding="utf-8") as f:
        return [(row["code"], row["name"]) for row in csv.DictReader(f)]


ETHNICITY_CHOICES = _load_ethnicities()
KINH = "01"


def _load_citizen_id_issuers() -> list[tuple[str, str]]:
    with open(DATA_DIR / "citizen_id_issuers.yaml", encoding="utf-8") as f:
        return [(row["code"], row["name"]) for row in yaml.safe_load(f)["issuers"]]


# "Nơi cấp" of the citizen identity card, from data (codes stay; names are what the card prints).
CITIZEN_ID_ISSUER_CHOICES = _load_citizen_id_issuers()


class Sex(models.TextChoices):
    # Mẫu 01 of Decision 24/2021 codes sex as "1 Nam, 2 Nữ".
    MALE = "1", _("Nam")
    FEMALE = "2", _("Nữ")


class Relation(models.TextChoices):
    """Relation to the household head, as on Mẫu 01 and Mẫu 03 (chủ hộ / vợ / chồng / bố / mẹ / con …)."""

    HEAD = "head", _("Chủ hộ")
    SPOUSE = "spouse", _("Vợ/chồng")
    CHILD = "child", _("Con")
    PARENT = "parent", _("Bố/mẹ")
    PARENT_IN_LAW = "parent_in_law", _("Bố/mẹ vợ hoặc chồng")
    CHILD_IN_LAW = "child_in_law", _("Con dâu/con rể")
    GRANDCHILD = "grandchild", _("Cháu")
    GRANDPARENT = "grandparent", _("Ông/bà")
    SIBLING = "sibling", _("Anh/chị/em")
    OTHER_RELATIVE = "other_relative", _("Họ hàng khác")
    OTHER = "other", _("Không họ hàng")


class Status(models.TextChoices):
    """Recognised status on the commune's lists (spec §6.1). Changed only by a commune decision."""

    POOR = "poor", _("Hộ nghèo")
    NEAR_POOR = "near_poor", _("Hộ cận nghèo")
    NOT_POOR = "not_poor", _("Không nghèo")
    UNKNOWN = "unknown", _("Chưa rà soát")


class Disability(models.TextChoices):
    # Law on Persons with Disabilities 2010, Art. 3: mild, severe, especially severe.
    NONE = "none", _("Không")
    MILD = "mild", _("Nhẹ")
    SEVERE = "severe", _("Nặng")
    VERY_SEVERE = "very_severe", _("Đặc biệt nặng")


class Schooling(models.TextChoices):
    """Current school attendance (spec §2.3 indicator 6, child school attendance)."""

    NOT_APPLICABLE = "na", _("Không thuộc diện")
    PRESCHOOL = "preschool", _("Đang học mầm non")
    PRIMARY = "primary", _("Đang học tiểu học")
    LOWER_SECONDARY = "lower_secondary", _("Đang học THCS")
    UPPER_SECONDARY = "upper_secondary", _("Đang học THPT")
    VOCATIONAL = "vocational", _("Đang học nghề")
    HIGHER = "higher", _("Đang học cao đẳng, đại học")
    NOT_ATTENDING = "not_attending", _("Không đi học")


class Education(models.TextChoices):
    """Highest level completed (spec §2.3 indicator 5, adult education level)."""

    NONE = "none", _("Chưa tốt nghiệp tiểu học")
    PRIMARY = "primary", _("Tiểu học")
    LOWER_SECONDARY = "lower_secondary", _("THCS")
    UPPER_SECONDARY = "upper_secondary", _("THPT")
    VOCATIONAL = "vocational", _("Sơ cấp, trung cấp nghề")
    COLLEGE = "college", _("Cao đẳng")
    UNIVERSITY = "university", _("Đại học trở lên")


class Employment(models.TextChoices):
    """Work situation (spec §2.3 indicator 1: unemployed, or wage work without a labour contract)."""

    FARMING = "farming", _("Nông, lâm, ngư nghiệp, diêm nghiệp")
    SELF_EMPLOYED = "self_employed", _("Tự làm phi nông nghiệp")
    WAGE = "wage", _("Làm công ăn lương")
    UNEMPLOYED = "unemployed", _("Thất nghiệp (muốn làm nhưng không có việc)")
    STUDENT = "student", _("Đang đi học")
    HOMEMAKER = "homemaker", _("Nội trợ")
    RETIRED = "retired", _("Nghỉ hưu, già")
    UNABLE = "unable", _("Không có khả năng lao động")
    CHILD = "child", _("Trẻ em")


class WaterSource(models.TextChoices):
    # Spec §2.3 indicator 9 lists the safe sources [P]; which count as safe is standards data, not code.
    PIPED = "piped", _("Nước máy")
    DRILLED_WELL = "drilled_well", _("Giếng khoan")
    PROTECTED_DUG_WELL = "protected_dug_well", _("Giếng đào được bảo vệ")
    PROTECTED_SPRING = "protected_spring", _("Nước khe, mó được bảo vệ")
    RAINWATER = "rainwater", _("Nước mưa")
    BOTTLED = "bottled", _("Nước đóng chai, bình")
    UNPROTECTED_WELL = "unprotected_well", _("Giếng đào không được bảo vệ")
    UNPROTECTED_SPRING = "unprotected_spring", _("Nước khe, mó không được bảo vệ")
    SURFACE = "surface", _("Nước sông, suối, ao, hồ")
    OTHER = "other", _("Khác")


class Latrine(models.TextChoices):
    # Spec §2.3 indicator 10 [P, list incomplete]; which count as hygienic is standards data, not code.
    SEPTIC = "septic", _("Tự hoại")
    SEMI_SEPTIC = "semi_septic", _("Bán tự hoại")
    POUR_FLUSH = "pour_flush", _("Thấm dội nước")
    DOUBLE_VAULT = "double_vault", _("Hai ngăn")
    VENTILATED_PIT = "ventilated_pit", _("Chìm có ống thông hơi")
    SIMPLE_PIT = "simple_pit", _("Hố đào đơn giản")
    NONE = "none", _("Không có nhà tiêu")
    OTHER = "other", _("Khác")


class WasteTreatment(models.TextChoices):
    # Added as an indicator by Decree 351/2025 for 2027–2030 (spec §3 [V] indicator, [U] cut-off).
    COLLECTED = "collected", _("Được thu gom")
    TREATED_AT_HOME = "treated_at_home", _("Tự xử lý hợp vệ sinh (ủ, chôn lấp)")
    BURNED = "burned", _("Đốt")
    DUMPED = "dumped", _("Vứt ra môi trường")


class EndReason(models.TextChoices):
    """Why a household left the register (the "other decreases" of the change reports, spec §6.2)."""

    MOVED_AWAY = "moved_away", _("Chuyển đi nơi khác")
    MERGED = "merged", _("Nhập vào hộ khác")
    DIED_OUT = "died_out", _("Không còn thành viên")
    ERROR = "error", _("Ghi nhầm")


class HouseholdQuerySet(models.QuerySet["Household"]):
    def active(self) -> "HouseholdQuerySet":
        return self.filter(ended_on__isnull=True)


class Household(TimeStamped):
    code = models.CharField(_("mã hộ"), max_length=24, unique=True)
    commune = models.ForeignKey(
        AdminUnit, verbose_name=_("xã, phường, đặc khu"), on_delete=models.PROTECT, related_name="households"
    )
    legacy_commune = models.ForeignKey(
        AdminUnit,
        verbose_name=_("xã cũ (trước 01/07/2025)"),
        on_delete=models.PROTECT,
        related_name="legacy_households",
        null=True,
        blank=True,
        help_text=_("Đơn vị ghi nhận trước khi sắp xếp; hộ vẫn được hiển thị trên bản đồ mới."),
    )
    village = models.ForeignKey(
        Village, verbose_name=_("thôn, tổ dân phố"), on_delete=models.PROTECT, related_name="households"
    )
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    area_type = models.CharField(_("khu vực"), max_length=5, choices=AreaType.choices)
    head = models.ForeignKey(
        "Person", verbose_name=_("chủ hộ"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(_("tình trạng"), max_length=10, choices=Status.choices, default=Status.UNKNOWN)

    # Household facts used by the standards (spec §2.3). Blank means "not recorded".
    income_per_capita = models.PositiveBigIntegerField(
        _("thu nhập bình quân (đồng/người/tháng)"), null=True, blank=True
    )
    wall_durable = models.BooleanField(_("tường bền chắc"), null=True, blank=True)
    column_durable = models.BooleanField(_("cột (khung) bền chắc"), null=True, blank=True)
    roof_durable = models.BooleanField(_("mái bền chắc"), null=True, blank=True)
    floor_area_m2 = models.DecimalField(
        _("diện tích nhà ở (m²)"), max_digits=7, decimal_places=1, null=True, blank=True
    )
    water_source = models.CharField(_("nguồn nước sinh hoạt"), max_length=20, choices=WaterSource.choices, blank=True)
    latrine = models.CharField(_("nhà tiêu"), max_length=16, choices=Latrine.choices, blank=True)
    uses_telecom = models.BooleanField(_("có sử dụng điện thoại, internet"), null=True, blank=True)
    uses_internet = models.BooleanField(_("có sử dụng internet, dịch vụ số"), null=True, blank=True)
    owns_tv = models.BooleanField(_("có ti vi"), null=True, blank=True)
    owns_radio = models.BooleanField(_("có đài, radio"), null=True, blank=True)
    owns_computer = models.BooleanField(_("có máy tính"), null=True, blank=True)
    owns_smartphone = models.BooleanField(_("có điện thoại thông minh"), null=True, blank=True)
    waste_treatment = models.CharField(
        _("xử lý rác thải sinh hoạt"), max_length=16, choices=WasteTreatment.choices, blank=True
    )

    ended_on = models.DateField(_("ngày ra khỏi danh sách"), null=True, blank=True)
    end_reason = models.CharField(_("lý do"), max_length=12, choices=EndReason.choices, blank=True)

    # Folded (no diacritics, lower case) names of the members and the code, for search; kept by the services.
    search_text = models.TextField(default="", editable=False)
    # Moved on by every service that changes the row: an edit page posts the version it showed, and a save made
    # after someone else's is refused instead of silently putting back what they changed (a lost update).
    version = models.PositiveIntegerField(_("phiên bản"), default=1, editable=False)

    objects = HouseholdQuerySet.as_manager()

    class Meta:
        verbose_name = _("hộ gia đình")
        verbose_name_plural = _("hộ gia đình")
        indexes = [
            # The list's order (commune, village, code), so a page of a large commune is read off the index.
            models.Index(fields=["commune", "village", "code"]),
            models.Index(fields=["commune", "status"]),
        ]
        ordering = ["code"]

    def __str__(self) -> str:
        head = self.head.full_name if self.head_id and self.head else "—"
        return f"{self.code} · {head}"


class PersonQuerySet(models.QuerySet["Person"]):
    def members(self) -> "PersonQuerySet":
        """People who currently belong to their household (not moved out, not dead)."""
        return self.filter(left_on__isnull=True)


class LeaveReason(models.TextChoices):
    MOVED_OUT = "moved_out", _("Chuyển đi")
    DIED = "died", _("Chết")
    SPLIT = "split", _("Tách hộ")
    MERGED = "merged", _("Nhập hộ")


class Person(TimeStamped):
    household = models.ForeignKey(Household, verbose_name=_("hộ"), on_delete=models.PROTECT, related_name="persons")
    full_name = models.CharField(_("họ và tên"), max_length=120)
    # Folded name, for matching people during imports; lists search Household.search_text instead.
    name_folded = models.CharField(max_length=120, editable=False)
    sex = models.CharField(_("giới tính"), max_length=1, choices=Sex.choices)
    date_of_birth = models.DateField(_("ngày sinh"))
    ethnicity = models.CharField(_("dân tộc"), max_length=2, choices=ETHNICITY_CHOICES, default=KINH)
    citizen_id = models.CharField(_("số CCCD"), max_length=12, null=True, blank=True)
    citizen_id_issued_on = models.DateField(_("ngày cấp CCCD"), null=True, blank=True)
    citizen_id_issued_by = models.CharField(
        _("nơi cấp CCCD"), max_length=20, choices=CITIZEN_ID_ISSUER_CHOICES, blank=True
    )
    relation = models.CharField(_("quan hệ với chủ hộ"), max_length=16, choices=Relation.choices)

    disability = models.CharField(_("khuyết tật"), max_length=12, choices=Disability.choices, default=Disability.NONE)
    has_merit = models.BooleanField(_("người có công với cách mạng"), default=False)
    social_allowance = models.BooleanField(_("hưởng trợ cấp xã hội hằng tháng"), default=False)
    schooling = models.CharField(
        _("tình trạng đi học"), max_length=16, choices=Schooling.choices, default=Schooling.NOT_APPLICABLE
    )
    education = models.CharField(_("trình độ giáo dục cao nhất"), max_length=16, choices=Education.choices, blank=True)
    health_insurance = models.BooleanField(_("có thẻ BHYT"), default=False)
    employment = models.CharField(_("việc làm"), max_length=16, choices=Employment.choices, blank=True)
    occupation = models.CharField(_("nghề nghiệp"), max_length=100, blank=True)
    labour_contract = models.BooleanField(
        _("có hợp đồng lao động"), null=True, blank=True, help_text=_("Chỉ áp dụng với người làm công ăn lương.")
    )
    malnourished = models.BooleanField(_("trẻ suy dinh dưỡng (thấp còi hoặc nhẹ cân)"), default=False)

    left_on = models.DateField(_("ngày ra khỏi hộ"), null=True, blank=True)
    left_reason = models.CharField(_("lý do ra khỏi hộ"), max_length=10, choices=LeaveReason.choices, blank=True)
    # As Household.version: the member's edit page posts it back, a stale save is refused.
    version = models.PositiveIntegerField(_("phiên bản"), default=1, editable=False)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("nhân khẩu")
        verbose_name_plural = _("nhân khẩu")
        constraints = [
            # One person, one CCCD, in the whole register (the service names the other household on conflict).
            models.UniqueConstraint(
                fields=["citizen_id"], condition=models.Q(citizen_id__isnull=False), name="person_unique_citizen_id"
            ),
        ]
        ordering = ["household", "id"]

    def __str__(self) -> str:
        return self.full_name

    @property
    def is_member(self) -> bool:
        return self.left_on is None


class EventKind(models.TextChoices):
    """Dated membership history (the "other increases / decreases" of the change reports, spec §6.2)."""

    REGISTERED = "registered", _("Đăng ký vào sổ")
    BIRTH = "birth", _("Sinh")
    MOVED_IN = "moved_in", _("Chuyển đến")
    MOVED_OUT = "moved_out", _("Chuyển đi")
    DEATH = "death", _("Chết")
    SPLIT = "split", _("Tách hộ")
    MERGED = "merged", _("Nhập hộ")
    HEAD_CHANGED = "head_changed", _("Đổi chủ hộ")
    ENDED = "ended", _("Ra khỏi danh sách")


class HouseholdEvent(models.Model):
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="events")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="events")
    kind = models.CharField(_("sự kiện"), max_length=14, choices=EventKind.choices)
    occurred_on = models.DateField(_("ngày"))
    other_household = models.ForeignKey(
        Household,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Hộ đi hoặc đến khi tách, nhập, chuyển."),
    )
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("biến động")
        verbose_name_plural = _("biến động")
        ordering = ["-occurred_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_on:%d/%m/%Y}"


# A status recognised by a commune's decision; blank on a move-in means "not known".
RECOGNISED_STATUS_CHOICES = [(s.value, s.label) for s in (Status.POOR, Status.NEAR_POOR, Status.NOT_POOR)]


class MoveIn(models.Model):
    """Where a household, or a member, that moved in came from: a commune on today's map or the old one (before
    01/07/2025), or outside the country; and, when known, its recognised status there with the decision. The review
    ledger reads it to count a poor household that moved in as "khác tăng", not as newly arising poverty (spec §6.2).
    """

    household = models.ForeignKey(Household, verbose_name=_("hộ"), on_delete=models.CASCADE, related_name="moves_in")
    # None: the whole household moved in; else the member who joined it by moving in.
    person = models.OneToOneField(
        Person, verbose_name=_("nhân khẩu"), null=True, blank=True, on_delete=models.CASCADE, related_name="move_in"
    )
    moved_on = models.DateField(_("ngày chuyển đến"))
    from_commune = models.ForeignKey(
        AdminUnit,
        verbose_name=_("chuyển từ xã, phường, đặc khu"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    from_abroad = models.BooleanField(_("chuyển từ nước ngoài"), default=False)
    status_there = models.CharField(
        _("tình trạng ở nơi cũ"), max_length=10, choices=RECOGNISED_STATUS_CHOICES, blank=True
    )
    decision_number = models.CharField(_("số quyết định công nhận ở nơi cũ"), max_length=40, blank=True)
    decision_date = models.DateField(_("ngày quyết định ở nơi cũ"), null=True, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("nơi chuyển đến từ")
        verbose_name_plural = _("nơi chuyển đến từ")
        constraints = [
            # Either a commune or abroad, never both, never neither (the service says which in Vietnamese).
            models.CheckConstraint(
                condition=models.Q(from_commune__isnull=False, from_abroad=False)
                | models.Q(from_commune__isnull=True, from_abroad=True),
                name="move_in_from_one_place",
            ),
            models.UniqueConstraint(
                fields=["household"], condition=models.Q(person__isnull=True), name="move_in_one_per_household"
            ),
        ]

    def __str__(self) -> str:
        return f"Chuyển đến ngày {self.moved_on:%d/%m/%Y} từ {self.origin}"

    @property
    def origin(self) -> str:
        if self.from_abroad or self.from_commune is None:
            return "nước ngoài"
        old_map = " (trước 01/07/2025)" if self.from_commune.era == Era.LEGACY else ""
        return f"{self.from_commune.name}{old_map}"
