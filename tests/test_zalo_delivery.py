"""Sending on Zalo: every API outcome normalised, long texts split, HTML and files degraded."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.core.messages import Attachment, Button, DeliveryStatus, Outgoing
from tests.harness import make_read_only, query_rows
from tests.zalo_harness import ZaloBotDriver, running_zalo_bot

LONG_AGO = dt.datetime.now(dt.UTC) - dt.timedelta(days=8)


@pytest.fixture
async def zalo(tmp_path: Path, faq_matcher: object) -> AsyncIterator[ZaloBotDriver]:
    async with running_zalo_bot(tmp_path, faq_matcher) as driver:
        yield driver


def subscribed(zalo: ZaloBotDriver, user: int) -> None:
    citizens = zalo.store.citizens
    citizens.subscribe(citizens.register(f"zalo:{user}"))


async def push(zalo: ZaloBotDriver, user: int, message: Outgoing) -> Any:
    return await zalo.engine.services.hub.send(f"zalo:{user}", message)


def test_the_hub_knows_zalos_interaction_window(zalo: ZaloBotDriver) -> None:
    assert zalo.engine.services.hub.window("zalo") == dt.timedelta(days=7)


@pytest.mark.parametrize(
    ("setup", "status", "stopped_reason"),
    [
        ({}, DeliveryStatus.SENT, None),
        ({"following": False}, DeliveryStatus.STOPPED, "unfollowed"),
        ({"inactive": True}, DeliveryStatus.STOPPED, "inactive"),
        ({"last_interaction": LONG_AGO}, DeliveryStatus.OUTSIDE_WINDOW, None),
        ({"fail": {"error": -32}}, DeliveryStatus.THROTTLED, None),
        ({"fail": {"status": 502}}, DeliveryStatus.TRANSIENT, None),
        ({"fail": {"error": -201}}, DeliveryStatus.FAILED, None),
    ],
)
async def test_api_outcomes_become_deliveries(
    zalo: ZaloBotDriver, setup: dict, status: DeliveryStatus, stopped_reason: str | None
) -> None:
    fail = setup.pop("fail", None)
    zalo.fake.set_follower("810", **setup)
    if fail is not None:
        zalo.fake.fail_next(**fail)
    subscribed(zalo, 810)
    delivery = await push(zalo, 810, Outgoing("Lịch đối thoại tháng này."))
    assert delivery.status is status, delivery.error
    if status is DeliveryStatus.THROTTLED:
        assert delivery.retry_after > 0
    citizen = zalo.store.citizens.get("zalo:810")
    assert citizen is not None
    assert citizen.stopped_reason == stopped_reason
    assert citizen.subscribed is (stopped_reason is None)
    events = query_rows(zalo.store, "SELECT channel, value FROM events WHERE type = 'unsubscribed'")
    expected = [] if stopped_reason is None else [{"channel": "zalo", "value": stopped_reason}]
    assert events == expected  # the same reach event as every other stop


async def test_a_long_answer_is_split_at_sentences_with_buttons_on_the_last_part(
    zalo: ZaloBotDriver,
) -> None:
    zalo.fake.set_follower("811")
    sentence = "Hộ nghèo được Nhà nước hỗ trợ toàn bộ tiền mua thẻ bảo hiểm y tế hằng năm. "
    text = sentence * 60  # about 4,500 characters
    buttons = [[Button("👍 Hữu ích", "fb:u:x"), Button("👎 Chưa đúng", "fb:d:x")]]
    delivery = await push(zalo, 811, Outgoing(text.strip(), buttons))
    assert delivery.status is DeliveryStatus.SENT
    parts = zalo.received(811)
    assert len(parts) == 3
    assert all(len(p.text) <= 2000 and p.text.endswith("năm.") for p in parts)
    assert " ".join(p.text for p in parts) == text.strip()
    assert [p.buttons for p in parts[:-1]] == [[], []]
    assert [label for label, _ in parts[-1].buttons] == ["👍 Hữu ích", "👎 Chưa đúng"]
    assert [carried.split()[1] for _, carried in parts[-1].buttons] == ["fb:u:x", "fb:d:x"]


async def test_html_is_sent_as_plain_text(zalo: ZaloBotDriver) -> None:
    zalo.fake.set_follower("812")
    html = "<b>Thông báo</b> &amp; lịch họp:<br>xem <a href='https://quephong.gov.vn'>tại đây</a>"
    await push(zalo, 812, Outgoing(html, html=True))
    [message] = zalo.received(812)
    assert message.text == "Thông báo & lịch họp:\nxem tại đây (https://quephong.gov.vn)"


@pytest.mark.parametrize(
    ("attachment", "name"),
    [
        ({"document": Attachment("document", file_id="f1", filename="mau-don.pdf")}, "mau-don.pdf"),
        ({"photo": Attachment("photo", file_id="p1")}, "hình ảnh"),
    ],
)
async def test_a_file_becomes_a_note_with_the_contact(
    zalo: ZaloBotDriver, attachment: dict, name: str
) -> None:
    zalo.fake.set_follower("813")
    await push(zalo, 813, Outgoing("Mẫu đơn đề nghị hỗ trợ nhà ở.", **attachment))
    [message] = zalo.received(813)
    assert message.text.startswith("Mẫu đơn đề nghị hỗ trợ nhà ở.\n\n📎")
    assert f"«{name}»" in message.text and "chưa gửi được qua Zalo" in message.text
    assert re.search(r"điện thoại \d", message.text), "the contact is given instead"


async def test_token_expiry_mid_conversation_refreshes_once_and_keeps_the_new_pair(
    zalo: ZaloBotDriver,
) -> None:
    await zalo.say(814, "/start")
    zalo.fake.expire_tokens()
    replies = await zalo.press(814, "✅ Đồng ý")
    assert "Bà con ở xã nào?" in [r.text for r in replies]
    assert zalo.fake.stats.refreshes == 1
    assert zalo.fake.stats.refused[-220] == 1, "one refused send, then the retry went through"
    stored = zalo.store.zalo.tokens()
    assert stored is not None and stored.refresh_token in zalo.fake.valid_refresh_tokens()
    assert "refresh-0" not in zalo.fake.valid_refresh_tokens(), "spent"
    await zalo.restart()  # the configured (spent) pair must not come back
    replies = await zalo.press(814, "Xã Tri Lễ")
    assert "thôn/bản" in replies[-1].text
    assert zalo.fake.stats.refreshes == 1


async def test_a_refreshed_pair_the_database_cannot_take_is_used_from_memory(
    zalo: ZaloBotDriver, caplog: pytest.LogCaptureFixture
) -> None:
    """The old refresh token is spent once Zalo answered: dropping the new pair because the
    database refused it would stop Zalo until an OA admin consents again."""
    await zalo.say(816, "/start")
    make_read_only(zalo.store)
    zalo.fake.expire_tokens()
    with caplog.at_level(logging.ERROR):
        replies = await zalo.say(816, "/start")
    assert replies, "the citizen is still answered"
    assert "ZALO TOKEN PAIR NOT SAVED" in caplog.text
    await zalo.say(816, "/start")
    assert zalo.fake.stats.refreshes == 1, "the pair in memory is used, not refreshed again"
    stored = zalo.store.zalo.tokens()
    assert stored is not None and stored.refresh_token == "refresh-0", "nothing was written"


async def test_a_token_about_to_expire_is_refreshed_first_by_one_task(
    zalo: ZaloBotDriver,
) -> None:
    zalo.fake.expire_tokens()
    zalo.fake.token_lifetime = 600  # the next pair expires within the refresh margin...
    tokens = zalo.channel.tokens  # type: ignore[union-attr]
    await tokens.refresh(stale="access-0")
    zalo.fake.token_lifetime = 90_000
    results = await asyncio.gather(*(tokens.access_token() for _ in range(10)))
    assert len(set(results)) == 1, "...so it is replaced once, under the lock"
    assert zalo.fake.stats.refreshes == 2
    assert zalo.fake.stats.refresh_refused == 0
