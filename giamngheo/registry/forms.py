"""Forms of the household register: they parse and check input; the services write.

None of these is a ModelForm on purpose: a ModelForm invites `form.save()`, and every write of a household or a
person must go through `registry.services`, which owns the transaction, the audit entry and the events. The
fields are still taken from the models (labels, choices, lengths), so a model change shows up here.
"""

import datetime
from typing import TYPE_CHECKING, Any

from django import forms
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db.models import Model, Q, QuerySet
from django.forms.models import fields_for_model
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from giamngheo.accounts.access import can_see_citizen_id, scope_of
from giamngheo.accounts.models import User
from giamngheo.areas.models import AdminUnit, Village, VillageKind
from giamngheo.common.forms import VietnameseForm, date_field, not_in_future
from giamngheo.common.models import vi_order
from giamngheo.registry.models import (
    ETHNICITY_CHOICES,
    EventKind,
    Household,
    LeaveReason,
    Person,
    Relation,
    Sex,
    Status,
)
from giamngheo.registry.selectors import HouseholdFilters, communes_visible_to, villages_visible_to
from giamngheo.registry.services.base import HOUSEHOLD_FACT_FIELDS, PERSON_FIELDS

if TYPE_CHECKING:
    pass


def _formfield(model_field: Any, **kwargs: Any) -> forms.Field:
    if model_field.get_internal_type() == "DateField":
        return date_field(capfirst(model_field.verbose_name), required=not model_field.blank)
    if model_field.get_internal_type() in ("PositiveBigIntegerField", "DecimalField"):
        # Localised so that "1.500.000" and "45,5" are read as Vietnamese numbers are written.
        kwargs.update(localize=True, widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    field: forms.Field = model_field.formfield(**kwargs)
    return field


_PERSON = fields_for_model(Person, fields=PERSON_FIELDS, formfield_callback=_formfield)
_HOUSEHOLD = fields_for_model(
    Household, fields=("village", "address", "area_type", *HOUSEHOLD_FACT_FIELDS), formfield_callback=_formfield
)


# ---------------------------------------------------------------- the list


class HouseholdFilterForm(VietnameseForm):
    """The filters of the household list (GET). Invalid values are reported and ignored, never fatal."""

    q = forms.CharField(
        label=_("Tìm theo tên không dấu, mã hộ hoặc số CCCD"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Ví dụ: nguyen van an")}),
    )
    commune = forms.ModelChoiceField(label=_("Xã, phường"), queryset=AdminUnit.objects.none(), required=False)
    village = forms.ModelChoiceField(label=_("Thôn, tổ dân phố"), queryset=Village.objects.none(), required=False)
    status = forms.ChoiceField(label=_("Tình trạng"), choices=[("", ""), *Status.choices], required=False)
    ethnicity = forms.ChoiceField(label=_("Dân tộc chủ hộ"), choices=[("", ""), *ETHNICITY_CHOICES], required=False)
    head_sex = forms.ChoiceField(label=_("Giới tính chủ hộ"), choices=[("", ""), *Sex.choices], required=False)
    include_ended = forms.BooleanField(label=_("Cả hộ đã ra khỏi danh sách"), required=False)

    def __init__(self, *args: Any, user: User | AnonymousUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("status", "ethnicity", "head_sex"):
            self.fields[name].choices = [("", gettext("Tất cả")), *self.fields[name].choices[1:]]  # type: ignore[attr-defined]
        if not can_see_citizen_id(user):
            self.fields["q"].label = gettext("Tìm theo tên không dấu hoặc mã hộ")
        scope = scope_of(user)
        villages = villages_visible_to(user).order_by(vi_order("name"))
        if scope.national or scope.province_id:
            # Only communes that have villages can have households; the country has 3,321 communes.
            self.fields["commune"].queryset = (  # type: ignore[attr-defined]
                communes_visible_to(user).filter(villages__isnull=False).distinct().order_by(vi_order("name"))
            )
            self.fields["commune"].empty_label = gettext("Tất cả")  # type: ignore[attr-defined]
            self.fields["commune"].widget.attrs["data-autosubmit"] = True
            commune_id = self._raw_int("commune")
            # A province has hundreds of villages: they are offered once a commune is chosen.
            villages = villages.filter(commune_id=commune_id) if commune_id else villages.none()
        else:
            del self.fields["commune"]
        self.fields["village"].queryset = villages  # type: ignore[attr-defined]
        self.fields["village"].empty_label = gettext("Tất cả")  # type: ignore[attr-defined]

    def _raw_int(self, name: str) -> int | None:
        value = self.data.get(self.add_prefix(name), "") if self.is_bound else ""
        return int(value) if str(value).isdigit() else None

    def clean_q(self) -> str:
        query = " ".join(self.cleaned_data["q"].split())
        if query and len(query) < settings.SEARCH_MIN_CHARS:
            raise ValidationError(
                gettext("Nhập ít nhất %(count)s ký tự để tìm.") % {"count": settings.SEARCH_MIN_CHARS}
            )
        return query

    def filters(self) -> HouseholdFilters:
        """The valid part of the input as filters (cleaned_data keeps only the fields that passed)."""
        if not self.is_bound:
            return HouseholdFilters()
        self.is_valid()
        data = self.cleaned_data
        commune, village = data.get("commune"), data.get("village")
        return HouseholdFilters(
            q=data.get("q") or "",
            commune_id=commune.pk if commune else None,
            village_id=village.pk if village else None,
            status=data.get("status") or "",
            ethnicity=data.get("ethnicity") or "",
            head_sex=data.get("head_sex") or "",
            include_ended=bool(data.get("include_ended")),
        )


# ---------------------------------------------------------------- households


def villages_for_entry(user: User | AnonymousUser, *, keep: Any = None) -> QuerySet[Village]:
    """Villages the user may put a household in: their commune's (officer) or their own (collaborator), active
    ones, plus the household's current village even if it was deactivated (so its other facts can still be saved)."""
    keep_pk = getattr(keep, "pk", keep)
    active = Q(is_active=True) | Q(pk=keep_pk) if keep_pk else Q(is_active=True)
    return villages_visible_to(user).filter(active).order_by(vi_order("commune__name"), vi_order("name"))


class HouseholdForm(VietnameseForm):
    """Where the household lives and its living conditions (spec §2.3): the editable facts of a household."""

    village = forms.ModelChoiceField(label=_("Thôn, tổ dân phố"), queryset=Village.objects.none())
    address = _HOUSEHOLD["address"]
    area_type = _HOUSEHOLD["area_type"]
    income_per_capita = _HOUSEHOLD["income_per_capita"]
    wall_durable = _HOUSEHOLD["wall_durable"]
    column_durable = _HOUSEHOLD["column_durable"]
    roof_durable = _HOUSEHOLD["roof_durable"]
    floor_area_m2 = _HOUSEHOLD["floor_area_m2"]
    water_source = _HOUSEHOLD["water_source"]
    latrine = _HOUSEHOLD["latrine"]
    waste_treatment = _HOUSEHOLD["waste_treatment"]
    uses_telecom = _HOUSEHOLD["uses_telecom"]
    uses_internet = _HOUSEHOLD["uses_internet"]
    owns_tv = _HOUSEHOLD["owns_tv"]
    owns_radio = _HOUSEHOLD["owns_radio"]
    owns_computer = _HOUSEHOLD["owns_computer"]
    owns_smartphone = _HOUSEHOLD["owns_smartphone"]

    place_fields: tuple[str, ...] = ("village", "address", "area_type")

    def __init__(self, *args: Any, user: User | AnonymousUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        villages = villages_for_entry(user, keep=self.initial.get("village"))
        self.fields["village"].queryset = villages  # type: ignore[attr-defined]
        first_two = list(villages[:2])
        if len(first_two) == 1 and not self.initial.get("village"):
            # A collaborator has one village: nothing to choose.
            self.fields["village"].initial = first_two[0].pk

    def facts(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in HOUSEHOLD_FACT_FIELDS}

    def place_and_facts(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in (*self.place_fields, *HOUSEHOLD_FACT_FIELDS)}

    def fact_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in HOUSEHOLD_FACT_FIELDS]

    def place_bound_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.place_fields if name in self.fields]


def _version_field() -> forms.IntegerField:
    return forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class VersionedForm(VietnameseForm):
    """An edit page's form: it carries the version of the record it showed, so that the service refuses a save
    made after someone else's (a lost update) instead of putting back what they changed."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        stale = gettext("Trang sửa này đã cũ hoặc không đầy đủ; tải lại trang rồi sửa tiếp.")
        self.fields["version"].error_messages.update({"required": stale, "invalid": stale, "min_value": stale})


class HouseholdEditForm(HouseholdForm, VersionedForm):
    version = _version_field()


class HouseholdCreateForm(HouseholdForm):
    code = forms.CharField(
        label=_("Mã hộ"),
        required=False,
        max_length=24,
        help_text=_("Để trống để hệ thống tự cấp mã (mã xã và số thứ tự)."),
    )
    registered_on = date_field(_("Ngày đăng ký vào sổ"))

    place_fields = ("village", "code", "registered_on", "address", "area_type")

    def __init__(self, *args: Any, user: User | AnonymousUser, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["area_type"].required = False
        self.fields["area_type"].help_text = gettext(
            "Để trống: theo loại đơn vị của xã (xã là nông thôn, phường là thành thị)."
        )
        self.fields["area_type"].choices = [("", gettext("— Theo xã, phường —")), *self.fields["area_type"].choices[1:]]  # type: ignore[attr-defined]
        self.fields["registered_on"].initial = datetime.date.today

    def clean_registered_on(self) -> datetime.date:
        value = self.cleaned_data["registered_on"]
        not_in_future(value, str(self.fields["registered_on"].label))
        return value


# ---------------------------------------------------------------- persons


class PersonForm(VietnameseForm):
    """One member's details, as on Mẫu 01 / Mẫu 03 of Decision 24/2021 (spec §2.3 indicators)."""

    full_name = _PERSON["full_name"]
    sex = _PERSON["sex"]
    date_of_birth = _PERSON["date_of_birth"]
    ethnicity = _PERSON["ethnicity"]
    citizen_id = _PERSON["citizen_id"]
    citizen_id_issued_on = _PERSON["citizen_id_issued_on"]
    citizen_id_issued_by = _PERSON["citizen_id_issued_by"]
    relation = _PERSON["relation"]
    disability = _PERSON["disability"]
    has_merit = _PERSON["has_merit"]
    social_allowance = _PERSON["social_allowance"]
    health_insurance = _PERSON["health_insurance"]
    schooling = _PERSON["schooling"]
    education = _PERSON["education"]
    employment = _PERSON["employment"]
    occupation = _PERSON["occupation"]
    labour_contract = _PERSON["labour_contract"]
    malnourished = _PERSON["malnourished"]

    identity_fields = (
        "full_name",
        "sex",
        "date_of_birth",
        "ethnicity",
        "citizen_id",
        "citizen_id_issued_on",
        "citizen_id_issued_by",
        "relation",
    )
    flag_fields = ("has_merit", "social_allowance", "health_insurance", "malnourished")

    def __init__(self, *args: Any, relation: str | None = None, **kwargs: Any) -> None:
        """`relation`: the head's form fixes it to "Chủ hộ"; other members cannot be made head here."""
        super().__init__(*args, **kwargs)
        self.fields["citizen_id"].widget.attrs.update({"inputmode": "numeric", "maxlength": "12", "pattern": "[0-9]*"})
        self.fields["citizen_id"].help_text = gettext("12 chữ số. Để trống nếu chưa có.")
        self.fields["full_name"].widget.attrs["autocomplete"] = "off"
        if relation == Relation.HEAD:
            # The head's relation is "Chủ hộ" by definition; it changes only through "Đổi chủ hộ".
            del self.fields["relation"]
        else:
            relation_field = self.fields["relation"]
            relation_field.choices = [c for c in relation_field.choices if c[0] != Relation.HEAD]  # type: ignore[attr-defined]

    def person_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in PERSON_FIELDS if name in self.cleaned_data}

    def identity_bound_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.identity_fields if name in self.fields]

    def situation_bound_fields(self) -> list[forms.BoundField]:
        skip = {*self.identity_fields, *self.flag_fields}
        return [self[name] for name in PERSON_FIELDS if name not in skip]

    def flag_bound_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.flag_fields]


