"""The rules of the fake Zalo OA API, without HTTP: followers, the window, tokens, errors.

Zalo answers errors with HTTP 200 and a non-zero ``error`` (see shared/ZALO.md); the fake
does the same so the channel's error handling is exercised as it will be in production.
"""

from __future__ import annotations

import datetime as dt
import itertools
import secrets
import time
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.fakes.zalo_media import FakeZaloMedia, Upload
from tests.fakes.zalo_reach import FakeZaloReach

WINDOW = dt.timedelta(days=7)
TEXT_LIMIT = 2000
MAX_BUTTONS = 5

ERRORS = {
    -32: "Exceeded the rate limit of the app",
    -100: "The attachment has expired",
    -201: "Parameters are invalid",
    -213: "User has not followed the OA",
    -216: "Access token is invalid",
    -220: "Access token has expired",
    -227: "User is banned or has been inactive for more than 45 days",
    -230: "User has not interacted with the OA in the past 7 days",
}
INVALID_REFRESH_TOKEN = -14014


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass
class ZaloMessage:
    """A consultation message the OA sent, as the person sees it."""

    user_id: str
    text: str
    buttons: list[tuple[str, str]]  # (title, payload) of oa.query.* buttons
    message_id: str
    at: dt.datetime
    body: dict[str, Any]
    upload: Upload | None = None  # the image or file the message carries


@dataclass
class Follower:
    user_id: str
    following: bool = True
    last_interaction: dt.datetime = field(default_factory=_now)
    inactive: bool = False  # banned, or silent for over 45 days: -227


@dataclass
class FakeZaloStats:
    sent: int = 0
    refused: Counter[int] = field(default_factory=Counter)
    refreshes: int = 0
    refresh_refused: int = 0


@dataclass
class _Failure:
    error: int | None
    status: int | None
    user_id: str | None


def error_body(code: int) -> dict[str, Any]:
    return {"error": code, "message": ERRORS.get(code, "Unknown error")}


