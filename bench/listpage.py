"""(c) The commune household list page (/ho/?commune=…) as a commune officer, under concurrent clients, served by
gunicorn (2 sync workers) in production mode on loopback (target p95 ≤ 150 ms).

The load generator is closed-loop: each client thread sends its next request as soon as the previous one is
answered (no think time), so latency includes waiting for a free worker. Bounded by a request count and a time.
"""

import http.client
import random
import socket
import subprocess
import threading
import time
from collections import Counter
from pathlib import Path

from common import Figure, bench_environment, latency_summary, percentile

TARGET_MS = 150
ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def session_cookie(username: str) -> tuple[str, int]:
    """A logged-in session for the bench commune officer (as django.contrib.auth.login writes it), and its commune."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from giamngheo.accounts.models import User

    user = User.objects.get(username=username)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}", int(user.area_id)


def wait_ready(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/tai-khoan/dang-nhap/")
            connection.getresponse().read()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn không khởi động được trong 30 giây.")


def run(url: str, *, clients: int = 20, requests: int = 2_000, seconds: float = 60, workers: int = 2) -> Figure:
    from search import bench_users

    from giamngheo.areas.models import AdminUnit

    officer = bench_users()["commune officer"]
    cookie, commune_id = session_cookie(officer.username)  # type: ignore[attr-defined]
    commune_code = AdminUnit.objects.get(pk=commune_id).code
    port = free_port()
    # Persistent database connections, as a deployment sets them (settings: CONN_MAX_AGE).
    environment = bench_environment(url) | {"CONN_MAX_AGE": "60"}
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "config.wsgi",
        "-w",
        str(workers),
        "-b",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=environment)
    try:
        wait_ready(port)
        probe = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        probe.request("GET", f"/ho/?commune={commune_id}", headers={"Cookie": cookie})
        response = probe.getresponse()
        body = response.read().decode()
        if response.status != 200 or f"{commune_code}-" not in body:
            raise SystemExit(f"/ho/?commune={commune_id} trả về {response.status}, không phải danh sách hộ của xã.")
        for _ in range(2 * workers):  # warm every worker once
            probe.request("GET", f"/ho/?commune={commune_id}", headers={"Cookie": cookie})
            probe.getresponse().read()
        alone = []  # one client: the page's own time, without waiting for a worker
        for _ in range(30):
            started = time.perf_counter()
            probe.request("GET", f"/ho/?commune={commune_id}", headers={"Cookie": cookie})
            probe.getresponse().read()
            alone.append(time.perf_counter() - started)

        latencies: list[float] = []
        errors: Counter[str] = Counter()
        lock = threading.Lock()
        budget = [requests]
        deadline = time.monotonic() + seconds

        def client(number: int) -> None:
            rng = random.Random(number)
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            while True:
                with lock:
                    if budget[0] <= 0 or time.monotonic() > deadline:
                        return
                    budget[0] -= 1
                page = 1 if rng.random() < 0.6 else rng.randint(2, 5)
                path = f"/ho/?commune={commune_id}" + (f"&page={page}" if page > 1 else "")
                started = time.perf_counter()
                try:
                    connection.request("GET", path, headers={"Cookie": cookie})
                    reply = connection.getresponse()
                    reply.read()
                    status = str(reply.status)
                except (OSError, http.client.HTTPException) as error:
                    status = type(error).__name__
                    connection.close()
                elapsed = time.perf_counter() - started
                with lock:
                    if status == "200":
                        latencies.append(elapsed)
                    else:
                        errors[status] += 1

        threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    p95 = percentile(latencies, 95) * 1000
    details = latency_summary(latencies) | {
        "clients": str(clients),
        "workers": str(workers),
        "requests_per_s": f"{len(latencies) / wall:.1f}",
        "errors": ", ".join(f"{k}×{v}" for k, v in errors.items()) or "0",
        "households_in_commune": str(_households_in(commune_id)),
        "one_client_p50_ms": f"{percentile(alone, 50) * 1000:.1f}",
    }
    return Figure(
        f"list page /ho/?commune= ({clients} clients)",
        f"p95 ≤ {TARGET_MS} ms",
        f"p95 {p95:.0f} ms",
        p95 <= TARGET_MS and not errors,
        details,
    )


def _households_in(commune_id: int) -> int:
    from giamngheo.registry.models import Household

    return Household.objects.filter(commune_id=commune_id).count()
