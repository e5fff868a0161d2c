"""The synthetic history (`seed_synthetic --years`): past annual reviews behind the seeded statuses, that read like
the ledger real decisions leave — ending at the register, with the change identity of spec §6.2 in every year,
re-poverty only for households poor before, and poverty falling over the years as the published trend does."""

import datetime
from collections import Counter
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from giamngheo.accounts.models import AuditEntry
from giamngheo.areas.models import AreaType, Region, StaleCommune
from giamngheo.registry.models import Household, Status
from giamngheo.reviews.models import Campaign, Change, Decision, DecisionLine, DecisionState, LedgerEntry, Stage
from giamngheo.reviews.selectors import year_changes, year_end_by_commune
from giamngheo.support.models import Support
from giamngheo.testing.factories import CommuneFactory, ProvinceFactory

YEARS = range(2022, 2026)
INCREASES = (Change.NEAR_POOR_TO_POOR, Change.RE_POOR, Change.NEWLY_POOR, Change.OTHER_INCREASE_POOR)
DECREASES = (Change.ESCAPED_POOR, Change.POOR_TO_NEAR_POOR, Change.OTHER_DECREASE_POOR)


@pytest.fixture
def seeded(db):
    """A mountain province of three communes with 1,500 synthetic households and four years of reviews."""
    province = ProvinceFactory(code="93", name="Tỉnh Thử Mô Phỏng", region=Region.NORTHERN_MIDLANDS_MOUNTAINS)
    for code in ("93001", "93002"):
        CommuneFactory(code=code, parent=province, region=Region.NORTHERN_MIDLANDS_MOUNTAINS)
    CommuneFactory(code="93003", unit_type="Phường", parent=province, area_type=AreaType.URBAN)
    out = StringIO()
    call_command(
        "seed_synthetic", province="93", households=1_500, seed=7, years="2022-2025", no_progress=True, stdout=out
    )
    return province, out.getvalue()


def _poor_at_end(province, year):
    ids = list(province.children.values_list("pk", flat=True))
    tallies = year_end_by_commune(commune_ids=ids, year=year).values()
    return sum(t.get(Status.POOR, {}).get("households", 0) for t in tallies)


def test_the_last_year_ends_with_the_register_and_every_year_keeps_the_change_identity(seeded):
    province, _out = seeded
    communes = list(province.children.values_list("pk", flat=True))
    register = Counter(Household.objects.filter(commune__province=province).values_list("status", flat=True))
    for year in YEARS:
        changes = year_changes(commune_ids=communes, year=year)
        count = {change: row["households"] for change, row in changes.items()}
        start = sum(count.get(c, 0) for c in (Change.REMAINED_POOR, *DECREASES))
        end = start - sum(count.get(c, 0) for c in DECREASES) + sum(count.get(c, 0) for c in INCREASES)
        assert end == _poor_at_end(province, year), year
        assert start == _poor_at_end(province, year - 1) or year == YEARS.start
    assert _poor_at_end(province, 2025) == register[Status.POOR]
    # The register's statuses are the last entries of those with a history.
    for entry in LedgerEntry.objects.filter(year=2025).select_related("household"):
        assert entry.status == entry.household.status


def test_poverty_falls_over_the_years_with_escapes_re_poverty_and_new_poverty(seeded):
    province, output = seeded
    poor = [_poor_at_end(province, year) for year in range(2021, 2026)]
    assert poor == sorted(poor, reverse=True) and poor[0] > 1.3 * poor[-1]
    kinds = Counter(LedgerEntry.objects.values_list("change", flat=True))
    for change in (Change.ESCAPED_POOR, Change.NEWLY_POOR, Change.RE_POOR, Change.ESCAPED_NEAR_POOR):
        assert kinds[change] > 0, change
    assert "Đã mô phỏng rà soát định kỳ các năm 2022–2025" in output and "Năm 2023: thoát nghèo" in output


def test_a_re_poor_household_was_poor_in_an_earlier_year(seeded):
    for entry in LedgerEntry.objects.filter(change=Change.RE_POOR):
        earlier = LedgerEntry.objects.filter(household=entry.household_id, year__lt=entry.year)
        assert earlier.filter(status=Status.POOR).exists() or earlier.filter(start_status=Status.POOR).exists()
    for entry in LedgerEntry.objects.filter(change=Change.NEWLY_POOR):
        earlier = LedgerEntry.objects.filter(household=entry.household_id, year__lt=entry.year)
        assert not earlier.filter(status=Status.POOR).exists() and not earlier.filter(start_status=Status.POOR).exists()


