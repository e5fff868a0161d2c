"""The base of every form: day-first dates, Vietnamese error messages that name the field, Bootstrap classes, and
a service's ValidationError shown on the page's forms.

Forms parse and check input; services write. None of the project's forms is a ModelForm: a ModelForm invites
`form.save()`, and every write goes through a named service that owns the transaction and the audit entry.
"""

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

DATE_PLACEHOLDER = "dd/mm/yyyy"


def date_field(label: "StrOrPromise", **kwargs: Any) -> forms.DateField:
    """A day-first date typed as text: officials copy dates from paper forms, and a browser date picker shows
    the order of the browser's language, not dd/mm/yyyy. Input formats come from config/formats."""
    return forms.DateField(
        label=label,
        widget=forms.DateInput(
            format="%d/%m/%Y", attrs={"placeholder": DATE_PLACEHOLDER, "inputmode": "numeric", "autocomplete": "off"}
        ),
        **kwargs,
    )


class VietnameseForm(forms.Form):
    """Error messages that say which field is wrong, in Vietnamese.

    Django's own Vietnamese catalogue is incomplete and its messages do not name the field ("Trường này là bắt
    buộc."); on a long household form the official must see which box to fix.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages.update(field_error_messages(field))
            field.widget.attrs.setdefault("class", widget_css_class(field.widget))
            if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
                choices: list[tuple[Any, Any]] = list(field.choices)  # type: ignore[arg-type]
                field.choices = [
                    ("", gettext("— Chọn —")) if value == "" else (value, label) for value, label in choices
                ]
            elif isinstance(field, forms.ModelChoiceField) and field.empty_label is not None:
                field.empty_label = gettext("— Chọn —")

    def add_service_error(self, error: ValidationError) -> None:
        form_add_service_error([self], error)


def widget_css_class(widget: forms.Widget) -> str:
    """Bootstrap's class for the widget (templates/includes/field.html lays the field out)."""
    if isinstance(widget, forms.CheckboxInput | forms.RadioSelect | forms.CheckboxSelectMultiple):
        return "form-check-input"
    if isinstance(widget, forms.Select):
        return "form-select"
    return "form-control"


def field_error_messages(field: forms.Field) -> dict[str, str]:
    label = str(field.label or "")
    choose = isinstance(field, forms.ChoiceField | forms.ModelChoiceField | forms.NullBooleanField)
    messages = {
        "required": (gettext("Chưa chọn “%(field)s”.") if choose else gettext("Chưa nhập “%(field)s”."))
        % {"field": label},
        "invalid_choice": gettext("Giá trị chọn ở “%(field)s” không có trong danh sách.") % {"field": label},
        "invalid_list": gettext("Giá trị chọn ở “%(field)s” không có trong danh sách.") % {"field": label},
        "invalid_pk_value": gettext("Giá trị chọn ở “%(field)s” không có trong danh sách.") % {"field": label},
        "max_digits": gettext("“%(field)s” có quá nhiều chữ số.") % {"field": label},
        "max_decimal_places": gettext("“%(field)s” có quá nhiều chữ số thập phân.") % {"field": label},
        "max_whole_digits": gettext("“%(field)s” có quá nhiều chữ số.") % {"field": label},
    }
    if isinstance(field, forms.DateField):
        messages["invalid"] = gettext("“%(field)s” phải là một ngày dạng dd/mm/yyyy, ví dụ 17/05/1980.") % {
            "field": label
        }
    elif isinstance(field, forms.IntegerField | forms.DecimalField):
        messages["invalid"] = gettext("“%(field)s” phải là một số.") % {"field": label}
        # Django fills %(limit_value)s in when the check fails; "không được âm" is only right for a limit of 0.
        if getattr(field, "min_value", None) == 0:
            messages["min_value"] = gettext("“%(field)s” không được âm.") % {"field": label}
        else:
            messages["min_value"] = gettext("“%(field)s” phải từ %%(limit_value)s trở lên.") % {"field": label}
        messages["max_value"] = gettext("“%(field)s” không được quá %%(limit_value)s.") % {"field": label}
    if getattr(field, "max_length", None):
        messages["max_length"] = gettext("“%(field)s” dài quá %(limit)s ký tự.") % {
            "field": label,
            "limit": field.max_length,  # type: ignore[attr-defined]
        }
    return messages


def form_add_service_error(forms_: Iterable[forms.Form], error: ValidationError) -> None:
    """Show a service's ValidationError on the forms of the page: each key on the first form that has that field,
    the rest at the top of the first form. Nothing was written: the service raised inside its transaction."""
    forms_ = list(forms_)
    if not hasattr(error, "error_dict"):
        forms_[0].add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        target = next((form for form in forms_ if name in form.fields), None)
        if target is None:
            forms_[0].add_error(None, errors)
        else:
            target.add_error(name, errors)


def not_in_future(value: datetime.date | None, label: str) -> None:
    """Refuse a date after today. Today is Vietnam's date (settings.TIME_ZONE), not the machine's: between 17:00 and
    24:00 UTC the two differ by a day (issue 11 A1)."""
    if value is not None and value > timezone.localdate():
        raise ValidationError(
            gettext("“%(field)s” (%(date)s) không được sau ngày hôm nay.")
            % {"field": label, "date": value.strftime("%d/%m/%Y")}
        )
