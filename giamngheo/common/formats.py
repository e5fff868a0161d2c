"""Vietnamese number formats for messages written outside templates (commands, reasons, reports)."""

import datetime

from django.utils import formats, translation


def number_vi(value: float, decimals: int = 0) -> str:
    """12345 -> "12.345"; 2.5 with decimals=1 -> "2,5" — whatever language the caller is in, since the messages of
    commands, reasons and reports are Vietnamese."""
    # Django's number_format cuts a float's extra decimals off (2/3 → "0,6"); the figure people expect is rounded.
    with translation.override("vi"):
        return formats.number_format(
            round(value, decimals) if decimals else round(value), decimal_pos=decimals or None, force_grouping=True
        )


def date_vi(day: datetime.date | None) -> str:
    """25/10/2025 -> "ngày 25 tháng 10 năm 2025", as official documents write dates; no date -> "ngày … tháng …
    năm …" to fill in by hand. Decree 30/2020/NĐ-CP Phụ lục I: days below 10 and the months 1 and 2 take a leading
    zero ("ngày 05 tháng 02 năm 2025", but "tháng 3")."""
    if day is None:
        return "ngày …… tháng …… năm ……"
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"
