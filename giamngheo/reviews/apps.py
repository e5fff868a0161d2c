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
        from giamngheo.registry.signals import household_ended
        from giamngheo.reviews.selectors import certificates_for_household, ledger_for_household
        from giamngheo.reviews.services.issuing import certificates_revoke

        def card(user: User | AnonymousUser, household: Household) -> dict[str, Any]:
            return {"ledger": ledger_for_household(household)}

        def certificates_card(user: User | AnonymousUser, household: Household) -> dict[str, Any]:
            return {"issued_certificates": certificates_for_household(household)}

        household_panel_register(name="ledger", order=20, template="reviews/includes/ledger_card.html", context=card)
        household_panel_register(
            name="certificates",
            order=21,
            template="reviews/includes/certificates_card.html",
            context=certificates_card,
        )

        def revoke(sender: type, *, household: Household, ended_on: Any, reason: str, **kwargs: Any) -> None:
            certificates_revoke(household=household, ended_on=ended_on, reason=reason)

        household_ended.connect(revoke, dispatch_uid="reviews.certificates_revoke")
