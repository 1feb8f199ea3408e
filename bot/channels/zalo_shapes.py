"""Every Zalo request or answer shape the sources disagree on, each in one function.

shared/ZALO.md collects the contracts from SDKs and forks, not from a live OA; where they
differ (the UID of a template message, the quota answer, the article id after verifying, the
follower list page) the choice is made here and nowhere else, and the first real answer to
each call is logged (keys only: no personal data) so the choice can be checked on a real OA
and corrected in one place.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from bot.channels.zalo_client import ApiReply

log = logging.getLogger(__name__)

_LOGGED: set[str] = set()


def log_first(call: str, reply: ApiReply) -> None:
    """Log the shape of the first answer to ``call`` in this process."""
    if call in _LOGGED:
        return
    _LOGGED.add(call)
    log.info(
        "Zalo first answer to %s: error=%s message=%r data keys=%s",
        call, reply.error, reply.message[:80], sorted(reply.data),
    )  # fmt: skip


def template_body(
    user_id: str, template_id: str, params: dict[str, str], tracking_id: str
) -> dict[str, Any]:
    """A ZBS template message by UID. Sources disagree on where the UID goes: some put a
    top-level ``user_id``, others ``recipient.user_id`` as in consultation messages; this
    sends the ``recipient`` form (the cs convention) — check the first answer's log."""
    return {
        "recipient": {"user_id": user_id},
        "template_id": template_id,
        "template_data": params,
        "tracking_id": tracking_id,
    }


def article_body(
    title: str, description: str, paragraphs: list[str], author: str, cover_url: str = ""
) -> dict[str, Any]:
    """An OA article (``/v2.0/article/create``, type ``normal``), shown at once. Zalo takes
    the cover as a photo URL (``cover_type: photo``), not an upload id: a campaign's own photo
    has no public URL, so the deployment's cover image (``ZALO_ARTICLE_COVER_URL``) is used."""
    body: dict[str, Any] = {
        "type": "normal",
        "title": title,
        "author": author,
        "description": description,
        "body": [{"type": "text", "content": paragraph} for paragraph in paragraphs],
        "status": "show",
        "comment": "hide",
    }
    if cover_url:
        body["cover"] = {"cover_type": "photo", "photo_url": cover_url, "status": "show"}
    return body


def article_token_of(reply: ApiReply) -> str | None:
    """The token ``/v2.0/article/create`` answers (to poll ``verify`` with)."""
    token = reply.data.get("token")
    return str(token) if token else None


def article_id_of(reply: ApiReply) -> str | None:
    """The article id once ``/v2.0/article/verify`` has one (``id`` or ``article_id``);
    None while the article is still being processed."""
    value = reply.data.get("id") or reply.data.get("article_id")
    return str(value) if value else None


def article_broadcast_body(article_id: str, target: dict[str, str]) -> dict[str, Any]:
    """An article broadcast to every follower matching ``target`` (``/v2.0/oa/message``)."""
    element = {"media_type": "article", "attachment_id": article_id}
    return {
        "recipient": {"target": target},
        "message": {
            "attachment": {
                "type": "template",
                "payload": {"template_type": "media", "elements": [element]},
            }
        },
    }


@dataclass(frozen=True)
class Quota:
    """Article broadcasts the OA may still send this month (None: not said)."""

    remain: int | None
    total: int | None


def quota_of(reply: ApiReply) -> Quota:
    """The quota answer: ``remain``/``total``, or ``remaining``/``quota`` in other sources."""

    def number(*names: str) -> int | None:
        for name in names:
            value = reply.data.get(name)
            if isinstance(value, int | str) and str(value).lstrip("-").isdigit():
                return int(value)
        return None

    return Quota(remain=number("remain", "remaining"), total=number("total", "quota"))


def follower_page_of(reply: ApiReply) -> tuple[list[str], int]:
    """(user ids, total) of one ``/v3.0/oa/user/getlist`` page; ids as ``users[].user_id``
    or ``followers[].user_id``."""
    people = reply.data.get("users") or reply.data.get("followers") or []
    ids = [str(p["user_id"]) for p in people if isinstance(p, dict) and p.get("user_id")]
    total = reply.data.get("total")
    return ids, int(total) if isinstance(total, int | str) and str(total).isdigit() else len(ids)


def request_info_message(title: str, subtitle: str, image_url: str) -> dict[str, Any]:
    """The ``request_user_info`` form: one element asking to share name and phone."""
    element = {"title": title, "subtitle": subtitle}
    if image_url:
        element["image_url"] = image_url
    return {
        "attachment": {
            "type": "template",
            "payload": {"template_type": "request_user_info", "elements": [element]},
        }
    }


def shared_contact_of(data: dict[str, Any]) -> tuple[str, str] | None:
    """(name, phone) of a ``user_submit_info`` event: ``info.name`` and ``info.phone``."""
    info = data.get("info")
    if not isinstance(info, dict):
        return None
    name, phone = info.get("name"), info.get("phone")
    if not isinstance(name, str) or not isinstance(phone, str | int):
        return None
    return name, str(phone)