class PersonEditForm(PersonForm, VersionedForm):
    version = _version_field()


def person_initial(person: Person) -> dict[str, Any]:
    return {name: getattr(person, name) for name in PERSON_FIELDS} | {"version": person.version}


def household_initial(household: Household) -> dict[str, Any]:
    names = ("village", "address", "area_type", *HOUSEHOLD_FACT_FIELDS)
    return {name: getattr(household, name) for name in names} | {"version": household.version}


class JoinForm(VietnameseForm):
    """How and when a new member joined the household (sinh / chuyển đến)."""

    kind = forms.ChoiceField(
        label=_("Hình thức"),
        choices=[(EventKind.BIRTH.value, EventKind.BIRTH.label), (EventKind.MOVED_IN.value, EventKind.MOVED_IN.label)],
        widget=forms.RadioSelect,
        initial=EventKind.BIRTH,
    )
    occurred_on = date_field(
        _("Ngày vào hộ"), required=False, help_text=_("Trẻ mới sinh: để trống, hệ thống lấy ngày sinh.")
    )
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=255)

    def clean_occurred_on(self) -> datetime.date | None:
        value = self.cleaned_data["occurred_on"]
        not_in_future(value, str(self.fields["occurred_on"].label))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == EventKind.MOVED_IN and not data.get("occurred_on") and "occurred_on" not in self.errors:
            self.add_error("occurred_on", gettext("Chưa nhập ngày chuyển đến."))
        return data


