"""Campaigns reach every Zalo follower by the right means, through the real Zalo channel.

Inside the 7-day window: a consultation message. Outside: a ZBS template by UID while the
month's budget lasts, then one OA Article broadcast for the rest, within the live quota.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.broadcasts import report
from bot.broadcasts.config import ChannelPacing
from bot.broadcasts.service import BroadcastService
from bot.broadcasts.timing import QuietHours
from bot.store import Store
from bot.store.campaigns import Segment
from bot.web.features.campaigns import audience
from tests.fakes.zalo_api import FakeZaloAPI
from tests.harness import TelegramBotDriver, execute_sql
from tests.test_broadcasts import FAST, FOOTER, campaign
from tests.zalo_harness import ZaloBotDriver, make_zalo_settings, running_zalo_bot

ZALO_FAST = dataclasses.replace(
    FAST, pacing={**FAST.pacing, "zalo": ChannelPacing(rate=500, concurrency=8)}
)
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
LONG_AGO = dt.datetime.now(dt.UTC) - dt.timedelta(days=9)
TEMPLATES = {
    "zalo_template_id": "tpl-thong-bao",
    "zalo_template_price_vnd": 300,
    "zalo_template_cap_vnd": 600,  # pays for two messages this month
}


def follower(bot: ZaloBotDriver, user: str, *, silent: bool = False, **options: Any) -> None:
    """A subscribed citizen who follows the OA; ``silent``: last wrote 9 days ago."""
    store = bot.store
    citizen = store.citizens.subscribe(store.citizens.register(f"zalo:{user}"))
    if silent:
        store.citizens.update(citizen, last_seen=LONG_AGO.isoformat(timespec="seconds"))
        options.setdefault("last_interaction", LONG_AGO)
    bot.fake.set_follower(user, **options)


async def run_campaign(bot: ZaloBotDriver, text: str = "Lịch đối thoại tháng 6") -> int:
    campaign_id = campaign(bot.store, text)
    service = BroadcastService(bot.engine.services, config=ZALO_FAST)
    await service.start()
    await service.wait_idle()
    await service.stop()
    run = bot.store.campaigns.latest_run(campaign_id)
    assert run is not None
    return run.id


@pytest.fixture
async def zalo(tmp_path: Path) -> AsyncIterator[ZaloBotDriver]:
    async with running_zalo_bot(tmp_path, faq=None) as driver:
        yield driver


async def test_each_follower_is_reached_by_the_right_means(zalo: ZaloBotDriver) -> None:
    follower(zalo, "7001")  # wrote yesterday: consultation message
    follower(zalo, "7002", silent=True)
    follower(zalo, "7003", silent=True)
    follower(zalo, "7004", following=False)  # unfollowed while the bot was down
    run_id = await run_campaign(zalo)
    store = zalo.store
    assert store.campaigns.counts(run_id) == {"sent": 1, "article": 2, "blocked": 1}
    assert FOOTER in zalo.fake.received("7001")[0].text
    assert zalo.fake.received("7002") == zalo.fake.received("7003") == []
    [(article_id, target, reached)] = zalo.fake.broadcasts
    assert zalo.fake.articles_received["7002"] == [article_id]
    assert zalo.fake.articles_received["7003"] == [article_id]
    assert "7004" not in zalo.fake.articles_received
    [article] = zalo.fake.articles.values()
    assert article.title == "Lịch đối thoại tháng 6"
    assert zalo.fake.article_quota == 39
    facts = store.call(lambda r: report.read_run(r, r.campaigns.run(run_id)))
    text = report.report_text(zalo.engine.services, facts)
    assert "Trong bài viết OA gửi người quan tâm (Zalo phát theo hạn mức của mỗi người): 2" in text
    assert "Ngoài thời hạn tương tác" not in text
    assert store.citizens.get("zalo:7004").stopped_reason == "unfollowed"
    assert zalo.fake.stats.refused[-230] == 0, "no request spent on a sure refusal"


async def test_templates_go_first_within_the_budget_then_the_article(tmp_path: Path) -> None:
    async with FakeZaloAPI() as fake:
        cover = "https://quephong.gov.vn/banner.jpg"
        settings = make_zalo_settings(tmp_path, fake, zalo_article_cover_url=cover, **TEMPLATES)
        zalo = ZaloBotDriver(fake, settings)
        await zalo.start()
        try:
            for user in ("7011", "7012", "7013"):
                follower(zalo, user, silent=True)
            run_id = await run_campaign(zalo, "Chuẩn nghèo mới từ 01/01/2027")
            counts = zalo.store.campaigns.counts(run_id)
            assert counts == {"template": 2, "article": 1}
            messages = [m for user in ("7011", "7012") for m in fake.template_messages[user]]
            assert {m.template_id for m in messages} == {"tpl-thong-bao"}
            assert messages[0].data["tieu_de"] == "Chuẩn nghèo mới từ 01/01/2027"
            assert fake.articles_received["7013"], "the budget paid for two; the article for 7013"
            [article] = fake.articles.values()
            assert article.cover == {"cover_type": "photo", "photo_url": cover, "status": "show"}
            text = report.report_text(
                zalo.engine.services,
                zalo.store.call(lambda r: report.read_run(r, r.campaigns.run(run_id))),
            )
            assert "Nhận tin mẫu ZBS qua Zalo (có phí): 2" in text
            # The month's budget is spent: the next campaign goes by article only.
            run_id = await run_campaign(zalo, "Họp dân thứ Bảy")
            assert zalo.store.campaigns.counts(run_id) == {"article": 3}
        finally:
            await zalo.stop()


async def test_a_rejected_template_leaves_the_rest_to_the_article(tmp_path: Path) -> None:
    async with FakeZaloAPI() as fake:
        fake.rejected_templates.add("tpl-thong-bao")
        zalo = ZaloBotDriver(fake, make_zalo_settings(tmp_path, fake, **TEMPLATES))
        await zalo.start()
        try:
            for user in ("7021", "7022"):
                follower(zalo, user, silent=True)
            run_id = await run_campaign(zalo)
            assert zalo.store.campaigns.counts(run_id) == {"article": 2}
            assert fake.template_count == 0 and len(fake.broadcasts) == 1
        finally:
            await zalo.stop()


async def test_no_quota_left_is_reported_with_its_reason(zalo: ZaloBotDriver) -> None:
    zalo.fake.article_quota = 0
    follower(zalo, "7031", silent=True)
    run_id = await run_campaign(zalo)
    assert zalo.store.campaigns.counts(run_id) == {"outside_window": 1}
    assert zalo.fake.broadcasts == []
    text = report.report_text(
        zalo.engine.services, zalo.store.call(lambda r: report.read_run(r, r.campaigns.run(run_id)))
    )
    assert "OA đã hết lượt gửi bài viết trong tháng: 1" in text


async def test_an_article_still_processing_is_polled_until_ready(zalo: ZaloBotDriver) -> None:
    zalo.fake.article_processing_polls = 2
    follower(zalo, "7041", silent=True)
    run_id = await run_campaign(zalo)
    assert zalo.store.campaigns.counts(run_id) == {"article": 1}
    assert zalo.fake.articles_received["7041"]


async def test_a_restart_after_the_broadcast_does_not_broadcast_again(
    zalo: ZaloBotDriver,
) -> None:
    follower(zalo, "7051", silent=True)
    run_id = await run_campaign(zalo)
    stage = BroadcastService(zalo.engine.services, config=ZALO_FAST).reach
    zalo.store.reach.save(run_id, "zalo", finished_at=None)  # as if it crashed before the end
    execute_sql(
        zalo.store, "UPDATE deliveries SET status = 'outside_window' WHERE run_id = ?", [run_id]
    )
    run = zalo.store.campaigns.run(run_id)
    assert await stage.finish(run.campaign_id, run_id) is None
    assert len(zalo.fake.broadcasts) == 1
    assert zalo.store.campaigns.counts(run_id) == {"article": 1}


async def test_a_promotion_template_waits_for_six_in_the_morning(tmp_path: Path) -> None:
    async with FakeZaloAPI() as fake:
        settings = make_zalo_settings(tmp_path, fake, zalo_template_tag=3, **TEMPLATES)
        zalo = ZaloBotDriver(fake, settings)
        await zalo.start()
        try:
            follower(zalo, "7061", silent=True)
            night = dt.datetime(2026, 12, 3, 23, 30, tzinfo=TZ)
            campaign_id = campaign(zalo.store, "Tin khuyến mãi")
            service = BroadcastService(
                zalo.engine.services, config=ZALO_FAST, clock=lambda: night.astimezone(dt.UTC)
            )
            run = zalo.store.campaigns.start_run(
                zalo.store.campaigns.get(campaign_id), scheduled_for="x", next_run_at=None,
                now="2026-12-03T16:30:00+00:00",
            )  # fmt: skip
            await service.sender.send_run(campaign_id, run.id)
            resume = await service.reach.finish(campaign_id, run.id)
            assert resume == dt.datetime(2026, 12, 4, 6, 0, tzinfo=TZ)
            assert fake.template_count == 0 and fake.broadcasts == []
        finally:
            await zalo.stop()


async def test_the_officer_sees_the_means_and_cost_before_confirming(
    bot: TelegramBotDriver, tmp_path: Path
) -> None:
    store: Store = bot.store
    store.staff.add("telegram:900", "officer")
    async with FakeZaloAPI() as fake:
        settings = make_zalo_settings(tmp_path, fake, **TEMPLATES)
        zalo = ZaloBotDriver(fake, settings, engine=bot.engine)
        await zalo.start()
        try:
            for user in ("7071", "7072", "7073"):
                follower(zalo, user, silent=True)
            follower(zalo, "7074")
            await bot.say(900, "/guitin")
            replies = await bot.say(900, "Lịch tiêm chủng tháng 12")
            text = replies[2].text
            assert "Số người sẽ nhận: 4" in text
            assert "Trong đó 3 người dùng Zalo đã hơn 7 ngày không nhắn cho trợ lý" in text
            assert "2 người nhận tin mẫu ZBS (có phí): ước tính 600 đồng" in text
            assert "Ngân sách tin mẫu chỉ quản trị viên nâng được." in text
            assert "1 người nhận qua một bài viết OA" in text
            # The console's segment builder and preview say the same.
            counts = await audience(bot.engine.services, Segment())
            assert counts["outside_window"] == {"zalo": 3}
            assert any("ước tính 600 đồng" in line for line in counts["means"]["zalo"])
        finally:
            await zalo.stop()


async def test_quiet_hours_hold_the_article_and_templates(zalo: ZaloBotDriver) -> None:
    follower(zalo, "7081", silent=True)
    campaign_id = campaign(zalo.store, "Tin buổi tối")
    night = dt.datetime(2026, 12, 3, 22, 0, tzinfo=TZ)
    config = dataclasses.replace(ZALO_FAST, quiet_hours=QuietHours.parse("21:00-07:00"))
    service = BroadcastService(
        zalo.engine.services, config=config, clock=lambda: night.astimezone(dt.UTC)
    )
    run = zalo.store.campaigns.start_run(
        zalo.store.campaigns.get(campaign_id), scheduled_for="x", next_run_at=None,
        now="2026-12-03T15:00:00+00:00",
    )  # fmt: skip
    execute_sql(  # the day's run left them outside the window
        zalo.store, "UPDATE deliveries SET status = 'outside_window' WHERE run_id = ?", [run.id]
    )
    resume = await service.reach.finish(campaign_id, run.id)
    assert resume == dt.datetime(2026, 12, 4, 7, 0, tzinfo=TZ)
    assert zalo.fake.broadcasts == [] and zalo.fake.template_count == 0


async def test_a_sync_while_the_article_is_processed_does_not_start_it_again(
    zalo: ZaloBotDriver,
) -> None:
    zalo.fake.article_processing_polls = 2  # about 1.5 s of polling
    follower(zalo, "7091", silent=True)
    campaign_id = campaign(zalo.store, "Tin chậm")
    service = BroadcastService(
        zalo.engine.services, config=dataclasses.replace(ZALO_FAST, sync_seconds=0.1)
    )
    await service.start()
    await service.wait_idle()
    for _ in range(20):  # syncs keep coming while the article is being processed
        await service.sync()
        await asyncio.sleep(0.1)
    await service.wait_idle()
    await service.stop()
    run = zalo.store.campaigns.latest_run(campaign_id)
    assert len(zalo.fake.articles) == 1 and len(zalo.fake.broadcasts) == 1
    assert zalo.store.campaigns.counts(run.id) == {"article": 1}
