"""``python -m benchmarks.campaigns send``: send a campaign through the real stack, measure it.

The real ``TelegramChannel`` (python-telegram-bot) and the real sender talk HTTP to a Bot API
at ``--api-url``; without one, the project's fake Bot API is started in-process with 50 ms
latency and Telegram's flood control (30 msg/s overall, 1 msg/s per chat). A new database is
seeded with N consenting subscribers (chat ids 1000000000 + i) and one campaign to all; an
existing one has its unfinished campaign resumed. One JSON line is printed at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import datetime as dt
import json
import logging
import os
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bot.app import build_engine
from bot.broadcasts import actions, compose
from bot.broadcasts.config import BroadcastConfig
from bot.broadcasts.service import BroadcastService
from bot.broadcasts.timing import utc_now
from bot.config import Settings
from bot.core.engine import DialogueEngine
from bot.store import Store
from bot.store.campaigns import Segment

FIRST_CHAT_ID = 1_000_000_000
FAKE_TOKEN = "123:TEST"
FAKE_LATENCY = 0.05
BENCH_TEXT = (
    "<b>Thông báo</b>: UBND xã tổ chức đối thoại chính sách giảm nghèo lúc 8 giờ sáng thứ Bảy "
    "tại nhà văn hóa. Kính mời bà con tham dự."
)


def seed(store: Store, recipients: int, *, first_chat_id: int = FIRST_CHAT_ID) -> int:
    """N synthetic consenting subscribers and one campaign to all of them, due now."""
    now = utc_now().isoformat(timespec="seconds")
    rows = (
        {
            "channel_id": f"telegram:{first_chat_id + i}",
            "consent_at": now,
            "first_seen": now,
            "last_seen": now,
            "subscribed": 1,
            "topics": "[]",
            "commune": "que_phong",
        }  # fmt: skip
        for i in range(recipients)
    )
    store.call_db(lambda db: db.table("citizens").insert_all(rows, batch_size=1000))
    campaign = store.call(
        lambda r: actions.create_in(
            r, compose.Draft(BENCH_TEXT), segment=Segment(), created_by="bench", now=utc_now(),
            tz=ZoneInfo("UTC"),
        )
    )  # fmt: skip
    return campaign.id


def bench_config(settings: Settings, *, rate: float | None, concurrency: int | None):
    """The environment's settings, without quiet hours (a benchmark at night still runs)."""
    config = BroadcastConfig.from_env(timezone=settings.timezone)
    config = dataclasses.replace(config, quiet_hours=None, grace=dt.timedelta(days=3650))
    return config.with_telegram(rate=rate, concurrency=concurrency)


@asynccontextmanager
async def fake_api(url: str | None, **options: Any) -> AsyncIterator[tuple[str, Any]]:
    """The Bot API to use: ``url`` as given, or an in-process fake (yielded too)."""
    if url:
        yield url, None
        return
    from tests.fakes import FakeBotAPI

    options = {"latency": FAKE_LATENCY, "flood_control": True, "keep_payloads": False} | options
    async with FakeBotAPI(token=FAKE_TOKEN, **options) as fake:
        yield fake.base_url, fake


@asynccontextmanager
async def running_bot(
    settings: Settings, config: BroadcastConfig, *, faq: object = None
) -> AsyncIterator[tuple[DialogueEngine, BroadcastService]]:
    """The real Telegram channel and the broadcast service, as ``python -m bot run`` has them."""
    from bot.channels.telegram import TelegramChannel

    engine = build_engine(settings, faq=faq)
    channel = TelegramChannel(engine, settings)
    await channel.start()
    service = BroadcastService(engine.services, config=config)
    try:
        yield engine, service
    finally:
        await service.stop()
        await channel.stop()
        engine.services.store.close()


def fake_figures(fake: Any, *, recipients: int) -> dict[str, Any]:
    """The fake Bot API's own counts; repeats only among the campaign's chats."""
    if fake is None:
        return {}
    stats = fake.stats
    chats = range(FIRST_CHAT_ID, FIRST_CHAT_ID + recipients)
    return {
        "api_sends": stats.total_sends,
        "api_429": stats.rate_limited,
        "api_ignored_retry_after": stats.ignored_retry_after,
        "duplicates": sum(stats.duplicates_per_chat.get(chat, 0) for chat in chats),
        "max_sends_one_chat": max((stats.sends_per_chat.get(c, 0) for c in chats), default=0),
    }


def prepare(db: Path, recipients: int) -> bool:
    """Seed a new database; True when it existed (a run to resume)."""
    if db.exists():
        return True
    store = Store.open(db)
    seed(store, recipients)
    store.close()
    return False


async def bench(args: argparse.Namespace, settings: Settings) -> dict[str, Any]:
    db = Path(args.db)
    resumed = prepare(db, args.recipients)
    async with fake_api(args.api_url) as (url, fake):
        settings = dataclasses.replace(
            settings, telegram_token=args.token, telegram_api_url=url, db_path=db
        )
        config = bench_config(settings, rate=args.rate, concurrency=args.concurrency)
        async with running_bot(settings, config) as (engine, service):
            started = time.monotonic()
            await service.start()
            await service.wait_idle()
            seconds = time.monotonic() - started
            store = engine.services.store
            campaign = store.campaigns.recent(limit=1)[0]
            run = store.campaigns.latest_run(campaign.id)
            counts = store.campaigns.counts(run.id) if run else {}
            sent_now, throttled = service.sender.sent, service.sender.throttled
        telegram = config.pacing_for("telegram")
        return {
            "recipients": sum(counts.values()),
            "sent": counts.get("sent", 0),
            "failed": counts.get("failed", 0),
            "blocked": counts.get("blocked", 0),
            "pending": counts.get("pending", 0) + counts.get("sending", 0),
            "seconds": round(seconds, 2),
            "sent_this_run": sent_now,
            "achieved_rate": round(sent_now / seconds, 2) if seconds else 0.0,
            "configured_rate": telegram.rate,
            "concurrency": telegram.concurrency,
            "rate_limited_429": throttled,
            "resumed": resumed,
            **fake_figures(fake, recipients=sum(counts.values())),
        }


def quiet_ptb() -> None:
    """Warnings only (bot.channels.telegram already asks PTB for timedelta retry_after)."""
    logging.basicConfig(level=logging.WARNING)


def _bench(args: argparse.Namespace, settings: Settings) -> int:
    quiet_ptb()
    print(json.dumps(asyncio.run(bench(args, settings))), flush=True)
    return 0


def add_commands(commands: argparse._SubParsersAction) -> None:
    """``send``, ``responsiveness`` and ``crash`` sub-commands."""
    from benchmarks import campaigns_extra

    sub = commands.add_parser("send", help="send a campaign at full speed and measure it")
    sub.add_argument("--db", required=True, help="new file: seed; existing file: resume")
    sub.add_argument("--recipients", type=int, default=2000)
    sub.add_argument("--api-url", help="Bot API base URL (default: an in-process fake)")
    sub.add_argument("--token", default=os.environ.get("BENCH_BOT_TOKEN", FAKE_TOKEN))
    sub.add_argument("--rate", type=float, help="messages/s (default BROADCAST_RATE or 25)")
    sub.add_argument("--concurrency", type=int, help="default BROADCAST_CONCURRENCY or 8")
    sub.set_defaults(func=_bench)
    campaigns_extra.add_commands(commands)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.campaigns", description=__doc__)
    add_commands(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return int(args.func(args, Settings.from_env()))


if __name__ == "__main__":
    raise SystemExit(main())
