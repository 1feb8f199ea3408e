"""Onboarding, through the engine with a collecting channel: greeting, consent, profile, subscription."""

from __future__ import annotations

from tests.engine_harness import EngineDriver
from tests.harness import TelegramBotDriver, labels, texts


async def test_start_greets_in_the_authoritys_name_and_asks_consent(chat: EngineDriver) -> None:
    replies = await chat.say(101, "/start")
    assert "UBND xã Quế Phong" in replies[0].text
    notice = replies[-1]
    assert "Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15" in notice.text
    assert "/xoadulieu" in notice.text
    assert labels(notice) == ["✅ Đồng ý", "Không đồng ý"]
    assert chat.store.citizens.get("telegram:101") is None


async def test_consent_and_full_profile_are_stored(chat: EngineDriver) -> None:
    await chat.say(102, "/start")
    replies = await chat.press(102, "✅ Đồng ý")
    assert "Bà con ở xã nào?" in texts(replies)
    assert labels(replies[-1]) == ["Xã Quế Phong", "Xã Tiền Phong", "Xã Tri Lễ", "Bỏ qua", "✖️ Thôi"]
    replies = await chat.press(102, "Xã Tiền Phong")
    assert "Bản Tà Cạ" in labels(replies[-1])
    await chat.press(102, "Bản Tà Cạ")
    await chat.press(102, "Hộ cận nghèo")
    replies = await chat.press(102, "🔔 Có")
    assert any("đã đăng ký nhận tin" in t for t in texts(replies))
    citizen = chat.store.citizens.get("telegram:102")
    assert citizen is not None
    assert (citizen.commune, citizen.village, citizen.household) == (
        "tien_phong",
        "Bản Tà Cạ",
        "can_ngheo",
    )
    assert citizen.subscribed
    assert chat.store.events.count("consent_given") == 1
    assert chat.store.events.count("subscribed") == 1


async def test_declining_consent_stores_nothing_but_answers_still_work(
    chat: EngineDriver,
) -> None:
    await chat.say(103, "/start")
    replies = await chat.press(103, "Không đồng ý")
    assert "không lưu thông tin gì" in replies[0].text
    assert chat.store.citizens.get("telegram:103") is None
    replies = await chat.say(103, "/hoso")
    assert "chưa lưu thông tin nào" in replies[0].text
    replies = await chat.say(103, "/menu")
    assert replies[0].buttons, "the topics menu is shown to everyone"


async def test_profile_can_be_skipped(chat: EngineDriver) -> None:
    await chat.onboard(104, commune=None, household=None, subscribe=False)
    citizen = chat.store.citizens.get("telegram:104")
    assert citizen is not None
    assert (citizen.commune, citizen.household, citizen.subscribed) == (None, None, False)


async def test_restart_in_the_middle_of_onboarding_resumes(chat: EngineDriver) -> None:
    await chat.say(105, "/start")
    await chat.press(105, "✅ Đồng ý")
    await chat.press(105, "Xã Tri Lễ")
    await chat.restart()
    # The village keyboard was sent before the restart; pressing it now still works.
    replies = await chat.press(105, "Bản Mờ")
    assert "loại hộ" in replies[-1].text
    await chat.press(105, "Hộ mới thoát nghèo")
    citizen = chat.store.citizens.get("telegram:105")
    assert citizen is not None
    assert (citizen.commune, citizen.village, citizen.household) == (
        "tri_le",
        "Bản Mờ",
        "moi_thoat_ngheo",
    )


async def test_commands_are_registered_with_telegram(bot: TelegramBotDriver) -> None:
    registered = {c["command"] for c in bot.fake.commands}
    assert {"start", "menu", "trogiup", "hoso", "dangky", "dunglai", "xoadulieu"} <= registered
    assert "thongke" not in registered, "staff commands are not advertised to citizens"
