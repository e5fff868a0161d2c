"""Template helpers of the web interface: permission questions for menus and buttons, and small display rules.

The permission filters only ask `accounts.selectors`; templates never decide who may do what themselves.
"""

import datetime
import math

from django import forms, template
from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _

from giamngheo.accounts import selectors
from giamngheo.accounts.models import Role, User
from giamngheo.common.formats import number_vi
from giamngheo.registry.models import Status

register = template.Library()

STATUS_BADGES = {
    Status.POOR: "text-bg-danger",
    Status.NEAR_POOR: "text-bg-warning",
    Status.NOT_POOR: "text-bg-success",
    Status.UNKNOWN: "text-bg-secondary",
}


@register.filter
def can_edit_register(user: User | AnonymousUser) -> bool:
    return selectors.can_edit_register(user)


@register.filter
def can_read_audit(user: User | AnonymousUser) -> bool:
    return selectors.can_read_audit(user)


@register.filter
def managed_commune_id(user: User | AnonymousUser) -> int | None:
    """The commune whose villages the user manages, for the menu link; None when there is no single one."""
    if not selectors.can_manage_commune(user):
        return None
    return selectors.scope_of(user).commune_id


@register.filter
def area_label(user: User | AnonymousUser) -> str:
    """Where the user works, as the header shows it: "Thôn Một · Xã Thử A", "Tỉnh Thử Nghiệm", "Toàn quốc"."""
    if not user.is_authenticated:
        return ""
    assert isinstance(user, User)
    scope = selectors.scope_of(user)
    if scope.nothing:
        return _("Chưa được giao địa bàn")
    if scope.national:
        return _("Toàn quốc")
    if user.role == Role.VILLAGE_COLLABORATOR and user.village is not None:
        return f"{user.village} · {user.village.commune}"
    return str(user.area)


@register.filter
def status_badge(status: str) -> str:
    return STATUS_BADGES.get(status, "text-bg-secondary")  # type: ignore[call-overload]


@register.filter
def widget_is(field: forms.BoundField, kind: str) -> bool:
    """How a field is laid out: "check" (one checkbox), "choices" (radio or checkbox list), or "input"."""
    widget = field.field.widget
    if kind == "check":
        return isinstance(widget, forms.CheckboxInput)
    if kind == "choices":
        return isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple)
    return False


@register.filter
def minutes(duration: datetime.timedelta) -> int:
    """Whole minutes, rounded up (a lock-out of 14 min 30 s reads "15 phút")."""
    return math.ceil(duration.total_seconds() / 60)


@register.filter
def percent(share: float | None, decimals: int = 1) -> str:
    """A share (0.125) as a Vietnamese percentage ("12,5 %"); an absent share as a dash."""
    if share is None:
        return "—"
    return f"{number_vi(share * 100, decimals)} %"
