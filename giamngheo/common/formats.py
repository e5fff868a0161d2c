"""Vietnamese number formats for messages written outside templates (commands, reasons, reports), and the masked
form of a CCCD."""

import datetime
from decimal import Decimal

from django.utils import formats, translation


def number_vi(value: float, decimals: int = 0) -> str:
    """12345 -> "12.345"; 2.5 with decimals=1 -> "2,5" — whatever language the caller is in, since the messages of
    commands, reasons and reports are Vietnamese."""
    # Django's number_format cuts a float's extra decimals off (2/3 → "0,6"); the figure people expect is rounded.
    with translation.override("vi"):
        return formats.number_format(
            round(value, decimals) if decimals else round(value), decimal_pos=decimals or None, force_grouping=True
        )


def rate_vi(value: float | Decimal | str | None) -> str:
    """A rate in per cent, as every page, table and export prints it: two decimals and the Vietnamese comma (10 ->
    "10,00", 12.5 -> "12,50", 1234.5 -> "1.234,50"); no rate (nothing to divide by, no target) -> "—". Decimal strings
    ("4.00", as stored in JSON) are read as numbers."""
    if value is None or value == "":
        return "—"
    return number_vi(float(value), 2)


def figure_vi(value: float | Decimal | str | None, unit: str) -> str:
    """A figure in its unit: a rate (a unit in per cent: "%", "điểm %") as rate_vi writes it, a count ("hộ", "người")
    as a whole number, or with two decimals when it has a fraction; no figure -> "—"."""
    if "%" in unit:
        return rate_vi(value)
    if value is None or value == "":
        return "—"
    number = float(value)
    return number_vi(number) if number.is_integer() else number_vi(number, 2)


def date_vi(day: datetime.date | None) -> str:
    """25/10/2025 -> "ngày 25 tháng 10 năm 2025", as official documents write dates; no date -> "ngày … tháng …
    năm …" to fill in by hand. Decree 30/2020/NĐ-CP Phụ lục I: days below 10 and the months 1 and 2 take a leading
    zero ("ngày 05 tháng 02 năm 2025", but "tháng 3")."""
    if day is None:
        return "ngày …… tháng …… năm ……"
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


MASK = "•"


def citizen_id_masked(value: str | None) -> str:
    """A CCCD as shown to those who do not need it (docs/security.md): the first four digits (the province of
    registration, the century and sex) and the last three stay, the rest are bullets: "015180001028" ->
    "0151•••••028". A shorter number (an old nine-digit CMND) keeps only its last three; none -> "—"."""
    if not value:
        return "—"
    if len(value) >= 12:
        return value[:4] + MASK * (len(value) - 7) + value[-3:]
    if len(value) <= 3:
        return MASK * len(value)
    return MASK * (len(value) - 3) + value[-3:]
