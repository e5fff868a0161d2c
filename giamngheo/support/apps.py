from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "giamngheo.support"
    verbose_name = _("Hỗ trợ hộ nghèo, hộ cận nghèo")

    def ready(self) -> None:
        # The household's page shows this app's card (registry.panels); imported here, once the models are loaded.
        from django.contrib.auth.models import AnonymousUser

        from giamngheo.accounts.access import can_cancel_support, can_record_support
        from giamngheo.accounts.models import User
        from giamngheo.registry.models import Household
        from giamngheo.registry.panels import household_panel_register
        from giamngheo.support.selectors import supports_of

        def card(user: User | AnonymousUser, household: Household) -> dict[str, Any]:
            return {
                "supports": supports_of(household),
                "can_record_support": can_record_support(user, household),
                "can_cancel_support": can_cancel_support(user, household),
            }

        household_panel_register(name="support", order=30, template="support/includes/support_card.html", context=card)
