"""Synthetic households (manage.py seed_synthetic) and the bulk writer they go through.

The classification below is written again from spec §2.3–§2.4 on purpose, without the generator's own table, so
the test checks that the facts themselves carry the status the generator meant.
"""

import datetime
import hashlib
import json
from collections import Counter, defaultdict
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from giamngheo.accounts.models import AuditAction, AuditEntry
from giamngheo.accounts.services import audit_entry_build, changes_between, snapshot
from giamngheo.areas.models import AreaType, Region, Village
from giamngheo.common.text import fold
from giamngheo.demo.synthetic import RATE_TARGETS_2024, CommuneSpec, batches, plan_make
from giamngheo.registry.bulk import HouseholdBatch, households_bulk_create
from giamngheo.registry.models import EventKind, Household, HouseholdEvent, Person, Relation, Sex
from giamngheo.registry.services.base import PERSON_FIELDS, household_refresh_search
from giamngheo.registry.validators import citizen_id_validate
from giamngheo.testing.factories import CommuneFactory, ProvinceFactory

AS_OF = datetime.date(2025, 9, 1)  # the generator's reference date: the 2025 review window opens (spec §4.2)
STUDYING = {"preschool", "primary", "lower_secondary", "upper_secondary", "vocational", "higher"}
SCHOOL_FOR_AGE = (
    {3: {"preschool"}, 4: {"preschool"}, 5: {"preschool"}, 15: {"lower_secondary", "upper_secondary", "vocational"}}
    | {a: {"primary"} for a in range(6, 11)}
    | {a: {"lower_secondary"} for a in range(11, 15)}
)


def age(date_of_birth: datetime.date) -> int:
    return AS_OF.year - date_of_birth.year - ((AS_OF.month, AS_OF.day) < (date_of_birth.month, date_of_birth.day))


def deprivations(household: dict[str, Any], members: list[dict[str, Any]]) -> set[str]:
    """The 12 indicators of Decree 07/2021 with the cut-offs of spec §2.3."""
    found = set()
    ages = [age(m["date_of_birth"]) for m in members]
    people = list(zip(members, ages, strict=True))
    if any(
        15 <= a < 60
        and (m["employment"] == "unemployed" or (m["employment"] == "wage" and m["labour_contract"] is False))
        for m, a in people
    ):
        found.add("employment")
    dependants = sum(
        1
        for m, a in people
        if a < 16 or (m["social_allowance"] and (a >= 60 or m["disability"] in ("severe", "very_severe")))
    )
    if 2 * dependants > len(members):
        found.add("dependants")
    if any(a < 16 and m["malnourished"] for m, a in people):
        found.add("nutrition")
    if any(a >= 6 and not m["health_insurance"] for m, a in people):
        found.add("health_insurance")
    for m, a in people:
        studying = m["schooling"] in STUDYING
        if (
            16 <= a < 18
            and not studying
            and m["education"] not in ("lower_secondary", "upper_secondary", "vocational", "college", "university")
        ):
            found.add("adult_education")
        if (
            18 <= a <= 30
            and not studying
            and m["education"] not in ("upper_secondary", "vocational", "college", "university")
        ):
            found.add("adult_education")
        if 3 <= a <= 15 and m["schooling"] not in SCHOOL_FOR_AGE[a]:
            found.add("child_schooling")
    if [household["wall_durable"], household["column_durable"], household["roof_durable"]].count(False) >= 2:
        found.add("housing_quality")
    if Decimal(str(household["floor_area_m2"])) / len(members) < 8:
        found.add("housing_area")
    if household["water_source"] in ("unprotected_well", "unprotected_spring", "surface", "other"):
        found.add("water")
    if household["latrine"] in ("simple_pit", "none", "other"):
        found.add("latrine")
    if not household["uses_telecom"]:
        found.add("telecom")
    if not any(household[d] for d in ("owns_tv", "owns_radio", "owns_computer", "owns_smartphone")):
        found.add("information_devices")
    return found


