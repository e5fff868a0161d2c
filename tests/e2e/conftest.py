"""Browser tests drive Debian's Chromium (/usr/bin/chromium): Playwright cannot download its own browser here."""

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from giamngheo.accounts.models import User
from giamngheo.reviews.views import base as review_views
from giamngheo.testing.browser import AXE, log_in
from giamngheo.testing.cast import cast_create
from giamngheo.testing.scenes import WORK_DAY, WorkingDay, working_day

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "locale": "vi-VN", "viewport": {"width": 1280, "height": 900}}


@pytest.fixture
def day(transactional_db: None, monkeypatch: pytest.MonkeyPatch) -> WorkingDay:
    """Xã Thử A in the middle of its 2026 review (giamngheo/testing/scenes.py), seen on WORK_DAY."""
    monkeypatch.setattr(review_views, "today", lambda: WORK_DAY)
    return working_day(cast_create())


@pytest.fixture
def screen_page(browser: Browser, live_server: Any) -> Iterator[Callable[..., Page]]:
    """Opens a browser context with the given viewport (and axe-core in every page), logged in as the user given,
    or not logged in; the contexts close at the end of the test."""
    contexts: list[BrowserContext] = []

    def open_page(screen: dict[str, int], user: User | None = None) -> Page:
        context = browser.new_context(viewport=screen, locale="vi-VN")
        context.add_init_script(path=AXE)
        contexts.append(context)
        page = context.new_page()
        if user is not None:
            log_in(page, live_server.url, user.username)
        return page

    yield open_page
    for context in contexts:
        context.close()
