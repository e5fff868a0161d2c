"""What every view asks of the request."""

from typing import TYPE_CHECKING

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
