"""The detailed lists as PDF (issue 11, B8): landscape, about 30 rows a page, a row never split across pages, the
header repeated, the national heading at the top."""

import pytest

from giamngheo.reports.tables import catalogue
from giamngheo.reports.tables.catalogue import report_write
from giamngheo.testing.pdf import pdf_pages


def _row(n: int) -> tuple[object, ...]:
    return (
        n,
        f"91001-S1-{n:06d}",
        f"Nguyễn Thị Hộ Nghèo Số {n:03d}",
        1985,
        "Nữ",
        "Kinh",
        "Thôn Một",
        "Xã Thử A",
        4,
        "12/QĐ-UBND ngày 25/10/2025",
    )


@pytest.fixture
def hundred_rows(monkeypatch):
    rows = [_row(n) for n in range(1, 101)]
    monkeypatch.setattr(catalogue, "pdf_rows", lambda **_: rows)
    return rows


def test_the_poor_list_pdf_prints_a_hundred_households_on_four_pages_without_splitting_one(
    cast, hundred_rows, tmp_path
):
    pdf = tmp_path / "poor.pdf"
    report_write(report="poor_list", unit=cast.commune, year=2025, fmt="pdf", path=pdf)
    pages = pdf_pages(pdf.read_bytes())

    assert len(pages) <= 4
    for _n, code, name, *_ in hundred_rows:
        (page,) = [page for page in pages if code in page]
        assert name in page, f"{code} and {name} are on different pages"
    assert all("Mã hộ" in page and "Họ và tên chủ hộ" in page for page in pages)  # the header on every page


def test_the_poor_list_pdf_carries_the_national_heading(cast, hundred_rows, tmp_path):
    pdf = tmp_path / "poor.pdf"
    report_write(report="poor_list", unit=cast.commune, year=2025, fmt="pdf", path=pdf)
    first = pdf_pages(pdf.read_bytes())[0]

    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first
    assert "Độc lập - Tự do - Hạnh phúc" in first
    assert "XÃ THỬ A" in first
