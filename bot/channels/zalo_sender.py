"""Sending to a person on Zalo, with every outcome normalised into a ``Delivery``.

Used for replies and, through the hub, for pushed messages (staff answers, broadcasts). It
never raises for an API error: an expired token is refreshed and the message retried once;
a person who unfollowed or went inactive is marked stopped; outside the 7-day window is
``OUTSIDE_WINDOW``, a rate limit is ``THROTTLED``, an outage is ``TRANSIENT``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from bot.channels.zalo_client import (
    INACTIVE,
    NOT_FOLLOWING,
    TOKEN_EXPIRED,
    ZaloClient,
    ZaloUnavailable,
    delivery_of,
)
from bot.channels.zalo_format import PayloadSigner, render
from bot.channels.zalo_tokens import TokenManager, TokenUnavailable
from bot.core.messages import Attachment, Delivery, DeliveryStatus, Outgoing
from bot.store import Store

log = logging.getLogger(__name__)

CHANNEL = "zalo"
STOP_REASONS = {NOT_FOLLOWING: "unfollowed", INACTIVE: "inactive"}


class ZaloSender:
    """Pushes ``Outgoing`` messages as consultation (``cs``) messages.

    Args:
        client: The Zalo API client.
        tokens: Hands out the access token.
        store: For stopping citizens and remembering numbered choices.
        number_hint: The line under numbered choices (more than five buttons).
        file_note: The note said instead of a document or photo (files are not uploaded yet).
        signer: Signs button payloads for their recipient.
    """

    def __init__(
        self,
        client: ZaloClient,
        tokens: TokenManager,
        store: Store,
        *,
        number_hint: str,
        file_note: Callable[[Attachment], str],
        signer: PayloadSigner,
    ) -> None:
        self.client = client
        self.tokens = tokens
        self.store = store
        self.number_hint = number_hint
        self.file_note = file_note
        self.signer = signer

    async def send(self, address: str, message: Outgoing) -> Delivery:
        """Send ``message`` to the Zalo user ``address`` (split if long)."""
        file = message.document or message.photo
        note = self.file_note(file) if file is not None else ""
        user = f"{CHANNEL}:{address}"
        rendered = render(
            message,
            encode_payload=lambda payload: self.signer.encode(user, payload),
            number_hint=self.number_hint,
            file_note=note,
        )
        delivery = Delivery(DeliveryStatus.FAILED, error="nothing to send")
        code: int | None = None
        for body in rendered.messages:
            delivery, code = await self._send_one(address, body)
            if delivery.status is not DeliveryStatus.SENT:
                break
        if delivery.status is DeliveryStatus.SENT:
            # Numbers typed from now on mean these choices; template buttons supersede them.
            if rendered.numbered:
                self.store.zalo.set_choices(user, rendered.numbered)
            elif message.buttons:
                self.store.zalo.clear_choices(user)
        elif delivery.status is DeliveryStatus.STOPPED and code is not None:
            self._stop(user, STOP_REASONS.get(code, "blocked"))
        return delivery

    async def _send_one(self, address: str, body: dict[str, Any]) -> tuple[Delivery, int | None]:
        try:
            token = await self.tokens.access_token()
            reply = await self.client.send_cs(token, address, body)
            if reply.error in TOKEN_EXPIRED:
                log.info("Zalo refused the access token (%s); refreshing", reply.error)
                token = await self.tokens.refresh(stale=token)
                reply = await self.client.send_cs(token, address, body)
        except TokenUnavailable as error:
            status = DeliveryStatus.TRANSIENT if error.transient else DeliveryStatus.FAILED
            return Delivery(status, error=str(error)), None
        except ZaloUnavailable as error:
            return Delivery(DeliveryStatus.TRANSIENT, error=str(error)), None
        return delivery_of(reply), reply.error

    def _stop(self, user: str, reason: str) -> None:
        """Zalo says the person cannot receive messages: stop news to them."""
        citizens = self.store.citizens
        citizen = citizens.get(user)
        if citizen is not None and citizen.stopped_at is None:
            citizens.stop(citizen, reason)
            log.info("Zalo citizen %s marked stopped (%s)", citizen.id, reason)
