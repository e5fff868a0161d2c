"""Classifying a register household: derived deprivations, reasoned overrides, and append-only assessments."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from giamngheo.accounts.models import AuditEntry
from giamngheo.registry.models import Employment, Relation, Schooling, Sex
from giamngheo.standards.models import Assessment, ProxyTable
from giamngheo.standards.proxy_tables import proxy_tables_load, proxy_tables_template_write
from giamngheo.standards.services import assessment_from_register, classification_run_create
from giamngheo.testing.factories import make_household, member

pytestmark = pytest.mark.django_db
REVIEW_DAY = datetime.date(2024, 10, 1)


@pytest.fixture
def poor_household(cast):
    """Rural, 1,200,000 đồng per person, a worker without contract, a child out of school, a simple pit latrine."""
    return make_household(
        village=cast.village,
        members=[
            member(full_name="Hà Văn Sáng", employment=Employment.WAGE, labour_contract=False),
            member(
                full_name="Lò Thị Mai",
                sex=Sex.FEMALE,
                relation=Relation.SPOUSE,
                date_of_birth=datetime.date(1984, 2, 2),
                employment=Employment.FARMING,
            ),
            member(
                full_name="Hà Văn Tú",
                relation=Relation.CHILD,
                date_of_birth=datetime.date(2012, 3, 3),
                schooling=Schooling.NOT_ATTENDING,
                citizen_id=None,
            ),
        ],
        facts={
            "income_per_capita": 1_200_000,
            "latrine": "simple_pit",
            "water_source": "drilled_well",
            "wall_durable": True,
            "column_durable": True,
            "roof_durable": True,
            "floor_area_m2": 60,
            "uses_telecom": True,
            "owns_tv": True,
        },
    )


def test_classifying_from_the_register_derives_the_deprivations_and_stores_the_reasons(cast, poor_household):
    assessment = assessment_from_register(actor=cast.officer, household=poor_household, as_of=REVIEW_DAY)
    assert (assessment.standard, assessment.status) == ("2022-2025", "poor")
    assert assessment.deprived == ["employment", "child_schooling", "sanitation"]
    assert "Hà Văn Sáng (44 tuổi) làm công ăn lương không có hợp đồng lao động." in assessment.explanations.values()
    assert any("không vượt chuẩn nghèo nông thôn 1.500.000 đồng" in r for r in assessment.reasons)
    assert AuditEntry.objects.filter(target_type="standards.assessment", household_id=poor_household.pk).exists()


def test_reclassifying_under_another_standard_adds_an_assessment(cast, poor_household):
    first = assessment_from_register(actor=None, household=poor_household, as_of=REVIEW_DAY)
    second = assessment_from_register(actor=None, household=poor_household, as_of=datetime.date(2027, 10, 1))
    assert second.standard == "2027-2030" and first.standard == "2022-2025"
    assert Assessment.objects.filter(household=poor_household).count() == 2
    first.refresh_from_db()
    assert first.status == "poor"


def test_an_override_needs_a_written_reason_and_is_kept(cast, poor_household):
    with pytest.raises(ValidationError, match="phải ghi rõ lý do"):
        assessment_from_register(
            actor=None, household=poor_household, as_of=REVIEW_DAY, overrides={"sanitation": (False, "  ")}
        )
    assert not Assessment.objects.exists()
    assessment = assessment_from_register(
        actor=cast.officer,
        household=poor_household,
        as_of=REVIEW_DAY,
        overrides={"sanitation": (False, "Đã xây nhà tiêu tự hoại tháng 9/2024, kiểm tra thực tế.")},
    )
    assert assessment.status == "near_poor" and assessment.deprivation_count == 2
    assert assessment.overrides["sanitation"]["reason"].startswith("Đã xây nhà tiêu")
    assert any("Cán bộ điều chỉnh chỉ số Nhà tiêu hợp vệ sinh" in r for r in assessment.reasons)


def test_a_household_without_income_is_refused_clearly(cast):
    household = make_household(village=cast.village, members=[member()])
    with pytest.raises(ValidationError, match="chưa có thu nhập"):
        assessment_from_register(actor=None, household=household, as_of=REVIEW_DAY)


def test_missing_facts_are_named_in_the_reasons(cast):
    household = make_household(village=cast.village, members=[member()], facts={"income_per_capita": 5_000_000})
    assessment = assessment_from_register(actor=None, household=household, as_of=REVIEW_DAY)
    assert assessment.status == "not_poor"
    assert "water" in assessment.unknown
    assert any(r.startswith("Chưa đủ thông tin để xác định các chỉ số") for r in assessment.reasons)


def test_the_2016_2020_standard_cannot_be_derived_from_the_register(cast, poor_household):
    with pytest.raises(ValidationError, match="nhập trực tiếp"):
        assessment_from_register(actor=None, household=poor_household, as_of=datetime.date(2019, 10, 1))


def test_only_a_register_editor_of_the_households_area_classifies_it(cast, poor_household):
    for outsider in (cast.other_officer, cast.viewer, cast.chairman):
        with pytest.raises(ValidationError, match="Không có quyền thay đổi sổ hộ"):
            assessment_from_register(actor=outsider, household=poor_household, as_of=REVIEW_DAY)
    assert not Assessment.objects.exists()
    assessment_from_register(actor=cast.collaborator, household=poor_household, as_of=REVIEW_DAY)
    assert Assessment.objects.count() == 1


def test_a_bulk_classification_is_started_nationally_or_for_ones_own_province_only(cast):
    day = datetime.date(2025, 10, 1)
    with pytest.raises(ValidationError, match="Không có quyền phân loại hàng loạt"):
        classification_run_create(actor=cast.officer, standard_code="2022-2025", as_of=day, province=cast.province)
    with pytest.raises(ValidationError, match="Không có quyền phân loại hàng loạt"):
        classification_run_create(actor=cast.province_officer, standard_code="2022-2025", as_of=day)
    run = classification_run_create(
        actor=cast.province_officer, standard_code="2022-2025", as_of=day, province=cast.province
    )
    assert run.province == cast.province and run.created_by == cast.province_officer


def test_only_a_national_administrator_loads_the_b1_tables(cast, tmp_path):
    path = proxy_tables_template_write(path=tmp_path / "b1.xlsx", standard_code="2022-2025")
    with pytest.raises(ValidationError, match="Chỉ quản trị quốc gia"):
        proxy_tables_load(actor=cast.province_officer, path=path, standard_code="2022-2025", verified=False, source="X")
    assert not ProxyTable.objects.exists()
