"""``/dangnhap``: a staff member asks the bot for a one-time link to the web console.

The link goes to the messenger account that holds the role (the one asking), and only in a
private chat, so it never lands in a group.
"""

from __future__ import annotations

from bot.config import Settings
from bot.core.router import Router
from bot.core.turn import Turn
from bot.staff.access import REVIEWERS, audit
from bot.web.auth import Auth

router = Router()


def console_base_url(settings: Settings) -> str:
    """The console's address as people reach it: the public URL, else this machine's port."""
    return settings.public_url or f"http://127.0.0.1:{settings.http_port}"


@router.command("dangnhap", "Nhận liên kết đăng nhập bảng điều khiển trên web", roles=REVIEWERS)
async def sign_in_link(turn: Turn) -> None:
    """Reply with a fresh one-time sign-in link."""
    if turn.incoming.chat_type != "private":
        turn.reply(turn.t("web_link_private_only"))
        return
    services = turn.services
    link = await Auth(services.store).issue_link(turn.user, console_base_url(services.settings))
    audit(turn, "/dangnhap", "console link issued")
    turn.reply(turn.t("web_link", link=link))
