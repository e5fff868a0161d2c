"""PDF from a Django template, with WeasyPrint and nothing from the network.

Documents link their stylesheet with `{% static %}`; the fetcher below reads such files through Django's staticfiles
finders, decodes `data:` URLs (content the document carries itself, such as a certificate's QR code) and refuses
every other URL, so a document never reaches a CDN or the internet (and never anything a user typed into a field).
Fonts come from the system (fontconfig): "Noto Serif" / "Noto Sans" of fonts-noto-core cover Vietnamese.
"""

import mimetypes
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

# Relative URLs in the HTML (the `{% static %}` paths) resolve against this base; `.invalid` never resolves (RFC 2606).
BASE_URL = "https://documents.invalid/"


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


class StaticFilesFetcher(URLFetcher):
    """Serves the project's static files to WeasyPrint and nothing else."""

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        if url.startswith("data:"):
            # Content carried in the document itself (a certificate's QR code): decoded, nothing is fetched.
            return super().fetch(url, headers)
        name = _static_name(url)
        path = _static_path(name) if name else None
        if path is None:
            # WeasyPrint logs the refusal and goes on without the resource.
            raise ValueError(f"Tài liệu in chỉ dùng tệp tĩnh của hệ thống, không tải {url}.")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})


def render_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    """Render a template to PDF bytes (A4 and fonts are the template's stylesheet's business)."""
    html = render_to_string(template_name, context)
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=StaticFilesFetcher())
    pdf = document.write_pdf()
    assert pdf is not None  # no target given: WeasyPrint returns the bytes
    return pdf
