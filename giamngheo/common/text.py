"""Vietnamese text helpers: one normal form for storage, one folded form for search.

Vietnamese can be typed precomposed ("ễ" as one code point) or decomposed (e + two combining marks); both
must compare equal, so everything stored is NFC. Search ignores diacritics and case: "nguyen van an"
finds "Nguyễn Văn An". "đ" is a letter of its own, not d plus a mark, so NFD alone does not fold it.
"""

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_D_MAP = str.maketrans({"đ": "d", "Đ": "d"})


def nfc(value: str) -> str:
    """NFC-normalise and collapse runs of white space ("  Nguyễn   Văn An " -> "Nguyễn Văn An")."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", value)).strip()


def fold(value: str) -> str:
    """Lower-case, strip diacritics and map đ to d, for diacritic-insensitive search."""
    decomposed = unicodedata.normalize("NFD", value.translate(_D_MAP))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.lower()).strip()
