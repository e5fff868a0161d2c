"""The "Căn cứ …" lines of the decision (Mẫu 02) and the certificate (Mẫu 03): the Law on the Organisation of Local
Government in force on the document's own date, read from dated data (data/procedure.yaml)."""

import datetime

import pytest

from giamngheo.reviews.documents.decisions import decision_pdf
from giamngheo.reviews.models import Decision, DecisionState
from giamngheo.reviews.procedure import procedure_in_force
from giamngheo.testing.pdf import pdf_pages

LAW_2015 = "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015"
AMENDMENT_2019 = "Luật Tổ chức chính quyền địa phương ngày 22 tháng 11 năm 2019"
LAW_65 = "Căn cứ Luật Tổ chức chính quyền địa phương số 65/2025/QH15 ngày 19 tháng 02 năm 2025"
LAW_72 = "Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15 ngày 16 tháng 6 năm 2025"


def _first_page(campaign, cast, signed_on: datetime.date) -> str:
    decision = Decision.objects.create(
        campaign=campaign,
        commune=cast.commune,
        number=f"{signed_on:%m%y}/QĐ-UBND",
        signed_on=signed_on,
        signer_name="Chủ Tịch",
        state=DecisionState.APPLIED,
    )
    # A citation runs over two lines of the page; the words are what counts.
    return " ".join(pdf_pages(decision_pdf(decision))[0].split())


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("signed_on", "cited", "not_cited"),
    [
        (datetime.date(2024, 11, 20), [LAW_2015, AMENDMENT_2019], [LAW_65, LAW_72]),
        (datetime.date(2025, 4, 10), [LAW_65], [LAW_2015, LAW_72]),
        (datetime.date(2025, 12, 1), [LAW_72], [LAW_2015, LAW_65]),
    ],
)
def test_a_decision_cites_the_local_government_law_in_force_on_its_date(cast, campaign, signed_on, cited, not_cited):
    text = _first_page(campaign, cast, signed_on)

    for citation in cited:
        assert citation in text
    for citation in not_cited:
        assert citation not in text


@pytest.mark.parametrize(
    ("day", "law"),
    [
        (datetime.date(2025, 2, 28), LAW_2015),  # the day before Law 65/2025 came into force
        (datetime.date(2025, 3, 1), LAW_65),
        (datetime.date(2025, 6, 30), LAW_65),  # the last day of Law 65/2025
        (datetime.date(2025, 7, 1), LAW_72),
    ],
)
def test_the_citation_changes_on_the_day_the_new_law_comes_into_force(day, law):
    assert procedure_in_force(day).document_basis("local_government", day).startswith(law)


def test_every_dated_citation_carries_its_legal_reference_and_status():
    citations = procedure_in_force(datetime.date(2025, 12, 1)).document_bases["local_government"]

    assert len(citations) == 3
    for citation in citations:
        assert citation.reference
        assert citation.status in {"V", "P", "U"}
