"""Chiến dịch: campaigns through bot.broadcasts.actions, as /guitin and /chiendich."""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from bot.broadcasts import actions, compose, reach, report, segments
from bot.broadcasts.service import poke
from bot.broadcasts.timing import Recurrence, utc_now
from bot.core.services import Services
from bot.store.campaigns import Campaign, Segment
from bot.web.features.common import Refused


# -- campaigns -------------------------------------------------------------------------------
@dataclass
class CampaignLine:
    campaign: Campaign
    progress: report.Progress
    status_label: str


async def campaigns(services: Services, *, limit: int = 50) -> list[CampaignLine]:
    store = services.store.campaigns
    return [
        CampaignLine(
            c, await report.progress(services, store.latest_run(c.id)),
            report.status_label(services, c),
        )
        for c in store.recent(limit=limit)
    ]  # fmt: skip


async def campaign(services: Services, campaign_id: int) -> CampaignLine | None:
    found = services.store.campaigns.get(campaign_id)
    if found is None:
        return None
    run = services.store.campaigns.latest_run(campaign_id)
    progress = await report.progress(services, run)
    return CampaignLine(found, progress, report.status_label(services, found))


def segment_choices(services: Services) -> dict[str, list[tuple[str, str]]]:
    return {name: segments.choices(services, name) for name in ("communes", "households", "topics")}


async def audience(services: Services, segment: Segment) -> dict[str, object]:
    """Live counts for the segment builder: per channel, and Zalo followers out of window."""
    per_channel = services.store.web.recipients_by_channel(*segment.where())
    now = utc_now()
    outside = await segments.outside_window(services, segment, now)
    means = {ch: await reach.describe(services, ch, n, now) for ch, n in outside.items()}
    return {
        "total": sum(per_channel.values()),
        "channels": per_channel,
        "outside_window": outside,
        # How those outside the window are reached (Zalo: templates, the article), if at all.
        "means": {ch: lines for ch, lines in means.items() if lines is not None},
    }


def campaign_preview(services: Services, draft: compose.Draft) -> tuple[str, str, int]:
    """(Telegram HTML, Zalo text, characters over the limit) of the message as citizens see it."""
    footer = services.texts.get("bc_footer")
    message = compose.outgoing(draft, footer)
    return message.text, compose.plain(message.text), draft.overflow(footer)


async def create_campaign(
    services: Services,
    draft: compose.Draft,
    *,
    segment: Segment,
    at: dt.datetime | None,
    recurrence: Recurrence | None,
    actor: str,
    role: str,
) -> Campaign:
    """Store the campaign and wake the scheduler — the same path as /guitin's confirm."""
    tz = ZoneInfo(services.settings.timezone)
    created = await actions.create(
        services.store, draft, segment=segment, created_by=actor, now=utc_now(), at=at,
        recurrence=recurrence, tz=tz,
    )  # fmt: skip
    services.store.audit.record(
        actor, "campaign create", role=role, allowed=True, detail=f"#{created.id}"
    )
    poke(services)
    return created


async def change_campaign(
    services: Services, campaign_id: int, what: str, *, actor: str, role: str
) -> Campaign:
    tz = ZoneInfo(services.settings.timezone)
    now = utc_now()
    try:
        if what == "pause":
            changed = await actions.pause(services.store, campaign_id, now=now)
        elif what == "resume":
            changed = await actions.resume(services.store, campaign_id, now=now, tz=tz)
        elif what == "cancel":
            changed = await actions.cancel(services.store, campaign_id, now=now)
        else:
            raise Refused(what)
    except actions.ActionRefused as error:
        raise Refused(str(error)) from error
    services.store.audit.record(
        actor, f"campaign {what}", role=role, allowed=True, detail=f"#{campaign_id}"
    )
    poke(services)
    return changed


async def deliveries_xlsx(services: Services, campaign_id: int) -> bytes | None:
    """Every recipient of the latest run with their delivery status (not only failures)."""
    from bot.web.workbooks import deliveries_workbook

    run = services.store.campaigns.latest_run(campaign_id)
    if run is None:
        return None
    rows = services.store.web.deliveries(run.id)
    return await asyncio.to_thread(deliveries_workbook, services, campaign_id, rows)
