"""Typed answers at a step that shows buttons: the label, its number, or a usual synonym.

People often type instead of tapping ("đồng ý", "co", "que phong", "1"). The engine remembers
the buttons it last showed each person (``store.choices``) and, when typed text arrives while
they are live, :func:`resolve` turns it into that button's payload, which then runs through
``Router.dispatch_payload`` exactly like a press. Only payloads the bot itself showed this
person can come out, so typing can never act as a button the bot did not give.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rapidfuzz import fuzz

from bot.core.router import fold

# Whole answers meaning yes / no (accent-folded). "ừ" folds to "u", "ko" is common shorthand.
YES_WORDS = frozenset(
    {
        "ok",
        "oke",
        "okay",
        "yes",
        "y",
        "co",
        "co a",
        "u",
        "uh",
        "um",
        "vang",
        "vang a",
        "da",
        "da vang",
        "duoc",
        "dong y",
        "dong y a",
        "dong y roi",
        "toi dong y",
        "chac chan",
    }
)
NO_WORDS = frozenset(
    {"khong", "ko", "k", "kg", "khg", "hong", "no", "khong a", "khong dong y", "thoi khong"}
)
# Where a button label starts when it says yes (after its emoji), or no.
YES_LABELS = ("dong y", "co", "xac nhan", "ok", "luu")
NO_LABELS = ("khong",)
# Words a place name is often typed with or without ("Xã Tri Lễ" / "tri le", "Bản Mờ" / "mo").
PLACE_WORDS = ("xa ", "ban ", "thon ", "huyen ", "tinh ")
FUZZY_MIN_LENGTH = 4  # shorter typed answers must match exactly: "co" and "ko" are 50% alike
FUZZY_SCORE = 85  # rapidfuzz ratio (0-100) for a label typed with a slip
FUZZY_MARGIN = 8  # the best label must beat the next one by this much, or nothing is chosen

Choice = tuple[str, str]  # (label, payload)

# A button named by its place ("số 2", "câu 1", "cái thứ hai", "cái đầu tiên", "tôi chọn 3"):
# older people read the list and answer with its number in words. A marker word is required:
# "hai" alone is a number in a question, "thứ hai" alone is Monday, "ba" alone is a father.
_ORDINAL = re.compile(
    r"^(?:(?:toi|em|minh|tui|con|chau) )?(?:chon )?"
    r"(?:(?:cai|cau|so|nut|muc|dong|y|chon)(?: so| thu)?|cai cau(?: so| thu)?) "
    r"(\d+|mot|nhat|hai|ba|bon|tu|nam|dau|dau tien|cuoi|cuoi cung)"
    r"(?: (?:a|nha|nhe|di|ha|ak|ad))?$"
)
_PLACES = {
    "mot": 1,
    "nhat": 1,
    "dau": 1,
    "dau tien": 1,
    "hai": 2,
    "ba": 3,
    "bon": 4,
    "tu": 4,
    "nam": 5,
}


def key(text: str) -> str:
    """``text`` folded, without emoji, punctuation or a leading place word."""
    folded = fold(text)
    kept = "".join(ch if ch.isalnum() or ch == " " else " " for ch in folded)
    words = " ".join(kept.split())
    for word in PLACE_WORDS:
        if words.startswith(word) and len(words) > len(word):
            return words[len(word) :]
    return words


def resolve(text: str, choices: Sequence[Choice], *, exact_only: bool = False) -> str | None:
    """The payload of the choice ``text`` names, or None when it names none for sure.

    ``exact_only`` (at a step whose answer is typed, such as a broadcast message): only the
    whole label counts, never a number, a yes/no word or a near miss.
    """
    if not choices:
        return None
    typed = key(text)
    if not typed:
        return None
    labels = [key(label) for label, _ in choices]
    exact = [payload for (_, payload), label in zip(choices, labels, strict=True) if label == typed]
    if len(exact) == 1 or exact_only:
        return exact[0] if len(exact) == 1 else None
    number = _place(typed, len(choices))
    if number is not None:
        return choices[number - 1][1] if 1 <= number <= len(choices) else None
    answer = _yes_no(typed, labels)
    if answer is not None:
        return choices[answer][1]
    if len(typed) < FUZZY_MIN_LENGTH:
        return None
    # The first words of one long label ("phản ánh" for "⚠️ Phản ánh một việc chưa đúng").
    starting = [i for i, label in enumerate(labels) if label.startswith(typed + " ")]
    if len(starting) == 1:
        return choices[starting[0]][1]
    scores = sorted(((fuzz.ratio(typed, label), i) for i, label in enumerate(labels)), reverse=True)
    best, index = scores[0]
    runner_up = scores[1][0] if len(scores) > 1 else 0
    if best >= FUZZY_SCORE and best - runner_up >= FUZZY_MARGIN:
        return choices[index][1]
    return None


def _place(typed: str, count: int) -> int | None:
    """The place in the list ``typed`` names ("2", "số 2", "cái thứ hai", "cái cuối"), or
    None when it names no place."""
    if typed.isdigit():
        return int(typed)
    found = _ORDINAL.match(typed)
    if found is None:
        return None
    place = found.group(1)
    if place in ("cuoi", "cuoi cung"):
        return count
    return int(place) if place.isdigit() else _PLACES[place]


def _yes_no(typed: str, labels: list[str]) -> int | None:
    """The index of the one yes (or no) button when ``typed`` is a yes (or no) word."""
    starts: tuple[str, ...]
    if typed in YES_WORDS:
        starts = YES_LABELS
    elif typed in NO_WORDS:
        starts = NO_LABELS
    else:
        return None
    found = [
        i
        for i, label in enumerate(labels)
        if any(label == s or label.startswith(s + " ") for s in starts)
        and not (starts is YES_LABELS and label.startswith("khong"))
    ]
    return found[0] if len(found) == 1 else None
