"""Reads of the standards app. Households reach these only after the registry's area check."""

from django.db.models import Q

from giamngheo.registry.models import Household
from giamngheo.standards.models import Assessment, RunStatus


def assessment_latest_for(household: Household) -> Assessment | None:
    """The latest assessment, leaving out those of a bulk run that has not finished (or was interrupted): a run's
    results count only once all of them are stored."""
    finished = Q(run__isnull=True) | Q(run__status=RunStatus.DONE)
    assessments = Assessment.objects.filter(finished, household=household).select_related("created_by")
    return assessments.order_by("-as_of", "-id").first()
