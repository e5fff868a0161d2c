"""Issued documents handed over as stored (issue 12)."""

from collections.abc import Sequence
from io import BytesIO

from pypdf import PdfWriter

from giamngheo.reviews.models import IssuedDocument


def issued_batch(documents: Sequence[IssuedDocument], *, masked: bool = False) -> bytes:
    """Several stored PDFs one after the other in one file, for printing a decision's certificates at once. The pages
    are the stored ones, copied as they are (pypdf), never rendered again; `masked`: their copies with the CCCD
    masked."""
    writer = PdfWriter()
    for document in documents:
        with (document.masked_file if masked and document.masked_file else document.file).open("rb") as stored:
            writer.append(BytesIO(stored.read()))
    out = BytesIO()
    writer.write(out)
    return out.getvalue()
