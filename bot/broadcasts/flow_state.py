"""What the ``/guitin`` steps share: the flow's name, its saved data, the clock."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from bot.broadcasts import segments
from bot.broadcasts.reach import describe
from bot.broadcasts.service import running_service
from bot.broadcasts.timing import utc_now
from bot.core.messages import Button
from bot.core.turn import Turn
from bot.store.campaigns import Segment

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


async def window_note(turn: Turn, segment: Segment) -> str:
    """A line per channel on recipients outside its interaction window, or ""."""
    counts = await segments.outside_window(turn.services, segment, now_of(turn))
    lines = []
    for channel, count in counts.items():
        means = await describe(turn.services, channel, count, now_of(turn))
        if means is None:
            lines.append(
                turn.t("bc_outside_window_line", count=count, channel=channel.capitalize())
            )
        else:
            lines += means
    return "".join("\n" + line for line in lines)
