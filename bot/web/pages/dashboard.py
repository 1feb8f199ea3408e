"""Tổng quan: pending questions, campaigns running or scheduled, reach this month, a chart."""

from __future__ import annotations

from aiohttp import web

from bot.web import features
from bot.web.routing import CONSOLE, REVIEWERS, Routes

routes = Routes()


@routes.get("/", roles=REVIEWERS)
async def overview(request: web.Request) -> web.StreamResponse:
    console = request.app[CONSOLE]
    seen = await features.overview(console.services, memo=console.reach_memo)
    top = max((n for _, n in seen.days), default=0) or 1
    return console.renderer.page(request, "dashboard.html", o=seen, top=top)
