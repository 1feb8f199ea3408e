"""``python -m benchmarks.replicas``: N bot replicas on one PostgreSQL database, as one bot.

Starts a throwaway PostgreSQL server (``tests/postgres.py``; or ``--pg-url``), the project's
fake Bot API in this process with Telegram's flood control (30 messages/s for the token,
1/s per chat after a burst of 3) and 30 ms latency, and ``--replicas`` processes of
``python -m bot run`` in webhook mode on that database. This process plays nginx and
Telegram: it posts updates to the replicas in turn over 40 connections, as Telegram's
webhook delivery would, and reads what reached each chat from the fake.

Three parts, one JSON line each:

- ``burst``: N citizens send /start at the same moment. Printed: the share who got the whole
  onboarding (greeting and privacy notice), how many got nothing, p50/p95 seconds to the
  first reply, 429s from the fake, wall time, and the updates each replica handled.
- ``campaign``: R subscribers and one campaign due now; one replica sends it (the sender
  lease holder); when ``--kill-at`` of it has gone out, that replica is killed with
  SIGKILL and another takes the lease over. Printed: the achieved rate against
  ``BROADCAST_RATE`` (over the whole run and without the takeover gap), the gap, lost
  (subscribers who got nothing), duplicated (extra copies) against the in-flight window
  (``BROADCAST_CONCURRENCY``), and 429s.
- ``zalo`` (asked for with ``--parts zalo``; the replicas then run Zalo too, on the fake Zalo
  API in this process): P people each write K times, every event signed and posted to the
  next replica, a person's next event once Zalo has its 200, people at once over 40
  connections. Printed: the share of people whose answers came in the order they wrote,
  lost and duplicated answers, and how fast the webhook acknowledged (Zalo wants 2 s).

Figures, not a test: run it on an otherwise quiet machine.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import aiohttp
import sqlalchemy as sa

from benchmarks.burst import GREETING, NOTICE, percentile
from bot.config import ROOT
from bot.store import Store
from tests.fakes import FakeBotAPI
from tests.fakes.telegram_params import Params
from tests.fakes.zalo_api import FakeZaloAPI, sign

TOKEN = "123:REPLICAS"
SECRET = "replicas-benchmark-secret-0123456789"
LATENCY = 0.03
CONNECTIONS = 40  # Telegram's default max_connections for a webhook
BURST_FIRST_CHAT = 2_000_000_000
CAMPAIGN_FIRST_CHAT = 1_000_000_000
CAMPAIGN_MARK = "đối thoại chính sách giảm nghèo"
BROADCAST_RATE = 25.0
BROADCAST_CONCURRENCY = 8
PAUSE = 2.0  # seconds without a campaign send that count as a pause, not pacing


class RecordingFakeBotAPI(FakeBotAPI):
    """The fake Bot API, noting when each chat got its first message and when each campaign
    message went out."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.first_message_at: dict[int, float] = {}
        self.campaign_sends: list[tuple[float, int]] = []

    def send_message(self, p: Params) -> dict[str, Any]:
        result = super().send_message(p)
        chat, now = int(p.get("chat_id")), time.monotonic()
        self.first_message_at.setdefault(chat, now)
        if CAMPAIGN_MARK in (p.text("text") or ""):
            self.campaign_sends.append((now, chat))
        return result


@contextlib.contextmanager
def postgres(url: str | None) -> Iterator[str]:
    """A fresh database: on ``url``'s server, or on a throwaway server of our own."""
    from tests.postgres import PostgresServer

    server = PostgresServer(admin_url=url) if url else PostgresServer.start()
    try:
        database = server.create_database()
        Store.open(database).close()  # migrated once, before the replicas start
        yield database
    finally:
        if not url:
            server.stop()


