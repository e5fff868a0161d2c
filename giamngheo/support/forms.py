"""The support form of a household's page: what was received, by whom (for a personal kind), when, and on which
document."""

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from giamngheo.common.forms import VietnameseForm, date_field
from giamngheo.registry.models import Household, Person
from giamngheo.support.kinds import PERSON, support_kinds


class SupportForm(VietnameseForm):
    kind = forms.ChoiceField(label=_("Loại hỗ trợ"))
    person = forms.ModelChoiceField(
        label=_("Thành viên nhận"),
        queryset=Person.objects.none(),
        required=False,
        help_text=_("Chỉ với hỗ trợ cho từng người (đào tạo nghề, thẻ BHYT, học phí…)."),
    )
    delivered_on = date_field(_("Ngày nhận hỗ trợ"))
    amount = forms.IntegerField(
        label=_("Số tiền (đồng)"),
        required=False,
        min_value=0,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    reference = forms.CharField(
        label=_("Văn bản, quyết định hỗ trợ"), max_length=120, required=False, help_text=_("Ví dụ: 125/QĐ-UBND.")
    )
    note = forms.CharField(label=_("Ghi chú"), max_length=255, required=False)

    def __init__(self, *args: Any, household: Household, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kinds = support_kinds().values()
        kind_field = self.fields["kind"]
        assert isinstance(kind_field, forms.ChoiceField)
        kind_field.choices = [("", _("— Chọn —"))] + [
            (k.code, gettext("%(label)s (từng người)") % {"label": k.label} if k.level == PERSON else k.label)
            for k in kinds
        ]
        person_field = self.fields["person"]
        assert isinstance(person_field, forms.ModelChoiceField)
        person_field.queryset = Person.objects.members().filter(household=household).order_by("pk")


class CancelForm(VietnameseForm):
    reason = forms.CharField(label=_("Lý do huỷ"), max_length=255)
