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


@dataclass(frozen=True)
class Source:
    """A legal or official document an answer rests on."""

    doc: str
    date: str | None
    article: str | None
    url: str | None


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


def _source(raw: Any) -> Source:
    if isinstance(raw, str):
        return Source(doc=raw, date=None, article=None, url=None)
    raw = raw if isinstance(raw, dict) else {}
    return Source(
        doc=_text(raw.get("doc")).strip(),
        date=_optional(raw.get("date")),
        article=_optional(raw.get("article")),
        url=_optional(raw.get("url")),
    )


def _strings(raw: Any) -> tuple[str, ...]:
    if not isinstance(raw, list):
        return ()
    return tuple(_text(item).strip() for item in raw if _text(item).strip())


def parse_intent(raw: dict[str, Any], topic: str) -> Intent:
    """Build an :class:`Intent` from one YAML mapping, tolerating missing optional fields."""
    sources = raw.get("sources")
    return Intent(
        id=_text(raw.get("id")).strip(),
        topic=topic,
        title=_text(raw.get("title")).strip(),
        kind=_text(raw.get("kind") or "info").strip(),
        answer=_text(raw.get("answer")).strip(),
        caution=bool(raw.get("caution", False)),
        sources=tuple(_source(s) for s in sources) if isinstance(sources, list) else (),
        reviewed=_text(raw.get("reviewed")).strip(),
        variants=_strings(raw.get("variants")),
        related=_strings(raw.get("related")),
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

    def __init__(self, intents: dict[str, Intent], topics: list[Topic]) -> None:
        self.intents = intents
        self.topics = sorted(topics, key=lambda t: (t.order, t.id))

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
        return cls(intents, topics)

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
