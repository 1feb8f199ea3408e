"""Structured logs: ``BOT_LOG_FORMAT=json`` gives JSON lines, never what citizens wrote."""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
import sqlite3
import subprocess
import sys
from collections.abc import Iterator

import pytest

from bot.config import Settings
from bot.logs import TEXT_FORMAT, JsonFormatter, SafeTextFormatter
from tests.harness import TelegramBotDriver

LOG_SOME_RECORDS = """
import logging
from pathlib import Path
from bot.config import Settings
from bot.logs import configure_logging
configure_logging(Settings.from_env(dotenv=Path("no-such.env")).log_format)
log = logging.getLogger("bot.example")
log.info("chiến dịch %s bắt đầu", 7, extra={"campaign": 7, "text": "tin nhắn của người dân"})
logging.getLogger("httpx").info("a Bot API call")
try:
    1 / 0
except ZeroDivisionError:
    log.exception("gửi thất bại")
"""


def log_some_records(**env: str) -> list[str]:
    """Run :data:`LOG_SOME_RECORDS` in a fresh process; its stderr lines."""
    result = subprocess.run(
        [sys.executable, "-c", LOG_SOME_RECORDS],
        env={"PATH": "/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stderr.splitlines()


def test_json_lines_carry_time_level_logger_message_and_extra_fields() -> None:
    lines = log_some_records(BOT_LOG_FORMAT="json")
    first = json.loads(lines[0])
    assert first["level"] == "INFO" and first["logger"] == "bot.example"
    assert first["message"] == "chiến dịch 7 bắt đầu"
    assert "chiến dịch" in lines[0], "Vietnamese stays readable, not \\u escapes"
    assert first["campaign"] == 7
    assert first["text"] == "[redacted]"
    assert "tin nhắn của người dân" not in "\n".join(lines)
    assert dt.datetime.fromisoformat(first["time"]).utcoffset() == dt.timedelta(0)
    # httpx's INFO lines (one per Bot API call) stay out, as in the text format.
    assert len(lines) == 2
    failure = json.loads(lines[1])
    assert failure["level"] == "ERROR" and failure["message"] == "gửi thất bại"
    assert "ZeroDivisionError" in failure["exception"]


def test_default_log_format_is_readable_text() -> None:
    lines = log_some_records()
    assert " INFO bot.example: chiến dịch 7 bắt đầu" in lines[0]
    assert not lines[0].startswith("{")
    assert any("ZeroDivisionError" in line for line in lines)


def test_an_unknown_log_format_is_refused_by_name() -> None:
    assert Settings.from_env({"BOT_LOG_FORMAT": "JSON"}, dotenv=None).log_format == "json"
    with pytest.raises(ValueError, match="BOT_LOG_FORMAT='xml'"):
        Settings.from_env({"BOT_LOG_FORMAT": "xml"}, dotenv=None)


@pytest.fixture
def json_log() -> Iterator[io.StringIO]:
    """Every record at INFO and above, as the running bot logs them, into a buffer."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    root, httpx = logging.getLogger(), logging.getLogger("httpx")
    levels = root.level, httpx.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    httpx.setLevel(logging.WARNING)
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        root.setLevel(levels[0])
        httpx.setLevel(levels[1])


async def test_a_conversation_logs_json_lines_without_what_the_citizen_wrote(
    json_log: io.StringIO, bot: TelegramBotDriver
) -> None:
    question = "Bản Chiềng Khoang có được hỗ trợ làm nhà năm nay không"
    feedback = "Ông trưởng bản Pù Luông chưa phát giấy cho nhà tôi"
    await bot.say(320, "/start")
    await bot.say(320, question)
    await bot.say(320, "/gopy")
    await bot.press(320, "⚠️ Phản ánh")
    await bot.say(320, feedback)
    replies = await bot.press(320, "🕶 Gửi ẩn danh")
    assert "Đã gửi ý kiến ẩn danh" in (replies[0].text or "")
    await bot.say(320, "a" * 5000)

    lines = json_log.getvalue().splitlines()
    assert lines, "the bot logged its start"
    records = [json.loads(line) for line in lines]
    assert all({"time", "level", "logger", "message"} <= set(r) for r in records)
    logged = json_log.getvalue()
    for written in (question, "Chiềng Khoang", feedback, "Pù Luông", "a" * 100):
        assert written not in logged


def test_a_traceback_keeps_its_frames_but_never_the_citizens_words() -> None:
    """An exception message may quote what a person typed: only its type reaches the log."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(SafeTextFormatter(TEXT_FORMAT))
    log = logging.getLogger("bot.test_safe_tracebacks")
    log.addHandler(handler)
    log.propagate = False
    typed = ["Cho hỏi vay vốn 0912345678", "hộ cận nghèo"]  # what a citizen wrote
    try:
        try:
            raise ValueError(typed[0])
        except ValueError as inner:
            raise KeyError(typed[1]) from inner
    except KeyError:
        log.exception("error while handling a message")
    try:
        raise sqlite3.OperationalError("database is locked")
    except sqlite3.OperationalError:
        log.exception("store busy")
    logged = stream.getvalue()
    assert "0912345678" not in logged and "cận nghèo" not in logged
    assert "builtins.ValueError" in logged and "builtins.KeyError" in logged
    assert "test_a_traceback_keeps_its_frames" in logged  # the frames stay
    assert "database is locked" in logged  # a library's own state is kept
