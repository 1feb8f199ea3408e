"""Citizens' voice, through the engine with a collecting channel: /doithoai, /gopy, /cauhoicuatoi."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.engine_harness import EngineDriver, engine_chat
from tests.harness import labels, query_rows, texts
from tests.voice_helpers import ask, choose, citizen, local, make_session, ref_of


@pytest.fixture
async def chat(tmp_path: Path, faq_matcher: object) -> AsyncIterator[EngineDriver]:
    # These tests send more than the flood guard's 20 messages a minute from one person.
    async with engine_chat(tmp_path, faq_matcher, flood_limit_per_minute=1000) as driver:
        yield driver


async def test_schedule_shows_the_communes_sessions_only(chat: EngineDriver) -> None:
    await citizen(chat, 301)
    mine = make_session(chat.store, days=5)
    make_session(chat.store, commune="tri_le", days=6)
    make_session(chat.store, days=-1)  # already held
    cancelled = make_session(chat.store, days=7)
    chat.store.voice.sessions.cancel(cancelled, by="test")
    replies = await chat.say(301, "/doithoai")
    assert len(replies) == 1
    text = replies[0].text or ""
    assert "Hội trường UBND xã, Xã Quế Phong" in text and "Xã Tri Lễ" not in text
    assert f"{mine.starts_at:%d/%m/%Y} lúc 08:00" in text
    assert labels(replies[0]) == [f"❓ Gửi câu hỏi cho buổi {mine.starts_at:%d/%m}"]


async def test_no_session_says_so_and_points_to_subscription(chat: EngineDriver) -> None:
    replies = await chat.say(302, "/doithoai")
    assert "chưa có lịch đối thoại" in (replies[0].text or "")
    assert "/dangky" in (replies[0].text or "")


async def test_question_with_contact_gets_a_reference_code(chat: EngineDriver) -> None:
    await citizen(chat, 303)
    session = make_session(chat.store)
    await chat.say(303, "/doithoai")
    replies = await chat.press(303, "❓ Gửi câu hỏi cho buổi")
    assert "gõ câu hỏi" in (replies[0].text or "")
    replies = await chat.say(303, "Hộ cận nghèo được hỗ trợ bao nhiêu phần trăm tiền mua BHYT?")
    assert labels(replies[0]) == [
        "Tôi đồng ý để lại tên và số điện thoại",
        "Không, gửi câu hỏi luôn",
        "✖️ Thôi",
    ]
    await chat.press(303, "Tôi đồng ý để lại")
    replies = await chat.say(303, "Lò Văn 3")
    assert "chưa đọc được tên" in (replies[0].text or "")
    await chat.say(303, "Lò Văn Minh")
    replies = await chat.say(303, contact="0912345678")
    assert "chỉ nhận chữ" in (replies[0].text or "")
    replies = await chat.say(303, "0123 456")
    assert "Số điện thoại chưa đúng" in (replies[0].text or "")
    replies = await chat.say(303, "+84 912 345 678")
    assert "kèm tên và số điện thoại" in (replies[0].text or "")
    ref = ref_of(replies)
    assert ref.startswith("DT-")
    row = chat.store.voice.queue.by_ref(ref)
    assert row is not None and row.session_id == session.id and row.topic == "bhyt"
    assert chat.store.voice.queue.contact(row.id) == ("Lò Văn Minh", "0912345678")
    # Nothing of the text or the phone reaches the events table.
    dump = repr(query_rows(chat.store, "SELECT * FROM events"))
    assert "0912345678" not in dump and "phần trăm" not in dump


async def test_consent_is_asked_first_and_the_flow_carries_on(chat: EngineDriver) -> None:
    session = make_session(chat.store)
    await chat.say(304, "/doithoai")
    replies = await chat.press(304, "❓ Gửi câu hỏi cho buổi")
    assert "cần lưu mã tài khoản" in (replies[0].text or "")
    replies = await chat.press(304, "✅ Đồng ý")
    assert any("gõ câu hỏi của mình" in t for t in texts(replies))
    await chat.say(304, "Hộ nghèo vay vốn được bao nhiêu tiền?")
    replies = await chat.press(304, "Không, gửi câu hỏi luôn")
    assert "Đã gửi câu hỏi cho buổi đối thoại" in (replies[0].text or "")
    row = chat.store.voice.queue.by_ref(ref_of(replies))
    assert row is not None and row.session_id == session.id
    assert chat.store.voice.queue.contact(row.id) is None
    assert chat.store.citizens.get("telegram:304") is not None


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("bhyt?", "ngắn quá"),
        ("x" * 5 + " " + "y" * 1000, "dài quá (1006 ký tự)"),
    ],
)
async def test_bad_questions_are_explained_and_the_step_waits(
    chat: EngineDriver, typed: str, expected: str
) -> None:
    await citizen(chat, 305)
    session = make_session(chat.store)
    await choose(chat, 305, session)
    replies = await chat.say(305, typed)
    assert expected in (replies[0].text or "")
    replies = await chat.say(305, photo=True)
    assert "chỉ nhận chữ" in (replies[0].text or "")
    replies = await chat.say(305, "Hộ nghèo có được miễn học phí không?")
    assert "để lại tên và số điện thoại" in (replies[0].text or "")


async def test_repeated_question_is_not_stored_twice(chat: EngineDriver) -> None:
    await citizen(chat, 306)
    session = make_session(chat.store)
    first = ref_of(await ask(chat, 306, session, "Hộ nghèo có được miễn học phí không?"))
    await choose(chat, 306, session)
    replies = await chat.say(306, "hộ nghèo có được miễn học phí không")
    assert "đã gửi nội dung này rồi" in (replies[0].text or "") and first in (replies[0].text or "")
    assert chat.store.voice.queue.count(_filter(session.id)) == 1


def _filter(session_id: int):  # -> QueueFilter
    from bot.store.voice_queue import QueueFilter

    return QueueFilter(session_id=session_id)


async def test_abusive_question_is_kept_with_a_flag(chat: EngineDriver) -> None:
    await citizen(chat, 307)
    session = make_session(chat.store)
    replies = await ask(chat, 307, session, "Cán bộ xã đồ ngu, bao giờ mới phát tiền hỗ trợ?")
    row = chat.store.voice.queue.by_ref(ref_of(replies))
    assert row is not None and row.flag == "abusive" and row.status == "pending"


async def test_past_session_refuses_questions(chat: EngineDriver) -> None:
    await citizen(chat, 308)
    session = make_session(chat.store, days=2)
    await chat.say(308, "/doithoai")
    chat.store.voice.sessions.update(session, starts_at=local(-1))  # held meanwhile
    replies = await chat.press_data(308, f"dt:s:{session.id}")
    assert "đã diễn ra nên không nhận câu hỏi" in (replies[0].text or "")


async def test_session_cancelled_while_typing_refuses_the_question(chat: EngineDriver) -> None:
    await citizen(chat, 314)
    session = make_session(chat.store, days=3)
    await choose(chat, 314, session)
    chat.store.voice.sessions.cancel(session, by="test")
    replies = await chat.say(314, "Hộ nghèo có được miễn học phí không?")
    assert "đã bị hủy nên không nhận câu hỏi" in (replies[0].text or "")
    assert chat.store.voice.queue.count(_filter(session.id)) == 0


async def test_restart_in_the_middle_resumes_the_question(chat: EngineDriver) -> None:
    await citizen(chat, 309)
    session = make_session(chat.store)
    await choose(chat, 309, session)
    await chat.say(309, "Nhà tôi bị sập do lũ thì được hỗ trợ làm nhà không?")
    await chat.press(309, "Tôi đồng ý để lại")
    await chat.restart()
    await chat.say(309, "Vi Thị Lan")
    replies = await chat.say(309, "0386 123 456")
    row = chat.store.voice.queue.by_ref(ref_of(replies))
    assert row is not None and row.text.startswith("Nhà tôi bị sập")


async def test_feedback_named_and_anonymous(chat: EngineDriver) -> None:
    await citizen(chat, 310)
    await chat.say(310, "/gopy")
    await chat.press(310, "⚠️ Phản ánh")
    replies = await chat.say(310, "Thôn Na Ca chưa được phát thẻ bảo hiểm y tế năm nay.")
    assert labels(replies[0]) == [
        "👤 Gửi kèm tài khoản để nhận trả lời",
        "🕶 Gửi ẩn danh",
        "✖️ Thôi",
    ]
    named = ref_of(await chat.press(310, "👤 Gửi kèm tài khoản"))
    await chat.say(310, "/gopy")
    await chat.press(310, "💡 Góp ý")
    await chat.say(310, "Xã nên mở lớp dạy nghề đan lát cho phụ nữ.")
    anonymous = ref_of(await chat.press(310, "🕶 Gửi ẩn danh"))
    queue = chat.store.voice.queue
    named_row, anonymous_row = queue.by_ref(named), queue.by_ref(anonymous)
    citizen_id = chat.store.citizens.get("telegram:310").id  # type: ignore[union-attr]
    assert named_row is not None and anonymous_row is not None
    assert named_row.citizen_id == citizen_id and named_row.category == "phan_anh"
    assert anonymous_row.citizen_id is None and anonymous_row.anonymous
    assert anonymous_row.household is None
    events = query_rows(chat.store, "SELECT * FROM events WHERE type = 'feedback_sent'")
    assert {e["outcome"] for e in events} == {"named", "anonymous"}
    secret = next(e for e in events if e["outcome"] == "anonymous")
    assert secret["citizen_key"] is None and secret["ref"] is None
    replies = await chat.say(310, "/cauhoicuatoi")
    assert named in (replies[0].text or "") and anonymous not in (replies[0].text or "")


async def test_anonymous_feedback_needs_no_consent(chat: EngineDriver) -> None:
    await chat.say(311, "/gopy")
    await chat.press(311, "📝 Kiến nghị")
    await chat.say(311, "Đường vào bản Pục bị sạt lở, đề nghị xã sửa sớm.")
    replies = await chat.press(311, "👤 Gửi kèm tài khoản")
    assert "cần lưu mã tài khoản" in (replies[0].text or "")
    replies = await chat.press(311, "🕶 Gửi ẩn danh")
    assert "Đã gửi ý kiến ẩn danh" in (replies[0].text or "")
    assert chat.store.citizens.get("telegram:311") is None


async def test_typed_phrases_reach_the_features(chat: EngineDriver) -> None:
    await citizen(chat, 312)
    make_session(chat.store)
    replies = await chat.say(312, "lịch đối thoại ở xã tháng này")
    assert labels(replies[0])[0].startswith("❓ Gửi câu hỏi cho buổi")
    replies = await chat.say(312, "tôi muốn góp ý")
    assert "chọn loại ý kiến" in (replies[0].text or "")


async def test_deleting_data_removes_contact_and_withdraws_questions(
    chat: EngineDriver,
) -> None:
    await citizen(chat, 313)
    session = make_session(chat.store)
    ref = ref_of(
        await ask(
            chat,
            313,
            session,
            "Hộ cận nghèo vay vốn được không?",
            contact=("Hà Văn Tú", "0977000111"),
        )
    )
    row = chat.store.voice.queue.by_ref(ref)
    assert row is not None and chat.store.voice.queue.contact(row.id) is not None
    await chat.say(313, "/xoadulieu")
    await chat.press(313, "Có, xóa hết")
    row = chat.store.voice.queue.by_ref(ref)
    assert row is not None and row.status == "withdrawn" and row.text == ""
    assert chat.store.voice.queue.contact(row.id) is None
    assert "0977000111" not in repr(query_rows(chat.store, "SELECT * FROM question_contacts"))


async def test_asking_about_the_dialogue_again_leads_to_the_citizens_own_questions(
    chat: EngineDriver,
) -> None:
    await citizen(chat, 314)
    session = make_session(chat.store)
    replies = await chat.say(314, "đặt câu hỏi cho buổi đối thoại chính sách")
    assert "📋 Câu hỏi tôi đã gửi" not in [label for r in replies for label in labels(r)]
    ref = ref_of(await ask(chat, 314, session, "Hộ mới thoát nghèo còn được vay vốn không?"))
    replies = await chat.say(314, "đặt câu hỏi cho buổi đối thoại chính sách")
    assert labels(replies[-1]) == ["📋 Câu hỏi tôi đã gửi"]
    replies = await chat.press(314, "📋 Câu hỏi tôi đã gửi")
    assert ref in (replies[0].text or "") and "vay vốn" in (replies[0].text or "")


async def test_the_same_feedback_twice_gets_the_first_code(chat: EngineDriver) -> None:
    await citizen(chat, 315)
    codes = []
    for _ in range(2):
        await chat.say(315, "/gopy")
        await chat.press(315, "⚠️ Phản ánh")
        await chat.say(315, "Đèn đường ở bản Na Ca hỏng đã ba tháng.")
        codes.append(ref_of(await chat.press(315, "👤 Gửi kèm tài khoản")))
    assert codes[0] == codes[1]
    rows = query_rows(chat.store, "SELECT ref FROM questions WHERE kind = 'feedback'")
    assert rows == [{"ref": codes[0]}]


async def test_a_citizen_reads_only_the_answers_to_their_own_questions(
    chat: EngineDriver,
) -> None:
    await citizen(chat, 316)
    await citizen(chat, 317)
    session = make_session(chat.store)
    ref = ref_of(await ask(chat, 316, session, "Khi nào xã chi tiền hỗ trợ tiền điện?"))
    (row,) = query_rows(chat.store, "SELECT id FROM questions WHERE ref = ?", [ref])
    question_id = row["id"]
    chat.store.voice.queue.record_answer(
        question_id, "Xã chi trong tháng 12.", how="answer", by="cli", delivery="sent"
    )
    chat.store.voice.queue.set_status(question_id, "answered", by="cli")
    replies = await chat.press_data(317, f"my:{question_id}")
    assert "Nút này đã cũ" in (replies[0].text or "")
    replies = await chat.press_data(316, f"my:{question_id}")
    assert "Xã chi trong tháng 12." in (replies[0].text or "") and ref in (replies[0].text or "")
