"""Issue 12 §1–2: what a signed decision issues is frozen and stored, printed again byte for byte, lists the members
of the decision's date, and is superseded by a later decision or revoked when the household leaves the list."""

import datetime
import hashlib
import io
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from giamngheo.registry.models import EndReason, EventKind, Household, LeaveReason, Relation, Status
from giamngheo.registry.services.households import household_end
from giamngheo.registry.services.persons import person_add, person_leave, person_update
from giamngheo.reviews import tasks
from giamngheo.reviews.models import Certificate, Decision, DocumentKind, DocumentState, IssuedDocument
from giamngheo.reviews.tasks import documents_issue_task
from giamngheo.testing import scenes
from giamngheo.testing.factories import HIGH_B1, LOW_B1, make_household, member
from giamngheo.testing.pdf import pdf_pages
from giamngheo.testing.scenes import SIGNED, THREE, decide, decide_2026


def _stored(document: IssuedDocument) -> bytes:
    return (Path(settings.MEDIA_ROOT) / document.file.name).read_bytes()


def _arising(cast) -> Household:
    return Household.objects.get(persons__full_name="Vũ Văn Mới")


def test_signing_stores_the_decision_its_certificates_minutes_and_posting_list_once(year_2025):
    decision = Decision.objects.get(number="40/QĐ-UBND")
    documents = list(IssuedDocument.objects.filter(decision=decision))
    kinds = sorted(d.kind for d in documents)
    assert kinds == sorted(
        [DocumentKind.DECISION, DocumentKind.CERTIFICATE, DocumentKind.MINUTES, DocumentKind.POSTING]
    )
    for document in documents:
        content = _stored(document)
        assert content.startswith(b"%PDF")
        assert document.file.name.startswith("issued/")
        assert hashlib.sha256(content).hexdigest() == document.sha256
        assert document.issued_by == year_2025.chairman and document.state == DocumentState.VALID
    certificate = next(d for d in documents if d.kind == DocumentKind.CERTIFICATE)
    assert certificate.household == _arising(year_2025) and certificate.certificate is not None
    assert certificate.head_initials == "V. V. M." and len(certificate.code or "") == 16


def test_a_certificate_printed_again_is_the_issued_file_byte_for_byte_whatever_the_register_says_now(client, year_2025):
    household = _arising(year_2025)
    head = household.persons.get()
    person_update(actor=year_2025.officer, person=head, data={"full_name": "Vũ Văn Đổi Tên"})
    issued = IssuedDocument.objects.get(kind=DocumentKind.CERTIFICATE, household=household)
    client.force_login(year_2025.officer)

    reprint = client.get(f"/ra-soat/giay-chung-nhan/{issued.certificate_id}.pdf")

    assert reprint.status_code == 200 and reprint.content == _stored(issued)
    text = pdf_pages(reprint.content)[0]
    assert "Vũ Văn Mới" in text and "Đổi Tên" not in text


def test_the_decision_minutes_and_posting_list_printed_again_are_the_issued_files(client, year_2025):
    decision = Decision.objects.get(number="40/QĐ-UBND")
    client.force_login(year_2025.officer)
    issued = {d.kind: d for d in IssuedDocument.objects.filter(decision=decision)}
    urls = {
        DocumentKind.DECISION: f"/ra-soat/quyet-dinh/{decision.pk}/van-ban.pdf",
        DocumentKind.MINUTES: f"/ra-soat/hop-dan/{issued[DocumentKind.MINUTES].meeting_id}/bien-ban.pdf",
        DocumentKind.POSTING: f"/ra-soat/niem-yet/{issued[DocumentKind.POSTING].posting_id}/danh-sach.pdf",
    }
    for kind, url in urls.items():
        assert client.get(url).content == _stored(issued[kind]), kind


