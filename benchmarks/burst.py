"""``python -m benchmarks.burst``: N citizens send /start at the same moment; what reaches them?

The real ``TelegramChannel`` (python-telegram-bot, long polling) runs against the project's
fake Bot API on 127.0.0.1 with Telegram's flood control (30 messages/s overall, 1/s per chat
after a burst of 3) and a little latency. N updates are queued at once; the run ends when every
citizen has the whole onboarding (greeting and privacy notice) or the time limit passes.
Printed per N: the share of citizens who got every onboarding message, how many got nothing,
p50/p95 seconds to the first reply, the 429s the bot received, and the wall time.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import tempfile
import time
from pathlib import Path
from typing import Any

from bot.app import build_engine, load_faq
from bot.channels.telegram import TelegramChannel
from bot.config import ROOT, Settings
from tests.fakes import FakeBotAPI
from tests.fakes.telegram_params import Params

TOKEN = "123:BENCH"
FIRST_CHAT_ID = 2_000_000_000
LATENCY = 0.03
GREETING = "UBND xã"
NOTICE = "91/2025/QH15"


class TimedFakeBotAPI(FakeBotAPI):
    """The fake Bot API, noting when each chat got its first message."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.first_message_at: dict[int, float] = {}

    def send_message(self, p: Params) -> dict[str, Any]:
        result = super().send_message(p)
        self.first_message_at.setdefault(int(p.get("chat_id")), time.monotonic())
        return result


def percentile(values: list[float], share: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def complete(fake: FakeBotAPI, chat_id: int) -> bool:
    received = " ".join(m.text or "" for m in fake.transcript(chat_id))
    return GREETING in received and NOTICE in received


async def burst(citizens: int, *, faq: object, limit_seconds: float) -> dict[str, Any]:
    """Run one burst of ``citizens`` and return its figures."""
    async with TimedFakeBotAPI(token=TOKEN, flood_control=True, latency=LATENCY) as fake:
        with tempfile.TemporaryDirectory() as folder:
            settings = Settings(
                telegram_token=TOKEN,
                telegram_api_url=fake.base_url,
                db_path=Path(folder) / "bench.db",
                content_dir=ROOT / "content",
            )
            engine = build_engine(settings, faq=faq)
            channel = TelegramChannel(engine, settings)
            await channel.start()
            try:
                chats = range(FIRST_CHAT_ID, FIRST_CHAT_ID + citizens)
                started = time.monotonic()
                for chat_id in chats:
                    fake.user_sends(chat_id, "/start")
                with contextlib.suppress(TimeoutError):  # whoever is incomplete is counted
                    await fake.wait_until(
                        lambda: all(complete(fake, c) for c in chats), timeout=limit_seconds
                    )
                wall = time.monotonic() - started
            finally:
                await channel.stop()
                engine.services.store.close()
        firsts = [fake.first_message_at[c] - started for c in chats if c in fake.first_message_at]
        done = sum(complete(fake, c) for c in chats)
        p50, p95 = percentile(firsts, 0.5), percentile(firsts, 0.95)
        return {
            "citizens": citizens,
            "complete_share": round(done / citizens, 4),
            "got_nothing": citizens - len(firsts),
            "first_reply_p50_s": round(p50, 2) if p50 is not None else None,
            "first_reply_p95_s": round(p95, 2) if p95 is not None else None,
            "http_429": fake.stats.rate_limited,
            "wall_s": round(wall, 1),
        }


async def main_async(sizes: list[int], limit_seconds: float) -> None:
    faq = load_faq(Settings(content_dir=ROOT / "content"))
    for size in sizes:
        print(json.dumps(await burst(size, faq=faq, limit_seconds=limit_seconds)), flush=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0] if __doc__ else None)
    parser.add_argument("--citizens", type=int, nargs="+", default=[60, 400, 2000])
    parser.add_argument("--limit", type=float, default=600.0, help="seconds a burst may take")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.ERROR)
    asyncio.run(main_async(args.citizens, args.limit))


if __name__ == "__main__":
    main()
