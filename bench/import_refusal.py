"""The household import at its limits (issue 11, F23 and F24). Runs on throw-away SQLite databases; not part of the
tests.

    DEBUG=1 .venv/bin/python bench/import_refusal.py [--rows 130000] [--runs 3]
    DEBUG=1 .venv/bin/python bench/import_refusal.py --memory [--only NAME]

Without --memory (F23): the refusal of a large bad file, timed `--runs` times in one process: a CSV of 130,000 rows
(about 10 MB), every row with an impossible date of birth, imported for a commune by its officer through the web
page's path (households_import, then the error report written as Excel). Prints wall and CPU seconds of each run,
then the best and the median.

With --memory (F24): the peak resident memory of a web worker for the worst uploads within the limits. Each upload is
posted to the import page of a fresh gunicorn worker (one sync worker, production mode, on loopback, an SQLite
database file) as the commune officer, streamed from disk as a browser sends it; the figure is the worker's own high
water mark (VmHWM in /proc), before the upload (started and warmed by one page) and after it.
"""

import argparse
import csv
import datetime
import http.client
import json
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

HEADER = ["Mã hộ", "Mã xã", "Thôn/Tổ dân phố", "Họ và tên", "Quan hệ với chủ hộ", "Giới tính", "Ngày sinh", "Dân tộc"]
MB = 1024 * 1024
URL = "/ho/nhap-tu-tep/"


# ---------------------------------------------------------------- files


