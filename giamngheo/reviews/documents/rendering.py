"""What the printed documents share: the issuing body's heading, the signatures, the legal bases, the wording of a
household's head and of percentages."""

import datetime
from typing import Any

from django.utils import timezone

from giamngheo.areas.models import AdminUnit
from giamngheo.common.formats import date_vi, number_vi
from giamngheo.registry.models import Household, Person, Sex
from giamngheo.reviews.models import Campaign, CampaignKind
from giamngheo.reviews.procedure import procedure_in_force
from giamngheo.standards.params import UnknownStandard, standard_get

TEMPLATES = "reviews/documents"
BLANK = "……………………"


def standard_sentence(code: str) -> str:
    """The standard's own basis ("Căn cứ …"), from the standard's data, so a 2027 document cites Decree 351/2025."""
    try:
        standard = standard_get(code)
    except UnknownStandard:
        return f"Căn cứ chuẩn nghèo {code};"
    return f"Căn cứ {standard.legal_basis} ({standard.title});"


def bases(day: datetime.date | None, *keys: str) -> list[str]:
    """The "Căn cứ …" lines in force on the document's date (a draft without one: today)."""
    day = day or timezone.localdate()
    procedure = procedure_in_force(day)
    return [procedure.document_basis(key, day) for key in keys]


def head_name(household: Household) -> str:
    head = household.head
    return head.full_name if head is not None else "—"


def mr_or_mrs(person: Person | None) -> str:
    """The form's "ông/bà", filled in from the head's sex."""
    if person is None:
        return "ông/bà"
    return "bà" if person.sex == Sex.FEMALE else "ông"


def campaign_label(campaign: Campaign) -> str:
    if campaign.kind == CampaignKind.REGULAR:
        return f"Rà soát thường xuyên tháng {campaign.month:02d}/{campaign.year}"
    return f"Rà soát định kỳ năm {campaign.year}"


def _place_date(commune: AdminUnit, day: datetime.date | None) -> str:
    """ "Thử A, ngày 25 tháng 10 năm 2025": the place is the commune's short name (Decree 30/2020 Phụ lục I)."""
    return f"{commune.short_name or commune.name}, {date_vi(day)}"


def heading(
    commune: AdminUnit,
    *,
    authority: list[str] | None = None,
    parent: str = "",
    number: str = "",
    day: datetime.date | None = None,
    subject: str = "",
) -> dict[str, Any]:
    """The issuing body (by default the commune People's Committee) in bold, under its governing body (`parent`,
    not bold: Decree 30/2020/NĐ-CP Phụ lục I), number, subject, and place and date."""
    return {
        "parent": parent,
        "authority": authority or ["ỦY BAN NHÂN DÂN", commune.name.upper()],
        "number": number,
        "subject": subject,
        "place_date": _place_date(commune, day),
    }


def chairman(name: str) -> dict[str, str]:
    return {"title": "CHỦ TỊCH", "note": "(Ký, ghi rõ họ tên và đóng dấu)", "name": name}


def percent(fraction: float, decimals: int = 0) -> str:
    """0.5 -> "50"; 0.8 with one decimal -> "80,0"."""
    value = 100 * fraction
    return number_vi(round(value) if decimals == 0 else value, decimals)
