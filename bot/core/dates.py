"""Dates and times as officers type them, for every flow (/guitin, /phien) and the CLI.

One reader so the same words work everywhere: ``hôm nay``/``mai``/``ngày kia``, weekdays
(``thứ hai tuần sau``, ``chủ nhật``), ``dd/mm[/yyyy]`` or ``yyyy-mm-dd``, and a time of day
(``7h``, ``7h30``, ``07:30``, ``8 giờ``, ``2 giờ chiều``, ``lúc 8 giờ sáng``) before or after
the date. A time that has already passed is refused with :class:`DateError` (``past``), never
moved to next year; only a date without a year that lies months back (January typed in
December) means next year.
"""

from __future__ import annotations

import datetime as dt
import re

from bot.core.router import fold

# A date typed without a year that lies further back than this means the same day next year.
NEXT_YEAR_AFTER = dt.timedelta(days=60)
_WEEKDAYS = {
    "thu hai": 0, "thu 2": 0, "t2": 0, "thu ba": 1, "thu 3": 1, "t3": 1,
    "thu tu": 2, "thu 4": 2, "t4": 2, "thu nam": 3, "thu 5": 3, "t5": 3,
    "thu sau": 4, "thu 6": 4, "t6": 4, "thu bay": 5, "thu 7": 5, "t7": 5,
    "chu nhat": 6, "cn": 6,
}  # fmt: skip
_RELATIVE_DAYS = {"hom nay": 0, "nay": 0, "ngay mai": 1, "mai": 1, "ngay kia": 2, "ngay mot": 2}
_WEEK = {"tuan nay": 0, "tuan sau": 1, "tuan toi": 1}
_PERIODS = ("sang", "trua", "chieu", "toi", "dem")
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})[/\-.](\d{1,2})(?:[/\-.](\d{2,4}))?\b")
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_CLOCK = re.compile(
    r"\b([01]?\d|2[0-3])\s*(?::|h|g|gio)\s*([0-5]\d)?(?:\s*phut)?(?:\s+(sang|trua|chieu|toi|dem))?\b"
    r"|\b([01]?\d|2[0-3])\s+(sang|trua|chieu|toi|dem)\b"
)


class DateError(ValueError):
    """Why a typed moment cannot be used: ``unreadable``, ``no_time``, ``no_such_date``, ``past``."""

    MESSAGES = {
        "unreadable": "expected a date and a time, e.g. 25/12/2026 08:00 or 'mai 7h'",
        "no_time": "expected a time of day too, e.g. 25/12/2026 08:00",
        "no_such_date": "there is no such date",
        "past": "is in the past",
    }

    def __init__(self, reason: str) -> None:
        super().__init__(self.MESSAGES[reason])
        self.reason = reason


def parse_moment(text: str, *, now: dt.datetime) -> dt.datetime:
    """The moment ``text`` names, in ``now``'s time zone (naive if ``now`` is naive).

    Raises:
        DateError: unreadable, without a time of day, a date that does not exist, or past.
    """
    typed = " ".join(fold(text).replace(",", " ").split())
    clock, rest = _take_clock(typed)
    day, rest, explicit_year = _take_date(rest, now.date())
    leftover = rest.replace("luc", " ").replace("ngay", " ").replace("vao", " ").split()
    if leftover and not all(word in _PERIODS for word in leftover):
        raise DateError("unreadable")
    if clock is None:
        raise DateError("no_time" if day is not None else "unreadable")
    day = day if day is not None else now.date()
    moment = dt.datetime.combine(day, clock, tzinfo=now.tzinfo)
    if moment <= now:
        if not explicit_year and now - moment > NEXT_YEAR_AFTER:
            return _next_year(moment)
        raise DateError("past")
    return moment


def _take_clock(typed: str) -> tuple[dt.time | None, str]:
    match = _CLOCK.search(typed)
    if match is None:
        return None, typed
    if match[1] is not None:
        hour, minute, period = int(match[1]), int(match[2] or 0), match[3]
    else:
        hour, minute, period = int(match[4]), 0, match[5]
    rest = typed[: match.start()] + " " + typed[match.end() :]
    if period is None:  # "7h sáng mai": the period may stand apart from the hour
        period = next((p for p in _PERIODS if re.search(rf"\b{p}\b", rest)), None)
    afternoon = period in ("chieu", "toi") and hour < 12
    if afternoon or (period == "trua" and hour < 6) or (period == "dem" and 6 <= hour < 12):
        hour += 12
    elif period == "sang" and hour == 12:
        hour = 0
    for p in _PERIODS:
        rest = re.sub(rf"\b{p}\b", " ", rest)
    return dt.time(hour, minute), " ".join(rest.split())


def _take_date(typed: str, today: dt.date) -> tuple[dt.date | None, str, bool]:
    """(the date named, the text left, whether a year was given)."""
    iso = _ISO_DATE.search(typed)
    if iso:
        year, month, day = (int(g) for g in iso.groups())
        return _date(year, month, day), _cut(typed, iso), True
    numeric = _NUMERIC_DATE.search(typed)
    if numeric:
        day, month = int(numeric[1]), int(numeric[2])
        if not numeric[3]:  # 29/02 typed in a year without it means the next leap year
            return _first_existing(today.year, month, day), _cut(typed, numeric), False
        year = int(numeric[3])
        year = year + 2000 if year < 100 else year
        return _date(year, month, day), _cut(typed, numeric), True
    for words, offset in sorted(_RELATIVE_DAYS.items(), key=lambda kv: -len(kv[0])):
        found = re.search(rf"\b{words}\b", typed)
        if found:
            return today + dt.timedelta(days=offset), _cut(typed, found), False
    for words, weekday in sorted(_WEEKDAYS.items(), key=lambda kv: -len(kv[0])):
        found = re.search(rf"\b{words}\b", typed)
        if found:
            rest = _cut(typed, found)
            week = next((w for w in _WEEK if re.search(rf"\b{w}\b", rest)), None)
            if week is not None:
                rest = rest.replace(week, " ")
                monday = today - dt.timedelta(days=today.weekday())
                return monday + dt.timedelta(weeks=_WEEK[week], days=weekday), rest, False
            ahead = (weekday - today.weekday()) % 7
            return today + dt.timedelta(days=ahead), rest, False
    return None, typed, False


def _date(year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise DateError("no_such_date") from None


def _first_existing(year: int, month: int, day: int) -> dt.date:
    """The date in ``year`` or, for 29/02, in the first leap year after it."""
    for candidate in range(year, year + 8):
        try:
            return dt.date(candidate, month, day)
        except ValueError:
            if (month, day) != (2, 29):
                break
    raise DateError("no_such_date")


def _cut(text: str, match: re.Match[str]) -> str:
    return " ".join((text[: match.start()] + " " + text[match.end() :]).split())


def _next_year(moment: dt.datetime) -> dt.datetime:
    day = _first_existing(moment.year + 1, moment.month, moment.day)
    return dt.datetime.combine(day, moment.timetz())


def problem_key(problem: DateError, unreadable: str) -> str:
    """The text (``content/texts.yaml``) that explains ``problem``; ``unreadable`` is the
    flow's own text with its examples."""
    return {
        "past": "date_past",
        "no_time": "date_no_time",
        "no_such_date": "date_no_such_date",
    }.get(problem.reason, unreadable)


def example(now: dt.datetime) -> str:
    """A date a week ahead as an example to type (``10/12/2026 8:00``): never in the past."""
    return f"{now + dt.timedelta(days=7):%d/%m/%Y} 8:00"
