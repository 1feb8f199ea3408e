"""Every flow has a way out, and a question typed mid-flow is answered, not swallowed."""

from __future__ import annotations

from typing import Any

from tests.engine_harness import EngineDriver
from tests.harness import labels, texts

EXIT_WORDS = ["thôi", "Hủy", "menu", "dừng lại", "Thoi"]
LEFT = "đã dừng việc đang làm"
QUESTION = "thẻ bảo hiểm y tế hộ nghèo có phải đóng tiền không"


async def test_every_registered_step_is_left_by_the_cancel_words_and_button(
    chat: EngineDriver,
) -> None:
    admin = chat.user_id(1)
    chat.store.staff.add(admin, "admin", added_by="test")
    steps = sorted(chat.engine.router.steps)
    assert len(steps) >= 20, "every flow's steps are registered"
    for flow, step in steps:
        for word in EXIT_WORDS:
            chat.store.states.set(admin, flow, step, {})
            replies = await chat.say(1, word)
            assert LEFT in " ".join(texts(replies)).lower(), (flow, step, word)
            assert chat.store.states.get(admin) is None, (flow, step, word)
        chat.store.states.set(admin, flow, step, {})
        replies = await chat.press_data(1, "exit")
        assert LEFT in " ".join(texts(replies)).lower(), (flow, step)
        assert chat.store.states.get(admin) is None, (flow, step)


def shown(replies: list) -> list[str]:
    return [label for reply in replies for label in labels(reply)]


async def test_every_step_shows_a_cancel_button(chat: EngineDriver) -> None:
    await chat.say(2, "/start")
    replies = await chat.press(2, "✅ Đồng ý")
    while chat.store.states.get(chat.user_id(2)) is not None:
        assert "✖️ Thôi" in shown(replies)
        replies = await chat.say(2, "1")
    replies = await chat.say(2, "/gopy")
    assert "✖️ Thôi" in shown(replies)
    replies = await chat.say(2, "1")
    assert "✖️ Thôi" in shown(replies), "the free-text step too"


async def test_gopy_no_longer_traps(messenger: Any) -> None:
    await messenger.onboard(811)
    await messenger.say(811, "/gopy")
    replies = await messenger.say(811, QUESTION)
    assert any("Căn cứ" in t for t in texts(replies)), "the question is answered"
    assert "▶️ Tiếp tục" in labels(replies[-1])
    replies = await messenger.press(811, "▶️ Tiếp tục")
    assert "💡 Góp ý, đề xuất" in labels(replies[-1]), "the flow goes on where it was"
    replies = await messenger.say(811, "thôi")
    assert LEFT in replies[0].text.lower()
    assert messenger.store.states.get(messenger.user_id(811)) is None
    replies = await messenger.say(811, QUESTION)
    assert any("Căn cứ" in t for t in texts(replies))


async def test_cancel_button_leaves_a_free_text_step(messenger: Any) -> None:
    await messenger.onboard(812)
    await messenger.say(812, "/gopy")
    replies = await messenger.press(812, "⚠️ Phản ánh")
    assert "✖️ Thôi" in labels(replies[-1])
    replies = await messenger.press(812, "✖️ Thôi")
    assert LEFT in replies[0].text.lower()
    assert messenger.store.states.get(messenger.user_id(812)) is None


async def test_a_question_about_the_feedback_form_an_answer_opened_is_answered(
    chat: EngineDriver,
) -> None:
    """The feedback answer opens the form; a question about sending it, typed there, is read
    in that answer's light (its own aspect, as after any answer): answered, and the form
    waits. Before, it was read alone and got "Tôi chưa hiểu câu trả lời này"."""
    replies = await chat.say(1001, "tôi muốn góp ý với xã về chuyện chia tiền hỗ trợ")
    assert "💡 Góp ý, đề xuất" in shown(replies), "the feedback answer opens the form"
    replies = await chat.say(1001, "gửi như vậy có phải ghi tên không ạ")
    said = " ".join(texts(replies))
    assert "gửi ẩn danh" in said, "the feedback answer says it may go without a name"
    assert "chưa hiểu" not in said
    assert "▶️ Tiếp tục" in shown(replies)
    replies = await chat.press(1001, "▶️ Tiếp tục")
    assert "💡 Góp ý, đề xuất" in shown(replies), "the form goes on where it was"
