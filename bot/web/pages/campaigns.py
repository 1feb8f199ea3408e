"""Chiến dịch: compose (formatting, audience with live counts, exact preview, when), the list
with live progress, pause / resume / cancel, and every recipient's delivery as XLSX."""

from __future__ import annotations

import asyncio
import datetime as dt
from zoneinfo import ZoneInfo

from aiohttp import web

from bot.broadcasts import compose
from bot.broadcasts.timing import WEEKDAYS, WEEKDAYS_VI, Recurrence, to_iso, utc_now
from bot.store.campaigns import Segment
from bot.web import features, media
from bot.web.markup import to_html
from bot.web.routing import CONSOLE, OFFICERS, PUBLIC, Routes, identity_of, redirect

routes = Routes()
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHANGES = {
    "tamdung": ("pause", "paused"),
    "tieptuc": ("resume", "resumed"),
    "huy": ("cancel", "cancelled"),
}
SOURCE_LIMIT = 6000


def segment_of(services, values) -> Segment:
    """The audience ticked in the form; values not offered are dropped."""
    offered = features.segment_choices(services)
    picked = {
        field: tuple(v for v in values.getall(field, []) if v in dict(offered[field]))
        for field in ("communes", "households", "topics")
    }
    return Segment(**picked)


class FormError(ValueError):
    """A Vietnamese message for the officer about what to fix."""


def when_of(form, tz: ZoneInfo) -> tuple[dt.datetime | None, Recurrence | None, str]:
    """(time, rule, description) from the form's "khi" choice."""
    choice = form.get("khi", "ngay")
    clock = str(form.get("gio", "08:00")) or "08:00"
    if choice == "ngay":
        return None, None, "Gửi ngay"
    if choice == "hengio":
        try:
            local = dt.datetime.fromisoformat(str(form.get("luc", "")))
        except ValueError as error:
            raise FormError("Hãy chọn ngày và giờ gửi.") from error
        moment = local.replace(tzinfo=tz).astimezone(dt.UTC)
        if moment <= utc_now():
            raise FormError("Thời điểm gửi phải ở tương lai.")
        return moment, None, f"Lúc {local:%H:%M ngày %d/%m/%Y}"
    try:
        if choice == "hangtuan":
            day = str(form.get("thu", "MON"))
            rule = Recurrence.parse(f"weekly:{day}@{clock}")
        elif choice == "hangthang":
            rule = Recurrence.parse(f"monthly:{form.get('ngay_thang', '1')}@{clock}")
        else:
            raise FormError("Hãy chọn thời điểm gửi.")
    except ValueError as error:
        if isinstance(error, FormError):
            raise
        raise FormError(
            "Lịch gửi không hợp lệ: ngày trong tháng từ 1 đến 28, giờ dạng 08:00."
        ) from error
    return None, rule, rule.describe()


async def compose_page(request: web.Request, **extra: object) -> web.Response:
    console = request.app[CONSOLE]
    return console.renderer.page(
        request,
        "campaign_new.html",
        choices=features.segment_choices(console.services),
        weekdays=list(zip(WEEKDAYS, WEEKDAYS_VI, strict=True)),
        form=extra.pop("form", {}),
        **extra,
    )


@routes.get("/tep/{name}", roles=PUBLIC)
async def media_file(request: web.Request) -> web.StreamResponse:
    """A campaign's photo or PDF, fetched by Telegram (and shown in previews)."""
    console = request.app[CONSOLE]
    name = request.match_info["name"]
    path = media.find(console.services.settings, name)
    if path is None:
        return console.refuse(request, 404, "missing")
    return web.Response(
        body=await asyncio.to_thread(path.read_bytes),
        content_type=media.TYPES[name.rsplit(".", 1)[1]],
        headers={"Cache-Control": "public, max-age=86400"},
    )


@routes.get("/chiendich", roles=OFFICERS)
async def listing(request: web.Request) -> web.StreamResponse:
    console = request.app[CONSOLE]
    lines = await features.campaigns(console.services)
    return console.renderer.page(request, "campaigns.html", lines=lines)


@routes.get("/chiendich/tiendo", roles=OFFICERS)
async def progress(request: web.Request) -> web.StreamResponse:
    """Live progress for the list's script: {id: {status, sent, total, ...}}."""
    console = request.app[CONSOLE]
    lines = await features.campaigns(console.services)
    return web.json_response(
        {
            str(line.campaign.id): {"status": line.status_label, **line.progress.as_dict()}
            for line in lines
        }
    )


@routes.get("/chiendich/moi", roles=OFFICERS)
async def new(request: web.Request) -> web.StreamResponse:
    return await compose_page(request)


@routes.get("/chiendich/dem", roles=OFFICERS)
async def count(request: web.Request) -> web.StreamResponse:
    """Live recipient counts for the audience being ticked (per channel, outside window)."""
    services = request.app[CONSOLE].services
    return web.json_response(await features.audience(services, segment_of(services, request.query)))


async def _checked(request: web.Request):
    console = request.app[CONSOLE]
    services = console.services
    form = await request.post()
    source = str(form.get("noi_dung", "")).strip()
    segment = segment_of(services, form)
    tz = ZoneInfo(services.settings.timezone)
    attached = await _attachment(request, form)
    draft = _draft(console, to_html(source), attached)
    if not source and attached is None:
        raise FormError("Hãy viết nội dung tin.")
    if len(source) > SOURCE_LIMIT:
        raise FormError("Nội dung quá dài.")
    telegram, zalo, over = features.campaign_preview(services, draft)
    if over:
        raise FormError(f"Tin dài quá giới hạn {over} ký tự. Hãy rút gọn.")
    at, rule, when = when_of(form, tz)
    return form, source, segment, draft, at, rule, when, telegram, zalo, attached


