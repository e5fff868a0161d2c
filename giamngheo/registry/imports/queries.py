"""Lookups by the file's many codes and ids, a chunk at a time."""

from collections.abc import Iterator, Sequence
from typing import TypeVar

QUERY_CHUNK = 500  # below SQLite's limit on query parameters

T = TypeVar("T")


def chunks(items: Sequence[T]) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), QUERY_CHUNK):
        yield items[start : start + QUERY_CHUNK]
