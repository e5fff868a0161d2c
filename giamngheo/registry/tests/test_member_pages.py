"""The members' pages: births, moves, deaths, corrections, a new head, splits and merges, and what they write."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from giamngheo.accounts.models import AuditAction, AuditEntry
from giamngheo.registry.models import EndReason, EventKind, Household, LeaveReason, Person, Relation, Sex
from giamngheo.registry.services.persons import person_update
from giamngheo.testing.factories import make_household, member

pytestmark = pytest.mark.django_db

# ---------------------------------------------------------------- members


def person_post(person: Person | None = None, **overrides) -> dict[str, str]:
    data = {
        "full_name": person.full_name if person else "Nguyễn Minh Châu",
        "sex": person.sex if person else Sex.FEMALE,
        "date_of_birth": person.date_of_birth.strftime("%d/%m/%Y") if person else "01/09/2025",
        "ethnicity": person.ethnicity if person else "01",
        "citizen_id": (person.citizen_id or "") if person else "",
        "relation": person.relation if person else Relation.CHILD,
        "disability": person.disability if person else "none",
        "schooling": person.schooling if person else "na",
        "education": person.education if person else "",
        "employment": person.employment if person else "",
        "occupation": person.occupation if person else "",
    }
    if person is None or person.health_insurance:
        data["health_insurance"] = "on"
    if person is not None:
        data["version"] = str(person.version)
    data.update(overrides)
    return data


def test_the_add_member_page_adds_a_newborn_dated_on_the_birthday(client, cast, an):
    client.force_login(cast.officer)
    response = client.post(
        reverse("registry:person_add", args=[an.pk]), {**person_post(), "kind": EventKind.BIRTH, "occurred_on": ""}
    )

    child = an.persons.get(full_name="Nguyễn Minh Châu")
    assert response.status_code == 302
    assert child.relation == Relation.CHILD
    event = an.events.get(kind=EventKind.BIRTH)
    assert event.person == child
    assert event.occurred_on == datetime.date(2025, 9, 1)
    assert AuditEntry.objects.filter(
        target_type="registry.person", target_id=str(child.pk), actor=cast.officer
    ).exists()


def test_the_add_member_page_asks_for_the_date_when_someone_moves_in(client, cast, an):
    client.force_login(cast.officer)
    response = client.post(
        reverse("registry:person_add", args=[an.pk]),
        {**person_post(date_of_birth="01/01/1990"), "kind": EventKind.MOVED_IN, "occurred_on": ""},
    )

    assert response.status_code == 200
    assert "Chưa nhập ngày chuyển đến." in response.content.decode()
    assert an.persons.count() == 2


def test_the_add_member_page_refuses_a_future_date(client, cast, an):
    client.force_login(cast.officer)
    tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).strftime("%d/%m/%Y")
    response = client.post(
        reverse("registry:person_add", args=[an.pk]),
        {**person_post(date_of_birth="01/01/1990"), "kind": EventKind.MOVED_IN, "occurred_on": tomorrow},
    )

    assert f"“Ngày vào hộ” ({tomorrow}) không được sau ngày hôm nay." in response.content.decode()
    assert an.persons.count() == 2


def test_the_edit_member_page_corrects_a_member_and_audits_the_change(client, cast, an):
    wife = an.persons.get(relation=Relation.SPOUSE)
    client.force_login(cast.officer)
    response = client.post(
        reverse("registry:person_edit", args=[wife.pk]), person_post(wife, occupation="Trồng chè", employment="farming")
    )

    wife.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == reverse("registry:household_detail", args=[an.pk])
    assert wife.occupation == "Trồng chè"
    entry = AuditEntry.objects.get(target_type="registry.person", target_id=str(wife.pk), action=AuditAction.UPDATE)
    assert entry.actor == cast.officer
    assert entry.changes == {"employment": ["", "farming"], "occupation": ["", "Trồng chè"]}

    page = client.get(reverse("registry:household_detail", args=[an.pk])).content.decode()
    assert "Nghề nghiệp:" in page
    assert "Trồng chè" in page
    assert "Nông, lâm, ngư nghiệp, diêm nghiệp" in page


def test_the_edit_member_page_does_not_offer_to_change_the_heads_relation(client, cast, an):
    client.force_login(cast.officer)
    form = client.get(reverse("registry:person_edit", args=[an.head_id])).context["form"]

    assert "relation" not in form.fields

    response = client.post(
        reverse("registry:person_edit", args=[an.head_id]),
        person_post(Person.objects.get(pk=an.head_id), relation=Relation.CHILD),
    )
    assert response.status_code == 302
    assert Person.objects.get(pk=an.head_id).relation == Relation.HEAD


def test_the_edit_member_page_shows_a_citizen_id_conflict_on_the_form(client, cast, an, other_commune_household):
    wife = an.persons.get(relation=Relation.SPOUSE)
    taken = other_commune_household.head
    client.force_login(cast.officer)
    response = client.post(
        reverse("registry:person_edit", args=[wife.pk]),
        person_post(wife, citizen_id=taken.citizen_id, sex=Sex.MALE, date_of_birth="17/05/1980"),
    )

    wife.refresh_from_db()
    assert response.status_code == 200
    # The holder lives outside the officer's commune: the message says so without naming them.
    assert response.context["form"].errors["citizen_id"] == [
        f"Số CCCD {taken.citizen_id} đã thuộc một người ở địa bàn khác. Một người chỉ thuộc một hộ."
    ]
    assert wife.citizen_id != taken.citizen_id
    assert wife.sex == Sex.FEMALE


# ---------------------------------------------------------------- the citizen identity card's issue

C06 = "Cục Cảnh sát quản lý hành chính về trật tự xã hội"


def test_the_edit_member_page_records_the_cards_issue_date_and_place_and_audits_them(client, cast, an):
    head = Person.objects.get(pk=an.head_id)
    client.force_login(cast.officer)
    response = client.post(
        reverse("registry:person_edit", args=[head.pk]),
        person_post(head, citizen_id_issued_on="10/03/2022", citizen_id_issued_by="c06"),
    )

    head.refresh_from_db()
    assert response.status_code == 302
    assert (head.citizen_id_issued_on, head.citizen_id_issued_by) == (datetime.date(2022, 3, 10), "c06")
    entry = AuditEntry.objects.get(target_type="registry.person", target_id=str(head.pk), action=AuditAction.UPDATE)
    assert entry.changes == {"citizen_id_issued_on": [None, "10/03/2022"], "citizen_id_issued_by": ["", "c06"]}
    # Shown beside the number once the officer asks to see it (the reveal is recorded, docs/security.md).
    page = client.post(reverse("registry:household_detail", args=[an.pk]), {"person": head.pk}).content.decode()
    assert f"cấp ngày 10/03/2022 · {C06}" in page


def _tomorrow() -> str:
    # Vietnam's date, not the machine's (common.forms.not_in_future).
    return (timezone.localdate() + datetime.timedelta(days=1)).strftime("%d/%m/%Y")


@pytest.mark.parametrize(
    ("overrides", "field", "says"),
    [
        (lambda: {"citizen_id_issued_on": _tomorrow()}, "citizen_id_issued_on", "không được sau ngày hôm nay"),
        (
            lambda: {"citizen_id_issued_on": "16/05/1980"},
            "citizen_id_issued_on",
            "Ngày cấp CCCD (16/05/1980) không được trước ngày sinh (17/05/1980).",
        ),
        (
            lambda: {"citizen_id": "", "citizen_id_issued_on": "10/03/2022"},
            "citizen_id_issued_on",
            "Ngày cấp và nơi cấp CCCD chỉ ghi khi có số CCCD.",
        ),
        (
            lambda: {"citizen_id_issued_by": "Công an xã"},
            "citizen_id_issued_by",
            "Giá trị chọn ở “Nơi cấp CCCD” không có trong danh sách.",
        ),
    ],
    ids=["future", "before-birth", "without-cccd", "unknown-place"],
)
def test_the_edit_member_page_refuses_a_wrong_card_issue_and_changes_nothing(client, cast, an, overrides, field, says):
    head = Person.objects.get(pk=an.head_id)
    client.force_login(cast.officer)
    response = client.post(reverse("registry:person_edit", args=[head.pk]), person_post(head, **overrides()))

    assert response.status_code == 200
    assert any(says in error for error in response.context["form"].errors[field])
    assert Person.objects.get(pk=head.pk).version == head.version
    assert not AuditEntry.objects.filter(target_type="registry.person", action=AuditAction.UPDATE).exists()


def test_a_card_issue_place_outside_the_list_is_refused_by_name(cast, an):
    head = Person.objects.get(pk=an.head_id)

    with pytest.raises(ValidationError) as refused:
        person_update(actor=cast.officer, person=head, data={"citizen_id_issued_by": "Công an xã"})

    assert "Nơi cấp CCCD “Công an xã” không có trong danh mục" in refused.value.message_dict["citizen_id_issued_by"][0]
    assert Person.objects.get(pk=head.pk).citizen_id_issued_by == ""


def test_the_card_issue_date_may_be_today_in_vietnam(cast, an):
    head = Person.objects.get(pk=an.head_id)

    person_update(actor=cast.officer, person=head, data={"citizen_id_issued_on": timezone.localdate()})

    assert Person.objects.get(pk=head.pk).citizen_id_issued_on == timezone.localdate()


def test_the_leave_page_records_a_member_who_died(client, cast, an):
    wife = an.persons.get(relation=Relation.SPOUSE)
    client.force_login(cast.officer)
    response = client.post(
        reverse("registry:person_leave", args=[wife.pk]), {"reason": LeaveReason.DIED, "occurred_on": "03/10/2025"}
    )

    wife.refresh_from_db()
    assert response.status_code == 302
    assert wife.left_on == datetime.date(2025, 10, 3)
    assert wife.left_reason == LeaveReason.DIED
    assert an.events.filter(kind=EventKind.DEATH, person=wife).exists()


def test_the_leave_page_ends_the_household_when_its_last_member_moves_out(client, cast):
    alone = make_household(village=cast.village, members=[member(full_name="Vi Văn Một")])
    client.force_login(cast.officer)
    client.post(
        reverse("registry:person_leave", args=[alone.head_id]),
        {"reason": LeaveReason.MOVED_OUT, "occurred_on": "03/10/2025"},
    )

    alone.refresh_from_db()
    assert alone.ended_on == datetime.date(2025, 10, 3)
    assert alone.end_reason == EndReason.MOVED_AWAY
    page = client.get(reverse("registry:household_detail", args=[alone.pk]))
    assert page.context["can_edit"] is False
    assert "Hộ đã ra khỏi danh sách ngày 03/10/2025" in page.content.decode()
    assert client.get(reverse("registry:household_edit", args=[alone.pk])).status_code == 404


def test_the_leave_page_shows_its_form_errors_in_vietnamese(client, cast, an):
    client.force_login(cast.officer)
    response = client.post(reverse("registry:person_leave", args=[an.head_id]), {"occurred_on": "hôm qua"})

    content = response.content.decode()
    assert "Chưa chọn “Lý do”." in content
    assert "phải là một ngày dạng dd/mm/yyyy" in content
    assert Person.objects.get(pk=an.head_id).left_on is None


def test_the_head_change_page_changes_the_head(client, cast, an):
    wife = an.persons.get(relation=Relation.SPOUSE)
    client.force_login(cast.officer)
    response = client.post(
        reverse("registry:household_head_change", args=[an.pk]),
        {"person": wife.pk, "former_head_relation": Relation.SPOUSE, "occurred_on": "05/10/2025"},
    )

    an.refresh_from_db()
    assert response.status_code == 302
    assert an.head == wife
    assert Person.objects.get(full_name="Nguyễn Văn An").relation == Relation.SPOUSE
    assert an.events.filter(kind=EventKind.HEAD_CHANGED, person=wife).exists()


def test_the_split_page_splits_a_household(client, cast):
    family = make_household(
        village=cast.village,
        members=[
            member(full_name="Đinh Văn Cha"),
            member(full_name="Đinh Văn Con", relation=Relation.CHILD, date_of_birth=datetime.date(2000, 1, 1)),
            member(
                full_name="Lê Thị Dâu",
                sex=Sex.FEMALE,
                relation=Relation.CHILD_IN_LAW,
                date_of_birth=datetime.date(2001, 1, 1),
            ),
        ],
    )
    son = family.persons.get(full_name="Đinh Văn Con")
    daughter_in_law = family.persons.get(full_name="Lê Thị Dâu")
    client.force_login(cast.officer)
    response = client.post(
        reverse("registry:household_split", args=[family.pk]),
        {
            "persons": [son.pk, daughter_in_law.pk],
            "new_head": son.pk,
            "village": cast.other_village.pk,
            "address": "",
            "occurred_on": "06/10/2025",
        },
    )

    new = Household.objects.get(head=son)
    assert response.status_code == 302
    assert response["Location"] == reverse("registry:household_detail", args=[new.pk])
    assert set(new.persons.values_list("full_name", flat=True)) == {"Đinh Văn Con", "Lê Thị Dâu"}
    assert new.village == cast.other_village
    assert list(family.persons.values_list("full_name", flat=True)) == ["Đinh Văn Cha"]


def test_the_split_page_explains_why_a_split_is_refused(client, cast, an):
    wife = an.persons.get(relation=Relation.SPOUSE)
    client.force_login(cast.officer)
    response = client.post(
        reverse("registry:household_split", args=[an.pk]),
        {"persons": [], "new_head": wife.pk, "village": cast.village.pk, "occurred_on": "06/10/2025"},
    )

    assert "Chưa chọn “Những người tách ra”." in response.content.decode()
    assert Household.objects.count() == 1


def test_the_merge_page_merges_a_household_into_another_of_the_same_commune(client, cast, an, other_village_household):
    client.force_login(cast.officer)
    response = client.post(
        reverse("registry:household_merge", args=[other_village_household.pk]),
        {"target_code": an.code, "occurred_on": "07/10/2025"},
    )

    other_village_household.refresh_from_db()
    assert response.status_code == 302
    assert other_village_household.end_reason == EndReason.MERGED
    assert an.persons.members().count() == 3


def test_the_merge_page_cannot_merge_into_a_household_outside_the_area(client, cast, an, other_commune_household):
    client.force_login(cast.officer)
    response = client.post(
        reverse("registry:household_merge", args=[an.pk]),
        {"target_code": other_commune_household.code, "occurred_on": "07/10/2025"},
    )

    assert f"Không tìm thấy hộ có mã “{other_commune_household.code}” trong địa bàn." in response.content.decode()
    an.refresh_from_db()
    assert an.ended_on is None


def test_the_split_page_asks_for_a_reason_before_making_a_child_the_head_and_records_it(client, cast):
    family = make_household(
        village=cast.village,
        members=[
            member(full_name="Đinh Văn Bố"),
            member(full_name="Đinh Văn Út", relation=Relation.CHILD, date_of_birth=datetime.date(2014, 5, 1)),
        ],
    )
    child = family.persons.get(full_name="Đinh Văn Út")
    client.force_login(cast.officer)
    post = {"persons": [child.pk], "new_head": child.pk, "village": cast.village.pk, "occurred_on": "06/10/2025"}
    url = reverse("registry:household_split", args=[family.pk])

    refused = client.post(url, post)
    assert refused.status_code == 200
    assert "Đinh Văn Út mới 11 tuổi (dưới 16 tuổi)" in refused.content.decode()
    assert Household.objects.count() == 1

    reason = "Bố đi làm xa, cháu ở riêng với bà nội đã mất; UBND xã xác nhận."
    accepted = client.post(url, post | {"head_under_age_reason": reason})
    new = Household.objects.get(head=child)
    assert accepted.status_code == 302
    entry = AuditEntry.objects.get(action=AuditAction.CREATE, target_id=str(new.pk), note__startswith="Tách từ")
    assert reason in str(entry.changes) and "dưới tuổi" in entry.note
