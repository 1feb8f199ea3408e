"""Staff hear about new questions: at once, or in a daily digest at a time they choose.

Reviewers and admins hear about every new item of the review queue; an officer about the
items of their own commune (the commune of their /hoso profile; all items without one).
Each person chooses with /thongbao: "🔔 Báo ngay" (a message within a minute, held during
quiet hours and sent when they end), "🗓 Tóm tắt hằng ngày" at a time they type, or "🔕 Tắt".
Every message carries a button per item that opens its card in /cauhoi.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import replace
from zoneinfo import ZoneInfo

from bot.broadcasts.config import BroadcastConfig
from bot.broadcasts.timing import QuietHours, parse_clock
from bot.core.messages import Button, DeliveryStatus, Outgoing
from bot.core.router import Router
from bot.core.services import Services
from bot.core.turn import StaleButton, Turn
from bot.staff.access import REVIEWERS
from bot.store import Repositories
from bot.store.staff_alerts import AlertSetting
from bot.voice.queue_view import excerpt

log = logging.getLogger(__name__)
router = Router()

FLOW = "alerts"
POLL_SECONDS = 30
SHOWN_ITEMS = 5  # items with their own button in one message; the rest are counted


class StaffAlertService:
    """Polls the review queue and tells each staff member as they chose. One per process."""

    def __init__(
        self,
        services: Services,
        *,
        quiet_hours: QuietHours | None | str = "from settings",
        clock: Callable[[], dt.datetime] | None = None,
        every: float = POLL_SECONDS,
    ) -> None:
        self.services = services
        self.tz = ZoneInfo(services.settings.timezone)
        if isinstance(quiet_hours, str):  # the same quiet hours as broadcasts
            quiet_hours = BroadcastConfig.from_env(timezone=services.settings.timezone).quiet_hours
        self.quiet: QuietHours | None = quiet_hours
        self.clock = clock or services.clock
        self.every = every
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._task = asyncio.create_task(self._loop())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)

    async def _loop(self) -> None:
        while True:
            try:
                await self.tick()
            except Exception:
                log.exception("staff alerts failed this round")
            await asyncio.sleep(self.every)

    async def tick(self) -> int:
        """Send what is due now; return how many messages went out."""
        now = self.clock().astimezone(self.tz)
        sent = 0
        store = self.services.store
        for setting, items in await store.read(self._due_items):
            if setting.mode == "now":
                quiet = self.quiet is not None and self.quiet.contains(now, self.tz)
                if items and not quiet and await self._send(setting.channel_id, items, "now"):
                    await self._save(replace(setting, seen_id=items[-1]["id"]))
                    sent += 1
            elif self._digest_due(setting, now):
                if items and not await self._send(setting.channel_id, items, "digest"):
                    continue
                done = replace(
                    setting,
                    seen_id=items[-1]["id"] if items else setting.seen_id,
                    digest_on=now.date().isoformat(),
                )
                await self._save(done)
                sent += bool(items)
        return sent

    async def _save(self, setting: AlertSetting) -> None:
        await self.services.store.write(lambda repos: repos.staff_alerts.save(setting))

    @staticmethod
    def _due_items(repos: Repositories) -> list[tuple[AlertSetting, list[dict]]]:
        """Each reviewer who hears of new items, with the items new to them (one read)."""
        found = []
        for member in repos.staff.list():
            if member.role not in REVIEWERS:
                continue
            setting = repos.staff_alerts.get(member.channel_id)
            if setting.mode == "off":
                continue
            commune = None
            if member.role == "officer":
                citizen = repos.citizens.get(member.channel_id)
                commune = citizen.commune if citizen is not None else None
            found.append((setting, repos.staff_alerts.new_items(setting.seen_id, commune=commune)))
        return found

    @staticmethod
    def _digest_due(setting: AlertSetting, now: dt.datetime) -> bool:
        at = parse_clock(setting.digest_at)
        return now.time() >= at and setting.digest_on != now.date().isoformat()

    async def _send(self, address: str, items: list[dict], how: str) -> bool:
        texts = self.services.texts
        lines = [texts.get(f"alerts_{how}_title", count=len(items))]
        rows = []
        for item in items[:SHOWN_ITEMS]:
            kind = texts.get(f"voice_kind_{item['kind']}")
            lines.append(f"• {item['ref']} · {kind}: «{excerpt(item['text'], 80)}»")
            label = texts.get("cq_open_button", ref=item["ref"])
            rows.append([Button(label, f"cq:o:{item['id']}")])
        if len(items) > SHOWN_ITEMS:
            lines.append(texts.get("alerts_more", count=len(items) - SHOWN_ITEMS))
        delivery = await self.services.hub.send(address, Outgoing("\n".join(lines), rows))
        log.info("staff alert (%s, %d items) to %s: %s", how, len(items), address, delivery.status)
        return delivery.status is DeliveryStatus.SENT


def choice_rows(turn: Turn) -> list[list[Button]]:
    return [
        [Button(turn.t("alerts_now_button"), "al:now")],
        [Button(turn.t("alerts_digest_button"), "al:digest")],
        [Button(turn.t("alerts_off_button"), "al:off")],
    ]


@router.command("thongbao", "Chọn cách nhận tin báo câu hỏi mới", roles=REVIEWERS)
async def alerts_command(turn: Turn) -> None:
    """Show how this staff member hears about new questions, and the choices."""
    user = turn.user
    setting = await turn.services.store.read(lambda r: r.staff_alerts.get(user))
    current = turn.t(f"alerts_mode_{setting.mode}", at=setting.digest_at)
    turn.reply(turn.t("alerts_current", current=current), choice_rows(turn))


@router.action("al", roles=REVIEWERS)
async def alerts_choice(turn: Turn) -> None:
    """``al:now``, ``al:off`` save at once; ``al:digest`` asks for the time."""
    store, user = turn.services.store, turn.user
    setting = await store.read(lambda r: r.staff_alerts.get(user))
    match turn.args:
        case ("now" | "off" as mode,):
            chosen = replace(setting, mode=mode)
            await store.write(lambda r: r.staff_alerts.save(chosen))
            turn.reply(turn.t("alerts_saved", current=turn.t(f"alerts_mode_{mode}", at="")))
        case ("digest",):
            turn.set_state(FLOW, "time")
            turn.reply(turn.t("alerts_ask_time"))
        case _:
            raise StaleButton(turn.incoming.payload)


@router.step(FLOW, "time", roles=REVIEWERS)
async def digest_time_typed(turn: Turn) -> None:
    """The daily time of the digest, e.g. 7:30 or 17h."""
    typed = turn.incoming.text.strip().lower().removesuffix("h")
    try:
        at = parse_clock(typed if ":" in typed or "h" in typed else f"{typed}:00")
    except ValueError:
        turn.reply(turn.t("alerts_bad_time"))
        return
    user = turn.user

    def save(repos: Repositories) -> None:
        setting = repos.staff_alerts.get(user)
        repos.staff_alerts.save(replace(setting, mode="digest", digest_at=f"{at:%H:%M}"))

    await turn.services.store.write(save)
    turn.clear_state()
    turn.reply(turn.t("alerts_saved", current=turn.t("alerts_mode_digest", at=f"{at:%H:%M}")))
