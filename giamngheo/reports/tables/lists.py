"""The detailed lists of poor and near-poor households at the end of a review year (spec §9.2), streamed: rows are
read from the database in chunks and written as they come, so a list of a million households takes a few hundred
megabytes at most whatever its length (CSV, or Excel in xlsxwriter's constant-memory mode)."""

import datetime
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol

import xlsxwriter
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from giamngheo.areas.models import AdminUnit, Village
from giamngheo.common.formats import number_vi
from giamngheo.common.models import vi_order
from giamngheo.common.spreadsheets import XLSXWRITER_OPTIONS, cell_safe, csv_writer, row_safe
from giamngheo.registry.models import ETHNICITY_CHOICES, Person, Sex, Status
from giamngheo.reports.tables.selectors import Area, ReportError, area_of
from giamngheo.reviews.models import LedgerEntry
from giamngheo.reviews.selectors import households_at_year_end

HEADER = (
    "STT",
    "Mã hộ",
    "Họ và tên chủ hộ",
    "Năm sinh",
    "Giới tính",
    "Dân tộc",
    "Thôn, tổ dân phố",
    "Xã, phường",
    "Số nhân khẩu",
    "Quyết định công nhận",
)
CHUNK = 5_000
PDF_MAX_ROWS = 5_000  # a printed list longer than this is read as Excel or CSV
# An Excel sheet holds 1,048,576 rows; the list's own lines take six (title, header, signature). Past that, xlsxwriter
# would drop the rows without a word.
XLSX_MAX_ROWS = 1_048_576 - 6


def list_rows(*, unit: "AdminUnit | Area", year: int, status: str) -> Iterator[tuple[object, ...]]:
    """One tuple per household recognised with `status` at the end of the year, in commune, village, code order
    (for an old-map unit: its households recorded under its old communes)."""
    area = area_of(unit)
    ids = list(area.commune_ids)
    decision = LedgerEntry.objects.filter(household=OuterRef("pk"), year__lte=year).order_by("-year")
    members = (
        Person.objects.filter(household=OuterRef("pk"), left_on__isnull=True)
        .order_by()
        .values("household")
        .annotate(n=Count("id"))
        .values("n")
    )
    # Names and member counts come from scalar subqueries, not from joins and a GROUP BY: the planner cannot tell how
    # many households pass the year-end status filter (an expression over the ledger), took a province's million for
    # about a thousand, and joined them to the administrative units by a nested loop over every unit (about six
    # minutes for 1,000,000 rows on PostgreSQL; this way, under 20 s).
    queryset = (
        households_at_year_end(commune_ids=ids, year=year)
        .filter(end=status)  # type: ignore[misc]  # annotated by households_at_year_end
        .annotate(
            decision_number=Subquery(decision.values("decision__number")[:1]),
            decision_date=Subquery(decision.values("decision__signed_on")[:1]),
            members=Coalesce(Subquery(members, output_field=IntegerField()), 0),
            commune_name=Subquery(AdminUnit.objects.filter(pk=OuterRef("commune_id")).values("name")),
            village_name=Subquery(Village.objects.filter(pk=OuterRef("village_id")).values("name")),
        )
        .order_by(vi_order("commune_name"), vi_order("village_name"), "code")
        .values_list(
            "code",
            "head__full_name",
            "head__date_of_birth",
            "head__sex",
            "head__ethnicity",
            "village_name",
            "commune_name",
            "members",
            "decision_number",
            "decision_date",
        )
    )
    if area.legacy:
        queryset = queryset.filter(legacy_commune_id__in=[p.pk for p in area.parts])
    ethnicities = dict(ETHNICITY_CHOICES)
    sexes = dict(Sex.choices)
    for n, (code, name, born, sex, ethnicity, village, commune, persons, number, signed) in enumerate(
        queryset.iterator(chunk_size=CHUNK), start=1
    ):
        decided = f"{number} ngày {signed:%d/%m/%Y}" if number and signed else "Theo danh sách đầu kỳ"
        yield (
            n,
            code,
            name or "",
            born.year if isinstance(born, datetime.date) else "",
            str(sexes.get(sex, "")),
            ethnicities.get(ethnicity, ""),
            village,
            commune,
            persons,
            decided,
        )


