"""The printed documents of the review: what each one says, and what a public one must never say."""

import datetime
from io import BytesIO
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from giamngheo.common.formats import date_vi
from giamngheo.common.pdf import BASE_URL, StaticFilesFetcher
from giamngheo.registry.models import Person, Relation, Sex, Status
from giamngheo.reviews.documents.certificates import certificates_pdf
from giamngheo.reviews.documents.decisions import decision_pdf, decision_xlsx
from giamngheo.reviews.documents.minutes import minutes_pdf
from giamngheo.reviews.documents.posting import posting_list_pdf
from giamngheo.reviews.documents.refusals import refusal_pdf
from giamngheo.reviews.documents.review_list import review_list_xlsx
from giamngheo.reviews.models import Certificate, ReviewItem, Survey
from giamngheo.reviews.services.campaigns import application_receive, review_list_build
from giamngheo.reviews.services.community import meeting_record, posting_create
from giamngheo.reviews.services.decisions import decision_apply, decision_draft
from giamngheo.reviews.services.refusals import refusal_issue
from giamngheo.reviews.services.surveys import survey_save, survey_submit
from giamngheo.testing.factories import HIGH_B1, make_household, member
from giamngheo.testing.pdf import pdf_pages
from giamngheo.testing.surveys import REVIEW_DAY, THREE_DEPRIVATIONS, phieu_b

INCOME = 1_234_567  # đồng/người/tháng, recorded for the household that stays poor


def sheet_rows(data: bytes, sheet: str | None = None) -> list[tuple]:
    """The rows of a sheet from its header row ("STT" in column A) down."""
    book = load_workbook(BytesIO(data))
    rows = list((book[sheet] if sheet else book.active).iter_rows(values_only=True))
    start = next(n for n, row in enumerate(rows) if row[0] == "STT")
    return rows[start:]


def _survey(actor, item, answers):
    survey, _ = survey_save(actor=actor, item=item, form="B", answers=answers, version=0, as_of=REVIEW_DAY)
    return survey_submit(actor=actor, item=item, form="B", version=survey.version, as_of=REVIEW_DAY)


@pytest.fixture
def village_households(cast):
    """Four households of Thôn Một, one for each way a review can end, and one poor household of Thôn Hai."""
    return SimpleNamespace(
        # Stays poor: the head, his Thái wife and their daughter.
        poor=make_household(
            village=cast.village,
            status=Status.POOR,
            facts={"income_per_capita": INCOME},
            members=[
                member(full_name="Lò Văn Nghèo"),
                member(
                    full_name="Lường Thị Hoa",
                    sex=Sex.FEMALE,
                    ethnicity="03",
                    relation=Relation.SPOUSE,
                    date_of_birth=datetime.date(1983, 2, 3),
                ),
                member(
                    full_name="Lò Thị Mai",
                    sex=Sex.FEMALE,
                    relation=Relation.CHILD,
                    date_of_birth=datetime.date(2010, 6, 1),
                    citizen_id=None,
                ),
            ],
        ),
        near_poor=make_household(
            village=cast.village, status=Status.NEAR_POOR, members=[member(full_name="Hà Thị Cận", sex=Sex.FEMALE)]
        ),
        escaping=make_household(village=cast.village, status=Status.POOR, members=[member(full_name="Đặng Văn Thoát")]),
        escaping_near=make_household(
            village=cast.village, status=Status.NEAR_POOR, members=[member(full_name="Phùng Thị Vượt", sex=Sex.FEMALE)]
        ),
        elsewhere=make_household(
            village=cast.other_village, status=Status.POOR, members=[member(full_name="Mai Văn Xa")]
        ),
    )


