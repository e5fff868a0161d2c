"""The reports page's form: which table, which unit (by code), which year, which format."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from giamngheo.areas.models import AdminUnit
from giamngheo.registry.forms import VietnameseForm
from giamngheo.reports.catalogue import FORMATS, REPORTS


class ReportForm(VietnameseForm):
    report = forms.ChoiceField(label=_("Biểu"), choices=list(REPORTS.items()))
    unit = forms.CharField(
        label=_("Mã tỉnh hoặc xã"),
        max_length=5,
        help_text=_("Mã sau 01/07/2025: 2 chữ số cho tỉnh, 5 chữ số cho xã, phường, đặc khu."),
    )
    year = forms.IntegerField(label=_("Năm rà soát"), min_value=2016, max_value=2100)
    format = forms.ChoiceField(label=_("Định dạng"), choices=[(f, f.upper()) for f in FORMATS])

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.units = units

    def clean_unit(self) -> AdminUnit:
        code = self.cleaned_data["unit"].strip()
        unit = self.units.filter(code=code).first()
        if unit is None:
            raise forms.ValidationError(
                _("Không có tỉnh hoặc xã mã “%(code)s” trong địa bàn của bạn.") % {"code": code}
            )
        return unit


class TargetForm(VietnameseForm):
    indicator = forms.ChoiceField(label=_("Chỉ tiêu"))
    value = forms.DecimalField(label=_("Mục tiêu"), max_digits=12, decimal_places=2, min_value=0, localize=True)
    note = forms.CharField(label=_("Căn cứ (nghị quyết, kế hoạch)"), max_length=255, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from giamngheo.reports.targets import indicators

        self.fields["indicator"].choices = [(i.code, f"{i.label} ({i.unit})") for i in indicators().values()]  # type: ignore[attr-defined]
