"""The periodic review at commune scale, through reviews.services, on PostgreSQL:

- review_score: `review_score_commune` for every household of a 5,000-household commune (target ≤ 5 s);
- review_decision: `decision_apply` of a decision that changes the status of 5,000 households (target ≤ 5 s);
- survey_save: Phiếu B saved by 50 village collaborators at once (target p95 ≤ 300 ms), in a closed loop (the
  brief's worst case) and then paced at about one save per second per collaborator.

The survey target is for the web form's save over HTTP. The brief for this benchmark said that view did not exist
yet; it does (`reviews:survey`, POST /ra-soat/ho/<item>/phieu/B/, which calls `survey_save`). So survey_save is
measured twice: the service alone (`survey_save` after the view's lookup `item_get_for_user`, timed apart), in one
Python process with one thread and one database connection per collaborator; then the real HTTP stack, gunicorn
with 2 sync workers in production mode on loopback, as bench/listpage.py. The HTTP rows are the target's figure.

Everything happens in one commune of a province chosen for it (--review-province, default 08 Tuyên Quang): the first
rural commune there with no households other than the benchmark's own. Its 5,000 households are synthetic
(demo.synthetic, with recorded incomes), made at the start and deleted at the end with everything the reviews
wrote about them, so a re-run starts from the same state. What cannot be deleted stays: the audit entries
(append-only by design), the villages and the bench users (the users hold the villages, the audit entries hold the
users).
"""

import datetime
import random
import threading
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

from common import Figure, Timer, bench_environment, latency_summary, percentile

HOUSEHOLDS = 5_000
SEED = 9_001
# The note of the benchmark's households' creation audit entries: how it finds (and deletes) its own households, whose
# codes follow the register's scheme like any other.
NOTE = "Đo hiệu năng rà soát (bench/reviews.py)"
YEAR = 2025
STANDARD = "2022-2025"
PLAN_START, PLAN_END = datetime.date(2025, 9, 15), datetime.date(2025, 11, 30)
AS_OF = datetime.date(2025, 10, 1)
POSTED_FROM, POSTED_TO = datetime.date(2025, 10, 20), datetime.date(2025, 10, 22)
SIGNED_ON = datetime.date(2025, 10, 27)

SCORE_TARGET_S = 5.0
DECISION_TARGET_S = 5.0
SAVE_TARGET_MS = 300


def phieu_b(b1: dict[str, str], note: str) -> dict[str, Any]:
    return {"b1": dict(b1), "overrides": {}, "causes": ["capital"], "needs": ["credit"], "note": note}


class SqlMeter:
    """Queries run on this thread's connection inside the block, and the time spent in them."""

    def __enter__(self) -> "SqlMeter":
        from django.db import connection

        self.queries, self.seconds = 0, 0.0
        self._wrapper = connection.execute_wrapper(self)
        self._wrapper.__enter__()
        return self

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries += 1
            self.seconds += time.perf_counter() - started

    def __exit__(self, *exc: object) -> None:
        self._wrapper.__exit__(*exc)


# ---------------------------------------------------------------- the commune, its households, cleaning up


def bench_commune(province_code: str) -> Any:
    """The first rural commune of the province with no household but the benchmark's own."""
    from giamngheo.areas.models import AdminUnit, AreaType
    from giamngheo.demo.synthetic import province_for_seed
    from giamngheo.registry.models import Household

    province = province_for_seed(province_code)
    communes = (
        AdminUnit.objects.current().communes().filter(province=province, area_type=AreaType.RURAL).order_by("code")
    )
    for commune in communes.exclude(region=""):
        if not Household.objects.filter(commune=commune).exclude(pk__in=bench_households(commune)).exists():
            return commune
    raise SystemExit(f"{province.name} không còn xã nông thôn nào chưa có hộ; chọn tỉnh khác (--review-province).")


