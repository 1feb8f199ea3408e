"""Thanks, abuse, a bare number or only emoji get a short fitting reply, no staff offer."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.harness import TelegramBotDriver, labels, texts


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("cảm ơn cháu nhiều nhé", "không có gì"),
        ("Cám ơn trợ lý", "không có gì"),
        ("đồ ngu", "bực mình"),
        ("123456", "dãy số"),
        ("🙏🙏", "🙏"),
    ],
)
async def test_small_talk_gets_a_short_reply_without_the_staff_offer(
    messenger: Any, typed: str, expected: str
) -> None:
    replies = await messenger.say(831, typed)
    assert expected in texts(replies)[0]
    assert all("✉️ Gửi câu hỏi cho cán bộ" not in labels(r) for r in replies)
    assert "Xin lỗi, tôi chưa tìm được" not in "".join(texts(replies))


@pytest.mark.parametrize(
    "typed",
    [
        "cảm ơn, cho hỏi thẻ bảo hiểm y tế hộ nghèo có phải đóng tiền không?",
        # Short, without a question mark: the question word says it asks.
        "cảm ơn, hộ nghèo vay vốn ở đâu",
    ],
)
async def test_a_thanks_with_a_question_is_answered(messenger: Any, typed: str) -> None:
    replies = await messenger.say(832, typed)
    assert any("Căn cứ" in t for t in texts(replies))


async def test_hoso_shows_dates_as_dd_mm_yyyy(messenger: Any) -> None:
    await messenger.onboard(833)
    replies = await messenger.say(833, "/hoso")
    consent_line = next(line for line in replies[0].text.splitlines() if "Đồng ý" in line)
    assert re.search(r"\d{2}/\d{2}/\d{4}$", consent_line), consent_line


async def test_thongke_names_faq_lookups_apart_from_the_question_queue(
    bot: TelegramBotDriver,
) -> None:
    bot.store.staff.add("telegram:834", "officer")
    replies = await bot.say(834, "/thongke")
    text = replies[0].text or ""
    assert "Câu hỏi chờ cán bộ trả lời" in text
    assert "Lượt tra cứu hỏi đáp 7 ngày qua" in text
    assert "Câu hỏi 7 ngày qua" not in text
