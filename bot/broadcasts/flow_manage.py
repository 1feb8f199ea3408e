"""``/chiendich``: an officer lists campaigns, sees progress and reports, pauses, resumes,
cancels, and downloads the recipients a campaign did not reach (CSV)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from bot.broadcasts import actions, report
from bot.broadcasts.flow_state import now_of
from bot.broadcasts.service import poke, running_service
from bot.core.messages import Attachment, Button
from bot.core.router import Router
from bot.core.turn import StaleButton, Turn, parse_id
from bot.staff.access import OFFICERS
from bot.store import Repositories
from bot.store.campaigns import Campaign

router = Router()

LIST_SIZE = 10


@router.command("chiendich", "Xem và quản lý các chiến dịch gửi tin", roles=OFFICERS)
async def list_campaigns(turn: Turn) -> None:
    """The latest campaigns with status and progress; one button each."""

    def read(r: Repositories) -> list[tuple[Campaign, report.RunReport]]:
        return [(c, report.read_run(r, r.campaigns.latest_run(c.id)))
                for c in r.campaigns.recent(limit=LIST_SIZE)]  # fmt: skip

    listed = await turn.services.store.read(read)
    if not listed:
        turn.reply(turn.t("bc_list_empty"))
        return
    campaigns = [c for c, _latest in listed]
    lines = [turn.t("bc_list_title")] + [
        report.list_line(turn.services, c, latest, stalled_since=stalled_since(turn, c))
        for c, latest in listed
    ]
    rows = [
        [Button(turn.t("bc_view_button", id=c.id, title=c.title), f"bcm:v:{c.id}")]
        for c in campaigns
    ]
    turn.reply("\n".join(lines), rows)


async def show(turn: Turn, campaign: Campaign) -> None:
    """One campaign's detail and report, with the actions its status allows."""
    tz = ZoneInfo(turn.services.settings.timezone)
    latest = await turn.services.store.read(lambda r: report.read_latest(r, campaign.id))
    rows: list[list[Button]] = []
    if campaign.status in actions.PAUSABLE:
        rows.append([Button(turn.t("bc_pause_button"), f"bcm:p:{campaign.id}")])
    if campaign.status in actions.RESUMABLE:
        rows.append([Button(turn.t("bc_resume_button"), f"bcm:r:{campaign.id}")])
    if campaign.status in actions.CANCELLABLE:
        rows.append([Button(turn.t("bc_cancel_campaign_button"), f"bcm:x:{campaign.id}")])
    if latest.errors:
        rows.append([Button(turn.t("bc_export_button"), f"bcm:e:{campaign.id}")])
    rows.append([Button(turn.t("bc_back_list_button"), "bcm:l")])
    since = stalled_since(turn, campaign)
    turn.reply(report.detail_text(turn.services, campaign, tz, latest, stalled_since=since), rows)


def stalled_since(turn: Turn, campaign: Campaign) -> dt.datetime | None:
    """When the campaign's run began waiting for the store to work again (None: it is not)."""
    service = running_service(turn.services)
    return service.stalled.get(campaign.id) if service is not None else None


@router.action("bcm", roles=OFFICERS)
async def button(turn: Turn) -> None:
    """``bcm:l`` list; ``bcm:<v|p|r|x|xy|e>:<id>`` view, pause, resume, cancel, export."""
    what, *args = turn.args or ("",)
    if what == "l":
        await list_campaigns(turn)
        return
    campaign_id = parse_id(args[0]) if args else None
    if campaign_id is None:
        raise StaleButton(turn.incoming.payload)
    campaign = await turn.services.store.read(lambda r: r.campaigns.get(campaign_id))
    if campaign is None:
        turn.reply(turn.t("bc_unknown_campaign"))
        return
    if what == "v":
        await show(turn, campaign)
    elif what == "x":
        turn.reply(
            turn.t("bc_cancel_confirm", id=campaign.id),
            [
                [
                    Button(turn.t("bc_cancel_yes_button"), f"bcm:xy:{campaign.id}"),
                    Button(turn.t("bc_cancel_no_button"), f"bcm:v:{campaign.id}"),
                ]
            ],
        )
    elif what == "e":
        await export(turn, campaign)
    elif what in ("p", "r", "xy"):
        await change(turn, campaign, what)
    else:
        raise StaleButton(turn.incoming.payload)


async def change(turn: Turn, campaign: Campaign, what: str) -> None:
    """Pause, resume or cancel; audited; the running service is woken."""
    store, now = turn.services.store, now_of(turn)
    tz = ZoneInfo(turn.services.settings.timezone)
    name, done_key = {
        "p": ("pause", "bc_paused"),
        "r": ("resume", "bc_resumed"),
        "xy": ("cancel", "bc_cancelled_campaign"),
    }[what]
    try:
        if what == "p":
            campaign = await actions.pause(store, campaign.id, now=now)
        elif what == "r":
            campaign = await actions.resume(store, campaign.id, now=now, tz=tz)
        else:
            campaign = await actions.cancel(store, campaign.id, now=now)
    except actions.ActionRefused:
        status = report.status_label(turn.services, campaign)
        turn.reply(turn.t("bc_not_allowed", id=campaign.id, status=status))
        return
    user, role, detail = turn.user, turn.role, f"#{campaign.id}"
    await store.write(
        lambda r: r.audit.record(user, f"campaign {name}", role=role, allowed=True, detail=detail)
    )
    poke(turn.services)
    turn.reply(turn.t(done_key, id=campaign.id))
    await show(turn, campaign)


async def export(turn: Turn, campaign: Campaign) -> None:
    """The latest run's unreached recipients as a CSV file (the export is audited)."""
    user, role, detail = turn.user, turn.role, f"#{campaign.id}"

    def read_and_audit(r: Repositories) -> list[dict]:
        run = r.campaigns.latest_run(campaign.id)
        if run is None or not r.campaigns.error_counts(run.id):
            return []
        r.audit.record(user, "campaign export", role=role, allowed=True, detail=detail)
        return r.campaigns.failures(run.id)

    failures = await turn.services.store.write(read_and_audit)
    if not failures:
        turn.reply(turn.t("bc_export_empty", id=campaign.id))
        return
    data = report.failures_csv(failures)
    turn.reply(
        turn.t("bc_export_caption", id=campaign.id),
        document=Attachment(
            "document", filename=f"chien-dich-{campaign.id}-chua-nhan.csv", data=data
        ),
    )
