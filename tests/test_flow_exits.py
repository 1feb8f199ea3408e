"""Every flow has a way out, and a question typed mid-flow is answered, not swallowed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.engine_helpers import EngineChat, all_labels, all_text
from tests.harness import labels, texts

EXIT_WORDS = ["thôi", "Hủy", "menu", "dừng lại", "Thoi"]
LEFT = "đã dừng việc đang làm"
QUESTION = "thẻ bảo hiểm y tế hộ nghèo có phải đóng tiền không"


async def test_every_registered_step_is_left_by_the_cancel_words_and_button(
    tmp_path: Path, faq_matcher: object
) -> None:
    chat = EngineChat(tmp_path, faq_matcher)
    user = "console:admin"
    chat.store.staff.add(user, "admin", added_by="test")
    steps = sorted(chat.engine.router.steps)
    assert len(steps) >= 20, "every flow's steps are registered"
    for flow, step in steps:
        for word in EXIT_WORDS:
            chat.store.states.set(user, flow, step, {})
            replies = await chat.say(user, word)
            assert LEFT in all_text(replies).lower(), (flow, step, word)
            assert chat.store.states.get(user) is None, (flow, step, word)
        chat.store.states.set(user, flow, step, {})
        replies = await chat.send_payload(user, "exit")
        assert LEFT in all_text(replies).lower(), (flow, step)
        assert chat.store.states.get(user) is None, (flow, step)


async def test_every_step_shows_a_cancel_button(tmp_path: Path, faq_matcher: object) -> None:
    chat = EngineChat(tmp_path, faq_matcher)
    user = "console:1"
    await chat.say(user, "/start")
    replies = await chat.press(user, "✅ Đồng ý")
    while chat.store.states.get(user) is not None:
        assert "✖️ Thôi" in all_labels(replies)
        replies = await chat.say(user, "1")
    await chat.say(user, "/gopy")
    assert "✖️ Thôi" in all_labels(chat.last)
    replies = await chat.say(user, "1")
    assert "✖️ Thôi" in all_labels(replies), "the free-text step too"


async def test_gopy_no_longer_traps(chat: Any) -> None:
    await chat.onboard(811)
    await chat.say(811, "/gopy")
    replies = await chat.say(811, QUESTION)
    assert any("Căn cứ" in t for t in texts(replies)), "the question is answered"
    assert "▶️ Tiếp tục" in labels(replies[-1])
    replies = await chat.press(811, "▶️ Tiếp tục")
    assert "💡 Góp ý, đề xuất" in labels(replies[-1]), "the flow goes on where it was"
    replies = await chat.say(811, "thôi")
    assert LEFT in replies[0].text.lower()
    assert chat.store.states.get(chat.user_id(811)) is None
    replies = await chat.say(811, QUESTION)
    assert any("Căn cứ" in t for t in texts(replies))


async def test_cancel_button_leaves_a_free_text_step(chat: Any) -> None:
    await chat.onboard(812)
    await chat.say(812, "/gopy")
    replies = await chat.press(812, "⚠️ Phản ánh")
    assert "✖️ Thôi" in labels(replies[-1])
    replies = await chat.press(812, "✖️ Thôi")
    assert LEFT in replies[0].text.lower()
    assert chat.store.states.get(chat.user_id(812)) is None
