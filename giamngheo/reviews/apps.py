from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "giamngheo.reviews"
    verbose_name = _("Rà soát hộ nghèo, hộ cận nghèo")

    def ready(self) -> None:
        # The household's page shows this app's card (registry.panels); imported here, once the models are loaded.
        from django.contrib.auth.models import AnonymousUser

        from giamngheo.accounts.models import User
        from giamngheo.registry.models import Household
        from giamngheo.registry.panels import household_panel_register
        from giamngheo.reviews.selectors import ledger_for_household

        def card(user: User | AnonymousUser, household: Household) -> dict[str, Any]:
            return {"ledger": ledger_for_household(household)}

        household_panel_register(name="ledger", order=20, template="reviews/includes/ledger_card.html", context=card)
