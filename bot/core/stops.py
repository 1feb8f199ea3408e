"""The one way a person's news stops when a channel says they can no longer be reached.

A delivery can come back ``STOPPED`` from many places — a broadcast, a staff answer, a
session notice, a reply — and a channel can learn it on its own (Telegram's "blocked",
Zalo's "unfollow" event or error codes). Every such place calls :func:`recipient_stopped`
(or :func:`stop_news` inside a transaction it already runs), so the citizen is stopped with
the same reason and the reports get the same ``unsubscribed`` reach event, whoever noticed.
The first reason wins: a second notice for someone already stopped changes nothing.
"""

from __future__ import annotations

import enum
import logging
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.store import Citizen, Repositories, Store

log = logging.getLogger(__name__)


class StopReason(enum.StrEnum):
    """Why news to a citizen stopped (``citizens.stopped_reason``; the event's value)."""

    USER = "user"  # the citizen asked (/dunglai)
    BLOCKED = "blocked"  # a channel refused delivery: blocked the bot, left, deactivated
    UNFOLLOWED = "unfollowed"  # Zalo: no longer follows the Official Account
    INACTIVE = "inactive"  # Zalo: the account is inactive


def stop_news(repos: Repositories, user: str, reason: StopReason) -> Citizen | None:
    """Stop news to ``user`` and record the ``unsubscribed`` event, on the database thread.

    Returns the stopped citizen, or None when the person is unknown or already stopped.
    """
    citizen = repos.citizens.get(user)
    if citizen is None or citizen.stopped_at is not None:
        return None
    stopped = repos.citizens.stop(citizen, str(reason))
    channel = user.partition(":")[0]
    repos.events.record("unsubscribed", channel=channel, citizen=citizen, value=str(reason))
    return stopped


async def recipient_stopped(
    store: Store, user: str, reason: StopReason = StopReason.BLOCKED
) -> Citizen | None:
    """A channel says ``user`` cannot receive messages: stop their news, in one transaction."""
    stopped = await store.write(lambda repos: stop_news(repos, user, reason))
    if stopped is not None:
        log.info("citizen %s stopped (%s)", stopped.id, reason)
    return stopped
