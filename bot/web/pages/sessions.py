"""Phiên đối thoại: the sessions with their question counts, and each session's printable
question sheet (grouped by topic, with counts and the contacts citizens chose to give)."""

from __future__ import annotations

from aiohttp import web

from bot.web import features
from bot.web.routing import CONSOLE, OFFICERS, Routes, identity_of

routes = Routes()
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@routes.get("/phien", roles=OFFICERS)
async def sessions(request: web.Request) -> web.StreamResponse:
    console = request.app[CONSOLE]
    found = await features.sessions_list(console.services)
    return console.renderer.page(request, "sessions.html", sessions=found)


@routes.get("/phien/{id:\\d+}", roles=OFFICERS)
async def sheet(request: web.Request) -> web.StreamResponse:
    console = request.app[CONSOLE]
    session_id = int(request.match_info["id"])
    found = await features.session(console.services, session_id)
    if found is None:
        return console.refuse(request, 404, "missing")
    groups = await features.session_sheet(console.services, session_id)
    return console.renderer.page(
        request,
        "sheet.html",
        s=found,
        groups=groups,
        total=sum(len(g.rows) for g in groups),
    )


@routes.get("/phien/{id:\\d+}/xuat", roles=OFFICERS)
async def sheet_xlsx(request: web.Request) -> web.StreamResponse:
    console = request.app[CONSOLE]
    session_id = int(request.match_info["id"])
    if await features.session(console.services, session_id) is None:
        return console.refuse(request, 404, "missing")
    body = await features.session_sheet_xlsx(console.services, session_id)
    console.audit(identity_of(request), "console export session", detail=f"#{session_id}")
    return web.Response(
        body=body,
        content_type=XLSX,
        headers={"Content-Disposition": f'attachment; filename="phien_{session_id}.xlsx"'},
    )
