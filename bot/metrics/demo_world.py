"""The demo world: its clock, news campaigns and dialogue sessions, shared by every citizen."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from bot.core.content import Deployment
from bot.metrics.demo_profiles import MISSED_QUESTIONS

DEMO_CHANNEL = "demo"
DEMO_REF_PREFIX = "DEMO-"
CAMPAIGN_EVERY_DAYS = 14
Row = tuple[object, ...]

# Broadcast outcomes per delivery attempt; a citizen who blocks the bot gets no more news.
DELIVERY_WEIGHTS: tuple[tuple[str, float], ...] = (
    ("broadcast_delivered", 0.935),
    ("broadcast_failed", 0.02),
    ("broadcast_outside_window", 0.02),
    ("broadcast_blocked", 0.025),
)


class Clock:
    """Local days of the demo window → UTC timestamps, with local midnights precomputed."""

    def __init__(self, *, end: dt.date, days: int, tz: str) -> None:
        zone = ZoneInfo(tz)
        first = end - dt.timedelta(days=days - 1)
        self.first = first
        self.days = days
        self._midnights = [
            dt.datetime.combine(first + dt.timedelta(days=d), dt.time(), tzinfo=zone)
            .astimezone(dt.UTC)
            .timestamp()
            for d in range(days + 1)
        ]

    def at(self, day: int, second: int) -> str:
        """``second`` after local midnight of demo ``day``, as a UTC ISO string."""
        stamp = self._midnights[day] + second
        return dt.datetime.fromtimestamp(stamp, dt.UTC).isoformat(timespec="seconds")

    def daytime(self, day: int, rng: random.Random) -> tuple[int, str]:
        second = rng.randrange(6 * 3600, 21 * 3600)
        return second, self.at(day, second)


@dataclass(frozen=True)
class Campaign:
    id: int
    day: int
    commune: str | None  # None: the whole deployment
    topic: str


@dataclass(frozen=True)
class Session:
    """A demo policy-dialogue session: announced two weeks ahead, held at 08:00 on ``day``."""

    commune: str
    day: int
    cancelled: bool = False

    @property
    def announced(self) -> int:
        return max(0, self.day - 14)


def poisson(rng: random.Random, mean: float) -> int:
    """A Poisson-distributed count (small means only), by counting exponential arrivals."""
    count, clock = 0, 0.0
    while mean > 0:
        clock += rng.expovariate(mean)
        if clock > 1.0:
            break
        count += 1
    return count


class Generator:
    """Shared state for a seed run: the campaigns, the intents and the question counter."""

    def __init__(
        self,
        deployment: Deployment,
        clock: Clock,
        intents: list[tuple[str, str]],
        rng: random.Random,
    ) -> None:
        self.clock = clock
        self.rng = rng
        self.intents = intents
        self.intent_ids = {intent for intent, _ in intents}
        # A few intents are asked far more often than the rest, as in real logs.
        self.intent_weights = [1.0 / (rank + 1) ** 0.8 for rank in range(len(intents))]
        self.missed_weights = [1.0 / (rank + 1) for rank in range(len(MISSED_QUESTIONS))]
        self.communes = list(deployment.communes)
        self.commune_weights = [c.households or 1000 for c in self.communes]
        topics = sorted({topic for _, topic in intents})
        self.campaigns = [
            Campaign(
                n + 1,
                day,
                rng.choice(self.communes).id if self.communes and rng.random() < 0.3 else None,
                rng.choice(topics),
            )
            for n, day in enumerate(range(3, clock.days, CAMPAIGN_EVERY_DAYS))
        ]
        # One session per commune past the middle of the window; the first commune also
        # has one that was cancelled.
        self.sessions = [
            Session(c.id, int(clock.days * (0.5 + 0.1 * n)) % clock.days)
            for n, c in enumerate(self.communes)
        ]
        if self.communes:
            self.sessions.append(Session(self.communes[0].id, clock.days // 3, cancelled=True))
        self.questions = 0

    def citizen_keys(self) -> Iterator[int]:
        key = 1
        while True:
            yield key
            key += 1
