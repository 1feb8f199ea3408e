"""Signing in by a one-time link and signing out."""

from __future__ import annotations

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


@routes.get("/dangnhap/{token}", roles=PUBLIC)
async def link_page(request: web.Request) -> web.StreamResponse:
    """Opening the link shows a button; only pressing it uses the link up."""
    console = request.app[CONSOLE]
    if console.limiter.blocked(client_of(request)):
        return console.refuse(request, 429, "too_many")
    return console.renderer.page(request, "signin.html", token=request.match_info["token"])


@routes.post("/dangnhap/{token}", roles=PUBLIC)
async def redeem(request: web.Request) -> web.StreamResponse:
    """Use the link: a session cookie and the dashboard, or a refusal (counted)."""
    console = request.app[CONSOLE]
    client = client_of(request)
    if console.limiter.blocked(client):
        return console.refuse(request, 429, "too_many")
    signed = console.auth.redeem(request.match_info["token"])
    if signed is None:
        console.limiter.failed(client)
        console.services.store.audit.record(
            f"web:{client}", "console sign-in refused", role=None, allowed=False, detail="bad link"
        )
        return console.refuse(request, 403, "bad_link")
    session_id, channel_id = signed
    console.services.store.audit.record(
        channel_id,
        "console sign-in",
        role=console.services.store.staff.role_of(channel_id),
        allowed=True,
    )
    response = redirect("/")
    response.set_cookie(
        console.cookie_name,
        session_id,
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
    console.auth.sign_out(identity)
    console.audit(identity, "console sign-out")
    response = redirect("/dangxuat?tb=signed_out")
    response.del_cookie(console.cookie_name, path="/")
    return response


@routes.get("/dangxuat", roles=PUBLIC)
async def signed_out(request: web.Request) -> web.StreamResponse:
    return request.app[CONSOLE].renderer.page(request, "signed_out.html")
