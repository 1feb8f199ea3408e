"""Factories shared by the citizens'-voice tests: sessions, a question sent end to end."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from bot.store import Store
from bot.store.voice import DialogueSession
from bot.store.voice_queue import QueueItem
from tests.fakes.telegram_state import SentMessage
from tests.harness import TelegramBotDriver

OFFICER = 900
REVIEWER = 901
REF = re.compile(r"\b([A-Z]{2}-[A-Z0-9]{5})\b")


def local(days: float = 10, *, hour: int = 8) -> dt.datetime:
    """A local wall-clock time ``days`` from now (negative: in the past)."""
    now = dt.datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).replace(tzinfo=None)
    return (now + dt.timedelta(days=days)).replace(hour=hour, minute=0, second=0, microsecond=0)


def queue_item(**fields: object) -> QueueItem:
    """A review-queue row as the store returns it: a pending question unless told."""
    row: dict[str, object] = {
        "id": 1, "ref": "DT-AAAAA", "kind": "dialogue", "citizen_id": None, "text": "",
        "topic": None, "intent_guess": None, "commune": "que_phong", "household": None,
        "status": "pending", "created_at": "2026-11-25T02:00:00+00:00", "session_id": None,
        "category": None, "anonymous": False, "flag": None, "merged_into": None,
        "reject_reason": None, "handled_by": None, "handled_at": None, "proposed_at": None,
    }  # fmt: skip
    return QueueItem(**(row | fields))  # type: ignore[arg-type]


def make_session(
    store: Store, *, commune: str = "que_phong", days: float = 10, topics: str = "BHYT, vay vốn"
) -> DialogueSession:
    return store.voice.sessions.create(
        commune, local(days), "Hội trường UBND xã", topics, by="telegram:900"
    )


def ref_of(messages: list[SentMessage]) -> str:
    for message in messages:
        found = REF.search(message.text or "")
        if found:
            return found[1]
    raise AssertionError(f"no reference code in {[m.text for m in messages]}")


async def choose(bot: TelegramBotDriver, user: int, session: DialogueSession) -> list[SentMessage]:
    """/doithoai, then the button of ``session``."""
    await bot.say(user, "/doithoai")
    return await bot.press_data(user, f"dt:s:{session.id}")


async def ask(
    bot: TelegramBotDriver,
    user: int,
    session: DialogueSession,
    text: str,
    *,
    contact: tuple[str, str] | None = None,
) -> list[SentMessage]:
    """A consenting citizen sends ``text`` for ``session``; returns the last replies."""
    await choose(bot, user, session)
    await bot.say(user, text)
    if contact is None:
        return await bot.press(user, "Không, gửi câu hỏi luôn")
    await bot.press(user, "Tôi đồng ý để lại")
    await bot.say(user, contact[0])
    return await bot.say(user, contact[1])


async def one_question(
    bot: TelegramBotDriver, user: int, text: str, **options: object
) -> tuple[DialogueSession, str]:
    """A new session in Quế Phong and one question to it from a new citizen: (session, ref)."""
    session = make_session(bot.store)
    await citizen(bot, user)
    return session, ref_of(await ask(bot, user, session, text, **options))  # type: ignore[arg-type]


async def citizen(bot: TelegramBotDriver, user: int, *, commune: str = "Xã Quế Phong") -> None:
    await bot.onboard(user, commune=commune)


def staff(bot: TelegramBotDriver, user: int, role: str = "officer") -> None:
    bot.store.staff.add(f"telegram:{user}", role, added_by="test")
