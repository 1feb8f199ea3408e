"""Broadcast campaigns: officers schedule news to segments of subscribed citizens.

The package sits on the channel-neutral core: campaigns live in the store
(:mod:`bot.store.campaigns`), messages go out through ``services.hub`` and every outcome is a
:class:`~bot.core.messages.DeliveryStatus`. See ``docs/broadcasts.md``.
"""
