"""Ready campaign drafts from ``content/drafts.yaml``, offered to officers in ``/guitin``
(:mod:`broadcasts.flow_drafts`).

A draft is content like an answer: its text rests on sources and has a review date, and it is
offered only between its ``valid_from`` and ``valid_until``. The officer sees the text, can
copy and edit it, or use it as it is; the message that goes out ends with its source line.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import yaml

from faq.catalog import parse_source
from faq.versions import Source, as_date, within

DRAFTS_FILE = "drafts.yaml"
TITLE_LIMIT = 40


@dataclass(frozen=True)
class CampaignDraft:
    """One ready message for officers to send."""

    id: str
    title: str
    text: str
    sources: tuple[Source, ...]
    reviewed: str
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None

    def offered_on(self, day: dt.date) -> bool:
        return within(self.valid_from, self.valid_until, day)


def load(content_dir: Path) -> list[CampaignDraft]:
    """Every draft of ``content_dir/drafts.yaml`` (none when the file is absent).

    Raises:
        ValueError: when the file is not valid YAML.
    """
    path = content_dir / DRAFTS_FILE
    if not path.exists():
        return []
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, ValueError) as exc:
        raise ValueError(f"{DRAFTS_FILE}: invalid YAML ({exc})") from exc
    items = raw.get("drafts") if isinstance(raw, dict) else None
    return [
        CampaignDraft(
            id=str(item.get("id") or "").strip(),
            title=str(item.get("title") or "").strip(),
            text=str(item.get("text") or "").strip(),
            sources=tuple(parse_source(s) for s in item.get("sources") or []),
            reviewed=str(item.get("reviewed") or "").strip(),
            valid_from=as_date(item.get("valid_from")),
            valid_until=as_date(item.get("valid_until")),
        )
        for item in items or []
        if isinstance(item, dict)
    ]


def problems(drafts: list[CampaignDraft]) -> list[str]:
    """What ``faq check`` refuses in the drafts file."""
    found: list[str] = []
    seen: set[str] = set()
    for n, draft in enumerate(drafts, 1):
        where = f"{DRAFTS_FILE}: {draft.id or f'#{n}'}"
        if not draft.id or draft.id in seen:
            found.append(f"{where}: missing or repeated id")
        seen.add(draft.id)
        if not draft.title or len(draft.title) > TITLE_LIMIT:
            found.append(f"{where}: title missing or longer than {TITLE_LIMIT} characters")
        if not draft.text:
            found.append(f"{where}: missing 'text'")
        if not any(s.doc for s in draft.sources):
            found.append(f"{where}: needs at least one source with a 'doc'")
        if as_date(draft.reviewed) is None:
            found.append(f"{where}: reviewed is not a YYYY-MM-DD date")
    return found
