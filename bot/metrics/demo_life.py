"""One demo citizen's year: consent, profile, questions, news, dialogue, feedback."""

from __future__ import annotations

import random

from bot.metrics.demo_profiles import FEEDBACK_CATEGORIES, HOUSEHOLD_WEIGHTS, MISSED_QUESTIONS
from bot.metrics.demo_world import (
    DELIVERY_WEIGHTS,
    DEMO_CHANNEL,
    DEMO_REF_PREFIX,
    Generator,
    Row,
    poisson,
)


def day_in(rng: random.Random, first: int, end: int) -> int:
    """A day in ``first``..``end - 1``; ``first`` when that range is empty."""
    return rng.randrange(first, end) if end > first else first


class Life:
    """Builds the rows for one citizen (and, sometimes, an anonymous visitor)."""

    def __init__(self, generator: Generator, key: int) -> None:
        self.g = generator
        self.rng = generator.rng
        self.key: int | None = key
        self.segment: tuple[str | None, str | None, str | None] = (None, None, None)
        self.rows: list[Row] = []
        self.questions: list[Row] = []
        self.deleted = False

    def event(self, at: str, type: str, **fields: object) -> None:
        commune, village, household = self.segment
        self.rows.append(
            (at, type, DEMO_CHANNEL, self.key, commune, village, household)
            + tuple(fields.get(f) for f in ("topic", "intent", "outcome", "campaign_id", "ref"))
            + (fields.get("value"),)
        )

    def build(self) -> tuple[Row | None, list[Row], list[Row]]:
        rng, g, clock = self.rng, self.g, self.g.clock
        join = int(clock.days * rng.random() ** 1.6)
        _, t0 = clock.daytime(join, rng)
        commune = rng.choices(g.communes, g.commune_weights)[0] if rng.random() < 0.92 else None
        village = rng.choice(commune.villages) if commune and commune.villages else None
        village = village if rng.random() < 0.75 else None
        households, weights = zip(*HOUSEHOLD_WEIGHTS, strict=True)
        household = rng.choices(households, weights)[0]
        self.event(t0, "consent_given")
        self.segment = (commune.id if commune else None, village, household)
        for name, given in (("commune", commune), ("village", village), ("household", household)):
            if given:
                self.event(t0, "profile_updated", value=name)
        subscribed = rng.random() < 0.7
        if subscribed:
            self.event(t0, "subscribed")
        end = rng.randrange(join, clock.days) if rng.random() < 0.02 else clock.days
        unsubscribed = day_in(rng, join, end) if subscribed and rng.random() < 0.06 else None
        eagerness = rng.lognormvariate(0, 0.8)
        for _ in range(poisson(rng, 0.02 * (end - join + 1) * eagerness)):
            self.ask(day_in(rng, join, end))
        for _ in range(poisson(rng, 0.01 * (end - join + 1) * eagerness)):
            intent, topic = rng.choices(g.intents, g.intent_weights)[0]
            day = day_in(rng, join, end)
            at = clock.daytime(day, rng)[1]
            self.event(at, "menu_answer", intent=intent, topic=topic, outcome="answer")
        stopped = None
        if subscribed:
            stopped = self.news(join, unsubscribed if unsubscribed is not None else end)
        self.voice(join, end, subscribed and stopped is None)
        if unsubscribed is not None and stopped is None:
            self.event(clock.daytime(unsubscribed, rng)[1], "unsubscribed", value="user")
            stopped = (clock.at(unsubscribed, 12 * 3600), "user")
        if end < clock.days:
            self.event(clock.daytime(end, rng)[1], "data_deleted")
            self.deleted = True
        citizen: Row | None = None
        if not self.deleted:
            last_seen = max(row[0] for row in self.rows)  # type: ignore[type-var]
            citizen = (self.key, f"demo:{self.key}", t0, *self.segment)
            citizen += (int(subscribed and stopped is None), *(stopped or (None, None)))
            citizen += (t0, last_seen)
        if rng.random() < 0.35:
            self.anonymous_visit()
        return citizen, self.rows, self.questions

    def ask(self, day: int) -> None:
        """One typed question and what followed it (suggestions, 👍/👎, a staff question)."""
        rng, g = self.rng, self.g
        second, at = g.clock.daytime(day, rng)
        intent, topic = rng.choices(g.intents, g.intent_weights)[0]
        roll = rng.random()
        if roll < 0.62:
            self.event(at, "faq_answer", intent=intent, topic=topic, outcome="answer")
            if rng.random() < 0.2:
                vote = "up" if rng.random() < 0.85 else "down"
                self.event(at, "faq_feedback", intent=intent, value=vote)
        elif roll < 0.82:
            self.event(at, "faq_suggest", intent=intent, outcome="suggest")
            follow = rng.random()
            if follow < 0.55:
                self.event(at, "menu_answer", intent=intent, topic=topic, outcome="answer")
            elif follow < 0.8:
                self.event(at, "faq_miss", outcome="rejected_suggestions")
                self.maybe_send(day, second, at)
        else:
            self.event(at, "faq_miss", outcome="none")
            self.maybe_send(day, second, at)

    def maybe_send(self, day: int, second: int, at: str) -> None:
        """Now and then the citizen sends the unanswered question to staff."""
        rng, g = self.rng, self.g
        if self.key is None or rng.random() >= 0.3:
            return
        ref = self.staff_question(at, "faq_miss")
        answered = rng.random() < 0.8
        if answered:
            delay = int(rng.uniform(0.5, 96) * 3600)
            self.event(g.clock.at(day, second + delay), "question_answered", ref=ref)
        text, guess = rng.choices(MISSED_QUESTIONS, g.missed_weights)[0]
        guess = guess if guess in g.intent_ids else None
        commune, _, household = self.segment
        status = "answered" if answered else "pending"
        self.questions.append(
            (ref, "faq_miss", self.key, text, None, guess, commune, household, status, at)
        )

    def news(self, join: int, stop: int) -> tuple[str, str] | None:
        """Deliveries of the campaigns sent while subscribed; returns (at, reason) if blocked."""
        rng, g = self.rng, self.g
        types, weights = zip(*DELIVERY_WEIGHTS, strict=True)
        for campaign in g.campaigns:
            if not join <= campaign.day < stop:
                continue
            if campaign.commune is not None and campaign.commune != self.segment[0]:
                continue
            at = g.clock.at(campaign.day, 9 * 3600 + rng.randrange(3600))
            outcome = rng.choices(types, weights)[0]
            self.event(at, outcome, campaign_id=campaign.id)
            if outcome == "broadcast_blocked":
                return at, "blocked"
        return None

    def voice(self, join: int, end: int, subscribed: bool) -> None:
        """Session announcements, questions for a session, feedback."""
        rng, g = self.rng, self.g
        for session in g.sessions:
            if session.cancelled or session.commune != self.segment[0]:
                continue
            if subscribed and join <= session.announced < end:
                self.event(
                    g.clock.at(session.announced, 10 * 3600), "session_announced", outcome="sent"
                )
            if join <= session.announced < end and rng.random() < 0.05:
                day = rng.randrange(session.announced, session.day + 1)
                second, at = g.clock.daytime(day, rng)
                ref = self.staff_question(at, "dialogue")
                if rng.random() < 0.7:
                    self.event(g.clock.at(session.day, 10 * 3600), "question_answered", ref=ref)
        if rng.random() < 0.04 * (end - join + 1) / g.clock.days:
            day = day_in(rng, join, end)
            second, at = g.clock.daytime(day, rng)
            category = rng.choices(FEEDBACK_CATEGORIES, (0.4, 0.3, 0.2, 0.1))[0]
            if rng.random() < 0.3:
                key, segment = self.key, self.segment
                self.key, self.segment = None, (segment[0], None, None)
                self.event(at, "feedback_sent", value=category, outcome="anonymous")
                self.key, self.segment = key, segment
            else:
                ref = self.staff_question(at, "feedback", category)
                if rng.random() < 0.6:
                    delay = int(rng.uniform(2, 240) * 3600)
                    self.event(g.clock.at(day, second + delay), "question_answered", ref=ref)

    def staff_question(self, at: str, kind: str, category: str | None = None) -> str:
        """The event of a question or named feedback sent to staff; returns its reference."""
        self.g.questions += 1
        ref = f"{DEMO_REF_PREFIX}{self.g.questions}"
        if kind == "feedback":
            self.event(at, "feedback_sent", ref=ref, value=category, outcome="named")
        else:
            self.event(at, "question_sent", ref=ref, value=kind)
        return ref

    def anonymous_visit(self) -> None:
        """Someone who did not consent: anonymous events only, never a citizen row."""
        rng, g = self.rng, self.g
        key, segment = self.key, self.segment
        self.key, self.segment = None, (None, None, None)
        day = rng.randrange(g.clock.days)
        if rng.random() < 0.4:
            self.event(g.clock.daytime(day, rng)[1], "consent_declined")
        for _ in range(rng.randint(1, 3)):
            self.ask(day)
        self.key, self.segment = key, segment