def _text(seed: str, n: int, length: int) -> str:
    """Vietnamese text of about `length` characters, different for every `n`."""
    return (f"{seed} {n:07d} " * (length // (len(seed) + 9) + 1))[:length].strip()


def bad_rows_xlsx(path: Path, rows: int, commune: str) -> Path:
    """As bad_rows_write, as Excel saves a workbook: every text in the table of shared strings."""
    import xlsxwriter

    from giamngheo.registry.imports import SHEET_DATA

    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet(SHEET_DATA)
    sheet.write_row(0, 0, HEADER)
    for n in range(rows):
        row = [f"HN-{n:08d}", commune, "Thôn Một", f"Nguyễn Văn Thử {n:07d}", "Chủ hộ", "Nam", "31/02/1990", "Kinh"]
        sheet.write_row(n + 1, 0, row)
    book.close()
    return path


def bad_rows_write(path: Path, rows: int, commune: str, *, text: int = 0) -> Path:
    """The required columns only, every row an impossible date of birth (31/02/1990); with `text`, the code, the name
    and the village take about that many characters, different on every row."""
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(HEADER)
        for n in range(rows):
            code, name, village = f"HN-{n:08d}", f"Nguyễn Văn Thử {n:07d}", "Thôn Một"
            if text:
                code = _text("HN", n, min(24, text // 4))
                name = _text("Nguyễn Thị Hồng Nhung", n, min(120, text // 2))
                village = _text("Thôn Đồng Tâm Hạ", n, min(120, text // 4))
            writer.writerow([code, commune, village, name, "Chủ hộ", "Nam", "31/02/1990", "Kinh"])
    return path


def register_rows(rows: int, commune: str, *, size: int = 4, bad: bool = False, text: int = 0) -> Iterator[list[Any]]:
    """A commune's register in the full template (37 columns, every one filled): households of `size` people (a
    head, a spouse, children), household columns repeated on every row, unique codes, names and valid CCCDs; with
    `bad`, every date of birth impossible; with `text`, the code, name, address and occupation take about that many
    characters together, different on every row."""
    from giamngheo.registry.imports import COLUMNS
    from giamngheo.registry.validators import citizen_id_for

    example = {c.key: c.example for c in COLUMNS}
    relations = ("Chủ hộ", "Vợ/chồng", "Con", "Con")
    for n in range(rows):
        household, member = divmod(n, size)
        born = datetime.date(1950 + n % 60, 1 + n % 12, 1 + n % 28)
        sex = "Nam" if member in (0, 2) else "Nữ"
        values = {
            **example,
            "code": f"HN-{household:08d}",
            "commune_code": commune,
            "legacy_commune_code": "",
            "address": f"Số {household % 500}, xóm {household % 40}",
            "income_per_capita": str(900_000 + household % 2_000_000),
            "full_name": f"{'Nguyễn Văn' if sex == 'Nam' else 'Trần Thị'} Thử {n:07d}",
            "relation": relations[member],
            "sex": sex,
            "date_of_birth": "31/02/1990" if bad else born.strftime("%d/%m/%Y"),
            "citizen_id": citizen_id_for(
                province_code="015", sex="1" if sex == "Nam" else "2", date_of_birth=born, serial=n + 1
            ),
            "schooling": "Không thuộc diện",
            "labour_contract": "Có" if member == 0 else "Không",
        }
        if text:
            values["code"] = _text("HN", household, min(24, text // 10))
            values["full_name"] = _text("Nguyễn Thị Hồng Nhung", n, min(120, text * 3 // 10))
            values["address"] = _text("Số nhà, ngõ, đường Lê Lợi, tổ dân phố Đồng Tâm", household, min(255, text // 2))
            values["occupation"] = _text("Công nhân may xuất khẩu", n, min(100, text // 10))
        yield [values[c.key] for c in COLUMNS]


def register_csv(path: Path, rows: int, commune: str, **options: Any) -> Path:
    from giamngheo.registry.imports import COLUMNS

    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow([c.header for c in COLUMNS])
        writer.writerows(register_rows(rows, commune, **options))
    return path


def register_xlsx(path: Path, rows: int, commune: str, *, strings: int = 0, **options: Any) -> Path:
    """As register_csv, as xlsxwriter writes a workbook row by row (strings inline: the biggest sheet XML); with
    `strings`, a table of shared strings of that many bytes besides, which the reader holds whole and no cell uses."""
    import xlsxwriter

    from giamngheo.registry.imports import COLUMNS, SHEET_DATA

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet(SHEET_DATA)
    sheet.write_row(0, 0, [c.header for c in COLUMNS])
    for number, values in enumerate(register_rows(rows, commune, **options), start=1):
        sheet.write_row(number, 0, values)
    book.close()
    if strings:
        _shared_strings_add(path, strings)
    return path


def _shared_strings_add(path: Path, size: int) -> None:
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
    with zipfile.ZipFile(path) as source:
        parts = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in parts:
            if info.filename == "[Content_Types].xml":
                override = f'<Override PartName="/xl/sharedStrings.xml" ContentType="{kind}"/></Types>'
                data = data.replace(b"</Types>", override.encode())
            target.writestr(info, data)
        with target.open("xl/sharedStrings.xml", "w") as strings:
            strings.write(f'<sst xmlns="{main}">'.encode())
            written, n = 0, 0
            while written < size - 100:
                item = f"<si><t>{n:x}</t></si>".encode()
                strings.write(item)
                written += len(item)
                n += 1
            strings.write(b"</sst>")


# ---------------------------------------------------------------- F23: the refusal timed


def refusal_timed(rows: int, runs: int) -> None:
    os.environ.setdefault("DATABASE_URL", "sqlite://:memory:")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    connection.creation.create_test_db(verbosity=0)
    from giamngheo.registry.imports import households_import, import_errors_write
    from giamngheo.testing.cast import cast_create

    cast = cast_create()
    walls, cpus = [], []
    with tempfile.TemporaryDirectory() as folder:
        source = bad_rows_write(Path(folder) / "ho.csv", rows, cast.commune.code)
        size = source.stat().st_size
        for run in range(1, runs + 1):
            wall, cpu = time.perf_counter(), time.process_time()
            result = households_import(actor=cast.officer, path=source, commune=cast.commune)
            checked, checked_cpu = time.perf_counter(), time.process_time()
            import_errors_write(errors=result.errors, path=Path(folder) / "bao-cao.xlsx")
            done, done_cpu = time.perf_counter(), time.process_time()
            walls.append(done - wall)
            cpus.append(done_cpu - cpu)
            print(
                f"run {run}: {rows:,} rows, {size / 1e6:.1f} MB, {len(result.errors):,} errors: checks "
                f"{checked - wall:.2f} s, report {done - checked:.2f} s, in all {done - wall:.2f} s "
                f"(CPU {checked_cpu - cpu:.2f} + {done_cpu - checked_cpu:.2f} s)",
                flush=True,
            )
            del result
    print(
        f"in all: best {min(walls):.2f} s, median {statistics.median(walls):.2f} s; CPU best {min(cpus):.2f} s, "
        f"median {statistics.median(cpus):.2f} s; load average {os.getloadavg()[0]:.2f}"
    )


# ---------------------------------------------------------------- F24: a worker's peak memory


def _hwm_mb(pid: int) -> float:
    """A process's peak resident memory so far (VmHWM), in MB."""
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        line = next(line for line in status if line.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024


def _worker_of(master: int) -> int:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with open(f"/proc/{master}/task/{master}/children", encoding="ascii") as children:
            pids = children.read().split()
        if pids:
            return int(pids[0])
        time.sleep(0.1)
    raise SystemExit("gunicorn không tạo tiến trình worker.")


def _multipart(path: Path, name: str, csrf: str, folder: Path) -> tuple[Path, str]:
    """The request body a browser sends for the import form, written to a file to stream from."""
    boundary = secrets.token_hex(16)
    body = folder / "body.bin"
    with body.open("wb") as out:
        out.write(
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n{csrf}\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n".encode()
        )
        with path.open("rb") as source:
            while chunk := source.read(MB):
                out.write(chunk)
        out.write(f"\r\n--{boundary}--\r\n".encode())
    return body, f"multipart/form-data; boundary={boundary}"


def worker_peak(environment: dict[str, str], cookie: str, csrf: str, path: Path, name: str) -> dict[str, Any]:
    from listpage import free_port, wait_ready

    port = free_port()
    command = [str(ROOT / ".venv" / "bin" / "gunicorn"), "config.wsgi", "-w", "1", "--timeout", "600"]
    server = subprocess.Popen(
        [*command, "-b", f"127.0.0.1:{port}", "--log-level", "warning"], cwd=ROOT, env=environment
    )
    try:
        wait_ready(port)
        worker = _worker_of(server.pid)
        link = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        headers = {"Cookie": f"{cookie}; csrftoken={csrf}"}
        link.request("GET", URL, headers=headers)
        warm = link.getresponse()
        warm.read()
        if warm.status != 200:
            raise SystemExit(f"GET {URL} trả về {warm.status}.")
        before = _hwm_mb(worker)
        with tempfile.TemporaryDirectory() as folder:
            body, kind = _multipart(path, name, csrf, Path(folder))
            started = time.perf_counter()
            with body.open("rb") as stream:
                sent = {**headers, "Content-Type": kind, "Content-Length": str(body.stat().st_size)}
                link.request("POST", URL, body=stream, headers=sent)
                reply = link.getresponse()
                page = reply.read().decode()
            seconds = time.perf_counter() - started
        after = _hwm_mb(worker)
    finally:
        server.terminate()
        server.wait(30)
    outcome = "imported" if reply.status == 302 else "refused" if "Không nhập được" in page else f"HTTP {reply.status}"
    return {"status": reply.status, "outcome": outcome, "seconds": seconds, "before_mb": before, "peak_mb": after}


def memory_measured(only: list[str]) -> None:
    from common import BENCH_SECRET_KEY

    folder = Path(tempfile.mkdtemp(prefix="giamngheo-bench-import-"))
    (folder / "var" / "static").mkdir(parents=True)
    base = folder / "base.sqlite3"
    # The worker's settings (the session made here must be valid there), in production mode but on plain HTTP.
    environment = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{base}",
        "VAR_DIR": str(folder / "var"),
        "DEBUG": "0",
        "SECRET_KEY": BENCH_SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "LOG_LEVEL": "ERROR",
    }
    os.environ.update(environment)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from listpage import session_cookie

    from giamngheo.testing.cast import cast_create
    from giamngheo.testing.import_files import xlsx_bomb

    call_command("migrate", verbosity=0)
    cast = cast_create()
    cookie, _commune = session_cookie(cast.officer.username)
    connection.close()
    code = cast.commune.code
    full = settings.IMPORT_MAX_CELLS // 37 - 1  # the most rows of the full template the import takes
    most = settings.IMPORT_MAX_ROWS - 1
    # The most text every row of such a file can have within IMPORT_MAX_TEXT.
    full_text, most_text = settings.IMPORT_MAX_TEXT // full - 20, settings.IMPORT_MAX_TEXT // most - 5
    strings = settings.IMPORT_XLSX_MAX_STRINGS_BYTES - 1024
    # name: (what it is, the file's name, how to write it, imported once before the measured upload)
    cases = {
        "bomb": ("xlsx, 581 MB of sheet XML", "ho.xlsx", lambda p: xlsx_bomb(p, sheet_bytes=581 * MB), False),
        "full_csv": (
            f"CSV, {full:,} rows × 37 columns, households of 4",
            "ho.csv",
            lambda p: register_csv(p, full, code),
            False,
        ),
        "full_csv_again": (
            "the same CSV imported again (nothing changes)",
            "ho.csv",
            lambda p: register_csv(p, full, code),
            True,
        ),
        "full_xlsx": (
            f"xlsx, {full:,} rows × 37 columns, households of 4",
            "ho.xlsx",
            lambda p: register_xlsx(p, full, code),
            False,
        ),
        "full_csv_bad": (
            f"CSV, {full:,} rows × 37 columns, every row wrong",
            "ho.csv",
            lambda p: register_csv(p, full, code, bad=True),
            False,
        ),
        "worst_csv": (
            f"CSV, {full:,} rows × 37 columns, every person a household, {full_text} characters of text a row",
            "ho.csv",
            lambda p: register_csv(p, full, code, size=1, text=full_text),
            False,
        ),
        "worst_xlsx": (
            f"the same as xlsx, with {strings / MB:.0f} MB of shared strings no cell uses",
            "ho.xlsx",
            lambda p: register_xlsx(p, full, code, size=1, text=full_text, strings=strings),
            False,
        ),
        "most_rows_bad": (
            f"CSV, {most:,} rows × 8 columns, every row wrong",
            "ho.csv",
            lambda p: bad_rows_write(p, most, code),
            False,
        ),
        "most_rows_xlsx": (
            f"xlsx with shared strings (as Excel saves it), {most:,} rows × 8 columns, every row wrong",
            "ho.xlsx",
            lambda p: bad_rows_xlsx(p, most, code),
            False,
        ),
        "most_rows_text": (
            f"CSV, {most:,} rows × 8 columns, every row wrong, {most_text} characters of text a row",
            "ho.csv",
            lambda p: bad_rows_write(p, most, code, text=most_text),
            False,
        ),
        "over_rows": (
            "CSV, 500,000 rows × 8 columns",
            "ho.csv",
            lambda p: bad_rows_write(p, 500_000, code),
            False,
        ),
    }
    csrf = secrets.token_hex(16)
    results = []
    for name, (what, file_name, write, again) in cases.items():
        if only and name not in only:
            continue
        path = write(folder / file_name)
        size = path.stat().st_size
        if size > settings.IMPORT_MAX_UPLOAD_BYTES:
            raise SystemExit(f"{name}: {size / MB:.1f} MB, over the upload limit")
        # Each upload finds the register as the case says: empty, or holding the file already.
        database = folder / f"{name}.sqlite3"
        shutil.copyfile(base, database)
        worker_environment = {**environment, "DATABASE_URL": f"sqlite:///{database}"}
        if again:
            worker_peak(worker_environment, cookie, csrf, path, file_name)
        figure = worker_peak(worker_environment, cookie, csrf, path, file_name)
        path.unlink()
        database.unlink()
        results.append({"case": name, "what": what, "upload_mb": round(size / MB, 1), **figure})
        print(json.dumps(results[-1], ensure_ascii=False), flush=True)
    print(f"\nload average {os.getloadavg()[0]:.2f}; {datetime.date.today().isoformat()}")
    print("| upload | size | outcome | time | worker before | worker peak |\n|---|---|---|---|---|---|")
    for r in results:
        print(
            f"| {r['what']} | {r['upload_mb']} MB | {r['outcome']} | {r['seconds']:.1f} s | {r['before_mb']:.0f} MB "
            f"| **{r['peak_mb']:.0f} MB** |"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=130_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--memory", action="store_true")
    parser.add_argument("--only", action="append", default=[])
    options = parser.parse_args()
    if options.memory:
        memory_measured(options.only)
    else:
        refusal_timed(options.rows, options.runs)


if __name__ == "__main__":
    main()
