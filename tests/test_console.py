"""The terminal demo: `python -m bot demo` and `python -m bot run` without a token."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bot.channels.console import render
from bot.core.messages import Button, Outgoing

ROOT = Path(__file__).resolve().parent.parent


def run_bot(
    args: list[str], stdin: str, tmp_path: Path, **extra_env: str
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "BOT_"))}
    env["BOT_DB"] = str(tmp_path / "demo.db")
    env["BROADCAST_QUIET_HOURS"] = "off"  # the tests run at any hour
    env.update(extra_env)
    # Settings read .env in the working directory (ROOT here), which CI lacks.
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=60,
        check=False,
    )


def test_render_numbers_buttons() -> None:
    message = Outgoing(
        "Chọn:", [[Button("Có", "a"), Button("Không", "b")], [Button("Bỏ qua", "c")]]
    )
    assert render(message) == "Chọn:\n  1. Có\n  2. Không\n  3. Bỏ qua"


def test_demo_greets_and_numbers_pick_buttons(tmp_path: Path) -> None:
    result = run_bot(["demo"], "1\n2\n5\n6\n1\n/hoso\n", tmp_path)
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
    result = run_bot(["run"], "/trogiup\n", tmp_path)
    assert result.returncode == 0, result.stderr
    assert "TELEGRAM_BOT_TOKEN" in result.stderr
    assert "/dunglai — Dừng nhận tin" in result.stdout


def test_demo_answer_offers_details_as_a_numbered_choice(tmp_path: Path) -> None:
    result = run_bot(
        ["demo"], "ho can ngheo vay von ngan hang chinh sach duoc bao nhieu\n1\n", tmp_path
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Căn cứ: " in out and "1. 📖 Xem chi tiết" in out
    assert "Văn bản căn cứ:" in out


def test_numbered_labels_are_not_numbered_twice() -> None:
    message = Outgoing("Câu hỏi chờ:", [[Button("1. CH-RXE9N", "cq:o:1")]])
    assert render(message) == "Câu hỏi chờ:\n  1. CH-RXE9N"


ONBOARD_BY_TYPING = "đồng ý\nque phong\nbỏ qua\nbỏ qua\ncó\n"


def test_the_demo_delivers_broadcasts_and_saves_reports(tmp_path: Path) -> None:
    made_staff = run_bot(["staff", "add", "console:demo", "--role", "officer"], "", tmp_path)
    assert made_staff.returncode == 0, made_staff.stderr
    script = ONBOARD_BY_TYPING + "/guitin\nHọp dân ở nhà văn hóa\ntất cả\ngửi ngay\nxác nhận\n"
    result = run_bot(["demo"], script + "/baocao\n1\n", tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Đã bắt đầu gửi chiến dịch #1 cho 1 người" in out
    assert "[tin gửi tới demo]\nHọp dân ở nhà văn hóa" in out, "the broadcast really arrives"
    folder = tmp_path / "demo-files"
    assert str(folder) in result.stderr, "the demo names the folder"
    saved = list(folder.glob("bao_cao_*.xlsx"))
    assert saved and f"đã lưu: {saved[0]}" in out


def test_piped_input_is_not_rate_limited(tmp_path: Path) -> None:
    result = run_bot(["demo"], "/trogiup\n" * 30, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "gửi nhanh quá" not in result.stdout
    assert result.stdout.count("/dunglai — Dừng nhận tin") == 30


def test_a_restart_resumes_the_flow(tmp_path: Path) -> None:
    first = run_bot(["demo"], "/gopy\n", tmp_path)
    assert "Bà con chọn loại ý kiến" in first.stdout
    again = run_bot(["demo"], "2\n", tmp_path)
    assert "Xin chào! Đây là Trợ lý" not in again.stdout, "no fresh /start over the flow"
    assert "Bà con chọn loại ý kiến" in again.stdout
    assert "gõ nội dung ý kiến" in again.stdout
