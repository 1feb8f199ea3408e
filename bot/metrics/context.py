"""What every section builder shares: the period, the area, names, and the event counts."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from bot.core.content import Commune, Deployment
from bot.metrics.area import Area
from bot.metrics.labels import HOUSEHOLDS, UNKNOWN, UNKNOWN_LABEL, household_key
from bot.metrics.period import Period

TOTAL = "Tổng cộng"


class Group(NamedTuple):
    """One row of :func:`bot.store.reports.ReportQueries.segment_counts`."""

    type: str
    outcome: str | None
    value: str | None
    commune: str | None
    village: str | None
    household: str | None
    n: int


class Cube:
    """Event counts by type, outcome, value and segment, summed on demand."""

    def __init__(self, rows: Iterable[tuple]) -> None:
        self.groups = [Group(*row) for row in rows]

    def total(self, match: Callable[[Group], bool]) -> int:
        return sum(g.n for g in self.groups if match(g))

    def by(self, key: Callable[[Group], str], match: Callable[[Group], bool]) -> Counter[str]:
        counts: Counter[str] = Counter()
        for g in self.groups:
            if match(g):
                counts[key(g)] += g.n
        return counts


def of_type(*types: str) -> Callable[[Group], bool]:
    return lambda g: g.type in types


def by_household(g: Group) -> str:
    return household_key(g.household)


def by_commune(g: Group) -> str:
    return g.commune or UNKNOWN


@dataclass(frozen=True)
class CatalogInfo:
    """FAQ names for the report: intent → (title, topic), topic → title, in menu order."""

    intents: dict[str, tuple[str, str]] = field(default_factory=dict)
    topics: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_catalog(cls, catalog: object | None) -> CatalogInfo:
        """From a ``faq.catalog.Catalog`` (or None when there is no FAQ content)."""
        if catalog is None:
            return cls()
        intents = {i.id: (i.title, i.topic) for i in catalog.intents.values()}  # type: ignore[attr-defined]
        topics = {t.id: t.title or t.id for t in catalog.topics}  # type: ignore[attr-defined]
        return cls(intents, topics)

    def topic_of(self, intent: str | None, fallback: str | None = None) -> str | None:
        if intent in self.intents:
            return self.intents[intent][1]
        return fallback

    def topic_title(self, topic: str | None) -> str:
        return self.topics.get(topic or "", topic or "Chưa xác định chủ đề")

    def intent_title(self, intent: str) -> str:
        return self.intents[intent][0] if intent in self.intents else intent


@dataclass
class Context:
    period: Period
    area: Area
    deployment: Deployment
    catalog: CatalogInfo
    now: dt.datetime
    cube: Cube

    def communes(self) -> list[Commune]:
        """The deployment's communes inside the area (a village's commune for a village)."""
        if self.area.commune is not None:
            return [c for c in self.deployment.communes if c.id == self.area.commune]
        if self.area.village is not None:
            return [c for c in self.deployment.communes if self.area.village in c.villages]
        return list(self.deployment.communes)

    def commune_name(self, commune_id: str) -> str:
        if commune_id == UNKNOWN:
            return UNKNOWN_LABEL
        found = self.deployment.commune(commune_id)
        return found.name if found else commune_id

    def commune_keys(self, seen: Iterable[str]) -> list[str]:
        """Row order: the area's communes, other communes found in the data, then unknown."""
        listed = [c.id for c in self.communes()]
        others = sorted(k for k in set(seen) if k not in listed and k != UNKNOWN)
        return [*listed, *others, UNKNOWN]

    def area_label(self) -> str:
        if self.area.village is not None:
            communes = self.communes()
            where = f", {communes[0].name}" if communes else ""
            return f"{self.area.village}{where}"
        if self.area.commune is not None:
            return self.commune_name(self.area.commune)
        return "toàn địa bàn"


def household_rows(values: Callable[[str], list], *, total: list | None = None) -> list[list]:
    """One row per household category (label first), then the total row when given."""
    rows = [[label, *values(key)] for key, label in HOUSEHOLDS]
    if total is not None:
        rows.append([TOTAL, *total])
    return rows


def column_sums(rows: list[list], skip: int = 1) -> list[int]:
    """Sums of the whole-number columns after the first ``skip`` cells."""
    width = len(rows[0]) if rows else 0
    return [sum(row[i] or 0 for row in rows) for i in range(skip, width)]


__all__ = ["TOTAL", "UNKNOWN", "CatalogInfo", "Context", "Cube", "Group"]
