"""Printing the report tables and lists fast enough for a province (issue 11, B9) without losing what B5–B8 ask of
them: the groups table read from the tallies like the summary, a unit's name on one line, a list row on one line with
a ward's and a decision's long names, and a province's list laid out once for as long as nothing on it changes."""

import datetime
import time

import pytest
from django.core.cache import cache, caches
from django.test import override_settings

from giamngheo.common import pdf
from giamngheo.common.pdf import DOCUMENTS_CACHE
from giamngheo.registry.models import Status
from giamngheo.registry.services.persons import person_update
from giamngheo.reports.models import CommuneTally, TallyKind
from giamngheo.reports.tables import catalogue, lists, tasks
from giamngheo.reports.tables.catalogue import report_write
from giamngheo.reports.tables.households import groups_table
from giamngheo.reports.tables.selectors import ReportError
from giamngheo.testing.factories import CommuneFactory, make_household, member
from giamngheo.testing.pdf import pdf_pages, pdf_runs


@pytest.fixture
def laid_out(monkeypatch):
    """The documents WeasyPrint lays out during the test (an empty documents cache to start with)."""
    documents: list[object] = []
    write_pdf = pdf.HTML.write_pdf

    def counted(self, *args, **kwargs):
        documents.append(self)
        return write_pdf(self, *args, **kwargs)

    monkeypatch.setattr(pdf.HTML, "write_pdf", counted)
    caches[DOCUMENTS_CACHE].clear()
    yield documents
    caches[DOCUMENTS_CACHE].clear()


def _tally(cast, kind: str, key: str, households: int, persons: int) -> None:
    CommuneTally.objects.create(
        year=2025,
        kind=kind,
        commune=cast.commune,
        province=cast.province,
        key=key,
        households=households,
        persons=persons,
    )


def test_the_groups_table_reads_the_communes_tallies(cast):
    """Like the summary, the groups table adds up the tallies (reports.tallies.counting counts each commune's groups)
    instead of reading every poor and near-poor household and its members again."""
    _tally(cast, TallyKind.END, Status.POOR, 7, 25)
    _tally(cast, TallyKind.END, Status.NEAR_POOR, 4, 12)
    _tally(cast, TallyKind.GROUP, "poor:ethnic_minority", 5, 18)
    _tally(cast, TallyKind.GROUP, "poor:other", 2, 7)
    _tally(cast, TallyKind.GROUP, "near_poor:female_head", 1, 3)

    rows = {row.label: row for row in groups_table(unit=cast.province, year=2025).rows}

    # poor then near-poor: total, ethnic minority, no labour capacity, merit, female head, other
    assert rows["Xã Thử A"].households == (7, 5, 0, 0, 0, 2, 4, 0, 0, 0, 1, 0)
    assert rows["Xã Thử A"].persons == (25, 18, 0, 0, 0, 7, 12, 0, 0, 0, 3, 0)
    assert rows["Phường Thử B"].households == (0,) * 12
    assert rows["Tổng cộng"].households == rows["Xã Thử A"].households


def test_a_report_table_prints_each_units_name_on_one_line(cast, laid_out, tmp_path):
    """The order number and the unit's name have fixed widths: with widths measured from the cells, the twelve long
    headings of the groups table squeezed the names onto two or three lines (a province's table: 14 pages, not 8)."""
    for code, name in (("91003", "Phường Nghĩa Lộ Thượng"), ("91004", "Xã Mường Khương Hạ")):
        CommuneFactory(code=code, name=name, province=cast.province, parent=cast.province)
    path = tmp_path / "groups.pdf"

    report_write(report="groups", unit=cast.province, year=2025, fmt="pdf", path=path)

    runs = [run.text for run in pdf_runs(path.read_bytes())]
    for name in ("Phường Nghĩa Lộ Thượng", "Xã Mường Khương Hạ", "Phường Thử B"):
        assert any(name in text for text in runs), f"{name} is split over lines: {runs}"


def _long_row(n: int) -> tuple[object, ...]:
    """A row as long as the demo province's: a ward, a street group, a long decision number."""
    return (
        n,
        f"02671-S1-{n:06d}",
        f"Hoàng Thị Phương Thảo {n:03d}",
        1985,
        "Nữ",
        "Sán Chay",
        "Tổ dân phố 10",
        "Phường Cam Đường",
        4,
        "MP1-2025/QĐ-UBND ngày 10/12/2025",
    )


def test_a_list_of_long_names_keeps_each_household_on_one_line_about_thirty_a_page(cast, monkeypatch, tmp_path):
    rows = [_long_row(n) for n in range(1, 101)]
    monkeypatch.setattr(catalogue, "pdf_rows", lambda **_: rows)
    path = tmp_path / "poor.pdf"

    report_write(report="poor_list", unit=cast.province, year=2025, fmt="pdf", path=path)

    pages = pdf_pages(path.read_bytes())
    assert len(pages) <= 4
    runs = [run.text for run in pdf_runs(path.read_bytes())]
    assert any("Hoàng Thị Phương Thảo 001" in t and "MP1-2025/QĐ-UBND ngày 10/12/2025" in t for t in runs)


def _printed(report: str, cast, path) -> str:
    """The province's report for 2025 as PDF, the text of its first page."""
    report_write(report=report, unit=cast.province, year=2025, fmt="pdf", path=path)
    return pdf_pages(path.read_bytes())[0]