def classify(household: dict[str, Any], members: list[dict[str, Any]]) -> str:
    """Spec §2.4: income at or below the line, then ≥ 3 deprivations poor, fewer near-poor; above the line not poor."""
    line = 2_000_000 if household["area_type"] == "urban" else 1_500_000
    if household["income_per_capita"] > line:
        return "not_poor"
    return "poor" if len(deprivations(household, members)) >= 3 else "near_poor"


def generated(batch: HouseholdBatch) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
    members: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in range(len(batch.persons["household_index"])):
        members[batch.persons["household_index"][row]].append({k: v[row] for k, v in batch.persons.items()})
    return [({k: v[i] for k, v in batch.households.items()}, members[i]) for i in range(len(batch))]


def stored(households: Any) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
    members: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for person in Person.objects.filter(household__in=households).order_by("id").values():
        members[person["household_id"]].append(dict(person))
    return [(h, members[h["id"]]) for h in households.order_by("code").values()]


def one_commune_per_kind_and_region() -> list[CommuneSpec]:
    communes, number = [], 0
    for region in Region.values:
        for area_type in (AreaType.URBAN, AreaType.RURAL, AreaType.RURAL, AreaType.RURAL):
            number += 1
            communes.append(CommuneSpec(id=number, code=f"{number:05d}", area_type=area_type, region=region))
    return communes


@pytest.fixture(scope="module")
def twenty_thousand() -> list[tuple[dict[str, Any], list[dict[str, Any]], str]]:
    """24,000 households over the six regions, generated in memory (the facts exactly as they would be stored)."""
    communes = one_commune_per_kind_and_region()
    plan = plan_make(communes=communes, households=24_000, seed=11)
    village_ids = {
        c.id: [c.id * 100 + k for k in range(max(1, v))]
        for c, v in zip(communes, plan.villages_per_commune.tolist(), strict=True)
    }
    region_of = {c.id: c.region for c in communes}
    return [
        (household, members, region_of[household["commune_id"]])
        for batch in batches(plan=plan, village_ids=village_ids, chunk_size=5_000)
        for household, members in generated(batch)
    ]


# ---------------------------------------------------------------- rates and consistency


def test_the_generator_lands_each_regions_poor_and_near_poor_rates_on_the_2024_figures(twenty_thousand):
    tally: dict[str, Counter[str]] = defaultdict(Counter)
    for household, members, region in twenty_thousand:
        tally[region][classify(household, members)] += 1
    assert set(tally) == set(Region.values)
    for region, counts in tally.items():
        total = sum(counts.values())
        target = RATE_TARGETS_2024[region]
        assert abs(100 * counts["poor"] / total - target.poor) <= 0.5, region
        assert abs(100 * counts["near_poor"] / total - target.near_poor) <= 0.5, region


def test_the_generator_stores_the_status_the_facts_give(twenty_thousand):
    wrong = [h["code"] for h, members, _region in twenty_thousand if classify(h, members) != h["status"]]
    assert wrong == []


def test_the_generator_uses_the_2024_figures_and_the_national_split_where_only_totals_are_published():
    assert RATE_TARGETS_2024[Region.NORTHERN_MIDLANDS_MOUNTAINS].poor == 8.72
    assert (
        round(sum(vars(RATE_TARGETS_2024[Region.NORTHERN_MIDLANDS_MOUNTAINS])[k] for k in ("poor", "near_poor")), 2)
        == 14.98
    )
    central_highlands = RATE_TARGETS_2024[Region.CENTRAL_HIGHLANDS]
    assert round(central_highlands.poor + central_highlands.near_poor, 2) == 9.45
    assert central_highlands.poor / (central_highlands.poor + central_highlands.near_poor) == pytest.approx(
        1.93 / 4.06, abs=0.002
    )