def test_each_year_leaves_a_campaign_and_one_signed_decision_per_commune_with_its_lines(seeded):
    province, _out = seeded
    assert sorted(Campaign.objects.filter(province=province).values_list("year", flat=True)) == list(YEARS)
    for decision in Decision.objects.select_related("campaign"):
        assert decision.state == DecisionState.APPLIED
        assert decision.signed_on <= datetime.date(decision.campaign.year, 12, 14)
        # The district existed until 1 July 2025 (Decision 24/2021 Art. 4 cl. 5: consulted before signing).
        assert (decision.consulted_on is not None) == (decision.campaign.year < 2025)
        lines = DecisionLine.objects.filter(decision=decision)
        entries = LedgerEntry.objects.filter(decision=decision)
        assert lines.count() == entries.count() > 0
        assert set(lines.values_list("household", "status_after")) == set(entries.values_list("household", "status"))
        assert not lines.exclude(item__stage=Stage.DECIDED).exists()
    assert Decision.objects.values("commune", "campaign").distinct().count() == Decision.objects.count()
    assert AuditEntry.objects.filter(target_type="reviews.decision").count() == Decision.objects.count()
    recognised = LedgerEntry.objects.filter(status__in=(Status.POOR, Status.NEAR_POOR))
    assert recognised.exclude(causes=[]).count() == recognised.count()
    assert set(StaleCommune.objects.values_list("commune__province", flat=True)) == {province.pk}


def test_each_year_households_poor_or_near_poor_at_its_start_receive_some_support(seeded):
    _province, output = seeded
    assert "lượt hỗ trợ" in output
    by_year = Counter(Support.objects.values_list("delivered_on__year", flat=True))
    assert set(by_year) == set(YEARS)
    for support in Support.objects.select_related("person"):
        start = LedgerEntry.objects.get(household=support.household_id, year=support.delivered_on.year).start_status
        assert support.status == start and start in (Status.POOR, Status.NEAR_POOR)
        if support.kind == "vocational_training":
            born = support.person.date_of_birth
            assert 18 <= support.delivered_on.year - born.year <= 46
        else:
            assert support.person is None
    assert AuditEntry.objects.filter(target_type="support.support").count() == Support.objects.count()


@pytest.mark.parametrize(
    ("years", "message"),
    [
        ("2021-2025", "Chỉ mô phỏng được các năm 2022–2025"),
        ("2022-2026", "Chỉ mô phỏng được các năm 2022–2025"),
        ("2025-2022", "Năm đầu 2025 sau năm cuối 2022"),
        ("hai năm", "“hai năm” không phải khoảng năm"),
    ],
)
def test_bad_years_are_refused_in_vietnamese_and_nothing_is_written(db, years, message):
    province = ProvinceFactory(code="93", region=Region.NORTHERN_MIDLANDS_MOUNTAINS)
    CommuneFactory(code="93001", parent=province, region=Region.NORTHERN_MIDLANDS_MOUNTAINS)
    with pytest.raises(CommandError, match=message):
        call_command("seed_synthetic", province="93", households=20, years=years, no_progress=True)
    assert not Household.objects.exists() and not LedgerEntry.objects.exists()


def test_a_province_with_a_real_periodic_review_in_those_years_is_refused(db):
    from giamngheo.reviews.services.campaigns import campaign_create

    province = ProvinceFactory(code="93", region=Region.NORTHERN_MIDLANDS_MOUNTAINS)
    commune = CommuneFactory(code="93001", parent=province, region=Region.NORTHERN_MIDLANDS_MOUNTAINS)
    campaign_create(
        actor=None,
        province=province,
        year=2024,
        standard_code="2022-2025",
        plan_start=datetime.date(2024, 9, 1),
        plan_end=datetime.date(2024, 12, 14),
        communes=[commune],
    )
    with pytest.raises(CommandError, match="đã có đợt rà soát định kỳ năm 2024: không mô phỏng chồng lên"):
        call_command("seed_synthetic", province="93", households=20, years="2022-2025", no_progress=True)
    assert not Household.objects.exists()
