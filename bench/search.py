"""(b) Diacritic-insensitive household search through registry.selectors.household_list (target p95 ≤ 100 ms).

Each query is what the list page does with it: the paginator's count and the first page of rows.
"""

import random
import time

from common import Figure, latency_summary, percentile

TARGET_MS = 100


def bench_users() -> dict[str, object]:
    """A national administrator and the officer of the commune with the most households (created if missing)."""
    from django.db.models import Count

    from giamngheo.accounts.models import Role, User
    from giamngheo.registry.models import Household

    busiest = Household.objects.values("commune").annotate(n=Count("id")).order_by("-n", "commune").first()
    admin, _ = User.objects.get_or_create(username="bench_quantri", defaults={"role": Role.NATIONAL_ADMIN})
    officer, _ = User.objects.get_or_create(
        username="bench_canbo_xa", defaults={"role": Role.COMMUNE_OFFICER, "area_id": busiest["commune"]}
    )
    return {"national admin": admin, "commune officer": officer}


def fragments(count: int, *, commune_id: int | None = None, seed: int = 0) -> list[str]:
    """Realistic things people type: whole names (with or without diacritics) 60 %, the last two words 25 %, a given
    name of three letters or more 15 %.

    Taken from names in the register (spread over the id range, deterministic), so most queries find someone.
    """
    from django.db.models import Max, Min

    from giamngheo.registry.models import Person

    rng = random.Random(seed)
    if commune_id is not None:  # a commune's names fit in memory; draw from them
        pool = list(Person.objects.filter(household__commune_id=commune_id).values_list("full_name", "name_folded"))
        draws = [rng.choice(pool) for _ in range(count)]
    else:  # the whole register: names at random points of the id range, through the primary key
        bounds = Person.objects.aggregate(low=Min("id"), high=Max("id"))
        draws = []
        while len(draws) < count:
            start = rng.randint(bounds["low"], bounds["high"])
            found = Person.objects.filter(id__gte=start).order_by("id").values_list("full_name", "name_folded").first()
            if found is not None:
                draws.append(found)
    names: list[str] = []
    for found in draws:
        full_name, folded = found
        words = folded.split()
        kind = rng.random()
        if kind < 0.35:
            names.append(full_name)  # typed with diacritics
        elif kind < 0.6:
            names.append(folded)  # typed without
        elif kind < 0.85 or len(words[-1]) < 3:
            names.append(" ".join(words[-2:]))  # "van hung"
        else:
            names.append(words[-1])  # a given name of 3 letters or more: "hung"
    return names


def run(queries: int = 200) -> list[Figure]:

    from giamngheo.registry.selectors import HouseholdFilters, household_list
    from giamngheo.registry.views.households import PAGE_SIZE, CappedPaginator

    figures = []
    for label, user in bench_users().items():
        commune_id = getattr(user, "area_id", None)
        texts = fragments(queries, commune_id=commune_id, seed=1)

        def one(text: str, user: object = user) -> float:
            started = time.perf_counter()
            page = CappedPaginator(
                household_list(user=user, filters=HouseholdFilters(q=text)), PAGE_SIZE, capped=True
            ).get_page(1)
            list(page.object_list)
            return time.perf_counter() - started

        for text in fragments(20, commune_id=commune_id, seed=2):  # warm the caches, not counted
            one(text)
        seconds = [one(text) for text in texts]
        p95 = percentile(seconds, 95) * 1000
        one_word = [t for text, t in zip(texts, seconds, strict=True) if " " not in text]
        words = [t for text, t in zip(texts, seconds, strict=True) if " " in text]
        details = latency_summary(seconds) | {
            "p95_ms_two_words_or_more": f"{percentile(words, 95) * 1000:.0f}",
            "p95_ms_one_word": f"{percentile(one_word, 95) * 1000:.0f} ({len(one_word)} queries)",
        }
        figures.append(
            Figure(
                f"search: {label} ({queries} queries)",
                f"p95 ≤ {TARGET_MS} ms",
                f"p95 {p95:.0f} ms",
                p95 <= TARGET_MS,
                details,
            )
        )
    return figures
