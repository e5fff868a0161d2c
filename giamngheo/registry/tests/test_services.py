"""The register's business actions: what they store, what they refuse, and the history and audit they leave."""

import datetime
import unicodedata
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from giamngheo.accounts.models import AuditAction, AuditEntry
from giamngheo.common.forms import not_in_future
from giamngheo.registry.models import EventKind, Household, HouseholdEvent, LeaveReason, Person, Relation, Sex
from giamngheo.registry.selectors import HouseholdFilters, household_list
from giamngheo.registry.services.households import (
    household_end,
    household_merge,
    household_register,
    household_set_head,
    household_split,
    household_update,
)
from giamngheo.registry.services.persons import person_add, person_leave, person_update
from giamngheo.registry.services.villages import village_create, village_update
from giamngheo.testing.factories import make_household, member

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2025, 10, 1)


def family(cast):
    return make_household(
        village=cast.village,
        actor=cast.officer,
        members=[
            member(full_name="Nguyễn Văn An"),
            member(
                full_name="Lò Thị Bình",
                sex=Sex.FEMALE,
                relation=Relation.SPOUSE,
                date_of_birth=datetime.date(1983, 1, 9),
            ),
            member(
                full_name="Nguyễn Văn Cường",
                relation=Relation.CHILD,
                date_of_birth=datetime.date(2012, 6, 1),
                citizen_id=None,
            ),
        ],
    )


def test_registering_a_household_records_its_members_history_and_audit(cast):
    household = family(cast)
    assert household.code.startswith(f"{cast.commune.code}-")
    assert household.head.full_name == "Nguyễn Văn An"
    assert household.area_type == cast.commune.area_type
    assert household.persons.count() == 3
    assert HouseholdEvent.objects.filter(household=household, kind=EventKind.REGISTERED).count() == 1
    entries = AuditEntry.objects.filter(household_id=household.pk, action=AuditAction.CREATE)
    assert entries.count() == 4  # the household and three people
    assert {e.actor_label for e in entries} == {"canbo"}


def test_the_register_stores_names_in_nfc_and_finds_them_without_diacritics(cast):
    decomposed = unicodedata.normalize("NFD", "Nguyễn Văn An")
    household = make_household(village=cast.village, members=[member(full_name=f"  {decomposed} ")])
    assert household.head.full_name == "Nguyễn Văn An"
    assert unicodedata.is_normalized("NFC", household.head.full_name)
    found = household_list(user=cast.officer, filters=HouseholdFilters(q="nguyen van an"))
    assert list(found) == [household]
    found = household_list(user=cast.officer, filters=HouseholdFilters(q="NGUYỄN VĂN"))
    assert list(found) == [household]


def test_the_register_finds_a_household_by_a_members_citizen_id(cast):
    household = family(cast)
    spouse = household.persons.get(relation=Relation.SPOUSE)
    found = household_list(user=cast.officer, filters=HouseholdFilters(q=spouse.citizen_id))
    assert list(found) == [household]


def test_the_register_refuses_a_citizen_id_held_in_another_household_naming_it(cast):
    first = family(cast)
    taken = first.head.citizen_id
    with pytest.raises(ValidationError) as error:
        make_household(village=cast.other_village, members=[member(full_name="Trần Văn Dũng", citizen_id=taken)])
    message = error.value.message_dict["citizen_id"][0]
    assert first.code in message and "Nguyễn Văn An" in message
    assert Household.objects.count() == 1  # nothing of the refused household was written


def test_the_register_refuses_the_same_citizen_id_twice_in_one_household(cast):
    twin = member(full_name="Hà Văn Em", relation=Relation.CHILD)
    with pytest.raises(ValidationError, match="hai lần"):
        make_household(village=cast.village, members=[member(citizen_id=twin["citizen_id"]), twin])


def test_the_register_refuses_a_household_without_exactly_one_head(cast):
    with pytest.raises(ValidationError, match="đúng một chủ hộ"):
        make_household(village=cast.village, members=[member(relation=Relation.SPOUSE)])
    with pytest.raises(ValidationError, match="đúng một chủ hộ"):
        make_household(village=cast.village, members=[member(), member(full_name="Người Thứ Hai")])
    assert not Household.objects.exists() and not Person.objects.exists()


def test_the_register_refuses_a_village_of_another_commune(cast):
    with pytest.raises(ValidationError, match="không thuộc"):
        household_register(
            actor=None, commune=cast.commune, village=cast.far_village, members=[member()], registered_on=TODAY
        )


