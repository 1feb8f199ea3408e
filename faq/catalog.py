"""The FAQ catalogue: topics and intents read from ``content/faq/*.yaml``.

Loading is deliberately forgiving about optional fields and strict about nothing: validation
lives in :mod:`faq.check`, which reports every problem by name instead of failing on the first.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from faq.figures import Figures
from faq.versions import Source, Version, announced, as_date, in_force

__all__ = ["Catalog", "Intent", "Source", "Topic", "Version", "parse_intent"]


@dataclass(frozen=True)
class Intent:
    """One question citizens ask, with its answer and the phrasings used to recognise it."""

    id: str
    topic: str
    title: str
    kind: str  # "info" | "action"
    answer: str
    caution: bool
    sources: tuple[Source, ...]
    reviewed: str  # "YYYY-MM-DD"
    variants: tuple[str, ...]
    related: tuple[str, ...]
    versions: tuple[Version, ...] = ()

    def version_on(self, day: dt.date) -> Version | None:
        """The text in force on ``day`` (None when no version covers it)."""
        return in_force(self.versions, day)

    def announcement_on(self, day: dt.date) -> Version | None:
        """The next version, when ``day`` falls in the weeks it is announced."""
        return announced(self.versions, day)


@dataclass(frozen=True)
class Topic:
    """A menu topic grouping intents; ``order`` sets its place in the menu."""

    id: str
    title: str
    order: int
    intent_ids: tuple[str, ...]


def _text(value: Any) -> str:
    """Render a YAML scalar as text; YAML turns bare dates into ``date`` objects."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _optional(value: Any) -> str | None:
    text = _text(value).strip()
    return text or None


def parse_source(raw: Any) -> Source:
    """A source from YAML: a mapping (doc, date, article, url, uncertain) or a bare name."""
    if isinstance(raw, str):
        return Source(doc=raw, date=None, article=None, url=None)
    raw = raw if isinstance(raw, dict) else {}
    return Source(
        doc=_text(raw.get("doc")).strip(),
        date=_optional(raw.get("date")),
        article=_optional(raw.get("article")),
        url=_optional(raw.get("url")),
        uncertain=bool(raw.get("uncertain", False)),
    )


def _sources(raw: Any) -> tuple[Source, ...]:
    return tuple(parse_source(s) for s in raw) if isinstance(raw, list) else ()


def _by_household(raw: Any) -> dict[str, str]:
    if not isinstance(raw, dict):
        return {}
    return {str(k): _text(v).strip() for k, v in raw.items() if _text(v).strip()}


def parse_version(raw: dict[str, Any], base: Version | None = None) -> Version:
    """One dated version; fields it leaves out (sources, details) come from ``base``."""
    return Version(
        answer=_text(raw.get("answer")).strip() or (base.answer if base else ""),
        details=_text(raw.get("details")).strip() or (base.details if base else ""),
        sources=_sources(raw.get("sources")) or (base.sources if base else ()),
        reviewed=_text(raw.get("reviewed")).strip() or (base.reviewed if base else ""),
        valid_from=as_date(raw.get("valid_from")),
        valid_until=as_date(raw.get("valid_until")),
        by_household=_by_household(raw.get("by_household")),
        announce=_text(raw.get("announce")).strip(),
    )


def parse_versions(raw: dict[str, Any]) -> tuple[Version, ...]:
    """The entry's own fields as its first version, then every ``versions:`` item."""
    first = parse_version(raw)
    later = raw.get("versions")
    extra = [parse_version(v, first) for v in later if isinstance(v, dict)] if later else []
    return (first, *extra)


def _strings(raw: Any) -> tuple[str, ...]:
    if not isinstance(raw, list):
        return ()
    return tuple(_text(item).strip() for item in raw if _text(item).strip())


def parse_intent(raw: dict[str, Any], topic: str) -> Intent:
    """Build an :class:`Intent` from one YAML mapping, tolerating missing optional fields."""
    return Intent(
        id=_text(raw.get("id")).strip(),
        topic=topic,
        title=_text(raw.get("title")).strip(),
        kind=_text(raw.get("kind") or "info").strip(),
        answer=_text(raw.get("answer")).strip(),
        caution=bool(raw.get("caution", False)),
        sources=_sources(raw.get("sources")),
        reviewed=_text(raw.get("reviewed")).strip(),
        variants=_strings(raw.get("variants")),
        related=_strings(raw.get("related")),
        versions=parse_versions(raw),
    )


def read_topic_file(path: Path) -> dict[str, Any]:
    """Read one topic file as a mapping (empty mapping for an empty file).

    Raises:
        ValueError: when the YAML is malformed or its top level is not a mapping.
    """
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ValueError(f"{path.name}: invalid YAML ({exc})") from exc
    except ValueError as exc:  # YAML reads 2027-13-01 as a date and fails
        raise ValueError(f"{path.name}: invalid date ({exc})") from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ValueError(f"{path.name}: top level must be a mapping")
    return data


def topic_files(content_dir: Path) -> list[Path]:
    """The topic files of a content folder, in a stable order."""
    return sorted((content_dir / "faq").glob("*.yaml"))


class Catalog:
    """All topics and intents of a content folder.

    Attributes:
        intents: intents by id, in file order.
        topics: topics sorted by their menu ``order``.
    """

    def __init__(
        self, intents: dict[str, Intent], topics: list[Topic], figures: Figures | None = None
    ) -> None:
        self.intents = intents
        self.topics = sorted(topics, key=lambda t: (t.order, t.id))
        self.figures = figures or Figures({})

    @classmethod
    def load(cls, content_dir: Path) -> Catalog:
        """Read every ``content_dir/faq/*.yaml`` file.

        Raises:
            ValueError: when a file is not valid YAML or not a mapping.
        """
        intents: dict[str, Intent] = {}
        topics: list[Topic] = []
        for path in topic_files(content_dir):
            data = read_topic_file(path)
            topic_id = _text(data.get("topic") or path.stem).strip()
            raw_intents = data.get("intents") or []
            parsed = [parse_intent(raw, topic_id) for raw in raw_intents if isinstance(raw, dict)]
            for intent in parsed:
                intents.setdefault(intent.id, intent)
            order = data.get("order")
            topics.append(
                Topic(
                    id=topic_id,
                    title=_text(data.get("title")).strip(),
                    order=order if isinstance(order, int) else 1000,
                    intent_ids=tuple(i.id for i in parsed),
                )
            )
        return cls(intents, topics, Figures.load(content_dir))

    @classmethod
    def from_intents(cls, intents: list[Intent]) -> Catalog:
        """Build a catalogue in memory (benchmarks and tests), one topic per intent topic."""
        topics: dict[str, list[str]] = {}
        for intent in intents:
            topics.setdefault(intent.topic, []).append(intent.id)
        return cls(
            {i.id: i for i in intents},
            [Topic(t, t, n, tuple(ids)) for n, (t, ids) in enumerate(topics.items())],
        )