def test_the_generator_makes_plausible_families(twenty_thousand):
    sizes = [len(members) for _h, members, _r in twenty_thousand]
    assert 3.35 <= sum(sizes) / len(sizes) <= 3.65  # 2019 census: 3.5 persons per household
    kinh_heads: Counter[str] = Counter()
    for _household, members, _region in twenty_thousand:
        heads = [m for m in members if m["relation"] == Relation.HEAD]
        assert len(heads) == 1
        head = heads[0]
        assert age(head["date_of_birth"]) >= 18
        for m in members:
            assert m["full_name"].strip() and "  " not in m["full_name"]
            if m["relation"] == Relation.SPOUSE:
                assert m["sex"] != head["sex"] and age(m["date_of_birth"]) >= 18
            if m["relation"] == Relation.CHILD:
                assert age(m["date_of_birth"]) <= age(head["date_of_birth"]) - 15
            if m["citizen_id"]:
                citizen_id_validate(m["citizen_id"], sex=m["sex"], date_of_birth=m["date_of_birth"])
        if head["ethnicity"] == "01":
            kinh_heads[head["full_name"].split()[0]] += 1
    total = sum(kinh_heads.values())
    assert 0.33 <= kinh_heads["Nguyễn"] / total <= 0.43
    assert kinh_heads.most_common(3)[0][0] == "Nguyễn"
    assert {"Trần", "Lê"} <= {name for name, _n in kinh_heads.most_common(4)}


def test_the_generator_gives_the_central_highlands_their_ethnic_groups(twenty_thousand):
    groups = Counter(
        m["ethnicity"] for _h, members, r in twenty_thousand if r == Region.CENTRAL_HIGHLANDS for m in members
    )
    total = sum(groups.values())
    assert 0.5 <= groups["01"] / total <= 0.8
    assert groups["12"] and groups["10"]  # Ê-đê and Gia-rai


# ---------------------------------------------------------------- the command, through the database


@pytest.fixture
def province(db):
    province = ProvinceFactory(code="93", name="Tỉnh Thử Mô Phỏng", region=Region.NORTHERN_MIDLANDS_MOUNTAINS)
    CommuneFactory(code="93001", name="Xã Thử Một", parent=province)
    CommuneFactory(code="93002", name="Xã Thử Hai", parent=province)
    CommuneFactory(code="93003", name="Phường Thử Ba", unit_type="Phường", parent=province, area_type=AreaType.URBAN)
    return province


def seed(**options: Any) -> str:
    from io import StringIO

    out = StringIO()
    call_command("seed_synthetic", no_progress=True, stdout=out, **options)
    return out.getvalue()


def test_the_command_seeds_the_province_and_prints_a_vietnamese_summary(province):
    output = seed(province="93", households=600, seed=3)
    assert "Đã tạo 600 hộ" in output and "hộ/giây" in output and "hộ nghèo" in output
    households = Household.objects.filter(commune__province=province)
    assert households.count() == 600
    assert Person.objects.filter(household__in=households).count() >= 600 * 3
    wrong = [h["code"] for h, members in stored(households) if classify(h, members) != h["status"]]
    assert wrong == []
    rural_villages = Village.objects.filter(commune__code="93001").values_list("name", flat=True)
    assert "Thôn 1" in rural_villages
    assert "Tổ dân phố 1" in Village.objects.filter(commune__code="93003").values_list("name", flat=True)
    assert (
        AuditEntry.objects.filter(target_type="areas.village", commune_id__isnull=False).count()
        == Village.objects.count()
    )


def test_the_command_writes_search_text_head_event_and_audit_as_the_register_service_does(province):
    seed(province="93", households=50, seed=4)
    for household in Household.objects.filter(commune__province=province).select_related("head"):
        assert household.head is not None
        assert household.head.household_id == household.pk and household.head.relation == Relation.HEAD
        written = household.search_text
        household_refresh_search(household)
        assert household.search_text == written
        assert list(household.events.values_list("kind", "occurred_on")) == [(EventKind.REGISTERED, AS_OF)]
        for record in (household, *household.persons.all()):
            # One creation entry per household and per member, as household_register writes them.
            entry = AuditEntry.objects.get(target_type=record._meta.label_lower, target_id=str(record.pk))
            expected = audit_entry_build(
                actor=None,
                action=AuditAction.CREATE,
                instance=record,
                changes=changes_between({}, snapshot(record)),
                household_id=household.pk,
                commune_id=household.commune_id,
            )
            for field in (
                "actor_label",
                "action",
                "target_type",
                "target_id",
                "target_label",
                "household_id",
                "commune_id",
                "changes",
            ):
                assert getattr(entry, field) == getattr(expected, field), (record, field)
        for person in household.persons.all():
            assert person.name_folded == fold(person.full_name)