def test_a_member_update_records_before_and_after(cast):
    household = family(cast)
    child = household.persons.get(relation=Relation.CHILD)
    person_update(actor=cast.collaborator, person=child, data={"occupation": "Học sinh", "health_insurance": False})
    entry = AuditEntry.objects.filter(action=AuditAction.UPDATE, target_id=str(child.pk)).get()
    assert entry.changes == {"health_insurance": [True, False], "occupation": ["", "Học sinh"]}
    assert entry.actor == cast.collaborator and entry.household_id == household.pk


def test_an_update_that_changes_nothing_leaves_no_audit_entry(cast):
    household = family(cast)
    before = AuditEntry.objects.count()
    person_update(actor=None, person=household.head, data={"full_name": "Nguyễn Văn An"})
    household_update(actor=None, household=household, data={"address": household.address})
    assert AuditEntry.objects.count() == before


def test_a_member_update_refuses_to_make_a_second_head_by_editing_a_relation(cast):
    household = family(cast)
    spouse = household.persons.get(relation=Relation.SPOUSE)
    with pytest.raises(ValidationError, match="Đổi chủ hộ"):
        person_update(actor=None, person=spouse, data={"relation": Relation.HEAD})


def test_a_birth_adds_a_member_with_a_dated_event(cast):
    household = family(cast)
    baby = person_add(
        actor=None,
        household=household,
        kind=EventKind.BIRTH,
        occurred_on=TODAY,
        data=member(
            full_name="Nguyễn Thị Gấm", sex=Sex.FEMALE, relation=Relation.CHILD, date_of_birth=TODAY, citizen_id=None
        ),
    )
    assert baby.household == household
    assert household.events.filter(kind=EventKind.BIRTH, person=baby, occurred_on=TODAY).exists()
    assert "nguyen thi gam" in Household.objects.get(pk=household.pk).search_text


def test_when_the_last_member_dies_the_household_leaves_the_list(cast):
    household = make_household(village=cast.village, members=[member(full_name="Cụ Lý Văn Hai")])
    person_leave(actor=None, person=household.head, reason=LeaveReason.DIED, occurred_on=TODAY)
    household.refresh_from_db()
    assert household.ended_on == TODAY and household.end_reason == "died_out"
    assert household.head is None
    assert household.events.filter(kind=EventKind.DEATH).exists() and household.events.filter(kind=EventKind.ENDED)


def test_changing_the_head_updates_both_people_and_the_history(cast):
    household = family(cast)
    spouse = household.persons.get(relation=Relation.SPOUSE)
    household_set_head(
        actor=None, household=household, person=spouse, former_head_relation=Relation.SPOUSE, occurred_on=TODAY
    )
    household.refresh_from_db()
    assert household.head == spouse
    assert household.persons.get(full_name="Nguyễn Văn An").relation == Relation.SPOUSE
    assert household.events.filter(kind=EventKind.HEAD_CHANGED, person=spouse).exists()


def test_a_split_moves_members_to_a_new_household_and_both_keep_the_history(cast):
    household = family(cast)
    child = household.persons.get(relation=Relation.CHILD)
    new = household_split(
        actor=None,
        household=household,
        persons=[child],
        new_head=child,
        village=cast.other_village,
        occurred_on=TODAY,
        head_under_age_reason="Cháu ở riêng từ nay, đã có giấy xác nhận của xã.",
    )
    assert new.head == child and new.village == cast.other_village
    assert household.persons.members().count() == 2
    assert household.events.filter(kind=EventKind.SPLIT, other_household=new).exists()
    assert new.events.filter(kind=EventKind.SPLIT, other_household=household).exists()


def test_a_split_refuses_to_take_the_head_or_everyone(cast):
    household = family(cast)
    everyone = list(household.persons.all())
    with pytest.raises(ValidationError):
        household_split(
            actor=None,
            household=household,
            persons=everyone,
            new_head=everyone[0],
            village=cast.village,
            occurred_on=TODAY,
        )
    with pytest.raises(ValidationError, match="Chủ hộ hiện tại"):
        household_split(
            actor=None,
            household=household,
            persons=[household.head],
            new_head=household.head,
            village=cast.village,
            occurred_on=TODAY,
        )