@pytest.fixture
def reviewed(cast, campaign, village_households):
    """The review up to the drafted decision: surveyed, met twice in Thôn Một (one household needed a second
    meeting), once in Thôn Hai, posted in Thôn Một and at the commune."""
    h = village_households
    review_list_build(actor=cast.officer, campaign=campaign, commune=cast.commune)
    items = {
        name: ReviewItem.objects.get(household=getattr(h, name))
        for name in ("poor", "near_poor", "escaping", "escaping_near", "elsewhere")
    }
    _survey(cast.collaborator, items["poor"], phieu_b(overrides=THREE_DEPRIVATIONS))
    _survey(cast.collaborator, items["near_poor"], phieu_b())
    _survey(cast.collaborator, items["escaping"], phieu_b(HIGH_B1))
    _survey(cast.collaborator, items["escaping_near"], phieu_b(HIGH_B1))
    _survey(cast.officer, items["elsewhere"], phieu_b(overrides=THREE_DEPRIVATIONS))
    first_meeting = meeting_record(
        actor=cast.officer,
        campaign=campaign,
        village=cast.village,
        held_on=datetime.date(2025, 10, 10),
        chair="Hoàng Văn Trưởng",
        secretary="Nông Thị Ghi",
        attendees=10,
        organisations="Chi hội Phụ nữ, Chi hội Nông dân, Chi đoàn Thanh niên",
        front_supervisor="Triệu Văn Giám",
        votes={items["poor"].pk: 8, items["near_poor"].pk: 7, items["escaping"].pk: 9, items["escaping_near"].pk: 4},
    )
    survey = Survey.objects.get(item=items["escaping_near"])
    survey_submit(actor=cast.officer, item=items["escaping_near"], form="B", version=survey.version, as_of=REVIEW_DAY)
    meeting_record(
        actor=cast.officer,
        campaign=campaign,
        village=cast.village,
        held_on=datetime.date(2025, 10, 17),
        chair="Hoàng Văn Trưởng",
        secretary="Nông Thị Ghi",
        attendees=12,
        votes={items["escaping_near"].pk: 6},
    )
    meeting_record(
        actor=cast.officer,
        campaign=campaign,
        village=cast.other_village,
        held_on=datetime.date(2025, 10, 17),
        chair="Sầm Văn Hai",
        secretary="Thư ký",
        attendees=8,
        votes={items["elsewhere"].pk: 8},
    )
    village_posting = posting_create(
        actor=cast.officer,
        campaign=campaign,
        commune=cast.commune,
        village=cast.village,
        starts_on=datetime.date(2025, 10, 20),
    )
    commune_posting = posting_create(
        actor=cast.officer, campaign=campaign, commune=cast.commune, starts_on=datetime.date(2025, 10, 20)
    )
    draft = decision_draft(actor=cast.officer, campaign=campaign, commune=cast.commune)
    return SimpleNamespace(
        items=items,
        first_meeting=first_meeting,
        village_posting=village_posting,
        commune_posting=commune_posting,
        draft=draft,
    )


@pytest.fixture
def signed(cast, reviewed):
    return decision_apply(
        actor=cast.chairman, decision=reviewed.draft, number="12/QĐ-UBND", signed_on=datetime.date(2025, 10, 25)
    )


def _sections(pages: list[str], titles: list[str]) -> dict[str, str]:
    """The text under each title, from the page it starts on to the page before the next title."""
    starts = [next(n for n, page in enumerate(pages) if title in page) for title in titles]
    ends = [*starts[1:], len(pages)]
    return {title: " ".join(pages[start:end]) for title, start, end in zip(titles, starts, ends, strict=True)}


def test_dates_are_written_as_official_documents_write_them():
    assert date_vi(datetime.date(2025, 10, 25)) == "ngày 25 tháng 10 năm 2025"
    # Decree 30/2020 Phụ lục I: a leading zero for days below 10 and for the months 1 and 2 only.
    assert date_vi(datetime.date(2025, 2, 5)) == "ngày 05 tháng 02 năm 2025"
    assert date_vi(datetime.date(2025, 3, 5)) == "ngày 05 tháng 3 năm 2025"
    assert date_vi(None) == "ngày …… tháng …… năm ……"