class LeaveForm(VietnameseForm):
    reason = forms.ChoiceField(
        label=_("Lý do"),
        choices=[
            (LeaveReason.MOVED_OUT.value, LeaveReason.MOVED_OUT.label),
            (LeaveReason.DIED.value, LeaveReason.DIED.label),
        ],
        widget=forms.RadioSelect,
    )
    occurred_on = date_field(_("Ngày chuyển đi hoặc ngày mất"))
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=255)

    def clean_occurred_on(self) -> datetime.date:
        value = self.cleaned_data["occurred_on"]
        not_in_future(value, str(self.fields["occurred_on"].label))
        return value


def members_besides_head(household: Household) -> QuerySet[Person]:
    members = household.persons.members()
    return members.exclude(pk=household.head_id) if household.head_id else members


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Model) -> str:
        assert isinstance(obj, Person)
        return f"{obj.full_name} ({obj.get_relation_display()}, {obj.date_of_birth:%d/%m/%Y})"


class MembersChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Model) -> str:
        assert isinstance(obj, Person)
        return f"{obj.full_name} ({obj.get_relation_display()}, {obj.date_of_birth:%d/%m/%Y})"


class CitizenIdShowForm(VietnameseForm):
    """The "Hiện số CCCD" button beside a masked number: which current member's number to show."""

    person = MemberChoiceField(label=_("Thành viên cần hiện số CCCD"), queryset=Person.objects.none())

    def __init__(self, *args: Any, household: Household, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = household.persons.members().filter(  # type: ignore[attr-defined]
            citizen_id__isnull=False
        )


class HeadChangeForm(VietnameseForm):
    person = MemberChoiceField(label=_("Chủ hộ mới"), queryset=Person.objects.none())
    former_head_relation = forms.ChoiceField(
        label=_("Quan hệ của chủ hộ cũ với chủ hộ mới"),
        choices=[("", ""), *((value, label) for value, label in Relation.choices if value != Relation.HEAD)],
    )
    occurred_on = date_field(_("Ngày đổi chủ hộ"))

    def __init__(self, *args: Any, household: Household, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = members_besides_head(household)  # type: ignore[attr-defined]
        if household.head_id is None:
            # The head died or moved out: there is no former head to give a relation to.
            self.fields["former_head_relation"].required = False

    def clean_occurred_on(self) -> datetime.date:
        value = self.cleaned_data["occurred_on"]
        not_in_future(value, str(self.fields["occurred_on"].label))
        return value


class SplitForm(VietnameseForm):
    persons = MembersChoiceField(
        label=_("Những người tách ra"), queryset=Person.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    new_head = MemberChoiceField(label=_("Chủ hộ của hộ mới"), queryset=Person.objects.none())
    village = forms.ModelChoiceField(label=_("Thôn, tổ dân phố của hộ mới"), queryset=Village.objects.none())
    address = forms.CharField(
        label=_("Địa chỉ của hộ mới"), required=False, max_length=255, help_text=_("Để trống: giữ địa chỉ hộ gốc.")
    )
    occurred_on = date_field(_("Ngày tách hộ"))
    head_under_age_reason = forms.CharField(
        label=_("Xác nhận chủ hộ mới chưa đủ tuổi: lý do"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Chỉ ghi khi chủ hộ mới chưa đủ tuổi (hệ thống sẽ báo): vì sao người này vẫn là chủ hộ (ví dụ mồ côi)."
        ),
    )

    def __init__(self, *args: Any, household: Household, user: User | AnonymousUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = members_besides_head(household)
        self.fields["persons"].queryset = members  # type: ignore[attr-defined]
        self.fields["new_head"].queryset = members  # type: ignore[attr-defined]
        self.fields["village"].queryset = villages_for_entry(user).filter(commune_id=household.commune_id)  # type: ignore[attr-defined]
        self.fields["village"].initial = household.village_id

    def clean_occurred_on(self) -> datetime.date:
        value = self.cleaned_data["occurred_on"]
        not_in_future(value, str(self.fields["occurred_on"].label))
        return value


class MergeForm(VietnameseForm):
    target_code = forms.CharField(
        label=_("Mã hộ nhận"), max_length=24, help_text=_("Mã của hộ mà các thành viên của hộ này nhập vào.")
    )
    occurred_on = date_field(_("Ngày nhập hộ"))

    def __init__(self, *args: Any, households: QuerySet[Household], **kwargs: Any) -> None:
        """`households`: the households the user may change (the target must be one of them)."""
        super().__init__(*args, **kwargs)
        self.households = households

    def clean_target_code(self) -> Household:
        code = self.cleaned_data["target_code"].strip()
        target = self.households.filter(code=code, ended_on__isnull=True).first()
        if target is None:
            raise ValidationError(gettext("Không tìm thấy hộ có mã “%(code)s” trong địa bàn.") % {"code": code})
        return target

    def clean_occurred_on(self) -> datetime.date:
        value = self.cleaned_data["occurred_on"]
        not_in_future(value, str(self.fields["occurred_on"].label))
        return value


class ImportUploadForm(VietnameseForm):
    """One household file (.xlsx or .csv, the template of docs/import-template.md) for the officer's commune."""

    file = forms.FileField(label=_("Tệp danh sách hộ (.xlsx hoặc .csv)"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not name.endswith((".xlsx", ".csv")):
            raise ValidationError(
                gettext("Chỉ nhận tệp .xlsx hoặc .csv (tệp đã chọn: “%(name)s”).") % {"name": upload.name}
            )
        if upload.size > settings.IMPORT_MAX_UPLOAD_BYTES:
            limit = settings.IMPORT_MAX_UPLOAD_BYTES // (1024 * 1024)
            raise ValidationError(gettext("Tệp lớn hơn %(limit)s MB; hãy chia thành nhiều tệp.") % {"limit": limit})
        return upload


# ---------------------------------------------------------------- villages


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
