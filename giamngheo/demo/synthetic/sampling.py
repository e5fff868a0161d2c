"""Vectorised draws shared by the plan and the generator: seeded generators, choices, ranks within households."""

from collections.abc import Sequence
from typing import Any

import numpy as np


def _rng(seed: int, *key: int) -> np.random.Generator:
    return np.random.default_rng(np.random.SeedSequence(entropy=seed, spawn_key=key))


def _choice(rng: np.random.Generator, options: Sequence[Any], p: Sequence[float] | np.ndarray, size: int) -> np.ndarray:
    values = np.empty(len(options), dtype=object)
    values[:] = list(options)
    probabilities = np.asarray(p, float)
    return values[rng.choice(len(options), size=size, p=probabilities / probabilities.sum())]


def _ints(rng: np.random.Generator, low: np.ndarray | int, high: np.ndarray | int, size: int) -> np.ndarray:
    """Uniform integers in [low, high] (inclusive), element-wise."""
    low_a = np.broadcast_to(np.asarray(low, float), (size,))
    high_a = np.maximum(np.broadcast_to(np.asarray(high, float), (size,)), low_a)
    return np.floor(low_a + rng.random(size) * (high_a - low_a + 1)).astype(np.int64)


def _rank_within(groups: np.ndarray, keys: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Rank (0, 1, …) of each masked row among the masked rows of its group, by key; -1 for unmasked rows."""
    rows = np.flatnonzero(mask)
    order = rows[np.lexsort((keys[rows], groups[rows]))]
    sorted_groups = groups[order]
    first = np.r_[True, sorted_groups[1:] != sorted_groups[:-1]]
    start = np.maximum.accumulate(np.where(first, np.arange(len(order)), 0))
    rank = np.full(len(groups), -1, np.int64)
    rank[order] = np.arange(len(order)) - start
    return rank


def _pick_one(
    rng: np.random.Generator, hh: np.ndarray, mask: np.ndarray, prefer: np.ndarray | None = None
) -> np.ndarray:
    """One masked member per household (a preferred one when there is one), as a boolean mask over members."""
    keys = rng.random(len(hh)) + (0.0 if prefer is None else np.where(prefer, 0.0, 1.0))
    return _rank_within(hh, keys, mask) == 0


def _count(hh: np.ndarray, mask: np.ndarray, n: int) -> np.ndarray:
    return np.bincount(hh, weights=mask.astype(float), minlength=n).astype(np.int64)
