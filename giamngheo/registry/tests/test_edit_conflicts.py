"""Two people editing one household or one member at once (issue 11 F22, lost update): the second save, made on a
page opened before the first one's save, is refused with who changed what and when; the first one's change stays.

Every register service that changes a household or a person row moves its version on, so an edit page opened
before any of them is stale too; the importer, which reads and writes in one transaction, passes no version.
"""

import datetime
import re
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from giamngheo.accounts.models import AuditAction, AuditEntry
from giamngheo.registry.imports import households_import
from giamngheo.registry.models import EndReason, Household, LeaveReason, Person, Relation
from giamngheo.registry.services.households import (
    household_end,
    household_merge,
    household_set_head,
    household_split,
    household_update,
)
from giamngheo.registry.services.persons import person_add, person_leave, person_update
from giamngheo.testing.factories import make_household, member
from giamngheo.testing.import_files import rows_two_households, run, write_xlsx

DAY = datetime.date(2025, 12, 1)


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def shown_version(page: str) -> str:
    """The version the edit page carries in its hidden field."""
    found = re.search(r'<input type="hidden" name="version" value="(\d+)"', page)
    assert found, "the edit page carries no version"
    return found.group(1)


def household_post(household: Household, version: str, **overrides: str) -> dict[str, str]:
    data = {
        "village": str(household.village_id),
        "address": household.address,
        "area_type": household.area_type,
        "version": version,
    }
    return data | overrides


def person_post(person: Person, version: str, **overrides: str) -> dict[str, str]:
    data = {
        "full_name": person.full_name,
        "sex": person.sex,
        "date_of_birth": person.date_of_birth.strftime("%d/%m/%Y"),
        "ethnicity": person.ethnicity,
        "citizen_id": person.citizen_id or "",
        "relation": person.relation,
        "disability": person.disability,
        "schooling": person.schooling,
        "education": person.education,
        "employment": person.employment,
        "occupation": person.occupation,
        "version": version,
    }
    return data | overrides


# ---------------------------------------------------------------- through the pages


def test_the_edit_household_page_refuses_a_save_made_on_a_page_opened_before_someone_elses_save(cast, an):
    url = reverse("registry:household_edit", args=[an.pk])
    first, second = logged_in(cast.collaborator), logged_in(cast.officer)
    first_version = shown_version(first.get(url).content.decode())
    second_version = shown_version(second.get(url).content.decode())

    saved = first.post(url, household_post(an, first_version, address="Số 26, Thôn Một", income_per_capita="1.450.000"))
    refused = second.post(url, household_post(an, second_version, address="Số 9", income_per_capita="2.000.000"))

    assert saved.status_code == 302
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "Hộ " + an.code + " đã được ctv sửa lúc" in page  # who (the collaborator's name)
    assert "Số 26, Thôn Một" in page  # what: the address they wrote
    entry = AuditEntry.objects.filter(target_type="registry.household", action=AuditAction.UPDATE).get()
    assert f"{timezone.localtime(entry.at):%H:%M %d/%m/%Y}" in page  # when, in Vietnam's time
    assert "chưa được lưu" in page
    an.refresh_from_db()
    assert (an.address, an.income_per_capita) == ("Số 26, Thôn Một", 1_450_000)  # as the first one saved it
    assert entry.actor == cast.collaborator

    reloaded = shown_version(second.get(url).content.decode())
    assert reloaded == str(int(second_version) + 1)
    again = second.post(url, household_post(an, reloaded, address="Số 9"))
    an.refresh_from_db()
    assert again.status_code == 302
    assert an.address == "Số 9"


def test_the_edit_member_page_refuses_a_save_made_on_a_page_opened_before_someone_elses_save(cast, an):
    wife = an.persons.get(relation=Relation.SPOUSE)
    url = reverse("registry:person_edit", args=[wife.pk])
    first, second = logged_in(cast.officer), logged_in(cast.collaborator)
    first_version = shown_version(first.get(url).content.decode())
    second_version = shown_version(second.get(url).content.decode())

    saved = first.post(url, person_post(wife, first_version, occupation="Giáo viên"))
    refused = second.post(url, person_post(wife, second_version, full_name="Trần Thị Bính"))

    assert saved.status_code == 302
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "Thông tin của Trần Thị Bình đã được canbo sửa lúc" in page
    assert "Giáo viên" in page
    wife.refresh_from_db()
    assert (wife.full_name, wife.occupation) == ("Trần Thị Bình", "Giáo viên")
    assert AuditEntry.objects.filter(target_type="registry.person", action=AuditAction.UPDATE).count() == 1


