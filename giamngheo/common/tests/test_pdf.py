"""Printed documents: a kept report is laid out once for as long as what it is made of stays the same (the HTML, the
stylesheets it reads), and again as soon as any of it changes; Python's cyclic collector rests while WeasyPrint lays
a document out, and comes back as it was."""

import gc

import pytest
from django.core.cache import caches
from django.test import override_settings

from giamngheo.common import pdf
from giamngheo.common.pdf import DOCUMENTS_CACHE, render_pdf
from giamngheo.testing.pdf import pdf_pages

TEMPLATE = (
    "{% load static %}<html><head><link rel='stylesheet' href='{% static \"css/kept.css\" %}'></head>"
    "<body><p>Danh sách của {{ name }}</p></body></html>"
)


@pytest.fixture
def document(tmp_path, monkeypatch):
    """A template reading a stylesheet of its own (css/kept.css in a static folder of the test), an empty documents
    cache, and the number of times WeasyPrint lays a document out."""
    (tmp_path / "css").mkdir()
    stylesheet = tmp_path / "css" / "kept.css"
    stylesheet.write_text("p { font-family: 'Noto Serif'; font-size: 12pt; }")
    laid_out = []
    write_pdf = pdf.HTML.write_pdf

    def counted(self, *args, **kwargs):
        laid_out.append(gc.isenabled())
        return write_pdf(self, *args, **kwargs)

    monkeypatch.setattr(pdf.HTML, "write_pdf", counted)
    templates = {"kept.html": TEMPLATE}
    engine = {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "OPTIONS": {"loaders": [("django.template.loaders.locmem.Loader", templates)]},
    }
    with override_settings(TEMPLATES=[engine], STATICFILES_DIRS=[tmp_path]):
        caches[DOCUMENTS_CACHE].clear()
        yield stylesheet, laid_out
        caches[DOCUMENTS_CACHE].clear()


@pytest.mark.django_db
def test_a_kept_document_is_laid_out_once_while_its_html_and_stylesheet_stay_the_same(document):
    _stylesheet, laid_out = document

    first = render_pdf("kept.html", {"name": "Xã Thử A"}, keep=True)
    again = render_pdf("kept.html", {"name": "Xã Thử A"}, keep=True)

    assert len(laid_out) == 1
    assert again == first
    assert "Danh sách của Xã Thử A" in pdf_pages(again)[0]


@pytest.mark.django_db
def test_a_kept_document_is_laid_out_again_when_its_data_change(document):
    _stylesheet, laid_out = document

    render_pdf("kept.html", {"name": "Xã Thử A"}, keep=True)
    changed = render_pdf("kept.html", {"name": "Phường Thử B"}, keep=True)

    assert len(laid_out) == 2
    assert "Danh sách của Phường Thử B" in pdf_pages(changed)[0]


@pytest.mark.django_db
def test_a_kept_document_is_laid_out_again_when_its_stylesheet_changes(document):
    stylesheet, laid_out = document

    before = render_pdf("kept.html", {"name": "Xã Thử A"}, keep=True)
    stylesheet.write_text("p { font-family: 'Noto Serif'; font-size: 20pt; }")
    after = render_pdf("kept.html", {"name": "Xã Thử A"}, keep=True)

    assert len(laid_out) == 2
    assert after != before
    assert render_pdf("kept.html", {"name": "Xã Thử A"}, keep=True) == after  # kept again, with the new style
    assert len(laid_out) == 2


@pytest.mark.django_db
def test_a_document_not_kept_is_laid_out_every_time(document):
    _stylesheet, laid_out = document

    render_pdf("kept.html", {"name": "Xã Thử A"})
    render_pdf("kept.html", {"name": "Xã Thử A"})

    assert len(laid_out) == 2


@pytest.mark.django_db
def test_the_cyclic_collector_rests_during_the_layout_and_comes_back_as_it_was(document):
    _stylesheet, laid_out = document
    assert gc.isenabled()

    render_pdf("kept.html", {"name": "Xã Thử A"})
    assert laid_out == [False]
    assert gc.isenabled()

    gc.disable()
    try:
        render_pdf("kept.html", {"name": "Phường Thử B"})
        assert not gc.isenabled()  # a caller that had turned it off keeps it off
    finally:
        gc.enable()
