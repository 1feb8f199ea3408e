"""Shared fixtures: a fake Bot API on 127.0.0.1 and the real bot running against it; a
throwaway PostgreSQL server and a ``store`` on each backend."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.app import load_faq
from bot.config import ROOT, Settings
from bot.store import Store, loop_guard
from bot.store.executor import DatabaseExecutor
from tests.engine_harness import EngineDriver, engine_chat
from tests.fakes import FakeBotAPI
from tests.harness import FAQ_CACHE, TOKEN, TelegramBotDriver, make_settings
from tests.postgres import (
    BACKEND,
    REQUIRED,
    NoServer,
    PostgresServer,
    drop_test_databases,
    shared_server,
    template_database,
)
from tests.zalo_harness import ZaloBotDriver, running_zalo_bot


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """``-n auto``: two workers per core (at most 8). About a third of a test's time is spent
    waiting (on the fake servers' sockets, pacing, timers), so a second worker per core fills
    it: on the 2-core CI machine 4 workers take the suite from 174 s to 137 s; 6 are slower
    again (each worker starts its own PostgreSQL server and loads the FAQ index)."""
    return min(8, 2 * (os.cpu_count() or 1))


OFFENCES: list[str] = []
_blocking_call = DatabaseExecutor.call


def _guarded_call(self: DatabaseExecutor, fn: Any) -> Any:
    """The blocking way in, strict: never from the event loop's thread (loop_guard)."""
    try:
        loop_guard.check(strict=True, skip=1)
    except loop_guard.BlockingOnLoop as error:
        OFFENCES.append(str(error))  # a handler may swallow the error: the test fails anyway
        if not os.environ.get("LOOP_GUARD_SURVEY"):
            raise
    return _blocking_call(self, fn)


DatabaseExecutor.call = _guarded_call  # type: ignore[method-assign]


@pytest.fixture(autouse=True)
def _no_blocking_store_call_on_the_loop() -> Iterator[None]:
    OFFENCES.clear()
    yield
    found, survey = list(OFFENCES), os.environ.get("LOOP_GUARD_SURVEY")
    if survey:
        with open(survey, "a", encoding="utf-8") as out:
            out.writelines(line + "\n" for line in found)
    else:
        assert not found, found


BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(scope="session")
def pg_server() -> PostgresServer:
    """A PostgreSQL server on 127.0.0.1 for this test process (see tests/postgres.py)."""
    try:
        return shared_server()
    except NoServer as reason:
        if REQUIRED or BACKEND == "postgresql":
            pytest.fail(f"PostgreSQL is required here but {reason}")
        pytest.skip(f"PostgreSQL tests skipped: {reason}")


@pytest.fixture(scope="session")
def pg_template(pg_server: PostgresServer) -> str:
    """A database migrated to the newest schema, to copy for each test; its name."""
    return template_database()


@pytest.fixture(autouse=True)
def _drop_the_tests_databases() -> Iterator[None]:
    """With ``BOT_TEST_BACKEND=postgresql``, each bot's database goes when its test ends."""
    yield
    if BACKEND == "postgresql":
        drop_test_databases()


@pytest.fixture
def pg_url(pg_server: PostgresServer, pg_template: str) -> Iterator[str]:
    """A fresh migrated PostgreSQL database of this test's own; its URL."""
    url = pg_server.create_database(template=pg_template)
    try:
        yield url
    finally:
        pg_server.drop_database(url)


@pytest.fixture
def pg_empty(pg_server: PostgresServer) -> Iterator[str]:
    """A fresh PostgreSQL database with no tables at all; its URL."""
    url = pg_server.create_database()
    try:
        yield url
    finally:
        pg_server.drop_database(url)


@pytest.fixture(params=BACKENDS)
def database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a store opens: a SQLite file, or a fresh migrated PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "bot.db")
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def store(database: str) -> Iterator[Store]:
    """An open store on each backend (the test runs once per backend)."""
    opened = Store.open(database)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture(scope="session")
def faq_matcher() -> object:
    """The FAQ matcher over the bundled content, built once for the whole run."""
    return load_faq(Settings(db_path=FAQ_CACHE.parent / "bot.db", content_dir=ROOT / "content"))


@pytest.fixture
async def fake() -> AsyncIterator[FakeBotAPI]:
    async with FakeBotAPI(token=TOKEN, keep_payloads=True) as server:
        yield server


@pytest.fixture
def settings(tmp_path: Path, fake: FakeBotAPI) -> Settings:
    return make_settings(tmp_path, fake)


@pytest.fixture
async def bot(
    fake: FakeBotAPI, settings: Settings, faq_matcher: object
) -> AsyncIterator[TelegramBotDriver]:
    driver = TelegramBotDriver(fake, settings, faq=faq_matcher)
    await driver.start()
    try:
        yield driver
    finally:
        await driver.stop()


@pytest.fixture
async def chat(tmp_path: Path, faq_matcher: object) -> AsyncIterator[EngineDriver]:
    """The engine with a collecting channel: for dialogue logic, no HTTP."""
    async with engine_chat(tmp_path, faq_matcher) as driver:
        yield driver


@pytest.fixture
async def zalo_bot(tmp_path: Path, faq_matcher: object) -> AsyncIterator[ZaloBotDriver]:
    async with running_zalo_bot(tmp_path, faq_matcher) as driver:
        yield driver


@pytest.fixture(params=["telegram", "zalo"])
def messenger(request: pytest.FixtureRequest) -> Any:
    """A running bot on one messenger: Telegram (``bot``) or Zalo (``zalo_bot``)."""
    return request.getfixturevalue("bot" if request.param == "telegram" else "zalo_bot")
