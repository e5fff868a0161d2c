"""What the review's workbooks write: a formula typed as a name comes out as text."""

from io import BytesIO

from openpyxl import load_workbook

from giamngheo.registry.models import Person
from giamngheo.reviews.documents.decisions import decision_xlsx
from giamngheo.reviews.documents.review_list import review_list_xlsx
from giamngheo.reviews.models import Campaign, Decision
from giamngheo.testing.hostile import FORMULA_NAME


def _cells_named(data: bytes, sheet: str | None = None) -> list[tuple[object, str]]:
    book = load_workbook(BytesIO(data))
    cells = (book[sheet] if sheet else book.active).iter_rows()
    return [(c.value, c.data_type) for row in cells for c in row if isinstance(c.value, str) and "HYPERLINK" in c.value]


def test_the_review_list_and_the_decision_write_a_name_typed_as_a_formula_as_text(year_2025):
    cast = year_2025
    Person.objects.filter(full_name="Vũ Văn Mới").update(full_name=FORMULA_NAME)
    campaign = Campaign.objects.get()

    review_list = review_list_xlsx(campaign=campaign, commune=cast.commune, items=campaign.items.all())
    assert _cells_named(review_list) == [("'" + FORMULA_NAME, "s")]

    decision = decision_xlsx(Decision.objects.get())
    assert _cells_named(decision, "Hộ nghèo") == [("'" + FORMULA_NAME, "s")]
