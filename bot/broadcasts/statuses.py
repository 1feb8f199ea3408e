"""The statuses a campaign, a run and a delivery row go through, and how a run ends.

Their values are the strings the store writes today (``bot/store/campaigns.py``), so that a
``StrEnum`` member compares equal to a stored value and the store can adopt these types
later without a migration.
"""

from __future__ import annotations

import enum


class CampaignStatus(enum.StrEnum):
    """A campaign: waiting for its time, a run in progress, stopped by an officer, over."""

    SCHEDULED = "scheduled"
    SENDING = "sending"
    PAUSED = "paused"
    DONE = "done"
    CANCELLED = "cancelled"
    MISSED = "missed"


class RunStatus(enum.StrEnum):
    """One run of a campaign (``campaign_runs.status``)."""

    PREPARING = "preparing"  # recipients still being filled in, 500 at a time
    SENDING = "sending"
    DONE = "done"
    CANCELLED = "cancelled"
    MISSED = "missed"


class RowStatus(enum.StrEnum):
    """One recipient of a run (``deliveries.status``)."""

    PENDING = "pending"
    SENDING = "sending"  # written just before the network call: after a crash, maybe sent
    SENT = "sent"
    FAILED = "failed"
    BLOCKED = "blocked"
    SKIPPED = "skipped"  # the citizen stopped news before their turn came
    OUTSIDE_WINDOW = "outside_window"  # the channel allows no free message now (Zalo)
    ARTICLE = "article"  # outside the window, reached by an OA Article broadcast (Zalo)
    TEMPLATE = "template"  # outside the window, reached by a paid template message (Zalo)
    CANCELLED = "cancelled"


class RunOutcome(enum.StrEnum):
    """Why ``RunSender.send_run`` returned: the run is over, or halted until a later sync."""

    DONE = "done"
    QUIET = "quiet"  # quiet hours began
    PAUSED = "paused"
    CANCELLED = "cancelled"
    STOPPED = "stopped"  # the bot is shutting down
    STORE = "store"  # the store could not be written: sent again once it works
    ELSEWHERE = "elsewhere"  # rows still claimed by another sender: a later sync looks again
