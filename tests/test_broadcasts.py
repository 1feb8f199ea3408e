"""Broadcast engine: delivery through the real Telegram channel and the fake Bot API.

Recipients, segments, every error class from the server, opt-out in the middle of a campaign,
pause/cancel, crash resume and personal-data deletion. Scheduling and time are in
``test_broadcast_schedule.py``.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from bot.broadcasts import actions, compose, report
from bot.broadcasts.config import BroadcastConfig, ChannelPacing
from bot.broadcasts.sender import reason_code
from bot.broadcasts.service import BroadcastService
from bot.broadcasts.timing import utc_now
from bot.core.messages import Delivery, DeliveryStatus, Outgoing
from bot.store import Citizen, Store
from bot.store.campaigns import Segment
from tests.fakes import FakeBotAPI
from tests.harness import TelegramBotDriver

FAST_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
FOOTER = "Không muốn nhận tin nữa? Gõ /dunglai."
# Fast pacing keeps tests quick; the pacing itself is tested with a fake clock.
# A short per-chat gap too, so retries to one chat do not wait a whole second.
FAST = BroadcastConfig(
    quiet_hours=None,
    backoff_seconds=0.01,
    pacing={"telegram": ChannelPacing(rate=500, concurrency=8, per_chat_interval=0.05)},
)


def subscriber(
    store: Store,
    chat: int,
    *,
    commune: str | None = "que_phong",
    household: str | None = "ngheo",
    topics: tuple[str, ...] = (),
    subscribed: bool = True,
) -> Citizen:
    citizen = store.citizens.register(f"telegram:{chat}")
    citizen = store.citizens.update(citizen, commune=commune, household=household, topics=topics)
    return store.citizens.subscribe(citizen) if subscribed else citizen


def campaign(store: Store, text: str = "Họp dân <b>thứ Bảy</b>", **options: Any) -> int:
    options.setdefault("segment", Segment())
    options.setdefault("created_by", "cli")
    draft = compose.Draft(text)
    created = store.call(
        lambda r: actions.create_in(r, draft, now=utc_now(), tz=FAST_TZ, **options)
    )
    return created.id


@pytest.fixture
async def start_service(
    bot: TelegramBotDriver,
) -> AsyncIterator[Callable[..., Any]]:
    """Start a broadcast service over the running bot (stopped at the end)."""
    started: list[BroadcastService] = []

    async def start(config: BroadcastConfig = FAST, **kwargs: Any) -> BroadcastService:
        service = BroadcastService(bot.engine.services, config=config, **kwargs)
        await service.start()
        started.append(service)
        return service

    yield start
    for service in started:
        await service.stop()


async def sending_slowly(
    bot: TelegramBotDriver, start_service, chats: list[int], *, rate: float, concurrency: int = 1
) -> tuple[int, BroadcastService]:
    """A campaign to ``chats`` at ``rate``/s, returned once its first two messages are out."""
    for chat in chats:
        subscriber(bot.store, chat)
    campaign_id = campaign(bot.store)
    service = await start_service(FAST.with_telegram(rate=rate, concurrency=concurrency))
    await bot.fake.wait_until(lambda: bot.fake.stats.total_sends >= 2, timeout=5)
    return campaign_id, service


def received(fake: FakeBotAPI, chat: int) -> list[str]:
    return [m.text or "" for m in fake.transcript(chat)]


async def test_only_subscribed_consenting_citizens_receive_it_with_the_stop_line(
    bot: TelegramBotDriver, fake: FakeBotAPI, start_service
) -> None:
    store = bot.store
    for chat in (11, 12, 13):
        subscriber(store, chat)
    subscriber(store, 14, subscribed=False)
    stopped = subscriber(store, 15)
    store.citizens.stop(stopped, "user")
    campaign_id = campaign(store)
    service = await start_service()
    await service.wait_idle()
    for chat in (11, 12, 13):
        assert received(fake, chat) == [f"Họp dân thứ Bảy\n\n{FOOTER}"]
        assert fake.transcript(chat)[0].entities[0]["type"] == "bold"
    for chat in (14, 15, 16):
        assert received(fake, chat) == []
    assert store.campaigns.get(campaign_id).status == "done"
    run = store.campaigns.latest_run(campaign_id)
    assert store.campaigns.counts(run.id) == {"sent": 3}
    assert store.events.count("broadcast_delivered") == 3


@pytest.mark.parametrize(
    ("segment", "expected"),
    [
        (Segment(), {21, 22, 23, 24, 25}),
        (Segment(communes=("tri_le",)), {23, 24}),
        (Segment(communes=("que_phong", "tri_le")), {21, 22, 23, 24}),
        (Segment(households=("ngheo", "can_ngheo")), {21, 23, 25}),
        (Segment(communes=("tri_le",), households=("can_ngheo",)), {23}),
        (Segment(topics=("bhyt",)), {22, 24}),
        (Segment(communes=("que_phong",), topics=("bhyt", "tin_dung")), {21, 22}),
    ],
)
async def test_segments_count_and_reach_exactly_their_citizens(
    bot: TelegramBotDriver, fake: FakeBotAPI, start_service, segment: Segment, expected: set[int]
) -> None:
    store = bot.store
    subscriber(store, 21, commune="que_phong", household="ngheo", topics=("tin_dung",))
    subscriber(store, 22, commune="que_phong", household="khac", topics=("bhyt",))
    subscriber(store, 23, commune="tri_le", household="can_ngheo")
    subscriber(store, 24, commune="tri_le", household=None, topics=("bhyt", "nha_o"))
    subscriber(store, 25, commune=None, household="ngheo")
    subscriber(store, 26, commune="tri_le", household="can_ngheo", subscribed=False)
    assert store.campaigns.count_recipients(segment) == len(expected)
    campaign(store, "Tin theo nhóm", segment=segment)
    service = await start_service()
    await service.wait_idle()
    reached = {chat for chat in range(21, 27) if fake.transcript(chat)}
    assert reached == expected


async def test_a_citizen_who_stops_mid_campaign_gets_nothing_more(
    bot: TelegramBotDriver, fake: FakeBotAPI, start_service
) -> None:
    store = bot.store
    chats = list(range(31, 41))
    campaign_id, service = await sending_slowly(bot, start_service, chats, rate=4)
    replies = await bot.say(40, "dừng")
    assert "không nhận tin nữa" in replies[0].text
    await service.wait_idle()
    assert all(received(fake, chat) for chat in chats[:-1])
    assert not any(FOOTER in text for text in received(fake, 40))
    run = store.campaigns.latest_run(campaign_id)
    assert store.campaigns.counts(run.id) == {"sent": 9, "skipped": 1}
    assert store.events.count("unsubscribed") == 1


async def test_flood_control_429_pauses_then_sends_the_same_message_once(
    bot: TelegramBotDriver, fake: FakeBotAPI, start_service, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "1")  # the int form of retry_after is deprecated
    store = bot.store
    for chat in (51, 52, 53):
        subscriber(store, chat)
    campaign_id = campaign(store)
    fake.fail_next("sendMessage", status=429, retry_after=1, chat_id=52)
    started = asyncio.get_running_loop().time()
    service = await start_service()
    await service.wait_idle()
    assert asyncio.get_running_loop().time() - started >= 1.0  # waited retry_after
    assert [len(fake.transcript(chat)) for chat in (51, 52, 53)] == [1, 1, 1]
    assert service.sender.throttled == 1
    run = store.campaigns.latest_run(campaign_id)
    assert store.campaigns.counts(run.id) == {"sent": 3}


async def test_blocked_citizen_is_stopped_counted_and_left_out_of_later_campaigns(
    bot: TelegramBotDriver, fake: FakeBotAPI, start_service
) -> None:
    store = bot.store
    subscriber(store, 61)
    subscriber(store, 62)
    fake.block(62)
    campaign_id = campaign(store)
    service = await start_service()
    await service.wait_idle()
    run = store.campaigns.latest_run(campaign_id)
    assert store.campaigns.counts(run.id) == {"sent": 1, "blocked": 1}
    citizen = store.citizens.get("telegram:62")
    assert citizen is not None
    assert (citizen.subscribed, citizen.stopped_reason) == (False, "blocked")
    assert store.events.count("broadcast_blocked") == 1
    assert store.campaigns.count_recipients(Segment()) == 1


@pytest.mark.parametrize(
    ("fault", "status", "reason", "attempts"),
    [
        ("forget", "failed", "chat_not_found", 1),
        ("bad_request", "failed", "bad_request", 1),
        ("one_502", "sent", None, 2),
        ("always_500", "failed", "network", 4),
    ],
)
async def test_error_classes_from_the_server(
    bot: TelegramBotDriver,
    fake: FakeBotAPI,
    start_service,
    fault: str,
    status: str,
    reason: str | None,
    attempts: int,
) -> None:
    store = bot.store
    subscriber(store, 71)
    subscriber(store, 72)
    if fault == "forget":
        fake.forget_chat(72)
    elif fault == "bad_request":
        fake.fail_next("sendMessage", status=400, description="Bad Request: wrong", chat_id=72)
    elif fault == "one_502":
        fake.fail_next("sendMessage", status=502, chat_id=72)
    else:
        fake.fail_next("sendMessage", status=500, chat_id=72, count=10)
    campaign_id = campaign(store)
    service = await start_service()
    await service.wait_idle()
    run = store.campaigns.latest_run(campaign_id)
    rows = {r["channel_id"]: r for r in store.campaigns.failures(run.id)}
    assert len(fake.transcript(71)) == 1
    if status == "sent":
        assert store.campaigns.counts(run.id) == {"sent": 2}
        assert len(fake.transcript(72)) == 1
    else:
        row = rows["telegram:72"]
        assert (row["status"], reason_code(row["error"])) == (status, reason)
        assert row["attempts"] == attempts
        assert store.events.count("broadcast_failed") == 1
    attempts_72 = store.call_sql(
        lambda conn: conn.execute(
            sa.text(
                "SELECT attempts FROM deliveries d JOIN citizens c ON c.id = d.citizen_id "
                "WHERE c.channel_id = 'telegram:72'"
            )
        ).scalar_one()
    )
    assert attempts_72 == attempts


async def test_pause_stops_sending_and_resume_finishes_without_repeats(
    bot: TelegramBotDriver, fake: FakeBotAPI, start_service
) -> None:
    store = bot.store
    chats = list(range(81, 93))
    campaign_id, service = await sending_slowly(bot, start_service, chats, rate=5, concurrency=2)
    await actions.pause(store, campaign_id, now=utc_now())
    await service.wait_idle()
    paused_at = fake.stats.total_sends
    assert paused_at < len(chats)
    await asyncio.sleep(0.5)
    assert fake.stats.total_sends == paused_at
    await actions.resume(store, campaign_id, now=utc_now(), tz=FAST_TZ)
    await service.sync()
    await service.wait_idle()
    assert [len(fake.transcript(chat)) for chat in chats] == [1] * len(chats)
    assert store.campaigns.get(campaign_id).status == "done"


async def test_cancel_mid_campaign_keeps_the_rest_unsent(
    bot: TelegramBotDriver, fake: FakeBotAPI, start_service
) -> None:
    store = bot.store
    campaign_id, service = await sending_slowly(bot, start_service, list(range(101, 111)), rate=5)
    await actions.cancel(store, campaign_id, now=utc_now())
    await service.wait_idle()
    counts = store.campaigns.counts(store.campaigns.latest_run(campaign_id).id)
    assert counts["sent"] == fake.stats.total_sends < 10
    assert counts["sent"] + counts["cancelled"] == 10
    assert store.campaigns.get(campaign_id).status == "cancelled"


async def test_resume_after_a_crash_resends_only_rows_left_in_flight(
    bot: TelegramBotDriver, fake: FakeBotAPI, start_service
) -> None:
    """The state a ``kill -9`` leaves: some rows sent, some 'sending', the rest pending."""
    store = bot.store
    chats = list(range(121, 131))
    for chat in chats:
        subscriber(store, chat)
    campaign_id = campaign(store)
    created = store.campaigns.get(campaign_id)
    run = store.campaigns.start_run(
        created, scheduled_for=created.next_run_at, next_run_at=None, now=created.created_at
    )
    rows = store.campaigns.open_deliveries(run.id, after_id=0, limit=100)
    for row in rows[:4]:
        store.campaigns.mark(row.id, "sending", now=created.created_at)
        store.campaigns.mark(row.id, "sent", now=created.created_at)
    for row in rows[4:6]:
        store.campaigns.mark(row.id, "sending", now=created.created_at)
    await bot.restart()
    service = await start_service()
    await service.wait_idle()
    store = bot.store
    assert [len(fake.transcript(chat)) for chat in chats] == [0] * 4 + [1] * 6
    assert store.campaigns.counts(run.id) == {"sent": 10}
    assert store.campaigns.get(campaign_id).status == "done"


async def test_no_duplicates_when_syncs_race_a_running_campaign(
    bot: TelegramBotDriver, fake: FakeBotAPI, start_service
) -> None:
    store = bot.store
    for chat in range(141, 181):
        subscriber(store, chat)
    campaign(store)
    service = await start_service(FAST.with_telegram(rate=100))
    await asyncio.gather(*(service.sync() for _ in range(5)))
    await service.wait_idle()
    await service.sync()
    await service.wait_idle()
    assert fake.stats.total_sends == 40
    assert fake.stats.duplicates == 0


async def test_deleting_personal_data_removes_unsent_rows_and_anonymises_sent_ones(
    bot: TelegramBotDriver,
) -> None:
    store = bot.store
    first, second = subscriber(store, 191), subscriber(store, 192)
    campaign_id = campaign(store)
    created = store.campaigns.get(campaign_id)
    run = store.campaigns.start_run(
        created, scheduled_for=created.next_run_at, next_run_at=None, now=created.created_at
    )
    sent_row = store.campaigns.open_deliveries(run.id, after_id=0, limit=10)[0]
    store.campaigns.mark(sent_row.id, "sent", now=created.created_at)
    store.citizens.delete(first)
    store.citizens.delete(second)
    assert store.campaigns.counts(run.id) == {"sent": 1}
    left = store.call_sql(
        lambda conn: conn.execute(sa.text("SELECT citizen_id FROM deliveries")).all()
    )
    assert [tuple(row) for row in left] == [(None,)]


class TimingOut:
    """A channel whose every send times out after the request left (the ambiguous case)."""

    def __init__(self) -> None:
        self.calls = 0

    async def send(self, address: str, message: Outgoing) -> Delivery:
        self.calls += 1
        return Delivery(DeliveryStatus.TRANSIENT, error="Timed out")


async def test_a_timeout_is_not_retried_so_it_cannot_become_a_duplicate(
    bot: TelegramBotDriver, start_service
) -> None:
    channel = TimingOut()
    bot.engine.services.hub.register("slow", channel)
    store = bot.store
    store.citizens.subscribe(store.citizens.register("slow:1"))
    campaign_id = campaign(store)
    service = await start_service()
    await service.wait_idle()
    run = store.campaigns.latest_run(campaign_id)
    [row] = store.campaigns.failures(run.id)
    assert (channel.calls, row["status"], reason_code(row["error"])) == (1, "failed", "timeout")
    facts = store.call(lambda r: report.read_run(r, run))
    assert "có thể bà con đã nhận được" in report.report_text(bot.engine.services, facts)
