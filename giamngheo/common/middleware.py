"""Vietnamese unless the user chose otherwise, and no NUL character in an address.

Django's LocaleMiddleware follows the browser's Accept-Language, and many officials' browsers are set to English;
the interface should stay Vietnamese until someone picks English with the language switch (which sets a cookie).
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _


class VietnameseFirstLocaleMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        return response


class RefuseNulInAddressMiddleware:
    """A NUL character (%00) in an address's parameters is refused with a 400 that says so. PostgreSQL text cannot
    hold NUL, so a parameter that reaches a query with one (`/bao-cao/chi-tieu/?unit=%00`) failed as a server error;
    forms already refuse NUL in what they read, but pages read some parameters (unit, tinh…) straight from the
    address. Placed after the authentication and messages middleware: the page it renders is a normal page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        names = [name for name, values in request.GET.lists() if "\x00" in name or any("\x00" in v for v in values)]
        if names:
            shown = ", ".join(f"“{name.replace(chr(0), '')}”" for name in names)
            message = _(
                "Tham số %(names)s của đường dẫn có ký tự NUL (%%00), không phải giá trị hợp lệ. Mở lại trang từ trình "
                "đơn hoặc từ liên kết trên trang, đừng sửa đường dẫn bằng tay."
            ) % {"names": shown}
            return render(request, "400.html", {"message": message}, status=400)
        return self.get_response(request)