def test_a_merge_moves_every_member_and_ends_the_source(cast):
    target = family(cast)
    source = make_household(village=cast.village, members=[member(full_name="Vi Văn Hùng")])
    household_merge(actor=None, source=source, target=target, occurred_on=TODAY)
    source.refresh_from_db()
    assert source.ended_on == TODAY and source.end_reason == "merged"
    assert target.persons.members().count() == 4
    assert "vi van hung" in Household.objects.get(pk=target.pk).search_text


def test_a_merge_across_communes_is_refused(cast):
    target = family(cast)
    source = make_household(village=cast.far_village, members=[member(full_name="Thạch Văn Kiên")])
    with pytest.raises(ValidationError, match="cùng một xã"):
        household_merge(actor=None, source=source, target=target, occurred_on=TODAY)


def test_an_ended_household_cannot_be_ended_twice(cast):
    household = family(cast)
    household_end(actor=None, household=household, occurred_on=TODAY, reason="moved_away")
    with pytest.raises(ValidationError, match="đã ra khỏi danh sách"):
        household_end(actor=None, household=household, occurred_on=TODAY, reason="moved_away")


def test_a_village_name_differing_only_in_case_is_a_duplicate_even_with_diacritics(cast):
    from giamngheo.registry.services.villages import village_create

    with pytest.raises(ValidationError, match="đã có thôn"):
        village_create(actor=None, commune=cast.commune, name="THÔN MỘT", kind="thon")


def test_the_household_audit_entry_names_its_head(cast):
    household = family(cast)
    entry = AuditEntry.objects.get(target_type="registry.household", target_id=str(household.pk))
    assert entry.target_label == f"{household.code} · Nguyễn Văn An"


def test_a_citizen_id_conflict_names_the_other_household_only_to_someone_who_may_see_it(cast):
    far = make_household(village=cast.far_village, members=[member(full_name="Thạch Thị Sa Rết")])
    taken = far.head.citizen_id
    with pytest.raises(ValidationError) as error:
        make_household(village=cast.village, actor=cast.officer, members=[member(citizen_id=taken)])
    message = error.value.message_dict["citizen_id"][0]
    assert "địa bàn khác" in message
    assert far.code not in message and "Thạch Thị Sa Rết" not in message


def test_every_change_of_head_is_audited(cast):
    household = family(cast)
    head = household.head
    person_leave(actor=cast.officer, person=head, reason=LeaveReason.MOVED_OUT, occurred_on=TODAY)
    entry = AuditEntry.objects.filter(target_type="registry.household", target_id=str(household.pk)).first()
    assert entry.action == AuditAction.UPDATE and entry.changes == {"head_id": [head.pk, None]}
    newborn = person_add(
        actor=cast.officer,
        household=household,
        kind=EventKind.MOVED_IN,
        occurred_on=TODAY,
        data=member(full_name="Nguyễn Văn Mới", relation=Relation.HEAD),
    )
    entry = AuditEntry.objects.filter(target_type="registry.household", target_id=str(household.pk)).first()
    assert entry.changes == {"head_id": [None, newborn.pk]}


@pytest.mark.parametrize("who", ["other_officer", "viewer", "province_officer", "auditor"])
def test_a_user_outside_the_area_or_without_an_editing_role_changes_nothing(cast, who):
    household = family(cast)
    actor = getattr(cast, who)
    with pytest.raises(ValidationError, match="Không có quyền thay đổi sổ hộ"):
        household_update(actor=actor, household=household, data={"address": "Đổi"})
    with pytest.raises(ValidationError, match="Không có quyền thay đổi sổ hộ"):
        person_add(actor=actor, household=household, data=member(full_name="Lạ"), occurred_on=TODAY)
    with pytest.raises(ValidationError, match="Không có quyền thay đổi sổ hộ"):
        household_end(actor=actor, household=household, occurred_on=TODAY, reason="moved_away")
    household.refresh_from_db()
    assert household.address != "Đổi" and household.ended_on is None and household.persons.count() == 3


def test_a_collaborator_registers_and_moves_households_only_in_their_own_village(cast):
    with pytest.raises(ValidationError, match="Không có quyền thay đổi sổ hộ"):
        make_household(village=cast.other_village, actor=cast.collaborator)
    household = make_household(village=cast.village, actor=cast.collaborator)
    with pytest.raises(ValidationError, match="Không có quyền thay đổi sổ hộ"):
        household_update(actor=cast.collaborator, household=household, data={"village": cast.other_village})
    household.refresh_from_db()
    assert household.village == cast.village


