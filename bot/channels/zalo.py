"""The Zalo Official Account channel: webhook events in, consultation messages out.

Events become ``Incoming`` messages from ``zalo:<user id>`` for the same dialogue engine as
Telegram: a typed text is text, a tap on a button (text carrying a payload the bot signed for that person) or a
number answering numbered choices is that button, ``follow`` starts onboarding (``/start``)
and ``unfollow`` stops news to the citizen. Replies and pushed messages go out through
:class:`ZaloSender`, registered with the hub with Zalo's 7-day interaction window.

On PostgreSQL the process may be one of several replicas behind a load balancer: each event
about a person then goes through the replicas' shared inbox (``bot/replicas/inbox.py``), as
Telegram's updates do, so one replica at a time answers that person, in Zalo's order, and the
flood guard counts the person's messages on every replica.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from typing import TYPE_CHECKING, Any

import httpx

from bot.channels.patient_delivery import deliver_patiently
from bot.channels.shared_server import WebhookServer
from bot.channels.zalo_client import ZaloClient
from bot.channels.zalo_events import ZaloEvent, parse_event
from bot.channels.zalo_followers import FollowerReconciler
from bot.channels.zalo_format import PayloadSigner
from bot.channels.zalo_reach import ReachSettings, ZaloReach
from bot.channels.zalo_sender import CHANNEL, WINDOW, ZaloSender
from bot.channels.zalo_shapes import request_info_message
from bot.channels.zalo_tokens import TokenManager, TokenUnavailable
from bot.channels.zalo_upload import ZaloUploads
from bot.channels.zalo_webhook import ZaloWebhook
from bot.config import Settings
from bot.core.engine import DialogueEngine
from bot.core.messages import Attachment, DeliveryStatus, Incoming, Outgoing
from bot.core.services import Services
from bot.core.stops import StopReason, stop_news
from bot.replicas.inbox import PersonInbox
from bot.store import StoreError

if TYPE_CHECKING:
    from bot.store import Repositories

log = logging.getLogger(__name__)

REFRESH_CHECK_SECONDS = 300.0
HTTP_TIMEOUT = httpx.Timeout(10.0)


def reach_settings(settings: Settings, services: Services) -> ReachSettings:
    """The ``ZALO_TEMPLATE_*`` and ``ZALO_ARTICLE_*`` choices; articles signed by the commune."""
    cities = settings.zalo_article_cities
    return ReachSettings(
        template_id=settings.zalo_template_id,
        template_price_vnd=settings.zalo_template_price_vnd,
        template_cap_vnd=settings.zalo_template_cap_vnd,
        template_tag=settings.zalo_template_tag,
        article_target={"cities": cities} if cities else None,
        author=services.deployment.authority,
        cover_url=settings.zalo_article_cover_url,
    )


class ZaloChannel:
    """Connects a ``DialogueEngine`` to a Zalo OA.

    Args:
        engine: The dialogue engine shared with the other channels.
        settings: ``ZALO_*`` settings: app, keys, tokens, API URLs, webhook address.
        http: An httpx client to use (tests pass one); by default the channel opens its own.
    """

    def __init__(
        self, engine: DialogueEngine, settings: Settings, *, http: httpx.AsyncClient | None = None
    ) -> None:
        self.engine = engine
        self.settings = settings
        services = engine.services
        self.store = services.store
        self._own_http = http is None
        self.http = http or httpx.AsyncClient(timeout=HTTP_TIMEOUT)
        client = ZaloClient(
            self.http, api_url=settings.zalo_api_url, oauth_url=settings.zalo_oauth_url
        )
        self.tokens = TokenManager(
            self.store,
            client,
            app_id=settings.zalo_app_id,
            app_secret=settings.zalo_app_secret,
            seed_access=settings.zalo_access_token,
            seed_refresh=settings.zalo_refresh_token,
            on_failure=self._notify_admins,
        )
        texts = services.texts
        self.signer = PayloadSigner(settings.zalo_oa_secret_key)
        self.client = client
        self.uploads = ZaloUploads(
            client, self.tokens, fetch=services.hub.fetch_file, clock=services.clock
        )
        self.sender = ZaloSender(
            client,
            self.tokens,
            self.store,
            number_hint=texts.get("zalo_number_hint"),
            file_note=lambda file: texts.get(
                "zalo_file_note",
                ten_tep=file.filename
                or texts.get("zalo_photo_unnamed" if file.kind == "photo" else "zalo_file_unnamed"),
            ),
            signer=self.signer,
            uploads=self.uploads,
            contact_form=request_info_message(
                texts.get("zalo_contact_form_title"), texts.get("zalo_contact_form_subtitle"), ""
            ),
            clock=services.clock,
        )
        self.reach = ZaloReach(
            client, self.tokens, self.sender.budget, reach_settings(settings, services)
        )
        self.webhook = ZaloWebhook(
            app_id=settings.zalo_app_id,
            oa_secret_key=settings.zalo_oa_secret_key,
            first_delivery=self._first_delivery,
            on_event=self._on_event,
            keep=self._keep,
            host=settings.zalo_webhook_host,
            port=settings.zalo_webhook_port,
            path=settings.zalo_webhook_path,
        )
        self.followers = FollowerReconciler(client, self.tokens, self.store)
        self._refresher: asyncio.Task[None] | None = None
        self._reconciler: asyncio.Task[None] | None = None
        self._mounted = False
        # Several replicas (PostgreSQL): a person's events may reach any of them, so each
        # goes through the shared inbox, handled in order by one replica.
        self.inbox: PersonInbox | None = None

    async def open_outbound(self) -> None:
        """Register the sender only (command-line tools that message citizens)."""
        self.engine.services.hub.register(CHANNEL, self.sender, window=WINDOW)
        self.engine.services.hub.register_reach(CHANNEL, self.reach)
        await self.tokens.load()

    async def close_outbound(self) -> None:
        if self._own_http:
            await self.http.aclose()

    def mount_webhook(self, server: WebhookServer) -> None:
        """Receive events on the process's one web server (call before it starts)."""
        for method, path, handler in self.webhook.routes():
            server.add_webhook(method, path, handler)
        self._mounted = True

    async def start(self) -> None:
        """Register the sender with the hub and start listening for events."""
        await self.open_outbound()
        await self.store.write(lambda repos: repos.zalo.prune_seen())
        engine, services = self.engine, self.engine.services
        if self.store.dialect == "postgresql":
            self.inbox = await PersonInbox.open(
                self.settings.database,
                self._handle_stored,
                channel=CHANNEL,
                settled=engine.settled,
                flood=engine.flood,
                clock=services.clock,
            )
        if not self._mounted:  # no shared server: listen on the Zalo port
            await self.webhook.start()
        self._refresher = asyncio.create_task(self._keep_token_fresh())
        self._reconciler = asyncio.create_task(self.followers.run_daily())

    async def stop(self) -> None:
        for task in (self._refresher, self._reconciler):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        await self.webhook.stop()
        if self.inbox is not None:
            await self.inbox.close()  # before the HTTP client: its turns still send
            self.inbox = None
        if self._own_http:
            await self.http.aclose()

    async def _keep_token_fresh(self) -> None:
        """Refresh ahead of expiry even when nobody writes, so the refresh token stays alive."""
        while True:
            await asyncio.sleep(REFRESH_CHECK_SECONDS)
            try:
                await self.tokens.refresh_if_due()
            except TokenUnavailable:
                pass  # logged, and the admins told, by the token manager
            except Exception:
                log.exception("Zalo: the periodic token check failed")

    # -- events --------------------------------------------------------------------------
    async def _first_delivery(self, key: str) -> bool | None:
        """Whether the event ``key`` is new; None when the store cannot tell now (an outage, a
        write lock held elsewhere for seconds): the event is then answered, not lost."""
        try:
            return await self.store.write(lambda repos: repos.zalo.first_delivery(key))
        except StoreError as error:
            if not self.store.is_outage(error):
                raise
            log.warning("Zalo webhook: could not record an event key (%s); answering it", error)
            return None

    async def _keep(self, event: ZaloEvent, data: dict[str, Any]) -> bool:
        """Commit a person's event to the replicas' shared inbox (before Zalo's 200); False
        when there is no inbox (SQLite), the event is about nobody, or it cannot be kept now
        (then this replica handles it at once: answered, not lost)."""
        if self.inbox is None or not event.handled or event.user_id is None:
            return False
        body = json.dumps(data, ensure_ascii=False)
        user = f"{CHANNEL}:{event.user_id}"
        try:
            await self.inbox.receive(user, event.sent_ms, body, event.key)
        except Exception as error:
            log.warning(
                "Zalo webhook: the shared inbox could not keep an event (%s); handled here",
                type(error).__name__,
            )
            return False
        return True

    async def _handle_stored(self, body: str) -> None:
        """An event from the shared inbox (this replica holds the person now)."""
        await self._on_event(parse_event(json.loads(body)))

    async def _on_event(self, event: ZaloEvent) -> None:
        """Handle one event after the webhook has acknowledged it; never raises."""
        try:
            await self._handle(event)
        except Exception:
            log.exception("error while processing a Zalo %s event", event.name)

    async def _handle(self, event: ZaloEvent) -> None:
        if not event.handled or event.user_id is None:
            log.info("Zalo event %s acknowledged; nothing to do", event.name)
            return
        user = f"{CHANNEL}:{event.user_id}"
        if event.name == "unfollow":
            await self._unfollowed(user)
            return
        address = event.user_id

        async def deliver(replies: list[Outgoing]) -> None:
            # Inside the person's turn: one order spans deciding and delivering.
            for reply in replies:
                if not await self._reply(address, reply):
                    break
            if replies and not any(reply.buttons for reply in replies):
                # Numbers typed now are just text.
                await self.store.write(lambda repos: repos.zalo.clear_choices(user))

        await self.engine.handle(await self.to_incoming(event, user), deliver=deliver)

    async def to_incoming(self, event: ZaloEvent, user: str) -> Incoming:
        """The core's message for a ``follow`` or a ``user_send_*`` event."""
        if event.name == "follow":
            return Incoming(user=user, text="/start")
        if event.contact is not None:
            return Incoming(user=user, contact=event.contact, attachments=(Attachment("contact"),))
        payload = self.signer.decode(user, event.text)
        if payload is not None:
            return Incoming(user=user, payload=payload)
        typed = event.text.strip()
        if typed.isdigit() and not event.attachments:
            number = int(typed)
            choice = await self.store.read(lambda repos: repos.zalo.choice(user, number))
            if choice is not None:
                return Incoming(user=user, payload=choice)
        return Incoming(user=user, text=event.text, attachments=event.attachments)

    async def _unfollowed(self, user: str) -> None:
        def forget(repos: Repositories) -> None:
            repos.states.clear(user)
            repos.zalo.clear_choices(user)
            stop_news(repos, user, StopReason.UNFOLLOWED)

        await self.store.write(forget)

    async def _reply(self, address: str, reply: Outgoing) -> bool:
        """Send one reply; False when the rest of the replies should not be tried."""
        delivery = await deliver_patiently(lambda: self.sender.send(address, reply))
        if delivery.status is DeliveryStatus.SENT:
            return True
        log.warning("Zalo reply not delivered: %s (%s)", delivery.status, delivery.error)
        return False

    async def _notify_admins(self, failure: TokenUnavailable) -> None:
        """Tell every admin that Zalo cannot send; admins on Zalo itself cannot be reached."""
        services = self.engine.services
        key = "zalo_token_unreachable" if failure.transient else "zalo_token_failed"
        text = services.texts.get(key, chi_tiet=str(failure))
        for member in await services.store.read(lambda repos: repos.staff.list()):
            if member.role != "admin":
                continue
            if member.channel_id.startswith(CHANNEL + ":"):
                log.warning("admin %s is on Zalo: not told of the token failure", member.channel_id)
                continue
            delivery = await services.hub.send(member.channel_id, Outgoing(text))
            log.info("Zalo token failure notice to %s: %s", member.channel_id, delivery.status)
