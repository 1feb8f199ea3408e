"""The FAQ in the chat: answers with sources, suggestions, misses sent to staff, menus."""

from __future__ import annotations

import re

from tests.engine_harness import EngineDriver
from tests.harness import labels, query_rows, texts

SOURCE_LINE = re.compile(r"Căn cứ: .+ · cập nhật \d{2}/\d{2}/\d{4}")


async def test_a_question_in_plain_words_gets_a_sourced_answer(chat: EngineDriver) -> None:
    replies = await chat.say(
        601, "nha toi ho ngheo muon vay von ngan hang chinh sach thi dc bao nhieu"
    )
    answer = replies[0]
    assert SOURCE_LINE.search(answer.text)
    assert "{" not in answer.text, "placeholders are filled"
    assert labels(answer)[-2:] == ["👍 Hữu ích", "👎 Chưa đúng"]
    assert len(labels(answer)) >= 3, "related questions are offered"
    event = query_rows(chat.store, "SELECT * FROM events WHERE type = 'faq_answer'")[0]
    assert event["intent"] == "tin_dung.vay_ho_ngheo" and event["outcome"] == "answer"


async def test_feedback_buttons_record_an_event(chat: EngineDriver) -> None:
    await chat.say(602, "thẻ bảo hiểm y tế hộ nghèo có phải đóng tiền không")
    replies = await chat.press(602, "👍 Hữu ích")
    assert "Cảm ơn" in replies[0].text
    event = query_rows(chat.store, "SELECT * FROM events WHERE type = 'faq_feedback'")[0]
    assert (event["intent"], event["value"]) == ("bhyt.ho_ngheo", "up")


async def test_related_question_button_answers_it(chat: EngineDriver) -> None:
    first = await chat.say(603, "thẻ bảo hiểm y tế hộ nghèo có phải đóng tiền không")
    assert labels(first[0])[0] == "📖 Xem chi tiết"
    related_label = labels(first[0])[1]
    replies = await chat.press(603, related_label)
    assert SOURCE_LINE.search(replies[0].text)


async def test_out_of_scope_question_is_a_miss_that_can_go_to_staff(chat: EngineDriver) -> None:
    await chat.onboard(604)
    replies = await chat.say(604, "cách nấu phở bò ngon")
    miss = replies[0]
    assert "chưa tìm được câu trả lời" in miss.text
    assert "✉️ Gửi câu hỏi cho cán bộ" in labels(miss)
    replies = await chat.press(604, "✉️ Gửi câu hỏi cho cán bộ")
    ref = re.search(r"CH-[0-9A-Z]{5}", replies[0].text)
    assert ref, replies[0].text
    row = query_rows(chat.store, "SELECT * FROM questions WHERE ref = ?", [ref.group()])[0]
    assert (row["text"], row["kind"], row["status"]) == (
        "cách nấu phở bò ngon",
        "faq_miss",
        "pending",
    )
    # The question text is in the staff record only, never in an event.
    assert "phở" not in repr(query_rows(chat.store, "SELECT * FROM events"))


async def test_sending_to_staff_without_consent_asks_for_it(chat: EngineDriver) -> None:
    await chat.say(605, "cách nấu phở bò ngon")
    replies = await chat.press(605, "✉️ Gửi câu hỏi cho cán bộ")
    assert "cần lưu mã tài khoản" in replies[0].text
    replies = await chat.press(605, "✅ Đồng ý")
    assert any(re.search(r"CH-[0-9A-Z]{5}", t) for t in texts(replies))
    assert chat.store.citizens.get("telegram:605") is not None


async def test_menu_topic_question_answer(chat: EngineDriver) -> None:
    replies = await chat.say(606, "/menu")
    assert "Bảo hiểm y tế" in labels(replies[0])
    replies = await chat.press(606, "Bảo hiểm y tế")
    questions = labels(replies[0])
    assert len(questions) >= 7 and questions[-1] == "⬅️ Các chủ đề"
    replies = await chat.press(606, questions[0])
    assert SOURCE_LINE.search(replies[0].text)
    assert chat.store.events.count("menu_answer") == 1


async def test_greeting_gets_a_friendly_reply_with_topics(chat: EngineDriver) -> None:
    replies = await chat.say(607, "xin chào ad")
    assert "Bảo hiểm y tế" in labels(replies[0])


async def test_every_answer_fits_one_telegram_message(chat: EngineDriver) -> None:
    from bot.citizens.faq_dialogue import answer_text
    from bot.core.messages import Incoming
    from bot.core.turn import Turn

    turn = await Turn.begin(Incoming(user="telegram:608", text="x"), chat.engine.services)
    faq = chat.engine.services.faq
    assert faq is not None
    for intent_id in faq.catalog.intents:
        text = answer_text(turn, intent_id)
        assert len(text) <= 4096, intent_id
        assert "{" not in text and "}" not in text, intent_id
