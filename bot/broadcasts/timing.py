"""Time for campaigns: stored UTC strings, local input, recurrence rules and quiet hours.

Everything an officer types or reads is local time (``Asia/Ho_Chi_Minh`` by default); the
store keeps UTC. Recurrence rules are computed with APScheduler's ``CronTrigger`` so the
scheduler and the stored ``next_run_at`` always agree.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger

from bot.core.clock import system_now
from bot.core.dates import parse_moment

WEEKDAYS = ("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN")
WEEKDAYS_VI = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")
_CLOCK = re.compile(r"^([01]?\d|2[0-3])[:hH]([0-5]\d)$")
_RULE = re.compile(r"^(weekly|monthly):([A-Za-z]{3}|\d{1,2})@(\d{1,2}:\d{2})$")


def utc_now() -> dt.datetime:
    return system_now()


def to_iso(moment: dt.datetime) -> str:
    """The store's format: ISO-8601 UTC to the second (compares correctly as text)."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime")
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")


def from_iso(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).astimezone(dt.UTC)


def parse_clock(text: str) -> dt.time:
    """``08:00``, ``8:00`` or ``8h00`` → a time; ValueError otherwise."""
    match = _CLOCK.match(text.strip())
    if not match:
        raise ValueError(f"not a time of day: {text!r}")
    return dt.time(int(match.group(1)), int(match.group(2)))


def parse_local(text: str, *, now: dt.datetime, tz: ZoneInfo) -> dt.datetime:
    """A local date and time typed by a person → an aware datetime (:mod:`bot.core.dates`).

    Raises ``DateError`` (a ValueError) for what cannot be read and for a time already past.
    """
    return parse_moment(text, now=now.astimezone(tz))


def format_local(moment: dt.datetime, tz: ZoneInfo) -> str:
    """``08:00 ngày 25/12/2025`` in local time."""
    local = moment.astimezone(tz)
    return f"{local:%H:%M} ngày {local:%d/%m/%Y}"


@dataclass(frozen=True)
class Recurrence:
    """``weekly:MON@08:00`` (day 0 = Monday) or ``monthly:15@08:00`` (days 1–28)."""

    kind: str
    day: int
    at: dt.time

    @classmethod
    def parse(cls, text: str) -> Recurrence:
        match = _RULE.match(text.strip())
        if not match:
            raise ValueError(f"use weekly:MON@08:00 or monthly:15@08:00, not {text!r}")
        kind, day_text, clock = match.groups()
        at = parse_clock(clock)
        if kind == "weekly":
            if day_text.upper() not in WEEKDAYS:
                raise ValueError(f"weekday must be one of {', '.join(WEEKDAYS)}")
            return cls(kind, WEEKDAYS.index(day_text.upper()), at)
        if not day_text.isdigit() or not 1 <= int(day_text) <= 28:
            # Days 29–31 do not exist in every month; a monthly campaign must not skip one.
            raise ValueError("day of month must be between 1 and 28")
        return cls(kind, int(day_text), at)

    def __str__(self) -> str:
        day = WEEKDAYS[self.day] if self.kind == "weekly" else str(self.day)
        return f"{self.kind}:{day}@{self.at:%H:%M}"

    def trigger(self, tz: ZoneInfo) -> CronTrigger:
        fields: dict[str, object] = {"hour": self.at.hour, "minute": self.at.minute}
        if self.kind == "weekly":
            fields["day_of_week"] = WEEKDAYS[self.day].lower()
        else:
            fields["day"] = self.day
        return CronTrigger(timezone=tz, **fields)

    def next_after(self, moment: dt.datetime, tz: ZoneInfo) -> dt.datetime:
        """The first occurrence strictly after ``moment``."""
        later = moment + dt.timedelta(seconds=1)
        upcoming = self.trigger(tz).get_next_fire_time(None, later)
        assert upcoming is not None
        return upcoming.astimezone(dt.UTC)

    def describe(self) -> str:
        """Vietnamese, e.g. ``Thứ Hai hằng tuần, lúc 08:00``."""
        if self.kind == "weekly":
            return f"{WEEKDAYS_VI[self.day]} hằng tuần, lúc {self.at:%H:%M}"
        return f"ngày {self.day} hằng tháng, lúc {self.at:%H:%M}"


@dataclass(frozen=True)
class QuietHours:
    """A daily local window with no sending, e.g. 21:00–07:00 (may cross midnight)."""

    start: dt.time
    end: dt.time

    @classmethod
    def parse(cls, text: str) -> QuietHours | None:
        """``21:00-07:00``; empty, ``off`` or ``none`` disable quiet hours."""
        if text.strip().lower() in ("", "off", "none", "0"):
            return None
        start, sep, end = text.partition("-")
        if not sep:
            raise ValueError(f"quiet hours look like 21:00-07:00, not {text!r}")
        return cls(parse_clock(start), parse_clock(end))

    def contains(self, moment: dt.datetime, tz: ZoneInfo) -> bool:
        local = moment.astimezone(tz).time()
        if self.start <= self.end:
            return self.start <= local < self.end
        return local >= self.start or local < self.end

    def ends_after(self, moment: dt.datetime, tz: ZoneInfo) -> dt.datetime:
        """When the quiet window containing ``moment`` ends (UTC)."""
        local = moment.astimezone(tz)
        end = dt.datetime.combine(local.date(), self.end, tzinfo=tz)
        if end <= local:
            end += dt.timedelta(days=1)
        return end.astimezone(dt.UTC)

    def __str__(self) -> str:
        return f"{self.start:%H:%M}-{self.end:%H:%M}"
