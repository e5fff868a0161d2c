"""manage.py demo_setup --province 15 --households 20000: data and one user per role for trying the system (`make run`).

Safe to run again: the administrative units load only what is missing, the province is seeded only while it has no
households, and existing users are left as they are (their passwords are not reset).
"""

import sys
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from giamngheo.accounts.models import Agency, Role, User
from giamngheo.areas.management.commands.load_admin_units import summary as load_summary
from giamngheo.areas.models import AdminUnit, Village
from giamngheo.areas.services import admin_units_load
from giamngheo.common.formats import number_vi
from giamngheo.demo.management.commands.seed_synthetic import history_summary, seed_with_history
from giamngheo.demo.management.commands.seed_synthetic import summary as seed_summary
from giamngheo.demo.synthetic import REFERENCE_DATE, province_for_seed
from giamngheo.demo.synthetic.targets import STANDARD_CODE
from giamngheo.registry.models import Household
from giamngheo.reports.regime.agencies import agency_catalogue, agency_full_name
from giamngheo.reports.regime.services import agencies_add, report_periods_open
from giamngheo.reports.tables.tasks import reports_prepare_later
from giamngheo.reports.tallies.services import tallies_ensure_fresh
from giamngheo.reviews.models import Campaign, CampaignKind
from giamngheo.reviews.procedure import procedure_in_force
from giamngheo.reviews.services.campaigns import campaign_create
from giamngheo.standards.params import standard_in_force
from giamngheo.standards.services import classification_run_create, classification_run_execute

DEMO_SEED = 1
# Four annual reviews behind the seeded statuses, so that dashboards and reports have years to compare.
DEMO_YEARS = "2022-2025"
# The standard the synthetic facts are built for (demo/synthetic), applied on their reference date.
DEMO_STANDARD = STANDARD_CODE


@dataclass(frozen=True)
class DemoUser:
    username: str
    password: str  # passes AUTH_PASSWORD_VALIDATORS (checked before use)
    role: str
    full_name: str
    area: str  # "" (whole country), "province", "commune" or "village"


DEMO_USERS = (
    DemoUser("quantri", "Demo@QuanTri2025", Role.NATIONAL_ADMIN, "Quản trị hệ thống (thử nghiệm)", ""),
    DemoUser("canbo_tinh", "Demo@CanBoTinh2025", Role.PROVINCE_OFFICER, "Cán bộ tỉnh (thử nghiệm)", "province"),
    DemoUser("canbo_xa", "Demo@CanBoXa2025", Role.COMMUNE_OFFICER, "Cán bộ xã (thử nghiệm)", "commune"),
    DemoUser("chutich_xa", "Demo@ChuTichXa2025", Role.COMMUNE_CHAIRMAN, "Chủ tịch UBND xã (thử nghiệm)", "commune"),
    DemoUser("ctv_thon", "Demo@CtvThon2025", Role.VILLAGE_COLLABORATOR, "Cộng tác viên thôn (thử nghiệm)", "village"),
    DemoUser("nguoixem", "Demo@NguoiXem2025", Role.VIEWER, "Người xem (thử nghiệm)", "province"),
    DemoUser("kiemtoan", "Demo@KiemToan2025", Role.AUDITOR, "Kiểm toán, thanh tra (thử nghiệm)", "province"),
    # Of the first agency of the catalogue (reports/data/agencies.yaml), which demo_setup adds to the province.
    DemoUser("canbo_so", "Demo@CanBoSo2025", Role.AGENCY_OFFICER, "Cán bộ sở, ngành (thử nghiệm)", "province"),
)


def _busiest_commune(province: AdminUnit) -> AdminUnit:
    """The commune of the province with the most households (the first by code when none has any)."""
    row = (
        Household.objects.filter(commune__province=province)
        .values("commune")
        .annotate(n=Count("id"))
        .order_by("-n", "commune__code")
        .first()
    )
    if row is not None:
        return AdminUnit.objects.get(pk=row["commune"])
    return AdminUnit.objects.current().communes().filter(province=province).order_by("code").first()  # type: ignore[return-value]