class FakeZalo(FakeZaloMedia, FakeZaloReach):
    """One OA with its app: followers, sent messages, uploads, and the OAuth token pairs."""

    def __init__(
        self,
        *,
        app_id: str = "1234567890",
        app_secret: str = "app-secret",
        oa_secret_key: str = "oa-secret-key",
        oa_id: str = "579745863508352884",
        access_token: str = "access-0",
        refresh_token: str = "refresh-0",
        token_lifetime: int = 90_000,
        rate_limit_per_minute: int | None = None,
        clock: Callable[[], dt.datetime] = _now,
    ) -> None:
        self.app_id = app_id
        self.app_secret = app_secret
        self.oa_secret_key = oa_secret_key
        self.oa_id = oa_id
        self.token_lifetime = token_lifetime
        self.rate_limit_per_minute = rate_limit_per_minute
        self.clock = clock
        self.followers: dict[str, Follower] = {}
        self.messages: dict[str, list[ZaloMessage]] = {}
        self.stats = FakeZaloStats()
        self.refuse_refresh = False
        self.initial_tokens = (access_token, refresh_token)
        self._access: dict[str, dt.datetime] = {access_token: clock() + self._lifetime}
        self._refresh: set[str] = {refresh_token}
        self._failures: deque[_Failure] = deque()
        self._recent_sends: deque[float] = deque()
        self._ids = itertools.count(1)
        self._init_media()
        self._init_reach()

    @property
    def _lifetime(self) -> dt.timedelta:
        return dt.timedelta(seconds=self.token_lifetime)

    # -- control ---------------------------------------------------------------------------
    def set_follower(
        self,
        user_id: str,
        *,
        following: bool = True,
        last_interaction: dt.datetime | None = None,
        inactive: bool = False,
    ) -> Follower:
        """Add or change a follower; ``last_interaction`` defaults to now."""
        follower = Follower(str(user_id), following, last_interaction or self.clock(), inactive)
        self.followers[follower.user_id] = follower
        return follower

    def interacted(self, user_id: str) -> None:
        """The person wrote to or followed the OA: the window opens again."""
        follower = self.followers.get(user_id) or self.set_follower(user_id)
        follower.following = True
        follower.last_interaction = self.clock()

    def expire_tokens(self) -> None:
        """Every access token issued so far now answers -220 (expired)."""
        self._access = dict.fromkeys(self._access, self.clock() - dt.timedelta(seconds=1))

    def fail_next(
        self, *, error: int | None = None, status: int | None = None, user_id: str | None = None
    ) -> None:
        """The next send (to ``user_id``, or to anyone) gets ``error`` or HTTP ``status``."""
        self._failures.append(_Failure(error, status, user_id))

    def received(self, user_id: str) -> list[ZaloMessage]:
        return list(self.messages.get(str(user_id), []))

    def valid_refresh_tokens(self) -> set[str]:
        return set(self._refresh)

    # -- the API ---------------------------------------------------------------------------
    def send_cs(self, access_token: str | None, body: Any) -> tuple[int, dict[str, Any]]:
        """``POST /v3.0/oa/message/cs``: (HTTP status, JSON body)."""
        user_id = (
            str(body.get("recipient", {}).get("user_id", "")) if isinstance(body, dict) else ""
        )
        failure = self._take_failure(user_id)
        if failure is not None and failure.status is not None:
            return failure.status, {"error": -1, "message": "Internal server error"}
        code = failure.error if failure is not None else self._check(access_token, user_id, body)
        upload = None
        if not code:
            code, upload = self.attached(body["message"])
        if code:
            self.stats.refused[code] += 1
            return 200, error_body(code)
        message = body["message"]
        buttons = message.get("attachment", {}).get("payload", {}).get("buttons", [])
        sent = ZaloMessage(
            user_id=user_id,
            text=message.get("text", ""),
            buttons=[(b["title"], b.get("payload", "")) for b in buttons],
            message_id=f"m{next(self._ids)}",
            at=self.clock(),
            body=body,
            upload=upload,
        )
        self.messages.setdefault(user_id, []).append(sent)
        self.stats.sent += 1
        data = {"message_id": sent.message_id, "user_id": user_id}
        return 200, {"error": 0, "message": "Success", "data": data}

    def refresh(self, secret_key: str | None, form: dict[str, str]) -> dict[str, Any]:
        """``POST /v4/oa/access_token``: a new pair for a refresh token, which is then spent."""
        token = form.get("refresh_token", "")
        if (
            secret_key != self.app_secret
            or form.get("app_id") != self.app_id
            or form.get("grant_type") != "refresh_token"
        ):
            self.stats.refresh_refused += 1
            return {"error": -14002, "error_name": "Invalid app or secret key"}
        if self.refuse_refresh or token not in self._refresh:
            self.stats.refresh_refused += 1
            return {
                "error": INVALID_REFRESH_TOKEN,
                "error_name": "Invalid refresh token",
                "error_description": "Refresh token is invalid or has been used",
            }
        self._refresh.discard(token)  # single-use
        access, refresh = f"access-{secrets.token_hex(8)}", f"refresh-{secrets.token_hex(8)}"
        self._access[access] = self.clock() + self._lifetime
        self._refresh.add(refresh)
        self.stats.refreshes += 1
        return {
            "access_token": access,
            "refresh_token": refresh,
            "expires_in": str(self.token_lifetime),  # a string, as Zalo sends it
        }

    def _take_failure(self, user_id: str) -> _Failure | None:
        for failure in self._failures:
            if failure.user_id in (None, user_id):
                self._failures.remove(failure)
                return failure
        return None

    def token_error(self, access_token: str | None) -> int:
        """-216 for an unknown token, -220 for an expired one, 0 for a valid one."""
        expires = self._access.get(access_token or "")
        if expires is None:
            return -216
        if expires <= self.clock():
            return -220
        return 0

    def _check(self, access_token: str | None, user_id: str, body: dict[str, Any]) -> int:
        if code := self.token_error(access_token):
            return code
        if self._rate_limited():
            return -32
        message = body.get("message")
        if not user_id or not isinstance(message, dict):
            return -201
        if not message.get("text") and not message.get("attachment"):
            return -201
        buttons = message.get("attachment", {}).get("payload", {}).get("buttons", [])
        if len(message.get("text", "")) > TEXT_LIMIT or len(buttons) > MAX_BUTTONS:
            return -201
        follower = self.followers.get(user_id)
        if follower is None or not follower.following:
            return -213
        if follower.inactive:
            return -227
        if self.clock() - follower.last_interaction > WINDOW:
            return -230
        return 0

    def rate_headers(self) -> dict[str, str]:
        """``X-RateLimit-Limit`` / ``X-RateLimit-Remain`` as Zalo sends them (when limited)."""
        limit = self.rate_limit_per_minute
        if limit is None:
            return {}
        remain = max(0, limit - len(self._recent_sends))
        return {"X-RateLimit-Limit": str(limit), "X-RateLimit-Remain": str(remain)}

    def _rate_limited(self) -> bool:
        if self.rate_limit_per_minute is None:
            return False
        now = time.monotonic()
        while self._recent_sends and now - self._recent_sends[0] > 60:
            self._recent_sends.popleft()
        if len(self._recent_sends) >= self.rate_limit_per_minute:
            return True
        self._recent_sends.append(now)
        return False
