"""Full names of a chunk's members: each member's own draw from the name pools of its group (names.py), then the
family names passed down the household."""

import numpy as np

from giamngheo.demo.synthetic.names import _KINH_STYLE_BY_REGION, _STYLE_BY_ETHNICITY, _STYLE_KEYS, NAME_STYLES
from giamngheo.demo.synthetic.population import _CHILD, _CHILD_IN_LAW, _GRANDCHILD, _PARENT


def _names(
    rng: np.random.Generator,
    *,
    ethnicity: np.ndarray,
    region: np.ndarray,
    male: np.ndarray,
    birth_year: np.ndarray,
    hh: np.ndarray,
    role: np.ndarray,
    first_row: np.ndarray,
    spouse: np.ndarray,
    parents: np.ndarray,
) -> np.ndarray:
    """Full names: each member's own draw for its group, then family names passed down (father's line, the
    mother's in the matrilineal Ê-đê and Gia-rai)."""
    m = len(hh)
    kinh_style = np.array([_KINH_STYLE_BY_REGION.get(r, "kinh_centre") for r in region.tolist()], dtype=object)
    style = np.array([_STYLE_BY_ETHNICITY.get(e, "tay_nung") for e in ethnicity.tolist()], dtype=object)
    style = np.where(ethnicity == "01", kinh_style, style)
    young = birth_year >= 1985
    family = np.full(m, "", dtype=object)
    middle = np.full(m, "", dtype=object)
    given = np.full(m, "", dtype=object)
    matrilineal = np.zeros(m, bool)
    for key in _STYLE_KEYS:
        rows = np.flatnonzero(style == key)
        if not len(rows):
            continue
        spec = NAME_STYLES[key]
        matrilineal[rows] = spec.matrilineal
        names, p = spec.families
        if names:
            family[rows] = np.array(names, dtype=object)[rng.choice(len(names), size=len(rows), p=p)]
        for is_male, middles, givens in (
            (True, spec.male_middle, spec.male_given),
            (False, spec.female_middle, spec.female_given),
        ):
            for is_young in (False, True):
                at = rows[(male[rows] == is_male) & (young[rows] == is_young)]
                pool_m, pool_g = middles[is_young], givens[is_young]
                if pool_m:
                    middle[at] = np.array([f"{x} " if x else "" for x in pool_m], dtype=object)[
                        rng.integers(0, len(pool_m), len(at))
                    ]
                picks = rng.integers(0, len(pool_g), len(at))
                # "Nguyễn Đăng Đăng": a given name equal to the middle name moves to the next one in the pool.
                clash = np.array(
                    [
                        g == mid.strip()
                        for g, mid in zip(
                            np.array(pool_g, dtype=object)[picks].tolist(), middle[at].tolist(), strict=True
                        )
                    ],
                    bool,
                )
                picks[clash] = (picks[clash] + 1) % len(pool_g)
                given[at] = np.array(pool_g, dtype=object)[picks]

    # Family names passed down.
    head_row = first_row
    has_spouse = spouse == 1
    spouse_row = np.where(has_spouse, first_row + 1, first_row)
    head_is_male = male[head_row]
    fathers_line = np.where(head_is_male | ~has_spouse, family[head_row], family[spouse_row])
    mothers_line = np.where(~head_is_male | ~has_spouse, family[head_row], family[spouse_row])
    household_matrilineal = matrilineal[head_row]
    line = np.where(household_matrilineal, mothers_line, fathers_line)
    rows = np.flatnonzero(role == _CHILD)
    family[rows] = line[hh[rows]]
    rows = np.flatnonzero(role == _PARENT)
    same_line = np.where(household_matrilineal[hh[rows]], ~male[rows], male[rows])
    family[rows[same_line]] = family[head_row[hh[rows[same_line]]]]
    rows = np.flatnonzero(role == _GRANDCHILD)
    adult_child_row = first_row + 1 + spouse + parents
    in_law_row = adult_child_row + 1
    h = hh[rows]
    has_in_law = role[np.minimum(in_law_row[h], m - 1)] == _CHILD_IN_LAW
    child_line = np.where(
        has_in_law & (male[adult_child_row[h]] == household_matrilineal[h]),
        family[np.minimum(in_law_row[h], m - 1)],
        family[adult_child_row[h]],
    )
    family[rows] = child_line

    full = np.empty(m, dtype=object)
    pattern_of = np.array([NAME_STYLES[key].pattern for key in style.tolist()], dtype=object)
    for pattern in ("fmg", "gc", "cg", "g"):
        rows = np.flatnonzero(pattern_of == pattern)
        f, mi, g = family[rows].tolist(), middle[rows].tolist(), given[rows].tolist()
        if pattern == "fmg":
            full[rows] = [f"{a} {b}{c}" for a, b, c in zip(f, mi, g, strict=True)]
        elif pattern == "gc":
            full[rows] = [f"{c} {a}" for a, c in zip(f, g, strict=True)]
        elif pattern == "cg":
            full[rows] = [f"{a} {c}" for a, c in zip(f, g, strict=True)]
        else:
            full[rows] = g
    return full
