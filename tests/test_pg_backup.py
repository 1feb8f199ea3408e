"""PostgreSQL backups are PostgreSQL's own: ``pg_dump`` of a live bot database, ``pg_restore``
into a new one, and the bot opens the copy with everything in it (docs/deploy.md)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import sqlalchemy as sa

from bot.store import Store
from bot.store.migrate import applied
from tests.postgres import PostgresServer


def client(server: PostgresServer, program: str) -> str:
    found = str(server.bindir / program) if server.bindir else shutil.which(program)
    if not found or not Path(found).exists():
        pytest.skip(f"{program} is not installed here")
    return found


def test_a_dump_restores_into_a_working_bot_database(
    tmp_path: Path, pg_server: PostgresServer, pg_url: str
) -> None:
    store = Store.open(pg_url)
    try:
        store.staff.add("telegram:900", "admin")
        store.states.set("telegram:5", "profile", "village", {"commune": "Xã Nà Tấu"})
        for _ in range(3):
            store.events.record("faq_answer", channel="zalo", outcome="answer")
        steps = store.call_sql(applied)
        dump = tmp_path / "giamngheo.dump"  # taken while the bot's connection is open
        subprocess.run(
            [client(pg_server, "pg_dump"), "--format=custom", f"--file={dump}", pg_url],
            check=True,
            capture_output=True,
            timeout=120,
        )
    finally:
        store.close()
    restored = pg_server.create_database()
    try:
        subprocess.run(
            [client(pg_server, "pg_restore"), "--no-owner", f"--dbname={restored}", str(dump)],
            check=True,
            capture_output=True,
            timeout=120,
        )
        copy = Store.open(restored)
        try:
            assert copy.staff.role_of("telegram:900") == "admin"
            state = copy.states.get("telegram:5")
            assert state is not None and state.data == {"commune": "Xã Nà Tấu"}
            assert copy.events.count("faq_answer") == 3
            assert copy.call_sql(applied) == steps  # nothing left to migrate
            newest = copy.call_sql(
                lambda conn: conn.execute(
                    sa.text("INSERT INTO events (at, type) VALUES ('t', 'faq_miss') RETURNING id")
                ).scalar_one()
            )
            assert newest == 4  # the sequences came along
        finally:
            copy.close()
    finally:
        pg_server.drop_database(restored)
