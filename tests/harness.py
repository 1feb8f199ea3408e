"""Drive the real bot as people would: python-telegram-bot's Application over the fake Bot API.

``TelegramBotDriver.say`` and ``press`` inject an update into the fake server, wait until the
bot has finished handling it (replies sent), and return what the person received.
"""

from __future__ import annotations

import asyncio
import atexit
import dataclasses
import functools
import shutil
import tempfile
from pathlib import Path
from typing import Any

from telegram import Update
from telegram.ext import ContextTypes

from bot.app import build_engine
from bot.channels.telegram import TelegramChannel
from bot.config import ROOT, Settings
from bot.core.engine import DialogueEngine
from bot.store import Store
from tests.fakes import FakeBotAPI
from tests.fakes.telegram_state import SentMessage
from tests.postgres import on_test_backend

TOKEN = "123456:TEST-TOKEN"
# Where the test run keeps the built FAQ index (the ``faq_matcher`` fixture builds it there
# once). faq/cache.py keys the file by a hash of the content and of the building code, and
# writes it atomically, so every bot of the run, in this process or another, may load it.
FAQ_CACHE = ROOT / "data" / "cache"


def share_faq_cache(folder: Path) -> Path:
    """Let a bot whose database is in ``folder`` load the run's FAQ index instead of building
    its own (seconds, in every test that starts a bot on a fresh folder); returns ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    link = folder / "cache"
    if not link.exists():
        FAQ_CACHE.mkdir(parents=True, exist_ok=True)
        link.symlink_to(FAQ_CACHE, target_is_directory=True)
    return folder


@functools.cache
def _migrated_template() -> Path:
    """A SQLite database just migrated to the newest schema, made once per test process."""
    folder = Path(tempfile.mkdtemp(prefix="bot-template-"))
    atexit.register(shutil.rmtree, folder, True)
    path = folder / "bot.db"
    Store.open(path).close()
    assert not path.with_name("bot.db-wal").exists(), "closed: everything is in the one file"
    return path


def migrated(settings: Settings) -> Settings:
    """``settings`` with its SQLite file, when there is none yet, a copy of a freshly migrated
    one: what opening a new file makes, without running every migration step again in every
    test (tests/test_migrations.py checks the steps themselves). PostgreSQL is left alone."""
    if not settings.db_url and not settings.db_path.exists():
        settings.db_path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(_migrated_template(), settings.db_path)
    return settings


# Telegram's limits as the bot paces itself in production (Settings defaults).
REAL_LIMITS: dict[str, Any] = {
    "telegram_rate": Settings.telegram_rate,
    "telegram_chat_rate": Settings.telegram_chat_rate,
    "telegram_chat_burst": Settings.telegram_chat_burst,
}


def make_settings(tmp_path: Path, fake: FakeBotAPI, **overrides: Any) -> Settings:
    """Settings for a bot that talks only to ``fake`` and keeps its database in ``tmp_path``.

    The fake enforces no flood limits unless asked, so the bot's per-chat pacing is relaxed
    to keep long staff flows quick; tests of pacing pass ``REAL_LIMITS``.
    """
    base = Settings(
        telegram_token=TOKEN,
        telegram_api_url=fake.base_url,
        db_path=share_faq_cache(tmp_path) / "bot.db",
        content_dir=ROOT / "content",
        telegram_chat_rate=1000.0,
        telegram_chat_burst=1000,
    )
    return migrated(on_test_backend(dataclasses.replace(base, **overrides)))


# How long a test waits for the bot to finish handling one update. Only a hang reaches it: a
# year's /baocao (chart and workbook) took over 10 s on this 2-core machine under heavy load.
HANDLED_WITHIN = 30.0


class Completion:
    """Which updates a channel has finished handling, so a test knows when replies are out."""

    def __init__(self) -> None:
        self.finished: set[object] = set()
        self.changed = asyncio.Condition()

    async def mark(self, key: object) -> None:
        async with self.changed:
            self.finished.add(key)
            self.changed.notify_all()

    async def wait(self, key: object, timeout: float = HANDLED_WITHIN) -> None:
        async with asyncio.timeout(timeout), self.changed:
            await self.changed.wait_for(lambda: key in self.finished)


class InstrumentedTelegramChannel(TelegramChannel):
    """The real channel, counting finished updates so a test knows when replies are out."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.completion = Completion()

    async def _on_update(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        try:
            await super()._on_update(update, context)
        finally:
            await self.completion.mark(update.update_id)

    async def wait_finished(self, update_id: int, timeout: float = HANDLED_WITHIN) -> None:
        await self.completion.wait(update_id, timeout)


def texts(messages: list[SentMessage]) -> list[str]:
    return [m.text or "" for m in messages]


def labels(message: SentMessage) -> list[str]:
    return [label for label, _ in message.buttons]


class BotDriver:
    """What every channel's driver shares: the running engine, its store, restarts, onboarding.

    Subclasses start and stop their channel and implement ``say`` and ``press``.
    """

    channel_name = ""
    channel: Any = None

    @property
    def engine(self) -> DialogueEngine:
        assert self.channel is not None
        return self.channel.engine

    @property
    def store(self) -> Store:
        return self.engine.services.store

    def user_id(self, user: int) -> str:
        return f"{self.channel_name}:{user}"

    async def start(self) -> None:
        raise NotImplementedError

    async def stop(self) -> None:
        raise NotImplementedError

    async def restart(self) -> None:
        """Stop the process's bot and start a fresh one on the same database."""
        await self.stop()
        await self.start()

    async def say(self, user: int, text: str) -> list[Any]:
        raise NotImplementedError

    async def press(self, user: int, label: str) -> list[Any]:
        raise NotImplementedError

    async def onboard(
        self,
        user: int,
        *,
        commune: str | None = "Xã Quế Phong",
        household: str | None = "Hộ nghèo",
        subscribe: bool = True,
    ) -> None:
        """Run /start with consent and the given profile answers (None skips a question)."""
        await self.say(user, "/start")
        await self.press(user, "✅ Đồng ý")
        replies = await self.press(user, commune or "Bỏ qua")
        if commune and any("thôn/bản" in (m.text or "") for m in replies):
            await self.press(user, "Bỏ qua")
        await self.press(user, household or "Bỏ qua")
        await self.press(user, "🔔 Có" if subscribe else "Không, cảm ơn")


class TelegramBotDriver(BotDriver):
    """A running bot on the fake Bot API, and the means to talk to it as a person."""

    channel_name = "telegram"

    def __init__(self, fake: FakeBotAPI, settings: Settings, *, faq: object = None) -> None:
        self.fake = fake
        self.settings = settings
        self._faq = faq
        self.channel: InstrumentedTelegramChannel | None = None

    async def start(self) -> None:
        engine = build_engine(self.settings, faq=self._faq)
        self.channel = InstrumentedTelegramChannel(engine, self.settings)
        await self.channel.start()

    async def stop(self) -> None:
        if self.channel is not None:
            await self.channel.stop()
            self.channel.engine.services.store.close()
            self.channel = None

    async def say(self, user: int, text: str | None = None, **kwargs: Any) -> list[SentMessage]:
        """``user`` sends ``text`` (or media, see ``FakeBotAPI.user_sends``); returns replies."""
        chat_id = kwargs.get("chat_id") or user
        before = len(self.fake.transcript(chat_id))
        update_id = self.fake.user_sends(user, text, **kwargs)
        assert self.channel is not None
        await self.channel.wait_finished(update_id)
        return [m for m in self.fake.transcript(chat_id)[before:] if not m.is_edit]

    async def press(self, user: int, label: str) -> list[SentMessage]:
        """``user`` presses the button whose label starts with ``label`` on the latest keyboard."""
        for message in reversed(self.fake.transcript(user)):
            for text, data in message.buttons:
                if text == label or text.startswith(label):
                    return await self.press_data(user, data, message_id=message.message_id)
        raise AssertionError(f"no button {label!r} in chat {user}")

    async def press_data(
        self, user: int, data: str, *, message_id: int | None = None, forged: bool = False
    ) -> list[SentMessage]:
        """Press the button carrying ``data``; ``forged`` presses one the bot never showed."""
        before = len(self.fake.transcript(user))
        update_id = self.fake.user_presses(user, data, message_id=message_id, forged=forged)
        assert self.channel is not None
        await self.channel.wait_finished(update_id)
        return [m for m in self.fake.transcript(user)[before:] if not m.is_edit]

    async def wait_for_messages(
        self, user: int, count: int, timeout: float = 10.0
    ) -> list[SentMessage]:
        """Wait until the chat holds at least ``count`` bot messages (pushed ones too)."""
        await self.fake.wait_until(
            lambda: len(self.fake.transcript(user)) >= count, timeout=timeout
        )
        return self.fake.transcript(user)


def query_rows(store: Store, sql: str, params: list | tuple = ()) -> list[dict]:
    """Rows of a query (``?`` placeholders), run on the store's database thread, on either
    backend (for assertions)."""
    if store.dialect == "postgresql":
        sql = sql.replace("?", "%s")
    return store.call_sql(
        lambda conn: [dict(row) for row in conn.exec_driver_sql(sql, tuple(params)).mappings()]
    )


def execute_sql(store: Store, sql: str, params: list | tuple = ()) -> None:
    """Run one statement (``?`` placeholders) on the store's database thread, on either
    backend: a test setting the scene (a row aged, a key pruned)."""
    if store.dialect == "postgresql":
        sql = sql.replace("?", "%s")
    store.call_sql(lambda conn: conn.exec_driver_sql(sql, tuple(params)))


def make_read_only(store: Store) -> None:
    """From now on the bot's own connection refuses every write, as a read-only file does on
    SQLite and a hot standby does on PostgreSQL (SQLSTATE 25006)."""
    if store.dialect == "postgresql":
        execute_sql(store, "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
    else:
        execute_sql(store, "PRAGMA query_only = ON")
