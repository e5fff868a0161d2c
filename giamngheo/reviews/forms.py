"""Forms of the review procedure: they parse and check input; the services in reviews/services write."""

from typing import Any
from zipfile import BadZipFile

from django import forms
from django.utils.translation import gettext_lazy as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from giamngheo.areas.models import AdminUnit, Village
from giamngheo.common.formats import number_vi
from giamngheo.common.forms import VietnameseForm, date_field
from giamngheo.registry.models import Status
from giamngheo.reviews.forms_data import causes, needs, phieu_a
from giamngheo.reviews.models import ApplicationForm, Channel, ReviewItem
from giamngheo.reviews.verification import code_parse
from giamngheo.standards.params import Standard, standards
from giamngheo.standards.proxy import PointTable

DECIDED_STATUSES = [(s.value, s.label) for s in (Status.POOR, Status.NEAR_POOR, Status.NOT_POOR)]


class CampaignForm(VietnameseForm):
    year = forms.IntegerField(label=_("Năm rà soát"), min_value=2016, max_value=2100)
    standard = forms.ChoiceField(
        label=_("Chuẩn nghèo áp dụng"),
        help_text=_("Rà soát cuối giai đoạn áp dụng chuẩn của giai đoạn sau (ví dụ năm 2026 áp dụng chuẩn 2027–2030)."),
    )
    plan_start = date_field(_("Ngày bắt đầu"))
    plan_end = date_field(_("Ngày kết thúc"))
    include_residents = forms.BooleanField(label=_("Rà soát tất cả hộ cư trú trên địa bàn"), required=False)
    communes = forms.ModelMultipleChoiceField(
        label=_("Các xã tham gia"), queryset=AdminUnit.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, communes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["standard"].choices = [(s.code, s.title) for s in standards().values()]  # type: ignore[attr-defined]
        self.fields["communes"].queryset = communes  # type: ignore[attr-defined]


class ApplicationReceiveForm(VietnameseForm):
    household_code = forms.CharField(label=_("Mã hộ"), max_length=24)
    form = forms.ChoiceField(label=_("Loại giấy đề nghị"), choices=ApplicationForm.choices)
    applicant_name = forms.CharField(label=_("Người đề nghị"), max_length=120)
    reason = forms.CharField(label=_("Lý do đề nghị"), widget=forms.Textarea(attrs={"rows": 3}))
    received_on = date_field(_("Ngày nhận"))
    channel = forms.ChoiceField(label=_("Hình thức nộp"), choices=Channel.choices, initial=Channel.IN_PERSON)


class OnlineRequestForm(VietnameseForm):
    """A household's own request through the internet (spec §4.3: the online public-service channel). The household
    code and the head's CCCD, both on the household's papers, identify it; nothing else about it is shown."""

    household_code = forms.CharField(label=_("Mã hộ (ghi trên giấy chứng nhận hoặc sổ hộ)"), max_length=24)
    head_citizen_id = forms.RegexField(
        label=_("Số CCCD của chủ hộ"),
        regex=r"^\d{12}$",
        error_messages={"invalid": _("Số CCCD gồm đúng 12 chữ số.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    form = forms.ChoiceField(label=_("Đề nghị"), choices=ApplicationForm.choices)
    applicant_name = forms.CharField(label=_("Họ và tên người đề nghị"), max_length=120)
    reason = forms.CharField(label=_("Lý do đề nghị"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000)


class PhieuAForm(VietnameseForm):
    criteria = forms.MultipleChoiceField(
        label=_("Đặc điểm của hộ (đánh dấu nếu có)"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["criteria"].choices = [(c["code"], c["label"]) for c in phieu_a()["criteria"]]  # type: ignore[attr-defined]

    def answers(self) -> dict[str, Any]:
        return {"criteria": self.cleaned_data.get("criteria") or []}


class PhieuCForm(VietnameseForm):
    """Phiếu C: income over the 12 months before the review (spec §4.4). Social allowances are asked so that they
    are seen to be left out, not to count them. Amounts in đồng, typed as Vietnamese numbers (1.234.567)."""

    agricultural = forms.BooleanField(
        label=_("Hộ làm nông nghiệp, lâm nghiệp, ngư nghiệp hoặc diêm nghiệp"), required=False
    )
    members = forms.IntegerField(label=_("Số nhân khẩu"), min_value=1)
    income_agriculture = forms.IntegerField(
        label=_("Thu từ trồng trọt, chăn nuôi, lâm nghiệp, thủy sản, diêm nghiệp"), min_value=0, required=False
    )
    income_wages = forms.IntegerField(label=_("Thu từ tiền lương, tiền công"), min_value=0, required=False)
    income_business = forms.IntegerField(
        label=_("Thu từ sản xuất, kinh doanh, dịch vụ phi nông nghiệp"), min_value=0, required=False
    )
    income_other = forms.IntegerField(label=_("Thu khác (cho thuê, tiền gửi về…)"), min_value=0, required=False)
    costs = forms.IntegerField(label=_("Chi phí sản xuất, kinh doanh"), min_value=0, required=False)
    social_allowances = forms.IntegerField(
        label=_("Trợ cấp, trợ giúp xã hội từ ngân sách (không tính vào thu nhập)"), min_value=0, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field, forms.IntegerField) and name != "members":
                field.localize = True
                field.widget = forms.TextInput(attrs={"class": "form-control", "inputmode": "numeric"})
                field.widget.is_localized = True

    @staticmethod
    def initial_from(answers: dict[str, Any]) -> dict[str, Any]:
        income = answers.get("income") or {}
        return {
            "agricultural": answers.get("agricultural", False),
            "members": answers.get("members") or None,
            "costs": answers.get("costs"),
            "social_allowances": answers.get("social_allowances"),
            **{f"income_{k}": v for k, v in income.items()},
        }

    def answers(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "agricultural": data.get("agricultural", False),
            "members": data.get("members"),
            "income": {
                k: data.get(f"income_{k}")
                for k in ("agriculture", "wages", "business", "other")
                if data.get(f"income_{k}") is not None
            },
            "costs": data.get("costs") or 0,
            "social_allowances": data.get("social_allowances") or 0,
        }


OVERRIDE_CHOICES = [("", _("Theo thông tin trong sổ")), ("yes", _("Thiếu hụt")), ("no", _("Không thiếu hụt"))]


class PhieuBForm(VietnameseForm):
    """Phiếu B: part B1 (income proxy, one option per group) and part B2 (deprivations derived from the register,
    corrected with a reason), with the causes of poverty and the support needs. Nothing here is required for a
    draft; submitting checks completeness in the service."""

    causes = forms.MultipleChoiceField(
        label=_("Nguyên nhân nghèo"), required=False, widget=forms.CheckboxSelectMultiple
    )
    needs = forms.MultipleChoiceField(label=_("Nhu cầu hỗ trợ"), required=False, widget=forms.CheckboxSelectMultiple)
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, standard: Standard, table: PointTable | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.standard, self.table = standard, table
        self.fields["causes"].choices = [(c["code"], c["label"]) for c in causes()]  # type: ignore[attr-defined]
        self.fields["needs"].choices = [(n["code"], n["label"]) for n in needs()]  # type: ignore[attr-defined]
        for group in table.groups if table else ():
            self.fields[f"b1_{group['code']}"] = forms.ChoiceField(
                label=group["label"],
                required=False,
                choices=[("", "—")] + [(str(o["code"]), f"{o['label']} ({o['points']})") for o in group["options"]],
                widget=forms.Select(attrs={"class": "form-select", "data-score": "1"}),
            )
        for indicator in standard.indicators:
            self.fields[f"set_{indicator.code}"] = forms.ChoiceField(
                label=indicator.name,
                choices=OVERRIDE_CHOICES,
                required=False,
                widget=forms.Select(attrs={"class": "form-select form-select-sm", "data-score": "1"}),
            )
            self.fields[f"why_{indicator.code}"] = forms.CharField(
                label=_("Lý do điều chỉnh"),
                required=False,
                max_length=300,
                widget=forms.TextInput(attrs={"class": "form-control form-control-sm", "data-score": "1"}),
            )

    @staticmethod
    def initial_from(answers: dict[str, Any]) -> dict[str, Any]:
        initial: dict[str, Any] = {f"b1_{k}": v for k, v in (answers.get("b1") or {}).items()}
        for code, value in (answers.get("overrides") or {}).items():
            initial[f"set_{code}"] = "yes" if value.get("deprived") else "no"
            initial[f"why_{code}"] = value.get("reason", "")
        initial.update(causes=answers.get("causes") or [], needs=answers.get("needs") or [])
        initial["note"] = answers.get("note", "")
        return initial

    def answers(self) -> dict[str, Any]:
        data = self.cleaned_data
        groups = self.table.groups if self.table else ()
        overrides = {
            i.code: {"deprived": data[f"set_{i.code}"] == "yes", "reason": (data.get(f"why_{i.code}") or "").strip()}
            for i in self.standard.indicators
            if data.get(f"set_{i.code}")
        }
        return {
            "b1": {g["code"]: data[f"b1_{g['code']}"] for g in groups if data.get(f"b1_{g['code']}")},
            "overrides": overrides,
            "causes": data.get("causes") or [],
            "needs": data.get("needs") or [],
            "note": data.get("note") or "",
        }

    def b1_fields(self) -> list[forms.BoundField]:
        return [self[f"b1_{g['code']}"] for g in (self.table.groups if self.table else ())]

    def b2_rows(self) -> list[tuple[Any, forms.BoundField, forms.BoundField]]:
        return [(i, self[f"set_{i.code}"], self[f"why_{i.code}"]) for i in self.standard.indicators]


class MeetingForm(VietnameseForm):
    held_on = date_field(_("Ngày họp"))
    chair = forms.CharField(label=_("Chủ trì (trưởng thôn)"), max_length=120)
    secretary = forms.CharField(label=_("Thư ký"), max_length=120)
    attendees = forms.IntegerField(label=_("Số người tham dự"), min_value=1)
    organisations = forms.CharField(
        label=_("Các tổ chức tham dự"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    front_supervisor = forms.CharField(label=_("Đại diện Mặt trận Tổ quốc giám sát"), max_length=120, required=False)
    note = forms.CharField(label=_("Ý kiến khác"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, items: list[ReviewItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            self.fields[f"agree_{item.pk}"] = forms.IntegerField(
                label=_("Số người đồng ý"),
                min_value=0,
                required=False,
                widget=forms.NumberInput(attrs={"class": "form-control form-control-sm", "inputmode": "numeric"}),
            )

    def votes(self) -> dict[int, int]:
        return {
            item.pk: self.cleaned_data[f"agree_{item.pk}"]
            for item in self.items
            if self.cleaned_data.get(f"agree_{item.pk}") is not None
        }

    def rows(self) -> list[tuple[ReviewItem, forms.BoundField]]:
        return [(item, self[f"agree_{item.pk}"]) for item in self.items]


class PostingForm(VietnameseForm):
    village = forms.ModelChoiceField(
        label=_("Nơi niêm yết"), queryset=Village.objects.none(), required=False, empty_label=_("Trụ sở UBND xã")
    )
    starts_on = date_field(_("Ngày bắt đầu niêm yết"))

    def __init__(self, *args: Any, villages: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages  # type: ignore[attr-defined]
        self.fields["village"].empty_label = _("Trụ sở UBND xã")  # type: ignore[attr-defined]


class ComplaintForm(VietnameseForm):
    received_on = date_field(_("Ngày nhận"))
    complainant = forms.CharField(label=_("Người khiếu nại"), max_length=120)
    content = forms.CharField(label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 3}))


class RecheckForm(VietnameseForm):
    recheck_on = date_field(_("Ngày phúc tra"))
    recheck_result = forms.CharField(label=_("Kết quả phúc tra"), widget=forms.Textarea(attrs={"rows": 3}))
    status_after = forms.ChoiceField(label=_("Kết quả sau phúc tra"), choices=DECIDED_STATUSES)


class SignForm(VietnameseForm):
    number = forms.CharField(label=_("Số quyết định"), max_length=40)
    signed_on = date_field(_("Ngày ký"))
    consulted_on = date_field(_("Ngày xin ý kiến Chủ tịch UBND cấp huyện"), required=False)


class RefusalForm(VietnameseForm):
    number = forms.CharField(label=_("Số văn bản"), max_length=40)
    issued_on = date_field(_("Ngày ký"))
    reasons = forms.CharField(label=_("Lý do không đủ điều kiện"), widget=forms.Textarea(attrs={"rows": 4}))


BULK_CODES_MAX = 1_000
BULK_FILE_MAX_BYTES = 2 * 1024 * 1024


class CodesUploadForm(VietnameseForm):
    """Certificate codes to check at once: an Excel workbook, the codes in the first column of its first sheet (a
    first row that is not a code is taken as the column's heading)."""

    file = forms.FileField(label=_("Tệp Excel danh sách mã xác minh (.xlsx)"))

    def clean_file(self) -> list[str]:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Tệp %(name)s không phải bảng tính Excel (.xlsx).") % {"name": upload.name})
        if upload.size > BULK_FILE_MAX_BYTES:
            raise forms.ValidationError(_("Tệp lớn hơn 2 MB; chia danh sách thành nhiều tệp."))
        try:
            workbook = load_workbook(upload, read_only=True, data_only=True)
            sheet = workbook.worksheets[0]
            cells = [str(row[0]).strip() for row in sheet.iter_rows(max_col=1, values_only=True) if row and row[0]]
            workbook.close()
        except (BadZipFile, InvalidFileException, IndexError, KeyError, OSError, ValueError) as error:
            raise forms.ValidationError(
                _("Không đọc được tệp %(name)s như một bảng tính Excel (.xlsx).") % {"name": upload.name}
            ) from error
        if cells and code_parse(cells[0]) is None:
            cells = cells[1:]  # the heading ("Mã xác minh")
        cells = [c for c in cells if c]
        if not cells:
            raise forms.ValidationError(_("Cột A của trang tính đầu tiên không có mã nào."))
        if len(cells) > BULK_CODES_MAX:
            raise forms.ValidationError(
                _("Tệp có %(count)s mã; mỗi lần kiểm tra tối đa 1.000 mã.") % {"count": number_vi(len(cells))}
            )
        return cells
