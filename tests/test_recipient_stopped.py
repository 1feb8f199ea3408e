"""One "recipient stopped" path: whoever finds that a person blocked the bot, news to them
stops with the same reason and the reports get the same ``unsubscribed`` event.

Engine-level: a channel whose every delivery comes back ``STOPPED``; the Zalo sender, which
learns the finer reason from Zalo's error codes, is tested through the fake Zalo API in
``test_zalo_delivery.py``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.broadcasts.service import BroadcastService
from bot.core.messages import Delivery, DeliveryStatus, Outgoing
from bot.core.services import Services
from bot.core.stops import StopReason, recipient_stopped
from bot.store import Store
from bot.voice import announce, answers
from tests.engine_harness import EngineDriver, engine_chat
from tests.harness import query_rows
from tests.test_broadcasts import FAST, campaign, subscriber
from tests.voice_helpers import make_session, queue_item

USER = "telegram:70"


class BlockedEverywhere:
    """A channel on which the person has blocked the bot."""

    def __init__(self) -> None:
        self.tried: list[str] = []

    async def send(self, address: str, message: Outgoing) -> Delivery:
        self.tried.append(address)
        return Delivery(DeliveryStatus.STOPPED, error="Forbidden: bot was blocked by the user")


@pytest.fixture
async def blocked(tmp_path: Path, faq_matcher: object) -> AsyncIterator[EngineDriver]:
    async with engine_chat(tmp_path, faq_matcher) as chat:
        chat.engine.services.hub.register("telegram", BlockedEverywhere())
        subscriber(chat.engine.services.store, 70)
        yield chat


def unsubscribed(store: Store) -> list[tuple[str, str]]:
    rows = query_rows(store, "SELECT channel, value FROM events WHERE type = 'unsubscribed'")
    return [(row["channel"], row["value"]) for row in rows]


def assert_stopped_once(store: Store) -> None:
    citizen = store.citizens.get(USER)
    assert citizen is not None and not citizen.subscribed
    assert citizen.stopped_reason == StopReason.BLOCKED
    assert unsubscribed(store) == [("telegram", "blocked")]


async def through_a_broadcast(services: Services) -> None:
    campaign(services.store)
    service = BroadcastService(services, config=FAST)
    await service.start()
    try:
        await service.wait_idle()
    finally:
        await service.stop()


async def through_a_staff_answer(services: Services) -> None:
    citizen = services.store.citizens.get(USER)
    assert citizen is not None
    question = queue_item(citizen_id=citizen.id, ref="CH-1")
    code, _ = await answers.deliver(services, question, "Trả lời của cán bộ.")
    assert code == "stopped"


async def through_a_session_notice(services: Services) -> None:
    store = services.store
    session = make_session(store)
    store.voice.queue.submit(
        "question", "Hỏi về BHYT", citizen=store.citizens.get(USER), prefix="DT",
        session_id=session.id,
    )  # fmt: skip
    assert await announce.announce_cancellation(services, session, actor="telegram:900") == 1
    await services.tasks.drain()


@pytest.mark.parametrize(
    "path", [through_a_broadcast, through_a_staff_answer, through_a_session_notice]
)
async def test_every_sender_stops_news_and_records_one_event(blocked: EngineDriver, path) -> None:
    services = blocked.engine.services
    await path(services)
    assert_stopped_once(services.store)


async def test_a_second_notice_keeps_the_first_reason_and_records_nothing(
    blocked: EngineDriver,
) -> None:
    store = blocked.engine.services.store
    assert await recipient_stopped(store, USER, StopReason.UNFOLLOWED) is not None
    assert await recipient_stopped(store, USER, StopReason.BLOCKED) is None
    citizen = store.citizens.get(USER)
    assert citizen is not None and citizen.stopped_reason == "unfollowed"
    assert unsubscribed(store) == [("telegram", "unfollowed")]
