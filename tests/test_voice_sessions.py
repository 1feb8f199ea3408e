"""Officers manage dialogue sessions in Telegram (/phien): create, announce, edit, cancel, export."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot.config import Settings
from bot.voice import announce
from tests.engine_harness import EngineDriver
from tests.fakes import FakeBotAPI
from tests.harness import TelegramBotDriver, labels, make_settings, query_rows, texts
from tests.test_broadcasts import subscriber
from tests.voice_helpers import OFFICER, ask, citizen, local, make_session, ref_of, staff


@pytest.fixture
def settings(tmp_path: Path, fake: FakeBotAPI) -> Settings:
    return make_settings(tmp_path, fake, flood_limit_per_minute=1000)


async def create_by_buttons(bot: TelegramBotDriver, when: str) -> list:
    await bot.say(OFFICER, "/phien")
    await bot.press(OFFICER, "➕ Tạo buổi đối thoại mới")
    await bot.press(OFFICER, "Xã Quế Phong")
    await bot.say(OFFICER, when)
    await bot.say(OFFICER, "Hội trường UBND xã")
    replies = await bot.say(OFFICER, "BHYT hộ cận nghèo, vay vốn ưu đãi")
    assert "Kiểm tra lại buổi đối thoại" in (replies[0].text or "")
    return await bot.press(OFFICER, "✅ Lưu")


async def test_officer_creates_a_session_citizens_then_see_it(bot: TelegramBotDriver) -> None:
    staff(bot, OFFICER)
    await bot.say(OFFICER, "/phien")
    await bot.press(OFFICER, "➕ Tạo buổi đối thoại mới")
    await bot.press(OFFICER, "Xã Quế Phong")
    replies = await bot.say(OFFICER, "mai nhé")
    assert "chưa đọc được ngày giờ" in (replies[0].text or "")
    yesterday = local(-1)
    replies = await bot.say(OFFICER, f"{yesterday:%d/%m/%Y} 8:00")
    assert "đã qua" in (replies[0].text or "")
    when = local(20)
    await bot.say(OFFICER, f"{when:%d/%m/%Y} lúc 2 giờ chiều")
    await bot.say(OFFICER, "Hội trường UBND xã")
    await bot.say(OFFICER, "BHYT hộ cận nghèo, vay vốn ưu đãi")
    replies = await bot.press(OFFICER, "✅ Lưu")
    assert "Đã tạo buổi đối thoại #1" in (replies[0].text or "")
    session = bot.store.voice.sessions.get(1)
    assert session is not None and session.starts_at == when.replace(hour=14)
    assert any(e["action"] == "session create" for e in bot.store.audit.entries())
    await citizen(bot, 501)
    schedule = await bot.say(501, "/doithoai")
    assert f"{when:%d/%m/%Y} lúc 14:00" in (schedule[0].text or "")
    assert "BHYT hộ cận nghèo, vay vốn ưu đãi" in (schedule[0].text or "")


async def test_restart_while_creating_keeps_what_was_typed(bot: TelegramBotDriver) -> None:
    staff(bot, OFFICER)
    await bot.say(OFFICER, "/phien")
    await bot.press(OFFICER, "➕ Tạo buổi đối thoại mới")
    await bot.press(OFFICER, "Xã Quế Phong")
    await bot.say(OFFICER, f"{local(9):%d/%m/%Y} 8:00")
    await bot.restart()
    await bot.say(OFFICER, "Nhà văn hóa bản Na Ca")
    await bot.say(OFFICER, "Việc làm, xuất khẩu lao động")
    replies = await bot.press(OFFICER, "✅ Lưu")
    assert "Nhà văn hóa bản Na Ca" in (replies[0].text or "")


async def test_announcing_creates_a_broadcast_to_the_commune(bot: TelegramBotDriver) -> None:
    staff(bot, OFFICER)
    await citizen(bot, 510)
    await citizen(bot, 511, commune="Xã Tri Lễ")
    replies = await create_by_buttons(bot, f"{local(12):%d/%m/%Y} 8:00")
    assert "📣 Báo cho 1 người đang nhận tin" in labels(replies[0])
    replies = await bot.press(OFFICER, "📣 Báo cho 1 người")
    assert "Đã tạo đợt gửi tin tới 1 người" in (replies[0].text or "")
    campaigns = query_rows(bot.store, "SELECT segment, text FROM campaigns")
    assert len(campaigns) == 1 and json.loads(campaigns[0]["segment"])["communes"] == ["que_phong"]
    assert "/doithoai" in campaigns[0]["text"]


async def test_edit_and_cancel_tell_those_who_asked(bot: TelegramBotDriver) -> None:
    staff(bot, OFFICER)
    session = make_session(bot.store)
    await citizen(bot, 530)
    ref = ref_of(await ask(bot, 530, session, "Hộ nghèo có được hỗ trợ tiền điện không?"))
    await bot.say(OFFICER, "/phien")
    await bot.press(OFFICER, f"✏️ Sửa #{session.id}")
    await bot.press(OFFICER, "📍 Địa điểm")
    replies = await bot.say(OFFICER, "Nhà văn hóa bản Pục")
    assert "Đã sửa" in (replies[0].text or "") and "Nhà văn hóa bản Pục" in (replies[0].text or "")
    await bot.say(OFFICER, "/phien")
    await bot.press(OFFICER, f"❌ Hủy #{session.id}")
    replies = await bot.press(OFFICER, "Có, hủy buổi này")
    assert "Đang báo cho 1 người" in (replies[0].text or "")
    await bot.engine.services.tasks.drain()
    notice = bot.fake.transcript(530)[-1].text or ""
    assert "đã bị hủy" in notice and ref in notice and "Nhà văn hóa bản Pục" in notice
    replies = await bot.say(530, "/doithoai")
    assert "chưa có lịch" in (replies[0].text or "")
    row = bot.store.voice.queue.by_ref(ref)
    assert row is not None and row.status == "pending"  # still to be answered


async def test_download_the_sessions_questions_as_excel(bot: TelegramBotDriver) -> None:
    staff(bot, OFFICER)
    session = make_session(bot.store)
    for user, text in ((540, "Hộ cận nghèo được hỗ trợ bao nhiêu phần trăm tiền mua BHYT?"),
                       (541, "ho can ngheo duoc ho tro bao nhieu % mua bhyt"),
                       (542, "Hộ nghèo vay vốn ngân hàng chính sách được bao nhiêu tiền")):  # fmt: skip
        await citizen(bot, user)
        await ask(bot, user, session, text, contact=("Lò Văn Minh", "0912345678"))
    await bot.say(OFFICER, "/phien")
    replies = await bot.press(OFFICER, f"📥 Tải Excel #{session.id}")
    assert (
        replies[0].document_name
        == f"cau-hoi-doi-thoai-{session.id}-{session.starts_at:%Y%m%d}.xlsx"
    )
    book = load_workbook(io.BytesIO(replies[0].document_bytes or b""))
    summary = {row[0]: row[1] for row in book["Tổng hợp"].iter_rows(min_row=4, values_only=True)}
    assert summary["Bảo hiểm y tế"] == 2 and summary["Vay vốn ưu đãi"] == 1
    assert summary["Tổng cộng"] == 3
    detail = "\n".join(str(row) for row in book["Chi tiết"].iter_rows(values_only=True))
    assert "Nhóm 1: 2 câu" in detail
    assert "0912345678" not in detail  # contacts never go into the Telegram download
    assert texts(replies)[0] == (
        f"📥 Câu hỏi của người dân cho buổi đối thoại #{session.id}, xếp theo chủ đề."
    )
    replies = await bot.press(OFFICER, "📞 Tải kèm tên, số điện thoại")
    book = load_workbook(io.BytesIO(replies[0].document_bytes or b""))
    detail = "\n".join(str(row) for row in book["Chi tiết"].iter_rows(values_only=True))
    assert "Lò Văn Minh" in detail and "0912345678" in detail, "the call-back contact"
    assert "Chỉ dùng để gọi lại" in (replies[0].text or "")


async def test_an_announcement_always_goes_out_as_a_campaign(chat: EngineDriver) -> None:
    services = chat.engine.services
    subscriber(services.store, 560)
    session = make_session(services.store)
    campaign_id = await announce.announce_session(services, session, actor="cli")
    campaign = services.store.campaigns.get(campaign_id)
    assert campaign is not None and campaign.segment.communes == ("que_phong",)
    assert chat.transcript(560) == []  # the broadcast service sends it, at its pace


async def test_cancellation_notices_reach_every_asker(chat: EngineDriver) -> None:
    services = chat.engine.services
    store = services.store
    session = make_session(store)
    for user in (570, 571, 572):
        asker = subscriber(store, user)
        store.voice.queue.submit(
            "question", "Hỏi về BHYT", citizen=asker, prefix="DT", session_id=session.id
        )
    assert await announce.announce_cancellation(services, session, actor="cli") == 3
    await services.tasks.drain()
    for user in (570, 571, 572):
        assert "đã bị hủy" in chat.transcript(user)[-1].text
