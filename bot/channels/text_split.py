"""Splitting long texts for channels with a length limit, at the gentlest boundary."""

from __future__ import annotations

import re

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


def split_text(text: str, limit: int) -> list[str]:
    """Split ``text`` into parts of at most ``limit`` characters.

    Prefers paragraph breaks, then line breaks, then sentence ends, then spaces; only a word
    longer than the limit is cut.
    """
    if len(text) <= limit:
        return [text]
    parts: list[str] = []
    rest = text
    while len(rest) > limit:
        window = rest[: limit + 1]
        cut = _last_boundary(window, limit)
        parts.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        parts.append(rest)
    return [p for p in parts if p]


def _last_boundary(window: str, limit: int) -> int:
    floor = limit // 3  # never make a part shorter than a third of the limit
    for separator in ("\n\n", "\n"):
        at = window.rfind(separator, floor, limit)
        if at > 0:
            return at + len(separator)
    sentence_ends = [m.end() for m in _SENTENCE_END.finditer(window) if floor <= m.end() <= limit]
    if sentence_ends:
        return sentence_ends[-1]
    at = window.rfind(" ", floor, limit)
    return at + 1 if at > 0 else limit
