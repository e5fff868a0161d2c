"""Issue 12 §3: the certificate's code, and the public page that checks it without revealing anything else."""

import datetime
import html
import io
import math

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from giamngheo.accounts.models import Agency, Role
from giamngheo.registry.models import Household
from giamngheo.reviews.models import DocumentKind, IssuedDocument, VerificationCount
from giamngheo.reviews.verification import ALPHABET, CODE_LENGTH, code_new, code_parse, code_printed, initials
from giamngheo.testing.factories import HIGH_B1, UserFactory
from giamngheo.testing.pdf import pdf_pages
from giamngheo.testing.scenes import decide_2026


@pytest.fixture(autouse=True)
def _no_rate_limit_left_over(db):
    cache.clear()
    yield
    cache.clear()


def _issued() -> IssuedDocument:
    return IssuedDocument.objects.select_related("household__head").get(kind=DocumentKind.CERTIFICATE)


def test_a_code_holds_at_least_80_random_bits_in_crockfords_alphabet():
    codes = {code_new() for _ in range(1_000)}
    assert len(codes) == 1_000
    assert all(len(c) == CODE_LENGTH and set(c) <= set(ALPHABET) for c in codes)
    assert CODE_LENGTH * math.log2(len(ALPHABET)) >= 80


def test_a_code_is_read_back_as_people_type_it():
    code = "7KQ2M9XD0AB1CZTR"
    assert code_printed(code) == "7KQ2-M9XD-0AB1-CZTR"
    assert code_parse("7kq2 m9xd-oab1-cztr") == code  # lower case, spaces, O for 0
    assert code_parse("7KQ2-M9XD-0ABL-CZTR") == "7KQ2M9XD0AB1CZTR"  # L for 1
    assert code_parse("7KQ2-M9XD-0AB1") is None and code_parse("7KQ2-M9XD-0AB1-CZTU") is None


def test_the_head_is_named_by_initials_only():
    assert initials("Nguyễn Văn An") == "N. V. A."
    assert initials("Đỗ  Thị Ánh") == "Đ. T. Á."


def test_the_code_and_its_address_are_printed_on_the_issued_certificate(year_2025, settings):
    issued = _issued()
    text = pdf_pages(issued.file.open("rb").read())[0]
    assert code_printed(issued.code) in text
    assert f"/xac-minh/{code_printed(issued.code)}/" in text.replace(" ", "")


def test_anyone_checks_a_valid_certificate_and_sees_only_what_the_issue_lists(client, year_2025):
    issued = _issued()
    head = issued.household.head

    response = client.get(f"/xac-minh/{code_printed(issued.code)}/")

    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-state="valid"' in page and "Còn hiệu lực" in page
    assert "Hộ nghèo năm 2025" in page
    assert "Xã Thử A" in page and "Số 40/QĐ-UBND ngày 01/12/2025" in page
    assert "V. V. M." in page
    household = Household.objects.get(pk=issued.household_id)
    assert head.full_name and head.citizen_id
    secrets = (head.full_name, head.citizen_id, household.code, household.address, str(head.date_of_birth.year))
    for secret in filter(None, secrets):
        assert secret not in page, secret


def test_a_superseded_certificate_says_so_and_by_which_decision(client, year_2025):
    issued = _issued()
    decide_2026(year_2025, issued.household, {"b1": HIGH_B1}, signed_on=datetime.date(2026, 11, 2), number="7/QĐ-UBND")

    page = client.get(f"/xac-minh/{issued.code}/").content.decode()

    assert 'data-state="superseded"' in page and "Đã được thay thế" in page
    assert "Quyết định số 7/QĐ-UBND ngày 02/11/2026" in page


def test_a_wrong_code_and_an_unknown_code_answer_alike(client, year_2025):
    unknown = client.get(f"/xac-minh/{code_printed(code_new())}/")
    wrong = client.get("/xac-minh/khong-phai-ma/")

    def answer(response) -> str:
        # The page's own part (the layout around it carries the address and a CSRF token of the language menu).
        page = response.content.decode()
        return page[page.index('<h1 class="gn-title') : page.index("</form>", page.index('<h1 class="gn-title'))]

    assert unknown.status_code == wrong.status_code == 404
    assert answer(unknown) == answer(wrong)
    assert "Không tìm thấy giấy chứng nhận có mã này" in answer(unknown)


