"""Zalo beside Telegram in one process over one store: admin notices, broadcasts, the runner."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import logging
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from bot.app import build_engine
from bot.broadcasts import actions, compose
from bot.broadcasts.config import BroadcastConfig, ChannelPacing
from bot.broadcasts.report import report_text
from bot.broadcasts.sender import RunSender
from bot.broadcasts.service import BroadcastService
from bot.broadcasts.timing import utc_now
from bot.core.messages import DeliveryStatus, Outgoing
from bot.runner import serve
from bot.store.campaigns import Segment
from bot.store.database import utcnow
from tests.fakes import FakeBotAPI
from tests.fakes.zalo_api import FakeZaloAPI
from tests.harness import TelegramBotDriver
from tests.test_broadcasts import FAST, FAST_TZ
from tests.test_webhook import free_port
from tests.zalo_harness import ZaloBotDriver, make_zalo_settings

ZALO_FAST = dataclasses.replace(
    FAST, pacing={**FAST.pacing, "zalo": ChannelPacing(rate=500, concurrency=4)}
)


@pytest.fixture
async def zalo(bot: TelegramBotDriver, tmp_path: Path) -> AsyncIterator[ZaloBotDriver]:
    """The Zalo channel on the Telegram bot's engine: one process, one store."""
    async with FakeZaloAPI() as fake:
        driver = ZaloBotDriver(fake, make_zalo_settings(tmp_path, fake), engine=bot.engine)
        await driver.start()
        try:
            yield driver
        finally:
            await driver.stop()


async def test_a_failed_refresh_is_logged_and_told_to_admins_once(
    bot: TelegramBotDriver, zalo: ZaloBotDriver, caplog: pytest.LogCaptureFixture
) -> None:
    bot.store.staff.add("telegram:900", "admin")
    bot.store.staff.add("telegram:902", "officer")
    bot.store.staff.add("zalo:901", "admin")
    zalo.fake.refuse_refresh = True
    zalo.fake.expire_tokens()
    with caplog.at_level(logging.ERROR):
        assert await zalo.say(820, "/trogiup") == []
    assert "ZALO TOKEN REFRESH FAILED" in caplog.text
    assert "Invalid refresh token" in caplog.text
    [notice] = await bot.wait_for_messages(900, 1)
    assert notice.text is not None and "Kênh Zalo đang không gửi được tin" in notice.text
    assert "ZALO_REFRESH_TOKEN" in notice.text
    assert await zalo.say(820, "/menu") == []
    assert len(bot.fake.transcript(900)) == 1, "one notice per failure, not one per message"
    assert bot.fake.transcript(902) == [], "admins only"
    assert zalo.fake.received("901") == [], "Zalo admins cannot be reached through Zalo"
    assert zalo.fake.stats.refresh_refused == 1, "no hammering of the OAuth server"


async def test_citizens_of_both_channels_share_the_store_and_the_hub(
    bot: TelegramBotDriver, zalo: ZaloBotDriver
) -> None:
    await bot.onboard(830)
    await zalo.onboard(830)
    assert bot.store.citizens.get("telegram:830") is not None
    assert bot.store.citizens.get("zalo:830") is not None
    assert bot.store.citizens.count(subscribed=True) == 2
    # A staff answer or a news item is pushed through the hub, whichever the channel.
    news = Outgoing("Lịch đối thoại chính sách tháng 6 đã có.")
    delivery = await bot.engine.services.hub.send("zalo:830", news)
    assert delivery.status is DeliveryStatus.SENT
    assert zalo.received(830)[-1].text == news.text


