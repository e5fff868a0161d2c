"""The English catalogue is complete: every Vietnamese string has a reviewed English translation.

Run `make messages` after adding strings, then translate the new entries; a fuzzy entry is a guess by msgmerge.
"""

import re
from pathlib import Path

CATALOGUE = Path(__file__).resolve().parents[3] / "locale" / "en" / "LC_MESSAGES" / "django.po"


def test_every_entry_is_translated_and_none_is_a_guess():
    entries = CATALOGUE.read_text(encoding="utf-8").split("\n\n")[1:]
    assert len(entries) > 400
    fuzzy = [e for e in entries if re.search(r"^#,.*fuzzy", e, re.MULTILINE)]
    empty = [e for e in entries if re.search(r'^msgstr(\[\d\])? ""\n?$', e.strip().split("\n")[-1] + "\n")]
    assert not fuzzy, fuzzy[:3]
    assert not empty, empty[:3]
