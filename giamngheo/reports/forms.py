"""The reports page's form: which table, which unit (by code), which year, which format."""

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from giamngheo.areas.models import AdminUnit
from giamngheo.common.forms import VietnameseForm
from giamngheo.reports.catalogue import FORMATS, REPORTS
from giamngheo.reports.tables import NATIONAL_CODE, Area, ReportError, area_for_code


class UnitYearForm(VietnameseForm):
    """A unit of the user's area (by its code) and a review year."""

    unit = forms.CharField(
        label=_("Mã tỉnh hoặc xã"),
        max_length=5,
        help_text=_("Mã sau 01/07/2025: 2 chữ số cho tỉnh, 5 chữ số cho xã, phường, đặc khu."),
    )
    year = forms.IntegerField(label=_("Năm rà soát"), min_value=2016, max_value=2100)

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.units = units

    def clean_unit(self) -> AdminUnit | Area:
        code = self.cleaned_data["unit"].strip()
        unit = self.units.filter(code=code).first()
        if unit is None:
            raise forms.ValidationError(
                _("Không có tỉnh hoặc xã mã “%(code)s” trong địa bàn của bạn.") % {"code": code}
            )
        return unit


class ReportForm(UnitYearForm):
    """A table of a unit of one's area; a national user may also ask for the whole country (VN) or for a unit of the
    old map (before 01/07/2025)."""

    report = forms.ChoiceField(label=_("Biểu"), choices=list(REPORTS.items()))
    format = forms.ChoiceField(label=_("Định dạng"), choices=[(f, f.upper()) for f in FORMATS])
    old_map = forms.BooleanField(
        label=_("Đơn vị trước 01/07/2025 (tỉnh, huyện hoặc xã cũ)"),
        required=False,
        help_text=_("Chỉ dành cho cấp trung ương: mỗi hộ tính theo xã cũ được ghi trong sổ hộ."),
    )
    field_order = ["report", "unit", "year", "format", "old_map"]

    def __init__(self, *args: Any, national: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.national = national
        if national:
            self.fields["unit"].help_text = _(
                "Mã sau 01/07/2025: 2 chữ số cho tỉnh, 5 chữ số cho xã, phường, đặc khu; VN cho toàn quốc."
            )
        else:
            del self.fields["old_map"]

    def clean_unit(self) -> AdminUnit | Area:
        code = self.cleaned_data["unit"].strip()
        if self.national and (code.upper() == NATIONAL_CODE or self.data.get("old_map")):
            try:
                return area_for_code(code, old_map=bool(self.data.get("old_map")))
            except ReportError as error:
                raise forms.ValidationError(str(error)) from error
        return super().clean_unit()


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
        from giamngheo.reports.comparison import GROUPS, schemes

        self.fields["scheme"].choices = [(s.code, s.label) for s in schemes().values()]  # type: ignore[attr-defined]
        self.fields["group"].choices = list(GROUPS.items())  # type: ignore[attr-defined]


class TargetForm(VietnameseForm):
    indicator = forms.ChoiceField(label=_("Chỉ tiêu"))
    value = forms.DecimalField(label=_("Mục tiêu"), max_digits=12, decimal_places=2, min_value=0, localize=True)
    note = forms.CharField(label=_("Căn cứ (nghị quyết, kế hoạch)"), max_length=255, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from giamngheo.reports.targets import indicators

        self.fields["indicator"].choices = [(i.code, f"{i.label} ({i.unit})") for i in indicators().values()]  # type: ignore[attr-defined]


# The reporting regime.


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