class Replica:
    """One ``python -m bot run`` process."""

    def __init__(
        self, index: int, database: str, api_url: str, folder: Path,
        extra_env: dict[str, str] | None = None,
    ) -> None:  # fmt: skip
        from tests.test_webhook import free_port

        self.index = index
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/telegram/webhook"
        self.zalo_url = f"http://127.0.0.1:{self.port}/zalo/webhook"
        data = folder / f"replica{index}"
        data.mkdir()
        env = (
            os.environ
            | {
                "TELEGRAM_BOT_TOKEN": TOKEN,
                "TELEGRAM_API_URL": api_url,
                "BOT_DB": database,
                "BOT_WEBHOOK_URL": self.url,
                "BOT_WEBHOOK_SECRET": SECRET,
                "BOT_HTTP_HOST": "127.0.0.1",
                "BOT_HTTP_PORT": str(self.port),
                "BOT_DATA_DIR": str(data),
                "BOT_CONTENT_DIR": str(ROOT / "content"),
                "BOT_LOG_FORMAT": "json",
                "BROADCAST_QUIET_HOURS": "off",
                "BROADCAST_SYNC_SECONDS": "2",
                "BROADCAST_RATE": str(BROADCAST_RATE),
                "BROADCAST_CONCURRENCY": str(BROADCAST_CONCURRENCY),
            }
            | (extra_env or {})
        )
        self.log = data / "bot.log"
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "bot", "run"], env=env, cwd=data, stderr=log,
                stdout=subprocess.DEVNULL,
            )  # fmt: skip

    async def ready(self, session: aiohttp.ClientSession, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"replica {self.index} ended; see {self.log}")
            with contextlib.suppress(aiohttp.ClientError):
                async with session.get(f"http://127.0.0.1:{self.port}/readyz") as answer:
                    if answer.status == 200:
                        return
            await asyncio.sleep(0.2)
        raise TimeoutError(f"replica {self.index} not ready; see {self.log}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_update(update_id: int, chat_id: int) -> dict[str, Any]:
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private", "first_name": "Dân"},
            "from": {"id": chat_id, "is_bot": False, "first_name": "Dân"},
            "text": "/start",
            "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        },
    }


async def deliver(session: aiohttp.ClientSession, urls: list[str], updates: list[dict]) -> int:
    """Post ``updates`` round-robin over ``CONNECTIONS`` connections, as nginx in front of
    the replicas would receive them from Telegram; the number refused."""
    slots = asyncio.Semaphore(CONNECTIONS)
    refused = 0

    async def post(index: int, update: dict) -> None:
        nonlocal refused
        async with slots:
            url = urls[index % len(urls)]
            headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
            async with session.post(url, json=update, headers=headers) as answer:
                refused += answer.status != 200

    await asyncio.gather(*(post(i, u) for i, u in enumerate(updates)))
    return refused


def complete(fake: FakeBotAPI, chat_id: int) -> bool:
    received = " ".join(m.text or "" for m in fake.transcript(chat_id))
    return GREETING in received and NOTICE in received


async def burst(
    fake: RecordingFakeBotAPI,
    replicas: list[Replica],
    session: aiohttp.ClientSession,
    database: str,
    *,
    citizens: int,
    limit: float,
) -> dict[str, Any]:
    chats = range(BURST_FIRST_CHAT, BURST_FIRST_CHAT + citizens)
    updates = [start_update(i + 1, chat) for i, chat in enumerate(chats)]
    rate_limited = fake.stats.rate_limited
    started = time.monotonic()
    refused = await deliver(session, [r.url for r in replicas], updates)
    posted = time.monotonic() - started
    deadline, waiting = started + limit, list(chats)
    while waiting and time.monotonic() < deadline:
        # Polled, not checked on every send: the fake answers the replicas in this process.
        waiting = [c for c in waiting if not complete(fake, c)]
        await asyncio.sleep(0.5)
    wall = time.monotonic() - started
    firsts = [fake.first_message_at[c] - started for c in chats if c in fake.first_message_at]
    done = sum(complete(fake, c) for c in chats)
    p50, p95 = percentile(firsts, 0.5), percentile(firsts, 0.95)
    return {
        "part": "burst",
        "replicas": len(replicas),
        "citizens": citizens,
        "complete_share": round(done / citizens, 4),
        "got_nothing": citizens - len(firsts),
        "first_reply_p50_s": round(p50, 2) if p50 is not None else None,
        "first_reply_p95_s": round(p95, 2) if p95 is not None else None,
        "http_429": fake.stats.rate_limited - rate_limited,
        "http_429_chats": sum(1 for c in chats if fake.stats.rate_limited_per_chat.get(c)),
        "http_429_ignored_retry_after": fake.stats.ignored_retry_after,
        "webhook_refused": refused,
        "all_posted_s": round(posted, 2),
        "wall_s": round(wall, 1),
    }


def seed_campaign(database: str, recipients: int) -> int | str:
    """R subscribers and one campaign due now; its id, or why it cannot be made here."""
    from bot.broadcasts import actions, compose
    from bot.store.campaigns import Segment
    from bot.store.citizens import citizens as citizens_table

    store = Store.open(database)
    try:
        try:
            store.campaigns.recent(limit=1)
        except NotImplementedError as error:
            return f"blocked: {error}"
        stamp = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        rows = [
            {
                "channel_id": f"telegram:{CAMPAIGN_FIRST_CHAT + i}",
                "consent_at": stamp,
                "first_seen": stamp,
                "last_seen": stamp,
                "subscribed": 1,
                "topics": "[]",
                "commune": "que_phong",
            }  # fmt: skip
            for i in range(recipients)
        ]
        store.call_sql(lambda conn: conn.execute(sa.insert(citizens_table), rows))
        text = f"Thông báo: UBND xã tổ chức {CAMPAIGN_MARK} lúc 8 giờ sáng thứ Bảy."
        draft, now, utc = compose.Draft(text), dt.datetime.now(dt.UTC), ZoneInfo("UTC")
        segment = Segment()
        campaign = store.call(
            lambda r: actions.create_in(
                r, draft, segment=segment, created_by="bench", now=now, tz=utc
            )
        )
        return campaign.id
    finally:
        store.close()


