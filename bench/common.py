"""Shared helpers of the benchmarks: the bench database, Django set-up, timing and figures."""

import datetime
import os
import platform
import statistics
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/giamngheo_bench"
BENCH_SECRET_KEY = "bench-only-secret-key-not-for-production-0123456789abcdef"  # noqa: S105 (bench processes only)


def bench_environment(url: str) -> dict[str, str]:
    """Environment of every process of a benchmark run: production mode against the bench database."""
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "0",
        "SECRET_KEY": BENCH_SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "LOG_LEVEL": "ERROR",
    }


def database_name(url: str) -> str:
    import psycopg

    return psycopg.conninfo.conninfo_to_dict(url)["dbname"]


def database_recreate(url: str, *, fresh: bool) -> None:
    """Create the bench database; with `fresh`, drop it first. Refuses a database whose name lacks "bench"."""
    import psycopg
    from psycopg import sql

    name = database_name(url)
    if "bench" not in name:
        raise SystemExit(f"Từ chối: CSDL đo hiệu năng phải có chữ “bench” trong tên (đang là “{name}”).")
    with psycopg.connect(psycopg.conninfo.make_conninfo(url, dbname="postgres"), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and fresh:
            conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
        if not exists or fresh:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def django_setup(url: str) -> None:
    os.environ.update(bench_environment(url))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile (p in 0–100)."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(1, round(p / 100 * len(ordered) + 0.5 - 1e-9))
    return ordered[min(rank, len(ordered)) - 1]


@dataclass
class Figure:
    """One line of the result table."""

    benchmark: str
    target: str
    measured: str
    ok: bool | None = None
    details: dict[str, str] = field(default_factory=dict)


def latency_summary(seconds: Sequence[float]) -> dict[str, str]:
    ms = [s * 1000 for s in seconds]
    return {
        "n": str(len(ms)),
        "p50_ms": f"{percentile(ms, 50):.1f}",
        "p95_ms": f"{percentile(ms, 95):.1f}",
        "p99_ms": f"{percentile(ms, 99):.1f}",
        "max_ms": f"{max(ms):.1f}",
        "mean_ms": f"{statistics.fmean(ms):.1f}",
    }


def machine() -> dict[str, str]:
    with open("/proc/meminfo", encoding="ascii") as file:
        meminfo = dict(line.split(":", 1) for line in file.read().splitlines())
    total_gib = int(meminfo["MemTotal"].strip().split()[0]) / 1024 / 1024
    load = os.getloadavg()
    return {
        "date": datetime.date.today().isoformat(),
        "nproc": subprocess.run(["nproc"], capture_output=True, text=True, check=True).stdout.strip(),
        "memory": f"{total_gib:.1f} GiB",
        "python": platform.python_version(),
        "load_before": f"{load[0]:.2f}",
    }


def postgres_version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
        cursor.execute("SHOW shared_buffers")
        buffers = cursor.fetchone()[0]
    return f"PostgreSQL {version} (shared_buffers {buffers})"


class Timer:
    def __enter__(self) -> "Timer":
        self.started = time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        self.seconds = time.perf_counter() - self.started


def timed_calls(function: Callable[[], Any], repeats: int) -> tuple[float, list[float], Any]:
    """The first call's seconds (it loads templates and data, and finds cold caches), then `repeats` warm calls'
    seconds, and the SQL of the warm calls (bench/reviews.py SqlMeter)."""
    from reviews import SqlMeter  # imports Django's models: after django_setup

    with Timer() as first:
        function()
    seconds = []
    with SqlMeter() as sql:
        for _ in range(repeats):
            started = time.perf_counter()
            function()
            seconds.append(time.perf_counter() - started)
    return first.seconds, seconds, sql
