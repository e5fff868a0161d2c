"""The public self-assessment questionnaire, built from the standard's own questions (data/*/self_assessment.yaml)."""

import functools
from dataclasses import dataclass
from typing import Any

import yaml
from django import forms
from django.utils.translation import gettext_lazy as _

from giamngheo.standards.params import DATA_DIR, Standard, standards
from giamngheo.standards.proxy import PointTable

AREA_CHOICES = [("rural", _("Nông thôn (xã)")), ("urban", _("Thành thị (phường)"))]
YES_NO = [("yes", _("Có")), ("no", _("Không"))]


@dataclass(frozen=True)
class Question:
    """One indicator asked the positive way ("Gia đình có nước sạch?"), and the answer that means deprived."""

    text: str
    deprived_if: str  # "yes" or "no"


@functools.cache
def questions(code: str) -> dict[str, Question]:
    raw = yaml.safe_load((DATA_DIR / code / "self_assessment.yaml").read_text(encoding="utf-8"))
    return {key: Question(item["question"], item["deprived_if"]) for key, item in raw.items()}


class SelfAssessmentForm(forms.Form):
    area = forms.ChoiceField(label=_("Gia đình sống ở"), choices=AREA_CHOICES, widget=forms.RadioSelect)
    members = forms.IntegerField(
        label=_("Số người trong gia đình"),
        min_value=1,
        max_value=50,
        error_messages={"min_value": _("Gia đình có ít nhất 1 người."), "max_value": _("Tối đa 50 người.")},
    )
    monthly_income = forms.IntegerField(
        label=_("Tổng thu nhập của cả gia đình trung bình một tháng (đồng)"),
        min_value=0,
        max_value=10_000_000_000,
        help_text=_(
            "Gồm tiền công, bán nông sản, kinh doanh, lương hưu, tiền người thân gửi về… Ghi số, ví dụ 4500000."
        ),
        error_messages={"min_value": _("Thu nhập không được âm.")},
    )

    def __init__(self, *args: Any, standard: Standard, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.standard = standard
        self.questions = questions(standard.code)
        for code, question in self.questions.items():
            self.fields[f"q_{code}"] = forms.ChoiceField(label=question.text, choices=YES_NO, widget=forms.RadioSelect)

    def deprived(self) -> list[str]:
        return [
            code
            for code in self.standard.indicator_codes
            if self.cleaned_data.get(f"q_{code}") == self.questions[code].deprived_if
        ]

    def income_per_capita(self) -> int:
        # Rounded up, never down: 4,500,001 đồng for 3 people is above a 1,500,000 line, not on it.
        return -(-self.cleaned_data["monthly_income"] // self.cleaned_data["members"])

    def question_fields(self) -> list[forms.BoundField]:
        return [self[f"q_{code}"] for code in self.standard.indicator_codes]


OVERRIDE_CHOICES = [("", _("Giữ nguyên")), ("yes", _("Thiếu hụt")), ("no", _("Không thiếu hụt"))]


METHOD_CHOICES = [("income", _("Thu nhập bình quân đầu người")), ("proxy", _("Điểm B1 (Phiếu B)"))]


class ClassifyForm(forms.Form):
    """An officer classifies a register household: income (or the B1 score), and any derived indicator corrected
    with a reason."""

    method = forms.ChoiceField(
        label=_("Xác định thu nhập bằng"), choices=METHOD_CHOICES, initial="income", required=False
    )
    income_per_capita = forms.IntegerField(
        label=_("Thu nhập bình quân (đồng/người/tháng)"),
        min_value=0,
        required=False,
        error_messages={"min_value": _("Thu nhập không được âm.")},
    )

    def __init__(self, *args: Any, standard: Standard, proxy_table: PointTable | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.standard = standard
        self.proxy_table = proxy_table
        for group in proxy_table.groups if proxy_table else ():
            self.fields[f"b1_{group['code']}"] = forms.ChoiceField(
                label=group["label"],
                required=False,
                choices=[("", "—")]
                + [(str(o["code"]), f"{o['label']} ({o['points']} điểm)") for o in group["options"]],
            )
        for indicator in standard.indicators:
            self.fields[f"set_{indicator.code}"] = forms.ChoiceField(
                label=indicator.name, choices=OVERRIDE_CHOICES, required=False
            )
            self.fields[f"why_{indicator.code}"] = forms.CharField(
                label=_("Lý do điều chỉnh"), required=False, max_length=300
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        cleaned["method"] = cleaned.get("method") or "income"
        if cleaned["method"] == "proxy":
            if self.proxy_table is None:
                self.add_error("method", _("Chuẩn này chưa có bảng điểm B1."))
            for group in self.proxy_table.groups if self.proxy_table else ():
                if not cleaned.get(f"b1_{group['code']}"):
                    self.add_error(f"b1_{group['code']}", _("Chọn một mục cho phần B1 này."))
        elif cleaned.get("income_per_capita") is None and "income_per_capita" not in self.errors:
            self.add_error("income_per_capita", _("Nhập thu nhập bình quân đầu người."))
        for indicator in self.standard.indicators:
            choice, why = cleaned.get(f"set_{indicator.code}"), (cleaned.get(f"why_{indicator.code}") or "").strip()
            if choice and not why:
                self.add_error(f"why_{indicator.code}", _("Điều chỉnh chỉ số phải ghi rõ lý do."))
        return cleaned

    def proxy_answers(self) -> dict[str, str]:
        groups = self.proxy_table.groups if self.proxy_table else ()
        return {g["code"]: self.cleaned_data[f"b1_{g['code']}"] for g in groups}

    def overrides(self) -> dict[str, tuple[bool, str]]:
        return {
            i.code: (self.cleaned_data[f"set_{i.code}"] == "yes", self.cleaned_data[f"why_{i.code}"])
            for i in self.standard.indicators
            if self.cleaned_data.get(f"set_{i.code}")
        }

    def rows(self) -> list[tuple[Any, forms.BoundField, forms.BoundField]]:
        return [(i, self[f"set_{i.code}"], self[f"why_{i.code}"]) for i in self.standard.indicators]

    def proxy_fields(self) -> list[forms.BoundField]:
        return [self[f"b1_{g['code']}"] for g in (self.proxy_table.groups if self.proxy_table else ())]


def _proxy_standards() -> list[tuple[str, str]]:
    """Standards a B1 score can stand in for: those with one poverty line (2016–2020 had two income lines)."""
    return [(s.code, s.title) for s in standards().values() if not s.near_poor_line]


class ProxyTableUploadForm(forms.Form):
    """The B1 point tables of one standard, as the workbook written by proxy_table_template."""

    standard = forms.ChoiceField(label=_("Chuẩn nghèo"), choices=lambda: _proxy_standards())
    file = forms.FileField(label=_("Tệp Excel bảng điểm B1 (.xlsx)"))
    source = forms.CharField(
        label=_("Nguồn (văn bản, phụ lục)"),
        max_length=255,
        error_messages={"required": _("Ghi rõ nguồn của bảng điểm (văn bản, phụ lục).")},
    )
    verified = forms.BooleanField(label=_("Đã đối chiếu với văn bản pháp luật"), required=False)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Chỉ nhận tệp .xlsx."))
        return upload
