"""The Alkire–Foster page's form."""

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from giamngheo.reports.analysis.comparison import GROUPS, schemes
from giamngheo.reports.tables.forms import UnitYearForm


class MPIForm(UnitYearForm):
    """The Alkire–Foster page's choices: cut-off k (empty: the standard's own threshold), weights, group."""

    k = forms.DecimalField(
        label=_("Ngưỡng k"),
        required=False,
        min_value=Decimal("0.01"),
        max_digits=5,
        decimal_places=2,
        localize=True,
        help_text=_("Để trống: bằng ngưỡng số chỉ số thiếu hụt của chuẩn nghèo (3)."),
    )
    scheme = forms.ChoiceField(label=_("Trọng số"))
    group = forms.ChoiceField(label=_("Nhóm hộ"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scheme"].choices = [(s.code, s.label) for s in schemes().values()]  # type: ignore[attr-defined]
        self.fields["group"].choices = list(GROUPS.items())  # type: ignore[attr-defined]
