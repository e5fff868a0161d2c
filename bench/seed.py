"""(a) Seeding synthetic households into PostgreSQL (target ≥ 20,000 households/s for 1,000,000)."""

import sys

from common import Figure, Timer

TARGET = 20_000


def generation_only(province_code: str, households: int) -> list[Figure]:
    """The generator alone, then the bulk writer's row preparation (COPY text) alone: the Python side of a load."""
    from giamngheo.demo.synthetic import REFERENCE_DATE, batches, commune_specs, plan_make, province_for_seed
    from giamngheo.registry.bulk.postgres import copy_payload
    from giamngheo.registry.bulk.rows import TABLES, RowsBuilder

    communes = commune_specs(province_for_seed(province_code))
    village_ids = {c.id: list(range(40)) for c in communes}
    with Timer() as generate:
        plan = plan_make(communes=communes, households=households, seed=1)
        generated = list(batches(plan=plan, village_ids=village_ids))
    builder = RowsBuilder(actor=None, registered_on=REFERENCE_DATE, note="bench")
    next_id = 1
    with Timer() as prepare:
        for batch in generated:
            m = len(batch.persons["household_index"])
            tables = builder.build(batch, list(range(next_id, next_id + len(batch))), list(range(next_id, next_id + m)))
            next_id += m
            for model in TABLES:
                copy_payload(model, tables[model])
    persons = sum(len(batch.persons["household_index"]) for batch in generated)
    return [
        Figure(
            "seed: generator alone (numpy, no database)",
            f"≥ {TARGET:,} hộ/s",
            f"{households / generate.seconds:,.0f} hộ/s",
            households / generate.seconds >= TARGET,
            {"households": f"{households:,}", "persons": f"{persons:,}", "seconds": f"{generate.seconds:.1f}"},
        ),
        Figure(
            "seed: bulk writer's rows → COPY text alone (no database)",
            "—",
            f"{households / prepare.seconds:,.0f} hộ/s",
            None,
            {"seconds": f"{prepare.seconds:.1f}"},
        ),
    ]


def seed(
    province_code: str, households: int, *, seed_number: int, rebuild_indexes: bool, label: str, has_target: bool
) -> Figure:
    from tqdm import tqdm

    from giamngheo.demo.synthetic import province_for_seed, synthetic_seed

    province = province_for_seed(province_code)
    with tqdm(total=households, unit=" hộ", disable=not sys.stderr.isatty(), desc=label) as bar, Timer() as timer:
        result = synthetic_seed(
            actor=None,
            province=province,
            households=households,
            seed=seed_number,
            progress=bar.update,
            rebuild_indexes=rebuild_indexes,
        )
    rate = result.households / timer.seconds
    return Figure(
        label,
        f"≥ {TARGET:,} hộ/s" if has_target else "—",
        f"{rate:,.0f} hộ/s",
        rate >= TARGET if has_target else None,
        {"households": f"{result.households:,}", "persons": f"{result.persons:,}", "seconds": f"{timer.seconds:.1f}"},
    )


def analyze() -> float:
    """VACUUM ANALYZE after the load, as an operator would after a bulk import (statistics for the planner)."""
    from django.db import connection

    with Timer() as timer, connection.cursor() as cursor:
        for table in ("registry_household", "registry_person", "registry_householdevent", "accounts_auditentry"):
            cursor.execute(f"VACUUM ANALYZE {table}")
    return timer.seconds
