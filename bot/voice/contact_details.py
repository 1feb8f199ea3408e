"""Names and phone numbers citizens leave with a question: cleaned, or None."""

from __future__ import annotations

import re

# Mobile prefixes in use since the 2018 renumbering (Viettel, VinaPhone, MobiFone,
# Vietnamobile, Gmobile, Itel, Reddi); landlines are 02x area codes with 11 digits in all.
_MOBILE = re.compile(r"^0(3[2-9]|5[25689]|7[06789]|8[1-9]|9[0-46-9])\d{7}$")
_LANDLINE = re.compile(r"^02\d{9}$")
_PHONE_JUNK = re.compile(r"[\s.\-()]")
_NAME = re.compile(r"^[^\W\d_]+(?:[ .'\-][^\W\d_]+)*\.?$")


def normalise_phone(text: str) -> str | None:
    """A Vietnamese phone number as ``0xxxxxxxxx`` (mobile) or ``02xxxxxxxxx`` (landline).

    Accepts spaces, dots, dashes, brackets and the ``+84``/``84`` country code.
    """
    digits = _PHONE_JUNK.sub("", text.strip())
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    if not digits.isdigit():
        return None
    if _MOBILE.match(digits) or _LANDLINE.match(digits):
        return digits
    return None


def clean_name(text: str) -> str | None:
    """A person's name (letters, spaces, dots, hyphens; 2–60 characters), tidied, or None."""
    name = " ".join(text.split())
    if not 2 <= len(name) <= 60 or not _NAME.match(name):
        return None
    return name
