"""Households and members, one chunk at a time: composition, ages, ethnicity and names, CCCDs, the members'
situation and which indicators each household is deprived in."""

from collections.abc import Iterator, Mapping, Sequence

import numpy as np
from django.core.exceptions import ValidationError

from giamngheo.areas.models import AreaType
from giamngheo.demo.synthetic.facts import _household_facts
from giamngheo.demo.synthetic.names import CASUAL_WORK, OCCUPATIONS, QUALIFIED_WORK
from giamngheo.demo.synthetic.naming import _names
from giamngheo.demo.synthetic.planning import _ETHNICITIES, _NOT_POOR, _STATUS_CODES, SyntheticPlan
from giamngheo.demo.synthetic.population import (
    _CHILD,
    _CHILD_IN_LAW,
    _GRANDCHILD,
    _HEAD,
    _PARENT,
    _SPOUSE,
    DEPRIVATION_COUNTS,
    HOUSEHOLD_SIZES,
    INDICATOR_WEIGHTS,
)
from giamngheo.demo.synthetic.sampling import _choice, _count, _ints, _pick_one, _rank_within, _rng
from giamngheo.demo.synthetic.targets import _STUDYING, INDICATORS, REFERENCE_DATE
from giamngheo.registry.bulk import HouseholdBatch
from giamngheo.registry.models import Disability, Education, Employment, Relation, Schooling, Sex
from giamngheo.registry.services.households import household_code
from giamngheo.registry.validators import CCCD_PROVINCE_CODES

CHUNK_SIZE = 20_000

_SINGLE, _NUCLEAR, _WITH_PARENTS, _THREE_GENERATIONS = range(4)
_CCCD_CODES = tuple(sorted(int(code) for code in CCCD_PROVINCE_CODES))


class SerialCounter:
    """The next CCCD serial (last 6 digits) for each 6-digit prefix (province of birth, century and sex, year)."""

    def __init__(self, in_use: Mapping[str, int] | None = None) -> None:
        self.next = np.ones(100_000, np.int64)  # serial 000000 is not issued
        for prefix, last in (in_use or {}).items():
            self.next[int(prefix)] = last + 1

    def take(self, prefixes: np.ndarray) -> np.ndarray:
        order = np.argsort(prefixes, kind="stable")
        sorted_prefixes = prefixes[order]
        first = np.r_[True, sorted_prefixes[1:] != sorted_prefixes[:-1]]
        start = np.maximum.accumulate(np.where(first, np.arange(len(order)), 0))
        serials = np.empty(len(prefixes), np.int64)
        serials[order] = self.next[sorted_prefixes] + np.arange(len(order)) - start
        np.add.at(self.next, prefixes, 1)
        if len(serials) and serials.max() > 999_999:
            raise ValidationError("Hết số thứ tự CCCD (6 chữ số) cho một tỉnh, năm sinh và giới tính.")
        return serials


def batches(
    *,
    plan: SyntheticPlan,
    village_ids: Mapping[int, Sequence[int]],
    serials: SerialCounter | None = None,
    codes_in_use: Mapping[int, int] | None = None,
    chunk_size: int = CHUNK_SIZE,
) -> Iterator[HouseholdBatch]:
    """The plan's households with their members, `chunk_size` households per batch. Their codes follow the register's
    scheme (registry household_code), numbered on from `codes_in_use`, {commune id: the last serial its code has in
    the register} (registry household_serials_in_use), so that a second seed of a commune never reuses a code."""
    serials = serials or SerialCounter()
    codes_in_use = codes_in_use or {}
    for chunk_no, start in enumerate(range(0, plan.households, chunk_size)):
        rng = _rng(plan.seed, 1, chunk_no)
        yield _chunk(plan, start, min(start + chunk_size, plan.households), rng, village_ids, serials, codes_in_use)