def test_documents_read_their_stylesheet_locally_and_nothing_from_the_network():
    fetcher = StaticFilesFetcher()

    css = fetcher.fetch(f"{BASE_URL}static/css/documents.css")
    assert b"size: A4" in css.read()
    for url in ("https://cdn.example.com/style.css", f"{BASE_URL}static/../config/settings.py", "file:///etc/passwd"):
        with pytest.raises(ValueError, match="không tải"):
            fetcher.fetch(url)


def test_the_review_list_follows_appendix_one(cast, campaign, village_households):
    review_list_build(actor=cast.officer, campaign=campaign, commune=cast.commune)
    items = campaign.items.filter(commune=cast.commune)

    data = review_list_xlsx(campaign=campaign, commune=cast.commune, items=items)

    book = load_workbook(BytesIO(data))
    heading = [row[0] for row in book.active.iter_rows(max_row=5, values_only=True)]
    assert heading[:3] == [
        "ỦY BAN NHÂN DÂN XÃ THỬ A",
        "BAN CHỈ ĐẠO RÀ SOÁT HỘ NGHÈO, HỘ CẬN NGHÈO",
        "DANH SÁCH HỘ GIA ĐÌNH CẦN RÀ SOÁT",
    ]
    assert heading[3] == str(campaign)
    header, *rows = sheet_rows(data)
    assert header == (
        "STT",
        "Mã hộ",
        "Họ tên chủ hộ",
        "Thôn",
        "Diện rà soát",
        "Tình trạng trước rà soát",
        "Bước hiện tại",
        "Kết quả đề xuất",
    )
    assert [r[0] for r in rows] == [1, 2, 3, 4, 5]
    poor = next(r for r in rows if r[1] == village_households.poor.code)
    assert poor[2:] == ("Lò Văn Nghèo", "Thôn Một", "Hộ nghèo đang quản lý", "Hộ nghèo", "Đã lập danh sách", None)
    assert {r[3] for r in rows} == {"Thôn Một", "Thôn Hai"}


def test_the_minutes_come_in_two_copies_each_on_its_own_pages(reviewed, village_households):
    pages = pdf_pages(minutes_pdf(reviewed.first_meeting))

    first = [n for n, page in enumerate(pages) if "Bản số 1: lưu tại thôn" in page]
    second = [n for n, page in enumerate(pages) if "Bản số 2: gửi Ban Chỉ đạo rà soát xã" in page]
    assert len(first) == len(second) == 1
    assert pages[second[0]].startswith("Bản số 2: gửi Ban Chỉ đạo rà soát xã")
    copies = [" ".join(pages[: second[0]]), " ".join(pages[second[0] :])]
    for text in copies:
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
        assert "Độc lập - Tự do - Hạnh phúc" in text
        assert "BIÊN BẢN HỌP DÂN" in text
        assert "ngày 10 tháng 10 năm 2025" in text
        assert "Hoàng Văn Trưởng" in text and "Nông Thị Ghi" in text and "Triệu Văn Giám" in text
        assert "Chi hội Phụ nữ" in text
        assert "Tổng số người tham dự: 10 người" in text
        assert "ít nhất 50%" in text and "Quyết định 24/2021/QĐ-TTg" in text
        assert f"{village_households.poor.code} Lò Văn Nghèo Hộ nghèo 8 80,0 Có" in text
        # 4 of 10 is below half: not agreed, the household is surveyed again.
        assert f"{village_households.escaping_near.code} Phùng Thị Vượt Không nghèo 4 40,0 Không" in text
        assert "THƯ KÝ" in text and "ĐẠI DIỆN HỘ GIA ĐÌNH" in text and "CHỦ TRÌ (TRƯỞNG THÔN)" in text


