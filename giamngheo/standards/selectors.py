"""Reads of the standards app. Households reach these only after the registry's area check."""

from giamngheo.registry.models import Household
from giamngheo.standards.models import Assessment


def assessment_latest_for(household: Household) -> Assessment | None:
    return Assessment.objects.filter(household=household).select_related("created_by").order_by("-as_of", "-id").first()
