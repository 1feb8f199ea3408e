"""The Zalo OA HTTP API over httpx: the calls the channel makes, and what errors mean.

Zalo answers most errors with HTTP 200 and a non-zero ``error`` field, so every reply is
read; only a network failure or an HTTP 5xx raises (:class:`ZaloUnavailable`). The
``X-RateLimit-Limit`` / ``X-RateLimit-Remain`` headers of the last answer are kept in
:attr:`ZaloClient.rate` for the pacer.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import httpx

from bot.core.messages import Delivery, DeliveryStatus

TOKEN_EXPIRED = frozenset({-216, -220})  # invalid / expired access token: refresh, retry once
NOT_FOLLOWING = -213
INACTIVE = -227  # banned, or no activity for over 45 days
OUTSIDE_WINDOW = -230  # no interaction in the last 7 days
RATE_LIMITED = -32  # about 4,000 requests a minute per app
UPLOAD_EXPIRED = -100  # an uploaded attachment id or file token is no longer valid
# Zalo gives no retry-after; a short pause lets the per-minute budget recover a little.
THROTTLE_SECONDS = 2.0


class ZaloUnavailable(Exception):
    """Zalo could not be reached or failed on its side (network error, HTTP 5xx)."""


@dataclass(frozen=True)
class ApiReply:
    """One answer of the API: ``error`` 0 means success."""

    error: int
    message: str = ""
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class RateHeaders:
    """What the last answer said of the app's budget (None until a header is seen)."""

    limit: int | None = None
    remain: int | None = None


class ZaloClient:
    """Calls the OA API (``api_url``) and the OAuth server (``oauth_url``) through ``http``."""

    def __init__(self, http: httpx.AsyncClient, *, api_url: str, oauth_url: str) -> None:
        self.http = http
        self.api_url = api_url.rstrip("/")
        self.oauth_url = oauth_url.rstrip("/")
        self.rate = RateHeaders()

    async def send_cs(self, access_token: str, user_id: str, message: dict[str, Any]) -> ApiReply:
        """Send one consultation message (``/v3.0/oa/message/cs``)."""
        body = {"recipient": {"user_id": user_id}, "message": message}
        return await self.post(access_token, "/v3.0/oa/message/cs", body)

    async def post(self, access_token: str, path: str, body: dict[str, Any]) -> ApiReply:
        """POST a JSON ``body`` to the OA API at ``path`` (e.g. ``/v2.0/article/create``)."""
        answer = await self._post(
            f"{self.api_url}{path}", json=body, headers={"access_token": access_token}
        )
        return _reply(answer)

    async def get(self, access_token: str, path: str, data: dict[str, Any]) -> ApiReply:
        """GET with the parameters as one JSON-encoded ``data`` query parameter, as Zalo wants."""
        answer = await self._send(
            "GET",
            f"{self.api_url}{path}",
            params={"data": json.dumps(data, separators=(",", ":"))},
            headers={"access_token": access_token},
        )
        return _reply(answer)

    async def upload(
        self, access_token: str, path: str, *, filename: str, data: bytes, mime: str
    ) -> ApiReply:
        """Upload one file as the multipart field ``file`` (``/v2.0/oa/upload/image|file``)."""
        answer = await self._post(
            f"{self.api_url}{path}",
            files={"file": (filename, data, mime)},
            headers={"access_token": access_token},
        )
        return _reply(answer)

    async def refresh_token(
        self, *, app_id: str, app_secret: str, refresh_token: str
    ) -> dict[str, Any]:
        """Exchange a refresh token for a new pair (``/v4/oa/access_token``); the raw answer."""
        return await self._post(
            f"{self.oauth_url}/v4/oa/access_token",
            data={"refresh_token": refresh_token, "app_id": app_id, "grant_type": "refresh_token"},
            headers={"secret_key": app_secret},
        )

    async def _post(self, url: str, **kwargs: Any) -> dict[str, Any]:
        return await self._send("POST", url, **kwargs)

    async def _send(self, method: str, url: str, **kwargs: Any) -> dict[str, Any]:
        try:
            response = await self.http.request(method, url, **kwargs)
        except httpx.HTTPError as error:
            raise ZaloUnavailable(f"{type(error).__name__}: {error}") from error
        self._read_rate(response.headers)
        if response.status_code >= 500:
            raise ZaloUnavailable(f"HTTP {response.status_code}")
        try:
            answer = response.json()
        except ValueError as error:
            raise ZaloUnavailable(f"HTTP {response.status_code}, not JSON") from error
        if not isinstance(answer, dict):
            raise ZaloUnavailable(f"HTTP {response.status_code}, unexpected answer")
        if response.status_code >= 400 and "error" not in answer:
            answer["error"] = -response.status_code
        return answer

    def _read_rate(self, headers: httpx.Headers) -> None:
        for name, attribute in (("X-RateLimit-Limit", "limit"), ("X-RateLimit-Remain", "remain")):
            raw = headers.get(name)
            if raw is not None and raw.strip().lstrip("-").isdigit():
                setattr(self.rate, attribute, int(raw))


def _reply(answer: dict[str, Any]) -> ApiReply:
    data = answer.get("data")
    return ApiReply(
        error=int(answer.get("error", -1)),
        message=str(answer.get("message", "")),
        data=data if isinstance(data, dict) else {"value": data} if data is not None else {},
    )


def delivery_of(reply: ApiReply) -> Delivery:
    """Map an API answer onto the core's normalised delivery outcomes."""
    error = f"Zalo error {reply.error}: {reply.message}"
    if reply.error == 0:
        return Delivery(DeliveryStatus.SENT, message_id=str(reply.data.get("message_id") or ""))
    if reply.error == NOT_FOLLOWING:
        return Delivery(DeliveryStatus.STOPPED, error=f"blocked: not following the OA ({error})")
    if reply.error == INACTIVE:
        return Delivery(DeliveryStatus.STOPPED, error=f"deactivated or inactive ({error})")
    if reply.error == OUTSIDE_WINDOW:
        # Worded so broadcast reports file it under "outside the interaction window".
        return Delivery(DeliveryStatus.OUTSIDE_WINDOW, error=f"outside the 7-day window ({error})")
    if reply.error == RATE_LIMITED:
        return Delivery(DeliveryStatus.THROTTLED, retry_after=THROTTLE_SECONDS, error=error)
    return Delivery(DeliveryStatus.FAILED, error=error)
