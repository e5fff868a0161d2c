"""What every view asks of the request."""

import ipaddress
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

if TYPE_CHECKING:
    # django-stubs' placeholder for the configured AUTH_USER_MODEL (accounts.User): the mypy plugin resolves it, so
    # this module names the project's user without importing the app above it.
    from django.contrib.auth.models import _User


def actor_of(request: HttpRequest) -> "_User":
    """The signed-in user who acts in this request, for the services' `actor`. Views that call it are behind
    `login_required`; an anonymous request reaching one is refused rather than passed on as an actor."""
    user = request.user
    if not user.is_authenticated:
        raise PermissionDenied
    return user


def client_address(request: HttpRequest) -> str:
    """The client's address, for login throttling and rate limits. REMOTE_ADDR unless CLIENT_IP_HEADER names the
    header a trusted reverse proxy sets (docs/security.md): then the address CLIENT_IP_PROXY_COUNT entries from its
    right, the one the outermost trusted proxy saw, which a client cannot forge by sending the header itself."""
    remote = str(request.META.get("REMOTE_ADDR", ""))
    header = settings.CLIENT_IP_HEADER
    if not header:
        return remote
    hops = [part.strip() for part in str(request.META.get(header, "")).split(",") if part.strip()]
    if len(hops) < settings.CLIENT_IP_PROXY_COUNT:
        return remote
    candidate = hops[-settings.CLIENT_IP_PROXY_COUNT]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
