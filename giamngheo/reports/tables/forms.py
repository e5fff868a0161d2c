"""The reports page's form: which table, which unit (by code), which year, which format."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from giamngheo.areas.models import AdminUnit
from giamngheo.common.forms import VietnameseForm
from giamngheo.reports.tables.catalogue import FORMATS, REPORTS
from giamngheo.reports.tables.selectors import NATIONAL_CODE, Area, ReportError, area_for_code, ledger_first_year


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
    # Bounded by clean_year (the years with results), which says why, rather than by fixed limits.
    year = forms.IntegerField(label=_("Năm rà soát"), min_value=1)
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

    def clean_year(self) -> int:
        """A year that has happened and from which results are kept; a table of another year would be all zeros."""
        year: int = self.cleaned_data["year"]
        current, first = timezone.localdate().year, ledger_first_year()
        if year > current:
            raise forms.ValidationError(
                gettext("Năm %(year)s chưa đến: chỉ lập được biểu đến năm nay (%(current)s).")
                % {"year": year, "current": current}
            )
        if first is not None and year < first:
            raise forms.ValidationError(
                gettext("Chưa có kết quả rà soát nào trước năm %(first)s: chọn một năm từ %(first)s đến %(current)s.")
                % {"first": first, "current": current}
            )
        return year

    def clean_unit(self) -> AdminUnit | Area:
        code = self.cleaned_data["unit"].strip()
        if self.national and (code.upper() == NATIONAL_CODE or self.data.get("old_map")):
            try:
                return area_for_code(code, old_map=bool(self.data.get("old_map")))
            except ReportError as error:
                raise forms.ValidationError(str(error)) from error
        return super().clean_unit()
