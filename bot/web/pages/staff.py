"""Cán bộ (admin): who holds which role — add, change, remove — and the audit log."""

from __future__ import annotations

import re

from aiohttp import web

from bot.store import ROLES
from bot.web import features
from bot.web.routing import ADMINS, CONSOLE, Routes, identity_of, redirect

routes = Routes()
CHANNEL_ID = re.compile(r"^(telegram|zalo|console):[A-Za-z0-9_-]{1,64}$")


@routes.get("/canbo", roles=ADMINS)
async def staff(request: web.Request) -> web.StreamResponse:
    console = request.app[CONSOLE]
    members = await features.staff_members(console.services)
    return console.renderer.page(request, "staff.html", members=members, roles=ROLES)


@routes.post("/canbo", roles=ADMINS)
async def save(request: web.Request) -> web.StreamResponse:
    console = request.app[CONSOLE]
    identity = identity_of(request)
    form = await request.post()
    who, role = str(form.get("tai_khoan", "")).strip(), str(form.get("vai_tro", ""))
    if not CHANNEL_ID.match(who) or role not in ROLES:
        return redirect("/canbo?tb=staff_bad")
    await features.set_role(
        console.services, who, role, actor=identity.channel_id, by_role=identity.role
    )
    return redirect("/canbo?tb=staff_saved")


@routes.post("/canbo/xoa", roles=ADMINS)
async def remove(request: web.Request) -> web.StreamResponse:
    console = request.app[CONSOLE]
    identity = identity_of(request)
    who = str((await request.post()).get("tai_khoan", ""))
    if who == identity.channel_id:
        return redirect("/canbo?tb=self_remove")
    await features.remove_staff(
        console.services, who, actor=identity.channel_id, by_role=identity.role
    )
    return redirect("/canbo?tb=staff_removed")


@routes.get("/canbo/nhatky", roles=ADMINS)
async def audit(request: web.Request) -> web.StreamResponse:
    console = request.app[CONSOLE]
    actor = request.query.get("nguoi", "").strip()[:80]
    action = request.query.get("viec", "").strip()[:80]
    page_text = request.query.get("trang", "1")
    page = int(page_text) if page_text.isdigit() and len(page_text) < 7 else 1
    rows, total = await features.audit_page(console.services, actor=actor, action=action, page=page)
    return console.renderer.page(
        request,
        "audit.html",
        rows=rows,
        total=total,
        page=page,
        pages=max(1, -(-total // 50)),
        query={"nguoi": actor, "viec": action},
    )
