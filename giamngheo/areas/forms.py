"""Forms of the villages pages. They parse input; registry.services.village_create / village_update write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from giamngheo.areas.models import Village, VillageKind
from giamngheo.common.forms import VietnameseForm


class VillageForm(VietnameseForm):
    kind = forms.ChoiceField(label=_("Loại"), choices=VillageKind.choices, initial=VillageKind.THON)
    name = forms.CharField(
        label=_("Tên"),
        max_length=Village._meta.get_field("name").max_length,
        help_text=_("Tên không kèm loại, ví dụ “Nà Pồng” với loại “Bản”."),
    )
    is_active = forms.BooleanField(
        label=_("Đang hoạt động"),
        required=False,
        initial=True,
        help_text=_("Bỏ chọn khi thôn đã sáp nhập: hộ cũ vẫn giữ, nhưng không chọn được cho hộ mới."),
    )
