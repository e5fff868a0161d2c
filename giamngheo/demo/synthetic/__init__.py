"""Synthetic households for demonstrations and benchmarks (`manage.py seed_synthetic`, `manage.py demo_setup`).

The data look like a commune's register: 2019-census household sizes, families (head, spouse, children, elderly
parents, three generations), Vietnamese names by ethnic group, the ethnic mix of the region, valid CCCDs, and the
living-condition facts of the 2022–2025 standard. They are built so that, classified under that standard (Decree
07/2021/NĐ-CP, spec §2.4), each region's poor and near-poor rates are the 2024 published ones (spec §10.2):

1. every household's status is drawn first, as exact counts per region (RATE_TARGETS_2024), spread unevenly over
   the communes (mountain and rural communes poorer than wards);
2. its income is drawn on the right side of the poverty line, and the number of deprived indicators to match
   (poor: ≥ 3; near-poor: 0–2; not poor: anything);
3. which indicators are deprived is drawn among those the household's members make possible, and the register
   facts are then set so that exactly those indicators are deprived under the standard's own cut-offs (read from
   the standards app: standards/data/2022-2025/derivation.yaml).

Deterministic: the same seed, province and number of households on an empty register give the same rows. Household
codes follow the register's scheme, `<commune>-<6-digit serial>` (docs/glossary.md), numbered on from each commune's
last serial, so a demo shows one scheme and a second seed, or the form afterwards, never reuses a code. A seed is
used once per province (its audit entries name it, seeding.households_seeded): drawn again it would repeat the same
families. CCCD serials continue from the highest serial already in the register for the same
province/century/sex/year prefix, so later runs (any seed, any province) never reuse a number.

Generation is vectorised with numpy, chunk by chunk, so memory stays bounded and the database is the bottleneck.

The modules: targets.py (reference date, 2024 rate targets, the standard and its indicators),
population.py (household sizes and members' roles, incomes, villages, ethnic mixes by region and old province,
poverty risk), names.py (name pools and styles by ethnic group and region, occupations), planning.py (communes, the
plan and each household's status), sampling.py (vectorised draws), generator.py (households and members chunk by
chunk), naming.py (the members' full names), facts.py (household living conditions) and seeding.py (reading the
province and the seed action).
"""

from giamngheo.demo.synthetic.generator import CHUNK_SIZE, batches
from giamngheo.demo.synthetic.planning import CommuneSpec, plan_make
from giamngheo.demo.synthetic.seeding import (
    SeedResult,
    commune_specs,
    households_seeded,
    province_for_seed,
    synthetic_seed,
)
from giamngheo.demo.synthetic.targets import RATE_TARGETS_2024, REFERENCE_DATE

__all__ = [
    "CHUNK_SIZE",
    "RATE_TARGETS_2024",
    "REFERENCE_DATE",
    "CommuneSpec",
    "SeedResult",
    "batches",
    "commune_specs",
    "households_seeded",
    "plan_make",
    "province_for_seed",
    "synthetic_seed",
]
