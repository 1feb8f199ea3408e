"""Reaching Zalo followers outside the 7-day window: OA Article broadcast and ZBS templates.

Implements the broadcast engine's ``Reach`` port (``bot/broadcasts/reach.py``) for Zalo:

- **Article broadcast** (free within the OA package's monthly quota): the campaign becomes an
  OA article — created asynchronously (``/v2.0/article/create`` gives a token, polled at
  ``/v2.0/article/verify`` until the article id comes) — then broadcast once with the target
  filters (``/v2.0/oa/message``). The quota is read live (``/v3.0/oa/quota/message``).
- **ZBS template by UID** (paid per message, template approved by Zalo beforehand): one
  ``/v3.0/oa/message/template`` call per person, with the campaign's title and text as the
  template's ``tieu_de`` and ``noi_dung`` parameters. Tag 3 (promotion) is refused at night.

Shapes the sources disagree on are in :mod:`bot.channels.zalo_shapes`.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.channels import zalo_shapes as shapes
from bot.channels.zalo_client import (
    ApiReply,
    ZaloClient,
    ZaloUnavailable,
    delivery_of,
)
from bot.channels.zalo_pacing import ZaloBudget
from bot.channels.zalo_tokens import TokenManager, TokenUnavailable
from bot.core.messages import Delivery, DeliveryStatus

log = logging.getLogger(__name__)

VERIFY_TRIES = 8  # article processing usually takes seconds
VERIFY_FIRST_WAIT = 0.5  # doubles: 0.5 + 1 + … + 64 s at most
PROMOTION_TAG = 3
PROMOTION_HOURS = range(6, 22)  # promotion-tag templates: 06:00–21:59 only (-234 otherwise)
TITLE_LIMIT = 150
DESCRIPTION_LIMIT = 300
TEMPLATE_TEXT_LIMIT = 400
# Codes recorded and never retried (shared/ZALO.md); -213/-227 are mapped by delivery_of.
BLOCKED = (-244, -217)
NIGHT_BAN = -234


@dataclass(frozen=True)
class ReachSettings:
    """The deployment's choices for reaching people outside the window.

    Attributes:
        template_id: An approved ZBS template with parameters ``tieu_de`` and ``noi_dung``;
            empty: no template messages.
        template_price_vnd: What Zalo charges per template message delivered.
        template_cap_vnd: The most template messages may cost in a calendar month; only an
            admin raises it (``ZALO_TEMPLATE_CAP_VND``).
        template_tag: 1 transaction, 2 customer care, 3 promotion (night ban).
        article_target: Article broadcast filters (e.g. ``{"cities": "4"}``); empty: all.
        author: The article's author line.
        cover_url: A public image URL for every article's cover; empty: none.
    """

    template_id: str = ""
    template_price_vnd: int = 0
    template_cap_vnd: int = 0
    template_tag: int = 2
    article_target: dict[str, str] | None = None
    author: str = ""
    cover_url: str = ""

    @property
    def templates_on(self) -> bool:
        return bool(self.template_id) and self.template_price_vnd > 0 and self.template_cap_vnd > 0


class ArticleError(Exception):
    """The article could not be created or broadcast; ``reason`` is a short stable code."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason


