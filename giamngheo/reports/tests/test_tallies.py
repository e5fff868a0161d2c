"""The communes' tallies: every write that changes the figures marks its commune stale; a refresh (the background
task, a reader, or the command) counts them again and clears the mark; and the tallies always equal what the
selectors of the official tables count straight from the register and the ledger."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from giamngheo.areas.models import Era, StaleCommune, UnitSuccession
from giamngheo.registry.models import EndReason, EventKind, Household, LeaveReason, Relation, Sex, Status
from giamngheo.registry.services.households import household_end, household_split
from giamngheo.registry.services.persons import person_add, person_leave, person_update
from giamngheo.reports.models import CommuneTally, ProvinceTally, TallyKind
from giamngheo.reports.tables.households import deprivations_table, groups_table
from giamngheo.reports.tallies.selectors import tallies_counted
from giamngheo.reports.tallies.services import (
    tallies_ensure_fresh,
    tallies_refresh,
)
from giamngheo.reviews.models import Change
from giamngheo.reviews.selectors import year_changes_by_commune, year_end_by_commune
from giamngheo.testing.factories import CommuneFactory, make_household, member

# The clock of these tests: tallies run up to the current year, so 2026 is counted too.
YEARS = (2025, datetime.date.today().year)


# The tallies as a builder reads them: the stale communes refreshed first (tallies_ensure_fresh), then the stored
# rows (tallies_counted); the same numbers and shape as reviews.selectors.year_changes_by_commune / year_end_by_commune.
def tallies_read(*, kind, year, commune_ids=None, legacy_commune_ids=None, by_legacy=False):
    tallies_ensure_fresh(commune_ids=commune_ids, legacy_commune_ids=legacy_commune_ids)
    return tallies_counted(
        kind=kind, year=year, commune_ids=commune_ids, legacy_commune_ids=legacy_commune_ids, by_legacy=by_legacy
    )


def tallied_changes_by_commune(*, year, commune_ids=None, legacy_commune_ids=None):
    return tallies_read(
        kind=TallyKind.CHANGE, year=year, commune_ids=commune_ids, legacy_commune_ids=legacy_commune_ids
    )


def tallied_ends_by_commune(*, year, commune_ids=None, legacy_commune_ids=None):
    return tallies_read(kind=TallyKind.END, year=year, commune_ids=commune_ids, legacy_commune_ids=legacy_commune_ids)


def _stale(*communes):
    return set(StaleCommune.objects.filter(commune__in=communes).values_list("commune_id", flat=True))


def _as_dicts(by_commune):
    return {pk: {key: dict(counts) for key, counts in tally.items()} for pk, tally in by_commune.items()}


def _province_sums(province):
    rows = ProvinceTally.objects.filter(province=province)
    return {(r.year, r.kind, r.key): (r.households, r.persons) for r in rows}


def _commune_sums(province):
    sums = {}
    for row in CommuneTally.objects.filter(province=province):
        households, persons = sums.get((row.year, row.kind, row.key), (0, 0))
        sums[(row.year, row.kind, row.key)] = (households + row.households, persons + row.persons)
    return sums


def _same_as_the_selectors(cast):
    ids = [cast.commune.pk, cast.other_commune.pk]
    for year in sorted(set(YEARS)):
        assert _as_dicts(tallied_changes_by_commune(year=year, commune_ids=ids)) == _as_dicts(
            year_changes_by_commune(commune_ids=ids, year=year)
        ), year
        assert _as_dicts(tallied_ends_by_commune(year=year, commune_ids=ids)) == _as_dicts(
            year_end_by_commune(commune_ids=ids, year=year)
        ), year


def test_a_decision_and_a_household_leaving_mark_the_commune_and_the_refresh_clears_it(year_2025):
    cast = year_2025
    # decision_apply and household_end (in the fixture) marked Xã Thử A; registering marked Phường Thử B.
    assert _stale(cast.commune, cast.other_commune) == {cast.commune.pk, cast.other_commune.pk}
    written = tallies_refresh(commune_ids=[cast.commune.pk, cast.other_commune.pk])
    assert written == CommuneTally.objects.count() > 0
    assert not StaleCommune.objects.exists()
    ends = tallied_ends_by_commune(year=2025, commune_ids=[cast.commune.pk])
    assert ends[cast.commune.pk][Status.POOR] == {"households": 1, "persons": 1}
    _same_as_the_selectors(cast)
    # The province's roll-up is its communes' tallies added up, rewritten by the same refresh.
    assert _province_sums(cast.province) == _commune_sums(cast.province) != {}
    make_household(village=cast.other_commune_village, status=Status.POOR, members=[member()])
    tallies_refresh(commune_ids=[cast.other_commune.pk])
    this_year = datetime.date.today().year
    assert _province_sums(cast.province)[(this_year, TallyKind.END, Status.POOR)] == (2, 2)
    assert _province_sums(cast.province) == _commune_sums(cast.province)


def test_after_a_decision_the_tallies_equal_the_selectors_for_every_year(year_2025):
    cast = year_2025
    _same_as_the_selectors(cast)  # the readers refresh the stale communes themselves
    changes = tallied_changes_by_commune(year=2025, commune_ids=[cast.commune.pk])[cast.commune.pk]
    assert changes[Change.NEWLY_POOR]["households"] == 1
    assert changes[Change.MOVED_OUT_POOR] == {"households": 1, "persons": 2}  # moved away: a row of its own


def test_a_person_leaving_and_a_household_ending_are_read_at_once(year_2025):
    cast = year_2025
    tallies_refresh(commune_ids=[cast.commune.pk, cast.other_commune.pk])
    near = Household.objects.get(persons__full_name="Hà Thị Ở")
    spouse = person_add(
        actor=cast.officer,
        household=near,
        data=member(full_name="Hà Văn Chồng", relation=Relation.SPOUSE),
        kind=EventKind.MOVED_IN,
        occurred_on=datetime.date(2025, 10, 1),
    )
    assert _stale(cast.commune) == {cast.commune.pk}
    this_year = datetime.date.today().year
    assert tallied_ends_by_commune(year=this_year, commune_ids=[cast.commune.pk])[cast.commune.pk][
        Status.NEAR_POOR
    ] == {"households": 1, "persons": 2}
    assert not _stale(cast.commune)

    person_leave(actor=cast.officer, person=spouse, reason=LeaveReason.MOVED_OUT, occurred_on=datetime.date(2026, 2, 1))
    assert _stale(cast.commune) == {cast.commune.pk}
    assert (
        tallied_ends_by_commune(year=this_year, commune_ids=[cast.commune.pk])[cast.commune.pk][Status.NEAR_POOR][
            "persons"
        ]
        == 1
    )
    household_end(
        actor=cast.officer, household=near, occurred_on=datetime.date(this_year, 3, 1), reason=EndReason.MOVED_AWAY
    )
    ends = tallied_ends_by_commune(year=this_year, commune_ids=[cast.commune.pk])[cast.commune.pk]
    assert Status.NEAR_POOR not in ends
    _same_as_the_selectors(cast)


def test_splitting_a_household_marks_its_commune(year_2025):
    cast = year_2025
    tallies_refresh(commune_ids=[cast.commune.pk, cast.other_commune.pk])
    household = make_household(
        village=cast.village,
        members=[member(full_name="Bế Văn Cả"), member(full_name="Bế Văn Hai", relation=Relation.CHILD)],
    )
    tallies_refresh(commune_ids=[cast.commune.pk])
    child = household.persons.get(full_name="Bế Văn Hai")
    household_split(
        actor=cast.officer,
        household=household,
        persons=[child],
        new_head=child,
        village=cast.village,
        occurred_on=datetime.date(2026, 4, 1),
    )
    assert _stale(cast.commune) == {cast.commune.pk}
    _same_as_the_selectors(cast)


def test_groups_and_deprivations_count_as_the_official_tables(year_2025):
    cast = year_2025
    arisen = Household.objects.get(persons__full_name="Vũ Văn Mới")
    tallies_refresh(commune_ids=[cast.commune.pk])
    person_update(
        actor=cast.officer,
        person=arisen.head,
        data={"ethnicity": "03", "sex": Sex.FEMALE, "has_merit": True, "citizen_id": ""},
    )
    assert _stale(cast.commune) == {cast.commune.pk}  # the head's facts change the reporting groups
    groups = tallies_read(kind=TallyKind.GROUP, year=2025, commune_ids=[cast.commune.pk])[cast.commune.pk]
    table = {row.label: row for row in groups_table(unit=cast.commune, year=2025).rows}["Xã Thử A"].households
    # groups_table: poor then near-poor × (total, ethnic minority, no labour capacity, merit, female head, other)
    for offset, status in ((0, Status.POOR), (6, Status.NEAR_POOR)):
        for index, group in enumerate(("ethnic_minority", "no_labour_capacity", "has_merit", "female_head", "other")):
            counted = groups.get(f"{status}:{group}", {"households": 0})["households"]
            assert counted == table[offset + 1 + index], (status, group)
    assert groups["poor:ethnic_minority"] == {"households": 1, "persons": 1}

    deprivations = tallies_read(kind=TallyKind.DEPRIVATION, year=2025, commune_ids=[cast.commune.pk])
    mine = deprivations[cast.commune.pk]
    official = deprivations_table(unit=cast.commune, year=2025, status=Status.POOR)
    counted = official.rows[0].households
    codes = [c.title for c in official.columns[3:]]
    assert mine["poor:assessed"]["households"] == counted[1] == 1
    from giamngheo.standards.params import standard_in_force

    standard = standard_in_force(datetime.date(2025, 12, 31))
    for position, title in enumerate(codes):
        code = next(i.code for i in standard.indicators if i.name == title)
        assert mine.get(f"poor:{code}", {"households": 0})["households"] == counted[3 + position], code
    assert "near_poor:assessed" not in mine  # the near-poor household was never assessed


def test_households_keep_their_legacy_commune_and_a_divided_one_adds_up_exactly(cast):
    legacy_whole = CommuneFactory(era=Era.LEGACY, code="00101", name="Xã Cũ Một", parent=None, province=None)
    legacy_divided = CommuneFactory(era=Era.LEGACY, code="00102", name="Xã Cũ Hai", parent=None, province=None)
    UnitSuccession.objects.create(old=legacy_whole, new=cast.commune)
    UnitSuccession.objects.create(old=legacy_divided, new=cast.commune, is_whole=False, is_default=True)
    UnitSuccession.objects.create(old=legacy_divided, new=cast.other_commune, is_whole=False, is_default=False)
    make_household(village=cast.village, status=Status.POOR, legacy_commune=legacy_whole, members=[member()])
    make_household(village=cast.village, status=Status.POOR, legacy_commune=legacy_divided, members=[member()])
    make_household(
        village=cast.other_commune_village, status=Status.NEAR_POOR, legacy_commune=legacy_divided, members=[member()]
    )
    make_household(village=cast.village, status=Status.POOR, members=[member()])  # no legacy commune recorded
    year = datetime.date.today().year

    by_legacy = tallies_read(
        kind=TallyKind.END, year=year, legacy_commune_ids=[legacy_whole.pk, legacy_divided.pk], by_legacy=True
    )
    assert by_legacy[legacy_whole.pk] == {Status.POOR: {"households": 1, "persons": 1}}
    assert by_legacy[legacy_divided.pk] == {
        Status.POOR: {"households": 1, "persons": 1},
        Status.NEAR_POOR: {"households": 1, "persons": 1},
    }
    # The divided commune's households are where they live today, once each.
    today = tallied_ends_by_commune(year=year, legacy_commune_ids=[legacy_divided.pk])
    assert today == {
        cast.commune.pk: {Status.POOR: {"households": 1, "persons": 1}},
        cast.other_commune.pk: {Status.NEAR_POOR: {"households": 1, "persons": 1}},
    }
    assert tallied_ends_by_commune(year=year, commune_ids=[cast.commune.pk])[cast.commune.pk][Status.POOR] == {
        "households": 3,
        "persons": 3,
    }


def test_the_background_task_refreshes_a_commune_once_the_write_commits(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        make_household(village=cast.village, status=Status.POOR, members=[member()])
    assert callbacks  # the refresh was queued on commit, and the test backend runs it at once
    assert not StaleCommune.objects.exists()
    assert CommuneTally.objects.filter(commune=cast.commune, kind=TallyKind.END, key=Status.POOR).exists()


def test_the_bulk_writer_of_imports_and_seed_synthetic_marks_every_commune_it_filled(cast):
    from giamngheo.registry.bulk import HouseholdBatch, households_bulk_create
    from giamngheo.registry.services.base import HOUSEHOLD_FACT_FIELDS, PERSON_FIELDS

    heads = [member(full_name="Mùa A Dế"), member(full_name="Lý Văn Bình")]
    blank = {"water_source": "", "latrine": "", "waste_treatment": ""}
    defaults = {"disability": "none", "schooling": "na", "education": "", "employment": "", "occupation": ""}
    defaults |= {"labour_contract": None, "has_merit": False, "social_allowance": False, "malnourished": False}
    defaults |= {"citizen_id_issued_on": None, "citizen_id_issued_by": ""}
    batch = HouseholdBatch(
        households={
            "code": ["BULK-1", "BULK-2"],
            "commune_id": [cast.commune.pk, cast.far_commune.pk],
            "legacy_commune_id": [None, None],
            "village_id": [cast.village.pk, cast.far_village.pk],
            "address": ["", ""],
            "area_type": ["rural", "rural"],
            "status": [Status.POOR, Status.UNKNOWN],
            **{name: [blank.get(name)] * 2 for name in HOUSEHOLD_FACT_FIELDS},
        },
        persons={
            "household_index": [0, 1],
            **{name: [head[name] if name in head else defaults[name] for head in heads] for name in PERSON_FIELDS},
        },
    )
    households_bulk_create(actor=None, batches=[batch], registered_on=datetime.date(2026, 1, 5))
    assert _stale(cast.commune, cast.far_commune) == {cast.commune.pk, cast.far_commune.pk}


def test_refresh_tallies_does_the_stale_communes_a_province_or_the_country(cast):
    make_household(village=cast.village, status=Status.POOR, members=[member()])
    make_household(village=cast.far_village, status=Status.NEAR_POOR, members=[member()])
    out = StringIO()
    call_command("refresh_tallies", stdout=out)
    assert "2 xã (các xã cần tính lại)" in out.getvalue()
    assert not StaleCommune.objects.exists()

    CommuneTally.objects.all().delete()
    call_command("refresh_tallies", "--province", "91", stdout=out)
    assert set(CommuneTally.objects.values_list("commune_id", flat=True)) == {cast.commune.pk}
    call_command("refresh_tallies", "--all", stdout=out)
    assert set(CommuneTally.objects.values_list("commune_id", flat=True)) == {cast.commune.pk, cast.far_commune.pk}
    assert "cả nước" in out.getvalue()


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--province", "77"], "Không có tỉnh mã 77"), (["--province", "91", "--all"], "không chọn cả hai")],
)
def test_refresh_tallies_names_what_is_wrong(cast, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("refresh_tallies", *args, stdout=StringIO())