def test_every_check_of_a_known_code_is_counted_for_its_commune_without_who_asked(client, year_2025, monkeypatch):
    from giamngheo.reviews.views import base

    monkeypatch.setattr(base, "today", lambda: datetime.date(2026, 1, 5))
    issued = _issued()
    for _ in range(3):
        client.get(f"/xac-minh/{issued.code}/", REMOTE_ADDR="203.0.113.9")
    client.get(f"/xac-minh/{code_new()}/")

    counts = list(VerificationCount.objects.values_list("commune_id", "day", "checks"))
    assert counts == [(year_2025.commune.pk, datetime.date(2026, 1, 5), 3)]
    assert {f.name for f in VerificationCount._meta.get_fields()} == {"id", "commune", "day", "checks"}


def test_the_page_is_rate_limited_per_address(client, year_2025, settings):
    settings.VERIFICATION_RATE = "2/m"
    code = _issued().code
    responses = [client.get(f"/xac-minh/{code}/", REMOTE_ADDR="203.0.113.9") for _ in range(3)]
    other = client.get(f"/xac-minh/{code}/", REMOTE_ADDR="203.0.113.10").status_code
    assert [r.status_code for r in responses] == [200, 200, 429] and other == 200
    assert "Có quá nhiều lượt xác minh từ cùng một địa chỉ" in responses[2].content.decode()
    assert VerificationCount.objects.get().checks == 3  # two and one answered; the refused check is not counted


def test_a_code_typed_into_the_form_leads_to_its_page(client, year_2025):
    code = _issued().code
    response = client.get("/xac-minh/", {"ma": code.lower()})
    assert response.status_code == 302 and response["Location"] == f"/xac-minh/{code_printed(code)}/"


def _workbook(*cells: object) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for value in cells:
        sheet.append([value])
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile("ma.xlsx", out.getvalue())


@pytest.fixture
def agency_officer(cast):
    agency = Agency.objects.create(province=cast.province, name="Sở Y tế")
    return UserFactory.create(username="so_y_te", role=Role.AGENCY_OFFICER, area=cast.province, agency=agency)


def test_an_agency_officer_checks_a_workbook_of_codes_and_reads_each_ones_state(client, year_2025, agency_officer):
    issued = _issued()
    unknown = code_printed(code_new())
    client.force_login(agency_officer)

    response = client.post(
        "/xac-minh/hang-loat/", {"file": _workbook("Mã xác minh", code_printed(issued.code), unknown, "sai-ma")}
    )

    page = response.content.decode()
    table = page[page.index('id="bulk-results"') :]
    assert table.count('data-state="valid"') == 1 and table.count('data-state="unknown"') == 2
    assert "Hộ nghèo năm 2025" in table and "V. V. M." in table and unknown in table
    assert issued.household.head.full_name not in table
    assert VerificationCount.objects.get().checks == 1


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("ma.csv", b"ABCD"), "Tệp ma.csv không phải bảng tính Excel (.xlsx)."),
        (SimpleUploadedFile("ma.xlsx", b"not a workbook"), "Không đọc được tệp ma.xlsx như một bảng tính Excel"),
        ("empty", "Cột A của trang tính đầu tiên không có mã nào."),
        ("too_many", "Tệp có 1.001 mã; mỗi lần kiểm tra tối đa 1.000 mã."),
    ],
)
def test_a_workbook_that_is_not_a_list_of_codes_is_refused_with_what_is_wrong(
    client, year_2025, agency_officer, upload, message
):
    if upload == "empty":
        upload = _workbook("Mã xác minh")
    elif upload == "too_many":
        upload = _workbook(*[code_printed(code_new()) for _ in range(1_001)])
    client.force_login(agency_officer)

    page = client.post("/xac-minh/hang-loat/", {"file": upload}).content.decode()

    assert message in html.unescape(page)
    assert 'id="bulk-results"' not in page and not VerificationCount.objects.exists()


def test_only_agency_officers_and_national_administrators_verify_in_bulk(client, year_2025):
    client.force_login(year_2025.officer)
    assert client.get("/xac-minh/hang-loat/").status_code == 404
    client.force_login(year_2025.national_admin)
    assert client.get("/xac-minh/hang-loat/").status_code == 200


def test_a_commune_sees_how_often_its_certificates_were_checked_and_no_other_communes(client, year_2025):
    VerificationCount.objects.create(commune=year_2025.commune, day=datetime.date(2026, 1, 5), checks=3)
    VerificationCount.objects.create(commune=year_2025.commune, day=datetime.date(2026, 1, 20), checks=1_200)
    VerificationCount.objects.create(commune=year_2025.other_commune, day=datetime.date(2026, 1, 5), checks=7)
    client.force_login(year_2025.officer)

    page = client.get("/xac-minh/thong-ke/").content.decode()

    table = page[page.index('id="verification-counts"') :]
    assert "Xã Thử A" in table and "01/2026" in table and "1.203" in table
    assert year_2025.other_commune.name not in table