def test_the_edit_household_page_refuses_a_post_without_the_version_it_showed(client, cast, an):
    client.force_login(cast.officer)
    data = household_post(an, "", address="Số 9")

    response = client.post(reverse("registry:household_edit", args=[an.pk]), data)

    an.refresh_from_db()
    assert response.status_code == 200
    assert "Trang sửa này đã cũ hoặc không đầy đủ; tải lại trang rồi sửa tiếp." in response.content.decode()
    assert an.address != "Số 9"


def test_the_edit_member_page_is_stale_after_the_member_becomes_head(cast, an):
    wife = an.persons.get(relation=Relation.SPOUSE)
    client = logged_in(cast.officer)
    url = reverse("registry:person_edit", args=[wife.pk])
    version = shown_version(client.get(url).content.decode())
    household_set_head(
        actor=cast.officer, household=an, person=wife, former_head_relation=Relation.SPOUSE, occurred_on=DAY
    )

    response = client.post(url, person_post(wife, version, occupation="Buôn bán"))

    wife.refresh_from_db()
    assert response.status_code == 200
    assert "Chủ hộ" in response.content.decode()  # what changed: her relation
    assert (wife.relation, wife.occupation) == (Relation.HEAD, "")


# ---------------------------------------------------------------- through the services


def test_household_update_refuses_a_stale_version_and_keeps_the_first_change(cast, an):
    household_update(actor=cast.collaborator, household=an, data={"address": "Số 26"}, version=1)

    with pytest.raises(ValidationError) as refused:
        household_update(actor=cast.officer, household=an, data={"address": "Số 9"}, version=1)

    message = " ".join(refused.value.messages)
    assert "ctv" in message and "Địa chỉ" in message and "Số 26" in message
    an.refresh_from_db()
    assert (an.address, an.version) == ("Số 26", 2)


def test_household_update_without_a_version_reads_and_writes_in_its_own_transaction(cast, an):
    household_update(actor=cast.officer, household=an, data={"address": "Số 26"}, version=1)

    household_update(actor=None, household=an, data={"address": "Số 27"})

    an.refresh_from_db()
    assert (an.address, an.version) == ("Số 27", 3)


def test_household_update_that_changes_nothing_leaves_the_version(cast, an):
    household_update(actor=cast.officer, household=an, data={"address": an.address}, version=1)

    an.refresh_from_db()
    assert an.version == 1


def test_person_update_refuses_a_stale_version_and_names_who_changed_what(cast, an):
    wife = an.persons.get(relation=Relation.SPOUSE)
    person_update(actor=cast.officer, person=wife, data={"occupation": "Giáo viên"}, version=1)

    with pytest.raises(ValidationError) as refused:
        person_update(actor=cast.collaborator, person=wife, data={"occupation": "Nông dân"}, version=1)

    message = " ".join(refused.value.messages)
    assert "canbo" in message and "Nghề nghiệp" in message and "Giáo viên" in message
    wife.refresh_from_db()
    assert (wife.occupation, wife.version) == ("Giáo viên", 2)


