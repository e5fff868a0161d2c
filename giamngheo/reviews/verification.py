"""A certificate's verification code: 80 random bits printed in Crockford's base32 (16 characters, four groups of
four), the address of the public page it leads to, its QR code, and the head's name as that page shows it.

Crockford's alphabet leaves out I, L, O and U, so a code read aloud or typed from paper survives the usual mistakes:
a typed I or L reads as 1, an O as 0, lower case as upper case, and hyphens and spaces are ignored.
"""

import re
import secrets
import unicodedata

import segno
from django.conf import settings
from django.urls import reverse

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_BITS = 80  # issue 12: at least 80 bits, from `secrets`
CODE_LENGTH = CODE_BITS // 5
_TYPOS = str.maketrans({"I": "1", "L": "1", "O": "0"})
_SEPARATORS = re.compile(r"[\s\-–.]+")


def code_new() -> str:
    """A fresh code: 80 bits from the operating system's secure source, 16 characters."""
    number = int.from_bytes(secrets.token_bytes(CODE_BITS // 8), "big")
    return "".join(ALPHABET[(number >> (5 * i)) & 31] for i in reversed(range(CODE_LENGTH)))


def code_printed(code: str) -> str:
    """ "7KQ2-M9XD-…": groups of four, as printed under the QR code."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def code_parse(text: str) -> str | None:
    """The stored form of a code as someone typed it, or None when it cannot be a code at all."""
    code = _SEPARATORS.sub("", text).upper().translate(_TYPOS)
    if len(code) != CODE_LENGTH or any(c not in ALPHABET for c in code):
        return None
    return code


def verification_url(code: str) -> str:
    """The public page's full address (settings.VERIFICATION_BASE_URL in front), printed and put in the QR code."""
    return settings.VERIFICATION_BASE_URL + reverse("verification:check", kwargs={"code": code_printed(code)})


def qr_svg_data_uri(url: str) -> str:
    """The QR code as an SVG data URI for the PDF (segno: pure Python, no network). Error correction M survives a
    creased or lightly stained paper."""
    return str(segno.make_qr(url, error="m").svg_data_uri(scale=4, border=2))


def initials(full_name: str) -> str:
    """ "Nguyễn Văn An" → "N. V. A.": the head's name masked to initials, as the public page shows it."""
    letters = [unicodedata.normalize("NFC", word)[0].upper() for word in full_name.split() if word]
    return " ".join(f"{letter}." for letter in letters)