def bench_households(commune: Any) -> Any:
    """The benchmark's own households in the commune: those whose creation audit entry carries its note."""
    from giamngheo.accounts.models import AuditAction, AuditEntry
    from giamngheo.registry.models import Household

    created = AuditEntry.objects.filter(
        commune_id=commune.pk, action=AuditAction.CREATE, target_type=Household._meta.label_lower, note=NOTE
    )
    return Household.objects.filter(commune=commune, pk__in=created.values("household_id"))


def households_ensure(commune: Any) -> int:
    """The commune's 5,000 synthetic households, made with the seeder's code unless they are already there."""
    from giamngheo.demo.synthetic import commune_specs, plan_make
    from giamngheo.demo.synthetic.planning import village_names
    from giamngheo.demo.synthetic.seeding import plan_write
    from giamngheo.registry.bulk import villages_ensure

    mine = bench_households(commune)
    if mine.count() == HOUSEHOLDS:
        return 0
    if mine.exists():
        households_delete(commune)
    spec = next(c for c in commune_specs(commune.province) if c.id == commune.pk)
    plan = plan_make(communes=[spec], households=HOUSEHOLDS, seed=SEED)
    village_ids = villages_ensure(actor=None, wanted=village_names(plan), note=NOTE)
    result = plan_write(actor=None, plan=plan, village_ids=village_ids, note=NOTE)
    _analyze("registry_household", "registry_person")
    return result.households


def reviews_delete(commune: Any) -> None:
    """Everything the review benchmarks wrote in the province (campaigns, lists, surveys, decisions, ledger,
    certificates, assessments), so the next benchmark starts from a commune with no review."""
    from giamngheo.reviews.models import Campaign, Certificate, Decision, LedgerEntry
    from giamngheo.standards.models import Assessment

    campaigns = Campaign.objects.filter(province_id=commune.province_id, year=YEAR)
    Certificate.objects.filter(line__decision__campaign__in=campaigns).delete()
    LedgerEntry.objects.filter(decision__campaign__in=campaigns).delete()
    Decision.objects.filter(campaign__in=campaigns).delete()
    campaigns.delete()
    Assessment.objects.filter(household__in=bench_households(commune)).delete()


def households_delete(commune: Any) -> None:
    from giamngheo.registry.models import Household, HouseholdEvent, Person

    reviews_delete(commune)
    mine = Household.objects.filter(pk__in=list(bench_households(commune).values_list("pk", flat=True)))
    mine.update(head=None)
    HouseholdEvent.objects.filter(household__in=mine).delete()
    Person.objects.filter(household__in=mine).delete()
    mine.delete()


def _analyze(*tables: str) -> None:
    """Planner statistics for what setup just loaded, as autovacuum would have them on a live database."""
    from django.db import connection

    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {table}")


def review_listed(commune: Any) -> Any:
    """A periodic campaign for the province with the commune's every household listed (Phụ lục I, residents too)."""
    from giamngheo.reviews.services.campaigns import campaign_create, review_list_build

    reviews_delete(commune)
    campaign = campaign_create(
        actor=None,
        province=commune.province,
        year=YEAR,
        standard_code=STANDARD,
        plan_start=PLAN_START,
        plan_end=PLAN_END,
        communes=[commune],
        include_residents=True,
    )
    items = review_list_build(actor=None, campaign=campaign, commune=commune)
    if len(items) != HOUSEHOLDS:
        raise SystemExit(f"Danh sách rà soát có {len(items):,} hộ, không phải {HOUSEHOLDS:,}.")
    _analyze("reviews_reviewitem")
    return campaign


def bench_user(username: str, role: str, commune: Any, village_id: int | None = None) -> Any:
    from giamngheo.accounts.models import User

    user, _ = User.objects.update_or_create(
        username=username, defaults={"role": role, "area": commune, "village_id": village_id, "is_active": True}
    )
    return user


# ---------------------------------------------------------------- the benchmarks


