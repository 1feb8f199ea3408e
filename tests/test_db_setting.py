"""``BOT_DB``: a file path keeps SQLite, a ``postgresql://`` URL selects PostgreSQL; SQLite's
file tools refuse a PostgreSQL setting and say what to use; a password never gets printed."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest

from bot.cli import main
from bot.config import Settings
from bot.store import Store
from bot.store.database import describe

URL = "postgresql://giamngheo:s3cret@db.example.gov.vn:5432/giamngheo"


def test_a_path_keeps_sqlite_and_a_url_selects_postgresql(tmp_path: Path) -> None:
    default = Settings.from_env({"BOT_DATA_DIR": str(tmp_path)}, dotenv=tmp_path / "none")
    assert default.database == str(tmp_path / "bot.db") and default.db_url == ""
    path = Settings.from_env({"BOT_DB": str(tmp_path / "x.db")}, dotenv=tmp_path / "none")
    assert path.database == str(tmp_path / "x.db")
    pg = Settings.from_env({"BOT_DB": URL, "BOT_DATA_DIR": str(tmp_path)}, dotenv=tmp_path / "n")
    assert pg.database == URL
    assert pg.db_path == tmp_path / "bot.db"  # files kept beside the database still go here
    assert describe(URL) == "postgresql+psycopg://giamngheo:***@db.example.gov.vn:5432/giamngheo"


def test_a_store_names_its_database_without_the_password(pg_url: str, tmp_path: Path) -> None:
    store = Store.open(pg_url.replace("postgres@", "postgres:unused-password@"))
    try:
        assert store.dialect == "postgresql" and "unused-password" not in store.name
        assert store.path is None
    finally:
        store.close()
    lite = Store.open(tmp_path / "bot.db")
    try:
        assert (lite.dialect, lite.path, lite.name) == (
            "sqlite",
            str(tmp_path / "bot.db"),
            lite.path,
        )
    finally:
        lite.close()


@pytest.mark.parametrize("command", [["db", "backup", "/tmp/x.db"], ["db", "restore", "/tmp/x.db"]])
def test_sqlite_file_commands_refuse_a_postgresql_setting(command: list[str]) -> None:
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(command, settings=Settings(db_url=URL))
    assert code == 1 and ("pg_dump" in err.getvalue() or "pg_restore" in err.getvalue())
