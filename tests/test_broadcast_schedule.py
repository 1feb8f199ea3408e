"""Campaign timing: APScheduler jobs restored across a restart, recurrence, quiet hours, the
grace window and missed campaigns (an injected clock instead of waiting), pacing, settings."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from bot.broadcasts import actions
from bot.broadcasts.config import BroadcastConfig, ChannelPacing
from bot.broadcasts.pacing import Pacer
from bot.broadcasts.timing import QuietHours, Recurrence, parse_local, to_iso
from tests.fakes import FakeBotAPI
from tests.harness import TelegramBotDriver
from tests.test_broadcasts import FAST, FOOTER, campaign, start_service, subscriber

__all__ = ["start_service"]

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
OFFICER = 900
QUIET = dataclasses.replace(FAST, quiet_hours=QuietHours.parse("21:00-07:00"))


def local(*args: int) -> dt.datetime:
    """A local time in Viet Nam as an aware UTC datetime (years ahead, so the wall clock
    APScheduler runs on never reaches it during a test)."""
    return dt.datetime(*args, tzinfo=TZ).astimezone(dt.UTC)


@dataclasses.dataclass
class Clock:
    now: dt.datetime

    def __call__(self) -> dt.datetime:
        return self.now


# -- rules and settings ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("rule", "after", "expected"),
    [
        ("weekly:MON@08:00", local(2031, 6, 4, 12, 0), local(2031, 6, 9, 8, 0)),  # a Wednesday
        ("weekly:mon@08:00", local(2031, 6, 9, 8, 0), local(2031, 6, 16, 8, 0)),  # strictly after
        ("weekly:SUN@20:30", local(2031, 6, 9, 8, 0), local(2031, 6, 15, 20, 30)),
        ("monthly:15@07:30", local(2031, 6, 20, 0, 0), local(2031, 7, 15, 7, 30)),
        ("monthly:1@08:00", local(2031, 12, 31, 9, 0), local(2032, 1, 1, 8, 0)),
    ],
)
def test_recurrence_next_occurrence(rule: str, after: dt.datetime, expected: dt.datetime) -> None:
    parsed = Recurrence.parse(rule)
    assert parsed.next_after(after, TZ) == expected
    assert Recurrence.parse(str(parsed)) == parsed


@pytest.mark.parametrize(
    "rule", ["weekly:XYZ@08:00", "monthly:31@08:00", "monthly:0@08:00", "daily@08:00", "weekly:MON"]
)
def test_bad_recurrence_is_refused(rule: str) -> None:
    with pytest.raises(ValueError):
        Recurrence.parse(rule)


@pytest.mark.parametrize(
    ("moment", "quiet", "ends"),
    [
        (local(2031, 6, 9, 20, 59), False, None),
        (local(2031, 6, 9, 21, 0), True, local(2031, 6, 10, 7, 0)),
        (local(2031, 6, 10, 3, 0), True, local(2031, 6, 10, 7, 0)),
        (local(2031, 6, 10, 7, 0), False, None),
    ],
)
def test_quiet_hours_cross_midnight(
    moment: dt.datetime, quiet: bool, ends: dt.datetime | None
) -> None:
    hours = QuietHours.parse("21:00-07:00")
    assert hours is not None
    assert hours.contains(moment, TZ) is quiet
    if ends:
        assert hours.ends_after(moment, TZ) == ends


def test_local_dates_an_officer_types() -> None:
    now = local(2031, 6, 9, 10, 0)
    assert parse_local("25/12 08:00", now=now, tz=TZ) == local(2031, 12, 25, 8, 0)
    assert parse_local("01/02 08:00", now=now, tz=TZ) == local(2032, 2, 1, 8, 0)
    assert parse_local("25/12/2031 8h30", now=now, tz=TZ) == local(2031, 12, 25, 8, 30)
    assert parse_local("2031-12-25 08:00", now=now, tz=TZ) == local(2031, 12, 25, 8, 0)
    assert parse_local("mai 8 giờ", now=now, tz=TZ) == local(2031, 6, 10, 8, 0)
    # A date a week back is a mistake, not next year's date.
    for bad in ("01/06 08:00", "32/12 08:00", "25/12 25:00"):
        with pytest.raises(ValueError):
            parse_local(bad, now=now, tz=TZ)


def test_settings_from_environment() -> None:
    default = BroadcastConfig.from_env({}, dotenv=None)
    assert default.pacing_for("telegram").rate == 25
    assert default.pacing_for("telegram").concurrency == 8
    assert str(default.quiet_hours) == "21:00-07:00"
    assert default.grace == dt.timedelta(hours=6)
    custom = BroadcastConfig.from_env(
        {"BROADCAST_RATE": "20", "BROADCAST_QUIET_HOURS": "off", "BROADCAST_GRACE_HOURS": "2"},
        dotenv=None,
    )
    assert (custom.pacing_for("telegram").rate, custom.quiet_hours) == (20, None)
    assert custom.grace == dt.timedelta(hours=2)
    with pytest.raises(ValueError, match="BROADCAST_RATE"):
        BroadcastConfig.from_env({"BROADCAST_RATE": "fast"}, dotenv=None)
    with pytest.raises(ValueError, match="BROADCAST_QUIET_HOURS"):
        BroadcastConfig.from_env({"BROADCAST_QUIET_HOURS": "9pm"}, dotenv=None)


async def test_pacer_keeps_the_rate_the_per_chat_gap_and_a_pause() -> None:
    clock = [0.0]

    async def sleep(seconds: float) -> None:
        clock[0] += seconds

    pacer = Pacer(
        ChannelPacing(rate=10, concurrency=4, burst=1), clock=lambda: clock[0], sleep=sleep
    )
    for chat in range(51):
        await pacer.acquire(f"telegram:{chat}")
    assert clock[0] == pytest.approx(5.0)  # 51 sends at 10/s: the first at once
    await pacer.acquire("telegram:50")  # the same chat again: a whole second after its last
    assert clock[0] == pytest.approx(6.0)
    pacer.pause(3)
    await pacer.acquire("telegram:99")
    assert clock[0] == pytest.approx(9.0)


# -- scheduling through the running bot -----------------------------------------------------------
async def test_scheduled_campaigns_are_restored_after_a_restart(
    bot: TelegramBotDriver, start_service
) -> None:
    subscriber(bot.store, 401)
    once = campaign(bot.store, "Một lần", at=local(2031, 6, 9, 8, 0))
    rule = Recurrence.parse("weekly:MON@08:00")
    weekly = campaign(bot.store, "Hằng tuần", recurrence=rule)
    service = await start_service()
    expected = {once: local(2031, 6, 9, 8, 0), weekly: rule.next_after(dt.datetime.now(dt.UTC), TZ)}
    assert service.campaign_jobs() == expected
    await service.stop()
    await bot.restart()
    restored = await start_service()
    assert restored.campaign_jobs() == expected
    assert str(next(iter(restored.scheduler.get_jobs())).trigger.timezone) == "Asia/Ho_Chi_Minh"


async def test_apscheduler_fires_a_campaign_at_its_time(
    bot: TelegramBotDriver, fake: FakeBotAPI, start_service
) -> None:
    subscriber(bot.store, 411)
    soon = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(seconds=2)
    campaign_id = campaign(bot.store, "Đúng giờ", at=soon)
    await start_service()
    assert fake.transcript(411) == []
    messages = await bot.wait_for_messages(411, 1, timeout=5)
    assert messages[0].text == f"Đúng giờ\n\n{FOOTER}"
    assert messages[0].time >= soon.timestamp()
    await asyncio.sleep(0.2)
    assert bot.store.campaigns.get(campaign_id).status == "done"


@pytest.mark.parametrize(("late_hours", "sent"), [(2, True), (5.9, True), (7, False)])
async def test_a_campaign_due_while_down_goes_late_within_grace_or_is_reported_missed(
    bot: TelegramBotDriver, fake: FakeBotAPI, start_service, late_hours: float, sent: bool
) -> None:
    subscriber(bot.store, 421)
    due = local(2031, 6, 9, 9, 0)
    campaign_id = campaign(bot.store, "Tin lỡ giờ?", at=due, created_by=f"telegram:{OFFICER}")
    service = await start_service(clock=Clock(due + dt.timedelta(hours=late_hours)))
    await service.wait_idle()
    assert bool(fake.transcript(421)) is sent
    status = bot.store.campaigns.get(campaign_id).status
    notice = fake.transcript(OFFICER)[-1].text
    if sent:
        assert status == "done"
        assert "đã gửi xong" in notice and "Đã gửi tới: 1/1 người" in notice
    else:
        assert status == "missed"
        assert "chưa được gửi lần 09:00 ngày 09/06/2031" in notice and "quá 6 giờ" in notice
        assert [r.status for r in bot.store.campaigns.runs(campaign_id)] == ["missed"]
        # The officer may still send it: resuming a missed campaign sends it now.
        await actions.resume(bot.store, campaign_id, now=service.clock(), tz=TZ)
        await service.sync()
        await service.wait_idle()
        assert len(fake.transcript(421)) == 1


async def test_a_missed_weekly_occurrence_is_reported_and_the_next_one_kept(
    bot: TelegramBotDriver, fake: FakeBotAPI, start_service
) -> None:
    subscriber(bot.store, 431)
    rule = Recurrence.parse("weekly:MON@08:00")
    campaign_id = campaign(
        bot.store, "Hằng tuần", recurrence=rule, at=local(2031, 6, 9, 8, 0),
        created_by=f"telegram:{OFFICER}",
    )  # fmt: skip
    await start_service(clock=Clock(local(2031, 6, 10, 8, 0)))
    assert fake.transcript(431) == []
    created = bot.store.campaigns.get(campaign_id)
    assert (created.status, created.next_run_at) == ("scheduled", to_iso(local(2031, 6, 16, 8, 0)))
    assert "Lần gửi tới: 08:00 ngày 16/06/2031" in fake.transcript(OFFICER)[-1].text


async def test_a_weekly_campaign_runs_every_week(
    bot: TelegramBotDriver, fake: FakeBotAPI, start_service
) -> None:
    subscriber(bot.store, 441)
    rule = Recurrence.parse("weekly:MON@08:00")
    first = local(2031, 6, 9, 8, 0)
    campaign_id = campaign(bot.store, "Tuần này", recurrence=rule, at=first)
    clock = Clock(first)
    service = await start_service(clock=clock)
    await service.wait_idle()
    created = bot.store.campaigns.get(campaign_id)
    assert (created.status, created.next_run_at) == ("scheduled", to_iso(local(2031, 6, 16, 8, 0)))
    assert service.campaign_jobs() == {campaign_id: local(2031, 6, 16, 8, 0)}
    clock.now = local(2031, 6, 16, 8, 0, 30)
    await service.sync()
    await service.wait_idle()
    assert len(fake.transcript(441)) == 2
    assert [r.status for r in bot.store.campaigns.runs(campaign_id)] == ["done", "done"]


async def test_quiet_hours_hold_a_campaign_until_morning(
    bot: TelegramBotDriver, fake: FakeBotAPI, start_service
) -> None:
    subscriber(bot.store, 451)
    evening = local(2031, 6, 9, 22, 0)
    campaign_id = campaign(bot.store, "Tin buổi tối", at=evening)
    clock = Clock(evening)
    service = await start_service(QUIET, clock=clock)
    await service.wait_idle()
    assert fake.transcript(451) == []
    assert bot.store.campaigns.get(campaign_id).status == "sending"
    resume = service.scheduler.get_job(f"resume:{campaign_id}")
    assert resume.next_run_time == local(2031, 6, 10, 7, 0)
    clock.now = local(2031, 6, 10, 7, 0)
    await service.sync()
    await service.wait_idle()
    assert len(fake.transcript(451)) == 1


async def test_a_campaign_reaching_quiet_hours_waits_and_continues_in_the_morning(
    bot: TelegramBotDriver, fake: FakeBotAPI, start_service
) -> None:
    chats = list(range(461, 471))
    for chat in chats:
        subscriber(bot.store, chat)
    clock = Clock(local(2031, 6, 9, 20, 59))
    campaign_id = campaign(bot.store, "Sắp đến giờ nghỉ", at=clock.now)
    slow = dataclasses.replace(QUIET).with_telegram(rate=5, concurrency=1)
    service = await start_service(slow, clock=clock)
    await fake.wait_until(lambda: fake.stats.total_sends >= 2, timeout=5)
    clock.now = local(2031, 6, 9, 21, 0)
    await service.wait_idle()
    evening_sends = fake.stats.total_sends
    assert 2 <= evening_sends < len(chats)
    clock.now = local(2031, 6, 10, 7, 0)
    await service.sync()
    await service.wait_idle()
    assert [len(fake.transcript(chat)) for chat in chats] == [1] * len(chats)
    assert bot.store.campaigns.get(campaign_id).status == "done"