def test_the_posting_list_shows_who_and_what_result(reviewed):
    text = " ".join(pdf_pages(posting_list_pdf(reviewed.village_posting)))

    assert "DANH SÁCH NIÊM YẾT CÔNG KHAI" in text
    assert "Thôn Một, Xã Thử A" in text
    assert "từ ngày 20 tháng 10 năm 2025 đến hết ngày 23 tháng 10 năm 2025" in text
    assert "Lò Văn Nghèo Thôn Một Hộ nghèo" in text
    assert "Hà Thị Cận Thôn Một Hộ cận nghèo" in text
    assert "Đặng Văn Thoát Thôn Một Thoát nghèo" in text
    assert "Phùng Thị Vượt Thôn Một Thoát cận nghèo" in text
    assert "Mai Văn Xa" not in text  # Thôn Hai's household is posted in Thôn Hai, not here


def test_the_commune_posting_list_covers_every_village(reviewed):
    text = " ".join(pdf_pages(posting_list_pdf(reviewed.commune_posting)))

    assert "Ủy ban nhân dân Xã Thử A" in text
    assert "Mai Văn Xa Thôn Hai Hộ nghèo" in text
    assert "Lò Văn Nghèo Thôn Một Hộ nghèo" in text


def test_the_posting_list_never_shows_citizen_ids(reviewed):
    text = " ".join(pdf_pages(posting_list_pdf(reviewed.commune_posting)))

    citizen_ids = [c for c in Person.objects.values_list("citizen_id", flat=True) if c]
    assert len(citizen_ids) == 6
    assert not [c for c in citizen_ids if c in text.replace(" ", "")]
    assert "CCCD" not in text


def test_the_posting_list_never_shows_income_scores_or_deprivations(reviewed):
    text = " ".join(pdf_pages(posting_list_pdf(reviewed.commune_posting)))

    assert "1.234.567" not in text and "1234567" not in text
    for word in ("thu nhập", "điểm", "B1", "B2", "thiếu hụt", "Việc làm", "Nguồn nước", "Chất lượng nhà ở"):
        assert word.lower() not in text.lower()


def test_a_draft_decision_says_draft_on_every_page(reviewed):
    pages = pdf_pages(decision_pdf(reviewed.draft))

    assert len(pages) >= 5  # the decision and its four lists, each list from a new page
    assert all("DỰ THẢO" in page for page in pages)
    assert "Số: /QĐ-UBND" in pages[0]
    assert f"{reviewed.draft.commune.short_name}, ngày …… tháng …… năm ……" in pages[0]


def test_the_signed_decision_recognises_the_four_lists(cast, signed, village_households):
    pages = pdf_pages(decision_pdf(signed))
    text = " ".join(pages)

    assert "DỰ THẢO" not in text
    assert "ỦY BAN NHÂN DÂN XÃ THỬ A" in pages[0]
    assert "Số: 12/QĐ-UBND" in pages[0]
    assert f"{cast.commune.short_name}, ngày 25 tháng 10 năm 2025" in pages[0]
    assert (
        "QUYẾT ĐỊNH Về việc công nhận danh sách hộ nghèo, hộ cận nghèo và danh sách hộ thoát nghèo, "
        "hộ thoát cận nghèo năm 2025"
    ) in pages[0]
    for basis in ("Luật Tổ chức chính quyền địa phương", "Nghị định 07/2021/NĐ-CP", "Quyết định số 24/2021/QĐ-TTg"):
        assert basis in pages[0]
    assert "Chuẩn nghèo đa chiều giai đoạn 2022–2025" in pages[0]  # the campaign's standard
    assert "Điều 1." in text and "Điều 2." in text and "Điều 3." in text
    assert "CHỦ TỊCH" in text and "chutich" in text
    lists = _sections(
        pages,
        [
            "Danh sách 1 DANH SÁCH HỘ NGHÈO NĂM 2025",
            "Danh sách 2 DANH SÁCH HỘ CẬN NGHÈO NĂM 2025",
            "Danh sách 3 DANH SÁCH HỘ THOÁT NGHÈO NĂM 2025",
            "Danh sách 4 DANH SÁCH HỘ THOÁT CẬN NGHÈO NĂM 2025",
        ],
    )
    poor, near_poor, escaped, escaped_near = lists.values()
    h = village_households
    assert f"{h.poor.code} Lò Văn Nghèo Thôn Một 3" in poor and "Mai Văn Xa" in poor
    assert "Hà Thị Cận" in near_poor and "Lò Văn Nghèo" not in near_poor
    assert f"{h.escaping.code} Đặng Văn Thoát Thôn Một 1" in escaped and "Phùng Thị Vượt" not in escaped
    assert "Phùng Thị Vượt" in escaped_near and "Đặng Văn Thoát" not in escaped_near
    assert "Kèm theo Quyết định số 12/QĐ-UBND ngày 25/10/2025" in escaped_near


