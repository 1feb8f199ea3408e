"""``python -m bot db backup|restore``: an online backup restores to a working bot."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO

from bot.cli import main
from bot.config import Settings
from tests.harness import share_faq_cache

ROOT = Path(__file__).resolve().parent.parent


def bot_env(database: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "BOT_", "ZALO_"))}
    # The writer below sends many messages a minute; the flood guard would only slow it.
    share_faq_cache(database.parent)  # the run's FAQ index, not one built per process
    return {**env, "BOT_DB": str(database), "BOT_FLOOD_LIMIT": "100000"}


def bot(database: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``python -m bot ARGS`` on ``database``, in this process (fast), with its output."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args), settings=Settings(db_path=database))
    return subprocess.CompletedProcess(args, code, out.getvalue(), err.getvalue())


def demo(database: Path, stdin: str) -> subprocess.CompletedProcess[str]:
    """The terminal demo in its own process, as a citizen would run it."""
    return subprocess.run(
        [sys.executable, "-m", "bot", "demo"],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=bot_env(database),
        timeout=120,
        check=False,
    )


class ChattingBot:
    """``python -m bot demo`` on ``database``, fed questions until :meth:`stop`."""

    def __init__(self, database: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot", "demo"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env=bot_env(database),
        )
        self.output: list[str] = []
        self.errors: list[str] = []
        self.stopping = threading.Event()
        assert self.process.stdout is not None and self.process.stderr is not None
        # Each pipe has its own reader until end of file: nothing else reads or closes them,
        # so a reader never meets a closed file, and a full stderr never blocks the demo.
        self.readers = [
            threading.Thread(target=self._read, args=(self.process.stdout, self.output)),
            threading.Thread(target=self._read, args=(self.process.stderr, self.errors)),
        ]
        self.writer = threading.Thread(target=self._write)
        for thread in [*self.readers, self.writer]:
            thread.daemon = True
            thread.start()

    @staticmethod
    def _read(pipe: IO[str], lines: list[str]) -> None:
        with pipe:  # closed by its only reader, once the demo has ended
            for line in pipe:
                lines.append(line)

    def _write(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write("1\n")  # consent: the citizen is stored
        questions = ["vay von ho ngheo", "the bao hiem y te", "ho tro nha o", "/menu"]
        sent = 0
        while not self.stopping.is_set():
            # One message in flight, like a person waiting for each answer: no backlog to
            # work through at the end, yet a write every few milliseconds.
            if self.echoed() >= sent:
                self.process.stdin.write(questions[sent % len(questions)] + "\n")
                self.process.stdin.flush()
                sent += 1
            time.sleep(0.002)
        self.process.stdin.close()

    def echoed(self) -> int:
        """Messages the demo has taken in (it echoes each before answering)."""
        return sum(line.startswith("👤 ") for line in self.output)

    def wait_for(self, text: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while not any(text in line for line in self.output):
            assert time.monotonic() < deadline, f"no {text!r} from the demo: {self.output[-5:]}"
            assert self.process.poll() is None, "".join(self.errors)
            time.sleep(0.05)

    def stop(self) -> str:
        """Close the demo's input, wait for it to end, and return what it wrote to stderr."""
        self.stopping.set()
        self.writer.join(timeout=60)  # it closes stdin: the demo ends at end of input
        self.process.wait(timeout=60)
        for reader in self.readers:
            reader.join(timeout=60)
        stderr = "".join(self.errors)
        assert self.process.returncode == 0, stderr
        return stderr


def test_a_backup_taken_while_the_bot_writes_restores_to_a_working_bot(tmp_path: Path) -> None:
    live = tmp_path / "live" / "bot.db"
    assert bot(live, "staff", "add", "telegram:4242", "--role", "admin").returncode == 0
    (tmp_path / "backups").mkdir()
    chatting = ChattingBot(live)
    try:
        chatting.wait_for("Bà con ở xã nào?")  # consent stored
        chatting.wait_for("👤 the bao hiem y te")  # questions are being answered and counted
        saved = bot(live, "db", "backup", str(tmp_path / "backups"))
        assert chatting.process.poll() is None, "the bot was still writing during the backup"
    finally:
        stderr = chatting.stop()
    assert "Traceback" not in stderr

    assert saved.returncode == 0, saved.stderr
    assert "backup written:" in saved.stdout and "1 citizens" in saved.stdout
    (copy,) = (tmp_path / "backups").glob("bot-*.db")
    assert not list((tmp_path / "backups").glob(".*partial"))

    restored = tmp_path / "restored" / "bot.db"
    result = bot(restored, "db", "restore", str(copy))
    assert result.returncode == 0, result.stderr
    assert "telegram:4242\tadmin" in bot(restored, "staff", "list").stdout
    answered = demo(restored, "/trogiup\n")
    assert answered.returncode == 0, answered.stderr
    assert "/dunglai — Dừng nhận tin" in answered.stdout


def test_restore_refuses_while_a_bot_runs_and_keeps_the_old_database(tmp_path: Path) -> None:
    live = tmp_path / "bot.db"
    assert bot(live, "staff", "add", "telegram:1", "--role", "admin").returncode == 0
    assert bot(live, "db", "backup", str(tmp_path / "copy.db")).returncode == 0
    chatting = ChattingBot(live)
    try:
        chatting.wait_for("Bà con ở xã nào?")
        refused = bot(live, "db", "restore", str(tmp_path / "copy.db"))
    finally:
        chatting.stop()
    assert refused.returncode == 1
    assert "a bot is running on" in refused.stderr and "stop it first" in refused.stderr

    restored = bot(live, "db", "restore", str(tmp_path / "copy.db"))
    assert restored.returncode == 0, restored.stderr
    # The backup predates the demo's citizen; the database it replaced, kept aside, has them.
    assert "(0 citizens)" in restored.stdout
    (kept,) = tmp_path.glob("bot.db.before-restore-*")
    assert "1 citizens" in bot(kept, "db", "backup", str(tmp_path / "kept-copy.db")).stdout


def test_restore_refuses_a_file_that_is_not_a_bot_database(tmp_path: Path) -> None:
    live = tmp_path / "bot.db"
    assert bot(live, "staff", "add", "telegram:7", "--role", "officer").returncode == 0
    junk = tmp_path / "notes.txt"
    junk.write_text("không phải cơ sở dữ liệu\n" * 200, encoding="utf-8")
    result = bot(live, "db", "restore", str(junk))
    assert result.returncode == 1
    assert "is not a SQLite database" in result.stderr and "Traceback" not in result.stderr
    assert "telegram:7\tofficer" in bot(live, "staff", "list").stdout


def test_backup_needs_an_existing_database_and_a_new_name(tmp_path: Path) -> None:
    missing = bot(tmp_path / "none.db", "db", "backup", str(tmp_path / "b.db"))
    assert missing.returncode == 1 and "no database at" in missing.stderr
    assert not (tmp_path / "none.db").exists() and not (tmp_path / "b.db").exists()

    live = tmp_path / "bot.db"
    assert bot(live, "staff", "add", "telegram:7", "--role", "officer").returncode == 0
    (tmp_path / "b.db").write_text("older backup", encoding="utf-8")
    taken = bot(live, "db", "backup", str(tmp_path / "b.db"))
    assert taken.returncode == 1 and "exists" in taken.stderr
    assert (tmp_path / "b.db").read_text(encoding="utf-8") == "older backup"