def test_the_decisions_certificates_print_together_from_the_issued_files(client, year_2025):
    decision = Decision.objects.get(number="40/QĐ-UBND")
    client.force_login(year_2025.officer)
    pages = pdf_pages(client.get(f"/ra-soat/quyet-dinh/{decision.pk}/giay-chung-nhan.pdf").content)
    issued = IssuedDocument.objects.get(decision=decision, kind=DocumentKind.CERTIFICATE)
    assert pages == pdf_pages(_stored(issued))


def test_a_reader_who_may_not_see_the_cccd_gets_the_masked_copy_stored_with_the_certificate(client, year_2025):
    issued = IssuedDocument.objects.get(kind=DocumentKind.CERTIFICATE)
    citizen_id = issued.household.head.citizen_id
    client.force_login(year_2025.viewer)

    response = client.get(f"/ra-soat/giay-chung-nhan/{issued.certificate_id}.pdf")

    assert response.content == (Path(settings.MEDIA_ROOT) / issued.masked_file.name).read_bytes()
    text = pdf_pages(response.content)[0]
    assert citizen_id not in text and f"{citizen_id[:4]}•••••{citizen_id[-3:]}" in text
    assert issued.code and issued.code[:4] in text  # the same certificate: same code


def test_the_certificate_lists_the_members_as_they_were_on_the_decisions_date(cast):
    household = make_household(
        village=cast.village,
        members=[
            member(full_name="Lò Văn Chủ"),
            member(full_name="Lò Thị Vợ", relation=Relation.SPOUSE, sex="2"),
        ],
        registered_on=datetime.date(2025, 1, 2),
    )
    wife = household.persons.get(full_name="Lò Thị Vợ")
    # Between the decision's date (SIGNED, 01/12/2025) and its signing: the wife moves out, a cousin moves in.
    person_leave(actor=cast.officer, person=wife, reason=LeaveReason.MOVED_OUT, occurred_on=SIGNED.replace(day=3))
    person_add(
        actor=cast.officer,
        household=household,
        data={"full_name": "Lò Văn Em Họ", "sex": "1", "date_of_birth": "2001-02-03", "relation": "other_relative"},
        kind=EventKind.MOVED_IN,
        occurred_on=SIGNED.replace(day=5),
    )

    decide(cast, [(household, "mau_01", {"b1": LOW_B1, "overrides": THREE})], "41/QĐ-UBND")

    issued = IssuedDocument.objects.get(kind=DocumentKind.CERTIFICATE, household=household)
    text = pdf_pages(_stored(issued))[0]
    assert "Lò Văn Chủ" in text and "Lò Thị Vợ" in text
    assert "Em Họ" not in text


def test_a_later_decision_supersedes_the_certificate(year_2025):
    household = _arising(year_2025)
    first = IssuedDocument.objects.get(kind=DocumentKind.CERTIFICATE, household=household)

    later = decide_2026(year_2025, household, {"b1": HIGH_B1}, signed_on=datetime.date(2026, 11, 2), number="7/QĐ-UBND")

    first.refresh_from_db()
    assert first.state == DocumentState.SUPERSEDED and first.superseded_by == later
    assert first.state_changed_on == datetime.date(2026, 11, 2)
    assert household.certificates.count() == 1  # escaped: no new certificate


def test_a_new_certificate_names_the_one_it_replaces(year_2025):
    household = _arising(year_2025)
    first = IssuedDocument.objects.get(kind=DocumentKind.CERTIFICATE, household=household)

    later = decide_2026(
        year_2025,
        household,
        {"b1": LOW_B1, "overrides": THREE},
        signed_on=datetime.date(2026, 11, 2),
        number="8/QĐ-UBND",
    )

    new = IssuedDocument.objects.get(kind=DocumentKind.CERTIFICATE, decision=later)
    first.refresh_from_db()
    assert new.replaces == first and new.state == DocumentState.VALID
    assert first.state == DocumentState.SUPERSEDED and first.superseded_by == later
    assert new.certificate == Certificate.objects.get(line__decision=later, status=Status.POOR)


