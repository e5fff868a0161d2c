"""The demo commands are run from a shell, where no request has chosen a language: their output is in the project's
language. A test that switched the test client to English leaves English active in the thread (common's
test_choosing_english_with_the_switch_sticks), so each test here starts from the default language."""

from collections.abc import Iterator

import pytest
from django.conf import settings
from django.utils import translation


@pytest.fixture(autouse=True)
def default_language() -> Iterator[None]:
    with translation.override(settings.LANGUAGE_CODE):
        yield
