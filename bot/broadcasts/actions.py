"""What an officer can do to a campaign, shared by the Telegram flows and the CLI.

These only change the database; a running bot notices through :func:`poke` (same process)
or its periodic re-read (a CLI command in another process).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from bot.broadcasts import compose
from bot.broadcasts.timing import Recurrence, to_iso
from bot.store import Store
from bot.store.campaigns import Campaign, Segment

PAUSABLE = ("scheduled", "sending")
CANCELLABLE = ("scheduled", "sending", "paused", "missed")
RESUMABLE = ("paused", "missed")


class ActionRefused(Exception):
    """The campaign is not in a state that allows this action."""

    def __init__(self, campaign: Campaign | None) -> None:
        super().__init__(f"campaign is {campaign.status if campaign else 'unknown'}")
        self.campaign = campaign


def create(
    store: Store,
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
    return store.campaigns.create(
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


def _get(store: Store, campaign_id: int, allowed: tuple[str, ...]) -> Campaign:
    campaign = store.campaigns.get(campaign_id)
    if campaign is None or campaign.status not in allowed:
        raise ActionRefused(campaign)
    return campaign


def pause(store: Store, campaign_id: int, *, now: dt.datetime) -> Campaign:
    """Stop sending (a running campaign stops after the messages in flight)."""
    _get(store, campaign_id, PAUSABLE)
    store.campaigns.update(campaign_id, now=to_iso(now), status="paused")
    return _fresh(store, campaign_id)


def resume(store: Store, campaign_id: int, *, now: dt.datetime, tz: ZoneInfo) -> Campaign:
    """Carry on: an interrupted run continues; a time that passed while paused means now."""
    campaign = _get(store, campaign_id, RESUMABLE)
    if store.campaigns.open_run(campaign_id) is not None:
        store.campaigns.update(campaign_id, now=to_iso(now), status="sending")
        return _fresh(store, campaign_id)
    due = campaign.next_run_at
    if due is None or due < to_iso(now):
        rule = Recurrence.parse(campaign.recurrence) if campaign.recurrence else None
        due = to_iso(rule.next_after(now, tz) if rule else now)
    store.campaigns.update(campaign_id, now=to_iso(now), status="scheduled", next_run_at=due)
    return _fresh(store, campaign_id)


def cancel(store: Store, campaign_id: int, *, now: dt.datetime) -> Campaign:
    """Cancel for good: nothing more is sent; unsent rows are kept as 'cancelled'."""
    _get(store, campaign_id, CANCELLABLE)
    run = store.campaigns.open_run(campaign_id)
    if run is not None:
        store.campaigns.finish_run(run.id, "cancelled", now=to_iso(now))
    store.campaigns.update(campaign_id, now=to_iso(now), status="cancelled", next_run_at=None)
    return _fresh(store, campaign_id)


def _fresh(store: Store, campaign_id: int) -> Campaign:
    campaign = store.campaigns.get(campaign_id)
    assert campaign is not None
    return campaign
