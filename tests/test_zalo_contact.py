"""Zalo users share a call-back name and phone with one tap (``request_user_info``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.zalo_harness import ZaloBotDriver, running_zalo_bot


@pytest.fixture
async def zalo(tmp_path: Path, faq_matcher: object) -> AsyncIterator[ZaloBotDriver]:
    async with running_zalo_bot(tmp_path, faq_matcher) as driver:
        starts = dt.datetime.now() + dt.timedelta(days=5)
        driver.store.voice.sessions.create(
            "que_phong", starts, "Nhà văn hóa xã", "Vay vốn", by="test"
        )
        yield driver


async def ask_with_contact(zalo: ZaloBotDriver, user: int) -> list:
    await zalo.onboard(user)
    await zalo.say(user, "/doithoai")
    await zalo.press(user, "❓ Gửi câu hỏi")
    await zalo.say(user, "Hộ nghèo vay vốn sản xuất được bao nhiêu?")
    return await zalo.press(user, "Tôi đồng ý để lại tên")


async def test_the_name_question_comes_with_the_contact_form(zalo: ZaloBotDriver) -> None:
    ask, form = await ask_with_contact(zalo, 721)
    assert ask.text.startswith("Bà con gõ họ tên")
    payload = form.message.body["message"]["attachment"]["payload"]
    assert payload["template_type"] == "request_user_info"
    assert payload["elements"][0]["title"]


async def test_a_shared_contact_sends_the_question_with_it(zalo: ZaloBotDriver) -> None:
    await ask_with_contact(zalo, 722)
    [reply] = await zalo.share_contact(722, "Lò Văn Minh", "84912345678")
    assert "kèm tên và số điện thoại" in reply.text
    [question] = zalo.store.voice.queue.recent(
        "dialogue", citizen=zalo.store.citizens.get("zalo:722"), since="2000-01-01"
    )
    assert zalo.store.voice.queue.contact(question.id) == ("Lò Văn Minh", "0912345678")


async def test_a_shared_contact_with_a_bad_phone_asks_for_it_typed(zalo: ZaloBotDriver) -> None:
    await ask_with_contact(zalo, 723)
    [reply] = await zalo.share_contact(723, "Lò Văn Minh", "12345")
    assert reply.text.startswith("Số điện thoại chưa đúng")
    [reply] = await zalo.say(723, "0912 345 678")
    assert "kèm tên và số điện thoại" in reply.text


async def test_a_shared_contact_outside_the_question_is_not_taken(zalo: ZaloBotDriver) -> None:
    await zalo.onboard(724)
    replies = await zalo.share_contact(724, "Lò Văn Minh", "0912345678")
    assert replies and "kèm tên" not in replies[0].text
    assert (
        zalo.store.voice.queue.recent(
            "dialogue", citizen=zalo.store.citizens.get("zalo:724"), since="2000-01-01"
        )
        == []
    )
