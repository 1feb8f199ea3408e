"""Synthetic demo data (``python -m bot seed-demo``): citizens and their events over D days.

Everything written is marked as demo: citizens are ``demo:<n>``, events have channel
``demo``, staff questions have references ``DEMO-<n>``, dialogue sessions are created by
``demo``, and ``metrics_meta`` holds a ``demo`` row that makes every report print a warning.
A database holding real citizens or events is refused.

The figures are plausible for a rural district (a few questions a citizen a year, a news
broadcast every two weeks, most deliveries succeed) so that a new user sees a populated
report and the reports can be benchmarked on a million events.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from bot.core.clock import system_now
from bot.core.content import Deployment
from bot.metrics.demo_life import Life
from bot.metrics.demo_profiles import fallback_intents
from bot.metrics.demo_world import DEMO_CHANNEL, DEMO_REF_PREFIX, Clock, Generator
from bot.store import Store, demo

if TYPE_CHECKING:
    from sqlalchemy import Connection

DEMO_ACTOR = "demo"
DEMO_CITIZEN_PREFIX = "demo:"


class RealDataPresent(Exception):
    """The database holds citizens or events that are not demo data."""


@dataclass(frozen=True)
class SeedResult:
    citizens: int
    events: int
    questions: int
    campaigns: int
    sessions: int


def check_demo_only(store: Store) -> None:
    """Raise ``RealDataPresent`` unless every citizen and event in the database is demo."""
    citizens, events = store.call_sql(
        lambda conn: demo.count_real(conn, citizen_prefix=DEMO_CITIZEN_PREFIX, channel=DEMO_CHANNEL)
    )
    if citizens or events:
        raise RealDataPresent(f"{citizens} người dân thật, {events} sự kiện thật")


def clear_demo(store: Store) -> None:
    """Remove earlier demo rows so a new seed replaces them."""
    store.call_sql(
        lambda conn: demo.clear(
            conn,
            citizen_prefix=DEMO_CITIZEN_PREFIX,
            channel=DEMO_CHANNEL,
            ref_prefix=DEMO_REF_PREFIX,
            actor=DEMO_ACTOR,
        )
    )


def seed_demo(
    store: Store,
    deployment: Deployment,
    *,
    citizens: int,
    days: int,
    end: dt.date,
    tz: str,
    intents: Sequence[tuple[str, str]] = (),
    max_events: int | None = None,
    seed: int = 1,
) -> SeedResult:
    """Replace any demo data with ``citizens`` synthetic citizens active over ``days`` days.

    Args:
        intents: ``(intent_id, topic_id)`` pairs to ask about; a built-in list when empty.
        max_events: when given, keep adding citizens until exactly this many events exist
            (``citizens`` is then a minimum); the benchmark uses it.

    Raises:
        RealDataPresent: when the database holds anything that is not demo data.
    """
    check_demo_only(store)
    clear_demo(store)
    clock = Clock(end=end, days=days, tz=tz)
    world = Generator(deployment, clock, list(intents) or fallback_intents(), random.Random(seed))
    made, events = store.call_sql(
        lambda conn: _load(conn, world, citizens=citizens, max_events=max_events)
    )
    sessions = _sessions(store, world, clock)
    result = SeedResult(made, events, world.questions, len(world.campaigns), sessions)
    note: dict[str, object] = {"seeded_at": system_now().isoformat()}
    note.update(days=days, end=end.isoformat(), **asdict(result))
    store.metrics_meta.set("demo", json.dumps(note))
    return result


def _load(
    conn: Connection, world: Generator, *, citizens: int, max_events: int | None
) -> tuple[int, int]:
    """Insert the demo citizens, questions and events; (citizens made, events)."""
    events, made = 0, 0
    with demo.bulk_load(conn) as load:
        for key in world.citizen_keys():
            if made >= citizens and (max_events is None or events >= max_events):
                break
            citizen, rows, questions = Life(world, key).build()
            made += 1
            if citizen is not None:
                load.citizen(citizen)
            load.questions(questions)
            if max_events is not None:
                rows = rows[: max_events - events]
            events += len(rows)
            load.events(rows)
    return made, events


def _sessions(store: Store, world: Generator, clock: Clock) -> int:
    """Create the demo dialogue sessions through the dialogue feature, when it is installed."""
    voice = getattr(store, "voice", None)
    if voice is None:
        return 0
    for session in world.sessions:
        day = clock.first + dt.timedelta(days=session.day)
        created = voice.sessions.create(
            session.commune,
            dt.datetime.combine(day, dt.time(8, 0)),
            "Nhà văn hóa xã (dữ liệu mẫu)",
            "Bảo hiểm y tế, vay vốn ưu đãi",
            by=DEMO_ACTOR,
        )
        if session.cancelled:
            voice.sessions.cancel(created, by=DEMO_ACTOR, reason="dữ liệu mẫu")
    return len(world.sessions)