def test_a_provinces_list_is_laid_out_once_until_a_household_on_it_changes(year_2025, laid_out, tmp_path):
    cast = year_2025
    path = tmp_path / "poor.pdf"

    _printed("poor_list", cast, path)
    assert "Vũ Văn Mới" in _printed("poor_list", cast, path)
    assert len(laid_out) == 1

    # A household that is not on the list changes: the list is the same, the kept copy is served.
    make_household(village=cast.village, status=Status.NOT_POOR, members=[member(full_name="Lê Văn Khá")])
    _printed("poor_list", cast, path)
    assert len(laid_out) == 1

    # The head of the listed household is renamed: the list is laid out again, with the new name.
    head = cast.commune.households.get(persons__full_name="Vũ Văn Mới").head
    person_update(actor=cast.officer, person=head, data={"full_name": "Vũ Văn Mới Sửa", "citizen_id": ""})
    assert "Vũ Văn Mới Sửa" in _printed("poor_list", cast, path)
    assert len(laid_out) == 2


def test_a_provinces_summary_is_laid_out_again_once_its_figures_change(year_2025, laid_out, tmp_path):
    cast = year_2025
    path = tmp_path / "summary.pdf"
    _printed("summary", cast, path)
    _printed("summary", cast, path)
    assert len(laid_out) == 1

    # A poor household registered in 2025 counts in the year-end figures (its commune's tallies are refreshed).
    make_household(
        village=cast.village,
        status=Status.POOR,
        members=[member(full_name="Lý Văn Mới Vào")],
        registered_on=datetime.date(2025, 3, 1),
    )
    _printed("summary", cast, path)
    assert len(laid_out) == 2


@pytest.fixture
def prepared(monkeypatch, django_capture_on_commit_callbacks):
    """Printed reports prepared after each write, as the task worker does (tasks run at once in the tests), with
    2026 as this year: 2025 and 2026 are prepared."""
    monkeypatch.setattr(tasks, "today", lambda: datetime.date(2026, 3, 1))
    with override_settings(PREPARE_REPORT_PDFS=True):
        yield lambda: django_capture_on_commit_callbacks(execute=True)


def test_a_write_lays_its_provinces_printed_reports_out_before_anyone_asks(year_2025, laid_out, prepared, tmp_path):
    cast = year_2025
    head = cast.commune.households.get(persons__full_name="Vũ Văn Mới").head

    with prepared():
        person_update(actor=cast.officer, person=head, data={"full_name": "Vũ Văn Mới Sửa", "citizen_id": ""})

    # 2025 and 2026: the summary, the groups table and the lists (one poor, two near-poor households each year).
    assert len(laid_out) == 8
    path = tmp_path / "poor.pdf"
    assert "Vũ Văn Mới Sửa" in _printed("poor_list", cast, path)
    for report in ("summary", "groups", "near_poor_list"):
        _printed(report, cast, path)
    assert len(laid_out) == 8  # every download served from the prepared copies

    with prepared():  # a write that changes nothing printed lays nothing out again
        make_household(village=cast.village, status=Status.NOT_POOR, members=[member(full_name="Lê Văn Khá")])
    assert len(laid_out) == 10  # the summaries count the new household; the groups and lists are unchanged


def test_a_list_too_long_to_print_is_not_prepared_nor_read(year_2025, laid_out, prepared, monkeypatch):
    cast = year_2025
    monkeypatch.setattr(catalogue, "PDF_MAX_ROWS", 1)  # the two near-poor households make a list too long
    read = []
    monkeypatch.setattr(
        catalogue, "pdf_rows", lambda **kwargs: read.append(kwargs["status"]) or lists.pdf_rows(**kwargs)
    )

    with prepared():
        make_household(village=cast.village, status=Status.NOT_POOR, members=[member(full_name="Lê Văn Khá")])

    assert set(read) == {Status.POOR}
    assert len(laid_out) == 6  # 2025 and 2026: the summary, the groups table and the poor list


def test_a_list_found_too_long_while_being_prepared_leaves_the_other_reports_prepared(year_2025, laid_out, monkeypatch):
    """The tallies' count said it fits; a write since made it longer than a PDF is made for: it is skipped, and the
    summary and groups table are still kept."""

    def too_long(**_kwargs):
        raise ReportError("Danh sách có hơn 5.000 hộ")

    monkeypatch.setattr(catalogue, "pdf_rows", too_long)

    assert catalogue.reports_prepare(unit=year_2025.province, years=[2025]) == 2
    assert len(laid_out) == 2


def test_a_burst_of_writes_prepares_a_province_once_after_the_run_under_way(year_2025, monkeypatch):
    """Tasks queued while a preparation runs are served by the next one; those queued before a run began, by it."""
    province = year_2025.province
    runs = []
    monkeypatch.setattr(tasks, "reports_prepare", lambda *, unit, years: runs.append(unit.pk) or 1)
    cache.delete(f"reports-prepare-started:{province.pk}")
    queued = [time.time() for _ in range(3)]  # three writes queue three tasks

    for requested_at in queued:
        tasks.reports_prepare_task.call([province.pk], requested_at=requested_at)
    assert runs == [province.pk]  # the first run started after all three were queued

    tasks.reports_prepare_task.call([province.pk], requested_at=time.time())  # a write after that run began
    assert runs == [province.pk, province.pk]
