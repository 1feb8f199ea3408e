"""Local time for every feature: today, now, stamps, shown dates, and the dates officers type."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from bot.core.dates import DateError, parse_moment
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


def parse_when(text: str, now: dt.datetime) -> dt.datetime | None:
    """A future date and time as officers write them (:mod:`bot.core.dates`), or None."""
    try:
        return parse_moment(text, now=now)
    except DateError:
        return None


def local_today(services: Services) -> dt.date:
    """Today's date where the citizens live (``BOT_TIMEZONE``), from the services' clock."""
    return services.clock().astimezone(ZoneInfo(services.settings.timezone)).date()


def format_date(iso: str | None) -> str:
    """``2026-12-03`` → ``03/12/2026`` (text left as is when it is not a date)."""
    try:
        return dt.date.fromisoformat(str(iso)[:10]).strftime("%d/%m/%Y")
    except ValueError:
        return str(iso or "")
