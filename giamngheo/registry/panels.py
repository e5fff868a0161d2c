"""Cards that the apps above the register add to a household's page.

The household's page belongs to the register, but what it shows beyond the register — the latest classification
(standards), the statuses recognised year by year (reviews), the support received (support) — belongs to apps above
it, which the register may not import (docs/architecture.md, the layer order). Each of those apps registers its card
here from its `AppConfig.ready()`; the page renders the cards in their order.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from giamngheo.accounts.models import User
from giamngheo.registry.models import Household

# What a card shows of a household to a user, as its template's context. The household reached the page through
# household_get_for_user, so it is inside the user's area.
PanelContext = Callable[[User | AnonymousUser, Household], dict[str, Any]]


@dataclass(frozen=True)
class HouseholdPanel:
    name: str
    order: int
    template: str
    context: PanelContext


_PANELS: dict[str, HouseholdPanel] = {}


def household_panel_register(*, name: str, order: int, template: str, context: PanelContext) -> None:
    """Add a card to the household's page (again under the same name replaces it: `ready()` may run twice)."""
    _PANELS[name] = HouseholdPanel(name=name, order=order, template=template, context=context)


def household_panels_render(*, request: HttpRequest, household: Household) -> list[SafeString]:
    """The cards of the household's page, rendered in their order with the request (forms in a card get their CSRF
    token)."""
    return [
        render_to_string(panel.template, {"household": household, **panel.context(request.user, household)}, request)
        for panel in sorted(_PANELS.values(), key=lambda p: p.order)
    ]
