"""The reporting regime's forms: opening a year's periods, a unit's report, the review of it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from giamngheo.common.forms import VietnameseForm


class OpenPeriodsForm(VietnameseForm):
    year = forms.IntegerField(label=_("Năm"), min_value=2016, max_value=2100)


class SubmissionForm(VietnameseForm):
    """What the unit writes in its report (the figures come from the data)."""

    number = forms.CharField(
        label=_("Số văn bản"), max_length=40, required=False, help_text=_("Ví dụ: 15/BC-UBND; để trống nếu chưa có.")
    )
    results = forms.CharField(
        label=_("Kết quả thực hiện"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20_000,
        required=False,
        help_text=_("Công việc đã làm, chính sách đã thực hiện, kết quả nổi bật; bắt buộc trước khi gửi."),
    )
    difficulties = forms.CharField(
        label=_("Khó khăn, vướng mắc"), widget=forms.Textarea(attrs={"rows": 4}), max_length=20_000, required=False
    )
    proposals = forms.CharField(
        label=_("Đề xuất, kiến nghị"), widget=forms.Textarea(attrs={"rows": 4}), max_length=20_000, required=False
    )


class ReviewForm(VietnameseForm):
    comment = forms.CharField(
        label=_("Ý kiến"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5_000,
        required=False,
        help_text=_("Bắt buộc khi trả lại: ghi rõ cần sửa gì."),
    )
