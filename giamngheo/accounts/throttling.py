"""Login throttling per address as well as per (username, address): django-axes with a second, higher limit.

django-axes compares the largest count of its lockout parameters with one failure limit. A commune office often
shares one public address, so the address gets a limit of its own (AXES_ADDRESS_FAILURE_LIMIT, 20 by default), while
a username from one address keeps AXES_FAILURE_LIMIT (5): password spraying (a few guesses at many usernames, or
unknown usernames) from one address is locked, and one person's typos do not lock the office.
"""

import math
from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest


class AddressAwareHandler(AxesDatabaseHandler):
    """AXES_LOCKOUT_PARAMETERS is [["username", "ip_address"], "ip_address"]: the first count is the pair's, the
    second the address's, scaled so that reaching the address limit reaches the common failure limit."""

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        pair, address = (
            attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        scaled = math.floor(address * settings.AXES_FAILURE_LIMIT / settings.AXES_ADDRESS_FAILURE_LIMIT)
        return max(pair, scaled)
