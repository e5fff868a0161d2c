"""Poverty figures over the years on today's map (spec §10.1): the years the register holds come from the status
ledger; earlier years come from results published for the communes of the old map (HistoricalResult), carried
onto the current communes through the old→new mapping of 01/07/2025 (Resolution 202/2025/QH15).

An old commune merged whole into a new one simply adds to it. An old commune divided between several new communes
has one published figure and no household detail, so it is counted once, entirely in its default successor (the
mapping's `is_default`), and every page that shows it says so: never split by guesswork, never counted twice.
"""

import csv
import io
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from python_calamine import CalamineWorkbook

from giamngheo.areas.models import AdminUnit, UnitSuccession
from giamngheo.registry.models import Status
from giamngheo.reports.models import HistoricalResult
from giamngheo.reports.tables.selectors import ReportError, communes_of
from giamngheo.reviews.models import LedgerEntry
from giamngheo.reviews.selectors import year_end_by_commune

REGISTER, OLD_MAP = "register", "old_map"
SOURCES = {REGISTER: "Sổ theo dõi tình trạng (quyết định công nhận)", OLD_MAP: "Kết quả công bố theo đơn vị cũ"}
# The import file's columns (CSV or the first sheet of an Excel file), in Vietnamese without diacritics.
COLUMNS = ("ma_xa_cu", "nam", "tong_so_ho", "ho_ngheo", "ho_can_ngheo", "nguon")


@dataclass(frozen=True)
class YearFigures:
    year: int
    households: int
    poor: int
    near_poor: int
    source: str

    @property
    def source_label(self) -> str:
        return SOURCES[self.source]

    @property
    def poor_rate(self) -> float | None:
        return self.poor / self.households if self.households else None

    @property
    def near_poor_rate(self) -> float | None:
        return self.near_poor / self.households if self.households else None


@dataclass(frozen=True)
class Series:
    unit: AdminUnit
    years: tuple[YearFigures, ...]
    notes: tuple[str, ...]  # how divided old communes were counted, and what could not be placed


def _names(units: Iterable[AdminUnit]) -> str:
    return ", ".join(u.name for u in units)


def _successions(old_ids: Iterable[int]) -> dict[int, list[UnitSuccession]]:
    """Every old commune's edges, the default successor first."""
    edges: dict[int, list[UnitSuccession]] = defaultdict(list)
    for edge in (
        UnitSuccession.objects.filter(old_id__in=list(old_ids))
        .select_related("old", "new")
        .order_by("old_id", "-is_default", "new__code")
    ):
        edges[edge.old_id].append(edge)
    return edges


def _old_map_years(unit: AdminUnit, ids: set[int], years: Sequence[int]) -> tuple[dict[int, YearFigures], list[str]]:
    """The published old-map figures of `years` that belong to the unit's current communes, and the notes."""
    results = list(
        HistoricalResult.objects.filter(year__in=years, unit__successors__new_id__in=ids)
        .distinct()
        .select_related("unit")
        .order_by("year", "unit__code")
    )
    edges = _successions(r.unit_id for r in results)
    totals: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    notes: dict[int, str] = {}
    for result in results:
        mine = edges[result.unit_id]
        default = mine[0].new
        inside = [e.new for e in mine if e.new_id in ids]
        if default.pk in ids:
            row = totals[result.year]
            row[0] += result.households
            row[1] += result.poor
            row[2] += result.near_poor
        if len(mine) == 1:
            continue
        outside = [e.new for e in mine if e.new_id not in ids]
        if default.pk not in ids:
            notes[result.unit_id] = (
                f"{result.unit.name} (cũ) được chia cho {_names(e.new for e in mine)}; phần nay thuộc "
                f"{_names(inside)} không có số liệu riêng: số liệu của cả xã cũ được tính vào {default.name} "
                "(đơn vị nhận mặc định), không tính ở đây để khỏi đếm hai lần."
            )
        elif outside:
            notes[result.unit_id] = (
                f"{result.unit.name} (cũ) được chia cho {_names(e.new for e in mine)}; số liệu của cả xã cũ được "
                f"tính vào {default.name} (đơn vị nhận mặc định), kể cả phần nay thuộc {_names(outside)}, vì không "
                "có số liệu từng phần."
            )
        elif unit.pk != default.pk:
            notes[result.unit_id] = (
                f"{result.unit.name} (cũ) được chia cho {_names(inside)}, đều thuộc {unit.name}: tổng không đổi; "
                f"trong bảng theo xã, số liệu của cả xã cũ nằm ở {default.name}."
            )
    figures = {
        year: YearFigures(year, households, poor, near, OLD_MAP) for year, (households, poor, near) in totals.items()
    }
    return figures, list(notes.values())


