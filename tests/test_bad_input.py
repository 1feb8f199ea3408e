"""Bad input: each gets a polite Vietnamese reply and nothing breaks."""

from __future__ import annotations

import unicodedata

import pytest

from tests.harness import TelegramBotDriver


@pytest.mark.parametrize(
    ("media", "expected"),
    [
        ({"sticker": True}, "Tôi chỉ đọc được chữ"),
        ({"photo": True}, "chưa xem được ảnh"),
        ({"voice": True}, "chưa xem được ảnh, tệp hay tin nhắn thoại"),
        ({"document": "giay.pdf"}, "chưa xem được ảnh, tệp"),
        ({"location": (19.6, 104.9)}, "Tôi chưa dùng được vị trí"),
        ({"contact": "0912345678"}, "Tôi không lưu danh bạ"),
    ],
)
async def test_media_gets_a_polite_text_only_note(
    bot: TelegramBotDriver, media: dict, expected: str
) -> None:
    replies = await bot.say(301, None, **media)
    assert len(replies) == 1
    assert expected in replies[0].text


async def test_blank_text(bot: TelegramBotDriver) -> None:
    replies = await bot.say(302, "   ")
    assert "Tôi chưa thấy nội dung" in replies[0].text


async def test_text_over_4096_characters(bot: TelegramBotDriver) -> None:
    replies = await bot.say(303, "a" * 5000)
    assert "Tin nhắn dài quá (5000 ký tự)" in replies[0].text


async def test_decomposed_unicode_is_normalised(bot: TelegramBotDriver) -> None:
    nfd = unicodedata.normalize("NFD", "Dừng")
    assert nfd != "Dừng"
    await bot.onboard(304)
    replies = await bot.say(304, nfd)
    assert "không nhận tin nữa" in replies[0].text


async def test_markup_characters_never_break_formatting(bot: TelegramBotDriver) -> None:
    replies = await bot.say(305, "<b>nhà tôi</b> & *vay* _vốn_ [x](y) `z`")
    assert replies, "the fake Bot API rejects unparsable markup, so a reply proves it was safe"
    assert all(r.parse_mode is None for r in replies)


async def test_edited_message_gets_a_note(bot: TelegramBotDriver) -> None:
    await bot.say(306, "/menu")
    replies = await bot.say(306, "/menu sửa", edited=True)
    assert "Tôi đã nhận tin bà con sửa" in replies[0].text


async def test_group_messages_get_one_note_pointing_to_a_private_chat(
    bot: TelegramBotDriver,
) -> None:
    group = -100123
    replies = await bot.say(307, "/start", chat_type="group", chat_id=group)
    assert "nhắn riêng cho tôi" in replies[0].text
    replies = await bot.say(308, "hộ nghèo vay vốn", chat_type="group", chat_id=group)
    assert replies == []


async def test_flood_from_one_user_slows_them_only(bot: TelegramBotDriver) -> None:
    received = []
    for _ in range(bot.settings.flood_limit_per_minute + 5):
        received += await bot.say(309, "/trogiup")
    notices = [r for r in received if "gửi nhanh quá" in (r.text or "")]
    assert len(notices) == 1
    assert len(received) == bot.settings.flood_limit_per_minute + 1
    replies = await bot.say(310, "/trogiup")
    assert "Các lệnh" in replies[0].text


async def test_stale_button_gets_a_fresh_menu(bot: TelegramBotDriver) -> None:
    await bot.say(311, "/start")
    await bot.press(311, "✅ Đồng ý")
    commune_keyboard = bot.fake.transcript(311)[-1]
    await bot.press(311, "Bỏ qua")
    await bot.press(311, "Bỏ qua")
    await bot.press(311, "Không, cảm ơn")
    replies = await bot.press_data(311, "prof:c:que_phong", message_id=commune_keyboard.message_id)
    assert replies[0].text == "Nút này đã cũ. Mời bà con chọn lại ở danh sách mới."
    assert replies[1].text == "Bà con chọn một chủ đề:"
    citizen = bot.store.citizens.get("telegram:311")
    assert citizen is not None and citizen.commune is None


async def test_an_internal_error_reaches_the_citizen_as_an_apology(
    bot: TelegramBotDriver, caplog: pytest.LogCaptureFixture
) -> None:
    async def broken(turn: object) -> None:
        raise RuntimeError("boom")

    bot.engine.router.commands["menu"] = bot.engine.router.commands["menu"].__class__(
        "menu", "x", broken
    )
    replies = await bot.say(312, "/menu")
    assert replies[0].text.startswith("Xin lỗi, hệ thống đang gặp trục trặc.")
    assert "boom" not in replies[0].text and "Traceback" not in replies[0].text
    assert any("boom" in str(r.exc_info) for r in caplog.records if r.exc_info)
