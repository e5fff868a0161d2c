"""Fixtures shared by the whole suite. The named cast lives in giamngheo/common/testing.py."""

import os

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to run inside one unless told
# that the test (not a real async request) is doing it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def cast(db):  # type: ignore[no-untyped-def]
    from giamngheo.common.testing import cast_create

    return cast_create()
