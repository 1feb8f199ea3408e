"""``python -m bot sessions|questions|export``: scripting the voice features, exports checked."""

from __future__ import annotations

import asyncio
import csv
import dataclasses
import io
import json
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot.cli import main
from bot.config import Settings
from tests.fakes import FakeBotAPI
from tests.harness import TelegramBotDriver, make_settings
from tests.voice_helpers import ask, citizen, local, make_session, one_question, ref_of


@pytest.fixture
def settings(tmp_path: Path, fake: FakeBotAPI) -> Settings:
    return make_settings(tmp_path, fake, flood_limit_per_minute=1000)


async def run(
    capsys: pytest.CaptureFixture[str], settings: Settings, *argv: str
) -> tuple[int, str, str]:
    """Run the CLI in a thread (it runs its own event loop) beside the bot under test."""
    code = await asyncio.to_thread(main, list(argv), settings=settings)
    out, err = capsys.readouterr()
    return code, out, err


async def test_sessions_add_list_cancel(
    bot: TelegramBotDriver, settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    when = local(15)
    code, out, _ = await run(capsys, settings, "sessions", "add", "--commune", "tien_phong",
                             "--at", f"{when:%d/%m/%Y} 8:30", "--place", "Nhà văn hóa bản Tà Cạ",
                             "--topics", "Nhà ở, nước sạch")  # fmt: skip
    assert code == 0 and out.startswith("1\t")
    code, _, err = await run(capsys, settings, "sessions", "add", "--commune", "nowhere",
                             "--at", "1/1/2020 8:00", "--place", "x", "--topics", "y")  # fmt: skip
    assert code == 1 and "unknown commune" in err
    code, _, err = await run(capsys, settings, "sessions", "add", "--commune", "tri_le",
                             "--at", "1/1/2020 8:00", "--place", "x", "--topics", "y")  # fmt: skip
    assert code == 1 and "not a future date" in err
    await citizen(bot, 601, commune="Xã Tiền Phong")
    session = bot.store.voice.sessions.get(1)
    assert session is not None
    ref = ref_of(await ask(bot, 601, session, "Hộ nghèo làm nhà được hỗ trợ bao nhiêu?"))
    code, out, _ = await run(capsys, settings, "sessions", "list", "--json")
    listed = json.loads(out)
    assert listed[0]["starts_at"] == when.replace(minute=30).isoformat(timespec="minutes")
    assert listed[0]["questions"] == 1 and listed[0]["pending"] == 1
    code, out, _ = await run(capsys, settings, "sessions", "cancel", "1", "--reason", "mưa lũ")
    assert code == 0 and "telling 1 citizens" in out
    notice = bot.fake.transcript(601)[-1].text or ""
    assert "đã bị hủy" in notice and ref in notice
    entries = bot.store.audit.entries(actor="cli")
    assert {e["action"] for e in entries} >= {"session create", "session cancel"}


async def test_questions_list_and_answer_from_a_file(
    bot: TelegramBotDriver, settings: Settings, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _, ref = await one_question(bot, 610, "Hộ nghèo có được miễn học phí không?")
    code, out, _ = await run(capsys, settings, "questions", "list", "--json")
    rows = json.loads(out)
    assert [r["ref"] for r in rows] == [ref] and rows[0]["text"].startswith("Hộ nghèo")
    answer = tmp_path / "answer.txt"
    answer.write_text("Học sinh thuộc hộ nghèo được miễn học phí theo quy định.\n", "utf-8")
    code, out, _ = await run(
        capsys, settings, "questions", "answer", ref, "--text-file", str(answer)
    )
    assert code == 0 and out == f"{ref}\tsent\n"
    received = bot.fake.transcript(610)[-1].text or ""
    assert (
        received.startswith(f"📩 Trả lời cho câu hỏi {ref}")
        and "miễn học phí theo quy định" in received
    )
    code, _, err = await run(
        capsys, settings, "questions", "answer", ref, "--text-file", str(answer)
    )
    assert code == 1 and "not pending" in err
    code, out, _ = await run(capsys, settings, "questions", "list", "--status", "answered")
    assert out.startswith(f"{ref}\tanswered\tdialogue")
    stamp = out.split("\t")[3]  # local time, as in the exports and the bot
    assert re.fullmatch(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}", stamp), stamp


async def test_answer_without_a_channel_is_recorded_as_not_delivered(
    bot: TelegramBotDriver, settings: Settings, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _, ref = await one_question(bot, 615, "Hộ nghèo có được miễn học phí không?")
    answer = tmp_path / "answer.txt"
    answer.write_text("Có ạ.", "utf-8")
    no_token = dataclasses.replace(settings, telegram_token="")
    code, out, err = await run(
        capsys, no_token, "questions", "answer", ref, "--text-file", str(answer)
    )
    assert code == 0 and out == f"{ref}\tfailed\n" and f"not delivered: {ref} (failed)" in err


async def test_export_questions_grouped_by_topic(
    bot: TelegramBotDriver, settings: Settings, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    session = make_session(bot.store)
    other = make_session(bot.store, commune="tri_le")
    asked = [(620, session, "Hộ cận nghèo được hỗ trợ bao nhiêu phần trăm tiền mua BHYT?"),
             (621, session, "ho can ngheo duoc ho tro bao nhieu % mua bhyt"),
             (622, session, "Hộ nghèo vay vốn ngân hàng chính sách được bao nhiêu tiền"),
             (623, session, "Cán bộ xã đồ ngu, bao giờ mới phát tiền hỗ trợ?"),
             (624, other, "Thẻ BHYT của tôi bị mất thì làm lại ở đâu")]  # fmt: skip
    for user, where, text in asked:
        await citizen(bot, user, commune="Xã Tri Lễ" if where is other else "Xã Quế Phong")
        await ask(
            bot, user, where, text, contact=("Lò Văn Minh", "0912345678") if user == 620 else None
        )
    out_file = tmp_path / "q.xlsx"
    code, out, _ = await run(capsys, settings, "export", "questions", "--session", str(session.id),
                             "--out", str(out_file), "--with-contacts")  # fmt: skip
    assert code == 0 and out.strip() == str(out_file)
    book = load_workbook(out_file)
    assert book.sheetnames == ["Tổng hợp", "Chi tiết"]
    summary = list(book["Tổng hợp"].iter_rows(values_only=True))
    assert f"buổi đối thoại #{session.id}" in str(summary[0][0])
    assert summary[3][:3] == ("Bảo hiểm y tế", 2, 2) and summary[4][:2] == ("Vay vốn ưu đãi", 1)
    assert summary[5][:2] == ("Tổng cộng", 3)  # the abusive one is not exported
    detail = list(book["Chi tiết"].iter_rows(values_only=True))
    assert detail[1][0] == "Bảo hiểm y tế — 2 câu"
    assert "Lò Văn Minh" in detail[2] and "0912345678" in detail[2]
    assert all("Thẻ BHYT" not in str(row) for row in detail)  # another session
    csv_file = tmp_path / "q.csv"
    code, _, _ = await run(capsys, settings, "export", "questions", "--session", str(session.id),
                           "--out", str(csv_file))  # fmt: skip
    raw = csv_file.read_text("utf-8")
    assert raw.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(raw[1:])))
    assert rows[0][:3] == ["Chủ đề", "Số câu cùng chủ đề", "Mã"]
    assert [r[0] for r in rows[1:]] == ["Bảo hiểm y tế", "Bảo hiểm y tế", "Vay vốn ưu đãi"]
    assert "0912345678" not in raw  # contacts only when asked for
    code, _, err = await run(
        capsys, settings, "export", "questions", "--session", "99", "--out", str(csv_file)
    )
    assert code == 1 and "no session 99" in err
    assert any(e["action"] == "export" for e in bot.store.audit.entries(actor="cli"))


async def test_export_feedback_by_category(
    bot: TelegramBotDriver, settings: Settings, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    for user, category, text, how in (
        (630, "⚠️ Phản ánh", "Thôn Na Ca chưa được phát thẻ bảo hiểm y tế năm nay.", "👤 Gửi kèm"),
        (631, "⚠️ Phản ánh", "Tiền hỗ trợ làm nhà bị chậm ba tháng rồi.", "🕶 Gửi ẩn danh"),
        (632, "💡 Góp ý", "Xã nên mở lớp dạy nghề đan lát cho phụ nữ.", "🕶 Gửi ẩn danh"),
    ):
        await citizen(bot, user)
        await bot.say(user, "/gopy")
        await bot.press(user, category)
        await bot.say(user, text)
        await bot.press(user, how)
    out_file = tmp_path / "f.xlsx"
    code, _, _ = await run(capsys, settings, "export", "feedback", "--out", str(out_file))
    assert code == 0
    book = load_workbook(out_file)
    summary = list(book["Tổng hợp"].iter_rows(min_row=4, values_only=True))
    assert summary[0][:2] == ("⚠️ Phản ánh một việc chưa đúng", 2)
    assert summary[1][:2] == ("💡 Góp ý, đề xuất", 1)
    detail = list(book["Chi tiết"].iter_rows(values_only=True))
    assert detail[0][5] == "Ẩn danh" and [r[5] or "" for r in detail[2:4]] == ["", "có"]