def _chunk(
    plan: SyntheticPlan,
    start: int,
    stop: int,
    rng: np.random.Generator,
    village_ids: Mapping[int, Sequence[int]],
    serials: SerialCounter,
    codes_in_use: Mapping[int, int],
) -> HouseholdBatch:
    n = stop - start
    communes = plan.communes
    ci = plan.commune_of[start:stop]
    status = plan.status[start:stop].astype(np.int64)
    urban = np.array([c.area_type == AreaType.URBAN for c in communes])[ci]
    region_of = np.array([c.region for c in communes], dtype=object)[ci]

    # -- composition -------------------------------------------------------------------------------------------
    size_p = np.array(list(HOUSEHOLD_SIZES.values()))
    size = rng.choice(list(HOUSEHOLD_SIZES), size=n, p=size_p / size_p.sum())
    u = rng.random(n)
    variant = np.select(
        [size == 1, size == 2, size == 3],
        [_SINGLE, _NUCLEAR, np.where(u < 0.15, _WITH_PARENTS, _NUCLEAR)],
        np.where(u < 0.18, _WITH_PARENTS, np.where(u < 0.40, _THREE_GENERATIONS, _NUCLEAR)),
    )
    spouse = np.select(
        [variant == _SINGLE, variant == _NUCLEAR, variant == _WITH_PARENTS],
        [0, rng.random(n) < np.where(size == 2, 0.7, 0.9), 1],
        rng.random(n) < 0.75,
    ).astype(np.int64)
    parents = np.where(variant == _WITH_PARENTS, np.minimum(size - 2, np.where(rng.random(n) < 0.55, 1, 2)), 0)
    after_adult_child = size - 2 - spouse
    child_in_law = ((variant == _THREE_GENERATIONS) & (after_adult_child >= 2) & (rng.random(n) < 0.85)).astype(int)
    grandchildren = np.where(variant == _THREE_GENERATIONS, after_adult_child - child_in_law, 0)
    children = np.where(variant == _THREE_GENERATIONS, 1, size - 1 - spouse - parents)
    counts = np.stack([np.ones(n, np.int64), spouse, parents, children, child_in_law, grandchildren], axis=1)

    m = int(size.sum())
    hh = np.repeat(np.arange(n), size)
    role = np.repeat(np.tile(np.arange(6), n), counts.ravel())
    first_row = np.cumsum(size) - size
    group_first = np.repeat(np.cumsum(counts.ravel()) - counts.ravel(), counts.ravel())
    rank_in_role = np.arange(m) - group_first
    is_ = {r: role == r for r in range(6)}

    # -- sex and age -------------------------------------------------------------------------------------------
    def tri(low: float, mode: float, high: float) -> np.ndarray:
        return np.floor(rng.triangular(low, mode, high + 1, n)).astype(np.int64)

    head_male = rng.random(n) < np.where(spouse == 1, 0.78, 0.42)
    couple_only = (variant == _NUCLEAR) & (children == 0)
    head_age = np.select(
        [variant == _SINGLE, couple_only, variant == _NUCLEAR, variant == _WITH_PARENTS],
        [
            np.where(rng.random(n) < 0.4, tri(60, 70, 95), tri(19, 30, 59)),
            np.where(rng.random(n) < 0.5, tri(20, 26, 35), tri(45, 62, 88)),
            tri(22, 38, 62),
            tri(24, 34, 50),
        ],
        tri(50, 62, 85),
    )
    spouse_age = np.clip(head_age + np.round(rng.normal(np.where(head_male, -3, 3), 3)).astype(np.int64), 18, 99)
    younger_parent_age = np.where(spouse == 1, np.minimum(head_age, spouse_age), head_age)
    adult_child_male = rng.random(n) < 0.7
    adult_child_age = np.maximum(18, head_age - _ints(rng, 22, 34, n))
    in_law_age = np.maximum(18, adult_child_age + _ints(rng, -4, 4, n))
    grand_parent_age = np.where(child_in_law == 1, np.minimum(in_law_age, adult_child_age), adult_child_age)

    sex_male = np.zeros(m, bool)
    age = np.zeros(m, np.int64)
    rows = np.flatnonzero(is_[_HEAD])
    sex_male[rows], age[rows] = head_male, head_age
    rows = np.flatnonzero(is_[_SPOUSE])
    sex_male[rows], age[rows] = ~head_male[hh[rows]], spouse_age[hh[rows]]
    rows = np.flatnonzero(is_[_PARENT])
    single_parent = parents[hh[rows]] == 1
    sex_male[rows] = np.where(single_parent, rng.random(len(rows)) < 0.3, rank_in_role[rows] == 0)
    age[rows] = np.minimum(99, head_age[hh[rows]] + _ints(rng, 20, 36, len(rows)))
    three_generations = variant[hh] == _THREE_GENERATIONS
    rows = np.flatnonzero(is_[_CHILD] & ~three_generations)
    sex_male[rows] = rng.random(len(rows)) < 0.51
    age[rows] = _ints(rng, 0, np.clip(younger_parent_age[hh[rows]] - 18, 0, 32), len(rows))
    rows = np.flatnonzero(is_[_CHILD] & three_generations)
    sex_male[rows], age[rows] = adult_child_male[hh[rows]], adult_child_age[hh[rows]]
    rows = np.flatnonzero(is_[_CHILD_IN_LAW])
    sex_male[rows], age[rows] = ~adult_child_male[hh[rows]], in_law_age[hh[rows]]
    rows = np.flatnonzero(is_[_GRANDCHILD])
    sex_male[rows] = rng.random(len(rows)) < 0.51
    age[rows] = _ints(rng, 0, np.clip(grand_parent_age[hh[rows]] - 18, 0, 17), len(rows))

    relation = np.array(
        [Relation.HEAD, Relation.SPOUSE, Relation.PARENT, Relation.CHILD, Relation.CHILD_IN_LAW, Relation.GRANDCHILD],
        dtype=object,
    )[role]
    relation[is_[_PARENT] & (rng.random(m) < 0.2)] = Relation.PARENT_IN_LAW

    # Birth dates well away from a birthday, so the age at REFERENCE_DATE is `age` on any day-count convention.
    days = np.floor((age + 0.01 + 0.98 * rng.random(m)) * 365.2425).astype(np.int64)
    dob = np.datetime64(REFERENCE_DATE) - days.astype("timedelta64[D]")
    birth_year = dob.astype("datetime64[Y]").astype(np.int64) + 1970

    # -- ethnicity and names -----------------------------------------------------------------------------------
    cdf = plan.ethnic_cdf[ci, status]
    head_group = np.minimum((rng.random(n)[:, None] > cdf).sum(axis=1), len(_ETHNICITIES) - 1)
    ethnicity = np.array(_ETHNICITIES, dtype=object)[head_group][hh]
    married_in = (is_[_SPOUSE] | is_[_CHILD_IN_LAW]) & (ethnicity != "01") & (rng.random(m) < 0.08)
    ethnicity[married_in] = "01"
    full_name = _names(
        rng,
        ethnicity=ethnicity,
        region=region_of[hh],
        male=sex_male,
        birth_year=birth_year,
        hh=hh,
        role=role,
        first_row=first_row,
        spouse=spouse,
        parents=parents,
    )

    # -- CCCD ---------------------------------------------------------------------------------------------------
    own_codes = [
        [int(c) for c in commune.legacy_province_codes if f"0{c}" in CCCD_PROVINCE_CODES]
        or [int(commune.code[:2]) if f"0{commune.code[:2]}" in CCCD_PROVINCE_CODES else 1]
        for commune in communes
    ]
    commune_rows = ci[hh]
    pick = rng.random(m)
    birth_province = np.array(
        [
            codes[int(p * len(codes))]
            for codes, p in zip((own_codes[c] for c in commune_rows.tolist()), pick.tolist(), strict=True)
        ]
    )
    migrant = rng.random(m) < 0.04
    birth_province[migrant] = np.array(_CCCD_CODES)[rng.integers(0, len(_CCCD_CODES), int(migrant.sum()))]
    century_sex = (birth_year - 1900) // 100 * 2 + np.where(sex_male, 0, 1)
    prefix = birth_province * 1000 + century_sex * 100 + birth_year % 100
    serial = serials.take(prefix)
    citizen_id = [f"{value:012d}" for value in (prefix * 1_000_000 + serial).tolist()]
    for row in np.flatnonzero(rng.random(m) < 0.02).tolist():  # not recorded yet
        citizen_id[row] = None  # type: ignore[call-overload]

    # -- members' situation (defaults: nobody deprived) ----------------------------------------------------------
    poorish = status[hh] != _NOT_POOR
    disabled = rng.random(m) < np.select([age < 18, age < 60], [0.01, 0.03], 0.12)
    disability = np.full(m, Disability.NONE, dtype=object)
    disability[disabled] = _choice(
        rng, (Disability.MILD, Disability.SEVERE, Disability.VERY_SEVERE), (0.6, 0.3, 0.1), int(disabled.sum())
    )
    has_merit = rng.random(m) < np.select([age >= 60, age >= 40], [0.05, 0.01], 0.002)

    schooling = np.full(m, Schooling.NOT_APPLICABLE, dtype=object)
    education = np.full(m, "", dtype=object)
    schooling[(age >= 3) & (age <= 5)] = Schooling.PRESCHOOL
    schooling[(age >= 6) & (age <= 10)] = Schooling.PRIMARY
    education[(age >= 6) & (age <= 10)] = Education.NONE
    schooling[(age >= 11) & (age <= 14)] = Schooling.LOWER_SECONDARY
    education[(age >= 11) & (age <= 14)] = Education.PRIMARY
    at = age == 15
    upper = rng.random(m) < 0.6
    schooling[at] = np.where(upper[at], Schooling.UPPER_SECONDARY, Schooling.LOWER_SECONDARY)
    education[at] = np.where(upper[at], Education.LOWER_SECONDARY, Education.PRIMARY)
    at = (age >= 16) & (age <= 17)
    draw = rng.random(m)
    schooling[at] = np.select(
        [draw[at] < 0.75, draw[at] < 0.85], [Schooling.UPPER_SECONDARY, Schooling.VOCATIONAL], Schooling.NOT_APPLICABLE
    )
    education[at] = Education.LOWER_SECONDARY
    at = (age >= 18) & (age <= 22)
    draw = rng.random(m)
    higher = draw < np.where(urban[hh], 0.45, 0.25)
    schooling[at & higher] = Schooling.HIGHER
    schooling[at & ~higher & (draw < np.where(urban[hh], 0.52, 0.32))] = Schooling.VOCATIONAL
    # Adults: a level enough for the adult-education indicator up to 32 (two years of margin over 30).
    enough = (Education.UPPER_SECONDARY, Education.VOCATIONAL, Education.COLLEGE, Education.UNIVERSITY)
    at = (age >= 18) & (age <= 32)
    education[at] = _choice(rng, enough, (0.55, 0.2, 0.08, 0.17), int(at.sum()))
    education[at & (age < 22) & (education == Education.UNIVERSITY)] = Education.UPPER_SECONDARY
    education[at & (age < 21) & (education == Education.COLLEGE)] = Education.VOCATIONAL
    levels = (Education.NONE, Education.PRIMARY, Education.LOWER_SECONDARY, *enough)
    for older, poor_flag, p in (
        (False, False, (0.03, 0.12, 0.32, 0.33, 0.09, 0.04, 0.07)),
        (False, True, (0.12, 0.3, 0.38, 0.15, 0.04, 0.01, 0.0)),
        (True, False, (0.15, 0.33, 0.27, 0.14, 0.05, 0.02, 0.04)),
        (True, True, (0.35, 0.4, 0.18, 0.05, 0.02, 0.0, 0.0)),
    ):
        at = (age >= 33) & ((age >= 60) == older) & (poorish == poor_flag)
        education[at] = _choice(rng, levels, p, int(at.sum()))

    studying = np.isin(schooling, _STUDYING)
    employment = np.full(m, "", dtype=object)
    employment[age < 15] = Employment.CHILD
    employment[(age >= 15) & studying] = Employment.STUDENT
    working = (age >= 15) & ~studying
    work_age = working & (age < 60)
    rural_work = (Employment.FARMING, Employment.SELF_EMPLOYED, Employment.WAGE, Employment.HOMEMAKER)
    for is_urban, p_work, p_old in (
        (False, (0.52, 0.14, 0.27, 0.07), (0.55, 0.3, 0.1, 0.05)),
        (True, (0.05, 0.3, 0.55, 0.10), (0.8, 0.05, 0.1, 0.05)),
    ):
        at = work_age & (urban[hh] == is_urban)
        employment[at] = _choice(rng, rural_work, p_work, int(at.sum()))
        at = working & (age >= 60) & (urban[hh] == is_urban)
        employment[at] = _choice(
            rng,
            (Employment.RETIRED, Employment.FARMING, Employment.SELF_EMPLOYED, Employment.HOMEMAKER),
            p_old,
            int(at.sum()),
        )
    employment[(disability == Disability.VERY_SEVERE) & (age >= 15)] = Employment.UNABLE
    labour_contract = np.full(m, None, dtype=object)
    labour_contract[employment == Employment.WAGE] = True
    health_insurance = np.ones(m, bool)
    malnourished = np.zeros(m, bool)
    social_allowance = np.zeros(m, bool)

    # -- which indicators each household is deprived in --------------------------------------------------------
    child16 = age < 16
    allowance_candidate = (age >= 16) & ((age >= 60) | np.isin(disability, (Disability.SEVERE, Disability.VERY_SEVERE)))
    n_child16 = _count(hh, child16, n)
    n_candidates = _count(hh, allowance_candidate, n)
    employment_eligible = (age >= 18) & (age <= 50) & ~studying & (disability != Disability.VERY_SEVERE)
    education_eligible = (age >= 18) & (age <= 28) & ~studying
    school_eligible = (age >= 3) & (age <= 15)
    feasible = np.ones((n, 12), bool)
    feasible[:, 0] = _count(hh, employment_eligible, n) > 0
    feasible[:, 1] = 2 * (n_child16 + n_candidates) > size
    feasible[:, 2] = n_child16 > 0
    feasible[:, 4] = _count(hh, education_eligible, n) > 0
    feasible[:, 5] = _count(hh, school_eligible, n) > 0
    forced_dependants = 2 * n_child16 > size  # more than half are children: deprived whatever else is true

    wanted = np.zeros(n, np.int64)
    for code, distribution in enumerate(DEPRIVATION_COUNTS[s] for s in _STATUS_CODES):
        at = status == code
        wanted[at] = rng.choice(list(distribution), size=int(at.sum()), p=list(distribution.values()))
    wanted = np.minimum(np.maximum(wanted, forced_dependants.astype(np.int64)), feasible.sum(axis=1))
    keys = rng.exponential(1.0, (n, 12)) / np.array(INDICATOR_WEIGHTS)
    keys[~feasible] = np.inf
    keys[:, 1] = np.where(forced_dependants, -np.inf, keys[:, 1])
    ranks = np.argsort(np.argsort(keys, axis=1), axis=1)
    deprived = (ranks < wanted[:, None]) & feasible
    d = {name: deprived[:, i] for i, name in enumerate(INDICATORS)}

    # -- realise the members' deprivations ----------------------------------------------------------------------
    chosen = _pick_one(rng, hh, employment_eligible & d["employment"][hh])
    casual = chosen & (rng.random(m) < 0.5)
    employment[chosen & ~casual] = Employment.UNEMPLOYED
    labour_contract[chosen & ~casual] = None
    employment[casual] = Employment.WAGE
    labour_contract[casual] = False

    deprived_dependants = d["dependants"][hh]
    budget = np.where(d["dependants"], 0, size // 2 - n_child16)  # allowances that keep dependants ≤ 50 %
    likely = (age >= 80) | np.isin(disability, (Disability.SEVERE, Disability.VERY_SEVERE))
    order = _rank_within(hh, rng.random(m) + np.where(likely, 0.0, 1.0), allowance_candidate)
    social_allowance[allowance_candidate & deprived_dependants] = True
    social_allowance[
        allowance_candidate & ~deprived_dependants & (order < budget[hh]) & (likely | (rng.random(m) < 0.2))
    ] = True

    malnourished[_pick_one(rng, hh, child16 & d["nutrition"][hh], prefer=age < 5)] = True

    uninsured = _pick_one(rng, hh, (age >= 6) & d["health_insurance"][hh], prefer=(age >= 6) & (age <= 15))
    uninsured |= d["health_insurance"][hh] & (age >= 18) & (rng.random(m) < 0.3)
    health_insurance[uninsured] = False

    low = _pick_one(rng, hh, education_eligible & d["adult_education"][hh])
    education[low] = _choice(
        rng, (Education.NONE, Education.PRIMARY, Education.LOWER_SECONDARY), (0.15, 0.35, 0.5), int(low.sum())
    )

    out = _pick_one(rng, hh, school_eligible & d["child_schooling"][hh], prefer=(age >= 6) & (age <= 14))
    schooling[out] = Schooling.NOT_ATTENDING
    employment[out & (age >= 15)] = Employment.HOMEMAKER

    occupation = np.full(m, "", dtype=object)
    with_contract = np.array([value is True for value in labour_contract.tolist()])
    without_contract = np.array([value is False for value in labour_contract.tolist()])
    for kind, pool in OCCUPATIONS.items():
        at = (employment == kind) & ~without_contract
        occupation[at] = _choice(rng, pool, np.ones(len(pool)), int(at.sum()))
    at = with_contract & np.isin(education, (Education.COLLEGE, Education.UNIVERSITY))
    occupation[at] = _choice(rng, QUALIFIED_WORK, np.ones(len(QUALIFIED_WORK)), int(at.sum()))
    occupation[without_contract] = _choice(rng, CASUAL_WORK, np.ones(len(CASUAL_WORK)), int(without_contract.sum()))

    # -- household facts -----------------------------------------------------------------------------------------
    facts = _household_facts(rng, n=n, size=size, urban=urban, region=region_of, status=status, d=d)
    commune_ids = np.array([c.id for c in communes])[ci]
    legacy = [c.legacy_commune_ids for c in communes]
    pick = rng.random(n).tolist()
    village_pick = rng.random(n).tolist()
    households = {
        "code": [
            household_code(communes[c].code, codes_in_use.get(communes[c].id, 0) + number)
            for c, number in zip(ci.tolist(), plan.number[start:stop].tolist(), strict=True)
        ],
        "commune_id": commune_ids.tolist(),
        "legacy_commune_id": [
            legacy[c][int(p * len(legacy[c]))] if legacy[c] else None for c, p in zip(ci.tolist(), pick, strict=True)
        ],
        "village_id": [
            (ids := village_ids[communes[c].id])[int(p * len(ids))]
            for c, p in zip(ci.tolist(), village_pick, strict=True)
        ],
        "address": [
            f"Số nhà {k}" if u else "" for k, u in zip(_ints(rng, 1, 250, n).tolist(), urban.tolist(), strict=True)
        ],
        "area_type": np.where(urban, AreaType.URBAN.value, AreaType.RURAL.value).tolist(),
        "status": [str(_STATUS_CODES[s]) for s in status.tolist()],
        **facts,
    }
    persons = {
        "household_index": hh.tolist(),
        "full_name": full_name.tolist(),
        "sex": np.where(sex_male, Sex.MALE.value, Sex.FEMALE.value).tolist(),
        "date_of_birth": dob.tolist(),
        "ethnicity": ethnicity.tolist(),
        "citizen_id": citizen_id,
        # The card's issue date and place are optional; synthetic people leave them unrecorded.
        "citizen_id_issued_on": [None] * len(citizen_id),
        "citizen_id_issued_by": [""] * len(citizen_id),
        "relation": [str(r) for r in relation.tolist()],
        "disability": [str(v) for v in disability.tolist()],
        "has_merit": has_merit.tolist(),
        "social_allowance": social_allowance.tolist(),
        "schooling": [str(v) for v in schooling.tolist()],
        "education": [str(v) for v in education.tolist()],
        "health_insurance": health_insurance.tolist(),
        "employment": [str(v) for v in employment.tolist()],
        "occupation": occupation.tolist(),
        "labour_contract": labour_contract.tolist(),
        "malnourished": malnourished.tolist(),
    }
    return HouseholdBatch(households=households, persons=persons)
