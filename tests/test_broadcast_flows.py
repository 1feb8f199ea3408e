"""Officers' /guitin and /chiendich through the real Telegram Application and the fake Bot API."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.app import build_engine
from bot.broadcasts.service import BroadcastService
from bot.config import Settings
from bot.core.clock import Clock
from bot.core.messages import Incoming
from bot.store.campaigns import Segment
from tests.fakes import FakeBotAPI
from tests.harness import TelegramBotDriver, labels
from tests.test_broadcasts import FOOTER, campaign, start_service, subscriber

__all__ = ["start_service"]  # the fixture, shared with the engine tests

OFFICER = 900


@pytest.fixture
async def service(start_service) -> BroadcastService:
    return await start_service()


@pytest.fixture
def officer(bot: TelegramBotDriver, service: BroadcastService) -> TelegramBotDriver:
    """A running bot with its broadcast service, one officer and three subscribers."""
    bot.store.staff.add(f"telegram:{OFFICER}", "officer")
    subscriber(bot.store, 301, commune="que_phong", household="ngheo")
    subscriber(bot.store, 302, commune="tri_le", household="can_ngheo")
    subscriber(bot.store, 303, commune="tri_le", household="ngheo")
    return bot


@pytest.mark.parametrize("command", ["/guitin", "/chiendich"])
async def test_a_citizen_is_refused_officer_commands(bot: TelegramBotDriver, command: str) -> None:
    subscriber(bot.store, 310)
    replies = await bot.say(310, command)
    assert len(replies) == 1 and "chỉ dành cho cán bộ" in (replies[0].text or "")
    entry = bot.store.audit.entries(actor="telegram:310")[0]
    assert (entry["action"], entry["allowed"]) == (command, 0)
    assert bot.store.campaigns.recent() == []


async def test_guitin_preview_audience_and_send_now(
    officer: TelegramBotDriver, service: BroadcastService
) -> None:
    bot = officer
    replies = await bot.say(OFFICER, "/guitin")
    assert "gửi nội dung tin" in replies[0].text
    replies = await bot.say(OFFICER, "Họp dân ở nhà văn hóa bản Cắm")
    assert replies[0].text.startswith("Bản xem trước")
    assert replies[1].text == f"Họp dân ở nhà văn hóa bản Cắm\n\n{FOOTER}"
    assert "Số người sẽ nhận: 3" in replies[2].text
    assert "Tất cả người nhận tin (3)" in [label for label, _ in replies[2].buttons][0]
    await bot.press(OFFICER, "🏘 Chọn xã")
    replies = await bot.press(OFFICER, "Xã Tri Lễ")
    assert "✅ Xã Tri Lễ" in [label for label, _ in replies[0].buttons]
    assert "Số người sẽ nhận: 2" in replies[0].text
    replies = await bot.press(OFFICER, "✔️ Xong")
    assert "Đang chọn: Xã Tri Lễ." in replies[0].text
    replies = await bot.press(OFFICER, "🏠 Chọn loại hộ")
    replies = await bot.press(OFFICER, "Hộ nghèo")
    assert "Số người sẽ nhận: 1" in replies[0].text
    await bot.press(OFFICER, "✔️ Xong")
    replies = await bot.press(OFFICER, "➡️ Tiếp tục")
    assert replies[0].text == "Gửi lúc nào?"
    replies = await bot.press(OFFICER, "🚀 Gửi ngay")
    assert "Xã Tri Lễ; Hộ nghèo (1 người)" in replies[0].text
    assert "ngay bây giờ" in replies[0].text
    replies = await bot.press(OFFICER, "✅ Xác nhận")
    assert "Đã bắt đầu gửi chiến dịch #1 cho 1 người" in replies[0].text
    await bot.fake.wait_for_messages(303, 1)
    await service.wait_idle()
    assert [m.text for m in bot.fake.transcript(303)] == [
        f"Họp dân ở nhà văn hóa bản Cắm\n\n{FOOTER}"
    ]
    assert bot.fake.transcript(301) == bot.fake.transcript(302) == []
    assert bot.store.audit.entries(actor=f"telegram:{OFFICER}")[0]["action"] == "campaign create"


async def test_a_photo_is_previewed_and_sent_as_the_same_photo(officer: TelegramBotDriver) -> None:
    bot = officer
    await bot.say(OFFICER, "/guitin")
    replies = await bot.say(OFFICER, "Lịch tiêm chủng tháng 6", photo=True)
    preview = replies[1]
    assert preview.method == "sendPhoto"
    assert preview.text == f"Lịch tiêm chủng tháng 6\n\n{FOOTER}"
    await bot.press(OFFICER, "👥 Tất cả")
    await bot.press(OFFICER, "🚀 Gửi ngay")
    await bot.press(OFFICER, "✅ Xác nhận")
    await bot.fake.wait_for_messages(302, 1)
    sent = bot.fake.transcript(302)[0]
    assert (sent.method, sent.file_id, sent.text) == ("sendPhoto", preview.file_id, preview.text)


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"text": "x" * 4080}, "dài hơn giới hạn"),
        ({"text": "y" * 1000, "photo": True}, "giới hạn 1024 ký tự"),
        ({"text": None, "sticker": True}, "chỉ gửi được chữ"),
    ],
)
async def test_a_message_that_cannot_go_out_is_refused_with_the_reason(
    officer: TelegramBotDriver, kwargs: dict, expected: str
) -> None:
    await officer.say(OFFICER, "/guitin")
    text = kwargs.pop("text")
    replies = await officer.say(OFFICER, text, **kwargs)
    assert expected in replies[0].text
    assert officer.store.states.get(f"telegram:{OFFICER}").step == "message"


async def _to_when(bot: TelegramBotDriver) -> None:
    await bot.say(OFFICER, "/guitin")
    await bot.say(OFFICER, "Nhắc gia hạn thẻ BHYT")
    await bot.press(OFFICER, "👥 Tất cả")


async def test_schedule_at_a_date_creates_a_scheduler_job(
    officer: TelegramBotDriver, service: BroadcastService
) -> None:
    bot = officer
    await _to_when(bot)
    await bot.press(OFFICER, "🕗 Hẹn ngày giờ")
    replies = await bot.say(OFFICER, "ngày mai")
    assert "gõ thêm giờ" in replies[0].text
    replies = await bot.say(OFFICER, "gửi sớm nhé")
    assert "chưa hiểu ngày giờ" in replies[0].text
    replies = await bot.say(OFFICER, "01/01/2020 08:00")
    assert "đã qua" in replies[0].text
    replies = await bot.say(OFFICER, "25/12/2099 08:00")
    assert "Thời gian: 08:00 ngày 25/12/2099" in replies[0].text
    replies = await bot.press(OFFICER, "✅ Xác nhận")
    assert "Đã lên lịch chiến dịch #1: 08:00 ngày 25/12/2099" in replies[0].text
    await bot.press(OFFICER, "✅ Xác nhận")  # pressed twice: still one campaign
    assert len(bot.store.campaigns.recent()) == 1
    await service.sync()
    jobs = service.campaign_jobs()
    assert jobs[1] == dt.datetime(2099, 12, 25, 1, 0, tzinfo=dt.UTC)
    assert bot.store.campaigns.get(1).status == "scheduled"


@pytest.mark.parametrize(
    ("button", "answers", "rule", "described"),
    [
        ("🔁 Hằng tuần", ["Thứ Hai", "8:00"], "weekly:MON@08:00", "Thứ Hai hằng tuần, lúc 08:00"),
        ("📅 Hằng tháng", ["31 08:00", "15 7h30"], "monthly:15@07:30", "ngày 15 hằng tháng"),
    ],
)
async def test_recurring_campaigns_from_the_flow(
    officer: TelegramBotDriver, button: str, answers: list[str], rule: str, described: str
) -> None:
    bot = officer
    await _to_when(bot)
    await bot.press(OFFICER, button)
    replies = []
    for answer in answers:
        if answer.startswith("Thứ"):
            replies = await bot.press(OFFICER, answer)
        else:
            replies = await bot.say(OFFICER, answer)
    assert described in replies[0].text and "lần đầu" in replies[0].text
    await bot.press(OFFICER, "✅ Xác nhận")
    created = bot.store.campaigns.get(1)
    assert (created.recurrence, created.status) == (rule, "scheduled")


async def test_free_text_where_a_button_is_expected_changes_nothing(
    officer: TelegramBotDriver,
) -> None:
    await _to_when(officer)
    replies = await officer.say(OFFICER, "gửi luôn đi")
    assert "chưa hiểu" in replies[0].text
    assert "🚀 Gửi ngay" in labels(replies[0]), "the choices are shown again"
    replies = await officer.press(OFFICER, "✖️ Thôi")
    assert "Chưa có tin nào được gửi" in replies[0].text
    assert officer.store.campaigns.recent() == []


async def test_chiendich_report_export_pause_resume_cancel(
    officer: TelegramBotDriver, fake: FakeBotAPI, service: BroadcastService
) -> None:
    bot = officer
    fake.forget_chat(302)
    campaign(bot.store, "Tin đã gửi")
    await service.sync()
    await service.wait_idle()
    future = dt.datetime(2099, 1, 1, tzinfo=dt.UTC)
    campaign(bot.store, "Tin hẹn giờ", at=future, segment=Segment(communes=("tri_le",)))
    replies = await bot.say(OFFICER, "/chiendich")
    listing = replies[0].text
    assert "#2 · Tin hẹn giờ — Đã lên lịch" in listing
    assert "#1 · Tin đã gửi — Đã gửi xong: 2/3 đã nhận, chờ gửi 0, lỗi 1" in listing
    replies = await bot.press(OFFICER, "#1")
    assert "không tìm thấy cuộc trò chuyện: 1" in replies[0].text
    replies = await bot.press(OFFICER, "📄")
    csv_text = replies[-1].document_bytes.decode("utf-8-sig")
    assert csv_text.splitlines()[1].startswith("telegram:302,failed,chat_not_found,")
    await bot.say(OFFICER, "/chiendich")
    await bot.press(OFFICER, "#2")
    replies = await bot.press(OFFICER, "⏸ Tạm dừng")
    assert "Đã tạm dừng chiến dịch #2" in replies[0].text
    assert "Trạng thái: Tạm dừng" in replies[1].text
    replies = await bot.press(OFFICER, "▶️ Tiếp tục")
    assert "Trạng thái: Đã lên lịch" in replies[1].text
    replies = await bot.press(OFFICER, "🛑 Hủy")
    assert "Hủy chiến dịch #2?" in replies[0].text
    replies = await bot.press(OFFICER, "Có, hủy")
    assert "Trạng thái: Đã hủy" in replies[1].text
    assert bot.store.campaigns.get(2).status == "cancelled"
    actions_done = [e["action"] for e in bot.store.audit.entries(actor=f"telegram:{OFFICER}")]
    assert {"campaign pause", "campaign resume", "campaign cancel", "campaign export"} <= set(
        actions_done
    )


async def test_an_audience_nobody_is_in_cannot_be_chosen(officer: TelegramBotDriver) -> None:
    bot = officer
    await bot.say(OFFICER, "/guitin")
    await bot.say(OFFICER, "Tin cho xã Tiền Phong")
    await bot.press(OFFICER, "🏘 Chọn xã")
    await bot.press(OFFICER, "Xã Tiền Phong")
    await bot.press(OFFICER, "✔️ Xong")
    replies = await bot.press(OFFICER, "➡️ Tiếp tục (0 người)")
    assert "chưa có ai trong nhóm này" in replies[0].text
    assert bot.store.states.get(f"telegram:{OFFICER}").step == "audience"


async def test_the_officers_formatting_is_kept(tmp_path) -> None:
    engine = build_engine(Settings(db_path=tmp_path / "bot.db"), faq=None)
    engine.services.store.staff.add(f"telegram:{OFFICER}", "officer")
    await engine.handle(Incoming(f"telegram:{OFFICER}", "/guitin"))
    replies = await engine.handle(
        Incoming(f"telegram:{OFFICER}", "Họp dân thứ Bảy", html="<b>Họp dân</b> thứ Bảy")
    )
    assert (replies[1].text, replies[1].html) == (f"<b>Họp dân</b> thứ Bảy\n\n{FOOTER}", True)


class _ZaloLikeSender:
    """A second channel with a 7-day interaction window, registered on the real hub."""

    async def send(self, address: str, message: object) -> object:
        raise AssertionError("nothing is sent before the officer confirms")


async def test_officer_sees_zalo_followers_outside_the_window_before_confirming(
    officer: TelegramBotDriver,
) -> None:
    bot = officer
    bot.engine.services.hub.register("zalo", _ZaloLikeSender(), window=dt.timedelta(days=7))
    store = bot.store
    for user, days_silent in (("zalo:81", 10), ("zalo:82", 1), ("zalo:83", 30)):
        citizen = store.citizens.subscribe(store.citizens.register(user))
        seen = dt.datetime.now(dt.UTC) - dt.timedelta(days=days_silent)
        store.citizens.update(citizen, last_seen=seen.isoformat(timespec="seconds"))
    await bot.say(OFFICER, "/guitin")
    replies = await bot.say(OFFICER, "Lịch tiêm chủng tháng 12")
    assert "Số người sẽ nhận: 6" in replies[2].text
    assert "Trong đó 2 người dùng Zalo đã hơn 7 ngày không nhắn cho trợ lý" in replies[2].text
    await bot.press(OFFICER, "➡️ Tiếp tục")
    replies = await bot.press(OFFICER, "🚀 Gửi ngay")
    assert "(6 người)" in replies[0].text
    assert "Trong đó 2 người dùng Zalo" in replies[0].text


async def test_guitin_offers_ready_drafts_to_edit_or_send_as_they_are(
    officer: TelegramBotDriver, service: BroadcastService
) -> None:
    bot = officer
    bot.engine.services.clock = Clock(source=lambda: dt.datetime(2026, 12, 10, 3, 0, tzinfo=dt.UTC))
    replies = await bot.say(OFFICER, "/guitin")
    drafts = [label for label, _ in replies[0].buttons if label.startswith("📝 Mẫu:")]
    assert drafts == ["📝 Mẫu: Chuẩn nghèo mới từ 01/01/2027", "📝 Mẫu: Gia hạn thẻ BHYT"]
    replies = await bot.press(OFFICER, "📝 Mẫu: Chuẩn nghèo mới từ 01/01/2027")
    assert "2.200.000 đồng" in replies[0].text
    assert replies[0].text.endswith("Căn cứ: Nghị định 351/2025/NĐ-CP · cập nhật 03/12/2026")
    replies = await bot.press(OFFICER, "✅ Dùng nguyên mẫu này")
    assert replies[0].text.startswith("Bản xem trước")
    assert "2.200.000 đồng" in replies[1].text and replies[1].text.endswith(FOOTER)
    assert "Số người sẽ nhận: 3" in replies[2].text


async def test_an_edited_draft_is_sent_as_the_officer_wrote_it(
    officer: TelegramBotDriver, service: BroadcastService
) -> None:
    bot = officer
    await bot.say(OFFICER, "/guitin")
    await bot.press(OFFICER, "📝 Mẫu: Gia hạn thẻ BHYT")
    replies = await bot.say(OFFICER, "Thẻ BHYT hộ nghèo năm 2027: xã phát tại nhà văn hóa.")
    assert replies[0].text.startswith("Bản xem trước")
    assert replies[1].text.startswith("Thẻ BHYT hộ nghèo năm 2027")


async def test_drafts_out_of_their_dates_are_not_offered(
    officer: TelegramBotDriver, service: BroadcastService
) -> None:
    bot = officer
    bot.engine.services.clock = Clock(source=lambda: dt.datetime(2027, 6, 1, 3, 0, tzinfo=dt.UTC))
    replies = await bot.say(OFFICER, "/guitin")
    labels_ = [label for label, _ in replies[0].buttons]
    assert "📝 Mẫu: Gia hạn thẻ BHYT" in labels_
    assert not any("Chuẩn nghèo mới" in label for label in labels_)
