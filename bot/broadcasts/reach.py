"""Reaching the recipients a channel's interaction window leaves out (Zalo: 7 days).

After a run's messages have gone, its rows left ``outside_window`` are settled by the means
the channel offers through its :class:`Reach` (registered with the hub):

1. a paid **template message** by UID, for as many as the month's budget allows
   (``template_cap - spent``, at ``template_price`` each) — rows become ``template``;
2. one **Article broadcast** for the rest, if the month's quota allows — rows become
   ``article``. Zalo broadcasts an article to every follower matching its filters, so
   people inside the window (and followers who are not subscribers) may see it too.

Rows that neither reaches stay ``outside_window`` with the reason. :func:`plan` gives the
officer the same split, with the cost, before confirming. Quiet hours hold everything; a
promotion-tag template also waits for 06:00. The article goes once per run and channel,
recorded before rows are marked, so a restart never broadcasts twice.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol
from zoneinfo import ZoneInfo

from bot.broadcasts import compose
from bot.broadcasts.pacing import Pacer
from bot.broadcasts.timing import to_iso
from bot.core.messages import Delivery, DeliveryStatus
from bot.core.services import ChannelHub, Services
from bot.store import Citizen, Repositories, Store
from bot.store.campaigns import Campaign, DeliveryRow
from bot.store.reach import ReachRecord

log = logging.getLogger(__name__)

CHUNK = 256  # template sends started together (the pacer admits them at the channel's rate)


class Reach(Protocol):
    """A channel's means beyond its window (implemented by ``bot.channels.zalo_reach``)."""

    channel: str

    @property
    def template_price(self) -> int: ...

    @property
    def template_cap(self) -> int: ...

    def templates_allowed_at(self, local: dt.datetime) -> bool: ...

    def article_quota_left(self) -> int | None: ...

    async def read_quota(self) -> int | None: ...

    async def broadcast_article(self, title: str, paragraphs: list[str]) -> str: ...

    async def send_template(
        self, address: str, title: str, text: str, tracking_id: str
    ) -> tuple[Delivery, bool]: ...


@dataclass(frozen=True)
class MeansPlan:
    """How the recipients outside the window will be reached, for the officer to confirm."""

    outside: int
    template: int
    article: int
    cost_vnd: int
    cap_left_vnd: int
    quota_left: int | None


def month_start(now: dt.datetime, tz: ZoneInfo) -> str:
    local = now.astimezone(tz).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    return to_iso(local)


