"""Audiences: the choices an officer has, how a segment reads, and the CLI's segment syntax.

A segment restricts by communes (deployment ids), household categories and followed topics;
several values of one field mean "any of them", fields combine with "and".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from bot.core.services import Services
from bot.store import HOUSEHOLD_CATEGORIES, Repositories
from bot.store.campaigns import Segment

FIELDS = {"commune": "communes", "household": "households", "topic": "topics"}


def choices(services: Services, field: str) -> list[tuple[str, str]]:
    """(value, label) pairs an officer can pick for ``communes``, ``households``, ``topics``."""
    if field == "communes":
        return [(c.id, c.name) for c in services.deployment.communes]
    if field == "households":
        labels = services.texts.household_labels
        return [(k, labels.get(k, k)) for k in HOUSEHOLD_CATEGORIES]
    if field == "topics":
        faq = services.faq
        return [(t.id, t.title) for t in faq.catalog.topics] if faq is not None else []
    raise ValueError(f"unknown segment field {field!r}")


def toggle(segment: Segment, field: str, value: str) -> Segment:
    """Add ``value`` to the field, or take it away if it is there."""
    current: tuple[str, ...] = getattr(segment, field)
    updated = tuple(v for v in current if v != value) if value in current else (*current, value)
    return replace(segment, **{field: updated})


def labels(services: Services, segment: Segment) -> dict[str, list[str]]:
    """The chosen values of each field, as officers read them."""
    named: dict[str, list[str]] = {}
    for field in ("communes", "households", "topics"):
        values: tuple[str, ...] = getattr(segment, field)
        if values:
            names = dict(choices(services, field))
            named[field] = [names.get(v, v) for v in values]
    return named


def describe(services: Services, segment: Segment) -> str:
    """One line, e.g. ``Xã Quế Phong; Hộ nghèo, Hộ cận nghèo``."""
    if segment.everyone:
        return services.texts.get("bc_everyone")
    return "; ".join(", ".join(names) for names in labels(services, segment).values())


def parse(specs: list[str]) -> Segment:
    """The CLI's ``--segment`` values: ``all``, ``commune=a,b``, ``household=ngheo``, ``topic=x``.

    Raises:
        ValueError: for an unknown field or household category.
    """
    segment = Segment()
    for spec in specs:
        if spec.strip().lower() in ("all", "*"):
            continue
        key, sep, raw = spec.partition("=")
        field = FIELDS.get(key.strip().lower())
        if not sep or field is None:
            raise ValueError(f"segment {spec!r}: use all, commune=…, household=… or topic=…")
        values = tuple(v.strip() for v in raw.split(",") if v.strip())
        if field == "households":
            unknown = [v for v in values if v not in HOUSEHOLD_CATEGORIES]
            if unknown:
                raise ValueError(
                    f"unknown household {', '.join(unknown)}; use {', '.join(HOUSEHOLD_CATEGORIES)}"
                )
        segment = replace(segment, **{field: (*getattr(segment, field), *values)})
    return segment


def check_known(services: Services, segment: Segment) -> None:
    """Refuse commune or topic ids the deployment does not have (a typo reaches nobody).

    Raises:
        ValueError: naming the unknown values and the known ones.
    """
    for field in ("communes", "topics"):
        known = [value for value, _ in choices(services, field)]
        unknown = [v for v in getattr(segment, field) if v not in known]
        if unknown:
            name = field.removesuffix("s")
            raise ValueError(f"unknown {name} {', '.join(unknown)}; use {', '.join(known)}")


async def outside_window(services: Services, segment: Segment, now: dt.datetime) -> dict[str, int]:
    """Per channel with an interaction window (Zalo: 7 days), the recipients outside it now.

    They cannot be sent a free message, so the officer is told before confirming; the report
    counts them as "ngoài thời hạn tương tác", not as failures.
    """
    since: dict[str, str] = {}
    for channel in services.hub.channels():
        window = services.hub.window(channel)
        if window is not None:
            since[channel] = (now - window).astimezone(dt.UTC).isoformat(timespec="seconds")
    if not since:
        return {}

    def count(r: Repositories) -> dict[str, int]:
        silent = {ch: r.campaigns.count_silent_since(segment, ch, at) for ch, at in since.items()}
        return {channel: n for channel, n in silent.items() if n}

    return await services.store.read(count)