def lease_holder_pid(database: str) -> int | None:
    store = Store.open(database)
    try:
        holder = store.call_sql(
            lambda conn: conn.execute(
                sa.text("SELECT holder FROM leases WHERE name LIKE 'senders:%'")
            ).scalar()
        )
    finally:
        store.close()
    return int(str(holder).split(":")[1]) if holder else None


async def campaign(
    fake: RecordingFakeBotAPI,
    replicas: list[Replica],
    database: str,
    *,
    recipients: int,
    kill_at: float,
    limit: float,
) -> dict[str, Any]:
    seeded = await asyncio.to_thread(seed_campaign, database, recipients)
    if isinstance(seeded, str):
        return {"part": "campaign", "recipients": recipients, "result": seeded}
    rate_limited = fake.stats.rate_limited
    chats = set(range(CAMPAIGN_FIRST_CHAT, CAMPAIGN_FIRST_CHAT + recipients))
    killed: dict[str, Any] = {}
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        reached = {chat for _, chat in fake.campaign_sends}
        if not killed and len(reached) >= kill_at * recipients:
            pid = await asyncio.to_thread(lease_holder_pid, database)
            victim = next((r for r in replicas if r.process.pid == pid), None)
            if victim is not None:
                victim.process.send_signal(signal.SIGKILL)
                victim.process.wait()
                killed = {"killed_replica": victim.index, "killed_after_sends": len(reached)}
        if len(reached) >= recipients:
            break
        await asyncio.sleep(0.2)
    await asyncio.sleep(3)  # what the in-flight sends of the new holder still deliver
    sends = sorted(t for t, chat in fake.campaign_sends if chat in chats)
    counts: dict[int, int] = {}
    for _, chat in fake.campaign_sends:
        counts[chat] = counts.get(chat, 0) + 1
    span = sends[-1] - sends[0] if len(sends) > 1 else 0.0
    gaps = [b - a for a, b in zip(sends, sends[1:], strict=False)]
    pauses = [gap for gap in gaps if gap > PAUSE]  # nobody sending: a takeover, stale claims
    unique = len(counts)
    return {
        "part": "campaign",
        "recipients": recipients,
        "configured_rate": BROADCAST_RATE,
        "achieved_rate": round(unique / span, 2) if span else None,
        "rate_while_sending": round(len(sends) / (span - sum(pauses)), 2) if span else None,
        "pauses_s": [round(p, 1) for p in pauses],
        "lost": recipients - unique,
        "duplicated": sum(n - 1 for n in counts.values()),
        "in_flight_window": BROADCAST_CONCURRENCY,
        "http_429": fake.stats.rate_limited - rate_limited,
        "wall_s": round(span, 1),
    } | killed


# -- Zalo: one person's events over the replicas -------------------------------------------
ZALO_FIRST_USER = 3_000_000_000
ZALO_COMMANDS = ("/trogiup", "/menu")  # answered with one message each, told apart below
ZALO_HELP, ZALO_MENU = "Các lệnh", "Bảo hiểm y tế"


def zalo_env(fake: FakeZaloAPI) -> dict[str, str]:
    """The replicas' ``ZALO_*``: the fake Zalo API of this process."""
    return {
        "ZALO_APP_ID": fake.app_id,
        "ZALO_APP_SECRET": fake.app_secret,
        "ZALO_OA_SECRET_KEY": fake.oa_secret_key,
        "ZALO_ACCESS_TOKEN": fake.initial_tokens[0],
        "ZALO_REFRESH_TOKEN": fake.initial_tokens[1],
        "ZALO_API_URL": fake.base_url,
        "ZALO_OAUTH_URL": fake.base_url,
    }


def zalo_kinds(fake: FakeZaloAPI, user: str) -> list[str]:
    return [
        "help" if ZALO_HELP in m.text else "menu" if ZALO_MENU in m.text else "other"
        for m in fake.received(user)
    ]


