from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StandardsConfig(AppConfig):
    name = "giamngheo.standards"
    verbose_name = _("Chuẩn nghèo, chấm điểm")
    label = "standards"

    def ready(self) -> None:
        # The household's page shows this app's card (registry.panels); imported here, once the models are loaded.
        from django.contrib.auth.models import AnonymousUser

        from giamngheo.accounts.access import can_edit_register
        from giamngheo.accounts.models import User
        from giamngheo.registry.models import Household
        from giamngheo.registry.panels import household_panel_register
        from giamngheo.standards.selectors import assessment_latest_for

        def card(user: User | AnonymousUser, household: Household) -> dict[str, Any]:
            return {
                "assessment": assessment_latest_for(household),
                "can_edit": can_edit_register(user) and household.ended_on is None,
            }

        household_panel_register(name="assessment", order=10, template="standards/assessment_card.html", context=card)
