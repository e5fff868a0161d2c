"""How a household's status is shown: one badge colour per status, the same on every page."""

from django import template

from giamngheo.registry.models import Status

register = template.Library()

STATUS_BADGES = {
    Status.POOR: "text-bg-danger",
    Status.NEAR_POOR: "text-bg-warning",
    Status.NOT_POOR: "text-bg-success",
    Status.UNKNOWN: "text-bg-secondary",
}


@register.filter
def status_badge(status: str) -> str:
    return STATUS_BADGES.get(status, "text-bg-secondary")  # type: ignore[call-overload]
