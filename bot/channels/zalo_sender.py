"""Sending to a person on Zalo, with every outcome normalised into a ``Delivery``.

Used for replies and, through the hub, for pushed messages (staff answers, broadcasts). It
never raises for an API error: an expired token is refreshed and the message retried once;
a person who unfollowed or went inactive is marked stopped; outside the 7-day window is
``OUTSIDE_WINDOW``, a rate limit is ``THROTTLED``, an outage is ``TRANSIENT``. A photo or
document is uploaded (:mod:`bot.channels.zalo_upload`) and sent as its own message before the
text; one Zalo cannot take is replaced by a note in the text.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from bot.channels.zalo_client import (
    INACTIVE,
    NOT_FOLLOWING,
    UPLOAD_EXPIRED,
    ZaloClient,
    ZaloUnavailable,
    delivery_of,
)
from bot.channels.zalo_format import PayloadSigner, render
from bot.channels.zalo_pacing import ZaloBudget
from bot.channels.zalo_tokens import TokenManager, TokenUnavailable
from bot.channels.zalo_upload import Ready, Refused, ZaloUploads
from bot.core.clock import system_now
from bot.core.messages import Attachment, Delivery, DeliveryStatus, Outgoing
from bot.core.stops import StopReason, recipient_stopped
from bot.store import Store

log = logging.getLogger(__name__)

CHANNEL = "zalo"
WINDOW = dt.timedelta(days=7)  # consultation messages are refused after this (-230)
STOP_REASONS = {NOT_FOLLOWING: StopReason.UNFOLLOWED, INACTIVE: StopReason.INACTIVE}


class ZaloSender:
    """Pushes ``Outgoing`` messages as consultation (``cs``) messages.

    Args:
        client: The Zalo API client.
        tokens: Hands out the access token.
        store: For stopping citizens and remembering numbered choices.
        number_hint: The line under numbered choices (more than five buttons).
        file_note: The note said instead of a document or photo that cannot go to Zalo.
        signer: Signs button payloads for their recipient.
        uploads: Uploads photos and documents; without it every file becomes a note.
        contact_form: The ``request_user_info`` message sent after a question for a name and
            phone (``Outgoing.asks_contact``); None: typed answers only.
        clock: The aware current time (the services' clock), for the 7-day window.
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
        uploads: ZaloUploads | None = None,
        contact_form: dict[str, Any] | None = None,
        clock: Callable[[], dt.datetime] = system_now,
    ) -> None:
        self.client = client
        self.tokens = tokens
        self.store = store
        self.number_hint = number_hint
        self.file_note = file_note
        self.signer = signer
        self.uploads = uploads
        self.contact_form = contact_form
        self.clock = clock
        self.budget = ZaloBudget(client.rate)

    def campaign_wait(self) -> float:
        """Seconds campaigns should hold off (the hub asks before each campaign message)."""
        return self.budget.campaign_wait()

    async def send(self, address: str, message: Outgoing) -> Delivery:
        """Send ``message`` to the Zalo user ``address``: its file first, then the text."""
        if await self._silent_too_long(f"{CHANNEL}:{address}"):
            # Known to be outside the window: no request spent on a sure -230.
            return Delivery(DeliveryStatus.OUTSIDE_WINDOW, error="outside the 7-day window")
        file = message.document or message.photo
        note = ""
        delivery = Delivery(DeliveryStatus.FAILED, error="nothing to send")
        code: int | None = None
        if file is not None:
            prepared = await self._prepare(file)
            if isinstance(prepared, Refused):
                log.info("Zalo: a %s goes as a note (%s)", file.kind, prepared.reason)
                note = self.file_note(file)
            else:
                delivery, code = await self._send_file(address, file, prepared)
                if delivery.status is not DeliveryStatus.SENT:
                    return await self._settle(f"{CHANNEL}:{address}", message, delivery, code, [])
        user = f"{CHANNEL}:{address}"
        rendered = render(
            message,
            encode_payload=lambda payload: self.signer.encode(user, payload),
            number_hint=self.number_hint,
            file_note=note,
        )
        for body in rendered.messages:
            if not body.get("text") and "attachment" not in body:
                continue  # a file without a caption
            delivery, code = await self._send_one(address, body)
            if delivery.status is not DeliveryStatus.SENT:
                break
        if message.asks_contact and self.contact_form and delivery.status is DeliveryStatus.SENT:
            # One tap shares name and phone; the typed answer the text asks for still works.
            form, _ = await self._send_one(address, self.contact_form)
            if form.status is not DeliveryStatus.SENT:
                log.info("Zalo: the contact form was not sent (%s)", form.error)
        return await self._settle(user, message, delivery, code, rendered.numbered)

    async def _settle(
        self,
        user: str,
        message: Outgoing,
        delivery: Delivery,
        code: int | None,
        numbered: list[str],
    ) -> Delivery:
        if delivery.status is DeliveryStatus.SENT:
            # Numbers typed from now on mean these choices; template buttons supersede them.
            if numbered:
                await self.store.write(lambda repos: repos.zalo.set_choices(user, numbered))
            elif message.buttons:
                await self.store.write(lambda repos: repos.zalo.clear_choices(user))
        elif delivery.status is DeliveryStatus.STOPPED and code is not None:
            await recipient_stopped(self.store, user, STOP_REASONS.get(code, StopReason.BLOCKED))
        return delivery

    async def _prepare(self, file: Attachment) -> Ready | Refused:
        if self.uploads is None:
            return Refused("uploads are off")
        try:
            return await self.uploads.prepare(file)
        except Exception as error:  # a broken workbook, say: the text still goes
            log.exception("Zalo: preparing a %s failed", file.kind)
            return Refused(f"{type(error).__name__}")

    async def _send_file(
        self, address: str, file: Attachment, prepared: Ready
    ) -> tuple[Delivery, int | None]:
        """Send the uploaded file; an expired upload (-100) is uploaded again, once."""
        delivery, code = await self._send_one(address, prepared.message)
        if code == UPLOAD_EXPIRED and self.uploads is not None:
            log.info("Zalo: an uploaded %s expired; uploading it again", file.kind)
            self.uploads.forget(prepared.key)
            again = await self.uploads.prepare(file)
            if isinstance(again, Refused):
                return Delivery(DeliveryStatus.FAILED, error=again.reason), None
            delivery, code = await self._send_one(address, again.message)
        return delivery, code

    async def _send_one(self, address: str, body: dict[str, Any]) -> tuple[Delivery, int | None]:
        try:
            reply = await self.tokens.call(lambda token: self.client.send_cs(token, address, body))
        except TokenUnavailable as error:
            status = DeliveryStatus.TRANSIENT if error.transient else DeliveryStatus.FAILED
            return Delivery(status, error=str(error)), None
        except ZaloUnavailable as error:
            return Delivery(DeliveryStatus.TRANSIENT, error=str(error)), None
        delivery = delivery_of(reply)
        if delivery.status is DeliveryStatus.THROTTLED:
            delivery = dataclasses.replace(delivery, retry_after=self.budget.throttled())
        elif reply.error == 0:
            self.budget.succeeded()
        return delivery, reply.error

    async def _silent_too_long(self, user: str) -> bool:
        citizen = await self.store.read(lambda repos: repos.citizens.get(user))
        if citizen is None or not citizen.last_seen:
            return False
        since = (self.clock() - WINDOW).astimezone(dt.UTC).isoformat(timespec="seconds")
        return citizen.last_seen < since