def score(commune: Any) -> Figure:
    from giamngheo.reviews.models import ReviewItem, Stage
    from giamngheo.reviews.services.surveys import review_score_commune

    campaign = review_listed(commune)
    with Timer() as timer, SqlMeter() as sql:
        scored = review_score_commune(actor=None, campaign=campaign, commune=commune, as_of=AS_OF)
    proposed = Counter(
        ReviewItem.objects.filter(campaign=campaign, stage=Stage.SURVEYED).values_list("proposed_status", flat=True)
    )
    details = {
        "households": f"{scored:,} scored of {HOUSEHOLDS:,}",
        "seconds": f"{timer.seconds:.2f}",
        "households_per_s": f"{scored / timer.seconds:,.0f}",
        "queries": str(sql.queries),
        "sql_s": f"{sql.seconds:.2f}",
        "proposed": ", ".join(f"{k} {v:,}" for k, v in sorted(proposed.items())),
    }
    return Figure(
        f"review: score a {HOUSEHOLDS:,}-household commune (review_score_commune)",
        f"≤ {SCORE_TARGET_S:.0f} s",
        f"{timer.seconds:.2f} s",
        timer.seconds <= SCORE_TARGET_S and scored == HOUSEHOLDS,
        details,
    )


def decision_ready(commune: Any) -> tuple[Any, Any]:
    """A drafted decision for the commune's 5,000 households, and its signer.

    Setup moves every listed household straight to "posted" (queryset updates: setup, not the code under test) with
    a proposal that differs from its register status, posts the results at the commune until before the signing
    date, and drafts the decision with the service."""
    from giamngheo.accounts.models import Role
    from giamngheo.registry.models import Status
    from giamngheo.reviews.models import Posting, ReviewItem, Stage
    from giamngheo.reviews.services.decisions import decision_draft

    campaign = review_listed(commune)
    listed = ReviewItem.objects.filter(campaign=campaign, commune=commune)
    listed.filter(status_before=Status.POOR).update(stage=Stage.POSTED, proposed_status=Status.NEAR_POOR)
    listed.filter(status_before=Status.NEAR_POOR).update(stage=Stage.POSTED, proposed_status=Status.POOR)
    # Not poor (or unknown) before: every other one becomes poor, the rest near-poor.
    others = list(listed.exclude(stage=Stage.POSTED).order_by("pk").values_list("pk", flat=True))
    listed.filter(pk__in=others[::2]).update(stage=Stage.POSTED, proposed_status=Status.POOR)
    listed.filter(pk__in=others[1::2]).update(stage=Stage.POSTED, proposed_status=Status.NEAR_POOR)
    Posting.objects.create(campaign=campaign, commune=commune, starts_on=POSTED_FROM, ends_on=POSTED_TO)
    draft = decision_draft(actor=None, campaign=campaign, commune=commune)
    _analyze("reviews_reviewitem", "reviews_decisionline")
    return draft, bench_user("bench_chutich_xa_rasoat", Role.COMMUNE_CHAIRMAN, commune)


def decision(commune: Any) -> Figure:
    from django.db.models import F

    from giamngheo.reviews.models import DecisionLine
    from giamngheo.reviews.services.decisions import decision_apply

    draft, chairman = decision_ready(commune)
    with Timer() as timer, SqlMeter() as sql:
        decision_apply(actor=chairman, decision=draft, number="01/QĐ-UBND", signed_on=SIGNED_ON)
    lines = DecisionLine.objects.filter(decision=draft)
    # Lines whose household now has the new status, and whose new status differs from the one before.
    changed = lines.filter(household__status=F("status_after")).exclude(status_before=F("status_after")).count()
    details = {
        "lines": f"{lines.count():,}",
        "statuses_changed": f"{changed:,}",
        "seconds": f"{timer.seconds:.2f}",
        "queries": str(sql.queries),
        "sql_s": f"{sql.seconds:.2f}",
        "certificates": f"{draft.lines.filter(certificate__isnull=False).count():,}",
    }
    return Figure(
        f"review: apply a decision changing {HOUSEHOLDS:,} statuses (decision_apply)",
        f"≤ {DECISION_TARGET_S:.0f} s",
        f"{timer.seconds:.2f} s",
        timer.seconds <= DECISION_TARGET_S and changed >= HOUSEHOLDS,
        details,
    )


