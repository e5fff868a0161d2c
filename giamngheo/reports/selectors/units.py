"""Which units a user may report on: their own area (a province and its communes, or their commune). A village
collaborator works on forms, not reports, and gets none."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from giamngheo.accounts.models import Agency, User
from giamngheo.accounts.selectors import scope_of


def agencies_visible_to(user: User | AnonymousUser) -> QuerySet[Agency]:
    """The agencies of the provinces one may report on (their reports are read there; an agency is not a unit of a
    commune's area)."""
    scope = scope_of(user)
    if scope.nothing or scope.village_id or scope.commune_id:
        return Agency.objects.none()
    agencies = Agency.objects.select_related("province")
    return agencies if scope.national else agencies.filter(province_id=scope.province_id)
