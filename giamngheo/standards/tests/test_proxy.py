"""The B1 proxy score: the shipped placeholder table (marked unverified), and tables loaded from Excel."""

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from giamngheo.standards.models import ProxyTable
from giamngheo.standards.params import standard_get
from giamngheo.standards.proxy import classify_proxy, proxy_score, table_for
from giamngheo.standards.rules import InvalidInput
from giamngheo.testing.factories import LOW_B1

pytestmark = pytest.mark.django_db
STANDARD = standard_get("2022-2025")
POOREST = LOW_B1  # the lowest option of every group: the base score


def test_the_shipped_table_is_used_and_said_to_be_unverified():
    table = table_for(STANDARD, area_type="rural")
    assert (table.threshold, table.verified) == (140, False)
    score = proxy_score(table, POOREST)
    assert score == table.base_points
    result = classify_proxy(STANDARD, table, score=score, deprived=["water", "sanitation", "telecom"])
    assert result.status == "poor" and result.income_band == "at_or_below_line"
    assert "CHƯA được đối chiếu với Thông tư 07/2021/TT-BLĐTBXH" in result.reasons[0]


def test_a_score_above_the_threshold_is_not_poor_whatever_the_deprivations():
    table = table_for(STANDARD, area_type="urban")
    answers = POOREST | {"non_farm_work": "public", "assets": "4+", "electricity": "150+", "pension": "2+"}
    score = proxy_score(table, answers)
    assert score > table.threshold
    result = classify_proxy(STANDARD, table, score=score, deprived=["water", "sanitation", "telecom"])
    assert (result.status, result.income_band) == ("not_poor", "above_line")


def test_every_group_must_be_answered_with_a_known_option():
    table = table_for(STANDARD, area_type="rural")
    with pytest.raises(InvalidInput, match="Chưa trả lời phần B1"):
        proxy_score(table, {"household_size": "1"})
    with pytest.raises(InvalidInput, match="không có lựa chọn “7”"):
        proxy_score(table, POOREST | {"household_size": "7"})


def test_an_administrator_corrects_the_table_through_excel(tmp_path, cast):
    path = tmp_path / "b1.xlsx"
    call_command("proxy_table_template", "--standard", "2022-2025", "--output", str(path))
    book = load_workbook(path)
    book["Ngưỡng"]["C2"] = 150  # rural threshold, as if read from the circular
    book.save(path)
    cast.national_admin.save()
    call_command(
        "load_proxy_tables",
        str(path),
        "--standard",
        "2022-2025",
        "--verified",
        "--source",
        "Thông tư 07/2021, Phụ lục III",
        "--actor",
        "quantri",
    )
    table = table_for(STANDARD, area_type="rural")
    assert (table.threshold, table.verified) == (150, True)
    result = classify_proxy(STANDARD, table, score=145, deprived=[])
    assert result.status == "near_poor"
    assert "CHƯA" not in result.reasons[0]


@pytest.mark.parametrize(
    ("edit", "fragment"),
    [
        (lambda b: b["Bảng điểm B1"].__setitem__("G3", "nhiều"), "dòng 3, cột Điểm: “nhiều” không phải số nguyên"),
        (lambda b: b["Bảng điểm B1"].__setitem__("A2", "Miền núi"), "phải là Nông thôn hoặc Thành thị"),
        (lambda b: b["Ngưỡng"].__setitem__("B2", "Vùng trăng"), "không phải một trong sáu vùng"),
        (lambda b: b.remove(b["Ngưỡng"]), "Tệp thiếu trang “Ngưỡng”"),
    ],
)
def test_a_bad_workbook_loads_nothing_and_names_the_cell(tmp_path, edit, fragment):
    path = tmp_path / "b1.xlsx"
    call_command("proxy_table_template", "--output", str(path))
    book = load_workbook(path)
    edit(book)
    book.save(path)
    with pytest.raises(CommandError, match=fragment):
        call_command("load_proxy_tables", str(path), "--standard", "2022-2025", "--source", "thử")
    assert not ProxyTable.objects.exists()


def test_a_load_needs_a_source(tmp_path):
    path = tmp_path / "b1.xlsx"
    call_command("proxy_table_template", "--output", str(path))
    with pytest.raises(CommandError, match="Ghi rõ nguồn"):
        call_command("load_proxy_tables", str(path), "--standard", "2022-2025")


def test_a_phieu_b_assessment_stores_the_score_and_says_the_table_is_unverified(cast):
    import datetime

    from giamngheo.standards.services import assessment_from_proxy
    from giamngheo.testing.factories import make_household, member

    household = make_household(
        village=cast.village,
        members=[member()],
        facts={"water_source": "surface", "latrine": "none", "uses_telecom": False},
    )
    assessment = assessment_from_proxy(
        actor=cast.collaborator, household=household, as_of=datetime.date(2025, 10, 1), answers=POOREST
    )
    assert (assessment.method, assessment.status, assessment.proxy_threshold) == ("proxy", "poor", 140)
    assert assessment.income_per_capita is None and assessment.proxy_score == 80
    assert "proxy_b1" in assessment.unverified
