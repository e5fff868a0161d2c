"""What an import reports: the result counts and each problem found in the file, by Excel row."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError

from giamngheo.registry.imports.cells import cell_shown
from giamngheo.registry.imports.columns import COLUMN_BY_KEY


@dataclass(frozen=True)
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

    def error(self, row: int, key: str, message: str, value: Any = "") -> None:
        header = COLUMN_BY_KEY[key].header if key in COLUMN_BY_KEY else key
        self.errors.append(RowError(row, header, cell_shown(value), message))

    def warn(self, row: int, key: str, message: str, value: Any = "") -> None:
        header = COLUMN_BY_KEY[key].header if key in COLUMN_BY_KEY else key
        self.warnings.append(RowError(row, header, cell_shown(value), message))

    def validation_error(self, row: int, error: ValidationError, cells: Mapping[str, Any]) -> None:
        if hasattr(error, "error_dict"):
            for key, messages in error.message_dict.items():
                for message in messages:
                    self.error(row, key if key in COLUMN_BY_KEY else "", message, cells.get(key, ""))
        else:
            for message in error.messages:
                self.error(row, "", message)
