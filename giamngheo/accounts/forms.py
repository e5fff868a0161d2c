"""Forms of the account pages: log in, change password, filter the audit trail and the trace of reads. Messages are
Vietnamese.

Django's Vietnamese catalogue leaves several of these messages in English ("Username", "This password is too
short…"), so the texts that people meet here are our own.
"""

import datetime
from typing import Any

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from giamngheo.accounts.models import AuditAction, ReadKind
from giamngheo.common.forms import VietnameseForm, date_field, widget_css_class

PASSWORD_MESSAGES = {
    "password_too_short": _("Mật khẩu mới quá ngắn: cần ít nhất %(min_length)d ký tự."),
    "password_too_common": _("Mật khẩu mới quá phổ biến, dễ bị đoán. Hãy chọn mật khẩu khác."),
    "password_entirely_numeric": _("Mật khẩu mới không được chỉ gồm chữ số."),
    "password_too_similar": _("Mật khẩu mới quá giống thông tin của tài khoản (%(verbose_name)s)."),
}


def _style(form: forms.Form) -> None:
    for field in form.fields.values():
        field.widget.attrs.setdefault("class", widget_css_class(field.widget))


class LoginForm(auth_forms.AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý: chữ hoa và chữ thường là khác nhau; sai nhiều lần liên "
            "tiếp, tài khoản sẽ bị tạm khoá."
        ),
        "inactive": _("Tài khoản này đã bị khoá. Xin liên hệ quản trị viên."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = gettext("Tên đăng nhập")
        self.fields["password"].label = gettext("Mật khẩu")
        self.fields["username"].error_messages["required"] = gettext("Chưa nhập tên đăng nhập.")
        self.fields["password"].error_messages["required"] = gettext("Chưa nhập mật khẩu.")
        _style(self)


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    error_messages = {
        "password_mismatch": _("Hai lần nhập mật khẩu mới không giống nhau."),
        "password_incorrect": _("Mật khẩu hiện tại không đúng. Xin nhập lại."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = gettext("Mật khẩu hiện tại")
        self.fields["new_password1"].label = gettext("Mật khẩu mới")
        self.fields["new_password2"].label = gettext("Nhập lại mật khẩu mới")
        self.fields["new_password1"].help_text = password_rules_text()
        self.fields["new_password2"].help_text = ""
        for field in self.fields.values():
            field.error_messages["required"] = gettext("Chưa nhập “%(field)s”.") % {"field": field.label}
        _style(self)

    def validate_password_for_user(self, user: Any, password_field_name: str = "new_password2") -> None:  # noqa: S107
        password = self.cleaned_data.get(password_field_name)
        if not password:
            return
        try:
            password_validation.validate_password(password, user)
        except ValidationError as error:
            self.add_error(password_field_name, [_password_error(e) for e in error.error_list])


def _password_error(error: ValidationError) -> ValidationError:
    message = PASSWORD_MESSAGES.get(error.code or "")
    if message is None:
        return error
    return ValidationError(message, code=error.code, params=error.params)


def password_rules_text() -> str:
    validators = password_validation.get_default_password_validators()
    lengths = [v.min_length for v in validators if isinstance(v, password_validation.MinimumLengthValidator)]
    min_length = max(lengths, default=1)
    return gettext(
        "Ít nhất %(count)d ký tự, không chỉ gồm chữ số, không quá giống tên đăng nhập hay họ tên, không phải mật "
        "khẩu phổ biến."
    ) % {"count": min_length}


class DateRangeFilterForm(VietnameseForm):
    """A trail's filter over a range of days."""

    date_from = date_field(_("Từ ngày"), required=False)
    date_to = date_field(_("Đến ngày"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start: datetime.date | None = data.get("date_from")
        end: datetime.date | None = data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", gettext("“Đến ngày” phải sau hoặc bằng “Từ ngày”."))
        return data


class AuditFilterForm(DateRangeFilterForm):
    action = forms.ChoiceField(label=_("Thao tác"), choices=[("", ""), *AuditAction.choices], required=False)
    field_order = ["action", "date_from", "date_to"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", gettext("Tất cả")), *AuditAction.choices]  # type: ignore[attr-defined]


class ReadFilterForm(DateRangeFilterForm):
    """The trace of reads of personal data: by user, kind, object and day."""

    user = forms.CharField(label=_("Người dùng"), max_length=150, required=False)
    kind = forms.ChoiceField(label=_("Loại"), choices=[("", ""), *ReadKind.choices], required=False)
    target = forms.CharField(
        label=_("Hộ, người hoặc danh sách"),
        max_length=120,
        required=False,
        help_text=_("Mã hộ, họ tên hoặc tên danh sách, như đã ghi."),
    )
    field_order = ["user", "kind", "target", "date_from", "date_to"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", gettext("Tất cả")), *ReadKind.choices]  # type: ignore[attr-defined]
