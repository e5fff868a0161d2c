"""The kinds of support (data/kinds.yaml), read once: their labels, whether a household or a member receives them,
the programme project and the legal reference."""

import functools
from dataclasses import dataclass
from pathlib import Path

import yaml

DATA = Path(__file__).parent / "data" / "kinds.yaml"
HOUSEHOLD, PERSON = "household", "person"


@dataclass(frozen=True)
class SupportKind:
    code: str
    label: str
    level: str  # HOUSEHOLD or PERSON
    project: str
    reference: str
    status: str


@functools.cache
def support_kinds() -> dict[str, SupportKind]:
    raw = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    kinds = {
        k["code"]: SupportKind(k["code"], k["label"], k["level"], k["project"], k["reference"], k["status"])
        for k in raw["kinds"]
    }
    wrong = [k.code for k in kinds.values() if k.level not in (HOUSEHOLD, PERSON)]
    if wrong:
        raise ValueError(f"data/kinds.yaml: level must be household or person for {wrong}")
    return kinds
