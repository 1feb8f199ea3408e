"""Signing in by a one-time link and signing out."""

from __future__ import annotations

import hmac
import secrets

from aiohttp import web

from bot.web.routing import CONSOLE, PUBLIC, REVIEWERS, Routes, identity_of, redirect

routes = Routes()


def client_of(request: web.Request) -> str:
    """The address bad links are counted against (nginx passes the visitor's own)."""
    console = request.app[CONSOLE]
    if console.public_url:
        forwarded = request.headers.get("X-Real-IP") or request.headers.get("X-Forwarded-For", "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return request.remote or "?"


NONCE_COOKIE = "dangnhap"


@routes.get("/dangnhap/{token}", roles=PUBLIC)
async def link_page(request: web.Request) -> web.StreamResponse:
    """Opening the link shows a button; only pressing it uses the link up.

    The button's form carries a one-visit token that must match a cookie set here, so
    another site cannot post a link of its own choosing and sign a visitor in as someone
    else (login CSRF): a cross-site POST does not carry this SameSite cookie.
    """
    console = request.app[CONSOLE]
    if console.limiter.blocked(client_of(request)):
        return console.refuse(request, 429, "too_many")
    nonce = secrets.token_urlsafe(16)
    response = console.renderer.page(
        request, "signin.html", token=request.match_info["token"], nonce=nonce
    )
    response.set_cookie(
        NONCE_COOKIE,
        nonce,
        httponly=True,
        secure=console.secure_cookies,
        samesite="Strict",
        path="/dangnhap/",
        max_age=600,
    )
    return response


@routes.post("/dangnhap/{token}", roles=PUBLIC)
async def redeem(request: web.Request) -> web.StreamResponse:
    """Use the link: a session cookie and the dashboard, or a refusal (counted)."""
    console = request.app[CONSOLE]
    client = client_of(request)
    if console.limiter.blocked(client):
        return console.refuse(request, 429, "too_many")
    sent = str((await request.post()).get("csrf", ""))
    kept = request.cookies.get(NONCE_COOKIE, "")
    if not kept or not hmac.compare_digest(sent.encode(), kept.encode()):
        return console.refuse(request, 403, "csrf")
    signed = await console.auth.redeem(request.match_info["token"])
    store = console.services.store
    if signed is None:
        console.limiter.failed(client)
        store.defer(
            lambda r: r.audit.record(
                f"web:{client}", "console sign-in refused", role=None, allowed=False,
                detail="bad link",
            )
        )  # fmt: skip
        return console.refuse(request, 403, "bad_link")
    store.defer(
        lambda r: r.audit.record(
            signed.channel_id, "console sign-in", role=signed.role, allowed=True
        )
    )
    response = redirect("/")
    response.del_cookie(NONCE_COOKIE, path="/dangnhap/")
    response.set_cookie(
        console.cookie_name,
        signed.session_id,
        httponly=True,
        secure=console.secure_cookies,
        samesite="Lax",
        path="/",
    )
    return response


@routes.post("/dangxuat", roles=REVIEWERS)
async def sign_out(request: web.Request) -> web.StreamResponse:
    console = request.app[CONSOLE]
    identity = identity_of(request)
    await console.auth.sign_out(identity)
    console.audit(identity, "console sign-out")
    response = redirect("/dangxuat?tb=signed_out")
    response.del_cookie(console.cookie_name, path="/")
    return response


@routes.get("/dangxuat", roles=PUBLIC)
async def signed_out(request: web.Request) -> web.StreamResponse:
    return request.app[CONSOLE].renderer.page(request, "signed_out.html")
