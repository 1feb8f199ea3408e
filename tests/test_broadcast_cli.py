"""``python -m bot.broadcasts``: create, list, show, pause, resume, cancel, export-failures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.broadcasts.cli import main
from bot.config import Settings
from bot.store import Store
from tests.test_broadcasts import subscriber


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    store = Store.open(tmp_path / "bot.db")
    subscriber(store, 501, commune="tri_le", household="ngheo")
    subscriber(store, 502, commune="tri_le", household="khac")
    subscriber(store, 503, commune="que_phong", household="ngheo")
    store.close()
    return Settings(db_path=tmp_path / "bot.db")


@pytest.fixture
def text_file(tmp_path: Path) -> Path:
    path = tmp_path / "tin.txt"
    path.write_text("Hạn chót đăng ký vay vốn: 30/6 <ngày cuối>\n", encoding="utf-8")
    return path


def run(settings: Settings, capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv), settings=settings)
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_create_list_show_pause_resume_cancel(
    settings: Settings, text_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = run(
        settings, capsys, "create", "--text-file", str(text_file),
        "--segment", "commune=tri_le", "--segment", "household=ngheo", "--at", "2099-12-25 08:00",
    )  # fmt: skip
    assert (code, out.strip()) == (
        0,
        "campaign 1: 1 recipients now, first sending at 08:00 ngày 25/12/2099",
    )
    code, out = run(
        settings, capsys, "create", "--text-file", str(text_file), "--every", "weekly:MON@08:00"
    )
    assert code == 0 and "campaign 2: 3 recipients now" in out
    store = Store.open(settings.db_path)
    assert store.campaigns.get(1).text == "Hạn chót đăng ký vay vốn: 30/6 &lt;ngày cuối&gt;"
    assert store.campaigns.get(2).recurrence == "weekly:MON@08:00"
    code, out = run(settings, capsys, "list")
    assert out.splitlines()[0].startswith(
        "#2 · Hạn chót đăng ký vay vốn: 30/6 <ngày cu… — Đã lên lịch"
    )
    code, out = run(settings, capsys, "show", "1")
    assert "• Người nhận: Xã Tri Lễ; Hộ nghèo" in out and "25/12/2099" in out
    assert run(settings, capsys, "pause", "1") == (0, "campaign 1: paused\n")
    code, out = run(settings, capsys, "pause", "1")
    assert code == 1 and "cannot pause" in out
    assert run(settings, capsys, "resume", "1") == (0, "campaign 1: scheduled\n")
    assert run(settings, capsys, "cancel", "1") == (0, "campaign 1: cancelled\n")
    assert run(settings, capsys, "resume", "1")[0] == 1
    code, out = run(settings, capsys, "show", "1", "--json")
    assert json.loads(out) == {"id": 1, "status": "cancelled", "total": 0, "waiting": 0}
    actions = [e["action"] for e in store.audit.entries(actor="cli")]
    assert actions.count("campaign create") == 2 and "campaign cancel" in actions


def test_export_failures_writes_the_unreached_recipients(
    settings: Settings, text_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(settings, capsys, "create", "--text-file", str(text_file))
    store = Store.open(settings.db_path)
    created = store.campaigns.get(1)
    run_row = store.campaigns.start_run(
        created, scheduled_for=created.next_run_at, next_run_at=None, now=created.created_at
    )
    rows = store.campaigns.open_deliveries(run_row.id, after_id=0, limit=10)
    store.campaigns.mark(rows[0].id, "sent", now=created.created_at)
    store.campaigns.mark(rows[1].id, "failed", now=created.created_at, error="chat_not_found: x")
    store.campaigns.mark(rows[2].id, "blocked", now=created.created_at, error="blocked: y")
    out_file = tmp_path / "loi.csv"
    code, out = run(settings, capsys, "export-failures", "1", "--out", str(out_file))
    assert (code, out) == (0, f"2 recipient(s) not reached written to {out_file}\n")
    lines = out_file.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "channel_id,status,reason,error,attempts,updated_at"
    assert lines[1].startswith("telegram:502,failed,chat_not_found,chat_not_found: x,0,")
    assert lines[2].startswith("telegram:503,blocked,blocked,")


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--segment", "household=giau"], "unknown household giau"),
        (["--segment", "xa=tri_le"], "use all, commune="),
        (["--segment", "commune=xa_la"], "unknown commune xa_la; use que_phong"),
        (["--segment", "topic=khong_co"], "unknown topic khong_co"),
        (["--at", "2020-01-01 08:00"], "is in the past"),
        (["--every", "daily@08:00"], "weekly:MON@08:00"),
        (["--at", "tomorrow"], "expected a date and a time"),
    ],
)
def test_create_refuses_bad_input_with_a_clear_message(
    settings: Settings,
    text_file: Path,
    capsys: pytest.CaptureFixture[str],
    extra: list[str],
    message: str,
) -> None:
    code, out = run(settings, capsys, "create", "--text-file", str(text_file), *extra)
    assert code == 1 and message in out
    assert Store.open(settings.db_path).campaigns.recent() == []


def test_a_text_over_the_limit_is_refused(
    settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "dai.txt"
    path.write_text("a" * 4090, encoding="utf-8")
    code, out = run(settings, capsys, "create", "--text-file", str(path))
    assert code == 1 and "over the limit of 4096" in out
    assert run(settings, capsys, "show", "9")[0] == 1
