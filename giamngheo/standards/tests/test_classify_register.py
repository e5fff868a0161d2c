"""Bulk classification of the register: a background task that stores one assessment per household, or none."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from giamngheo.registry.models import Employment
from giamngheo.standards.models import Assessment, ClassificationRun, RunStatus
from giamngheo.standards.services import (
    assessment_from_register,
    classification_run_create,
    classification_run_execute,
)
from giamngheo.testing.factories import make_household, member

pytestmark = pytest.mark.django_db
DAY = datetime.date(2024, 10, 1)
FACTS = {"water_source": "surface", "latrine": "none", "uses_telecom": False, "owns_tv": False, "floor_area_m2": 40}


@pytest.fixture
def register(cast):
    poor = make_household(
        village=cast.village, members=[member(full_name="Hộ Nghèo")], facts=FACTS | {"income_per_capita": 1_000_000}
    )
    near = make_household(
        village=cast.other_village,
        members=[member(full_name="Hộ Cận Nghèo", employment=Employment.FARMING)],
        facts={"income_per_capita": 1_400_000, "water_source": "piped", "latrine": "septic", "floor_area_m2": 40},
    )
    rich = make_household(
        village=cast.other_commune_village,
        members=[member(full_name="Hộ Khá")],
        facts=FACTS | {"income_per_capita": 9_000_000},
    )
    far = make_household(
        village=cast.far_village, members=[member(full_name="Hộ Tỉnh Xa")], facts=FACTS | {"income_per_capita": 500_000}
    )
    no_income = make_household(village=cast.village, members=[member(full_name="Hộ Chưa Khai")])
    return {"poor": poor, "near": near, "rich": rich, "far": far, "no_income": no_income}


def test_the_command_classifies_a_province_through_the_queue(cast, register):
    out = io.StringIO()
    call_command(
        "classify_register",
        "--standard",
        "2022-2025",
        "--province",
        "91",
        "--as-of",
        "2024-10-01",
        "--wait",
        stdout=out,
    )
    run = ClassificationRun.objects.get()
    assert run.status == RunStatus.DONE and (run.total, run.stored, run.skipped) == (4, 3, 1)
    stored = {a.household_id: a.status for a in Assessment.objects.filter(run=run)}
    assert stored == {register["poor"].pk: "poor", register["near"].pk: "near_poor", register["rich"].pk: "not_poor"}
    assert "Xong lượt" in out.getvalue() and "3 kết quả đã lưu" in out.getvalue()


def test_bulk_results_equal_one_by_one_results(cast, register):
    run = classification_run_create(actor=None, standard_code="2022-2025", as_of=DAY)
    classification_run_execute(run=run)
    for bulk in Assessment.objects.filter(run=run):
        one = assessment_from_register(actor=None, household=bulk.household, as_of=DAY)
        assert (bulk.status, bulk.income_band, bulk.deprived, bulk.unknown) == (
            one.status,
            one.income_band,
            one.deprived,
            one.unknown,
        )
        assert bulk.reasons == one.reasons


def test_a_failed_run_leaves_no_assessment(cast, register, monkeypatch):
    from giamngheo.standards import services

    calls = {"n": 0}
    real_store = services.assessments_store

    def store_then_fail(**kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("mất kết nối")
        return real_store(**kwargs)

    monkeypatch.setattr(services, "CHUNK_HOUSEHOLDS", 1)
    monkeypatch.setattr(services, "assessments_store", store_then_fail)
    run = classification_run_create(actor=None, standard_code="2022-2025", as_of=DAY)
    with pytest.raises(RuntimeError):
        classification_run_execute(run=run)
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED and "mất kết nối" in run.error
    assert not Assessment.objects.exists()


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        ([], "Thiếu --standard"),
        (["--standard", "2099"], "Không có chuẩn nghèo mã “2099”"),
        (["--standard", "2022-2025", "--province", "77"], "Không có tỉnh mã 77"),
        (["--standard", "2016-2020"], "nhập trực tiếp"),
        (["--standard", "2022-2025", "--as-of", "2028-01-01"], "nằm ngoài hiệu lực"),
        (["--standard", "2022-2025", "--as-of", "01/10/2024"], "không đúng dạng"),
        (["--status", "999"], "Không có lượt phân loại #999"),
    ],
)
def test_bad_arguments_are_refused_in_vietnamese_and_queue_nothing(cast, args, fragment):
    with pytest.raises(CommandError, match=fragment):
        call_command("classify_register", *args)
    assert not ClassificationRun.objects.exists()


def test_results_of_an_unfinished_run_are_not_the_latest(cast, register):
    from giamngheo.standards.selectors import assessment_latest_for

    one = assessment_from_register(actor=None, household=register["poor"], as_of=DAY)
    run = classification_run_create(actor=None, standard_code="2022-2025", as_of=datetime.date(2024, 11, 1))
    classification_run_execute(run=run)
    run.status = RunStatus.RUNNING  # as if the worker had been killed before marking it done
    run.save()
    assert assessment_latest_for(register["poor"]) == one
