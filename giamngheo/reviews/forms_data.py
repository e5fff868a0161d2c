"""The survey forms' data: Phiếu A criteria and the poverty causes and support needs (data/*.yaml)."""

import functools
from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).parent / "data"


@functools.cache
def _load(name: str) -> dict[str, Any]:
    with open(DATA / name, encoding="utf-8") as f:
        return yaml.safe_load(f)


def phieu_a() -> dict[str, Any]:
    return _load("phieu_a.yaml")


def causes() -> list[dict[str, str]]:
    return _load("causes.yaml")["causes"]


def needs() -> list[dict[str, str]]:
    return _load("causes.yaml")["needs"]
