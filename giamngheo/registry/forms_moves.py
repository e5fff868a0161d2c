"""The form of "Chuyển đến từ": where a household, or a member, that moved in came from (issue 12 §5).

Kept beside forms.py (which is near the size where a module becomes a package, docs/architecture.md).
"""

import datetime
from typing import Any

from django import forms
from django.db.models import Case, IntegerField, Value, When
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from giamngheo.areas.models import AdminUnit, Era, Level
from giamngheo.areas.selectors import communes_of_province
from giamngheo.common.forms import VietnameseForm, date_field, not_in_future
from giamngheo.common.models import vi_order
from giamngheo.common.text import fold
from giamngheo.registry.models import RECOGNISED_STATUS_CHOICES, MoveIn

COMMUNE, ABROAD = "commune", "abroad"


def _province_label(province: AdminUnit) -> str:
    if province.era == Era.LEGACY:
        return gettext("%(name)s (trước 01/07/2025)") % {"name": province.name}
    return province.name


class MoveInForm(VietnameseForm):
    """Where from: a commune, found by name or code inside a province of today's map or of the map before
    01/07/2025, or outside the country; and the status there with its decision, when known."""

    moved_on = date_field(_("Ngày chuyển đến"))
    origin = forms.ChoiceField(
        label=_("Chuyển đến từ"),
        choices=[(COMMUNE, _("Một xã, phường, đặc khu trong nước")), (ABROAD, _("Nước ngoài"))],
        widget=forms.RadioSelect,
    )
    province = forms.ModelChoiceField(
        label=_("Tỉnh, thành phố nơi chuyển đi"), queryset=AdminUnit.objects.none(), required=False
    )
    commune = forms.CharField(
        label=_("Xã, phường nơi chuyển đi"),
        required=False,
        max_length=100,
        help_text=_("Tên (có hoặc không dấu) hoặc mã 5 chữ số của xã, phường trong tỉnh đã chọn."),
    )
    status_there = forms.ChoiceField(
        label=_("Tình trạng được công nhận ở nơi cũ"),
        choices=[("", _("Không rõ")), *RECOGNISED_STATUS_CHOICES],
        required=False,
    )
    decision_number = forms.CharField(label=_("Số quyết định công nhận ở nơi cũ"), required=False, max_length=40)
    decision_date = date_field(_("Ngày quyết định ở nơi cũ"), required=False)

    def __init__(self, *args: Any, dated: bool = True, **kwargs: Any) -> None:
        """`dated`: False for a member, whose move is the day they joined the household by "Chuyển đến"."""
        super().__init__(*args, **kwargs)
        if not dated:
            del self.fields["moved_on"]
        provinces = AdminUnit.objects.filter(level=Level.PROVINCE).order_by(
            Case(When(era=Era.CURRENT, then=Value(0)), default=Value(1), output_field=IntegerField()), vi_order("name")
        )
        province_field = self.fields["province"]
        province_field.queryset = provinces  # type: ignore[attr-defined]
        province_field.label_from_instance = _province_label  # type: ignore[attr-defined]
        province_field.empty_label = gettext("Chọn tỉnh, thành phố")  # type: ignore[attr-defined]

    def clean_moved_on(self) -> datetime.date:
        value: datetime.date = self.cleaned_data["moved_on"]
        not_in_future(value, str(self.fields["moved_on"].label))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["from_commune"], data["from_abroad"] = None, data.get("origin") == ABROAD
        if data.get("origin") != COMMUNE:
            return data
        province, typed = data.get("province"), (data.get("commune") or "").strip()
        if province is None:
            self.add_error("province", gettext("Chưa chọn tỉnh, thành phố nơi chuyển đi."))
        elif not typed:
            self.add_error("commune", gettext("Chưa nhập xã, phường nơi chuyển đi."))
        else:
            data["from_commune"] = self._commune(province, typed)
        return data

    def _commune(self, province: AdminUnit, typed: str) -> AdminUnit | None:
        communes = communes_of_province(province)
        if typed.isdigit():
            found = list(communes.filter(code=typed.zfill(5)))
        else:
            wanted = fold(typed)
            named = [c for c in communes.only("id", "name", "short_name", "code") if wanted in _names(c)]
            found = named
        if len(found) == 1:
            return found[0]
        where = _province_label(province)
        if not found:
            self.add_error(
                "commune", gettext("Không có xã, phường “%(typed)s” ở %(where)s.") % {"typed": typed, "where": where}
            )
        else:
            names = ", ".join(f"{c.name} ({c.code})" for c in found[:5])
            self.add_error(
                "commune",
                gettext("“%(typed)s” ứng với nhiều xã, phường ở %(where)s: %(names)s. Nhập tên đầy đủ hoặc mã.")
                % {"typed": typed, "where": where, "names": names},
            )
        return None


def _names(commune: AdminUnit) -> tuple[str, ...]:
    return (fold(commune.name), fold(commune.short_name))


def move_in_initial(move: MoveIn | None) -> dict[str, Any]:
    if move is None:
        return {}
    commune = move.from_commune
    province = None
    if commune is not None:
        province = commune.parent if commune.parent and commune.parent.level == Level.PROVINCE else None
        province = province or (commune.parent.parent if commune.parent else None)
    return {
        "moved_on": move.moved_on,
        "origin": ABROAD if move.from_abroad else COMMUNE,
        "province": province,
        "commune": commune.code if commune else "",
        "status_there": move.status_there,
        "decision_number": move.decision_number,
        "decision_date": move.decision_date,
    }
