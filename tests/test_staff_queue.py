"""The review queue end to end: citizen question → /cauhoi → answer → the citizen receives it."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.config import Settings
from tests.fakes import FakeBotAPI
from tests.harness import TelegramBotDriver, labels, make_settings, texts
from tests.voice_helpers import (
    OFFICER,
    REVIEWER,
    ask,
    citizen,
    make_session,
    one_question,
    ref_of,
    staff,
)

ANSWER = "Hộ cận nghèo được ngân sách hỗ trợ ít nhất 70% mức đóng bảo hiểm y tế."


@pytest.fixture
def settings(tmp_path: Path, fake: FakeBotAPI) -> Settings:
    return make_settings(tmp_path, fake, flood_limit_per_minute=1000)


async def open_ref(bot: TelegramBotDriver, user: int, ref: str) -> list:
    return await bot.say(user, f"/cauhoi {ref}")


async def answer(bot: TelegramBotDriver, user: int, ref: str, text: str = ANSWER) -> list:
    await open_ref(bot, user, ref)
    await bot.press(user, "✍️ Trả lời")
    replies = await bot.say(user, text)
    assert "Xem lại câu trả lời" in (replies[0].text or "")
    return await bot.press(user, "✅ Gửi trả lời")


async def test_question_to_queue_to_answer_to_citizen(bot: TelegramBotDriver) -> None:
    staff(bot, REVIEWER, "reviewer")
    text = "Hộ cận nghèo được hỗ trợ bao nhiêu tiền mua BHYT?"
    _, ref = await one_question(bot, 401, text, contact=("Lò Văn Minh", "0912345678"))
    listing = await bot.say(REVIEWER, "/cauhoi")
    assert "Chờ xử lý: 1" in (listing[0].text or "") and ref in (listing[0].text or "")
    card = await bot.press(REVIEWER, f"1. {ref}")
    assert "Hộ cận nghèo được hỗ trợ" in (card[0].text or "")
    assert "Lò Văn Minh, 0912345678" in (card[0].text or "")
    assert "Bảo hiểm y tế" in (card[0].text or "")
    await bot.press(REVIEWER, "✍️ Trả lời")
    await bot.say(REVIEWER, ANSWER)
    before = len(bot.fake.transcript(401))
    replies = await bot.press(REVIEWER, "✅ Gửi trả lời")
    assert "Gửi tới được 1/1 người" in (replies[0].text or "")
    received = texts(bot.fake.transcript(401)[before:])
    assert len(received) == 1
    assert received[0].startswith(f"📩 Trả lời cho câu hỏi {ref}") and ANSWER in received[0]
    row = bot.store.voice.queue.by_ref(ref)
    assert row is not None and row.status == "answered"
    assert bot.store.voice.queue.answers(row.id)[0].delivery == "sent"
    mine = await bot.say(401, "/cauhoicuatoi")
    assert "✅ Đã trả lời" in (mine[0].text or "")
    again = await bot.press(401, f"📨 Xem trả lời {ref}")
    assert ANSWER in (again[0].text or "")
    actions = [e["action"] for e in bot.store.audit.entries(actor=f"telegram:{REVIEWER}")]
    assert "question answer" in actions


async def test_question_the_faq_missed_lands_in_the_same_queue(bot: TelegramBotDriver) -> None:
    await citizen(bot, 402)
    staff(bot, OFFICER)
    await bot.say(402, "giá lúa năm nay bao nhiêu")
    replies = await bot.press(402, "✉️ Gửi câu hỏi cho cán bộ")
    ref = ref_of(replies)
    listing = await bot.say(OFFICER, "/cauhoi loai faq")
    assert ref in (listing[0].text or "") and "Câu hỏi gửi cán bộ" in (listing[0].text or "")
    await answer(bot, OFFICER, ref, "Giá lúa do thị trường quyết định; bà con hỏi hợp tác xã.")
    assert "Giá lúa do thị trường" in (bot.fake.transcript(402)[-1].text or "")


async def test_merge_delivers_the_answer_to_both(bot: TelegramBotDriver) -> None:
    session = make_session(bot.store)
    staff(bot, OFFICER)
    refs = []
    for user, text in ((403, "Hộ cận nghèo được hỗ trợ bao nhiêu phần trăm tiền mua BHYT?"),
                       (404, "ho can ngheo duoc ho tro bao nhieu % mua bhyt")):  # fmt: skip
        await citizen(bot, user)
        refs.append(ref_of(await ask(bot, user, session, text)))
    card = await open_ref(bot, OFFICER, refs[1])
    assert f"🔗 Gộp vào {refs[0]}" in labels(card[0])
    replies = await bot.press(OFFICER, f"🔗 Gộp vào {refs[0]}")
    assert f"Đã gộp {refs[1]} vào {refs[0]}" in (replies[0].text or "")
    replies = await answer(bot, OFFICER, refs[0])
    assert "Gửi tới được 2/2 người" in (replies[0].text or "")
    for user, ref in zip((403, 404), refs, strict=True):
        last = bot.fake.transcript(user)[-1].text or ""
        assert last.startswith(f"📩 Trả lời cho câu hỏi {ref}") and ANSWER in last
    # A third, merged into the answered one, gets the answer at once.
    await citizen(bot, 405)
    late = ref_of(await ask(bot, 405, session, "mức hỗ trợ bhyt cho hộ cận nghèo là bao nhiêu"))
    card = await open_ref(bot, OFFICER, late)
    replies = await bot.press(OFFICER, f"🔗 Gộp vào {refs[0]} (đã có trả lời")
    assert "đã có trả lời nên đã gửi luôn" in (replies[0].text or "")
    assert ANSWER in (bot.fake.transcript(405)[-1].text or "")


async def test_groups_of_similar_questions_merge_together(bot: TelegramBotDriver) -> None:
    session = make_session(bot.store)
    staff(bot, OFFICER)
    asked = ["Hộ cận nghèo được hỗ trợ bao nhiêu phần trăm tiền mua BHYT?",
             "ho can ngheo duoc ho tro bao nhieu % mua bhyt",
             "mức hỗ trợ bhyt cho hộ cận nghèo là bao nhiêu",
             "Hộ nghèo vay vốn ngân hàng chính sách được bao nhiêu tiền"]  # fmt: skip
    for offset, text in enumerate(asked):
        await citizen(bot, 410 + offset)
        await ask(bot, 410 + offset, session, text)
    replies = await bot.say(OFFICER, f"/cauhoi phien {session.id} nhom")
    assert "1. 3 người hỏi" in (replies[0].text or "")
    assert "Còn 1 câu không giống" in (replies[0].text or "")
    await bot.press(OFFICER, "1. Mở nhóm (3)")
    offer = await bot.press(OFFICER, "🧲 Gộp 2 câu")
    assert offer[0].text and offer[0].text.count("• DT-") == 2
    done = await bot.press(OFFICER, "✅ Gộp 2 câu")
    assert "Đã gộp 2 câu" in (done[0].text or "")
    replies = await bot.press(OFFICER, "✍️ Trả lời")
    assert "gửi tới 3 người" in (replies[0].text or "")


async def test_undelivered_answers_are_reported_to_staff(bot: TelegramBotDriver) -> None:
    session = make_session(bot.store)
    staff(bot, OFFICER)
    await citizen(bot, 420)
    await citizen(bot, 421)
    first = ref_of(await ask(bot, 420, session, "Hộ nghèo có được miễn học phí không?"))
    second = ref_of(await ask(bot, 421, session, "ho ngheo co duoc mien hoc phi khong"))
    await open_ref(bot, OFFICER, second)
    await bot.press(OFFICER, f"🔗 Gộp vào {first}")
    bot.fake.block(421)
    replies = await answer(bot, OFFICER, first, "Học sinh hộ nghèo được miễn học phí.")
    assert "Gửi tới được 1/2 người" in (replies[0].text or "")
    assert f"{second}: người dân đã chặn bot" in (replies[0].text or "")
    stopped = bot.store.citizens.get("telegram:421")
    assert stopped is not None and not stopped.subscribed and stopped.stopped_reason == "blocked"


async def test_citizen_who_deleted_data_meanwhile_is_reported(bot: TelegramBotDriver) -> None:
    staff(bot, OFFICER)
    _, ref = await one_question(bot, 422, "Hộ nghèo có được miễn học phí không?")
    await open_ref(bot, OFFICER, ref)
    await bot.press(OFFICER, "✍️ Trả lời")
    await bot.say(OFFICER, "Học sinh hộ nghèo được miễn học phí.")
    await bot.say(422, "/xoadulieu")
    await bot.press(422, "Có, xóa hết")
    before = len(bot.fake.transcript(422))
    replies = await bot.press(OFFICER, "✅ Gửi trả lời")
    assert "người dân đã xóa dữ liệu" in (replies[0].text or "")
    assert len(bot.fake.transcript(422)) == before


async def test_anonymous_feedback_answer_is_recorded_not_sent(bot: TelegramBotDriver) -> None:
    staff(bot, OFFICER)
    await bot.say(430, "/gopy")
    await bot.press(430, "💡 Góp ý")
    await bot.say(430, "Xã nên công khai danh sách hộ nghèo ở nhà văn hóa.")
    ref = ref_of(await bot.press(430, "🕶 Gửi ẩn danh"))
    card = await open_ref(bot, OFFICER, ref)
    assert "Gửi ẩn danh" in (card[0].text or "")
    replies = await bot.press(OFFICER, "✍️ Trả lời")
    assert "không gửi riêng cho ai" in (replies[0].text or "")
    assert "sẽ gửi tới" not in (replies[0].text or ""), "an anonymous sender is promised nothing"
    replies = await bot.say(OFFICER, "Cảm ơn bà con, xã sẽ niêm yết công khai.")
    assert "không gửi cho ai" in (replies[0].text or "")
    replies = await bot.press(OFFICER, "✅ Gửi trả lời")
    assert "không có ai để gửi tới" in (replies[0].text or "")
    assert "0/1" not in (replies[0].text or "")


async def test_answered_at_the_session_tells_the_citizen(bot: TelegramBotDriver) -> None:
    staff(bot, OFFICER)
    session, ref = await one_question(bot, 440, "Bao giờ xã rà soát hộ nghèo năm nay?")
    await open_ref(bot, OFFICER, ref)
    replies = await bot.press(OFFICER, "🗣 Đã trả lời tại buổi đối thoại")
    assert "Đã báo được 1/1 người" in (replies[0].text or "")
    note = bot.fake.transcript(440)[-1].text or ""
    assert ref in note and f"{session.starts_at:%d/%m/%Y}" in note


async def test_reject_with_a_reason(bot: TelegramBotDriver) -> None:
    staff(bot, OFFICER)
    _, ref = await one_question(bot, 450, "Bán thuốc giảm cân giá rẻ liên hệ zalo ngay")
    before = len(bot.fake.transcript(450))
    await open_ref(bot, OFFICER, ref)
    await bot.press(OFFICER, "🚫 Từ chối")
    replies = await bot.press(OFFICER, "Quảng cáo, tin rác")
    assert f"Đã từ chối {ref}" in (replies[0].text or "")
    row = bot.store.voice.queue.by_ref(ref)
    assert row is not None and row.status == "rejected" and row.reject_reason == "spam"
    assert len(bot.fake.transcript(450)) == before  # the citizen is not notified
    mine = await bot.say(450, "/cauhoicuatoi")
    assert "Không được tiếp nhận" in (mine[0].text or "")
    entries = bot.store.audit.entries(actor=f"telegram:{OFFICER}")
    assert any(e["action"] == "question reject" and ref in e["detail"] for e in entries)


async def test_propose_for_the_faq_writes_the_proposals_file(
    bot: TelegramBotDriver, settings: Settings
) -> None:
    staff(bot, OFFICER)
    text = "Tôi tên Minh ở bản Pục, nuôi bò có được vay vốn không?"
    _, ref = await one_question(bot, 460, text)
    await open_ref(bot, OFFICER, ref)
    await bot.press(OFFICER, "📚 Đề xuất vào hỏi đáp")
    replies = await bot.say(OFFICER, "Hộ nghèo vay vốn nuôi bò được không?")
    assert "faq-proposals.yaml" in (replies[0].text or "")
    entries = yaml.safe_load((settings.db_path.parent / "faq-proposals.yaml").read_text("utf-8"))
    assert entries[0]["question"] == "Hộ nghèo vay vốn nuôi bò được không?"
    assert ref not in repr(entries)  # no code that leads back to the citizen's records
    assert "Minh" not in repr(entries) and "460" not in repr(entries)


async def test_citizen_and_reviewer_roles_are_checked(bot: TelegramBotDriver) -> None:
    staff(bot, REVIEWER, "reviewer")
    replies = await bot.say(470, "/cauhoi")
    assert "chỉ dành cho cán bộ" in (replies[0].text or "")
    replies = await bot.say(REVIEWER, "/phien")
    assert "chỉ dành cho cán bộ" in (replies[0].text or "")
    replies = await bot.say(REVIEWER, "/cauhoi")
    assert "Không còn câu hỏi" in (replies[0].text or "")
    # The role is taken away while a keyboard is still on screen: the button is refused too.
    bot.store.staff.remove(f"telegram:{REVIEWER}")
    replies = await bot.press(REVIEWER, "🔎 Lọc")
    assert "chỉ dành cho cán bộ" in (replies[0].text or "")
    refused = [e for e in bot.store.audit.entries(limit=10) if not e["allowed"]]
    assert {e["action"] for e in refused} >= {"/cauhoi", "/phien", "cq:f:"}


async def test_filters_narrow_the_list(bot: TelegramBotDriver) -> None:
    staff(bot, OFFICER)
    mine, other = make_session(bot.store), make_session(bot.store, commune="tri_le")
    await citizen(bot, 480)
    await citizen(bot, 481, commune="Xã Tri Lễ")
    a = ref_of(await ask(bot, 480, mine, "Hộ nghèo có được miễn học phí không?"))
    b = ref_of(await ask(bot, 481, other, "Hộ nghèo vay vốn được bao nhiêu?"))
    text = (await bot.say(OFFICER, "/cauhoi xa tri_le"))[0].text or ""
    assert b in text and a not in text
    text = (await bot.say(OFFICER, f"/cauhoi phien {mine.id}"))[0].text or ""
    assert a in text and b not in text
    assert "Cách dùng /cauhoi" in ((await bot.say(OFFICER, "/cauhoi xyz"))[0].text or "")
    await bot.say(OFFICER, "/cauhoi")
    await bot.press(OFFICER, "🔎 Lọc")
    text = (await bot.press(OFFICER, "Xã Tri Lễ"))[0].text or ""
    assert b in text and a not in text and "lọc: Xã Tri Lễ" in text
