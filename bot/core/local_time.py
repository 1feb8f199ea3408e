"""Local time for the voice flows: now, stamps, and the dates officers type."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from bot.core.services import Services

WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")


def local_now(services: Services) -> dt.datetime:
    """Now as naive wall-clock time in the deployment's time zone (sessions are stored so)."""
    return services.clock().astimezone(ZoneInfo(services.settings.timezone)).replace(tzinfo=None)


def local_stamp(services: Services, iso_utc: str) -> str:
    """A stored UTC time as local ``dd/mm/yyyy HH:MM``."""
    try:
        when = dt.datetime.fromisoformat(iso_utc)
    except (TypeError, ValueError):
        return str(iso_utc)
    return f"{when.astimezone(ZoneInfo(services.settings.timezone)):%d/%m/%Y %H:%M}"


def format_when(when: dt.datetime) -> str:
    """``Thứ Sáu, 20/06/2025 lúc 08:00``."""
    return f"{WEEKDAYS[when.weekday()]}, {when:%d/%m/%Y} lúc {when:%H:%M}"


_WHEN = re.compile(
    r"^(\d{1,2})[/\-.](\d{1,2})(?:[/\-.](\d{2,4}))?\s*(?:lúc\s*)?(\d{1,2})\s*"
    r"(?:(?:giờ|[:hg])\s*(\d{2})?)?\s*(?:phút)?\s*(sáng|trưa|chiều|tối)?$"
)
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2})$")


def parse_when(text: str, now: dt.datetime) -> dt.datetime | None:
    """Read a date and time as officers write them.

    ``20/6/2025 8:00``, ``20/06 14h30``, ``20-6-2025 8h``, ``5/12 lúc 2 giờ chiều``,
    ``2025-06-20 08:00``. A missing year means the next such date from ``now``.
    """
    text = " ".join(text.lower().replace(",", " ").split())
    iso = _ISO.match(text)
    if iso:
        year, month, day, hour, minute = (int(g) for g in iso.groups())
    else:
        match = _WHEN.match(text)
        if not match:
            return None
        day, month, hour = int(match[1]), int(match[2]), int(match[4])
        minute = int(match[5] or 0)
        if match[6] in ("chiều", "tối") and hour < 12:
            hour += 12
        year = int(match[3]) if match[3] else now.year
        if match[3] and year < 100:
            year += 2000
    if iso is None and not match[3]:  # type: ignore[index]
        return _next_date(month, day, hour, minute, now)
    try:
        return dt.datetime(year, month, day, hour, minute)
    except ValueError:
        return None


def _next_date(
    month: int, day: int, hour: int, minute: int, now: dt.datetime
) -> dt.datetime | None:
    """The first such date and time from ``now`` on (29/2 waits for a leap year)."""
    for year in range(now.year, now.year + 9):
        try:
            when = dt.datetime(year, month, day, hour, minute)
        except ValueError:
            if year == now.year and not (1 <= month <= 12 and 1 <= day <= 29):
                return None  # no year has it: 31/4, 35/1, 25h
            continue
        if when >= now:
            return when
    return None
