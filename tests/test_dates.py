"""One reader of dates and times for every flow; officers' date steps built on it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest

from bot.broadcasts.service import BroadcastService
from bot.broadcasts.timing import QuietHours
from bot.core.dates import DateError, example, parse_moment
from tests.harness import TelegramBotDriver, labels
from tests.test_broadcast_flows import OFFICER, service
from tests.test_broadcasts import start_service

__all__ = ["service", "start_service"]  # fixtures
from tests.test_broadcasts import FAST, subscriber

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = dt.datetime(2026, 12, 3, 17, 30)  # a Thursday


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("03/12 18:00", dt.datetime(2026, 12, 3, 18, 0)),
        ("hôm nay 20h", dt.datetime(2026, 12, 3, 20, 0)),
        ("7 giờ tối", dt.datetime(2026, 12, 3, 19, 0)),
        ("mai 7h", dt.datetime(2026, 12, 4, 7, 0)),
        ("7h sáng mai", dt.datetime(2026, 12, 4, 7, 0)),
        ("ngay mai luc 7h30 sang", dt.datetime(2026, 12, 4, 7, 30)),
        ("15/12 lúc 8 giờ", dt.datetime(2026, 12, 15, 8, 0)),
        ("8h30 ngày 10/12", dt.datetime(2026, 12, 10, 8, 30)),
        ("20/6 lúc 2 giờ chiều", dt.datetime(2027, 6, 20, 14, 0)),
        ("thứ hai tuần sau 8h", dt.datetime(2026, 12, 7, 8, 0)),
        ("8 giờ sáng thứ hai tuần sau", dt.datetime(2026, 12, 7, 8, 0)),
        ("chủ nhật 9h", dt.datetime(2026, 12, 6, 9, 0)),
        ("25/12/2026 08:00", dt.datetime(2026, 12, 25, 8, 0)),
        ("2026-12-25 08:00", dt.datetime(2026, 12, 25, 8, 0)),
        ("05/01 08:00", dt.datetime(2027, 1, 5, 8, 0)),  # January typed in December
    ],
)
def test_dates_officers_type(typed: str, expected: dt.datetime) -> None:
    assert parse_moment(typed, now=NOW) == expected


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("03/12 10:00", "past"),  # earlier today: refused, never moved to 03/12/2027
        ("7h sáng", "past"),
        ("01/12 08:00", "past"),
        ("mai", "no_time"),
        ("30/02 8h", "no_such_date"),
        ("gửi luôn", "unreadable"),
        ("25/12 25:00", "unreadable"),
    ],
)
def test_dates_refused_with_the_reason(typed: str, reason: str) -> None:
    with pytest.raises(DateError) as refused:
        parse_moment(typed, now=NOW)
    assert refused.value.reason == reason


def test_the_example_is_in_the_future() -> None:
    assert parse_moment(example(NOW), now=NOW) > NOW


async def _to_at(bot: TelegramBotDriver) -> None:
    await bot.say(OFFICER, "/guitin")
    await bot.say(OFFICER, "Họp dân")
    await bot.press(OFFICER, "👥 Tất cả")
    await bot.press(OFFICER, "🕗 Hẹn ngày giờ")


@pytest.fixture
async def officer_at(
    bot: TelegramBotDriver, start_service
) -> tuple[TelegramBotDriver, dt.datetime]:
    """An officer whose broadcast clock reads 23:00 on 03/12/2026, quiet hours 21:00–07:00."""
    now = dt.datetime(2026, 12, 3, 23, 0, tzinfo=TZ)
    config = dataclasses.replace(FAST, quiet_hours=QuietHours.parse("21:00-07:00"))
    await start_service(config, clock=lambda: now.astimezone(dt.UTC))
    bot.store.staff.add(f"telegram:{OFFICER}", "officer")
    subscriber(bot.store, 301)
    return bot, now


async def test_guitin_refuses_a_time_passed_today_and_reads_7h_sang(officer_at) -> None:
    bot, _ = officer_at
    await _to_at(bot)
    replies = await bot.say(OFFICER, "03/12 10:00")
    assert "đã qua" in replies[0].text and "23:00 ngày 03/12/2026" in replies[0].text
    replies = await bot.say(OFFICER, "7h sáng mai")
    assert "07:00 ngày 04/12/2026" in replies[0].text
    replies = await bot.say(OFFICER, "15/12 lúc 8 giờ")  # retyped at the confirmation
    assert "08:00 ngày 15/12/2026" in replies[0].text
    assert "✅ Xác nhận" in labels(replies[-1])
    await bot.press(OFFICER, "✅ Xác nhận")
    campaign = bot.store.campaigns.recent()[0]
    assert campaign.next_run_at.startswith("2026-12-15T01:00")


async def test_send_now_in_quiet_hours_says_when_it_really_goes(officer_at) -> None:
    bot, _ = officer_at
    await bot.say(OFFICER, "/guitin")
    await bot.say(OFFICER, "Họp dân")
    await bot.press(OFFICER, "👥 Tất cả")
    replies = await bot.press(OFFICER, "🚀 Gửi ngay")
    assert "sẽ gửi lúc 07:00 sáng mai" in replies[0].text
    replies = await bot.press(OFFICER, "✅ Xác nhận")
    assert "Đã bắt đầu gửi" not in replies[0].text
    assert "sẽ gửi lúc 07:00 sáng mai" in replies[0].text


async def test_staff_are_not_slowed_by_the_citizens_flood_limit(
    bot: TelegramBotDriver, service: BroadcastService
) -> None:
    bot.store.staff.add(f"telegram:{OFFICER}", "officer")
    limit = bot.engine.services.settings.flood_limit_per_minute
    for _ in range(limit + 3):
        replies = await bot.say(OFFICER, "/chiendich")
        assert "gửi nhanh quá" not in (replies[0].text or "")


async def test_phien_example_date_is_in_the_future(bot: TelegramBotDriver) -> None:
    bot.store.staff.add(f"telegram:{OFFICER}", "officer")
    await bot.say(OFFICER, "/phien")
    await bot.press(OFFICER, "➕ Tạo buổi đối thoại mới")
    replies = await bot.press(OFFICER, "Xã Quế Phong")
    shown = re.search(r"\d{2}/\d{2}/\d{4} \d{1,2}:\d{2}", replies[0].text)
    assert shown is not None
    assert parse_moment(shown[0], now=dt.datetime.now()) > dt.datetime.now()
    replies = await bot.say(OFFICER, "thứ hai tuần sau lúc 2 giờ chiều")
    assert "Địa điểm" in replies[0].text or "ở đâu" in replies[0].text
