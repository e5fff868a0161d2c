"""Vietnamese number formats for messages written outside templates (commands, reasons, reports)."""

from django.utils import formats, translation


def number_vi(value: float, decimals: int = 0) -> str:
    """12345 -> "12.345"; 2.5 with decimals=1 -> "2,5" — whatever language the caller is in, since the messages of
    commands, reasons and reports are Vietnamese."""
    with translation.override("vi"):
        return formats.number_format(value, decimal_pos=decimals or None, force_grouping=True)
