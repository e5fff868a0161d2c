"""What an import reports: the result counts and each problem found in the file, by Excel row."""

from dataclasses import dataclass, field


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