def title_of(status: str, year: int) -> str:
    return f"Danh sách hộ {'nghèo' if status == Status.POOR else 'cận nghèo'} năm {year}"


class TextSink(Protocol):
    def write(self, text: str, /) -> object: ...


def write_csv(rows: Iterator[tuple[object, ...]], sink: TextSink) -> int:
    writer = csv_writer(sink)
    writer.writerow(HEADER)
    count = 0
    for row in rows:
        writer.writerow(row)
        count += 1
    return count


def write_xlsx(rows: Iterator[tuple[object, ...]], path: Path, *, unit: "AdminUnit | Area", title: str) -> int:
    """Constant-memory workbook: each row is flushed to disk once written. Raises ReportError past one sheet."""
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, **XLSXWRITER_OPTIONS})
    sheet = book.add_worksheet("Danh sách")
    bold = book.add_format({"bold": True})
    header = book.add_format({"bold": True, "border": 1, "align": "center", "valign": "vcenter", "text_wrap": True})
    cell = book.add_format({"border": 1})
    sheet.write(0, 0, cell_safe(unit.name.upper()), bold)
    sheet.write(1, 0, cell_safe(title.upper()), book.add_format({"bold": True, "font_size": 13}))
    for column, (text, width) in enumerate(zip(HEADER, (6, 18, 28, 9, 9, 14, 20, 22, 10, 28), strict=True)):
        sheet.set_column(column, column, width)
        sheet.write(3, column, text, header)
    count = 0
    for count, row in enumerate(rows, start=1):
        if count > XLSX_MAX_ROWS:
            raise ReportError(
                f"Danh sách có hơn {number_vi(XLSX_MAX_ROWS)} hộ, quá số dòng của một trang Excel: xuất CSV, "
                "hoặc xuất Excel cho từng tỉnh, từng xã."
            )
        sheet.write_row(3 + count, 0, row_safe(row), cell)
    sheet.write(5 + count, 1, "NGƯỜI LẬP BIỂU", bold)
    sheet.write(5 + count, 7, "THỦ TRƯỞNG ĐƠN VỊ", bold)
    book.close()
    return count


def pdf_rows(*, unit: "AdminUnit | Area", year: int, status: str) -> list[tuple[object, ...]]:
    """The list's rows for a PDF, all of them (it is laid out whole). Raises ReportError past PDF_MAX_ROWS."""
    rows = []
    for row in list_rows(unit=unit, year=year, status=status):
        rows.append(row)
        if len(rows) > PDF_MAX_ROWS:
            raise ReportError(
                f"Danh sách có hơn {number_vi(PDF_MAX_ROWS)} hộ: in PDF cho từng xã, hoặc xuất Excel (xlsx) hay CSV."
            )
    return rows


# The ten cells of a printed row (lists.HEADER); the order number and the members are numbers, aligned right.
_PDF_ROW = "<tr><td class=n>{}</td>" + "<td>{}</td>" * 7 + "<td class=n>{}</td><td>{}</td></tr>"


def pdf_rows_html(rows: list[tuple[Any, ...]]) -> SafeString:
    """The table rows of a printed list, every value escaped. Made here in one pass rather than cell by cell by the
    template: a province's list has tens of thousands of cells, and this HTML is made on every download, even one
    served from the documents cache (common.pdf), since it is what the kept copy is looked up by."""
    return format_html_join(
        "",
        _PDF_ROW,
        (
            (number_vi(n), code, name, born, sex, ethnicity, village, commune, number_vi(persons), decided)
            for n, code, name, born, sex, ethnicity, village, commune, persons, decided in rows
        ),
    )