def test_only_the_communes_officer_keeps_its_villages(cast):
    with pytest.raises(ValidationError, match="Không có quyền sửa danh sách thôn"):
        village_create(actor=cast.other_officer, commune=cast.commune, name="Thôn Lạ", kind="thon")
    with pytest.raises(ValidationError, match="Không có quyền sửa danh sách thôn"):
        village_update(actor=cast.collaborator, village=cast.village, name="Đổi", kind="thon", is_active=True)
    assert village_create(actor=cast.officer, commune=cast.commune, name="Thôn Ba", kind="thon").commune == cast.commune


def test_a_split_or_a_move_in_dated_before_the_registration_is_refused(cast):
    household = family(cast)  # registered 01/09/2025
    child = household.persons.get(relation=Relation.CHILD)
    early = datetime.date(2025, 8, 31)
    with pytest.raises(ValidationError, match="01/09/2025"):
        household_split(
            actor=None,
            household=household,
            persons=[child],
            new_head=child,
            village=cast.village,
            occurred_on=early,
            head_under_age_reason="Cháu ở một mình, bố mẹ đi làm xa.",
        )
    newcomer = member(full_name="Đỗ Văn Đến", date_of_birth=datetime.date(1990, 1, 1), relation=Relation.OTHER_RELATIVE)
    with pytest.raises(ValidationError, match="trước ngày hộ"):
        person_add(actor=None, household=household, data=newcomer, kind=EventKind.MOVED_IN, occurred_on=early)
    assert household.persons.members().count() == 3
    assert Household.objects.count() == 1
    assert list(household.events.values_list("kind", flat=True)) == [EventKind.REGISTERED]


def test_a_split_making_a_child_under_sixteen_the_head_needs_a_written_reason(cast):
    household = family(cast)
    child = household.persons.get(relation=Relation.CHILD)  # born 01/06/2012: 13 on 01/10/2025
    with pytest.raises(ValidationError, match="mới 13 tuổi"):
        household_split(
            actor=None, household=household, persons=[child], new_head=child, village=cast.village, occurred_on=TODAY
        )
    assert Household.objects.count() == 1
    new = household_split(
        actor=None,
        household=household,
        persons=[child],
        new_head=child,
        village=cast.village,
        occurred_on=TODAY,
        head_under_age_reason="Mồ côi, ở với ông bà đã mất.",
    )
    entry = AuditEntry.objects.get(action=AuditAction.CREATE, target_id=str(new.pk), note__startswith="Tách từ")
    assert "Mồ côi, ở với ông bà đã mất." in entry.changes["head_under_age"][1]


def vietnam_tomorrow_morning():
    """A moment when Vietnam (UTC+7) is already on the next calendar day while UTC is not: 20:00 UTC, whatever the
    machine's clock says."""
    utc_today = datetime.datetime.now(datetime.UTC).date()
    return datetime.datetime.combine(utc_today, datetime.time(20, 0), tzinfo=datetime.UTC)


def test_no_register_event_is_dated_after_today_in_vietnam(cast):
    household = family(cast)
    newcomer = member(full_name="Đỗ Văn Đến", date_of_birth=datetime.date(1990, 1, 1), relation=Relation.OTHER_RELATIVE)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="không được sau hôm nay"):
        person_add(actor=None, household=household, data=newcomer, kind=EventKind.MOVED_IN, occurred_on=tomorrow)
    with pytest.raises(ValidationError, match="không được sau hôm nay"):
        household_register(
            actor=None, village=cast.village, commune=cast.commune, members=[member()], registered_on=tomorrow
        )
    assert household.persons.members().count() == 3
    assert Household.objects.count() == 1


def test_today_is_vietnams_date_not_the_machines(cast):
    """At 20:00 UTC it is 03:00 the next day in Hà Nội: a move-in and a birth dated that day are today's, not future."""
    household = family(cast)
    with mock.patch("django.utils.timezone.now", vietnam_tomorrow_morning):
        vietnam_today = timezone.localdate()
        assert vietnam_today == vietnam_tomorrow_morning().date() + datetime.timedelta(days=1)
        newborn = member(
            full_name="Nguyễn Thị Mới", date_of_birth=vietnam_today, relation=Relation.CHILD, citizen_id=None
        )
        person_add(actor=None, household=household, data=newborn, kind=EventKind.BIRTH, occurred_on=vietnam_today)
        not_in_future(vietnam_today, "Ngày ký")
        with pytest.raises(ValidationError, match="không được sau ngày hôm nay"):
            not_in_future(vietnam_today + datetime.timedelta(days=1), "Ngày ký")
    assert household.persons.members().count() == 4
