"""Vietnamese text helpers: one normal form for storage, one folded form for search.

Vietnamese can be typed precomposed ("ễ" as one code point) or decomposed (e + two combining marks); both
must compare equal, so everything stored is NFC. Search ignores diacritics and case: "nguyen van an"
finds "Nguyễn Văn An". "đ" is a letter of its own, not d plus a mark, so NFD alone does not fold it.
"""

import re
import unicodedata
from collections.abc import Iterator

_SPACES = re.compile(r"\s+")
_ODD_SPACES = re.compile(r"\s\s|[^\S ]")  # a run of white space, or white space other than a plain space
# Vietnamese alphabetical order (TCVN 5712 and the dictionaries; CLDR's "vi" collation, which PostgreSQL's ICU
# collation vi-VN-x-icu follows): a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y. The letter's variant
# (breve, circumflex, horn, the bar of đ) ranks it right after its base letter; the tones decide only between words
# whose letters are all alike: none, huyền, hỏi, ngã, sắc, nặng.
# The collation's name in queries (common.models.vi_order): PostgreSQL's ICU collation (common migration 0001 creates it
# where an installation lacks it); on SQLite the same name is registered on every connection (common.apps) and
# compares with sort_key.
VI_COLLATION = "vi-VN-x-icu"
_VARIANTS = {"\u0306": 1, "\u0302": 2, "\u031b": 3}  # ă; â ê ô; ơ ư
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
SortKey = tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]
_D_MAP = str.maketrans({"đ": "d", "Đ": "d"})


def nfc(value: str) -> str:
    """NFC-normalise and collapse runs of white space ("  Nguyễn   Văn An " -> "Nguyễn Văn An"). Text already in that
    form comes back as the same object, not a copy: an import keeps a name read from a file once, not twice."""
    text = unicodedata.normalize("NFC", value)
    if _ODD_SPACES.search(text):
        text = _SPACES.sub(" ", text)
    return text.strip()


def fold(value: str) -> str:
    """Lower-case, strip diacritics and map đ to d, for diacritic-insensitive search."""
    decomposed = unicodedata.normalize("NFD", value.translate(_D_MAP))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.lower()).strip()


def _letters(value: str) -> Iterator[tuple[int, int, int]]:
    """(letter weight, tone, capital) of each letter of `value`, marks folded into their letter."""
    base: str | None = None
    variant = tone = 0
    capital = False
    for ch in unicodedata.normalize("NFD", value):
        if base is not None and unicodedata.combining(ch):
            variant = _VARIANTS.get(ch, variant)
            tone = _TONES.get(ch, tone)
            continue
        if base is not None:
            yield ord(base) * 4 + variant, tone, int(capital)
        capital = ch != ch.lower()
        lower = ch.lower()
        base, variant, tone = ("d", 1, 0) if lower == "đ" else (lower, 0, 0)
    if base is not None:
        yield ord(base) * 4 + variant, tone, int(capital)


def sort_key(value: str) -> SortKey:
    """The key that sorts names in Vietnamese alphabetical order ("Bảo Ái" before "Bảo Yên", "Âu Lâu" between "An"
    and "Bắc"): letters first, then tones, then capitals after small letters, as ICU compares at its three levels.
    Spaces and digits come before letters. Used by Python sorts and by SQLite's "vi-VN-x-icu" collation."""
    letters = list(_letters(nfc(value)))
    return (
        tuple(weight for weight, _, _ in letters),
        tuple(tone for _, tone, _ in letters),
        tuple(capital for _, _, capital in letters),
    )


def collate_vi(left: str, right: str) -> int:
    """The comparison function of SQLite's Vietnamese collation: negative, zero or positive."""
    a, b = sort_key(left), sort_key(right)
    return (a > b) - (a < b)
