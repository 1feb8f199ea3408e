"""The one clock of a bot process, injected so that tests can fix the time.

Calling the clock gives the aware UTC time (what the store stamps and dated answers compare);
``now()`` is local time where the citizens live (``BOT_TIMEZONE``); ``stamp()`` is the
ISO-8601 UTC string every table stores.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from zoneinfo import ZoneInfo


def system_now() -> dt.datetime:
    """The system's aware UTC time: the one place that asks it. Features take a ``Clock``;
    this is the default source and the default of adapters built without one."""
    return dt.datetime.now(dt.UTC)


class Clock:
    """Args:
    timezone: where the citizens live.
    source: the aware current time (a fixed one in tests); the system clock by default.
    """

    def __init__(
        self,
        timezone: str = "Asia/Ho_Chi_Minh",
        *,
        source: Callable[[], dt.datetime] = system_now,
    ) -> None:
        self.zone = ZoneInfo(timezone)
        self._source = source

    def __call__(self) -> dt.datetime:
        """The current time, aware (UTC unless the source says otherwise)."""
        return self._source()

    def now(self) -> dt.datetime:
        """The current local time, aware."""
        return self._source().astimezone(self.zone)

    def stamp(self) -> str:
        """The current time as the store writes it: ISO-8601 UTC to the second."""
        return self._source().astimezone(dt.UTC).isoformat(timespec="seconds")
