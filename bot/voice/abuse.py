"""Abusive words: a flag that holds a question or feedback for a careful look.

Public to other features: small talk (``bot.citizens.small_talk``) answers a short abusive
message with this list too, so citizens and reviewers meet one definition.
"""

from __future__ import annotations

from bot.voice.repeats import comparable

# Words that flag a message as abusive. Matched on whole words, accent-folded, so "dm",
# "đm" and "ĐM" all count. A flag only holds the item for a careful look: false positives
# cost a reviewer a second, so the list errs on the side of catching.
ABUSIVE_WORDS = frozenset(
    {
        "dm", "dmm", "dcm", "dkm", "vcl", "vkl", "vl", "clm", "cmm", "dit", "deo", "lon",
        "cac", "buoi", "dech", "oc cho", "do ngu", "thang ngu", "con ngu", "me may",
        "cha may", "bo may", "may ngu", "do cho", "chet tiet", "khon nan", "mat day",
    }
)  # fmt: skip


def is_abusive(text: str) -> bool:
    """True when a word or a two-word phrase of ``text`` is on the list (accent-folded)."""
    words = comparable(text).split()
    pairs = {" ".join(words[i : i + 2]) for i in range(len(words) - 1)}
    return any(w in ABUSIVE_WORDS for w in words) or bool(pairs & ABUSIVE_WORDS)
