"""Benchmark: a campaign to 100,000 Zalo followers, each reached by the right means, none lost
or duplicated.

Runs the real Zalo channel, the daily follower reconciliation and the real broadcast service
against the fake Zalo OA API on 127.0.0.1, all in one process::

    python -m benchmarks.zalo_reach [--followers 100000] [--in-window 0.1] [--templates 5000]
        [--app-limit 60000]

The followers: ``--in-window`` of them wrote within 7 days (consultation message), the rest
are silent (the first ``--templates`` get a paid template, the others the article); 1 % left
the OA while the bot was down (the reconciliation must stop them first) and 0.5 % of those in
the window leave during the campaign (``-213``: blocked). The fake enforces an app limit of
``--app-limit`` requests a minute (Zalo's is ~4,000; the default is scaled up so the run takes
minutes, not hours) and the bot paces campaigns at half of it, as it does by default.

It prints one JSON line: the counts per means from the database, and from the fake's own
records: ``lost`` (a subscribed follower who got nothing by their means) and ``duplicated``
(anyone with more than one message by their means, or more than one means of direct
delivery). Nothing leaves the machine; the database is a temporary file.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import datetime as dt
import json
import logging
import tempfile
import time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bot.app import build_engine
from bot.broadcasts import actions, compose
from bot.broadcasts.config import BroadcastConfig, ChannelPacing
from bot.broadcasts.service import BroadcastService
from bot.broadcasts.timing import utc_now
from bot.channels.zalo import ZaloChannel
from bot.config import ROOT, Settings
from bot.store import Store
from bot.store.campaigns import Segment
from tests.fakes.zalo_api import FakeZaloAPI

FIRST_USER = 5_000_000_000
PRICE_VND = 200
TEXT = "Chuẩn nghèo mới áp dụng từ 01/01/2027. Mời bà con dự buổi đối thoại sáng thứ Bảy."


def seed(store: Store, fake: FakeZaloAPI, args: argparse.Namespace) -> dict[str, list[str]]:
    """Citizens in the database and followers in the fake; who is what."""
    now = dt.datetime.now(dt.UTC)
    recent = now.isoformat(timespec="seconds")
    silent = (now - dt.timedelta(days=9)).isoformat(timespec="seconds")
    in_window = int(args.followers * args.in_window)
    groups: dict[str, list[str]] = {"window": [], "silent": [], "left": [], "leaving": []}
    rows = []
    for i in range(args.followers):
        user = str(FIRST_USER + i)
        inside = i < in_window
        group = "window" if inside else "silent"
        if i % 100 == 99:
            group = "left"  # unfollowed while the bot was down
        elif inside and i % 200 == 0:
            group = "leaving"  # unfollows during the campaign
        groups[group].append(user)
        seen = recent if inside else silent
        rows.append(
            {"channel_id": f"zalo:{user}", "consent_at": recent, "first_seen": recent,
             "last_seen": seen, "subscribed": 1, "topics": "[]", "commune": "que_phong"}
        )  # fmt: skip
        fake.set_follower(
            user,
            following=group != "left",
            last_interaction=now if inside else now - dt.timedelta(days=9),
        )

    def insert(db: Any) -> None:
        with db.atomic():
            db.table("citizens").insert_all(rows, batch_size=2000)

    store.call_db(insert)
    return groups


def check(fake: FakeZaloAPI, store: Store, groups: dict[str, list[str]]) -> dict[str, int]:
    """Lost and duplicated, from what the fake recorded each person received."""
    lost = duplicated = 0
    query = "SELECT c.channel_id, d.status FROM deliveries d JOIN citizens c ON c.id = d.citizen_id"
    statuses = dict(store.call_db(lambda db: db.execute(query).fetchall()))
    for group in ("window", "silent", "leaving"):
        for user in groups[group]:
            cs = len(fake.messages.get(user, []))
            templates = len(fake.template_messages.get(user, []))
            articles = len(fake.articles_received.get(user, []))
            status = statuses.get(f"zalo:{user}")
            got = {"sent": cs, "template": templates, "article": articles}.get(status or "", 0)
            if group == "leaving":
                lost += status != "blocked"
            elif got == 0:
                lost += 1
            duplicated += cs > 1 or templates > 1 or articles > 1 or (cs > 0 and templates > 0)
    return {"lost": lost, "duplicated": duplicated}


async def bench(args: argparse.Namespace, db_dir: Path) -> dict[str, Any]:
    async with FakeZaloAPI(rate_limit_per_minute=args.app_limit) as fake:
        base = Settings(db_path=db_dir / "bench.db", content_dir=ROOT / "content")
        settings = dataclasses.replace(
            fake.bot_settings(base),
            zalo_template_id="tpl-thong-bao" if args.templates else "",
            zalo_template_price_vnd=PRICE_VND,
            zalo_template_cap_vnd=PRICE_VND * args.templates,
        )
        engine = build_engine(settings)
        store = engine.services.store
        channel = ZaloChannel(engine, settings)
        await channel.open_outbound()
        groups = seed(store, fake, args)
        started = time.perf_counter()
        reconciled = await channel.followers.reconcile()
        reconcile_seconds = time.perf_counter() - started
        for user in groups["leaving"]:
            fake.set_follower(user, following=False)
        pacing = ChannelPacing(rate=args.app_limit / 2 / 60, concurrency=args.concurrency)
        config = BroadcastConfig(quiet_hours=None, pacing={"zalo": pacing})
        campaign = await actions.create(
            store, compose.Draft(TEXT), segment=Segment(), created_by="bench", now=utc_now(),
            tz=ZoneInfo("UTC"),
        )  # fmt: skip
        service = BroadcastService(engine.services, config=config)
        began = time.perf_counter()
        await service.start()
        await service.wait_idle()
        await service.stop()
        seconds = time.perf_counter() - began
        run = store.campaigns.latest_run(campaign.id)
        assert run is not None
        counts = store.campaigns.counts(run.id)
        result = {
            "followers": args.followers,
            "reconciled_unfollowed": reconciled.unfollowed,
            "reconcile_seconds": round(reconcile_seconds, 1),
            "recipients": sum(counts.values()),
            **{f"means_{k}": v for k, v in sorted(counts.items())},
            **check(fake, store, groups),
            "article_broadcasts": len(fake.broadcasts),
            "api_templates_accepted": fake.template_count,
            "templates_unrecorded": fake.template_count - counts.get("template", 0),
            "template_cost_vnd": counts.get("template", 0) * PRICE_VND,
            "campaign_seconds": round(seconds, 1),
            "direct_per_second": round(
                (counts.get("sent", 0) + counts.get("template", 0)) / seconds, 1
            ),
            "configured_per_second": round(pacing.rate, 1),
            "app_limit_per_minute": args.app_limit,
            "api_rate_limited": fake.stats.refused[-32],
            "api_refused_window": fake.stats.refused[-230],
        }
        await channel.close_outbound()
        store.close()
        return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--followers", type=int, default=100_000)
    parser.add_argument("--in-window", type=float, default=0.1)
    parser.add_argument("--templates", type=int, default=5_000)
    parser.add_argument("--app-limit", type=int, default=60_000, help="fake's requests a minute")
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    logging.getLogger("bot.broadcasts.reach").setLevel(logging.INFO)
    with tempfile.TemporaryDirectory() as tmp:
        print(json.dumps(asyncio.run(bench(args, Path(tmp)))), flush=True)


if __name__ == "__main__":
    main()
