"""How hard the bot may push Zalo right now: rate-limit headers and -32 backoff.

Zalo allows an app about 4,000 requests a minute and answers ``-32`` beyond (shared/ZALO.md);
its answers carry ``X-RateLimit-Limit`` and ``X-RateLimit-Remain``. Campaigns pace themselves
at a configured rate (``BROADCAST_ZALO_PER_MINUTE``, default half the limit); this module adds
what measurement says: when the remaining budget falls under :data:`RESERVE` of the limit,
campaigns wait so replies to people keep their share, and each ``-32`` in a row doubles the
pause (2 s, 4 s, 8 s … at most :data:`MAX_BACKOFF`), reset by the first success.
"""

from __future__ import annotations

from bot.channels.zalo_client import RateHeaders

FIRST_BACKOFF = 2.0  # Zalo gives no retry-after: start short
MAX_BACKOFF = 60.0  # the limit is per minute: a minute always restores it
RESERVE = 0.10  # the share of the budget kept for replies when the headers say it runs low
LOW_BUDGET_WAIT = 5.0  # campaigns look again after this (the next answer updates the headers)


class ZaloBudget:
    """The app's request budget as the last answers describe it."""

    def __init__(self, rate: RateHeaders) -> None:
        self.rate = rate
        self._throttled_in_a_row = 0

    def throttled(self) -> float:
        """Zalo said -32: how long everyone on the channel should wait before the retry."""
        self._throttled_in_a_row += 1
        return min(MAX_BACKOFF, FIRST_BACKOFF * 2 ** (self._throttled_in_a_row - 1))

    def succeeded(self) -> None:
        self._throttled_in_a_row = 0

    def campaign_wait(self) -> float:
        """Seconds campaigns should hold off now (0 when the headers leave room, or are absent)."""
        limit, remain = self.rate.limit, self.rate.remain
        if limit is None or remain is None or limit <= 0:
            return 0.0
        return LOW_BUDGET_WAIT if remain < limit * RESERVE else 0.0
