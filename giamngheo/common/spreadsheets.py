"""Cells of every spreadsheet and CSV file the system writes, made inert: a text typed by a user (a name, an address,
a report's narrative) must never run as a formula when the file is opened in Excel or LibreOffice.

OWASP, "CSV Injection": a cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return is read as a formula;
prefixing a single quote makes it text. openpyxl and xlsxwriter also turn a string starting with `=` into a formula
of the workbook itself, so the prefix matters for Excel files as much as for CSV. Numbers, dates and empty cells
are written as they are."""

import csv
import re
from collections.abc import Iterable
from typing import Any, Protocol

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Control characters XML 1.0 cannot carry: openpyxl refuses them (IllegalCharacterError) and Excel cannot open a file
# holding them; they are shown as U+FFFD so the cell still says that something was there.
_UNWRITABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def cell_safe(value: Any) -> Any:
    """The value as a spreadsheet cell may hold it: text neutralised, anything else unchanged."""
    if not isinstance(value, str):
        return value
    value = _UNWRITABLE.sub("\ufffd", value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def row_safe(values: Iterable[Any]) -> list[Any]:
    return [cell_safe(value) for value in values]


class _TextSink(Protocol):
    def write(self, text: str, /) -> object: ...


class SafeCsvWriter:
    """csv.writer whose every cell goes through cell_safe."""

    def __init__(self, sink: _TextSink, **options: Any) -> None:
        self._writer = csv.writer(sink, **options)

    def writerow(self, values: Iterable[Any]) -> None:
        self._writer.writerow(row_safe(values))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for values in rows:
            self.writerow(values)


def csv_writer(sink: _TextSink, **options: Any) -> SafeCsvWriter:
    return SafeCsvWriter(sink, **options)


# xlsxwriter's own conversions of text, off: a string starting with "=" or "{=" would be a formula, one starting with
# "http://" or "mailto:" a live link. Every xlsxwriter workbook is opened with these options.
XLSXWRITER_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