class Command(BaseCommand):
    help = "Chuẩn bị dữ liệu thử: đơn vị hành chính, hộ mô phỏng của một tỉnh và một tài khoản cho mỗi vai trò."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--province", default="15", help="Mã tỉnh sau 01/07/2025 (mặc định 15, Lào Cai).")
        parser.add_argument("--households", type=int, default=20_000, help="Số hộ mô phỏng (mặc định 20.000).")
        parser.add_argument("--no-progress", action="store_true", help="Không hiện thanh tiến độ.")
        # `make run` passes its HOST and PORT, so the address printed is the one the server listens on.
        parser.add_argument("--host", default="127.0.0.1", help="Địa chỉ máy chủ sẽ chạy (mặc định 127.0.0.1).")
        parser.add_argument("--port", type=int, default=8000, help="Cổng máy chủ sẽ chạy (mặc định 8000).")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_MODE:
            # The demo users' passwords are public (README): never create them on a production server.
            raise CommandError(
                "demo_setup chỉ chạy ở chế độ thử nghiệm: nó tạo các tài khoản có mật khẩu công khai trong README. "
                "Đặt DEBUG=1 (máy phát triển) hoặc DEMO_MODE=1 (máy trình diễn); không chạy trên máy vận hành."
            )
        if options["households"] <= 0:
            raise CommandError(f"Số hộ phải lớn hơn 0 (đang là {options['households']}).")
        for demo in DEMO_USERS:
            try:
                validate_password(demo.password, User(username=demo.username, full_name=demo.full_name))
            except ValidationError as error:  # a programming error in DEMO_USERS, said plainly
                raise CommandError(
                    f"Mật khẩu mẫu của {demo.username} không hợp lệ: {' '.join(error.messages)}"
                ) from error

        try:
            # An unknown province rolls the unit load back too: bad input changes nothing.
            with transaction.atomic():
                loaded = admin_units_load()
                province = province_for_seed(options["province"])
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(load_summary(loaded))

        existing = Household.objects.filter(commune__province=province).count()
        if existing:
            self.stdout.write(f"{province.name} đã có {number_vi(existing)} hộ: giữ nguyên dữ liệu, không tạo thêm.")
        else:
            try:
                result, history = seed_with_history(
                    province_code=province.code,
                    households=options["households"],
                    seed=DEMO_SEED,
                    years=DEMO_YEARS,
                    show_progress=not options["no_progress"] and sys.stderr.isatty(),
                )
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from error
            self.stdout.write(seed_summary(result))
            if history is not None:
                self.stdout.write(history_summary(history, refresh_hint=False))  # refreshed below
            # Score the seeded households under the standard of their facts, so that the deprivation tables, charts
            # and service targets have assessments to read (as a province's bulk classification would give).
            run = classification_run_create(
                actor=None, standard_code=DEMO_STANDARD, as_of=REFERENCE_DATE, province=province
            )
            classification_run_execute(run=run)
            self.stdout.write(f"Đã chấm điểm {number_vi(run.stored)} hộ theo chuẩn {DEMO_STANDARD}.")
        # The dashboards and reports read the tallies: count the province's now rather than on the first page.
        refreshed = tallies_ensure_fresh(province_id=province.pk)
        if refreshed:
            self.stdout.write(f"Đã tính số liệu tổng hợp của {number_vi(refreshed)} xã, phường.")
        # The province's printed reports, laid out by the task worker that `make run` starts beside the server.
        reports_prepare_later([province.pk])
        try:
            periods = report_periods_open(actor=None, year=timezone.localdate().year)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(f"Kỳ báo cáo năm {timezone.localdate().year}: {', '.join(p.title for p in periods)}.")
        try:
            added = agencies_add(actor=None, province=province)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        if added:
            self.stdout.write(f"Đã thêm {len(added)} sở, ban, ngành báo cáo của {province.name}.")
        demo_agency = Agency.objects.get(
            province=province, name=agency_full_name(agency_catalogue()[0]["name"], province)
        )

        commune = _busiest_commune(province)
        village = Village.objects.filter(commune=commune).order_by("pk").first()
        areas: dict[str, tuple[AdminUnit | None, Village | None]] = {
            "": (None, None),
            "province": (province, None),
            "commune": (commune, None),
            "village": (commune, village),
        }
        created = set()
        with transaction.atomic():
            for demo in DEMO_USERS:
                if User.objects.filter(username=demo.username).exists():
                    continue
                area, user_village = areas[demo.area]
                is_admin = demo.role == Role.NATIONAL_ADMIN
                User.objects.create_user(
                    username=demo.username,
                    password=demo.password,
                    full_name=demo.full_name,
                    role=demo.role,
                    area=area,
                    village=user_village,
                    agency=demo_agency if demo.role == Role.AGENCY_OFFICER else None,
                    is_staff=is_admin,
                    is_superuser=is_admin,
                )
                created.add(demo.username)
        self._demo_campaign(province, commune)
        self._print_users(created, url=f"http://{options['host']}:{options['port']}")

    def _demo_campaign(self, province: AdminUnit, commune: AdminUnit) -> None:
        """This year's periodic review for the demo commune (last year's before 1 September), so the review pages
        have something to work on. Left alone when the province already has one for that year."""
        today = timezone.localdate()
        procedure = procedure_in_force(today)
        year = today.year if today >= procedure.window(today.year)[0] else today.year - 1
        if Campaign.objects.filter(province=province, year=year, kind=CampaignKind.PERIODIC).exists():
            return
        start, end = procedure.window(year)
        try:
            campaign = campaign_create(
                actor=None,
                province=province,
                year=year,
                standard_code=standard_in_force(start).code,
                plan_start=start,
                plan_end=end,
                communes=[commune],
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(f"Đã lập đợt thử: {campaign} ({commune.name}).")

    def _print_users(self, created: set[str], *, url: str) -> None:
        users = {
            u.username: u
            for u in User.objects.filter(username__in=[d.username for d in DEMO_USERS]).select_related(
                "area", "village", "agency"
            )
        }
        rows = [("Tên đăng nhập", "Mật khẩu", "Vai trò", "Địa bàn", "Tài khoản")]
        for demo in DEMO_USERS:
            user = users[demo.username]
            area = str(user.village) + ", " + str(user.area) if user.village else str(user.area or "Toàn quốc")
            if user.agency:
                area = str(user.agency)
            rows.append(
                (
                    user.username,
                    demo.password,
                    user.get_role_display(),
                    area,
                    "mới tạo" if user.username in created else "đã có",
                )
            )
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        self.stdout.write("")
        self.stdout.write("Tài khoản thử nghiệm:")
        for index, row in enumerate(rows):
            self.stdout.write("  " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
            if index == 0:
                self.stdout.write("  " + "  ".join("-" * width for width in widths))
        self.stdout.write(
            "Tài khoản đã có từ trước giữ nguyên mật khẩu (không đặt lại);"
            " nếu bạn đã đổi, mật khẩu trên không còn đúng."
        )
        self.stdout.write(self.style.SUCCESS(f"Mở {url} và đăng nhập bằng một tài khoản ở trên."))
