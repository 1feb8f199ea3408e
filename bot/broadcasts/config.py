"""Broadcast settings from environment variables (and the ``.env`` file), with defaults.

| variable | default | meaning |
|---|---|---|
| ``BROADCAST_RATE`` | 25 | Telegram messages per second for campaigns (limit ~30/s) |
| ``BROADCAST_CONCURRENCY`` | 8 | Telegram sends in flight at once |
| ``BROADCAST_QUIET_HOURS`` | 21:00-07:00 | local hours with no sending; ``off`` disables |
| ``BROADCAST_GRACE_HOURS`` | 6 | how late a campaign may still go out after a stop |
| ``BROADCAST_MAX_ATTEMPTS`` | 4 | tries on network errors / 5xx before "failed" |
| ``BROADCAST_SYNC_SECONDS`` | 30 | how often the bot re-reads campaigns changed by the CLI |
| ``BROADCAST_CLAIM_SECONDS`` | 60 | after how long a dead sender's claimed rows are sent by another |
| ``BROADCAST_ZALO_PER_MINUTE`` | 2000 | Zalo campaign messages a minute (app limit ~4,000) |
| ``BROADCAST_ZALO_CONCURRENCY`` | 8 | Zalo campaign sends in flight at once |
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from bot.broadcasts.timing import QuietHours
from bot.config import DOTENV, read_dotenv

DEFAULT_QUIET_HOURS = "21:00-07:00"


@dataclass(frozen=True)
class ChannelPacing:
    """How fast campaigns may push on one channel.

    Attributes:
        rate: messages per second, all chats together.
        concurrency: sends in flight at once.
        per_chat_interval: seconds between two messages to one chat.
        burst: tokens that may accumulate (a short catch-up after a slow moment).
    """

    rate: float
    concurrency: int
    per_chat_interval: float = 1.0
    burst: float = 5.0


# Telegram: 25/s leaves ~5/s of the ~30/s budget for interactive replies (shared/TELEGRAM.md).
TELEGRAM_PACING = ChannelPacing(rate=25.0, concurrency=8)
# Zalo: about 4,000 requests a minute per app, -32 beyond (shared/ZALO.md). Campaigns take half:
# replies, uploads and token refreshes share the same budget, and "about" is Zalo's word.
ZALO_APP_LIMIT_PER_MINUTE = 4000
ZALO_SAFE_FRACTION = 0.5
ZALO_PACING = ChannelPacing(rate=ZALO_APP_LIMIT_PER_MINUTE * ZALO_SAFE_FRACTION / 60, concurrency=8)


@dataclass(frozen=True)
class BroadcastConfig:
    """Everything the broadcast engine needs to know besides the store and the hub."""

    timezone: str = "Asia/Ho_Chi_Minh"
    quiet_hours: QuietHours | None = QuietHours.parse(DEFAULT_QUIET_HOURS)
    grace: dt.timedelta = dt.timedelta(hours=6)
    pacing: dict[str, ChannelPacing] = field(
        default_factory=lambda: {"telegram": TELEGRAM_PACING, "zalo": ZALO_PACING}
    )
    max_attempts: int = 4
    backoff_seconds: float = 1.0  # first wait after a network error; doubles each time
    sync_seconds: float = 30.0
    # First wait before sending again after the store failed (disk full, I/O error); doubles
    # up to ``sync_seconds``.
    store_retry_seconds: float = 5.0
    # A delivery row claimed longer ago than this (its sender died or hung) is free again.
    # Far above a send's HTTP timeout, so a live sender never loses a row it is sending.
    claim_seconds: float = 60.0

    def pacing_for(self, channel: str) -> ChannelPacing:
        return self.pacing.get(channel, TELEGRAM_PACING)

    def with_telegram(self, *, rate: float | None = None, concurrency: int | None = None):
        """A copy with other Telegram pacing (the benchmark's ``--rate``/``--concurrency``)."""
        telegram = self.pacing_for("telegram")
        telegram = replace(
            telegram,
            rate=rate if rate is not None else telegram.rate,
            concurrency=concurrency if concurrency is not None else telegram.concurrency,
        )
        return replace(self, pacing={**self.pacing, "telegram": telegram})

    @classmethod
    def from_env(
        cls,
        env: dict[str, str] | None = None,
        *,
        timezone: str = "Asia/Ho_Chi_Minh",
        dotenv: Path | None = None,
    ) -> BroadcastConfig:
        """Read the ``BROADCAST_*`` variables; a bad value raises ValueError naming it."""
        merged = read_dotenv(dotenv if dotenv is not None else DOTENV)
        merged.update(os.environ if env is None else env)

        def number(name: str, default: str, kind: type = float):
            raw = merged.get(name, "").strip() or default
            try:
                value = kind(raw)
            except ValueError:
                raise ValueError(f"{name}={raw!r} is not a number") from None
            if value <= 0:
                raise ValueError(f"{name} must be positive")
            return value

        quiet_raw = merged.get("BROADCAST_QUIET_HOURS")
        try:
            quiet = QuietHours.parse(DEFAULT_QUIET_HOURS if quiet_raw is None else quiet_raw)
        except ValueError as error:
            raise ValueError(f"BROADCAST_QUIET_HOURS: {error}") from None
        config = cls(
            timezone=timezone,
            quiet_hours=quiet,
            grace=dt.timedelta(hours=number("BROADCAST_GRACE_HOURS", "6")),
            max_attempts=number("BROADCAST_MAX_ATTEMPTS", "4", int),
            sync_seconds=number("BROADCAST_SYNC_SECONDS", "30"),
            claim_seconds=number("BROADCAST_CLAIM_SECONDS", "60"),
        )
        config = config.with_telegram(
            rate=number("BROADCAST_RATE", "25"),
            concurrency=number("BROADCAST_CONCURRENCY", "8", int),
        )
        default_zalo = str(int(ZALO_APP_LIMIT_PER_MINUTE * ZALO_SAFE_FRACTION))
        zalo = replace(
            ZALO_PACING,
            rate=number("BROADCAST_ZALO_PER_MINUTE", default_zalo) / 60,
            concurrency=number("BROADCAST_ZALO_CONCURRENCY", "8", int),
        )
        return replace(config, pacing={**config.pacing, "zalo": zalo})