def digest() -> str:
    households = list(
        Household.objects.order_by("code").values_list(
            "code",
            "commune__code",
            "legacy_commune__code",
            "village__name",
            "address",
            "area_type",
            "status",
            "income_per_capita",
            "wall_durable",
            "column_durable",
            "roof_durable",
            "floor_area_m2",
            "water_source",
            "latrine",
            "uses_telecom",
            "uses_internet",
            "owns_tv",
            "owns_radio",
            "owns_computer",
            "owns_smartphone",
            "waste_treatment",
            "search_text",
            "head__citizen_id",
        )
    )
    persons = list(
        Person.objects.order_by("household__code", "id").values_list("household__code", "name_folded", *PERSON_FIELDS)
    )
    return hashlib.sha256(json.dumps([households, persons], default=str).encode()).hexdigest()


def seeded_digest(**options: Any) -> str:
    with transaction.atomic():
        seed(**options)
        result = digest()
        transaction.set_rollback(True)
    return result


def test_the_command_gives_the_same_rows_for_the_same_seed_on_an_empty_register(province):
    first = seeded_digest(province="93", households=300, seed=8)
    assert Household.objects.count() == 0
    assert seeded_digest(province="93", households=300, seed=8) == first
    assert seeded_digest(province="93", households=300, seed=9) != first


def test_the_command_never_reuses_a_citizen_id_across_seeds_and_provinces(province):
    other = ProvinceFactory(code="94", name="Tỉnh Thử Khác", region=Region.MEKONG_DELTA)
    CommuneFactory(code="94001", parent=other, region=Region.MEKONG_DELTA)
    seed(province="93", households=400, seed=1)
    seed(province="93", households=400, seed=2)
    seed(province="94", households=400, seed=1)
    ids = list(Person.objects.exclude(citizen_id=None).values_list("citizen_id", flat=True))
    assert len(ids) == len(set(ids)) > 2_000
    assert Household.objects.count() == 1_200