def test_the_decision_workbook_has_the_four_lists(signed, village_households):
    data = decision_xlsx(signed)

    book = load_workbook(BytesIO(data))
    assert book.sheetnames == ["Hộ nghèo", "Hộ cận nghèo", "Hộ thoát nghèo", "Hộ thoát cận nghèo"]
    heading = [row[0] for row in book["Hộ nghèo"].iter_rows(max_row=3, values_only=True)]
    assert heading[0] == "ỦY BAN NHÂN DÂN XÃ THỬ A"
    assert "12/QĐ-UBND" in heading[2]
    header, *poor = sheet_rows(data, "Hộ nghèo")
    assert header == ("STT", "Mã hộ", "Họ tên chủ hộ", "Thôn", "Số nhân khẩu")
    h = village_households
    assert [r[1:] for r in poor] == [  # Mẫu 02 lists by village, then household code
        (h.elsewhere.code, "Mai Văn Xa", "Thôn Hai", 1),
        (h.poor.code, "Lò Văn Nghèo", "Thôn Một", 3),
        (None, None, None, 4),
    ]
    assert [r[0] for r in poor] == [1, 2, "Tổng cộng: 2 hộ"]
    assert [r[2] for r in sheet_rows(data, "Hộ cận nghèo")[1:] if r[1]] == ["Hà Thị Cận"]
    assert [r[2] for r in sheet_rows(data, "Hộ thoát nghèo")[1:] if r[1]] == ["Đặng Văn Thoát"]
    assert [r[2] for r in sheet_rows(data, "Hộ thoát cận nghèo")[1:] if r[1]] == ["Phùng Thị Vượt"]


def test_certificates_print_one_household_per_page(cast, signed, village_households):
    certificates = Certificate.objects.order_by("serial")
    pages = pdf_pages(certificates_pdf(certificates))

    assert len(pages) == certificates.count() == 3
    certificate = certificates.get(household=village_households.poor)
    first = next(page for page in pages if "Lò Văn Nghèo" in page)
    head = village_households.poor.head
    assert "UBND XÃ THỬ A" in first
    assert "GIẤY CHỨNG NHẬN HỘ NGHÈO, HỘ CẬN NGHÈO" in first
    assert f"Số: {certificate.number}" in first
    assert f"{cast.commune.short_name}, ngày 25 tháng 10 năm 2025" in first
    assert "Luật Tổ chức chính quyền địa phương số 72/2025/QH15" in first  # signed 25/10/2025
    assert "Nghị định 07/2021/NĐ-CP" in first
    assert "Hộ ông: Lò Văn Nghèo" in first
    assert f"Số CCCD: {head.citizen_id}" in first  # the household's own document carries the head's CCCD
    assert "Dân tộc: Kinh" in first
    assert "I. Danh sách thành viên trong hộ" in first
    assert "1 Lò Văn Nghèo Kinh Chủ hộ 1980" in first
    assert "2 Lường Thị Hoa Thái Vợ/chồng 1983" in first
    assert "3 Lò Thị Mai Kinh Con 2010" in first
    assert "CHỦ TỊCH" in first and "chutich" in first
    near = next(page for page in pages if "Hà Thị Cận" in page)
    assert "Hộ bà: Hà Thị Cận" in near
    assert [c.number for c in certificates] == ["01/GCN-HN.HCN", "02/GCN-HN.HCN", "03/GCN-HN.HCN"]
    assert "Số: 01/GCN-HN.HCN" in pages[0]


