"""Repeats: the same words sent again within a day count as one submission."""

from __future__ import annotations

import datetime as dt
import re

from bot.core.router import fold
from bot.store.voice_queue import QueueItem

REPEAT_WINDOW = dt.timedelta(days=1)

_WORD = re.compile(r"[^\W_]+")


def comparable(text: str) -> str:
    """Accent-folded words only: two submissions are repeats when these are equal."""
    return " ".join(_WORD.findall(fold(text)))


def repeat_of(text: str, earlier: list[QueueItem]) -> QueueItem | None:
    """The earlier submission with the same words, if any."""
    key = comparable(text)
    return next((row for row in earlier if comparable(row.text or "") == key), None)


def repeat_since(now: dt.datetime) -> str:
    """The UTC stamp from which an equal submission counts as a repeat (``now``: aware)."""
    return (now.astimezone(dt.UTC) - REPEAT_WINDOW).isoformat(timespec="seconds")
