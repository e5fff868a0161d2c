"""Fixtures shared by the whole suite. The named cast, the factories and the scenes live in giamngheo/testing/."""

import os

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to run inside one unless told
# that the test (not a real async request) is doing it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def cast(db):  # type: ignore[no-untyped-def]
    from giamngheo.testing.cast import cast_create

    return cast_create()


@pytest.fixture
def year_2025(cast):  # type: ignore[no-untyped-def]
    """Xã Thử A's 2025 review signed (giamngheo/testing/scenes.py)."""
    from giamngheo.testing.scenes import year_2025

    return year_2025(cast)
