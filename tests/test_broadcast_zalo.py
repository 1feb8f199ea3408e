"""A campaign to Zalo subscribers through the real Zalo channel and the fake Zalo OA API:
the sender only reads ``DeliveryStatus``; whom Zalo refuses as outside the window is then
reached by the article broadcast (tests/test_zalo_reach.py has the other means)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from bot.broadcasts import report
from bot.broadcasts.service import BroadcastService
from tests.test_broadcasts import FAST, FOOTER, campaign
from tests.zalo_harness import running_zalo_bot


async def test_a_refusal_for_the_window_falls_back_to_the_article_and_an_unfollow_stops(
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
        # The bot thought 7002 inside the window; Zalo said -230: the article reached them.
        assert store.campaigns.counts(run.id) == {"sent": 1, "article": 1, "blocked": 1}
        assert bot.fake.articles_received["7002"]
        text = report.report_text(
            bot.engine.services, store.call(lambda r: report.read_run(r, run))
        )
        assert (
            "Trong bài viết OA gửi người quan tâm (Zalo phát theo hạn mức của mỗi người): 1" in text
        )
        assert "Lỗi, không gửi được" not in text
        assert store.citizens.get("zalo:7003").stopped_reason == "unfollowed"
        assert store.events.count("broadcast_outside_window") == 1
