"""Dated versions of an answer: which text is in force on a given local date.

An FAQ entry's own fields are its first version; ``versions:`` adds later ones, each with
``valid_from`` (and the one before it ends the day before, ``valid_until``). In the weeks
before a version takes effect, the version in force also says what changes and when (the new
version's ``announce`` text), so a citizen hears about 01/01/2027 in December 2026.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

ANNOUNCE_DAYS = 31  # the new version is announced from a month before it takes effect


@dataclass(frozen=True)
class Source:
    """A legal or official document an answer rests on."""

    doc: str
    date: str | None
    article: str | None
    url: str | None
    uncertain: bool = False  # the fact sheet marks it "CẦN KIỂM TRA": listed by --stale


@dataclass(frozen=True)
class Version:
    """One dated text of an answer.

    Attributes:
        answer: the first message (the figure, yes/no, who to ask).
        details: conditions and procedure, sent when the citizen presses "Xem chi tiết".
        by_household: household category → the line for that category, put first when the
            citizen's profile says their category.
        announce: said by the version before this one in the weeks before ``valid_from``.
    """

    answer: str
    details: str = ""
    sources: tuple[Source, ...] = ()
    reviewed: str = ""
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    by_household: dict[str, str] = field(default_factory=dict)
    announce: str = ""
    announce_days: int = ANNOUNCE_DAYS

    def in_force(self, day: dt.date) -> bool:
        """True when ``day`` lies within this version's dates (open ends count)."""
        return within(self.valid_from, self.valid_until, day)


def within(start: dt.date | None, end: dt.date | None, day: dt.date) -> bool:
    """True when ``day`` lies between ``start`` and ``end`` inclusive; None is open."""
    return (start is None or start <= day) and (end is None or day <= end)


def as_date(value: Any) -> dt.date | None:
    """A YAML date (or ``YYYY-MM-DD`` text) as a date; None when absent or unreadable."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)) if value not in (None, "") else None
    except ValueError:
        return None


def in_force(versions: Sequence[Version], day: dt.date) -> Version | None:
    """The version in force on ``day`` (the first one listed when several claim it)."""
    return next((v for v in versions if v.in_force(day)), None)


def announced(versions: Sequence[Version], day: dt.date) -> Version | None:
    """The next version when ``day`` is within its announcement window, else None."""
    for version in versions:
        start = version.valid_from
        if start is None or not version.announce or day >= start:
            continue
        if (start - day).days <= version.announce_days:
            return version
    return None


def problems(versions: Sequence[Version]) -> list[str]:
    """Overlaps and gaps between consecutive versions, in date order, as sentences."""
    found: list[str] = []
    ordered = sorted(versions, key=lambda v: v.valid_from or dt.date.min)
    for before, after in zip(ordered, ordered[1:], strict=False):
        if after.valid_from is None:
            found.append("two versions have no valid_from")
            continue
        end = before.valid_until
        if end is None or end >= after.valid_from:
            found.append(f"versions overlap on {after.valid_from.isoformat()}")
        elif end + dt.timedelta(days=1) != after.valid_from:
            found.append(
                f"gap between versions: {end.isoformat()} to {after.valid_from.isoformat()}"
            )
    for version in ordered:
        if version.valid_from and version.valid_until and version.valid_until < version.valid_from:
            found.append(f"version from {version.valid_from.isoformat()} ends before it starts")
    if ordered and ordered[-1].valid_until is not None:
        found.append(f"no version after {ordered[-1].valid_until.isoformat()}")
    return found
