"""``python -m bot db copy --to postgresql://…``: a SQLite deployment moves to PostgreSQL whole."""

from __future__ import annotations

import contextlib
import io
import subprocess
from pathlib import Path

import sqlalchemy as sa

from bot.cli import main
from bot.config import Settings
from bot.store import Store
from bot.store.backup import run_lock
from bot.store.copy import data_tables
from bot.store.database import open_database
from bot.store.staff_alerts import AlertSetting


def bot(database: Path, *args: str) -> subprocess.CompletedProcess[str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args), settings=Settings(db_path=database))
    return subprocess.CompletedProcess(args, code, out.getvalue(), err.getvalue())


def filled_sqlite(path: Path) -> None:
    """A SQLite database with rows in most tables, as weeks of use leave it."""
    store = Store.open(path)
    try:
        citizens = [store.citizens.register(f"telegram:{n}") for n in range(1, 6)]
        citizens[0] = store.citizens.update(citizens[0], commune="Xã Nà Tấu", topics=["bhyt"])
        for citizen in citizens:
            store.events.record("consent_given", channel="telegram", citizen=citizen)
        store.questions.submit("faq_miss", citizens[1], "Hộ cận nghèo được vay bao nhiêu?")
        store.citizens.delete(citizens[4])  # the newest: SQLite would otherwise reuse key 5
        store.staff.add("telegram:900", "officer")
        store.audit.record("telegram:900", "thongke", role="officer", allowed=True)
        store.states.set("telegram:2", "profile", "commune", {"step": 1})
        store.choices.set("telegram:2", [("Có", "yes")], prompt=("Tiếp tục?", [[("Có", "yes")]]))
        store.staff_alerts.save(AlertSetting("telegram:900", mode="digest"))
        store.metrics_meta.set("note", "đã kiểm tra")
    finally:
        store.close()


def table_rows(target: str) -> dict[str, list[tuple]]:
    db = open_database(target)
    try:
        return {
            table.name: [
                tuple(row)
                for row in db.sql.execute(sa.select(table).order_by(*table.primary_key.columns))
            ]
            for table in data_tables()
        }
    finally:
        db.close()


def test_copy_moves_every_row_and_keeps_deleted_keys_unused(tmp_path: Path, pg_empty: str) -> None:
    path = tmp_path / "bot.db"
    filled_sqlite(path)
    copied = bot(path, "db", "copy", "--to", pg_empty)
    assert copied.returncode == 0, copied.stderr
    assert "copied" in copied.stdout and "citizens: 4 rows" in copied.stdout
    assert "@" in pg_empty and pg_empty.split("@")[1] in copied.stdout
    before, after = table_rows(str(path)), table_rows(pg_empty)
    assert after == before
    assert sum(len(rows) for rows in after.values()) > 15
    store = Store.open(pg_empty)
    try:
        assert store.staff.role_of("telegram:900") == "officer"
        state = store.states.get("telegram:2")
        assert state is not None and state.data == {"step": 1}
        assert store.choices.get("telegram:2").prompt_text == "Tiếp tục?"
        assert store.metrics_meta.get("note") == "đã kiểm tra"
        newcomer = store.call_sql(
            lambda conn: conn.execute(
                sa.text(
                    "INSERT INTO citizens (channel_id, consent_at, first_seen, last_seen) "
                    "VALUES ('zalo:77', 't', 't', 't') RETURNING id"
                )
            ).scalar_one()
        )
        assert newcomer == 6  # 5 was the deleted citizen's key: never handed out again
        next_event = store.call_sql(
            lambda conn: conn.execute(
                sa.text(
                    "INSERT INTO events (at, type, channel) VALUES ('t', 'faq_miss', 'zalo') "
                    "RETURNING id"
                )
            ).scalar_one()
        )
        assert next_event == len(before["events"]) + 1
    finally:
        store.close()


def test_copy_refuses_a_target_with_data_and_a_running_bot(tmp_path: Path, pg_url: str) -> None:
    path = tmp_path / "bot.db"
    filled_sqlite(path)
    with run_lock(path):  # as `python -m bot run` holds it
        running = bot(path, "db", "copy", "--to", pg_url)
    assert running.returncode == 1 and "a bot is running" in running.stderr
    assert bot(path, "db", "copy", "--to", pg_url).returncode == 0
    again = bot(path, "db", "copy", "--to", pg_url)
    assert again.returncode == 1
    assert "not empty" in again.stderr and "Traceback" not in again.stderr
    assert bot(path, "db", "copy", "--to", str(tmp_path / "x.db")).returncode == 1
    missing = bot(tmp_path / "none.db", "db", "copy", "--to", pg_url)
    assert missing.returncode == 1 and "no database" in missing.stderr
