"""What an officer can do to a campaign, shared by the Telegram flows, the console and the CLI.

Each action is one transaction: ``await actions.pause(store, …)`` from async code, or the
``…_in`` form over the repositories, run on the database thread (``store.call(lambda r:
actions.pause_in(r, …))`` from the command line and tests). They only change the database; a
running bot notices through :func:`poke` (same process) or its periodic re-read.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from bot.broadcasts import compose
from bot.broadcasts.statuses import CampaignStatus, RunStatus
from bot.broadcasts.timing import Recurrence, to_iso
from bot.store import Repositories, Store
from bot.store.campaigns import Campaign, Segment

PAUSABLE = ("scheduled", "sending")
CANCELLABLE = ("scheduled", "sending", "paused", "missed")
RESUMABLE = ("paused", "missed")


class ActionRefused(Exception):
    """The campaign is not in a state that allows this action."""

    def __init__(self, campaign: Campaign | None) -> None:
        super().__init__(f"campaign is {campaign.status if campaign else 'unknown'}")
        self.campaign = campaign


def create_in(
    r: Repositories,
    draft: compose.Draft,
    *,
    segment: Segment,
    created_by: str,
    now: dt.datetime,
    at: dt.datetime | None = None,
    recurrence: Recurrence | None = None,
    tz: ZoneInfo,
) -> Campaign:
    """Store a new campaign; ``at`` None means now (or the rule's first occurrence)."""
    if at is None:
        at = recurrence.next_after(now, tz) if recurrence else now
    return r.campaigns.create(
        text=draft.html,
        title=compose.title_of(draft.html) or "(ảnh/tệp)",
        photo_id=draft.photo_id,
        document_id=draft.document_id,
        document_name=draft.document_name,
        segment=segment,
        recurrence=str(recurrence) if recurrence else None,
        next_run_at=to_iso(at),
        created_by=created_by,
        now=to_iso(now),
    )


def pause_in(r: Repositories, campaign_id: int, *, now: dt.datetime) -> Campaign:
    """Stop sending (a running campaign stops after the messages in flight)."""
    _get(r, campaign_id, PAUSABLE)
    r.campaigns.update(campaign_id, now=to_iso(now), status=CampaignStatus.PAUSED)
    return _fresh(r, campaign_id)


def resume_in(r: Repositories, campaign_id: int, *, now: dt.datetime, tz: ZoneInfo) -> Campaign:
    """Carry on: an interrupted run continues; a time that passed while paused means now."""
    campaign = _get(r, campaign_id, RESUMABLE)
    if r.campaigns.open_run(campaign_id) is not None:
        r.campaigns.update(campaign_id, now=to_iso(now), status=CampaignStatus.SENDING)
        return _fresh(r, campaign_id)
    due = campaign.next_run_at
    if due is None or due < to_iso(now):
        rule = Recurrence.parse(campaign.recurrence) if campaign.recurrence else None
        due = to_iso(rule.next_after(now, tz) if rule else now)
    r.campaigns.update(
        campaign_id, now=to_iso(now), status=CampaignStatus.SCHEDULED, next_run_at=due
    )
    return _fresh(r, campaign_id)


def cancel_in(r: Repositories, campaign_id: int, *, now: dt.datetime) -> Campaign:
    """Cancel for good: nothing more is sent; unsent rows are kept as 'cancelled'."""
    _get(r, campaign_id, CANCELLABLE)
    run = r.campaigns.open_run(campaign_id)
    if run is not None:
        r.campaigns.finish_run(run.id, RunStatus.CANCELLED, now=to_iso(now))
    r.campaigns.update(
        campaign_id, now=to_iso(now), status=CampaignStatus.CANCELLED, next_run_at=None
    )
    return _fresh(r, campaign_id)


async def create(store: Store, draft: compose.Draft, **options: Any) -> Campaign:
    """:func:`create_in` (same keyword arguments) as one transaction."""
    return await store.write(lambda r: create_in(r, draft, **options))


async def pause(store: Store, campaign_id: int, *, now: dt.datetime) -> Campaign:
    """:func:`pause_in` as one transaction."""
    return await store.write(lambda r: pause_in(r, campaign_id, now=now))


async def resume(store: Store, campaign_id: int, *, now: dt.datetime, tz: ZoneInfo) -> Campaign:
    """:func:`resume_in` as one transaction."""
    return await store.write(lambda r: resume_in(r, campaign_id, now=now, tz=tz))


async def cancel(store: Store, campaign_id: int, *, now: dt.datetime) -> Campaign:
    """:func:`cancel_in` as one transaction."""
    return await store.write(lambda r: cancel_in(r, campaign_id, now=now))


def _get(r: Repositories, campaign_id: int, allowed: tuple[str, ...]) -> Campaign:
    campaign = r.campaigns.get(campaign_id)
    if campaign is None or campaign.status not in allowed:
        raise ActionRefused(campaign)
    return campaign


def _fresh(r: Repositories, campaign_id: int) -> Campaign:
    campaign = r.campaigns.get(campaign_id)
    assert campaign is not None
    return campaign
