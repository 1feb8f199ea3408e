"""What the ``/guitin`` steps share: the flow's name, its saved data, the clock."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from bot.core.messages import Button
from bot.core.turn import Turn
from bot.store.campaigns import Segment
from broadcasts import segments
from broadcasts.reach import Reach, plan
from broadcasts.service import running_service
from broadcasts.timing import utc_now

FLOW = "broadcast"


def now_of(turn: Turn) -> dt.datetime:
    """The running service's clock (tests inject one), else the real time."""
    service = running_service(turn.services)
    return service.clock() if service else utc_now()


def tz_of(turn: Turn) -> ZoneInfo:
    return ZoneInfo(turn.services.settings.timezone)


def cancel_row(turn: Turn) -> list[Button]:
    return [Button(turn.t("bc_cancel_button"), "bc:x")]


def segment_of(data: dict) -> Segment:
    """The audience chosen so far."""
    seg = data.get("seg") or {}
    return Segment(
        communes=tuple(seg.get("communes", ())),
        households=tuple(seg.get("households", ())),
        topics=tuple(seg.get("topics", ())),
    )


def save(turn: Turn, step: str, data: dict, segment: Segment | None = None) -> None:
    """Move to ``step`` keeping the flow's data (and a new audience, if given)."""
    if segment is not None:
        data["seg"] = {
            "communes": list(segment.communes),
            "households": list(segment.households),
            "topics": list(segment.topics),
        }
    turn.set_state(FLOW, step, **data)


def window_note(turn: Turn, segment: Segment) -> str:
    """A line per channel on recipients outside its interaction window, or ""."""
    counts = segments.outside_window(turn.services, segment, now_of(turn))
    lines = []
    for channel, count in counts.items():
        reach = turn.services.hub.reach(channel)
        if reach is None:
            lines.append(
                turn.t("bc_outside_window_line", count=count, channel=channel.capitalize())
            )
        else:
            lines += means_lines(turn, reach, channel, count)
    return "".join("\n" + line for line in lines)


def means_lines(turn: Turn, reach: Reach, channel: str, count: int) -> list[str]:
    """How the people outside the window will be reached, with the cost of templates."""
    means = plan(turn.services.store, reach, count, now_of(turn), tz_of(turn))
    lines = [turn.t("bc_reach_line", count=count, channel=channel.capitalize())]
    if means.template:
        lines.append(turn.t("bc_reach_template_line", count=means.template,
                            cost=money(means.cost_vnd), left=money(means.cap_left_vnd)))  # fmt: skip
    if reach.template_price and means.article:
        lines.append(turn.t("bc_reach_cap_line"))
    if means.article:
        if means.quota_left is None:
            lines.append(turn.t("bc_reach_article_unknown_line", count=means.article))
        elif means.quota_left > 0:
            lines.append(
                turn.t("bc_reach_article_line", count=means.article, quota=means.quota_left)
            )
        else:
            lines.append(turn.t("bc_reach_no_quota_line", count=means.article))
    return lines


def money(vnd: int) -> str:
    """``1200000`` → ``1.200.000`` as Vietnamese write it."""
    return f"{vnd:,}".replace(",", ".")
