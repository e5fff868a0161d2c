"""PDF from a Django template, with WeasyPrint and nothing from the network.

Documents link their stylesheet with `{% static %}`; the fetcher below reads such files through Django's staticfiles
finders, decodes `data:` URLs (content the document carries itself, such as a certificate's QR code) and refuses
every other URL, so a document never reaches a CDN or the internet (and never anything a user typed into a field).
Fonts come from the system (fontconfig): "Noto Serif" / "Noto Sans" of fonts-noto-core cover Vietnamese.

Python's cyclic garbage collector is paused while WeasyPrint works. A long table makes hundreds of thousands of
small objects (boxes, styles, text lines), and the collector walked them again and again: half the time of a list of
1,744 households (12.7 s of CPU, 6.8 s without; docs/performance.md). They are freed by reference counting as usual;
only cycles wait for the next collection once the document is written.

A document rendered with `keep=True` (the report tables and lists, which take seconds) is kept in the "documents"
cache (settings.CACHES) under a key made of what it is made of: the HTML, the static files it read (their contents)
and WeasyPrint's version. The same data through the same template and stylesheet gives the same PDF, so a copy is
served as long as nothing it shows or is drawn with has changed; a change to the data, a template or a stylesheet
gives another key. Nothing has to be told to forget a copy; unused copies expire (docs/performance.md).
"""

import hashlib
import mimetypes
from io import BytesIO
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import weasyprint
from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import caches
from django.template.loader import render_to_string
from pypdf import PdfReader, PdfWriter
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from giamngheo.common.memory import collector_paused

# Relative URLs in the HTML (the `{% static %}` paths) resolve against this base; `.invalid` never resolves (RFC 2606).
BASE_URL = "https://documents.invalid/"
DOCUMENTS_CACHE = "documents"


def _static_name(url: str) -> str | None:
    """The staticfiles name of a URL produced by `{% static %}`, or None for any other URL."""
    static_url = str(settings.STATIC_URL or "/static/")
    if url.startswith(static_url) and "://" in static_url:
        return url.removeprefix(static_url)
    parts = urlsplit(url)
    if url.startswith(BASE_URL) and parts.path.startswith(static_url):
        return parts.path.removeprefix(static_url)
    return None


def _static_path(name: str) -> Path | None:
    if ".." in Path(name).parts:
        return None
    found = finders.find(name)
    if isinstance(found, str):
        return Path(found)
    if staticfiles_storage.exists(name):  # collected files (e.g. after collectstatic), same names
        return Path(staticfiles_storage.path(name))
    return None


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class StaticFilesFetcher(URLFetcher):
    """Serves the project's static files to WeasyPrint and nothing else, and notes the digest of each file served
    (`read`: staticfiles name → SHA-256 of its contents), which a kept document is checked against."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.read: dict[str, str] = {}

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        if url.startswith("data:"):
            # Content carried in the document itself (a certificate's QR code): decoded, nothing is fetched.
            return super().fetch(url, headers)
        name = _static_name(url)
        path = _static_path(name) if name else None
        if name is None or path is None:
            # WeasyPrint logs the refusal and goes on without the resource.
            raise ValueError(f"Tài liệu in chỉ dùng tệp tĩnh của hệ thống, không tải {url}.")
        content = path.read_bytes()
        self.read[name] = _digest(content)
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, content, {"Content-Type": content_type})


def _write(html: str, fetcher: StaticFilesFetcher) -> bytes:
    with collector_paused():
        pdf = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).write_pdf()
    assert pdf is not None  # no target given: WeasyPrint returns the bytes
    return pdf


def _unchanged(files: dict[str, str]) -> bool:
    """Whether every static file a kept document read still has the contents it was drawn with."""
    for name, digest in files.items():
        path = _static_path(name)
        if path is None or _digest(path.read_bytes()) != digest:
            return False
    return True


def render_pdf(template_name: str, context: dict[str, Any], *, keep: bool = False) -> bytes:
    """Render a template to PDF bytes (A4 and fonts are the template's stylesheet's business). With `keep`, a copy
    made from the same HTML and static files is served from the documents cache, and a new one is kept there."""
    html = render_to_string(template_name, context)
    if not keep:
        return _write(html, StaticFilesFetcher())
    cache = caches[DOCUMENTS_CACHE]
    key = "pdf:" + _digest(f"{weasyprint.__version__}\n{html}".encode())
    kept = cache.get(key)
    if kept is not None and _unchanged(kept["files"]):
        return bytes(kept["pdf"])
    fetcher = StaticFilesFetcher()
    pdf = _write(html, fetcher)
    cache.set(key, {"files": fetcher.read, "pdf": pdf})
    return pdf


def pdf_split(pdf: bytes) -> list[bytes]:
    """Each page of a PDF as a PDF of its own (pypdf copies the page and the resources it uses, fonts included):
    laying out a batch of one-page documents once and cutting it costs one layout instead of one per document."""
    reader = PdfReader(BytesIO(pdf))
    pages = []
    for page in reader.pages:
        writer = PdfWriter()
        writer.add_page(page)
        out = BytesIO()
        writer.write(out)
        pages.append(out.getvalue())
    return pages
