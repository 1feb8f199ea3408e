"""Nội dung: every intent with its answer, sources and review date; "thử hỏi" (what the bot
would answer and why); the questions the FAQ most often missed, each to propose for the FAQ."""

from __future__ import annotations

import datetime as dt

from aiohttp import web

from bot.voice.typed_text import QUESTION_LIMIT
from bot.web import features
from bot.web.routing import CONSOLE, REVIEWERS, Routes, identity_of, redirect

routes = Routes()


@routes.get("/noidung", roles=REVIEWERS)
async def content(request: web.Request) -> web.StreamResponse:
    console = request.app[CONSOLE]
    services = console.services
    asked = request.query.get("hoi", "").strip()[:QUESTION_LIMIT]
    tried = await features.try_question(services, asked) if asked else None
    missed = await console.groups.get(features.UNANSWERED)
    try:
        day = dt.date.fromisoformat(request.query.get("ngay", ""))
    except ValueError:
        day = features.local_today(services)
    return console.renderer.page(
        request,
        "content.html",
        topics=await features.intents(services, day),
        day=day,
        asked=asked,
        tried=tried,
        missed=missed,
    )


@routes.post("/noidung/dexuat", roles=REVIEWERS)
async def propose(request: web.Request) -> web.StreamResponse:
    """Propose a frequently missed question (a group's centre) as a phrasing or a new intent."""
    console = request.app[CONSOLE]
    identity = identity_of(request)
    form = await request.post()
    question_id = str(form.get("cau_hoi", ""))
    if not question_id.isdigit():
        return redirect("/noidung")
    try:
        await features.propose_question(
            console.services,
            int(question_id),
            str(form.get("cach_hoi", "")).strip()[:QUESTION_LIMIT],
            actor=identity.channel_id,
            role=identity.role,
        )
    except features.Refused:
        return redirect("/noidung?tb=handled")
    return redirect("/noidung?tb=proposed")
