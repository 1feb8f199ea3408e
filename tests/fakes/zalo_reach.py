"""The fake Zalo OA's ways beyond the window: articles, their broadcast, quota, templates,
and the follower list.

- ``/v2.0/article/create`` → ``data.token``; ``/v2.0/article/verify`` answers "still
  processing" (:data:`PROCESSING`) ``article_processing_polls`` times, then ``data.id``.
- ``/v2.0/oa/message`` with ``recipient.target`` broadcasts an article to every follower who
  follows and is active (filters are recorded, not applied); each follower holds it in
  :attr:`FakeZaloReach.articles_received`. Each broadcast spends one of
  ``article_quota`` (:data:`QUOTA_EXHAUSTED` at 0).
- ``/v3.0/oa/quota/message`` → ``data.remain`` / ``data.total``.
- ``/v3.0/oa/message/template`` by UID: approved templates reach any follower (no window);
  a template in :attr:`FakeZaloReach.rejected_templates` gets :data:`TEMPLATE_REJECTED`.
- ``/v3.0/oa/user/getlist``: followers, 50 at most a page.

The error codes for "processing", "quota exhausted" and "template rejected" are the fake's
assumptions (Zalo documents the situations, the sources do not agree on codes); the bot
treats any error there the same way.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

PROCESSING = -1001
QUOTA_EXHAUSTED = -1002
TEMPLATE_REJECTED = -1124
PAGE_LIMIT = 50


class _Follower(Protocol):
    following: bool
    inactive: bool


@dataclass
class Article:
    token: str
    title: str
    body: list[dict[str, Any]]
    polls_left: int
    article_id: str
    cover: dict[str, Any] | None = None


@dataclass
class TemplateMessage:
    user_id: str
    template_id: str
    data: dict[str, Any]
    tracking_id: str


class FakeZaloReach:
    """Articles, broadcasts, quota, templates; mixed into :class:`~tests.fakes.zalo_state.FakeZalo`."""

    followers: dict[str, Any]
    token_error: Callable[[str | None], int]
    _rate_limited: Callable[[], bool]

    def _init_reach(self) -> None:
        self.articles: dict[str, Article] = {}
        self.article_processing_polls = 1
        self.article_quota = 40
        self.article_quota_total = 40
        self.broadcasts: list[tuple[str, dict[str, Any], int]] = []  # id, target, reached
        self.articles_received: dict[str, list[str]] = {}
        self.rejected_templates: set[str] = set()
        self.template_messages: dict[str, list[TemplateMessage]] = {}
        self.template_count = 0
        self._article_ids = itertools.count(1)
        self._follower_snapshot: list[str] | None = None

    def reach_call(self, path: str, access_token: str | None, body: Any) -> dict[str, Any]:
        """One of the endpoints above, by path: the JSON answer (errors on HTTP 200)."""
        if code := self.token_error(access_token):
            return {"error": code, "message": "Access token is invalid"}
        if self._rate_limited():
            return {"error": -32, "message": "Exceeded the rate limit of the app"}
        body = body if isinstance(body, dict) else {}
        handler = {
            "/v2.0/article/create": self._create_article,
            "/v2.0/article/verify": self._verify_article,
            "/v2.0/oa/message": self._broadcast,
            "/v3.0/oa/quota/message": self._quota,
            "/v3.0/oa/message/template": self._template,
            "/v3.0/oa/user/getlist": self._getlist,
        }[path]
        return handler(body)

    def _create_article(self, body: dict[str, Any]) -> dict[str, Any]:
        if not body.get("title") or not body.get("body"):
            return {"error": -201, "message": "Parameters are invalid"}
        number = next(self._article_ids)
        token = f"article-token-{number}"
        self.articles[token] = Article(
            token, body["title"], body["body"], self.article_processing_polls,
            f"article-{number}", body.get("cover"),
        )  # fmt: skip
        return {"error": 0, "message": "Success", "data": {"token": token}}

    def _verify_article(self, body: dict[str, Any]) -> dict[str, Any]:
        article = self.articles.get(str(body.get("token")))
        if article is None:
            return {"error": -201, "message": "Parameters are invalid"}
        if article.polls_left > 0:
            article.polls_left -= 1
            return {"error": PROCESSING, "message": "The article is still being processed"}
        return {"error": 0, "message": "Success", "data": {"id": article.article_id}}

    def _broadcast(self, body: dict[str, Any]) -> dict[str, Any]:
        target = (body.get("recipient") or {}).get("target")
        payload = ((body.get("message") or {}).get("attachment") or {}).get("payload") or {}
        element = (payload.get("elements") or [{}])[0]
        article_id = str(element.get("attachment_id"))
        known = {a.article_id for a in self.articles.values() if a.polls_left == 0}
        if target is None or element.get("media_type") != "article" or article_id not in known:
            return {"error": -201, "message": "Parameters are invalid"}
        if self.article_quota <= 0:
            return {
                "error": QUOTA_EXHAUSTED,
                "message": "Broadcast quota of the month is exhausted",
            }
        self.article_quota -= 1
        reached = 0
        for user_id, follower in self.followers.items():
            if follower.following and not follower.inactive:
                self.articles_received.setdefault(user_id, []).append(article_id)
                reached += 1
        self.broadcasts.append((article_id, dict(target), reached))
        return {
            "error": 0,
            "message": "Success",
            "data": {"message_id": f"b{len(self.broadcasts)}"},
        }

    def _quota(self, body: dict[str, Any]) -> dict[str, Any]:
        data = {"remain": self.article_quota, "total": self.article_quota_total}
        return {"error": 0, "message": "Success", "data": data}

    def _template(self, body: dict[str, Any]) -> dict[str, Any]:
        user_id = str((body.get("recipient") or {}).get("user_id") or body.get("user_id") or "")
        template_id = str(body.get("template_id") or "")
        if not user_id or not template_id or not isinstance(body.get("template_data"), dict):
            return {"error": -201, "message": "Parameters are invalid"}
        if template_id in self.rejected_templates:
            return {"error": TEMPLATE_REJECTED, "message": "Template is rejected or not approved"}
        follower = self.followers.get(user_id)
        if follower is None or not follower.following:
            return {"error": -213, "message": "User has not followed the OA"}
        if follower.inactive:
            return {"error": -227, "message": "User is inactive"}
        sent = TemplateMessage(
            user_id, template_id, body["template_data"], str(body.get("tracking_id"))
        )
        self.template_messages.setdefault(user_id, []).append(sent)
        self.template_count += 1
        return {"error": 0, "message": "Success", "data": {"message_id": f"t{self.template_count}"}}

    def _getlist(self, body: dict[str, Any]) -> dict[str, Any]:
        offset, count = int(body.get("offset", 0)), int(body.get("count", PAGE_LIMIT))
        if count > PAGE_LIMIT or offset < 0:
            return {"error": -201, "message": "Parameters are invalid"}
        if offset == 0 or self._follower_snapshot is None:
            # A listing reads one snapshot, as paging through a live list would drift anyway.
            self._follower_snapshot = [u for u, f in self.followers.items() if f.following]
        following = self._follower_snapshot
        page = following[offset : offset + count]
        data = {"total": len(following), "count": len(page), "offset": offset,
                "users": [{"user_id": u} for u in page]}  # fmt: skip
        return {"error": 0, "message": "Success", "data": data}
