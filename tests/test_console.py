"""The terminal demo: `python -m bot demo` and `python -m bot run` without a token.

`python -m bot run` runs as its own process (the entry point a person types); the demo's
conversations run its command-line entry point (``bot.cli.main``) in this process, with piped
standard input, the same environment and the same database, seconds faster per test.
"""

from __future__ import annotations

import io
import logging
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bot.channels.console import render
from bot.cli import main
from bot.config import Settings
from bot.core.messages import Button, Outgoing
from tests.harness import share_faq_cache

ROOT = Path(__file__).resolve().parent.parent
RunBot = Callable[[list[str], str], subprocess.CompletedProcess[str]]


def bot_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "BOT_"))}
    env["BOT_DB"] = str(share_faq_cache(tmp_path) / "demo.db")
    env["BROADCAST_QUIET_HOURS"] = "off"  # the tests run at any hour
    return env


def run_process(args: list[str], stdin: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """``python -m bot ARGS`` in a process of its own."""
    # Settings read .env in the working directory (ROOT here), which CI lacks.
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=bot_env(tmp_path),
        timeout=60,
        check=False,
    )


@pytest.fixture
def run_bot(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Iterator[RunBot]:
    """``python -m bot ARGS`` with ``stdin`` piped in, run by its entry point in this process;
    the demo's logging set-up is undone afterwards."""
    for name in os.environ:
        if name.startswith(("TELEGRAM_", "BOT_", "BROADCAST_")):
            monkeypatch.delenv(name)
    env = bot_env(tmp_path)
    monkeypatch.setenv("BROADCAST_QUIET_HOURS", env["BROADCAST_QUIET_HOURS"])
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level

    def run(args: list[str], stdin: str) -> subprocess.CompletedProcess[str]:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        settings = Settings.from_env(env=env, dotenv=tmp_path / "no.env")
        try:
            code = main(args, settings=settings)
        finally:
            root.handlers[:], root.level = handlers, level
        out, err = capsys.readouterr()
        return subprocess.CompletedProcess(args, code, out, err)

    yield run


def test_render_numbers_buttons() -> None:
    message = Outgoing(
        "Chọn:", [[Button("Có", "a"), Button("Không", "b")], [Button("Bỏ qua", "c")]]
    )
    assert render(message) == "Chọn:\n  1. Có\n  2. Không\n  3. Bỏ qua"


def test_demo_greets_and_numbers_pick_buttons(tmp_path: Path, run_bot: RunBot) -> None:
    result = run_bot(["demo"], "1\n2\n5\n6\n1\n/hoso\n")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Xin chào! Đây là Trợ lý Giảm nghèo xã Quế Phong" in out
    assert "1. ✅ Đồng ý" in out
    assert "Bà con ở xã nào?" in out
    assert "Xã: Xã Tiền Phong" in out
    assert "Nhận tin: có" in out
    assert "Traceback" not in result.stderr
    assert (tmp_path / "demo.db").exists()


def test_run_without_token_starts_the_demo(tmp_path: Path) -> None:
    result = run_process(["run"], "/trogiup\n", tmp_path)
    assert result.returncode == 0, result.stderr
    assert "TELEGRAM_BOT_TOKEN" in result.stderr
    assert "/dunglai — Dừng nhận tin" in result.stdout


def test_demo_answer_offers_details_as_a_numbered_choice(run_bot: RunBot) -> None:
    result = run_bot(["demo"], "ho can ngheo vay von ngan hang chinh sach duoc bao nhieu\n1\n")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Căn cứ: " in out and "1. 📖 Xem chi tiết" in out
    assert "Văn bản căn cứ:" in out


def test_numbered_labels_are_not_numbered_twice() -> None:
    message = Outgoing("Câu hỏi chờ:", [[Button("1. CH-RXE9N", "cq:o:1")]])
    assert render(message) == "Câu hỏi chờ:\n  1. CH-RXE9N"


ONBOARD_BY_TYPING = "đồng ý\nque phong\nbỏ qua\nbỏ qua\ncó\n"


def test_the_demo_delivers_broadcasts_and_saves_reports(tmp_path: Path, run_bot: RunBot) -> None:
    made_staff = run_bot(["staff", "add", "console:demo", "--role", "officer"], "")
    assert made_staff.returncode == 0, made_staff.stderr
    script = ONBOARD_BY_TYPING + "/guitin\nHọp dân ở nhà văn hóa\ntất cả\ngửi ngay\nxác nhận\n"
    result = run_bot(["demo"], script + "/baocao\n1\n")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Đã bắt đầu gửi chiến dịch #1 cho 1 người" in out
    assert "[tin gửi tới demo]\nHọp dân ở nhà văn hóa" in out, "the broadcast really arrives"
    folder = tmp_path / "demo-files"
    assert str(folder) in result.stderr, "the demo names the folder"
    saved = list(folder.glob("bao_cao_*.xlsx"))
    assert saved and f"đã lưu: {saved[0]}" in out


def test_piped_input_is_not_rate_limited(run_bot: RunBot) -> None:
    result = run_bot(["demo"], "/trogiup\n" * 30)
    assert result.returncode == 0, result.stderr
    assert "gửi nhanh quá" not in result.stdout
    assert result.stdout.count("/dunglai — Dừng nhận tin") == 30


def test_a_restart_resumes_the_flow(run_bot: RunBot) -> None:
    first = run_bot(["demo"], "/gopy\n")
    assert "Bà con chọn loại ý kiến" in first.stdout
    again = run_bot(["demo"], "2\n")
    assert "Xin chào! Đây là Trợ lý" not in again.stdout, "no fresh /start over the flow"
    assert "Bà con chọn loại ý kiến" in again.stdout
    assert "gõ nội dung ý kiến" in again.stdout
