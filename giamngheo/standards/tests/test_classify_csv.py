"""The classify_csv command-line contract (issue: keep it stable for officials and external checks)."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command

HEADER = "household_id,area,income_per_capita,deprived\n"


def run(tmp_path, body, *args, header=HEADER):
    source = tmp_path / "in.csv"
    source.write_text(header + body, encoding="utf-8")
    out = io.StringIO()
    call_command("classify_csv", str(source), *args, stdout=out)
    return list(csv.DictReader(io.StringIO(out.getvalue())))


def test_the_command_writes_the_contract_columns_to_stdout(tmp_path):
    rows = run(tmp_path, "H1,rural,1500000,employment;water;sanitation\nH2,urban,2000001,\n", "--as-of", "2024-06-01")
    assert [r["household_id"] for r in rows] == ["H1", "H2"]
    first = rows[0]
    assert {k: first[k] for k in ("standard", "status", "income_band", "deprivation_count", "deprived")} == {
        "standard": "2022-2025",
        "status": "poor",
        "income_band": "at_or_below_line",
        "deprivation_count": "3",
        "deprived": "employment;water;sanitation",
    }
    assert rows[1]["status"] == "not_poor" and rows[1]["income_band"] == "average"


def test_as_of_picks_the_standard_covering_the_date(tmp_path):
    body = "H1,rural,2000000,health_insurance;water;sanitation\n"
    assert run(tmp_path, body, "--as-of", "2026-12-31")[0]["status"] == "not_poor"
    after = run(tmp_path, body, "--as-of", "2027-01-01")[0]
    assert (after["standard"], after["status"]) == ("2027-2030", "poor")


def test_the_command_writes_the_output_file_when_asked(tmp_path):
    out = tmp_path / "out.csv"
    run(tmp_path, "H1,urban,0,\n", "--standard", "2016-2020", "--output", str(out))
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert rows[0]["standard"] == "2016-2020" and rows[0]["status"] == "poor"


def test_the_command_accepts_a_byte_order_mark(tmp_path):
    rows = run(tmp_path, "H1,rural,100,\n", "--standard", "2022-2025", header="\ufeff" + HEADER)
    assert rows[0]["household_id"] == "H1"


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ("H1,rural,1000,\nH2,mountain,1000,\n", "Dòng 3 (household_id H2): Khu vực “mountain”"),
        ("H1,rural,-5,\n", "income_per_capita “-5”"),
        ("H1,rural,abc,\n", "income_per_capita “abc”"),
        ("H1,rural,1500000.5,\n", "income_per_capita “1500000.5”"),
        ("H1,rural,1000,employment;flying\n", "Chỉ số “flying” không có trong chuẩn 2022-2025"),
        (",rural,1000,\n", "Dòng 2: thiếu household_id"),
    ],
)
def test_bad_rows_exit_non_zero_naming_row_and_value_and_write_nothing(tmp_path, body, fragment):
    out = tmp_path / "out.csv"
    with pytest.raises(CommandError) as error:
        run(tmp_path, body, "--standard", "2022-2025", "--output", str(out))
    assert fragment in str(error.value)
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["in.csv"]  # no temporary file left behind either


def test_an_indicator_of_another_period_is_refused(tmp_path):
    with pytest.raises(CommandError, match="information_assets"):
        run(tmp_path, "H1,rural,1000,information_assets\n", "--standard", "2027-2030")


def test_a_missing_column_is_named(tmp_path):
    with pytest.raises(CommandError, match="thiếu cột: deprived"):
        run(tmp_path, "H1,rural,1000\n", "--standard", "2022-2025", header="household_id,area,income_per_capita\n")


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--standard", "2031-2035"], "Không có chuẩn nghèo mã “2031-2035”"),
        (["--as-of", "2015-06-30"], "Không có chuẩn nghèo nào áp dụng cho ngày 30/06/2015"),
        (["--as-of", "30/06/2024"], "không đúng dạng YYYY-MM-DD"),
        ([], "Cần đúng một trong hai tuỳ chọn"),
        (["--standard", "2022-2025", "--as-of", "2024-01-01"], "Cần đúng một trong hai tuỳ chọn"),
    ],
)
def test_a_bad_choice_of_standard_is_refused_in_vietnamese(tmp_path, args, fragment):
    with pytest.raises(CommandError, match=fragment):
        run(tmp_path, "H1,rural,1000,\n", *args)


def test_a_missing_input_file_is_named(tmp_path):
    with pytest.raises(CommandError, match="Không tìm thấy tệp"):
        call_command("classify_csv", str(tmp_path / "nope.csv"), "--standard", "2022-2025")


def test_full_width_digits_are_not_an_income(tmp_path):
    with pytest.raises(CommandError, match="income_per_capita"):
        run(tmp_path, "H1,rural,１５００000,\n", "--standard", "2022-2025")


def test_an_output_folder_that_does_not_exist_is_named(tmp_path):
    with pytest.raises(CommandError, match="không tồn tại"):
        run(tmp_path, "H1,rural,1000,\n", "--standard", "2022-2025", "--output", str(tmp_path / "no" / "out.csv"))


def test_row_numbers_stay_right_after_a_cell_spanning_lines(tmp_path):
    with pytest.raises(CommandError, match="Dòng 4 "):
        run(tmp_path, 'H1,rural,1000,"employment;\nwater"\nH2,urban,-1,\n', "--standard", "2022-2025")
