"""Phiên đối thoại: create, edit, cancel, notify the commune's subscribers; each session's
printable question sheet (grouped by topic, with counts and the contacts citizens chose to
give) and its XLSX — the same store calls and announcements as /phien."""

from __future__ import annotations

import datetime as dt

from aiohttp import web

from bot.core.local_time import local_now
from bot.web import features
from bot.web.routing import CONSOLE, OFFICERS, Routes, identity_of, redirect

routes = Routes()
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _when(value: object) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(str(value))
    except ValueError:
        return None


def _text(form, key: str) -> str:
    return " ".join(str(form.get(key, "")).split())


async def _list(request: web.Request, **extra: object) -> web.Response:
    console = request.app[CONSOLE]
    found = await features.sessions_list(console.services)
    return console.renderer.page(
        request,
        "sessions.html",
        sessions=found,
        communes=console.services.deployment.communes,
        form=extra.pop("form", {}),
        **extra,
    )


@routes.get("/phien", roles=OFFICERS)
async def sessions(request: web.Request) -> web.StreamResponse:
    return await _list(request)


@routes.post("/phien", roles=OFFICERS)
async def create(request: web.Request) -> web.StreamResponse:
    console = request.app[CONSOLE]
    identity = identity_of(request)
    services = console.services
    form = await request.post()
    commune = str(form.get("xa", ""))
    when, place, topics = _when(form.get("luc", "")), _text(form, "dia_diem"), _text(form, "chu_de")
    problem = features.session_problem(services, when, place, topics)
    if services.deployment.commune(commune) is None:
        problem = "Hãy chọn xã."
    if problem or when is None:
        values = {k: str(form.get(k, "")) for k in ("xa", "luc", "dia_diem", "chu_de")}
        return await _list(request, error=problem, form=values)
    created = await features.create_session(
        services, commune, when, place, topics, actor=identity.channel_id, role=identity.role
    )
    return redirect(f"/phien/{created.id}?tb=session_created")


@routes.get("/phien/{id:\\d+}", roles=OFFICERS)
async def sheet(request: web.Request, **extra: object) -> web.StreamResponse:
    console = request.app[CONSOLE]
    services = console.services
    session_id = int(request.match_info["id"])
    found = await features.session(services, session_id)
    if found is None:
        return console.refuse(request, 404, "missing")
    groups = await features.session_sheet(services, session_id)
    return console.renderer.page(
        request,
        "sheet.html",
        s=found,
        is_open=found.is_open(local_now(services)),
        groups=groups,
        total=sum(len(g.rows) for g in groups),
        subscribers=await features.commune_audience(services, found.commune),
        **extra,
    )


@routes.post("/phien/{id:\\d+}/sua", roles=OFFICERS)
async def edit(request: web.Request) -> web.StreamResponse:
    console = request.app[CONSOLE]
    identity = identity_of(request)
    session_id = int(request.match_info["id"])
    form = await request.post()
    when, place, topics = _when(form.get("luc", "")), _text(form, "dia_diem"), _text(form, "chu_de")
    problem = features.session_problem(console.services, when, place, topics)
    if problem:
        return await sheet(request, error=problem)
    try:
        await features.edit_session(
            console.services, session_id, actor=identity.channel_id, role=identity.role,
            starts_at=when, place=place, topics=topics,
        )  # fmt: skip
    except features.Refused:
        return redirect(f"/phien/{session_id}?tb=session_closed")
    return redirect(f"/phien/{session_id}?tb=session_saved")


@routes.post("/phien/{id:\\d+}/huy", roles=OFFICERS)
async def cancel(request: web.Request) -> web.StreamResponse:
    console = request.app[CONSOLE]
    identity = identity_of(request)
    session_id = int(request.match_info["id"])
    try:
        await features.cancel_session(
            console.services, session_id, actor=identity.channel_id, role=identity.role
        )
    except features.Refused:
        return redirect(f"/phien/{session_id}?tb=session_closed")
    return redirect(f"/phien/{session_id}?tb=session_cancelled")


@routes.post("/phien/{id:\\d+}/thongbao", roles=OFFICERS)
async def announce(request: web.Request) -> web.StreamResponse:
    console = request.app[CONSOLE]
    identity = identity_of(request)
    session_id = int(request.match_info["id"])
    try:
        await features.announce_session(console.services, session_id, actor=identity.channel_id)
    except features.Refused:
        return redirect(f"/phien/{session_id}?tb=session_closed")
    return redirect(f"/phien/{session_id}?tb=announced_campaign")


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