def test_the_command_refuses_a_seed_already_used_for_the_province_and_changes_nothing(province):
    seed(province="93", households=40, seed=5)
    counts = (Household.objects.count(), Person.objects.count(), AuditEntry.objects.count(), Village.objects.count())
    with pytest.raises(CommandError, match="Hạt giống 5 đã được dùng cho Tỉnh Thử Mô Phỏng"):
        seed(province="93", households=40, seed=5)
    assert (
        Household.objects.count(),
        Person.objects.count(),
        AuditEntry.objects.count(),
        Village.objects.count(),
    ) == counts


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ["--province=99", "--households=10"],
            r"Không có tỉnh mã 99 \(sau 01/07/2025\)\. Chạy `python manage.py load_admin_units` trước\.",
        ),
        (["--province=93", "--households=0"], "Số hộ phải lớn hơn 0"),
        (["--province=93", "--households=-5"], "Số hộ phải lớn hơn 0"),
        (["--province=93", "--households=nhiều"], "“nhiều” không phải số nguyên"),
        (["--province=93", "--households=10", "--seed=-1"], "Hạt giống .* phải từ 0"),
    ],
)
def test_the_command_refuses_bad_arguments_in_vietnamese_and_writes_nothing(province, arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("seed_synthetic", "--no-progress", *arguments)
    assert Household.objects.count() == 0 and Village.objects.count() == 0


def test_the_command_refuses_a_province_without_communes(db):
    ProvinceFactory(code="95", name="Tỉnh Trống")
    with pytest.raises(CommandError, match="Tỉnh Trống chưa có xã, phường nào"):
        seed(province="95", households=10)


# ---------------------------------------------------------------- the bulk writer


def one_household(code: str, citizen_id: str) -> HouseholdBatch:
    village = Village.objects.order_by("pk").first()
    assert village is not None
    facts = dict.fromkeys(
        (
            "wall_durable",
            "column_durable",
            "roof_durable",
            "uses_telecom",
            "uses_internet",
            "owns_tv",
            "owns_radio",
            "owns_computer",
            "owns_smartphone",
        ),
        True,
    )
    return HouseholdBatch(
        households={
            "code": [code],
            "commune_id": [village.commune_id],
            "legacy_commune_id": [None],
            "village_id": [village.pk],
            "address": ["Số 1\tngõ \\ 2"],
            "area_type": ["rural"],
            "status": ["unknown"],
            "income_per_capita": [None],
            "floor_area_m2": [Decimal("30.5")],
            "water_source": ["piped"],
            "latrine": ["septic"],
            "waste_treatment": ["collected"],
            **{k: [v] for k, v in facts.items()},
        },
        persons={
            "household_index": [0],
            "full_name": ["Nguyễn Văn An"],
            "sex": [Sex.MALE],
            "date_of_birth": [datetime.date(1980, 5, 17)],
            "ethnicity": ["01"],
            "citizen_id": [citizen_id],
            "citizen_id_issued_on": [datetime.date(2022, 3, 10)],
            "citizen_id_issued_by": ["c06"],
            "relation": [Relation.HEAD],
            "disability": ["none"],
            "has_merit": [False],
            "social_allowance": [False],
            "schooling": ["na"],
            "education": ["upper_secondary"],
            "health_insurance": [True],
            "employment": ["farming"],
            "occupation": [""],
            "labour_contract": [None],
            "malnourished": [False],
        },
    )


def test_the_bulk_writer_stores_text_needing_escapes_and_rolls_back_on_a_duplicate_cccd(province):
    seed(province="93", households=5, seed=6)
    before = (Household.objects.count(), Person.objects.count(), AuditEntry.objects.count())
    households_bulk_create(actor=None, batches=[one_household("X-1", "001080999001")], registered_on=AS_OF)
    household = Household.objects.get(code="X-1")
    assert household.address == "Số 1\tngõ \\ 2" and household.floor_area_m2 == Decimal("30.5")
    taken = Person.objects.exclude(citizen_id=None).values_list("citizen_id", flat=True).first()
    assert taken is not None
    with pytest.raises(ValidationError, match="số CCCD đã có trong sổ"):
        households_bulk_create(
            actor=None,
            batches=[one_household("X-2", "001080999002"), one_household("X-3", taken)],
            registered_on=AS_OF,
        )
    assert (Household.objects.count(), Person.objects.count(), AuditEntry.objects.count()) == (
        before[0] + 1,
        before[1] + 1,
        before[2] + 2,  # the household's creation entry and its member's
    )
    assert not Household.objects.filter(code="X-2").exists()
    assert HouseholdEvent.objects.filter(household__code="X-1").count() == 1


def indexes_and_foreign_keys() -> dict[str, Any]:
    with connection.cursor() as cursor:
        return {
            table: sorted(
                (name, bool(info["index"]), bool(info["unique"]), tuple(info["columns"]), info["foreign_key"])
                for name, info in connection.introspection.get_constraints(cursor, table).items()
            )
            for table in ("registry_household", "registry_person", "registry_householdevent", "accounts_auditentry")
        }


def test_a_load_that_rebuilds_the_indexes_leaves_the_same_indexes_and_foreign_keys(province):
    before = indexes_and_foreign_keys()
    seed(province="93", households=10, seed=7)
    with transaction.atomic():
        result = households_bulk_create(
            actor=None, batches=[one_household("X-4", "001080999004")], registered_on=AS_OF, rebuild_indexes=True
        )
    assert result.households == 1 and Household.objects.filter(code="X-4").exists()
    assert indexes_and_foreign_keys() == before
