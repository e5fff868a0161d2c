"""The reports of spec §9.2 by their contract names, and writing one to a file in a format. The command
`export_report` and the reports page both go through `report_write`; `reports_prepare` lays a province's printed
reports out ahead of their download (the background task of reports.tables.tasks)."""

from collections.abc import Callable, Iterable
from pathlib import Path

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext_lazy as _

from giamngheo.accounts.models import ReadKind, User
from giamngheo.accounts.services import personal_data_read_record
from giamngheo.areas.models import AdminUnit
from giamngheo.common.pdf import render_pdf
from giamngheo.registry.models import Status
from giamngheo.reports.tables.exports import table_csv, table_pdf, table_xlsx
from giamngheo.reports.tables.households import (
    causes_table,
    child_deprivations_table,
    deprivations_table,
    ethnicity_table,
    groups_table,
)
from giamngheo.reports.tables.lists import (
    HEADER,
    PDF_MAX_ROWS,
    list_rows,
    pdf_rows,
    pdf_rows_html,
    title_of,
    write_csv,
    write_xlsx,
)
from giamngheo.reports.tables.results import changes_table, summary_table
from giamngheo.reports.tables.selectors import Area, ReportError, Table

REPORTS = {
    "summary": _("Tổng hợp kết quả rà soát"),
    "poor_changes": _("Diễn biến hộ nghèo"),
    "near_poor_changes": _("Diễn biến hộ cận nghèo"),
    "poor_deprivations": _("Thiếu hụt dịch vụ xã hội cơ bản của hộ nghèo"),
    "near_poor_deprivations": _("Thiếu hụt dịch vụ xã hội cơ bản của hộ cận nghèo"),
    "groups": _("Phân loại theo nhóm đối tượng"),
    "ethnicity": _("Theo dân tộc của chủ hộ"),
    "causes": _("Theo nguyên nhân nghèo"),
    "child_deprivations": _("Thiếu hụt của trẻ em"),
    "poor_list": _("Danh sách hộ nghèo"),
    "near_poor_list": _("Danh sách hộ cận nghèo"),
}
TABLES: dict[str, Callable[[AdminUnit | Area, int], Table]] = {
    "summary": lambda unit, year: summary_table(unit=unit, year=year),
    "poor_changes": lambda unit, year: changes_table(unit=unit, year=year, status=Status.POOR),
    "near_poor_changes": lambda unit, year: changes_table(unit=unit, year=year, status=Status.NEAR_POOR),
    "groups": lambda unit, year: groups_table(unit=unit, year=year),
    "ethnicity": lambda unit, year: ethnicity_table(unit=unit, year=year),
    "causes": lambda unit, year: causes_table(unit=unit, year=year),
    "poor_deprivations": lambda unit, year: deprivations_table(unit=unit, year=year, status=Status.POOR),
    "near_poor_deprivations": lambda unit, year: deprivations_table(unit=unit, year=year, status=Status.NEAR_POOR),
    "child_deprivations": lambda unit, year: child_deprivations_table(unit=unit, year=year),
}
LISTS = {"poor_list": Status.POOR, "near_poor_list": Status.NEAR_POOR}
FORMATS = ("xlsx", "pdf", "csv")
_TABLE_WRITERS = {"csv": table_csv, "xlsx": table_xlsx, "pdf": table_pdf}


def _stem(report: str, unit: AdminUnit | Area, year: int) -> str:
    old_map = "-truoc-2025" if isinstance(unit, Area) and unit.legacy else ""
    return f"{report}-{unit.code}{old_map}-{year}"


def file_name(report: str, unit: AdminUnit | Area, year: int, fmt: str) -> str:
    return f"{_stem(report, unit, year)}.{fmt}"


def report_read_record(*, user: User | AnonymousUser, report: str, unit: AdminUnit | Area, year: int) -> None:
    """A detailed list names households and their heads (birth year, sex, ethnicity): its download is recorded, once
    a day per user and list whatever the format (docs/security.md). The other tables only count, and are not. A
    list of the whole country or of the old map, which national users alone ask for, is the country's."""
    if report not in LISTS:
        return
    personal_data_read_record(
        user=user,
        kind=ReadKind.DOWNLOAD,
        key=_stem(report, unit, year),
        label=f"{title_of(LISTS[report], year)}, {unit.name}",
        unit=unit if isinstance(unit, AdminUnit) else None,
    )


def report_write(*, report: str, unit: AdminUnit | Area, year: int, fmt: str, path: Path) -> str:
    """Write the report to `path` (beside it first, then renamed: an interrupted export leaves no half file) and
    say what was written. The detailed lists stream row by row to CSV and Excel. Raises ReportError."""
    partial = path.with_name(path.name + ".part")
    try:
        if report in LISTS:
            status, title = LISTS[report], title_of(LISTS[report], year)
            rows = list_rows(unit=unit, year=year, status=status)
            if fmt == "csv":
                with open(partial, "w", encoding="utf-8", newline="") as sink:
                    count = write_csv(rows, sink)
            elif fmt == "xlsx":
                count = write_xlsx(rows, partial, unit=unit, title=title)
            else:
                pdf, count = list_pdf(unit=unit, year=year, status=status)
                partial.write_bytes(pdf)
            summary = f"{title}, {unit.name}: {count} hộ"
        else:
            table = TABLES[report](unit, year)
            partial.write_bytes(_TABLE_WRITERS[fmt](table))
            summary = f"{table.title}, {unit.name}"
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return summary


def list_pdf(*, unit: AdminUnit | Area, year: int, status: str) -> tuple[bytes, int]:
    """A detailed list printed (kept in the documents cache), and its number of households. Raises ReportError past
    lists.PDF_MAX_ROWS."""
    listed = pdf_rows(unit=unit, year=year, status=status)
    context = {
        "unit": unit,
        "title": title_of(status, year),
        "header": HEADER,
        "rows_html": pdf_rows_html(listed),
        "count": len(listed),
    }
    return render_pdf("reports/list.html", context, keep=True), len(listed)


def reports_prepare(*, unit: AdminUnit, years: Iterable[int]) -> int:
    """Lay out the unit's printed summary, groups table and lists of those years, each unless a copy of the same
    content is kept already (common.pdf), so that the next download of any of them is served at once: a province's
    list takes seconds to lay out. A list longer than a PDF is made for is left out, told by the summary's count
    before a row of it is read. Returns the number of documents now kept."""
    kept = 0
    for year in years:
        summary = summary_table(unit=unit, year=year)
        table_pdf(summary)
        table_pdf(groups_table(unit=unit, year=year))
        kept += 2
        # The summary's total row: households, poor, poor rate, near-poor, …
        counts = {Status.POOR: summary.rows[-1].households[1], Status.NEAR_POOR: summary.rows[-1].households[3]}
        for status in LISTS.values():
            if 0 < counts[status] <= PDF_MAX_ROWS:
                try:
                    list_pdf(unit=unit, year=year, status=status)
                except ReportError:  # longer than the tallies said (a write since): a download will say so
                    continue
                kept += 1
    return kept
