"""Reads for administrative units: following the old→new mapping of 1 July 2025 in both directions."""

from django.db.models import Q, QuerySet

from giamngheo.areas.models import AdminUnit, Era, Level, UnitSuccession


def current_successors(unit: AdminUnit) -> list[AdminUnit]:
    """The current communes a legacy commune (or island district) became, the default one first.

    Several for a commune divided between new communes; empty for provinces and ordinary districts, which the
    mapping does not cover.
    """
    edges = UnitSuccession.objects.filter(old=unit).select_related("new").order_by("-is_default", "new__code")
    return [edge.new for edge in edges]


def current_commune_for(legacy_commune: AdminUnit) -> AdminUnit | None:
    """The commune a record made in `legacy_commune` belongs to today: the default successor.

    A current commune is returned as is, so callers may pass the unit of a record of either era.
    """
    if legacy_commune.era == Era.CURRENT:
        return legacy_commune
    edge = (
        UnitSuccession.objects.filter(old=legacy_commune, is_default=True)
        .select_related("new")
        .order_by("new__code")
        .first()
    )
    return edge.new if edge is not None else None


def legacy_predecessors(unit: AdminUnit) -> list[AdminUnit]:
    """The legacy communes (or island districts) merged, wholly or in part, into a current commune."""
    edges = UnitSuccession.objects.filter(new=unit).select_related("old").order_by("old__code")
    return [edge.old for edge in edges]


def communes_of_province(province: AdminUnit) -> QuerySet[AdminUnit]:
    """The communes of a province of either map: a current province's own communes, or a legacy province's
    communes through its districts. Not scoped to a user: any commune of the country can be where someone came
    from (registry.MoveIn)."""
    return AdminUnit.objects.filter(level=Level.COMMUNE, era=province.era).filter(
        Q(parent=province) | Q(parent__parent=province)
    )
