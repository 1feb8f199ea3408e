"""Proposed FAQ entries: questions staff want in the FAQ, appended to a YAML file.

The file is ``faq-proposals.yaml`` beside the database (``BOT_DB``'s folder, ``data/`` by
default): a YAML list that content editors read, then write proper intents into
``content/faq/`` (with variants, answer, sources) and delete the entries they used. Entries
hold what the reviewer wrote or approved for the FAQ, the topic guess and the answer given,
never who asked nor the question's reference code: the wording may be the citizen's own words
(a verbatim proposal), and a code would link them back to the citizen's records.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.config import Settings
from bot.core.clock import system_now
from bot.store.voice_queue import QueueItem

FILE_NAME = "faq-proposals.yaml"
HEADER = (
    "# Questions staff proposed for the FAQ (written by the bot, newest last).\n"
    "# Turn each into an intent in content/faq/<topic>.yaml, then delete it here.\n"
)


def proposals_path(settings: Settings) -> Path:
    return Path(settings.db_path).parent / FILE_NAME


def append(
    settings: Settings,
    question: QueueItem,
    wording: str,
    *,
    by: str,
    answer: str | None,
    similar: int,
) -> Path:
    """Append one proposal and return the file's path."""
    path = proposals_path(settings)
    entry = {
        "proposed_at": system_now().isoformat(timespec="seconds"),
        "proposed_by": by,
        "kind": question.kind,
        "topic": question.topic,
        "intent_guess": question.intent_guess,
        "question": wording,
        "answer_given": answer,
        "similar_pending": similar,
    }
    text = yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, width=100)
    path.parent.mkdir(parents=True, exist_ok=True)
    new = not path.exists()
    # Appending list items keeps the file one valid YAML list without rewriting it.
    with path.open("a", encoding="utf-8") as out:
        if new:
            out.write(HEADER)
        out.write(text)
    return path


def read(settings: Settings) -> list[dict]:
    path = proposals_path(settings)
    if not path.exists():
        return []
    return list(yaml.safe_load(path.read_text(encoding="utf-8")) or [])
