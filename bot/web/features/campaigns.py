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
from bot.store import Repositories
from bot.store.campaigns import Campaign, Segment
from bot.web import media
from bot.web.features.common import Refused, audit_later


# -- campaigns -------------------------------------------------------------------------------
@dataclass
class CampaignLine:
    campaign: Campaign
    progress: report.Progress
    status_label: str


def _progress(r: Repositories, campaign_id: int) -> report.Progress:
    """Delivery counts of the campaign's latest run (read on the database thread)."""
    run = r.campaigns.latest_run(campaign_id)
    return report.Progress(r.campaigns.counts(run.id) if run else {})


async def campaigns(services: Services, *, limit: int = 50) -> list[CampaignLine]:
    """The newest campaigns with their progress, in one read."""
    found = await services.store.read(
        lambda r: [(c, _progress(r, c.id)) for c in r.campaigns.recent(limit=limit)]
    )
    return [CampaignLine(c, done, report.status_label(services, c)) for c, done in found]


async def campaign(services: Services, campaign_id: int) -> CampaignLine | None:
    def read(r: Repositories) -> tuple[Campaign, report.Progress] | None:
        found = r.campaigns.get(campaign_id)
        return None if found is None else (found, _progress(r, campaign_id))

    seen = await services.store.read(read)
    if seen is None:
        return None
    return CampaignLine(seen[0], seen[1], report.status_label(services, seen[0]))


def segment_choices(services: Services) -> dict[str, list[tuple[str, str]]]:
    return {name: segments.choices(services, name) for name in ("communes", "households", "topics")}


async def audience(services: Services, segment: Segment) -> dict[str, object]:
    """Live counts for the segment builder: per channel, and Zalo followers out of window."""
    where, params = segment.where()
    per_channel = await services.store.read(lambda r: r.web.recipients_by_channel(where, params))
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
    audit_later(services, actor, "campaign create", role, f"#{created.id}")
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
    if what == "cancel":
        await _forget_media(services, changed)
    audit_later(services, actor, f"campaign {what}", role, f"#{campaign_id}")
    poke(services)
    return changed


async def _media_in_use(services: Services) -> set[str]:
    urls = await services.store.read(lambda r: r.web.media_in_use())
    return {name for name in map(media.name_in, urls) if name}


async def keep_upload(services: Services, data: bytes, filename: str) -> media.Stored:
    """Check and keep an officer's upload (raises :class:`media.MediaError`); drafts left
    from earlier days that no campaign names are removed meanwhile."""
    stored = await asyncio.to_thread(media.save, services.settings, data, filename)
    in_use = await _media_in_use(services)
    await asyncio.to_thread(
        media.sweep, services.settings, in_use | {stored.name}, now=services.clock.now()
    )
    return stored


async def _forget_media(services: Services, cancelled: Campaign) -> None:
    """A cancelled campaign's file goes, unless another campaign still names it."""
    names = [media.name_in(cancelled.photo_id), media.name_in(cancelled.document_id)]
    in_use = await _media_in_use(services)
    await asyncio.to_thread(media.discard, services.settings, filter(None, names), in_use)


async def deliveries_xlsx(services: Services, campaign_id: int) -> bytes | None:
    """Every recipient of the latest run with their delivery status (not only failures)."""
    from bot.web.workbooks import deliveries_workbook

    def read(r: Repositories) -> list[dict] | None:
        run = r.campaigns.latest_run(campaign_id)
        return None if run is None else r.web.deliveries(run.id)

    rows = await services.store.read(read)
    if rows is None:
        return None
    return await asyncio.to_thread(deliveries_workbook, services, campaign_id, rows)