def test_a_household_that_leaves_the_list_has_its_certificate_revoked(year_2025):
    household = _arising(year_2025)
    household_end(
        actor=year_2025.officer,
        household=household,
        occurred_on=datetime.date(2026, 3, 1),
        reason=EndReason.MOVED_AWAY,
    )
    issued = IssuedDocument.objects.get(kind=DocumentKind.CERTIFICATE, household=household)
    assert issued.state == DocumentState.REVOKED
    assert issued.state_changed_on == datetime.date(2026, 3, 1)
    assert "Chuyển đi nơi khác" in issued.state_note


def test_the_household_page_lists_its_certificates_with_their_state(client, year_2025):
    household = _arising(year_2025)
    decide_2026(year_2025, household, {"b1": HIGH_B1}, signed_on=datetime.date(2026, 11, 2), number="7/QĐ-UBND")
    client.force_login(year_2025.officer)

    page = client.get(f"/ho/{household.pk}/").content.decode()

    table = page[page.index('id="issued-certificates"') :]
    assert 'data-state="superseded"' in table
    assert "Đã được thay thế" in table and "Quyết định số 7/QĐ-UBND ngày 02/11/2026" in table


def test_the_task_worker_issues_the_signed_decisions_documents_and_until_then_they_wait(client, cast, monkeypatch):
    """Signing queues the issuing (a certificate takes a tenth of a second to lay out, twice; a decision's lists a page
    per thirty households); until the worker is done, the decision and its certificates are not printed: one printed
    then would be rebuilt, and a certificate would carry no verification code."""
    queued = []
    monkeypatch.setattr(tasks, "documents_issue_task", SimpleNamespace(enqueue=lambda *args: queued.append(args)))
    scenes.year_2025(cast)
    decision = Decision.objects.get(number="40/QĐ-UBND")
    certificate = Certificate.objects.get(line__decision=decision)
    assert (decision.pk, cast.chairman.pk) in queued
    assert not IssuedDocument.objects.filter(decision=decision).exists()
    client.force_login(cast.officer)
    urls = (
        f"/ra-soat/quyet-dinh/{decision.pk}/van-ban.pdf",
        f"/ra-soat/quyet-dinh/{decision.pk}/giay-chung-nhan.pdf",
        f"/ra-soat/giay-chung-nhan/{certificate.pk}.pdf",
    )
    for url in urls:
        waiting = client.get(url)
        assert waiting.status_code == 503 and waiting["Retry-After"] == "30"
        assert "Đang phát hành giấy chứng nhận" in waiting.content.decode()

    # The decision, the certificate, the minutes, the posting list; a task run twice issues nothing twice.
    assert documents_issue_task.call(decision.pk, cast.chairman.pk) == 4
    assert documents_issue_task.call(decision.pk, cast.chairman.pk) == 0
    for url in urls:
        assert client.get(url).status_code == 200
    printed = client.get(urls[2])
    assert printed.content == _stored(IssuedDocument.objects.get(kind=DocumentKind.CERTIFICATE, decision=decision))


def test_a_decision_left_waiting_by_a_stopped_worker_is_queued_again_and_issued_once(cast, monkeypatch):
    lost = SimpleNamespace(enqueue=lambda *args: None)  # the worker never ran the task
    monkeypatch.setattr(tasks, "documents_issue_task", lost)
    scenes.year_2025(cast)
    decision = Decision.objects.get(number="40/QĐ-UBND")
    assert not IssuedDocument.objects.filter(decision=decision).exists()
    monkeypatch.undo()

    out = io.StringIO()
    call_command("documents_issue_retry", "--minutes", "0", stdout=out)
    call_command("documents_issue_retry", "--minutes", "0", stdout=out)

    assert f"1 quyết định: {decision.pk}" in out.getvalue()
    assert "Không có quyết định nào đang chờ" in out.getvalue()
    assert IssuedDocument.objects.filter(decision=decision, kind=DocumentKind.CERTIFICATE).count() == 1
    with pytest.raises(CommandError, match="phải từ 0 trở lên"):
        call_command("documents_issue_retry", "--minutes", "-5")
