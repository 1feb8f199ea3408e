"""Benchmark: how fast the Zalo webhook acknowledges events and the bot answers them.

Zalo wants HTTP 200 within 2 seconds. This runs the real Zalo channel and dialogue engine
(bundled content, FAQ included) against the fake Zalo OA API on 127.0.0.1, has many people
ask FAQ questions at once, and prints the acknowledgement and reply latencies::

    python -m benchmarks.zalo_webhook --events 1000 --concurrency 50

Nothing leaves the machine; the database is a temporary file.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from bot.app import build_engine
from bot.channels.zalo import ZaloChannel
from bot.config import ROOT, Settings
from tests.fakes.zalo_api import FakeZaloAPI

QUESTIONS = (
    "thẻ bảo hiểm y tế hộ nghèo có phải đóng tiền không",
    "nha toi ho ngheo muon vay von ngan hang chinh sach thi dc bao nhieu",
    "hộ cận nghèo được hỗ trợ học phí không",
    "/menu",
    "/trogiup",
)


def line(name: str, seconds: list[float]) -> str:
    ms = [s * 1000 for s in seconds]
    cuts = statistics.quantiles(ms, n=100, method="inclusive")
    return (
        f"{name:<22} p50 {cuts[49]:7.1f} ms   p99 {cuts[98]:7.1f} ms"
        f"   max {max(ms):7.1f} ms   mean {statistics.fmean(ms):7.1f} ms"
    )


async def bench(events: int, concurrency: int, db_dir: Path) -> None:
    async with FakeZaloAPI() as fake:
        base = Settings(
            db_path=db_dir / "bench.db",
            content_dir=ROOT / "content",
            flood_limit_per_minute=10_000,  # each person sends one message; no flood here
        )
        settings = fake.bot_settings(base)
        engine = build_engine(settings)
        channel = ZaloChannel(engine, settings)
        await channel.start()
        fake.webhook_url = channel.webhook.url
        acks: list[float] = []
        replies: list[float] = []
        gate = asyncio.Semaphore(concurrency)

        async def one(n: int) -> None:
            user = str(10_000 + n)
            async with gate:
                started = time.perf_counter()
                await fake.user_sends(user, QUESTIONS[n % len(QUESTIONS)])
                acks.append(time.perf_counter() - started)
                await fake.wait_until(lambda: bool(fake.received(user)), timeout=60)
                replies.append(time.perf_counter() - started)

        began = time.perf_counter()
        try:
            await asyncio.gather(*(one(n) for n in range(events)))
        finally:
            elapsed = time.perf_counter() - began
            await channel.stop()
            engine.services.store.close()
        print(f"Zalo webhook: {events} events from {events} people, {concurrency} at a time")
        print(line("webhook 200 (ack)", acks))
        print(line("first reply received", replies))
        print(f"throughput             {events / elapsed:7.1f} events/s ({elapsed:.2f} s)")
        print(f"messages sent          {fake.stats.sent} (refused: {dict(fake.stats.refused)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        asyncio.run(bench(args.events, args.concurrency, Path(tmp)))


if __name__ == "__main__":
    main()
