"""Citizens' commands, through the engine with a collecting channel."""

from __future__ import annotations

from tests.engine_harness import EngineDriver
from tests.harness import labels, query_rows, texts


async def test_help_lists_every_citizen_command(chat: EngineDriver) -> None:
    replies = await chat.say(201, "/trogiup")
    for command in chat.engine.router.commands.values():
        if not command.for_staff:
            assert f"/{command.name} — {command.description}" in replies[0].text
    assert "/thongke" not in replies[0].text


async def test_profile_shows_what_is_stored_and_can_be_edited(chat: EngineDriver) -> None:
    await chat.onboard(202, commune="Xã Quế Phong", household="Hộ nghèo")
    replies = await chat.say(202, "/hoso")
    card = replies[0].text
    assert "Xã: Xã Quế Phong" in card and "Loại hộ: Hộ nghèo" in card and "Nhận tin: có" in card
    assert "telegram:202" in card
    await chat.press(202, "Sửa loại hộ")
    replies = await chat.press(202, "Hộ mới thoát nghèo")
    assert texts(replies) == ["Đã lưu thông tin mới."]
    citizen = chat.store.citizens.get("telegram:202")
    assert citizen is not None and citizen.household == "moi_thoat_ngheo"


async def test_subscribe_and_stop(chat: EngineDriver) -> None:
    await chat.onboard(203, subscribe=False)
    replies = await chat.say(203, "/dangky")
    assert "đã đăng ký nhận tin" in replies[0].text
    replies = await chat.say(203, "/dangky")
    assert "đang nhận tin rồi" in replies[0].text
    replies = await chat.say(203, "/dunglai")
    assert "không nhận tin nữa" in replies[0].text
    citizen = chat.store.citizens.get("telegram:203")
    assert citizen is not None and not citizen.subscribed and citizen.stopped_reason == "user"


async def test_stop_keyword_takes_effect_immediately(chat: EngineDriver) -> None:
    await chat.onboard(204)
    replies = await chat.say(204, "Dừng")
    assert "không nhận tin nữa" in replies[0].text
    citizen = chat.store.citizens.get("telegram:204")
    assert citizen is not None and not citizen.subscribed


async def test_subscribe_without_consent_asks_for_it_first(chat: EngineDriver) -> None:
    replies = await chat.say(205, "/dangky")
    assert "cần bà con đồng ý" in replies[0].text
    replies = await chat.press(205, "✅ Đồng ý")
    assert any("đã đăng ký nhận tin" in t for t in texts(replies))
    citizen = chat.store.citizens.get("telegram:205")
    assert citizen is not None and citizen.subscribed


async def test_delete_data_after_confirmation_keeps_anonymous_events(
    chat: EngineDriver,
) -> None:
    await chat.onboard(206)
    key = chat.store.citizens.get("telegram:206").id  # type: ignore[union-attr]
    replies = await chat.say(206, "/xoadulieu")
    assert labels(replies[0]) == ["Có, xóa hết", "Không, giữ lại", "✖️ Thôi"]
    replies = await chat.press(206, "Không, giữ lại")
    assert "giữ nguyên" in replies[0].text
    assert chat.store.citizens.get("telegram:206") is not None
    await chat.say(206, "/xoadulieu")
    replies = await chat.press(206, "Có, xóa hết")
    assert "Đã xóa toàn bộ thông tin" in replies[0].text
    assert chat.store.citizens.get("telegram:206") is None
    rows = query_rows(chat.store, "SELECT * FROM events WHERE citizen_key = ?", [key])
    assert {r["type"] for r in rows} >= {"consent_given", "subscribed", "data_deleted"}
    # Nothing in the events table can lead back to the person.
    dump = repr(query_rows(chat.store, "SELECT * FROM events"))
    assert "206" not in dump.replace(f"'citizen_key': {key}", "")
    replies = await chat.say(206, "/hoso")
    assert "chưa lưu thông tin nào" in replies[0].text


async def test_unknown_command_is_answered_politely(chat: EngineDriver) -> None:
    replies = await chat.say(207, "/khongco")
    assert replies[0].text == "Tôi chưa hiểu lệnh này. Gõ /trogiup để xem các lệnh."


async def test_one_persons_messages_are_handled_in_order(chat: EngineDriver) -> None:
    import asyncio

    from bot.core.messages import Incoming

    incoming = [Incoming(user="telegram:208", text=f"/{c}") for c in ("trogiup", "menu", "hoso")]
    results = await asyncio.gather(*(chat.engine.handle(i) for i in incoming))
    assert "Các lệnh" in results[0][0].text
    assert results[1][0].text == "Bà con chọn một chủ đề:"
    assert "chưa lưu thông tin nào" in results[2][0].text
    await chat.engine.services.tasks.drain()  # the buttons shown are written, then released
    assert chat.engine._locks == {}, "locks are dropped once nobody waits for them"