def series_on_current_map(*, unit: AdminUnit, years: Sequence[int]) -> Series:
    """Households, poor and near-poor households at the end of each year for a current province or commune: from
    the ledger for the years it holds decisions of the unit, else from the old map's published results."""
    if unit.is_legacy:
        raise ReportError(f"{unit.name} là đơn vị trước 01/07/2025; chọn tỉnh hoặc xã hiện nay.")
    ids = {c.pk for c in communes_of(unit)}
    recorded = set(
        LedgerEntry.objects.filter(commune_id__in=ids, year__in=years).values_list("year", flat=True).distinct()
    )
    figures: dict[int, YearFigures] = {}
    for year in sorted(recorded):
        ends: dict[str, int] = defaultdict(int)
        for tally in year_end_by_commune(commune_ids=list(ids), year=year).values():
            for status, row in tally.items():
                ends[status] += row["households"]
        figures[year] = YearFigures(year, sum(ends.values()), ends[Status.POOR], ends[Status.NEAR_POOR], REGISTER)
    old, notes = _old_map_years(unit, ids, [y for y in years if y not in recorded])
    figures.update(old)
    return Series(unit=unit, years=tuple(figures[y] for y in sorted(figures)), notes=tuple(notes))


# Reading an import file.


@dataclass(frozen=True)
class HistoricalRow:
    line: int
    unit: AdminUnit
    year: int
    households: int
    poor: int
    near_poor: int
    source: str


def _table(path: Path) -> list[list[str]]:
    """The file's cells as text: CSV (UTF-8, with or without BOM) or the first sheet of an Excel workbook."""
    if path.suffix.lower() == ".csv":
        text = path.read_bytes().decode("utf-8-sig")
        return [row for row in csv.reader(io.StringIO(text))]
    try:
        sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    except Exception as error:  # calamine raises its own error types for unreadable files
        raise ReportError(f"Không đọc được tệp {path.name}: {error}") from error
    return [
        ["" if c is None else (str(int(c)) if isinstance(c, float) and c.is_integer() else str(c)) for c in r]
        for r in sheet
    ]


def historical_rows_read(path: Path) -> list[HistoricalRow]:
    """Every row of an import file, checked; a ReportError lists every faulty row (up to 20) by line number."""
    if not path.exists():
        raise ReportError(f"Không có tệp {path}.")
    table = [row for row in _table(path) if any(cell.strip() for cell in row)]
    if not table:
        raise ReportError("Tệp không có dòng nào.")
    header = [cell.strip().lower() for cell in table[0]]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise ReportError(f"Thiếu cột: {', '.join(missing)} (cần đủ các cột {', '.join(COLUMNS)}).")
    at = {c: header.index(c) for c in COLUMNS}
    codes = {r[at["ma_xa_cu"]].strip().zfill(5) for r in table[1:] if len(r) > at["ma_xa_cu"]}
    units = {u.code: u for u in AdminUnit.objects.legacy().communes().filter(code__in=codes)}
    rows, errors, seen = [], [], set()
    for line, raw in enumerate(table[1:], start=2):
        cells = {c: (raw[i].strip() if i < len(raw) else "") for c, i in at.items()}
        problems = []
        code = cells["ma_xa_cu"].zfill(5)
        if code not in units:
            problems.append(f"không có xã cũ mã “{cells['ma_xa_cu']}”")
        numbers = {}
        for column in ("nam", "tong_so_ho", "ho_ngheo", "ho_can_ngheo"):
            value = cells[column].replace(".", "").replace(",", "")
            if not value.isdigit():
                problems.append(f"{column} “{cells[column]}” không phải số nguyên không âm")
            else:
                numbers[column] = int(value)
        if "nam" in numbers and not 2016 <= numbers["nam"] <= 2025:
            problems.append(f"năm {numbers['nam']} ngoài 2016–2025 (đơn vị cũ chỉ có đến 30/06/2025)")
        if len(numbers) == 4 and numbers["ho_ngheo"] + numbers["ho_can_ngheo"] > numbers["tong_so_ho"]:
            problems.append("hộ nghèo + hộ cận nghèo nhiều hơn tổng số hộ")
        if not cells["nguon"]:
            problems.append("thiếu nguồn số liệu (số, ngày quyết định)")
        if (code, numbers.get("nam")) in seen:
            problems.append("trùng xã và năm với một dòng trên")
        seen.add((code, numbers.get("nam")))
        if problems:
            errors.append(f"Dòng {line}: {'; '.join(problems)}.")
            continue
        rows.append(
            HistoricalRow(
                line,
                units[code],
                numbers["nam"],
                numbers["tong_so_ho"],
                numbers["ho_ngheo"],
                numbers["ho_can_ngheo"],
                cells["nguon"][:255],
            )
        )
    if errors:
        more = f" (và {len(errors) - 20} dòng lỗi khác)" if len(errors) > 20 else ""
        raise ReportError("Tệp có lỗi, chưa nhập dòng nào:\n" + "\n".join(errors[:20]) + more)
    return rows
