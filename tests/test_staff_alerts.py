"""Staff hear about new questions on their own channel, at once or as a daily digest."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from bot.broadcasts.timing import QuietHours
from bot.voice.alerts import StaffAlertService
from tests.harness import labels, texts

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
REVIEWER, OFFICER, CITIZEN = 851, 852, 853


def received(messenger: Any, user: int) -> list[Any]:
    """Everything ``user`` got so far, pushed messages included."""
    if messenger.channel_name == "telegram":
        return messenger.fake.transcript(user)
    return messenger.received(user)


class Clock:
    def __init__(self, at: dt.datetime) -> None:
        self.at = at

    def __call__(self) -> dt.datetime:
        return self.at


async def ask_staff(messenger: Any, user: int, text: str) -> None:
    replies = await messenger.say(user, text)
    if any("Không phải các câu trên" in labels(r) for r in replies):
        await messenger.press(user, "Không phải các câu trên")
    replies = await messenger.press(user, "✉️ Gửi câu hỏi cho cán bộ")
    assert any("Mã câu hỏi" in t for t in texts(replies))


async def test_reviewer_is_told_at_once_outside_quiet_hours_with_a_button(messenger: Any) -> None:
    messenger.store.staff.add(messenger.user_id(REVIEWER), "reviewer")
    await messenger.say(REVIEWER, "/thongbao")  # on Zalo the OA may message only recent contacts
    clock = Clock(dt.datetime(2026, 12, 3, 23, 0, tzinfo=TZ))
    service = StaffAlertService(
        messenger.engine.services, quiet_hours=QuietHours.parse("21:00-07:00"), clock=clock
    )
    await service.tick()  # the reviewer starts after what is already there
    await messenger.onboard(CITIZEN)
    await ask_staff(messenger, CITIZEN, "cán bộ xã bao giờ đến bản kiểm tra đường nứt")
    assert await service.tick() == 0, "quiet hours: held"
    clock.at = dt.datetime(2026, 12, 4, 7, 1, tzinfo=TZ)
    assert await service.tick() == 1
    alert = received(messenger, REVIEWER)[-1]
    assert "🔔 Có 1 câu hỏi" in alert.text and "kiểm tra đường nứt" in alert.text
    [button] = labels(alert)
    assert button.startswith("Mở CH-")
    replies = await messenger.press(REVIEWER, button)
    assert "kiểm tra đường nứt" in replies[0].text, "the button opens the item"
    assert await service.tick() == 0, "told once"


async def test_digest_at_a_chosen_time_and_the_officer_hears_of_their_commune(
    messenger: Any,
) -> None:
    messenger.store.staff.add(messenger.user_id(OFFICER), "officer")
    await messenger.onboard(OFFICER, commune="Xã Tri Lễ")
    replies = await messenger.say(OFFICER, "/thongbao")
    assert "báo ngay khi có" in replies[0].text
    await messenger.press(OFFICER, "🗓 Tóm tắt mỗi ngày")
    replies = await messenger.say(OFFICER, "17h")
    assert "tóm tắt mỗi ngày lúc 17:00" in replies[0].text
    clock = Clock(dt.datetime(2026, 12, 4, 9, 0, tzinfo=TZ))
    service = StaffAlertService(messenger.engine.services, quiet_hours=None, clock=clock)
    await messenger.onboard(CITIZEN, commune="Xã Quế Phong")
    await ask_staff(messenger, CITIZEN, "bao giờ xã sửa cái cầu treo bản Pục bị gãy")
    await messenger.onboard(CITIZEN + 1, commune="Xã Tri Lễ")
    await ask_staff(messenger, CITIZEN + 1, "cán bộ xã bao giờ đến bản kiểm tra đường nứt")
    before = len(received(messenger, OFFICER))
    assert await service.tick() == 0, "not before 17:00"
    clock.at = dt.datetime(2026, 12, 4, 17, 1, tzinfo=TZ)
    assert await service.tick() == 1
    digest = received(messenger, OFFICER)[before:]
    assert len(digest) == 1 and "🗓 Tóm tắt: 1 câu hỏi" in digest[0].text
    assert "đường nứt" in digest[0].text and "cầu treo" not in digest[0].text, "own commune"
    assert await service.tick() == 0, "one digest a day"