def survey(commune: Any, url: str, *, clients: int = 50, saves: int = 20, think: float = 1.0) -> list[Figure]:
    """`clients` collaborators, each in the village of a household of their own, save that household's Phiếu B
    `saves` times: first in a closed loop (the next save as soon as the previous one returns: the brief's worst
    case), then paced at one save every `think` seconds each, still far more often than people fill in a form."""
    from django.db import connection

    from giamngheo.accounts.models import Role, User
    from giamngheo.reviews.models import ReviewItem, Survey
    from giamngheo.reviews.selectors import item_get_for_user
    from giamngheo.reviews.services.surveys import survey_save
    from giamngheo.testing.factories import HIGH_B1, LOW_B1

    campaign = review_listed(commune)
    # One household per collaborator, spread over the villages (round robin), as collaborators are.
    by_village: dict[int, list[int]] = {}
    for pk, village_id in ReviewItem.objects.filter(campaign=campaign).order_by("pk").values_list("pk", "village_id"):
        by_village.setdefault(village_id, []).append(pk)
    picked: list[tuple[int, int]] = []
    while len(picked) < clients + 1:
        for village_id, pks in by_village.items():
            if pks and len(picked) < clients + 1:
                picked.append((pks.pop(0), village_id))
    collaborators = [
        bench_user(f"bench_ctv_rasoat_{n:02d}", Role.VILLAGE_COLLABORATOR, commune, village_id).pk
        for n, (_pk, village_id) in enumerate(picked)
    ]

    def one_save(user: Any, item_id: int, version: int, n: int) -> tuple[int, float, float]:
        """The view's work: look the item up for the user, then save. Returns the new version and both times."""
        started = time.perf_counter()
        item = item_get_for_user(user=user, pk=item_id)
        looked_up = time.perf_counter()
        saved, _score = survey_save(
            actor=user,
            item=item,
            form="B",
            answers=phieu_b(LOW_B1 if n % 2 else HIGH_B1, f"lần lưu {n}"),
            version=version,
            as_of=AS_OF,
        )
        return saved.version, time.perf_counter() - looked_up, time.perf_counter() - started

    # One collaborator alone first: the service's own time and queries, without waiting for the others.
    alone_user, alone_item = User.objects.get(pk=collaborators[-1]), picked[-1][0]
    version, _, _ = one_save(alone_user, alone_item, 0, 0)
    alone: list[float] = []
    with SqlMeter() as sql:
        for n in range(1, 31):
            version, seconds, _ = one_save(alone_user, alone_item, version, n)
            alone.append(seconds)
    queries_per_save = sql.queries / 30

    def under_load(think: float) -> Figure:
        """Every collaborator saves `saves` times at once; `think` seconds (± 50 %) between a reply and the next."""
        saves_s: list[float] = []
        with_lookup_s: list[float] = []
        errors: Counter[str] = Counter()
        lock = threading.Lock()
        barrier = threading.Barrier(clients + 1)

        def client(number: int) -> None:
            rng = random.Random(number)
            try:
                user = User.objects.get(pk=collaborators[number])
                item_id = picked[number][0]
                existing = Survey.objects.filter(item_id=item_id, form="B").first()
                version, _, _ = one_save(user, item_id, existing.version if existing else 0, 0)  # not counted
                barrier.wait()
                for n in range(1, saves + 1):
                    if think:
                        time.sleep(think * rng.uniform(0.5, 1.5))
                    try:
                        version, save_seconds, total_seconds = one_save(user, item_id, version, n)
                    except Exception as error:  # counted in the figure; the client goes on
                        with lock:
                            errors[type(error).__name__] += 1
                        existing = Survey.objects.filter(item_id=item_id, form="B").first()
                        version = existing.version if existing else 0
                        continue
                    with lock:
                        saves_s.append(save_seconds)
                        with_lookup_s.append(total_seconds)
            except Exception:
                barrier.abort()  # the others and the main thread stop waiting; the traceback is printed
                raise
            finally:
                connection.close()

        threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
        for thread in threads:
            thread.start()
        barrier.wait()
        started, cpu_started = time.perf_counter(), time.process_time()
        for thread in threads:
            thread.join()
        wall, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        if not saves_s:
            raise SystemExit(f"Không lần lưu phiếu nào thành công: {dict(errors)}")
        p95 = percentile(saves_s, 95) * 1000
        pace = f"one save every {think:.0f} s ± 50 % each" if think else "closed loop, no think time"
        details = latency_summary(saves_s) | {
            "clients": str(clients),
            "saves_per_s": f"{len(saves_s) / wall:.1f}",
            "errors": ", ".join(f"{k}×{v}" for k, v in errors.items()) or "0",
            "p95_ms_with_item_lookup": f"{percentile(with_lookup_s, 95) * 1000:.1f}",
            "one_client_p50_ms": f"{percentile(alone, 50) * 1000:.1f}",
            "queries_per_lookup_and_save": f"{queries_per_save:.0f}",
            # All threads share one interpreter: 1.0 means the process used a whole core (the GIL's limit).
            "python_cores_used": f"{cpu / wall:.2f}",
            "measures": "the service alone, in one process; the HTTP rows go through the view",
        }
        return Figure(
            f"review: survey_save Phiếu B, {clients} collaborators at once, {pace} (the service alone)",
            f"p95 ≤ {SAVE_TARGET_MS} ms",
            f"p95 {p95:.0f} ms",
            p95 <= SAVE_TARGET_MS and not errors,
            details,
        )

    figures = [under_load(0.0), under_load(think)]
    items_and_users = [(item_id, f"bench_ctv_rasoat_{n:02d}") for n, (item_id, _village) in enumerate(picked)]
    figures += survey_http(url, items_and_users[:clients], saves=saves, think=think)
    return figures


