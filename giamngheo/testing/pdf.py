"""Reading a rendered PDF in tests: the text of each page, and where a piece of text sits on its page."""

import unicodedata
from dataclasses import dataclass
from io import BytesIO

from pypdf import PdfReader


def pdf_pages(data: bytes) -> list[str]:
    """The text of each page, NFC, with runs of white space made single spaces."""
    assert data.startswith(b"%PDF")
    return [
        " ".join(unicodedata.normalize("NFC", page.extract_text()).split()) for page in PdfReader(BytesIO(data)).pages
    ]


@dataclass(frozen=True)
class Run:
    """A run of text as the PDF draws it, at (x, y) in points from the page's bottom left corner."""

    text: str
    x: float
    y: float


def pdf_runs(data: bytes, page: int = 0) -> list[Run]:
    """The text runs of one page with their positions (pypdf's visitor: the text matrix times the page's matrix)."""
    runs: list[Run] = []

    def visit(text: str, cm: list[float], tm: list[float], _font: object, _size: object) -> None:
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            runs.append(Run(unicodedata.normalize("NFC", " ".join(text.split())), x, y))

    PdfReader(BytesIO(data)).pages[page].extract_text(visitor_text=visit)
    return runs


def run_of(runs: list[Run], text: str) -> Run:
    """The first run that contains `text`."""
    return next(run for run in runs if text in run.text)
