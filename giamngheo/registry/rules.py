"""The register's few legal values, read by date from data/household_head.yaml (never held in code)."""

import datetime
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).parent / "data" / "household_head.yaml"


@dataclass(frozen=True)
class HeadAge:
    valid_from: datetime.date
    min_age: int
    reference: str
    status: str
    note: str

    @property
    def unverified(self) -> bool:
        return self.status == "U"


@functools.cache
def _versions() -> tuple[HeadAge, ...]:
    with open(DATA, encoding="utf-8") as f:
        raw: dict[str, Any] = yaml.safe_load(f)
    return tuple(
        sorted(
            (
                HeadAge(
                    valid_from=v["valid_from"],
                    min_age=int(v["min_age"]["value"]),
                    reference=v["min_age"]["reference"],
                    status=v["min_age"]["status"],
                    note=v["min_age"].get("note", ""),
                )
                for v in raw["versions"]
            ),
            key=lambda v: v.valid_from,
        )
    )


def head_age_in_force(day: datetime.date) -> HeadAge:
    """The head-age rule of `day` (the earliest version also covers earlier days: the register has no older rule)."""
    versions = _versions()
    return next((v for v in reversed(versions) if v.valid_from <= day), versions[0])


def age_on(born: datetime.date, day: datetime.date) -> int:
    """Full years of age on `day`."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))
