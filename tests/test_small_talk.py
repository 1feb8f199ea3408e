"""Thanks, abuse, a bare number or only emoji get a short fitting reply, no staff offer."""

from __future__ import annotations

from typing import Any

import pytest

from tests.harness import labels, texts


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
    chat: Any, typed: str, expected: str
) -> None:
    replies = await chat.say(831, typed)
    assert expected in texts(replies)[0]
    assert all("✉️ Gửi câu hỏi cho cán bộ" not in labels(r) for r in replies)
    assert "Xin lỗi, tôi chưa tìm được" not in "".join(texts(replies))


async def test_a_thanks_with_a_question_is_answered(chat: Any) -> None:
    replies = await chat.say(
        832, "cảm ơn, cho hỏi thẻ bảo hiểm y tế hộ nghèo có phải đóng tiền không?"
    )
    assert any("Căn cứ" in t for t in texts(replies))