def test_every_register_service_that_changes_a_household_or_a_member_moves_its_version_on(cast, an):
    wife = an.persons.get(relation=Relation.SPOUSE)
    head = an.head
    assert (an.version, wife.version, head.version) == (1, 1, 1)

    household_set_head(
        actor=cast.officer, household=an, person=wife, former_head_relation=Relation.SPOUSE, occurred_on=DAY
    )
    an.refresh_from_db()
    wife.refresh_from_db()
    head.refresh_from_db()
    assert (an.version, wife.version, head.version) == (2, 2, 2)

    child = person_add(
        actor=cast.officer,
        household=an,
        data=member(full_name="Nguyễn Văn Con", relation=Relation.CHILD, date_of_birth=DAY, citizen_id=None),
        occurred_on=DAY,
    )
    assert child.version == 1
    person_leave(actor=cast.officer, person=head, reason=LeaveReason.MOVED_OUT, occurred_on=DAY)
    head.refresh_from_db()
    assert head.version == 3

    new = household_split(
        actor=cast.officer,
        household=an,
        persons=[child],
        new_head=child,
        village=cast.village,
        occurred_on=DAY,
        head_under_age_reason="Cha mẹ đã mất, ông bà nuôi ở hộ khác",  # a child as head needs a reason (issue 11 A4)
    )
    child.refresh_from_db()
    assert (new.version, child.version) == (1, 2)

    other = make_household(village=cast.village, members=[member(full_name="Lê Văn Nhập", citizen_id=None)])
    household_merge(actor=cast.officer, source=other, target=an, occurred_on=DAY)
    other.refresh_from_db()
    joined = Person.objects.get(full_name="Lê Văn Nhập")
    assert (other.version, joined.version) == (3, 2)  # its head unset, then it leaves the list

    household_end(actor=cast.officer, household=new, occurred_on=DAY, reason=EndReason.ERROR)
    new.refresh_from_db()
    assert new.version == 2


def test_a_member_leaving_as_the_last_one_makes_the_households_edit_page_stale(cast):
    alone = make_household(village=cast.village, members=[member(full_name="Đinh Văn Một")])
    person_leave(actor=cast.officer, person=alone.head, reason=LeaveReason.DIED, occurred_on=DAY)

    alone.refresh_from_db()
    assert alone.version == 3  # the head unset, then the household leaves the list


@pytest.mark.skipif(connection.vendor != "postgresql", reason="two connections at once: PostgreSQL only")
def test_household_update_refuses_the_second_of_two_saves_made_at_the_same_moment(transactional_db, cast, an):
    first_holds_the_row, first_may_commit = threading.Event(), threading.Event()
    outcome: dict[str, object] = {}

    def first() -> None:
        try:
            with transaction.atomic():
                household_update(actor=cast.collaborator, household=an, data={"address": "Số 26"}, version=1)
                first_holds_the_row.set()
                first_may_commit.wait(timeout=10)
        finally:
            connections.close_all()

    def second() -> None:
        try:
            first_holds_the_row.wait(timeout=10)
            household_update(actor=cast.officer, household=an, data={"address": "Số 9"}, version=1)
            outcome["second"] = "saved"
        except ValidationError as error:
            outcome["second"] = " ".join(error.messages)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    first_holds_the_row.wait(timeout=10)
    first_may_commit.set()  # the second is waiting for the row's lock by now, or soon will be: either way it is stale
    for thread in threads:
        thread.join(timeout=20)

    an.refresh_from_db()
    assert (an.address, an.version) == ("Số 26", 2)
    assert "ctv" in str(outcome["second"]) and "Số 26" in str(outcome["second"])


# ---------------------------------------------------------------- bulk writes and the importer


def test_households_written_in_bulk_start_at_version_one(cast, tmp_path):
    run(write_xlsx(tmp_path / "ho.xlsx", rows_two_households()))

    assert set(Household.objects.values_list("version", flat=True)) == {1}
    assert set(Person.objects.values_list("version", flat=True)) == {1}


def test_the_import_still_updates_an_existing_household_and_makes_pages_opened_before_it_stale(cast, tmp_path):
    run(write_xlsx(tmp_path / "ho.xlsx", rows_two_households()))
    household = Household.objects.get(code="HN-001")
    client = logged_in(cast.officer)
    url = reverse("registry:household_edit", args=[household.pk])
    version = shown_version(client.get(url).content.decode())
    rows = rows_two_households()
    rows[0]["Thu nhập bình quân (đồng/người/tháng)"] = 2_100_000

    result = households_import(actor=cast.officer, path=write_xlsx(tmp_path / "ho-sua.xlsx", rows))
    response = client.post(url, household_post(household, version, address="Số 9"))

    assert result.ok, result.errors
    assert result.updated == 1
    household.refresh_from_db()
    assert (household.income_per_capita, household.version) == (2_100_000, 2)
    assert response.status_code == 200
    assert "Thu nhập bình quân" in response.content.decode()
    assert household.address != "Số 9"
