"""manage.py demo_setup: what `make run` prepares, and that running it again changes nothing."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from giamngheo.accounts.models import AuditEntry, Role, User
from giamngheo.areas.models import AdminUnit, Level, StaleCommune, Village
from giamngheo.registry.models import Household, Person
from giamngheo.reports.models import CommuneTally, ReportPeriod
from giamngheo.reviews.models import LedgerEntry


def demo_setup(*arguments: str) -> str:
    out = StringIO()
    call_command("demo_setup", "--no-progress", *arguments, stdout=out)
    return out.getvalue()


def counts() -> tuple[int, ...]:
    return (
        AdminUnit.objects.count(),
        Household.objects.count(),
        Person.objects.count(),
        Village.objects.count(),
        User.objects.count(),
        AuditEntry.objects.count(),
    )


@pytest.mark.django_db
def test_the_demo_setup_prepares_units_households_and_one_user_per_role_and_a_second_run_creates_nothing():
    first = demo_setup("--province=15", "--households=60")

    province = AdminUnit.objects.current().provinces().get(code="15")
    assert Household.objects.filter(commune__province=province).count() == 60
    assert "Đã tạo 60 hộ" in first and "http://127.0.0.1:8000" in first
    # Four years of reviews behind the statuses, counted for the dashboards, and this year's reports to write.
    assert set(LedgerEntry.objects.values_list("year", flat=True)) == {2022, 2023, 2024, 2025}
    assert "Đã mô phỏng rà soát định kỳ các năm 2022–2025" in first
    assert "Đã chấm điểm 60 hộ theo chuẩn 2022-2025" in first  # the deprivation tables and charts have data
    assert not StaleCommune.objects.exists()
    assert CommuneTally.objects.filter(province=province, year=2022).exists()
    assert ReportPeriod.objects.filter(year=timezone.localdate().year).exists()
    users = {user.username: user for user in User.objects.select_related("area", "village")}
    assert {u.role for u in users.values()} == set(Role.values)
    admin = users["quantri"]
    assert admin.area is None and admin.is_staff and admin.is_superuser and admin.check_password("Demo@QuanTri2025")
    assert users["canbo_tinh"].area == province and users["nguoixem"].area == province
    assert users["kiemtoan"].area == province
    commune = users["canbo_xa"].area
    assert commune is not None
    assert commune.level == Level.COMMUNE and commune.province == province
    most = max(
        AdminUnit.objects.current().communes().filter(province=province),
        key=lambda c: (Household.objects.filter(commune=c).count(), -int(c.code)),
    )
    assert commune == most and users["chutich_xa"].area == commune
    village = users["ctv_thon"].village
    assert village is not None and village.commune == commune and users["ctv_thon"].area == commune
    for line in ("quantri", "canbo_tinh", "canbo_xa", "chutich_xa", "ctv_thon", "nguoixem", "kiemtoan"):
        assert line in first

    users["canbo_xa"].set_password("Mat-khau-da-doi-2025")
    users["canbo_xa"].save()
    before = counts()
    # `make run HOST=… PORT=8010` passes its address on: the printed one is where the server listens.
    second = demo_setup("--province=15", "--households=60", "--host=192.168.1.5", "--port=8010")
    assert counts() == before
    assert "đã có 60 hộ: giữ nguyên dữ liệu" in second and "Không có gì mới" in second
    assert "mới tạo" not in second and second.count("đã có") >= 7
    assert "không đặt lại" in second and "Mở http://192.168.1.5:8010 " in second and ":8000" not in second
    assert User.objects.get(username="canbo_xa").check_password("Mat-khau-da-doi-2025")


@pytest.mark.django_db
def test_the_demo_setup_refuses_an_unknown_province_in_vietnamese():
    with pytest.raises(CommandError, match="Không có tỉnh mã 77"):
        demo_setup("--province=77", "--households=10")
    assert counts() == (0, 0, 0, 0, 0, 0)


@pytest.mark.django_db
def test_the_demo_setup_refuses_to_run_outside_demo_mode_and_creates_nothing(settings):
    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="demo_setup chỉ chạy ở chế độ thử nghiệm"):
        demo_setup("--province=15", "--households=10")
    assert counts() == (0, 0, 0, 0, 0, 0)


def test_make_run_passes_its_host_and_port_to_the_demo_setup():
    makefile = (Path(__file__).resolve().parents[3] / "Makefile").read_text(encoding="utf-8")
    assert (
        "demo_setup --province $(DEMO_PROVINCE) --households $(DEMO_HOUSEHOLDS) --host $(HOST) --port $(PORT)"
        in makefile
    )
