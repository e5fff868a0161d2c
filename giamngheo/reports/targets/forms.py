"""The form a unit's officer sets a target with."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from giamngheo.common.forms import VietnameseForm
from giamngheo.reports.targets.progress import indicators


class TargetForm(VietnameseForm):
    indicator = forms.ChoiceField(label=_("Chỉ tiêu"))
    value = forms.DecimalField(label=_("Mục tiêu"), max_digits=12, decimal_places=2, min_value=0, localize=True)
    note = forms.CharField(label=_("Căn cứ (nghị quyết, kế hoạch)"), max_length=255, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [(i.code, f"{i.label} ({i.unit})") for i in indicators().values()]  # type: ignore[attr-defined]
