"""👎 then "Gửi câu hỏi cho cán bộ": staff get the question and the answer rated."""

from __future__ import annotations

from typing import Any

from tests.harness import labels, texts

QUESTION = "thẻ bảo hiểm y tế hộ nghèo có phải đóng tiền không"


def queue(chat: Any) -> list[dict]:
    return list(chat.store.db.query("SELECT * FROM questions ORDER BY id"))


async def test_thumbs_down_sends_the_question_and_the_answer_after_confirmation(chat: Any) -> None:
    await chat.onboard(821)
    await chat.say(821, "abc không rõ")  # an earlier miss must not be what is sent
    replies = await chat.say(821, QUESTION)
    answer = replies[0].text
    replies = await chat.press(821, "👎 Chưa đúng")
    assert labels(replies[-1]) == ["✉️ Gửi câu hỏi cho cán bộ"]
    replies = await chat.press(821, "✉️ Gửi câu hỏi cho cán bộ")
    assert QUESTION in replies[0].text and "chưa đúng" in replies[0].text
    assert queue(chat) == [], "nothing is sent before the confirmation"
    replies = await chat.press(821, "✅ Gửi cho cán bộ")
    assert any("Mã câu hỏi" in t for t in texts(replies))
    [row] = queue(chat)
    assert row["text"].startswith(QUESTION)
    assert answer[:60] in row["text"]
    assert row["intent_guess"] == "bhyt.ho_ngheo"


async def test_thumbs_down_without_an_earlier_miss_offers_a_working_button(chat: Any) -> None:
    await chat.onboard(822)
    await chat.say(822, "/menu")
    await chat.press(822, "Bảo hiểm y tế")
    replies = await chat.say(822, QUESTION)
    replies = await chat.press(822, "👎 Chưa đúng")
    assert "✉️ Gửi câu hỏi cho cán bộ" in labels(replies[-1])
    await chat.press(822, "✉️ Gửi câu hỏi cho cán bộ")
    replies = await chat.press(822, "✅ Gửi cho cán bộ")
    assert any("Mã câu hỏi" in t for t in texts(replies))
    assert len(queue(chat)) == 1
