"""Broadcast campaigns: officers schedule news to segments of subscribed citizens.

The package sits on the channel-neutral core: campaigns live in the store
(:mod:`bot.store.campaigns`), messages go out through ``services.hub`` and every outcome is a
:class:`~bot.core.messages.DeliveryStatus`. See ``docs/broadcasts.md``.

Owns:
    handlers: ``flow_compose`` (/guitin), ``flow_when`` (when, and how often), ``flow_manage``
        (/chiendich: list, pause, resume, cancel), with ``flow_state`` and ``flow_drafts``.
    service: ``service`` (the scheduler, reached by other features through the core's
        ``CampaignScheduler`` port on ``Services.scheduler``), ``sender`` and ``pacing`` (the
        paced sender), ``reach`` (people outside a channel's window), ``segments``,
        ``timing`` (recurrences, quiet hours), ``report``; ``cli``
        (``python -m bot.broadcasts``).
    texts: ``content/texts/broadcasts.yaml``; drafts in ``content/drafts.yaml``.
    store: ``bot/store/campaigns.py`` (migrations ``broadcasts``), ``bot/store/reach.py``
        (migrations ``reach``).
    deletion: ``Campaigns.forget_citizen``, a hook of ``Citizens.delete``.

Public to other features: ``actions`` (create, pause, resume, cancel a campaign: the chat
flows, the command line and the web console share them) with ``compose`` (the ``Draft`` they
take), and ``config`` and ``timing`` (the quiet hours staff alerts respect too).
"""

from __future__ import annotations

from bot.core.router import Router


def router() -> Router:
    """The officers' broadcast commands, in their /help order."""
    from bot.broadcasts import flow_compose, flow_manage, flow_when

    broadcasts = Router()
    broadcasts.include(flow_compose.router)
    broadcasts.include(flow_when.router)
    broadcasts.include(flow_manage.router)
    return broadcasts