class ZaloReach:
    """Article broadcasts and template messages through the OA API."""

    channel = "zalo"

    def __init__(
        self,
        client: ZaloClient,
        tokens: TokenManager,
        budget: ZaloBudget,
        settings: ReachSettings,
        *,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.client = client
        self.tokens = tokens
        self.budget = budget
        self.settings = settings
        self.sleep = sleep
        self.last_quota: shapes.Quota | None = None  # for the officer's preview

    # -- the port ------------------------------------------------------------------------
    @property
    def template_price(self) -> int:
        return self.settings.template_price_vnd if self.settings.templates_on else 0

    @property
    def template_cap(self) -> int:
        return self.settings.template_cap_vnd if self.settings.templates_on else 0

    def templates_allowed_at(self, local: dt.datetime) -> bool:
        """False at night for a promotion-tag template (Zalo refuses it with -234)."""
        return self.settings.template_tag != PROMOTION_TAG or local.hour in PROMOTION_HOURS

    def article_quota_left(self) -> int | None:
        """Article broadcasts left this month, as last read (None: unknown yet)."""
        return self.last_quota.remain if self.last_quota else None

    async def read_quota(self) -> int | None:
        """Read the live quota (also kept for the preview); None when Zalo does not say."""
        reply = await self._call("POST", "/v3.0/oa/quota/message", {"type": "promotion"})
        shapes.log_first("quota", reply)
        if reply.error != 0:
            log.warning("Zalo quota not read: %s %s", reply.error, reply.message)
            return None
        self.last_quota = shapes.quota_of(reply)
        return self.last_quota.remain

    async def broadcast_article(self, title: str, paragraphs: list[str]) -> str:
        """Create the article, wait until Zalo has processed it, broadcast it; its id."""
        description = " ".join(paragraphs)[:DESCRIPTION_LIMIT]
        body = shapes.article_body(
            title[:TITLE_LIMIT], description, paragraphs, self.settings.author,
            self.settings.cover_url,
        )  # fmt: skip
        created = await self._call("POST", "/v2.0/article/create", body)
        shapes.log_first("article/create", created)
        token = shapes.article_token_of(created)
        if created.error != 0 or token is None:
            raise ArticleError("article_refused", f"{created.error} {created.message}")
        article_id = await self._verified(token)
        target = dict(self.settings.article_target or {})
        sent = await self._call(
            "POST", "/v2.0/oa/message", shapes.article_broadcast_body(article_id, target)
        )
        shapes.log_first("article broadcast", sent)
        if sent.error != 0:
            reason = "article_quota" if "quota" in sent.message.lower() else "article_refused"
            raise ArticleError(reason, f"{sent.error} {sent.message}")
        if self.last_quota is not None and self.last_quota.remain:
            self.last_quota = shapes.Quota(self.last_quota.remain - 1, self.last_quota.total)
        return article_id

    async def send_template(
        self, address: str, title: str, text: str, tracking_id: str
    ) -> tuple[Delivery, bool]:
        """One template message; (delivery, whether the template itself was refused)."""
        params = {"tieu_de": title[:TITLE_LIMIT], "noi_dung": text[:TEMPLATE_TEXT_LIMIT]}
        body = shapes.template_body(address, self.settings.template_id, params, tracking_id)
        try:
            reply = await self._call("POST", "/v3.0/oa/message/template", body)
        except ArticleError as error:  # token or network trouble, not the template's fault
            return Delivery(DeliveryStatus.TRANSIENT, error=str(error)), False
        shapes.log_first("template", reply)
        delivery = delivery_of(reply)
        if delivery.status is DeliveryStatus.THROTTLED:
            return Delivery(delivery.status, self.budget.throttled(), delivery.error), False
        if reply.error == 0:
            self.budget.succeeded()
            return delivery, False
        if reply.error in BLOCKED:
            return Delivery(DeliveryStatus.STOPPED, error=f"blocked ({delivery.error})"), False
        if reply.error == NIGHT_BAN:
            return Delivery(DeliveryStatus.OUTSIDE_WINDOW, error=delivery.error), False
        if delivery.status is DeliveryStatus.FAILED:
            return delivery, True  # a rejected or unknown template: stop using it this run
        return delivery, False

    # -- plumbing ------------------------------------------------------------------------
    async def _verified(self, token: str) -> str:
        wait = VERIFY_FIRST_WAIT
        for _ in range(VERIFY_TRIES):
            reply = await self._call("POST", "/v2.0/article/verify", {"token": token})
            shapes.log_first("article/verify", reply)
            article_id = shapes.article_id_of(reply)
            if article_id is not None:
                return article_id
            await self.sleep(wait)  # still processing (or an error that may clear)
            wait *= 2
        raise ArticleError("article_processing", "Zalo did not finish processing the article")

    async def _call(self, method: str, path: str, body: dict) -> ApiReply:
        try:
            reply = await self.tokens.call(lambda token: self._once(method, token, path, body))
        except (TokenUnavailable, ZaloUnavailable) as error:
            raise ArticleError("network", str(error)) from error
        return reply

    async def _once(self, method: str, token: str, path: str, body: dict) -> ApiReply:
        if method == "GET":
            return await self.client.get(token, path, body)
        return await self.client.post(token, path, body)
