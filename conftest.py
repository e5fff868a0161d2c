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


@pytest.fixture(autouse=True)
def _default_language():  # type: ignore[no-untyped-def]
    """Each test starts in the project's language: a request that chose English (the language switch) leaves it
    active in the thread, and the next test's commands and documents would come out in English."""
    from django.conf import settings
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        yield