def test_a_certificate_marks_its_category(signed):
    poor = Certificate.objects.get(status=Status.POOR, household__head__full_name="Lò Văn Nghèo")
    near = Certificate.objects.get(status=Status.NEAR_POOR)

    assert "Là: X HỘ NGHÈO Hộ cận nghèo" in pdf_pages(certificates_pdf([poor]))[0]
    assert "Là: Hộ nghèo X HỘ CẬN NGHÈO" in pdf_pages(certificates_pdf([near]))[0]


def test_a_certificate_fills_the_issue_date_of_the_heads_card_where_mau_03_has_its_blank(signed, village_households):
    Person.objects.filter(pk=village_households.poor.head_id).update(
        citizen_id_issued_on=datetime.date(2022, 3, 10), citizen_id_issued_by="c06"
    )
    poor = Certificate.objects.get(household=village_households.poor)
    near = Certificate.objects.get(household=village_households.near_poor)

    assert "; ngày cấp: 10/03/2022" in pdf_pages(certificates_pdf([poor]))[0]
    assert "; ngày cấp: ……………………" in pdf_pages(certificates_pdf([near]))[0]  # not recorded: left to fill in


def test_certificates_are_read_in_a_fixed_number_of_queries(signed):
    with CaptureQueriesContext(connection) as one:
        certificates_pdf(Certificate.objects.order_by("serial")[:1])
    with CaptureQueriesContext(connection) as three:
        certificates_pdf(Certificate.objects.order_by("serial"))

    assert len(three) == len(one) == 2  # the certificates with their units and decision; the members

    with CaptureQueriesContext(connection) as listed:
        certificates_pdf(list(Certificate.objects.all()))
    assert len(listed) <= 9


def test_the_refusal_answers_the_household_with_reasons(cast, campaign, village_households):
    applicant = make_household(village=cast.village, members=[member(full_name="Vũ Thị Khá", sex=Sex.FEMALE)])
    application = application_receive(
        actor=cast.officer,
        household=applicant,
        form="mau_01",
        applicant_name="Vũ Thị Khá",
        reason="Chồng mất sức lao động",
        received_on=datetime.date(2025, 10, 1),
    )
    _survey(cast.collaborator, application.item, phieu_b(HIGH_B1))
    # Decision 24/2021 Art. 5: the meeting and the posting come before the written answer.
    meeting_record(
        actor=cast.officer,
        campaign=campaign,
        village=cast.village,
        held_on=datetime.date(2025, 10, 1),
        chair="Trưởng thôn",
        secretary="Thư ký",
        attendees=10,
        votes={application.item.pk: 9},
    )
    posting_create(actor=cast.officer, campaign=campaign, commune=cast.commune, starts_on=datetime.date(2025, 10, 1))
    refusal = refusal_issue(
        actor=cast.chairman,
        item=application.item,
        number="35/UBND-LĐTBXH",
        issued_on=datetime.date(2025, 10, 8),
        reasons="Điểm B1 của hộ cao hơn chuẩn cận nghèo khu vực nông thôn.",
    )

    text = " ".join(pdf_pages(refusal_pdf(refusal)))

    assert "ỦY BAN NHÂN DÂN XÃ THỬ A" in text
    assert "Số: 35/UBND-LĐTBXH" in text
    assert "V/v trả lời đề nghị rà soát hộ nghèo, hộ cận nghèo" in text
    assert f"{cast.commune.short_name}, ngày 08 tháng 10 năm 2025" in text
    assert "Kính gửi: Bà Vũ Thị Khá" in text
    assert (
        "Ngày 01 tháng 10 năm 2025, Ủy ban nhân dân Xã Thử A nhận được Giấy đề nghị rà soát hộ nghèo, hộ cận nghèo "
        "(Mẫu số 01) của hộ bà Vũ Thị Khá"
    ) in text
    assert "Điểm B1 của hộ cao hơn chuẩn cận nghèo khu vực nông thôn." in text
    assert "CHỦ TỊCH" in text and "chutich" in text
