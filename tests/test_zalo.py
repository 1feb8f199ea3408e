"""The Zalo webhook: signatures, repeated deliveries, follow/unfollow, taps and numbers."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from tests.fakes.zalo_api import sign
from tests.harness import labels, texts
from tests.zalo_harness import ZaloBotDriver, event_key, running_zalo_bot


@pytest.fixture
async def zalo(tmp_path: Path, faq_matcher: object) -> AsyncIterator[ZaloBotDriver]:
    async with running_zalo_bot(tmp_path, faq_matcher) as driver:
        yield driver


async def test_a_wrong_or_missing_signature_is_refused_and_logged(
    zalo: ZaloBotDriver, caplog: pytest.LogCaptureFixture
) -> None:
    fake = zalo.fake
    event = fake.text_event("801", "/trogiup")
    original = json.dumps(event).encode()
    signed = sign(fake.app_id, original, event["timestamp"], fake.oa_secret_key)
    tampered = original.replace(b"/trogiup", b"/xoadulieu")
    with caplog.at_level(logging.WARNING):
        statuses = [
            await fake.deliver(event, signature="mac=" + "0" * 64),
            await fake.deliver(event, signature=""),
            # Signed for the original body, delivered with another: the hash covers the bytes.
            await fake.deliver(event, body=tampered, signature=signed),
        ]
    assert statuses == [403, 403, 403]
    assert "refused a call with a wrong signature" in caplog.text
    assert "refused a call with a missing signature" in caplog.text
    assert fake.received("801") == []
    # A refused delivery is not remembered: the genuine one is still answered.
    fake.interacted("801")
    assert await fake.deliver(event) == 200
    assert zalo.channel is not None
    await zalo.channel.wait_finished(event_key(event))
    assert "Các lệnh" in fake.received("801")[0].text


async def test_a_body_that_is_not_json_is_refused(zalo: ZaloBotDriver) -> None:
    async with httpx.AsyncClient() as client:
        response = await client.post(zalo.fake.webhook_url, content=b"not json")
    assert response.status_code == 400


async def test_a_repeated_delivery_is_answered_once_even_after_a_restart(
    zalo: ZaloBotDriver,
) -> None:
    fake = zalo.fake
    event = fake.text_event("802", "/trogiup")
    fake.interacted("802")
    assert await fake.deliver(event) == 200
    assert zalo.channel is not None
    await zalo.channel.wait_finished(event_key(event))
    answered = len(fake.received("802"))
    assert await fake.deliver(event) == 200, "a repeat is acknowledged so Zalo stops retrying"
    await zalo.restart()
    assert await fake.deliver(event) == 200
    await zalo.say(802, "/menu")  # handled after the repeats, so they had their chance
    received = zalo.received(802)
    assert len(received) == answered + 1 and "Bảo hiểm y tế" in labels(received[-1])


async def test_follow_starts_onboarding_and_unfollow_stops_news(zalo: ZaloBotDriver) -> None:
    replies = await zalo.follow(803)
    assert "UBND xã Quế Phong" in replies[0].text
    assert labels(replies[-1]) == ["✅ Đồng ý", "Không đồng ý"]
    await zalo.press(803, "✅ Đồng ý")
    await zalo.press(803, "Bỏ qua")
    await zalo.press(803, "Bỏ qua")
    await zalo.press(803, "🔔 Có")
    assert zalo.store.citizens.get("zalo:803").subscribed  # type: ignore[union-attr]
    await zalo.unfollow(803)
    citizen = zalo.store.citizens.get("zalo:803")
    assert citizen is not None and not citizen.subscribed
    assert citizen.stopped_reason == "unfollowed"
    assert zalo.store.events.count("unsubscribed") == 1
    replies = await zalo.follow(803)
    assert "Bảo hiểm y tế" in labels(replies[-1]), "a returning citizen is not asked again"


async def test_a_tap_is_the_button_and_the_same_text_typed_is_not(zalo: ZaloBotDriver) -> None:
    await zalo.say(804, "/start")
    [notice] = [m for m in zalo.received(804) if m.buttons]
    label, carried = notice.buttons[0]
    assert label == "✅ Đồng ý" and carried.startswith("#p consent:y ")
    await zalo.say(804, "consent:y")  # typed, not tapped: nothing is recorded
    await zalo.say(804, "#p consent:y")  # typed with the marker, but not signed by the bot
    assert zalo.store.citizens.get("zalo:804") is None
    replies = await zalo.press(804, "✅ Đồng ý")
    assert "Cảm ơn bà con đã đồng ý." in texts(replies)
    assert zalo.store.citizens.get("zalo:804") is not None


async def test_more_than_five_buttons_become_numbers_that_survive_a_restart(
    zalo: ZaloBotDriver,
) -> None:
    replies = await zalo.say(805, "/menu")
    menu = replies[-1]
    assert menu.message.buttons == [], "no template buttons beyond five"
    assert "1. Chương trình & chuẩn nghèo" in menu.text and "2. Bảo hiểm y tế" in menu.text
    await zalo.restart()
    replies = await zalo.say(805, "2")
    assert "Bảo hiểm y tế" in replies[0].text
    assert labels(replies[0])[-1] == "⬅️ Các chủ đề"
    replies = await zalo.say(805, "99")  # not a choice: an ordinary message
    assert all("⬅️ Các chủ đề" not in labels(m) for m in replies)


async def test_numbers_are_plain_text_once_a_reply_had_no_choices(zalo: ZaloBotDriver) -> None:
    await zalo.say(806, "/menu")
    await zalo.say(806, "/trogiup")
    replies = await zalo.say(806, "2")
    assert not any("⬅️ Các chủ đề" in label for m in replies for label in labels(m))
    assert zalo.store.events.count("menu_answer") == 0


async def test_media_gets_the_same_polite_answer_as_on_telegram(zalo: ZaloBotDriver) -> None:
    fake = zalo.fake
    fake.interacted("807")
    event = {**fake.text_event("807", ""), "event_name": "user_send_sticker"}
    await fake.deliver(event)
    assert zalo.channel is not None
    await zalo.channel.wait_finished(event_key(event))
    [reply] = zalo.received(807)
    assert zalo.engine.services.texts.get("unsupported_sticker") == reply.text


async def test_other_events_are_acknowledged_and_ignored(
    zalo: ZaloBotDriver, caplog: pytest.LogCaptureFixture
) -> None:
    fake = zalo.fake
    event = {**fake.text_event("808", "xin chào"), "event_name": "user_seen_message"}
    with caplog.at_level(logging.INFO, logger="bot.channels.zalo"):
        assert await fake.deliver(event) == 200
        assert zalo.channel is not None
        await zalo.channel.wait_finished(event_key(event))
    assert fake.received("808") == []
    assert "user_seen_message acknowledged" in caplog.text