async def test_a_broadcast_counts_followers_outside_the_window_apart(
    bot: TelegramBotDriver, zalo: ZaloBotDriver
) -> None:
    store = bot.store
    for channel_id in ("telegram:840", "zalo:841", "zalo:842", "zalo:843"):
        store.citizens.subscribe(store.citizens.register(channel_id))
    for user in ("841", "842"):
        zalo.fake.set_follower(user)
    zalo.fake.set_follower("843", last_interaction=dt.datetime.now(dt.UTC) - dt.timedelta(days=9))
    now = utcnow()
    campaign = store.campaigns.create(
        text="Tin mới về chính sách bảo hiểm y tế.",
        title="BHYT",
        segment=Segment(),
        next_run_at=now,
        created_by="telegram:900",
        now=now,
    )
    run = store.campaigns.start_run(campaign, scheduled_for=now, next_run_at=None, now=now)
    sender = RunSender(
        store, bot.engine.services.hub, config=BroadcastConfig(quiet_hours=None), footer="/dunglai"
    )
    assert await sender.send_run(campaign.id, run.id) == "done"
    assert store.campaigns.counts(run.id) == {"sent": 3, "outside_window": 1}
    report = report_text(bot.engine.services, run)
    assert "Ngoài thời hạn tương tác (Zalo): 1" in report
    assert "ngoài thời hạn tương tác: 1" in report, "the reason is named, not 'other'"
    citizen = store.citizens.get("zalo:843")
    assert citizen is not None and citizen.subscribed, "outside the window is not a stop"
    assert [m.text for m in zalo.received(841)] == [
        "Tin mới về chính sách bảo hiểm y tế.\n\n/dunglai"
    ]


@pytest.mark.parametrize("channels", [("zalo",), ("telegram",), ("telegram", "zalo")])
async def test_run_serves_every_configured_channel(
    tmp_path: Path, faq_matcher: object, channels: tuple[str, ...]
) -> None:
    port = free_port()
    async with FakeZaloAPI() as zalo_fake, FakeBotAPI(token="123:RUN") as telegram_fake:
        settings = dataclasses.replace(
            make_zalo_settings(tmp_path, zalo_fake),
            http_host="127.0.0.1",
            http_port=port,  # the bot's one web server: console and Zalo's webhook
            zalo_app_id=zalo_fake.app_id if "zalo" in channels else "",
            telegram_token="123:RUN" if "telegram" in channels else "",
            telegram_api_url=telegram_fake.base_url,
        )
        zalo_fake.webhook_url = f"http://127.0.0.1:{port}/zalo/webhook"
        engine = build_engine(settings, faq=faq_matcher)
        running = asyncio.create_task(serve(settings, engine=engine))
        try:
            if "zalo" in channels:
                await _wait_listening(zalo_fake)
                await zalo_fake.user_sends("850", "/trogiup")
                await zalo_fake.wait_until(lambda: bool(zalo_fake.received("850")))
                assert "Các lệnh" in zalo_fake.received("850")[0].text
            if "telegram" in channels:
                telegram_fake.user_sends(850, "/trogiup")
                [reply] = await telegram_fake.wait_for_reply(850)
                assert reply.text is not None and "Các lệnh" in reply.text
            assert engine.services.hub.channels() == list(channels)
        finally:
            running.cancel()
            with pytest.raises(asyncio.CancelledError):
                await running


async def _wait_listening(fake: FakeZaloAPI) -> None:
    """The webhook is up once it answers (the runner starts it in the background)."""
    async with asyncio.timeout(10), aiohttp.ClientSession() as session:
        while True:
            try:
                async with session.get(fake.webhook_url) as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientConnectionError:
                await asyncio.sleep(0.02)


async def test_a_campaign_photo_composed_on_telegram_reaches_zalo_as_an_image(
    bot: TelegramBotDriver, zalo: ZaloBotDriver
) -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"\1" * 300
    stored = bot.fake._store_file(png, "hop-dan.png")
    store = bot.store
    for user in ("zalo:7101", "zalo:7102", "telegram:7103"):
        store.citizens.subscribe(store.citizens.register(user))
    zalo.fake.set_follower("7101")
    zalo.fake.set_follower("7102")
    created = actions.create(
        store, compose.Draft("Họp dân thứ Bảy", photo_id=stored.file_id), now=utc_now(),
        tz=FAST_TZ, segment=Segment(), created_by="cli",
    )  # fmt: skip
    service = BroadcastService(bot.engine.services, config=ZALO_FAST)
    await service.start()
    await service.wait_idle()
    await service.stop()
    for user in ("7101", "7102"):
        image, text = zalo.fake.received(user)
        assert image.upload is not None and image.upload.data == png
        assert text.text.startswith("Họp dân thứ Bảy")
    assert zalo.fake.upload_count == 1, "one upload for the whole campaign"
    run = store.campaigns.latest_run(created.id)
    assert store.campaigns.counts(run.id) == {"sent": 3}