async def _attachment(request: web.Request, form) -> media.Stored | None:
    """A new upload (kept), or the one kept at the preview step (by its name)."""
    services = request.app[CONSOLE].services
    upload = form.get("tep")
    if isinstance(upload, web.FileField):
        data = await asyncio.to_thread(upload.file.read)
        if data:
            try:
                return await features.keep_upload(services, data, upload.filename)
            except media.MediaError as error:
                raise FormError(str(error)) from error
    name = str(form.get("tep_da_tai", ""))
    if name and media.find(services.settings, name) is not None:
        kind = "document" if name.endswith(".pdf") else "photo"
        return media.Stored(name, kind, str(form.get("ten_tep", "tep.pdf"))[:80])
    return None


def _draft(console, text_html: str, attached: media.Stored | None) -> compose.Draft:
    """The campaign's message; a file is named by its public URL, which Telegram fetches."""
    if attached is None:
        return compose.Draft(text_html)
    url = f"{console.base_url}/tep/{attached.name}"
    if attached.kind == "photo":
        return compose.Draft(text_html, photo_id=url)
    return compose.Draft(text_html, document_id=url, document_name=attached.original)


def _form_values(form, attached: media.Stored | None = None) -> dict[str, object]:
    return {
        "tep_da_tai": attached.name if attached else "",
        "ten_tep": attached.original if attached else "",
        "loai_tep": attached.kind if attached else "",
        "noi_dung": form.get("noi_dung", ""),
        "khi": form.get("khi", "ngay"),
        "luc": form.get("luc", ""),
        "gio": form.get("gio", "08:00"),
        "thu": form.get("thu", "MON"),
        "ngay_thang": form.get("ngay_thang", "1"),
        **{f: list(form.getall(f, [])) for f in ("communes", "households", "topics")},
    }


@routes.post("/chiendich/xemtruoc", roles=OFFICERS)
async def preview(request: web.Request) -> web.StreamResponse:
    """The message exactly as Telegram and Zalo will show it, the audience, the time."""
    console = request.app[CONSOLE]
    try:
        checked = await _checked(request)
    except FormError as error:
        form = await request.post()
        return await compose_page(request, error=str(error), form=_form_values(form))
    form, source, segment, draft, at, rule, when, telegram, zalo, attached = checked
    audience = await features.audience(console.services, segment)
    from bot.broadcasts.segments import describe

    return console.renderer.page(
        request,
        "campaign_preview.html",
        telegram=telegram,
        zalo=zalo,
        audience=audience,
        segment_text=describe(console.services, segment),
        when=when,
        form=_form_values(form, attached),
        public=bool(console.public_url),
    )


@routes.post("/chiendich/tao", roles=OFFICERS)
async def create(request: web.Request) -> web.StreamResponse:
    console = request.app[CONSOLE]
    identity = identity_of(request)
    try:
        checked = await _checked(request)
    except FormError as error:
        form = await request.post()
        return await compose_page(request, error=str(error), form=_form_values(form))
    form, source, segment, draft, at, rule, when, telegram, zalo, attached = checked
    created = await features.create_campaign(
        console.services, draft, segment=segment, at=at, recurrence=rule,
        actor=identity.channel_id, role=identity.role,
    )  # fmt: skip
    return redirect(f"/chiendich/{created.id}?tb=created")


@routes.get("/chiendich/{id:\\d+}", roles=OFFICERS)
async def detail(request: web.Request) -> web.StreamResponse:
    console = request.app[CONSOLE]
    line = await features.campaign(console.services, int(request.match_info["id"]))
    if line is None:
        return console.refuse(request, 404, "missing")
    from bot.broadcasts.segments import describe

    rule = Recurrence.parse(line.campaign.recurrence) if line.campaign.recurrence else None
    return console.renderer.page(
        request,
        "campaign.html",
        line=line,
        c=line.campaign,
        rule=rule.describe() if rule else "",
        segment_text=describe(console.services, line.campaign.segment),
        html=compose.with_footer(line.campaign.text, console.services.texts.get("bc_footer")),
        now=to_iso(utc_now()),
    )


@routes.post("/chiendich/{id:\\d+}/{viec}", roles=OFFICERS)
async def change(request: web.Request) -> web.StreamResponse:
    console = request.app[CONSOLE]
    identity = identity_of(request)
    campaign_id = int(request.match_info["id"])
    what = CHANGES.get(request.match_info["viec"])
    if what is None:
        return console.refuse(request, 404, "missing")
    try:
        await features.change_campaign(
            console.services, campaign_id, what[0], actor=identity.channel_id, role=identity.role
        )
    except features.Refused:
        return redirect(f"/chiendich/{campaign_id}?tb=not_allowed")
    return redirect(f"/chiendich/{campaign_id}?tb={what[1]}")


@routes.get("/chiendich/{id:\\d+}/xuat", roles=OFFICERS)
async def deliveries(request: web.Request) -> web.StreamResponse:
    console = request.app[CONSOLE]
    campaign_id = int(request.match_info["id"])
    body = await features.deliveries_xlsx(console.services, campaign_id)
    if body is None:
        return console.refuse(request, 404, "missing")
    console.audit(identity_of(request), "console export deliveries", detail=f"#{campaign_id}")
    return web.Response(
        body=body,
        content_type=XLSX,
        headers={"Content-Disposition": f'attachment; filename="gui_tin_{campaign_id}.xlsx"'},
    )