async def zalo(
    fake: FakeZaloAPI,
    replicas: list[Replica],
    session: aiohttp.ClientSession,
    *,
    people: int,
    messages: int,
    limit: float,
) -> dict[str, Any]:
    """Each person writes ``messages`` times, each event to the next replica (as a load
    balancer would), the next once Zalo has its 200; people write at once (40 connections)."""
    users = [str(ZALO_FIRST_USER + i) for i in range(people)]
    expected = [("help", "menu")[j % 2] for j in range(messages)]
    slots = asyncio.Semaphore(CONNECTIONS)
    acks: list[float] = []
    refused = 0

    async def person(index: int, user: str) -> None:
        nonlocal refused
        fake.interacted(user)
        for j in range(messages):
            event = fake.text_event(user, ZALO_COMMANDS[j % 2])
            raw = json.dumps(event, ensure_ascii=False).encode()
            signature = sign(fake.app_id, raw, event["timestamp"], fake.oa_secret_key)
            headers = {"Content-Type": "application/json", "X-ZEvent-Signature": signature}
            url = replicas[(index + j) % len(replicas)].zalo_url
            async with slots:
                posted = time.monotonic()
                async with session.post(url, data=raw, headers=headers) as answer:
                    refused += answer.status != 200
                acks.append(time.monotonic() - posted)

    started = time.monotonic()
    await asyncio.gather(*(person(i, u) for i, u in enumerate(users)))
    posted = time.monotonic() - started
    deadline, waiting = started + limit, list(users)
    while waiting and time.monotonic() < deadline:
        waiting = [u for u in waiting if len(fake.received(u)) < messages]
        await asyncio.sleep(0.5)
    wall = time.monotonic() - started
    await asyncio.sleep(2)  # replies still on their way would show up as duplicates
    kinds = {u: zalo_kinds(fake, u) for u in users}
    ack_p50, ack_p95 = percentile(acks, 0.5), percentile(acks, 0.95)
    return {
        "part": "zalo",
        "replicas": len(replicas),
        "people": people,
        "events_per_person": messages,
        "in_order_share": round(sum(k == expected for k in kinds.values()) / people, 4),
        "answered_events": sum(min(len(k), messages) for k in kinds.values()),
        "lost": sum(max(0, messages - len(k)) for k in kinds.values()),
        "duplicated": sum(max(0, len(k) - messages) for k in kinds.values()),
        "webhook_refused": refused,
        "ack_p50_ms": round(ack_p50 * 1000, 1) if ack_p50 is not None else None,
        "ack_p95_ms": round(ack_p95 * 1000, 1) if ack_p95 is not None else None,
        "ack_max_ms": round(max(acks) * 1000, 1) if acks else None,
        "all_posted_s": round(posted, 2),
        "wall_s": round(wall, 1),
    }


async def main_async(args: argparse.Namespace, database: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        async with RecordingFakeBotAPI(
            token=TOKEN, flood_control=True, latency=LATENCY, webhook_push=False,
            keep_payloads=False,
        ) as fake, FakeZaloAPI() as zalo_fake:  # fmt: skip
            extra = zalo_env(zalo_fake) if "zalo" in args.parts else {}
            replicas = [
                Replica(i, database, fake.base_url, Path(folder), extra)
                for i in range(args.replicas)
            ]
            connector = aiohttp.TCPConnector(limit=CONNECTIONS)
            try:
                async with aiohttp.ClientSession(connector=connector) as session:
                    await asyncio.gather(*(r.ready(session) for r in replicas))
                    if "burst" in args.parts:
                        figures = await burst(
                            fake, replicas, session, database, citizens=args.citizens,
                            limit=args.limit,
                        )  # fmt: skip
                        print(json.dumps(figures), flush=True)
                    if "campaign" in args.parts:
                        figures = await campaign(
                            fake, replicas, database, recipients=args.recipients,
                            kill_at=args.kill_at, limit=args.limit,
                        )  # fmt: skip
                        print(json.dumps(figures), flush=True)
                    if "zalo" in args.parts:
                        figures = await zalo(
                            zalo_fake, replicas, session, people=args.zalo_people,
                            messages=args.zalo_messages, limit=args.limit,
                        )  # fmt: skip
                        print(json.dumps(figures), flush=True)
            finally:
                await asyncio.gather(*(asyncio.to_thread(r.stop) for r in replicas))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0] if __doc__ else None)
    parser.add_argument("--replicas", type=int, default=3)
    parser.add_argument("--citizens", type=int, default=2000)
    parser.add_argument("--recipients", type=int, default=10_000)
    parser.add_argument("--kill-at", type=float, default=0.4, help="share sent before the kill")
    parser.add_argument("--limit", type=float, default=900.0, help="seconds a part may take")
    parser.add_argument("--zalo-people", type=int, default=300)
    parser.add_argument("--zalo-messages", type=int, default=6, help="events per person")
    parser.add_argument(
        "--parts", nargs="+", default=["burst", "campaign"], choices=["burst", "campaign", "zalo"]
    )
    parser.add_argument("--pg-url", help="a PostgreSQL superuser URL instead of a new server")
    args = parser.parse_args(argv)
    with postgres(args.pg_url) as database:
        asyncio.run(main_async(args, database))


if __name__ == "__main__":
    main()
