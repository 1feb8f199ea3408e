"""The same conversations on every messenger channel: Telegram and Zalo.

Each test runs once through python-telegram-bot against the fake Bot API and once through the
Zalo channel's webhook against the fake Zalo OA API, and asserts on what the person received.
On Zalo, menus of more than five choices arrive as numbered lines; ``press`` then types the
number, as a person would.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from tests.harness import labels, query_rows, texts

SOURCE_LINE = re.compile(r"Căn cứ: .+ · cập nhật \d{2}/\d{2}/\d{4}")


@pytest.fixture
def chat(messenger: Any) -> Any:
    """A running bot on one channel: Telegram or Zalo (``messenger`` in conftest)."""
    return messenger


async def test_onboarding(chat: Any) -> None:
    replies = await chat.say(701, "/start")
    assert "UBND xã Quế Phong" in replies[0].text
    assert "Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15" in replies[-1].text
    assert labels(replies[-1]) == ["✅ Đồng ý", "Không đồng ý"]
    replies = await chat.press(701, "✅ Đồng ý")
    assert "Bà con ở xã nào?" in texts(replies)
    assert labels(replies[-1]) == ["Xã Quế Phong", "Xã Tiền Phong", "Xã Tri Lễ", "Bỏ qua", "✖️ Thôi"]
    await chat.press(701, "Xã Tiền Phong")
    await chat.press(701, "Bản Tà Cạ")
    await chat.press(701, "Hộ cận nghèo")
    replies = await chat.press(701, "🔔 Có")
    assert any("đã đăng ký nhận tin" in t for t in texts(replies))
    assert "Bảo hiểm y tế" in labels(replies[-1]), "the topics menu ends onboarding"
    citizen = chat.store.citizens.get(chat.user_id(701))
    assert citizen is not None
    assert (citizen.commune, citizen.village, citizen.household, citizen.subscribed) == (
        "tien_phong",
        "Bản Tà Cạ",
        "can_ngheo",
        True,
    )


async def test_restart_in_the_middle_of_onboarding_resumes(chat: Any) -> None:
    await chat.say(702, "/start")
    await chat.press(702, "✅ Đồng ý")
    await chat.press(702, "Xã Tri Lễ")
    await chat.restart()
    replies = await chat.press(702, "Bản Mờ")
    assert "loại hộ" in replies[-1].text


async def test_faq_answer_with_buttons(chat: Any) -> None:
    replies = await chat.say(703, "thẻ bảo hiểm y tế hộ nghèo có phải đóng tiền không")
    answer = replies[0]
    assert SOURCE_LINE.search(answer.text)
    assert labels(answer)[-2:] == ["👍 Hữu ích", "👎 Chưa đúng"]
    replies = await chat.press(703, "👍 Hữu ích")
    assert "Cảm ơn" in replies[0].text
    event = query_rows(chat.store, "SELECT * FROM events WHERE type = 'faq_feedback'")[0]
    assert (event["intent"], event["value"], event["channel"]) == (
        "bhyt.ho_ngheo",
        "up",
        chat.channel_name,
    )


async def test_menu_topic_question_answer(chat: Any) -> None:
    replies = await chat.say(704, "/menu")
    assert "Bảo hiểm y tế" in labels(replies[0])
    replies = await chat.press(704, "Bảo hiểm y tế")
    questions = labels(replies[0])
    assert len(questions) >= 7 and questions[-1] == "⬅️ Các chủ đề"
    replies = await chat.press(704, questions[0])
    assert SOURCE_LINE.search(replies[0].text)


async def test_feedback(chat: Any) -> None:
    await chat.onboard(705)
    replies = await chat.say(705, "/gopy")
    assert "Bà con chọn loại ý kiến" in replies[0].text
    await chat.press(705, "💡 Góp ý")
    await chat.say(705, "Đề nghị thôn tổ chức họp phổ biến chính sách vào buổi tối.")
    replies = await chat.press(705, "👤 Gửi kèm tài khoản")
    ref = re.search(r"GY-[0-9A-Z]{5}", replies[0].text)
    assert ref, replies[0].text
    assert chat.store.events.count("feedback_sent") == 1


async def test_question_for_a_dialogue_session(chat: Any) -> None:
    starts = dt.datetime.now() + dt.timedelta(days=5)
    chat.store.voice.sessions.create(
        "que_phong", starts, "Nhà văn hóa xã", "Bảo hiểm y tế", by="test"
    )
    await chat.onboard(706)
    replies = await chat.say(706, "/doithoai")
    assert "Nhà văn hóa xã" in replies[0].text
    await chat.press(706, "❓ Gửi câu hỏi")
    await chat.say(706, "Hộ cận nghèo được hỗ trợ bao nhiêu tiền mua thẻ bảo hiểm y tế?")
    replies = await chat.press(706, "Không, gửi câu hỏi luôn")
    assert re.search(r"DT-[0-9A-Z]{5}", replies[0].text), replies[0].text


async def test_stop_and_subscribe(chat: Any) -> None:
    await chat.onboard(707, subscribe=False)
    replies = await chat.say(707, "/dangky")
    assert "đã đăng ký nhận tin" in replies[0].text
    replies = await chat.say(707, "Dừng")
    assert "không nhận tin nữa" in replies[0].text
    citizen = chat.store.citizens.get(chat.user_id(707))
    assert citizen is not None and not citizen.subscribed and citizen.stopped_reason == "user"
    replies = await chat.say(707, "/dangky")
    assert "đã đăng ký nhận tin" in replies[0].text


async def test_a_typed_call_back_name_and_phone_go_with_the_question(chat: Any) -> None:
    starts = dt.datetime.now() + dt.timedelta(days=5)
    chat.store.voice.sessions.create("que_phong", starts, "Nhà văn hóa xã", "Vay vốn", by="test")
    await chat.onboard(708)
    await chat.say(708, "/doithoai")
    await chat.press(708, "❓ Gửi câu hỏi")
    await chat.say(708, "Hộ nghèo vay vốn sản xuất được bao nhiêu?")
    await chat.press(708, "Tôi đồng ý để lại tên")
    await chat.say(708, "Lò Văn Minh")
    replies = await chat.say(708, "0912 345 678")
    assert "kèm tên và số điện thoại" in replies[0].text


async def test_details_button_under_an_answer(chat: Any) -> None:
    replies = await chat.say(706, "hộ cận nghèo vay vốn ngân hàng chính sách được bao nhiêu")
    assert SOURCE_LINE.search(replies[0].text)
    assert labels(replies[0])[0] == "📖 Xem chi tiết"
    details = await chat.press(706, "📖 Xem chi tiết")
    assert "Văn bản căn cứ:" in details[0].text
    assert "Quyết định 2553/QĐ-TTg ngày 21/11/2025" in details[0].text
