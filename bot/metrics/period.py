"""Report periods: local calendar dates turned into the UTC bounds the events table stores.

Officers think in local days, months, quarters and years (Asia/Ho_Chi_Minh); events are
stored as ISO-8601 UTC strings. A period is the half-open UTC interval from local midnight of
its first day to local midnight after its last day, so no event is counted twice or lost.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from bot.core.clock import system_now

ROMAN_QUARTERS = ("I", "II", "III", "IV")

# The choices /baocao offers, in button order: this month, last month, this quarter, this
# year, last year (their labels are texts rp_period_<code>).
PRESETS = ("m0", "m1", "q0", "y0", "y1")


@dataclass(frozen=True)
class Period:
    """Local dates ``first``..``last`` (inclusive) in time zone ``tz``.

    Attributes:
        label: How the report names the period, e.g. ``quý III/2026``.
    """

    first: dt.date
    last: dt.date
    tz: str
    label: str

    @property
    def start_utc(self) -> str:
        return to_utc(self.first, self.tz)

    @property
    def end_utc(self) -> str:
        """Exclusive end: local midnight after the last day."""
        return to_utc(self.last + dt.timedelta(days=1), self.tz)

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def buckets(self) -> list[tuple[str, str, str]]:
        """Sub-periods for "over time" figures: days up to 31 days, weeks up to 120, months up
        to five years, else years.

        Returns:
            ``(label, start_utc, end_utc)`` for each bucket, in order.
        """
        out: list[tuple[str, str, str]] = []
        if self.days <= 31:
            day = self.first
            while day <= self.last:
                nxt = day + dt.timedelta(days=1)
                out.append((day.strftime("%d/%m"), to_utc(day, self.tz), to_utc(nxt, self.tz)))
                day = nxt
        elif self.days <= 120:
            day = self.first
            while day <= self.last:
                nxt = min(day + dt.timedelta(days=7), self.last + dt.timedelta(days=1))
                out.append((day.strftime("%d/%m"), to_utc(day, self.tz), to_utc(nxt, self.tz)))
                day = nxt
        elif self.days <= 5 * 366:
            day = self.first
            while day <= self.last:
                nxt = min(_next_month(day), self.last + dt.timedelta(days=1))
                out.append((day.strftime("%m/%Y"), to_utc(day, self.tz), to_utc(nxt, self.tz)))
                day = nxt
        else:
            day = self.first
            while day <= self.last:
                nxt = min(dt.date(day.year + 1, 1, 1), self.last + dt.timedelta(days=1))
                out.append((str(day.year), to_utc(day, self.tz), to_utc(nxt, self.tz)))
                day = nxt
        return out


def to_utc(day: dt.date, tz: str) -> str:
    """Local midnight of ``day`` as the UTC string format of the events table."""
    local = dt.datetime.combine(day, dt.time(), tzinfo=ZoneInfo(tz))
    return local.astimezone(dt.UTC).isoformat(timespec="seconds")


def _next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _month_last(year: int, month: int) -> dt.date:
    return _next_month(dt.date(year, month, 1)) - dt.timedelta(days=1)


def between(first: dt.date, last: dt.date, tz: str) -> Period:
    """Any range of local dates, labelled ``từ dd/mm/yyyy đến dd/mm/yyyy``."""
    if last < first:
        raise ValueError("ngày kết thúc phải sau ngày bắt đầu")
    label = f"từ {first:%d/%m/%Y} đến {last:%d/%m/%Y}"
    return Period(first, last, tz, label)


def month(year: int, month_no: int, tz: str) -> Period:
    return Period(
        dt.date(year, month_no, 1), _month_last(year, month_no), tz, f"tháng {month_no}/{year}"
    )


def quarter(year: int, number: int, tz: str) -> Period:
    first = dt.date(year, 3 * number - 2, 1)
    label = f"quý {ROMAN_QUARTERS[number - 1]}/{year}"
    return Period(first, _month_last(year, 3 * number), tz, label)


def year(year_no: int, tz: str) -> Period:
    return Period(dt.date(year_no, 1, 1), dt.date(year_no, 12, 31), tz, f"năm {year_no}")


def parse_period(text: str, tz: str) -> Period:
    """``2026``, ``2026-11`` or ``2026-Q3`` (case-insensitive) as a period.

    Raises:
        ValueError: with a Vietnamese message when the text is none of these.
    """
    text = text.strip()
    if m := re.fullmatch(r"(\d{4})", text):
        return year(int(m[1]), tz)
    if (m := re.fullmatch(r"(\d{4})-(\d{1,2})", text)) and 1 <= int(m[2]) <= 12:
        return month(int(m[1]), int(m[2]), tz)
    if m := re.fullmatch(r"(\d{4})-[qQ]([1-4])", text):
        return quarter(int(m[1]), int(m[2]), tz)
    raise ValueError(f"kỳ báo cáo {text!r} không hợp lệ; ví dụ: 2026, 2026-11, 2026-Q3")


def preset(code: str, today: dt.date, tz: str) -> Period:
    """One of the /baocao choices (``PRESETS``) relative to the local date ``today``.

    Raises:
        ValueError: for an unknown code (an old button).
    """
    if code == "m0":
        return month(today.year, today.month, tz)
    if code == "m1":
        last_month = today.replace(day=1) - dt.timedelta(days=1)
        return month(last_month.year, last_month.month, tz)
    if code == "q0":
        return quarter(today.year, (today.month - 1) // 3 + 1, tz)
    if code == "y0":
        return year(today.year, tz)
    if code == "y1":
        return year(today.year - 1, tz)
    raise ValueError(f"unknown period preset {code!r}")


def local_today(tz: str) -> dt.date:
    return system_now().astimezone(ZoneInfo(tz)).date()
