"""Display helpers of every page: how a form field is laid out, durations and shares written the Vietnamese way, a
masked CCCD."""

import datetime
import math

from django import forms, template

from giamngheo.common.formats import citizen_id_masked, figure_vi, number_vi, rate_vi

register = template.Library()


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


@register.filter
def rate(value: float | None) -> str:
    """A rate already in per cent (12.5) as every page prints rates: "12,50"; none as a dash (formats.rate_vi)."""
    return rate_vi(value)


@register.filter
def figure(value: float | None, unit: str) -> str:
    """A figure in its unit ("4,00" for a rate in %, "12" for households; formats.figure_vi)."""
    return figure_vi(value, unit)


@register.filter(name="citizen_id_masked")
def citizen_id_masked_filter(value: str | None) -> str:
    """A CCCD masked for a reader who does not need it ("0151•••••028"; formats.citizen_id_masked). Pages decide
    who sees it in full with accounts.access.can_see_citizen_id."""
    return citizen_id_masked(value)
