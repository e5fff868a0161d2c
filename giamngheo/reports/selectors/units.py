"""Which units a user may report on: their own area (a province and its communes, or their commune). A village
collaborator works on forms, not reports, and gets none."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from giamngheo.accounts.models import Agency, User
from giamngheo.accounts.selectors import scope_of
from giamngheo.areas.models import AdminUnit, Level


def report_units_visible_to(user: User | AnonymousUser) -> QuerySet[AdminUnit]:
    scope = scope_of(user)
    units = AdminUnit.objects.current().filter(level__in=[Level.PROVINCE, Level.COMMUNE])
    if scope.nothing or scope.village_id:
        return units.none()
    if scope.national:
        return units
    if scope.province_id:
        return units.filter(Q(pk=scope.province_id) | Q(province_id=scope.province_id))
    assert scope.commune_id is not None  # the only level left
    return units.filter(pk=scope.commune_id)


def agencies_visible_to(user: User | AnonymousUser) -> QuerySet[Agency]:
    """The agencies of the provinces one may report on (their reports are read there; an agency is not a unit of a
    commune's area)."""
    scope = scope_of(user)
    if scope.nothing or scope.village_id or scope.commune_id:
        return Agency.objects.none()
    agencies = Agency.objects.select_related("province")
    return agencies if scope.national else agencies.filter(province_id=scope.province_id)
