"""Replies reach people through flood control, outages and failed button answers (issue #10).

Through the real python-telegram-bot Application against the fake Bot API on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from tests.fakes import FakeBotAPI
from tests.harness import REAL_LIMITS, TOKEN, TelegramBotDriver, make_settings, texts

GREETING = "UBND xã Quế Phong"
NOTICE = "91/2025/QH15"


@pytest.fixture
async def limited_fake() -> AsyncIterator[FakeBotAPI]:
    """A fake that enforces Telegram's limits ~30 messages/s, 1/s per chat after 3."""
    async with FakeBotAPI(token=TOKEN, flood_control=True, latency=0.05) as server:
        yield server


async def test_a_burst_of_citizens_all_get_their_whole_onboarding(
    limited_fake: FakeBotAPI, tmp_path, faq_matcher
) -> None:
    settings = make_settings(tmp_path, limited_fake, **REAL_LIMITS)
    driver = TelegramBotDriver(limited_fake, settings, faq=faq_matcher)
    await driver.start()
    try:
        citizens = range(9000, 9060)
        update_ids = [limited_fake.user_sends(user, "/start") for user in citizens]
        assert driver.channel is not None
        for update_id in update_ids:
            await driver.channel.wait_finished(update_id, timeout=60)
        for user in citizens:
            received = " ".join(texts(limited_fake.transcript(user)))
            assert GREETING in received and NOTICE in received, user
    finally:
        await driver.stop()


async def test_a_long_flood_pause_is_waited_out_not_dropped(bot: TelegramBotDriver) -> None:
    bot.fake.fail_next("sendMessage", status=429, retry_after=6, chat_id=701)
    replies = await bot.say(701, "/trogiup")
    assert any("Các lệnh" in t for t in texts(replies))


async def test_server_errors_are_retried_until_the_reply_goes(bot: TelegramBotDriver) -> None:
    bot.fake.fail_next("sendMessage", status=502, count=3, chat_id=702)
    replies = await bot.say(702, "/trogiup")
    assert any("Các lệnh" in t for t in texts(replies))


@pytest.mark.parametrize(
    ("status", "description"),
    [(400, "Bad Request: query is too old and response timeout expired"), (502, None)],
)
async def test_a_failed_callback_answer_never_loses_the_press(
    bot: TelegramBotDriver, status: int, description: str | None
) -> None:
    await bot.say(703, "/start")
    bot.fake.fail_next("answerCallbackQuery", status=status, description=description)
    replies = await bot.press(703, "✅ Đồng ý")
    assert "Bà con ở xã nào?" in texts(replies)
    assert bot.store.citizens.get("telegram:703") is not None, "consent recorded"


async def test_a_reply_refused_with_403_marks_the_citizen_stopped(bot: TelegramBotDriver) -> None:
    await bot.onboard(704)
    bot.fake.fail_next("sendMessage", status=403, chat_id=704)
    await bot.say(704, "/trogiup")
    citizen = bot.store.citizens.get("telegram:704")
    assert citizen is not None and citizen.stopped_at is not None and not citizen.subscribed


async def test_replies_keep_their_order_under_load_and_latency(tmp_path, faq_matcher) -> None:
    async with FakeBotAPI(token=TOKEN, latency=0.1) as fake:
        settings = make_settings(tmp_path, fake, **REAL_LIMITS)
        driver = TelegramBotDriver(fake, settings, faq=faq_matcher)
        await driver.start()
        try:
            ids = []
            for user in range(8000, 8064):
                ids.append(fake.user_sends(user, "/start"))
                ids.append(fake.user_sends(user, "/menu"))
            assert driver.channel is not None
            for update_id in ids:
                await driver.channel.wait_finished(update_id, timeout=60)
            for user in range(8000, 8064):
                received = texts(fake.transcript(user))
                notice = next(i for i, t in enumerate(received) if NOTICE in t)
                assert GREETING in received[0], (user, received)
                assert notice == len(received) - 2, (user, received)  # the menu comes last
        finally:
            await driver.stop()


async def test_blocking_and_unblocking_the_bot_updates_the_audience(
    bot: TelegramBotDriver,
) -> None:
    await bot.onboard(705)
    bot.fake.user_blocks_bot(705)
    await bot.fake.wait_until(
        lambda: bot.store.citizens.get("telegram:705").stopped_at is not None,  # type: ignore[union-attr]
        timeout=5,
    )
    citizen = bot.store.citizens.get("telegram:705")
    assert citizen is not None and not citizen.subscribed
    bot.fake.user_unblocks_bot(705)
    await bot.fake.wait_until(
        lambda: bot.store.citizens.get("telegram:705").subscribed,  # type: ignore[union-attr]
        timeout=5,
    )


async def test_a_citizen_who_said_stop_stays_stopped_after_unblocking(
    bot: TelegramBotDriver,
) -> None:
    await bot.onboard(706)
    await bot.say(706, "/dunglai")
    bot.fake.user_blocks_bot(706)
    update_id = bot.fake.user_unblocks_bot(706)
    assert bot.channel is not None
    await bot.channel.wait_finished(update_id)
    citizen = bot.store.citizens.get("telegram:706")
    assert citizen is not None and not citizen.subscribed


async def test_the_bot_starts_when_set_my_commands_fails_and_get_me_flickers(
    fake: FakeBotAPI, settings, faq_matcher
) -> None:
    fake.fail_next("setMyCommands", status=502)
    fake.fail_next("getMe", status=502, count=2)
    driver = TelegramBotDriver(fake, settings, faq=faq_matcher)
    await asyncio.wait_for(driver.start(), timeout=30)
    try:
        replies = await driver.say(707, "/trogiup")
        assert any("Các lệnh" in t for t in texts(replies))
    finally:
        await driver.stop()
