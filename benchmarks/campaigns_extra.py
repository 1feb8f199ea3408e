"""Two more benchmarks: replies stay fast during a campaign; a ``kill -9`` loses nothing.

``responsiveness``: the real Telegram channel and sender against the in-process fake
Bot API (50 ms latency, flood control); while a campaign to N subscribers is being sent,
citizens ask questions and the time until their answer arrives is measured (p50/p95/max).

``crash``: runs ``send`` in a child process, kills it with SIGKILL in the middle of
sending, runs it again on the same database and counts, in the fake's statistics, how many
messages each chat received: every chat at least one (nothing lost), repeats ≤ concurrency.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import os
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.campaigns import (
    FAKE_TOKEN,
    bench_config,
    fake_api,
    fake_figures,
    quiet_ptb,
    running_bot,
    seed,
)
from bot.app import load_faq
from bot.config import Settings
from bot.store import Store

ASKER_FIRST_ID = 2_000_000_000
QUESTIONS = (
    "hộ nghèo được vay vốn bao nhiêu",
    "thẻ bảo hiểm y tế cho hộ cận nghèo",
    "làm sao để được công nhận hộ nghèo",
    "/menu",
)


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


async def responsiveness(args: argparse.Namespace, settings: Settings) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench.db"
        store = Store.open(db)
        seed(store, args.recipients)
        for j in range(args.askers):
            store.citizens.register(f"telegram:{ASKER_FIRST_ID + j}")  # consenting, no news
        store.close()
        async with fake_api(None) as (url, fake):
            settings = dataclasses.replace(
                settings, telegram_token=FAKE_TOKEN, telegram_api_url=url, db_path=db
            )
            config = bench_config(settings, rate=args.rate, concurrency=args.concurrency)
            faq = load_faq(settings)
            async with running_bot(settings, config, faq=faq) as (_engine, service):
                await service.start()
                await asyncio.sleep(args.warmup)
                sent_before = fake.stats.total_sends
                started = time.monotonic()
                waits = await _ask(fake, args)
                elapsed = time.monotonic() - started
                broadcast_during = service.sender.sent
                throttled = service.sender.throttled
                during_rate = (fake.stats.total_sends - sent_before) / elapsed
    return {
        "recipients": args.recipients,
        "questions": len(waits),
        "p50_ms": round(statistics.median(waits) * 1000),
        "p95_ms": round(_percentile(waits, 0.95) * 1000),
        "max_ms": round(max(waits) * 1000),
        "campaign_messages_sent": broadcast_during,
        "api_sends_per_second_during": round(during_rate, 2),
        "rate_limited_429": throttled,
        **fake_figures(fake, recipients=args.recipients),
    }


async def _ask(fake: Any, args: argparse.Namespace) -> list[float]:
    """Citizens write at ``--questions-per-second``; each answer's delay is measured."""

    async def one(index: int) -> float:
        chat = ASKER_FIRST_ID + index % args.askers
        asked = time.monotonic()
        fake.user_sends(chat, QUESTIONS[index % len(QUESTIONS)])
        await fake.wait_for_reply(chat, timeout=30)
        return time.monotonic() - asked

    tasks = []
    for index in range(int(args.duration * args.questions_per_second)):
        tasks.append(asyncio.create_task(one(index)))
        await asyncio.sleep(1 / args.questions_per_second)
    return list(await asyncio.gather(*tasks))


async def crash(args: argparse.Namespace, settings: Settings) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        db = str(Path(folder) / "crash.db")
        async with fake_api(None) as (url, fake):
            command = [
                sys.executable, "-m", "benchmarks.campaigns", "send", "--db", db, "--recipients",
                str(args.recipients), "--api-url", url, "--token", FAKE_TOKEN,
                "--concurrency", str(args.concurrency),
            ]  # fmt: skip
            # The resumed process takes over the killed one's claimed rows at once (a replica
            # would wait BROADCAST_CLAIM_SECONDS, not knowing the other is dead).
            env = {**os.environ, "BROADCAST_CLAIM_SECONDS": "1"}
            child = await asyncio.create_subprocess_exec(
                *command, stdout=asyncio.subprocess.PIPE, env=env
            )
            await fake.wait_until(
                lambda: fake.stats.total_sends >= args.kill_after, timeout=args.recipients
            )
            child.send_signal(signal.SIGKILL)
            await child.wait()
            at_kill = fake.stats.total_sends
            await asyncio.sleep(1.0)  # the dead process's claims grow stale
            resumed = await asyncio.create_subprocess_exec(
                *command, stdout=asyncio.subprocess.PIPE, env=env
            )
            output, _ = await resumed.communicate()
            second = json.loads(output.decode().strip().splitlines()[-1])
            per_chat = fake.stats.sends_per_chat
            expected = range(1_000_000_000, 1_000_000_000 + args.recipients)
            lost = sum(1 for chat in expected if per_chat.get(chat, 0) == 0)
            repeats = sum(max(0, per_chat.get(chat, 0) - 1) for chat in expected)
    return {
        "recipients": args.recipients,
        "killed_after_api_sends": at_kill,
        "killed_with": "SIGKILL",
        "resume": second,
        "chats_reached": sum(1 for chat in expected if per_chat.get(chat, 0) > 0),
        "lost": lost,
        "duplicates": repeats,
        "concurrency": args.concurrency,
        "ok": lost == 0 and repeats <= args.concurrency,
    }


def _run(coroutine) -> int:
    quiet_ptb()
    result = asyncio.run(coroutine)
    print(json.dumps(result), flush=True)
    return 0 if result.get("ok", True) else 1


def add_commands(commands: argparse._SubParsersAction) -> None:
    sub = commands.add_parser(
        "responsiveness", help="answer delay for citizens while a campaign is sent"
    )
    sub.add_argument("--recipients", type=int, default=10_000)
    sub.add_argument("--duration", type=float, default=60.0, help="seconds of questions")
    sub.add_argument("--questions-per-second", type=float, default=2.0)
    sub.add_argument("--askers", type=int, default=60, help="distinct citizens asking")
    sub.add_argument("--warmup", type=float, default=5.0, help="seconds of sending first")
    sub.add_argument("--rate", type=float)
    sub.add_argument("--concurrency", type=int)
    sub.set_defaults(func=lambda a, s: _run(responsiveness(a, s)))

    sub = commands.add_parser("crash", help="kill -9 in the middle of a campaign, resume")
    sub.add_argument("--recipients", type=int, default=1500)
    sub.add_argument("--kill-after", type=int, default=500, help="API sends before SIGKILL")
    sub.add_argument("--concurrency", type=int, default=8)
    sub.set_defaults(func=lambda a, s: _run(crash(a, s)))
