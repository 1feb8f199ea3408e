"""Tổng quan: live queue and campaign figures, reach kept a few minutes."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from bot.core.services import Services
from bot.store.campaigns import Campaign
from bot.store.voice_queue import QueueFilter


# -- the dashboard ---------------------------------------------------------------------------
@dataclass
class Overview:
    pending: int
    campaigns: list[Campaign]
    reached_month: int
    questions_month: int
    days: list[tuple[str, int]] = field(default_factory=list)  # (dd/mm, people reached)


REACH_FRESH_SECONDS = 300.0  # reach figures a few minutes old are fine for a dashboard


async def overview(services: Services, *, memo: dict | None = None) -> Overview:
    """Live queue and campaign figures; reach (distinct people over a million events, a
    few hundred milliseconds) is kept in ``memo`` for ``REACH_FRESH_SECONDS``."""
    store = services.store
    tz = ZoneInfo(services.settings.timezone)
    now = services.clock.now().astimezone(tz)
    today = now.date()
    month_start = dt.datetime(today.year, today.month, 1, tzinfo=tz).astimezone(dt.UTC)
    since = today - dt.timedelta(days=29)
    start = dt.datetime(since.year, since.month, since.day, tzinfo=tz).astimezone(dt.UTC)
    key = (month_start, start)
    if memo is not None and key in memo and time.monotonic() - memo[key][0] < REACH_FRESH_SECONDS:
        reached, asked, days = memo[key][1]
    else:
        offset = now.utcoffset().total_seconds() / 3600  # type: ignore[union-attr]
        reached, asked, days = await store.read(
            lambda r: r.web.reach_overview(
                month_start=month_start.isoformat(timespec="seconds"),
                days_start=start.isoformat(timespec="seconds"),
                offset_hours=offset,
            )
        )
        if memo is not None:
            memo.clear()
            memo[key] = (time.monotonic(), (reached, asked, days))
    by_day = dict(days)
    series = []
    for n in range(30):
        day = since + dt.timedelta(days=n)
        series.append((f"{day:%d/%m}", by_day.get(day.isoformat(), 0)))
    pending, running = await store.read(
        lambda r: (
            r.voice.queue.count(QueueFilter()),
            r.campaigns.recent(statuses=("scheduled", "sending", "paused"), limit=10),
        )
    )
    return Overview(
        pending=pending,
        campaigns=running,
        reached_month=reached,
        questions_month=asked,
        days=series,
    )
