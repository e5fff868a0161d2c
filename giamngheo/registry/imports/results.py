"""What an import reports: the result counts and each problem found in the file, by Excel row."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError

from giamngheo.registry.imports.cells import cell_shown
from giamngheo.registry.imports.columns import COLUMN_BY_KEY

# Characters of a wrong cell the report repeats: enough to find it in the file, and a report of many long wrong cells
# stays small.
VALUE_SHOWN = 100


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem in the file. `row` is the Excel row number (header = 1); 0 means the file as a whole."""

    row: int
    column: str
    value: str
    message: str

    def __str__(self) -> str:
        where = [f"Dòng {self.row}"] if self.row else []
        if self.column:
            where.append(f"cột “{self.column}”")
        if self.value:
            where.append(f"giá trị “{self.value}”")
        return f"{', '.join(where)}: {self.message}" if where else self.message


@dataclass
class ImportResult:
    ok: bool = False
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    persons_created: int = 0
    persons_updated: int = 0
    warnings: list[RowError] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


@dataclass
class Findings:
    """The errors and warnings every phase adds to, in the order found. `key` names a column of the template (its
    header is shown) or, for a column not in it, is the text to show."""

    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    # One copy of each distinct message: a file wrong the same way on every row (130,000 times "Không có ngày
    # 31/02/1990.") keeps one string, not 130,000.
    _texts: dict[str, str] = field(default_factory=dict, repr=False)

    def _record(self, row: int, key: str, message: str, value: Any) -> RowError:
        header = COLUMN_BY_KEY[key].header if key in COLUMN_BY_KEY else key
        shown = cell_shown(value)
        if len(shown) > VALUE_SHOWN:
            shown = shown[:VALUE_SHOWN] + "…"
        texts = self._texts
        return RowError(row, header, shown, texts.setdefault(message, message))

    def error(self, row: int, key: str, message: str, value: Any = "") -> None:
        self.errors.append(self._record(row, key, message, value))

    def warn(self, row: int, key: str, message: str, value: Any = "") -> None:
        self.warnings.append(self._record(row, key, message, value))

    def validation_error(self, row: int, error: ValidationError, shown: Callable[[str], str]) -> None:
        """The messages of a service's ValidationError, each on the column it names, with `shown(key)` as the value."""
        if hasattr(error, "error_dict"):
            for key, messages in error.message_dict.items():
                for message in messages:
                    known = key in COLUMN_BY_KEY
                    self.error(row, key if known else "", message, shown(key) if known else "")
        else:
            for message in error.messages:
                self.error(row, "", message)
