"""Every step accepts what a person would type: a button's label, its number, a synonym."""

from __future__ import annotations

from typing import Any

import pytest

from bot.core.choices import resolve
from tests.engine_harness import EngineDriver
from tests.harness import labels, query_rows, texts
from tests.zalo_harness import ZaloBotDriver

CONSENT = [("✅ Đồng ý", "consent:y"), ("Không đồng ý", "consent:n")]
COMMUNES = [("Xã Quế Phong", "q"), ("Xã Tiền Phong", "t"), ("Xã Tri Lễ", "l"), ("Bỏ qua", "-")]


@pytest.mark.parametrize(
    ("typed", "choices", "payload"),
    [
        ("đồng ý", CONSENT, "consent:y"),
        ("Dong y", CONSENT, "consent:y"),
        ("ok", CONSENT, "consent:y"),
        ("ừ", CONSENT, "consent:y"),
        ("có", CONSENT, "consent:y"),
        ("không", CONSENT, "consent:n"),
        ("ko", CONSENT, "consent:n"),
        ("2", CONSENT, "consent:n"),
        ("Xã Tri Lễ", COMMUNES, "l"),
        ("que phong", COMMUNES, "q"),
        ("tien phong.", COMMUNES, "t"),
        ("quế phông", COMMUNES, "q"),  # a slip is forgiven when one label is clearly meant
        ("bo qua", COMMUNES, "-"),
        ("phong", COMMUNES, None),  # two communes fit: nothing is chosen
        ("5", COMMUNES, None),
        ("hộ nghèo vay vốn được bao nhiêu", COMMUNES, None),
        ("có", [("Gửi kèm tài khoản", "a"), ("Gửi ẩn danh", "b")], None),
        # A place in the list, in words: with a marker word only.
        ("số 2", COMMUNES, "t"),
        ("câu 1", COMMUNES, "q"),
        ("cái thứ hai", COMMUNES, "t"),
        ("cai dau tien", COMMUNES, "q"),
        ("tôi chọn 3", COMMUNES, "l"),
        ("chọn số 2 nha", COMMUNES, "t"),
        ("cái cuối", COMMUNES, "-"),
        ("số 7", COMMUNES, None),
        ("thứ hai", COMMUNES, None),  # Monday, not the second
        ("ba", COMMUNES, None),  # a father, not the third
    ],
)
def test_resolve(typed: str, choices: list[tuple[str, str]], payload: str | None) -> None:
    assert resolve(typed, choices) == payload


def test_at_a_typed_step_only_a_whole_label_counts() -> None:
    drafts = [("📝 Mẫu: Nhắc gia hạn thẻ BHYT", "d"), ("✖️ Thôi, không gửi", "x")]
    assert resolve("Nhắc gia hạn thẻ BHYT", drafts, exact_only=True) is None
    assert resolve("1", drafts, exact_only=True) is None
    assert resolve("thoi, khong gui", drafts, exact_only=True) == "x"


async def test_onboarding_answered_by_typing(messenger: Any) -> None:
    await messenger.say(801, "/start")
    replies = await messenger.say(801, "đồng ý")
    assert messenger.store.citizens.get(messenger.user_id(801)) is not None, "consent is recorded"
    assert "Bà con ở xã nào?" in texts(replies)
    replies = await messenger.say(801, "que phong")
    assert "Bản Na Ca" in labels(replies[-1])
    replies = await messenger.say(801, "ban puc")
    assert "loại hộ" in replies[-1].text
    replies = await messenger.say(801, "2")  # the second choice: Hộ cận nghèo
    assert "nhận tin" in replies[-1].text
    replies = await messenger.say(801, "có")
    assert any("đã đăng ký nhận tin" in t for t in texts(replies))
    citizen = messenger.store.citizens.get(messenger.user_id(801))
    assert (citizen.commune, citizen.village, citizen.household, citizen.subscribed) == (
        "que_phong",
        "Bản Pục",
        "can_ngheo",
        True,
    )


async def test_a_typed_answer_that_fits_no_button_gets_the_choices_again(messenger: Any) -> None:
    await messenger.onboard(802)
    await messenger.say(802, "/gopy")
    replies = await messenger.say(802, "abc xyz")
    assert "chưa hiểu" in replies[0].text
    assert "⚠️ Phản ánh một việc chưa đúng" in labels(replies[-1])
    replies = await messenger.say(802, "phan anh")
    assert "gõ" in replies[0].text.lower() or "viết" in replies[0].text.lower()
    assert messenger.store.states.get(messenger.user_id(802)).step == "text"


async def test_zalo_number_at_a_step_with_template_buttons(zalo_bot: ZaloBotDriver) -> None:
    replies = await zalo_bot.say(803, "/start")
    assert [label for label, _ in replies[-1].buttons] == ["✅ Đồng ý", "Không đồng ý"]
    replies = await zalo_bot.say(803, "1")
    assert zalo_bot.store.citizens.get("zalo:803") is not None
    assert any("Bà con ở xã nào?" in r.text for r in replies)


async def test_typed_choices_survive_a_restart(messenger: Any) -> None:
    await messenger.say(804, "/start")
    await messenger.restart()
    await messenger.say(804, "Đồng ý")
    assert messenger.store.citizens.get(messenger.user_id(804)) is not None


async def test_a_question_outside_a_flow_still_goes_to_the_faq(chat: EngineDriver) -> None:
    await chat.say(1, "/start")
    replies = await chat.say(1, "thẻ bảo hiểm y tế hộ nghèo có phải đóng tiền không")
    assert "Căn cứ" in " ".join(texts(replies))
    assert chat.store.citizens.get(chat.user_id(1)) is None, "a question is not consent"
    assert "👍 Hữu ích" in [label for reply in replies for label in labels(reply)]


async def test_a_suggestion_named_by_its_place_in_words_is_chosen(chat: EngineDriver) -> None:
    """ "số 2" under the FAQ's suggestions is the second one, as "2" is; it was read as a new
    question."""
    replies = await chat.say(2, "tôi muốn hỏi về chính sách cho hộ nghèo")
    offer = next(r for r in replies if "muốn hỏi" in (r.text or ""))
    shown = labels(offer)
    assert len(shown) >= 3
    await chat.say(2, "số 2")
    faq = chat.engine.services.faq
    assert faq is not None
    rows = query_rows(chat.store, "SELECT intent FROM events WHERE type = 'menu_answer'")
    assert [faq.catalog.intents[row["intent"]].title for row in rows] == [shown[1]]
