"""A campaign to Zalo subscribers through the real Zalo channel and the fake Zalo OA API:
the sender only reads ``DeliveryStatus``, so the 7-day window and unfollows need no code."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from broadcasts import report
from broadcasts.service import BroadcastService
from tests.test_broadcasts import FAST, FOOTER, campaign
from tests.zalo_harness import running_zalo_bot


async def test_outside_the_window_is_counted_apart_and_an_unfollow_stops_the_citizen(
    tmp_path: Path,
) -> None:
    async with running_zalo_bot(tmp_path, faq=None) as bot:
        store = bot.store
        for user in ("7001", "7002", "7003"):
            store.citizens.subscribe(store.citizens.register(f"zalo:{user}"))
        bot.fake.set_follower("7001")
        old = dt.datetime.now(dt.UTC) - dt.timedelta(days=8)
        bot.fake.set_follower("7002", last_interaction=old)
        bot.fake.set_follower("7003", following=False)
        campaign_id = campaign(store, "Lịch đối thoại tháng 6")
        service = BroadcastService(bot.engine.services, config=FAST)
        await service.start()
        await service.wait_idle()
        await service.stop()
        assert FOOTER in bot.received(7001)[0].text
        assert bot.received(7002) == bot.received(7003) == []
        run = store.campaigns.latest_run(campaign_id)
        assert store.campaigns.counts(run.id) == {"sent": 1, "outside_window": 1, "blocked": 1}
        text = report.report_text(bot.engine.services, run)
        assert "Ngoài thời hạn tương tác (Zalo): 1" in text
        assert "Lỗi, không gửi được" not in text
        assert store.citizens.get("zalo:7003").stopped_reason == "unfollowed"
        assert store.events.count("broadcast_outside_window") == 1