async def plan(
    store: Store, reach: Reach, outside: int, now: dt.datetime, tz: ZoneInfo
) -> MeansPlan:
    """Templates for as many as this month's remaining budget pays for; the article for
    the others."""
    price, channel, since = reach.template_price, reach.channel, month_start(now, tz)
    spent = await store.read(lambda r: r.reach.templates_since(channel, since)) * price
    cap_left = max(0, reach.template_cap - spent)
    template = min(outside, cap_left // price) if price else 0
    return MeansPlan(
        outside=outside,
        template=template,
        article=outside - template,
        cost_vnd=template * price,
        cap_left_vnd=cap_left,
        quota_left=reach.article_quota_left(),
    )


async def describe(
    services: Services, channel: str, outside: int, now: dt.datetime
) -> list[str] | None:
    """The lines that tell an officer how ``outside`` people on ``channel`` will be reached
    (with the templates' cost), or None when the channel has no means beyond its window."""
    reach = services.hub.reach(channel)
    if reach is None:
        return None
    t = services.texts.get
    means = await plan(services.store, reach, outside, now, ZoneInfo(services.settings.timezone))
    lines = [t("bc_reach_line", count=outside, channel=channel.capitalize())]
    if means.template:
        lines.append(t("bc_reach_template_line", count=means.template,
                       cost=money(means.cost_vnd), left=money(means.cap_left_vnd)))  # fmt: skip
    if reach.template_price and means.article:
        lines.append(t("bc_reach_cap_line"))
    if means.article:
        if means.quota_left is None:
            lines.append(t("bc_reach_article_unknown_line", count=means.article))
        elif means.quota_left > 0:
            lines.append(t("bc_reach_article_line", count=means.article, quota=means.quota_left))
        else:
            lines.append(t("bc_reach_no_quota_line", count=means.article))
    return lines


def money(vnd: int) -> str:
    """``1200000`` → ``1.200.000`` as Vietnamese write it."""
    return f"{vnd:,}".replace(",", ".")


def paragraphs_of(campaign: Campaign) -> list[str]:
    text = compose.plain(campaign.text).strip()
    return [part.strip() for part in text.split("\n\n") if part.strip()] or [campaign.title]


class ReachStage:
    """Settles the outside-window rows of finished runs, channel by channel.

    Args:
        store: campaigns, deliveries, citizens and the reach records.
        hub: where each channel's ``Reach`` is registered.
        pacer: the channel's campaign pacer (shared with the run's messages).
        quiet_until: when quiet hours end if they hold now, else None.
        clock: the current UTC time.
        tz: local time zone (the promotion night ban, the month's budget).
    """

    def __init__(
        self,
        store: Store,
        hub: ChannelHub,
        *,
        pacer: Callable[[str], Pacer],
        quiet_until: Callable[[], dt.datetime | None],
        clock: Callable[[], dt.datetime],
        tz: ZoneInfo,
    ) -> None:
        self.store = store
        self.hub = hub
        self.pacer = pacer
        self.quiet_until = quiet_until
        self.clock = clock
        self.tz = tz

    async def finish(self, campaign_id: int, run_id: int) -> dt.datetime | None:
        """Reach whom the window left out; a time to come back (quiet, night ban) or None."""
        store = self.store
        campaign = await store.read(lambda r: r.campaigns.get(campaign_id))
        if campaign is None:
            return None
        for channel in self.hub.channels():
            reach = self.hub.reach(channel)
            if reach is None:
                continue
            record, rows = await self._outside(run_id, channel)
            if record is not None and record.finished_at:
                continue
            if (resume := self.quiet_until()) is not None:
                return resume
            local = self.clock().astimezone(self.tz)
            if not rows:
                continue
            if reach.template_price and not reach.templates_allowed_at(local):
                return self._six_oclock(local)
            await self._templates(reach, campaign, rows, run_id)
            await self._article(reach, campaign, run_id, channel)
            await self._save(run_id, channel, finished_at=to_iso(self.clock()))
        return None

    async def _outside(
        self, run_id: int, channel: str
    ) -> tuple[ReachRecord | None, list[tuple[DeliveryRow, str]]]:
        """The channel's reach record for the run and the rows left outside its window."""
        return await self.store.read(
            lambda r: (r.reach.record(run_id, channel), r.reach.outside_rows(run_id, channel))
        )

    async def _save(self, run_id: int, channel: str, **fields: str | None) -> None:
        await self.store.write(lambda r: r.reach.save(run_id, channel, **fields))

    def _six_oclock(self, local: dt.datetime) -> dt.datetime:
        six = local.replace(hour=6, minute=0, second=0, microsecond=0)
        return (six if six > local else six + dt.timedelta(days=1)).astimezone(dt.UTC)

    async def _templates(
        self, reach: Reach, campaign: Campaign, rows: list[tuple[DeliveryRow, str]], run_id: int
    ) -> None:
        chosen = (await plan(self.store, reach, len(rows), self.clock(), self.tz)).template
        if not chosen:
            return
        refused: list[bool] = []
        text = "\n\n".join(paragraphs_of(campaign))
        pacer = self.pacer(reach.channel)

        async def one(row: DeliveryRow, user: str) -> None:
            address = user.partition(":")[2]
            while not refused:
                async with pacer.slots:
                    await pacer.acquire(user)
                    citizen = await self._recipient(row)
                    if citizen is None or not citizen.subscribed:
                        await self._mark(row, "skipped", None)
                        return
                    await self._mark(row, "sending", None)
                    tracking = f"c{campaign.id}r{run_id}d{row.id}"
                    delivery, bad_template = await reach.send_template(
                        address, campaign.title, text, tracking
                    )
                if delivery.status is DeliveryStatus.THROTTLED:
                    pacer.pause(delivery.retry_after)
                    continue
                await self._settle_template(
                    campaign.id, row, citizen, delivery, bad_template, refused
                )
                return
            await self._mark(row, "outside_window", "outside_window: template not used")

        picked = rows[:chosen]
        for start in range(0, len(picked), CHUNK):
            await asyncio.gather(*(one(r, u) for r, u in picked[start : start + CHUNK]))

    async def _recipient(self, row: DeliveryRow) -> Citizen | None:
        citizen_id = row.citizen_id
        if not citizen_id:
            return None
        return await self.store.read(lambda r: r.citizens.by_id(citizen_id))

    async def _settle_template(
        self,
        campaign_id: int,
        row: DeliveryRow,
        citizen: Citizen,
        delivery: Delivery,
        bad: bool,
        refused: list[bool],
    ) -> None:
        status, now = delivery.status, to_iso(self.clock())
        if status is DeliveryStatus.SENT:

            def delivered(r: Repositories) -> None:
                r.campaigns.mark(row.id, "template", now=now)
                r.events.record(
                    "broadcast_delivered", channel=citizen.channel_id.partition(":")[0],
                    citizen=citizen, campaign_id=campaign_id, value="template",
                )  # fmt: skip

            await self.store.write(delivered)
        elif status is DeliveryStatus.STOPPED:
            error = f"blocked: {delivery.error}"[:200]

            def blocked(r: Repositories) -> None:
                if citizen.stopped_at is None:
                    r.citizens.stop(citizen, "blocked")
                r.campaigns.mark(row.id, "blocked", now=now, error=error)

            await self.store.write(blocked)
        else:
            if bad and not refused:
                log.warning("broadcasts: template refused (%s); the article goes", delivery.error)
                refused.append(True)
            log.info("broadcasts: a template was not delivered: %s", delivery.error)
            reason = "template_refused" if bad else "outside_window"
            await self._mark(row, "outside_window", f"{reason}: {delivery.error}"[:200])

    async def _article(self, reach: Reach, campaign: Campaign, run_id: int, channel: str) -> None:
        record, rows = await self._outside(run_id, channel)
        if not rows:
            return
        if record is None or (not record.article_id and not record.article_error):
            error = await self._broadcast(reach, campaign, run_id, channel)
        else:
            error = record.article_error
        ids = [row.id for row, _user in rows]
        now = to_iso(self.clock())
        status, reason = ("outside_window", error[:200]) if error else ("article", None)
        await self.store.write(lambda r: r.reach.settle(ids, status, now=now, error=reason))

    async def _broadcast(
        self, reach: Reach, campaign: Campaign, run_id: int, channel: str
    ) -> str | None:
        """Broadcast the article once; None when it went, else the reason it did not."""
        try:
            quota = await reach.read_quota()
            if quota is not None and quota <= 0:
                error = "article_quota: no article broadcast left this month"
                await self._save(run_id, channel, article_error=error)
                return error
            article_id = await reach.broadcast_article(campaign.title, paragraphs_of(campaign))
        except Exception as failure:  # ArticleError, or anything else: recorded, not raised
            reason = getattr(failure, "reason", "article_refused")
            error = f"{reason}: {failure}"
            log.warning("broadcasts: campaign %s: no article broadcast (%s)", campaign.id, error)
            await self._save(run_id, channel, article_error=error[:200])
            return error
        await self._save(run_id, channel, article_id=article_id)
        log.info("broadcasts: campaign %s run %s: article %s sent", campaign.id, run_id, article_id)
        return None

    async def _mark(self, row: DeliveryRow, status: str, error: str | None) -> None:
        now = to_iso(self.clock())
        await self.store.write(lambda r: r.campaigns.mark(row.id, status, now=now, error=error))
