"""👎 then "Gửi câu hỏi cho cán bộ": staff get the question and the answer rated."""

from __future__ import annotations

from typing import Any

from tests.harness import labels, query_rows, texts

QUESTION = "thẻ bảo hiểm y tế hộ nghèo có phải đóng tiền không"


def queue(messenger: Any) -> list[dict]:
    return query_rows(messenger.store, "SELECT * FROM questions ORDER BY id")


async def test_thumbs_down_sends_the_question_and_the_answer_after_confirmation(
    messenger: Any,
) -> None:
    await messenger.onboard(821)
    await messenger.say(821, "abc không rõ")  # an earlier miss must not be what is sent
    replies = await messenger.say(821, QUESTION)
    answer = replies[0].text
    replies = await messenger.press(821, "👎 Chưa đúng")
    assert labels(replies[-1]) == ["✉️ Gửi câu hỏi cho cán bộ"]
    replies = await messenger.press(821, "✉️ Gửi câu hỏi cho cán bộ")
    assert QUESTION in replies[0].text and "chưa đúng" in replies[0].text
    assert queue(messenger) == [], "nothing is sent before the confirmation"
    replies = await messenger.press(821, "✅ Gửi cho cán bộ")
    assert any("Mã câu hỏi" in t for t in texts(replies))
    [row] = queue(messenger)
    assert row["text"].startswith(QUESTION)
    assert answer[:60] in row["text"]
    assert row["intent_guess"] == "bhyt.ho_ngheo"


async def test_thumbs_down_without_an_earlier_miss_offers_a_working_button(messenger: Any) -> None:
    await messenger.onboard(822)
    await messenger.say(822, "/menu")
    await messenger.press(822, "Bảo hiểm y tế")
    replies = await messenger.say(822, QUESTION)
    replies = await messenger.press(822, "👎 Chưa đúng")
    assert "✉️ Gửi câu hỏi cho cán bộ" in labels(replies[-1])
    await messenger.press(822, "✉️ Gửi câu hỏi cho cán bộ")
    replies = await messenger.press(822, "✅ Gửi cho cán bộ")
    assert any("Mã câu hỏi" in t for t in texts(replies))
    assert len(queue(messenger)) == 1
