"""``/xoadulieu`` leaves nothing that identifies the person or can be joined back to them.

Regression tests for issue #10, defect 9: SQLite reused ``citizens.id`` after a deletion, so
the next citizen inherited the deleted person's events; ``audit_log`` kept the actor's channel
id; the FAQ-proposals file kept the verbatim question with its reference code, which events
link to the citizen key.
"""

from __future__ import annotations

import re

import yaml

from bot.config import Settings
from bot.store import Store
from tests.harness import TelegramBotDriver, query_rows
from tests.test_staff_queue import open_ref
from tests.voice_helpers import OFFICER, one_question, staff

QUESTION = "Tôi là Lò Thị Hoa ở bản Pục, nhà tôi nuôi bò thì vay vốn thế nào?"


async def delete_data(bot: TelegramBotDriver, user: int) -> None:
    await bot.say(user, "/xoadulieu")
    await bot.press(user, "Có, xóa hết")
    assert bot.store.citizens.get(bot.user_id(user)) is None


async def test_a_new_citizen_never_inherits_a_deleted_citizens_events(
    bot: TelegramBotDriver,
) -> None:
    await bot.onboard(601)
    deleted = bot.store.citizens.get(bot.user_id(601))
    assert deleted is not None
    await bot.say(601, "hộ nghèo có được hỗ trợ bảo hiểm y tế không")
    await delete_data(bot, 601)
    await bot.onboard(602)
    newcomer = bot.store.citizens.get(bot.user_id(602))
    assert newcomer is not None and newcomer.id != deleted.id
    keys = [
        r["citizen_key"] for r in query_rows(bot.store, "SELECT DISTINCT citizen_key FROM events")
    ]
    assert deleted.id in keys  # anonymous counts stay, under a key nobody holds any more


def test_ids_deleted_before_the_migration_are_not_reused_either(database: str) -> None:
    store = Store.open(database)
    first = store.citizens.register("telegram:1")
    second = store.citizens.register("telegram:2")
    store.events.record("consent_given", channel="telegram", citizen=second)
    store.citizens.delete(second)
    store.close()
    store = Store.open(database)  # migrations are idempotent on reopening
    assert store.citizens.register("telegram:3").id > second.id > first.id


def names(number: str, rows: object) -> bool:
    """Whether ``number`` stands on its own in the rows ("telegram:603"), not inside another
    token: a pseudonym's hex digest or a timestamp may contain those digits by chance."""
    return re.search(rf"(?<![0-9A-Za-z]){number}(?![0-9A-Za-z])", repr(rows)) is not None


async def test_the_audit_log_no_longer_names_a_deleted_citizen(bot: TelegramBotDriver) -> None:
    await bot.onboard(603)
    await bot.say(603, "/thongke")  # a staff command: refused and audited
    await bot.press_data(603, "cq:o:1", forged=True)
    user = bot.user_id(603)
    assert len(bot.store.audit.entries(actor=user)) == 2
    await delete_data(bot, 603)
    rows = query_rows(bot.store, "SELECT actor, detail FROM audit_log")
    assert rows and user not in repr(rows) and not names("603", rows)
    actors = {r["actor"] for r in rows}
    assert len(actors) == 1 and actors.pop().startswith("deleted:")
    for table in ("citizens", "events", "questions", "dialogue_state", "deliveries"):
        assert not names("603", query_rows(bot.store, f"SELECT * FROM {table}"))


async def test_staff_entries_keep_their_actor(bot: TelegramBotDriver) -> None:
    staff(bot, OFFICER)
    await bot.say(OFFICER, "/start")
    await bot.say(OFFICER, "/thongke")
    officer = bot.user_id(OFFICER)
    await bot.onboard(OFFICER)
    await delete_data(bot, OFFICER)
    assert any(e["role"] == "officer" for e in bot.store.audit.entries(actor=officer))


async def test_a_proposed_faq_question_cannot_be_joined_back_to_its_citizen(
    bot: TelegramBotDriver, settings: Settings
) -> None:
    staff(bot, OFFICER)
    _, ref = await one_question(bot, 604, QUESTION)
    asker = bot.store.citizens.get(bot.user_id(604))
    assert asker is not None
    await open_ref(bot, OFFICER, ref)
    await bot.press(OFFICER, "📚 Đề xuất vào hỏi đáp")
    await bot.press(OFFICER, "Dùng nguyên văn")
    await delete_data(bot, 604)
    path = settings.db_path.parent / "faq-proposals.yaml"
    [entry] = yaml.safe_load(path.read_text("utf-8"))
    assert entry["question"] == QUESTION  # FAQ material, kept without any link
    assert ref not in path.read_text("utf-8")
    linked = len(
        query_rows(
            bot.store, "SELECT id FROM events WHERE ref = ? AND citizen_key IS NOT NULL", [ref]
        )
    )
    assert linked == 0