def survey_http(
    url: str, items_and_users: list[tuple[int, str]], *, saves: int, think: float, workers: int = 2
) -> list[Figure]:
    """The same saves through the real web form: POST /ra-soat/ho/<item>/phieu/B/ (the `reviews:survey` view, which
    answers a saved draft with a redirect) to gunicorn with `workers` sync workers in production mode on loopback,
    one logged-in session and one HTTP connection per collaborator, closed loop and then paced. The redirect is not
    followed: the figure is the save, not the page shown after it."""
    import http.client
    import secrets
    import subprocess
    from urllib.parse import urlencode

    from django.db import connection
    from listpage import ROOT, free_port, session_cookie, wait_ready

    from giamngheo.reviews.models import Survey
    from giamngheo.testing.factories import HIGH_B1, LOW_B1

    csrf = secrets.token_hex(16)  # a 32-character secret: the CSRF cookie, and the form field unmasked
    cookies = [f"{session_cookie(username)[0]}; csrftoken={csrf}" for _item, username in items_and_users]
    port = free_port()
    # Persistent database connections, as a deployment sets them (settings: CONN_MAX_AGE), as bench/listpage.py.
    environment = bench_environment(url) | {"CONN_MAX_AGE": "60"}
    command = [str(ROOT / ".venv" / "bin" / "gunicorn"), "config.wsgi", "-w", str(workers)]
    command += ["-b", f"127.0.0.1:{port}", "--log-level", "warning"]
    server = subprocess.Popen(command, cwd=ROOT, env=environment)

    def body(version: int, n: int) -> str:
        b1 = LOW_B1 if n % 2 else HIGH_B1
        fields = [("csrfmiddlewaretoken", csrf), ("version", str(version)), ("action", "save")]
        fields += [(f"b1_{k}", v) for k, v in b1.items()]
        fields += [("causes", "capital"), ("needs", "credit"), ("note", f"lần lưu {n}")]
        return urlencode(fields)

    def run_clients(pace: float) -> Figure:
        latencies: list[float] = []
        errors: Counter[str] = Counter()
        lock = threading.Lock()
        barrier = threading.Barrier(len(items_and_users) + 1)

        def client(number: int) -> None:
            rng = random.Random(number)
            item_id, cookie = items_and_users[number][0], cookies[number]
            survey = Survey.objects.filter(item_id=item_id, form="B").only("version").first()
            connection.close()
            version = survey.version if survey else 0
            path = f"/ra-soat/ho/{item_id}/phieu/B/"
            headers = {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"}
            link = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            try:
                barrier.wait()
                for n in range(saves + 1):  # the first save is not counted
                    if pace and n:
                        time.sleep(pace * rng.uniform(0.5, 1.5))
                    started = time.perf_counter()
                    try:
                        link.request("POST", path, body=body(version, n), headers=headers)
                        reply = link.getresponse()
                        reply.read()
                        status = str(reply.status)
                    except (OSError, http.client.HTTPException) as error:
                        status = type(error).__name__
                        link.close()
                    elapsed = time.perf_counter() - started
                    if status == "302":
                        version = version + 1 if version else 1
                        if n:
                            with lock:
                                latencies.append(elapsed)
                    else:
                        with lock:
                            errors[status] += 1
            finally:
                link.close()

        threads = [threading.Thread(target=client, args=(i,)) for i in range(len(items_and_users))]
        for thread in threads:
            thread.start()
        barrier.wait()
        started = time.perf_counter()
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - started
        if not latencies:
            raise SystemExit(f"Không lần lưu phiếu nào qua HTTP thành công: {dict(errors)}")
        p95 = percentile(latencies, 95) * 1000
        pace_label = f"one save every {pace:.0f} s ± 50 % each" if pace else "closed loop, no think time"
        return Figure(
            f"review: POST Phiếu B (reviews:survey), {len(items_and_users)} collaborators, {pace_label}, "
            f"gunicorn {workers} workers",
            f"p95 ≤ {SAVE_TARGET_MS} ms",
            f"p95 {p95:.0f} ms",
            p95 <= SAVE_TARGET_MS and not errors,
            latency_summary(latencies)
            | {
                "clients": str(len(items_and_users)),
                "workers": str(workers),
                "saves_per_s": f"{len(latencies) / wall:.1f}",
                "errors": ", ".join(f"{k}×{v}" for k, v in errors.items()) or "0",
            },
        )

    try:
        wait_ready(port)
        return [run_clients(0.0), run_clients(think)]
    finally:
        server.terminate()
        server.wait(timeout=30)


def run(
    which: set[str],
    url: str,
    *,
    province_code: str,
    report: Callable[[Figure], None],
    clients: int = 50,
    saves: int = 20,
) -> list[Figure]:
    """The chosen review benchmarks, in order, each figure reported as it comes; the commune is left as found."""
    commune = bench_commune(province_code)
    print(f"Xã đo rà soát: {commune.name} ({commune.code}), {commune.province.name}", flush=True)
    with Timer() as setup:
        made = households_ensure(commune)
    print(f"  {made:,} hộ mô phỏng đã tạo trong {setup.seconds:.1f} s (không tính giờ)", flush=True)
    figures = []
    try:
        for name, bench in (
            ("review_score", lambda: score(commune)),
            ("review_decision", lambda: decision(commune)),
            ("survey_save", lambda: survey(commune, url, clients=clients, saves=saves)),
        ):
            if name in which:
                result = bench()
                for figure in result if isinstance(result, list) else [result]:
                    figures.append(figure)
                    report(figure)
    finally:
        with Timer() as cleanup:
            households_delete(commune)
        print(f"  dọn xã đo rà soát: {cleanup.seconds:.1f} s", flush=True)
    return figures
