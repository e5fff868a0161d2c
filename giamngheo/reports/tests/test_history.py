"""Years before the register, published for the old communes, shown on today's map without double counting."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from giamngheo.accounts.models import AuditEntry
from giamngheo.areas.models import Era, UnitSuccession
from giamngheo.reports.analysis.history import OLD_MAP, REGISTER, series_on_current_map
from giamngheo.reports.models import HistoricalResult
from giamngheo.testing.factories import CommuneFactory, ProvinceFactory

HEADER = "ma_xa_cu,nam,tong_so_ho,ho_ngheo,ho_can_ngheo,nguon\n"


@pytest.fixture
def old_map(cast):
    """Four communes of the old map: Xã Cũ Một merged whole into Xã Thử A; Xã Cũ Hai divided between Xã Thử A
    (default) and Phường Thử B; Xã Cũ Ba divided between Phường Thử B (default) and Xã Thử A; Xã Cũ Bốn divided
    between Xã Thử A (default) and Xã Xa of another province."""
    province = ProvinceFactory.create(era=Era.LEGACY, code="91", name="Tỉnh Thử Cũ")
    old = {
        name: CommuneFactory.create(era=Era.LEGACY, code=code, name=name, parent=province)
        for code, name in (
            ("80001", "Xã Cũ Một"),
            ("80002", "Xã Cũ Hai"),
            ("80003", "Xã Cũ Ba"),
            ("80004", "Xã Cũ Bốn"),
        )
    }
    edges = (
        ("Xã Cũ Một", cast.commune, True, True),
        ("Xã Cũ Hai", cast.commune, False, True),
        ("Xã Cũ Hai", cast.other_commune, False, False),
        ("Xã Cũ Ba", cast.other_commune, False, True),
        ("Xã Cũ Ba", cast.commune, False, False),
        ("Xã Cũ Bốn", cast.commune, False, True),
        ("Xã Cũ Bốn", cast.far_commune, False, False),
    )
    for name, new, whole, default in edges:
        UnitSuccession.objects.create(old=old[name], new=new, is_whole=whole, is_default=default)
    return cast


def _import(tmp_path, text, name="ket-qua.csv"):
    path = tmp_path / name
    path.write_text(HEADER + text, encoding="utf-8")
    call_command("import_historical_results", str(path), stdout=StringIO())


def test_each_old_commune_counts_once_in_its_default_successor(old_map, tmp_path):
    cast = old_map
    _import(
        tmp_path,
        "80001,2023,100,10,20,QĐ 1\n80002,2023,200,20,30,QĐ 2\n80003,2023,300,30,40,QĐ 3\n80004,2023,400,40,50,QĐ 4\n",
    )
    commune = series_on_current_map(unit=cast.commune, years=[2023])
    # Xã Thử A: Cũ Một (whole), Cũ Hai and Cũ Bốn (its default); not Cũ Ba, counted in Phường Thử B.
    (year,) = commune.years
    assert (year.households, year.poor, year.near_poor, year.source) == (700, 70, 100, OLD_MAP)
    assert any("Xã Cũ Ba (cũ)" in note and "khỏi đếm hai lần" in note for note in commune.notes)
    assert any("Xã Cũ Bốn (cũ)" in note and "Xã Xa" in note for note in commune.notes)
    other = series_on_current_map(unit=cast.other_commune, years=[2023])
    assert other.years[0].households == 300
    province = series_on_current_map(unit=cast.province, years=[2023])
    # The province adds every old commune once: 100 + 200 + 300 + 400, Cũ Bốn's part in Tỉnh Xa included and said.
    assert (province.years[0].households, province.years[0].poor) == (1000, 100)
    assert province.years[0].poor_rate == pytest.approx(0.1)
    assert any("Xã Cũ Bốn (cũ)" in note for note in province.notes)
    assert not any("Xã Cũ Một" in note for note in province.notes)  # merged whole: nothing to explain


def test_years_the_register_holds_come_from_the_ledger(old_map, year_2025, tmp_path):
    cast = year_2025
    _import(tmp_path, "80001,2024,100,10,20,QĐ 1\n80001,2025,999,99,99,QĐ 9\n")
    series = series_on_current_map(unit=cast.commune, years=[2024, 2025])
    by_year = {y.year: y for y in series.years}
    assert by_year[2024].source == OLD_MAP and by_year[2024].households == 100
    # 2025 has decisions in the register: its end counts (3 households, 1 poor, 1 near-poor) win over the import.
    assert (by_year[2025].source, by_year[2025].households, by_year[2025].poor) == (REGISTER, 3, 1)


def test_a_faulty_file_names_every_bad_line_and_writes_nothing(old_map, tmp_path):
    bad = (
        "80001,2023,100,10,20,QĐ 1\n99999,2023,10,1,1,QĐ\n80002,2026,10,1,1,QĐ\n80003,2023,10,8,8,QĐ\n"
        "80004,2023,x,1,1,\n"
    )
    with pytest.raises(CommandError) as error:
        _import(tmp_path, bad)
    message = str(error.value)
    assert "chưa nhập dòng nào" in message
    assert "Dòng 3: không có xã cũ mã “99999”" in message
    assert "Dòng 4: năm 2026" in message
    assert "Dòng 5: hộ nghèo + hộ cận nghèo nhiều hơn tổng số hộ" in message
    assert "Dòng 6:" in message and "thiếu nguồn" in message
    assert not HistoricalResult.objects.exists()


def test_a_missing_column_is_named(old_map, tmp_path):
    path = tmp_path / "thieu.csv"
    path.write_text("ma_xa_cu,nam,tong_so_ho\n80001,2023,100\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Thiếu cột: ho_ngheo, ho_can_ngheo, nguon"):
        call_command("import_historical_results", str(path))


def test_an_excel_file_loads_and_a_second_import_replaces_the_year_with_an_audit_trail(old_map, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.strip().split(","))
    sheet.append(["80001", 2022, 120, 12, 24, "QĐ 12/QĐ-UBND ngày 20/12/2022"])
    book.save(tmp_path / "ket-qua.xlsx")
    call_command("import_historical_results", str(tmp_path / "ket-qua.xlsx"), stdout=StringIO())
    _import(tmp_path, "80001,2022,121,11,25,QĐ 13\n")
    result = HistoricalResult.objects.get()
    assert (result.households, result.poor, result.source) == (121, 11, "QĐ 13")
    entries = AuditEntry.objects.filter(target_type="reports.historicalresult").order_by("id")
    assert [e.changes["tong_so_ho/ho_ngheo/ho_can_ngheo"] for e in entries] == [
        [None, [120, 12, 24]],
        [[120, 12, 24], [121, 11, 25]],
    ]


def test_the_page_shows_the_series_and_the_notes_to_the_units_officers_only(client, old_map, tmp_path):
    cast = old_map
    _import(tmp_path, "80003,2023,300,30,40,QĐ 3\n")
    client.force_login(cast.officer)
    page = client.get("/bao-cao/qua-cac-nam/", {"unit": cast.commune.code}).content.decode()
    assert "Xã Cũ Ba (cũ)" in page  # part of it is here, but it counts in Phường Thử B
    client.force_login(cast.province_officer)
    page = client.get("/bao-cao/qua-cac-nam/", {"unit": cast.other_commune.code}).content.decode()
    assert 'data-year="2023"' in page and "10,00 %" in page
    client.force_login(cast.officer)
    assert client.get("/bao-cao/qua-cac-nam/", {"unit": cast.other_commune.code}).status_code == 404
    client.force_login(cast.collaborator)
    assert client.get("/bao-cao/qua-cac-nam/").status_code == 404
