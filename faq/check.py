"""Validate the FAQ content (``python -m faq check``): every problem named on one line.

Checks follow ``content/README.md``: required fields and kinds, the shared intent catalogue,
answer lengths, sources, review dates, title lengths, NFC text, placeholders, related ids, the
out-of-scope reference file, phrasings that two intents (or an intent and an out-of-scope
subject) share once normalised (the matcher could not tell them apart), and lexicon phrases
listed under two terms (only the first is read).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from faq.catalog import parse_intent, read_topic_file, topic_files
from faq.drafts import load as load_drafts
from faq.drafts import problems as draft_problems
from faq.figures import Figures
from faq.lexicon import Lexicon
from faq.normalize import Normalizer
from faq.outside import load_outside
from faq.versions import problems as version_problems

PLACEHOLDERS = frozenset({"lien_he", "don_vi", "duong_day_nong"})
ANSWER_LIMIT = 400  # the first message: the figure, yes/no and who to ask
DETAILS_LIMIT = 1500  # hard limit of the platform is 4096; beyond 1500 a phone screen drowns
FIRST_MESSAGE_LIMIT = 600  # the whole first message, notice and source line included
FIRST_MESSAGE_AIM = 350  # target for the median first message
SOON_DAYS = 30  # a version taking effect this soon is pointed out
INTENT_TITLE_LIMIT = 40
TOPIC_TITLE_LIMIT = 30
KINDS = frozenset({"info", "action"})
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_ID = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+)*$")


@dataclass
class Result:
    """Problems (errors) and notes found in a content folder, plus what was counted."""

    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    topics: int = 0
    intents: int = 0
    variants: int = 0
    figures: set[str] = field(default_factory=set)

    def summary(self) -> str:
        """The one line printed when there is no problem."""
        return f"content ok: {self.topics} topics, {self.intents} intents, {self.variants} variants"


def _strings(value: Any) -> Iterator[str]:
    """Every string inside a YAML value, for the NFC check."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def _date_problem(value: Any, today: dt.date) -> str | None:
    text = value.isoformat() if isinstance(value, dt.date) else str(value or "")
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return f"is not a YYYY-MM-DD date ({text or 'missing'})"
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        return f"is not a valid date ({text})"
    return f"is in the future ({text})" if day > today else None


def _version_texts(raw: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(field, text) of every answer-like text in an entry and its versions."""
    for item in [raw, *(v for v in raw.get("versions") or [] if isinstance(v, dict))]:
        for name in ("answer", "details", "announce"):
            if isinstance(item.get(name), str):
                yield name, item[name]
        lines = item.get("by_household")
        if isinstance(lines, dict):
            yield from (("by_household", str(text)) for text in lines.values())


def _check_versions(raw: dict[str, Any], where: str, today: dt.date, result: Result) -> None:
    say = result.problems.append
    intent = parse_intent(raw, "")
    later = raw.get("versions")
    if later is not None and not isinstance(later, list):
        say(f"{where}: versions must be a list")
        return
    for n, item in enumerate(later or [], 1):
        at = f"{where}: version {n}"
        if not isinstance(item, dict):
            say(f"{at} is not a mapping")
            continue
        for name in ("valid_from", "answer", "sources", "reviewed"):
            if item.get(name) in (None, "", []):
                say(f"{at}: missing required field '{name}'")
        for name in ("valid_from", "valid_until"):
            if item.get(name) is not None and _date_problem(item[name], dt.date.max):
                say(f"{at}: {name} is not a YYYY-MM-DD date")
        if item.get("reviewed") is not None and (problem := _date_problem(item["reviewed"], today)):
            say(f"{at}: reviewed {problem}")
    for problem in version_problems(intent.versions):
        say(f"{where}: {problem}")
    for version in intent.versions:
        start = version.valid_from
        if start is not None and 0 <= (start - today).days <= SOON_DAYS:
            result.notes.append(
                f"warning: {where}: a new version takes effect on {start:%d/%m/%Y} "
                f"(in {(start - today).days} days); check it reads right"
            )
        if len(version.answer) > ANSWER_LIMIT:
            say(
                f"{where}: first message text longer than {ANSWER_LIMIT} characters "
                f"({len(version.answer)}); move conditions and procedure to 'details'"
            )
        if len(version.details) > DETAILS_LIMIT:
            say(f"{where}: details longer than {DETAILS_LIMIT} characters")
        if intent.kind == "info" and not any(s.doc for s in version.sources):
            say(f"{where}: kind info needs at least one source with a 'doc' in every version")


def _check_intent(raw: dict[str, Any], where: str, today: dt.date, result: Result) -> None:
    say = result.problems.append
    for name in ("id", "title", "kind", "answer", "reviewed", "variants"):
        if raw.get(name) in (None, "", []):
            say(f"{where}: missing required field '{name}'")
    intent = parse_intent(raw, "")
    if intent.id and not _ID.match(intent.id):
        say(f"{where}: id must be lower-case ASCII words joined by '.' or '_'")
    if raw.get("kind") is not None and intent.kind not in KINDS:
        say(f"{where}: kind must be 'info' or 'action', not '{intent.kind}'")
    if len(intent.title) > INTENT_TITLE_LIMIT:
        say(f"{where}: title longer than {INTENT_TITLE_LIMIT} characters ({len(intent.title)})")
    known = PLACEHOLDERS | result.figures
    for field_name, text in _version_texts(raw):
        for name in sorted(set(_PLACEHOLDER.findall(text)) - known):
            say(f"{where}: unknown placeholder {{{name}}} in {field_name}")
    if raw.get("reviewed") is not None and (problem := _date_problem(raw["reviewed"], today)):
        say(f"{where}: reviewed {problem}")
    for n, source in enumerate(raw.get("sources") or [], 1):
        date = source.get("date") if isinstance(source, dict) else None
        if date is not None and (problem := _date_problem(date, today)):
            say(f"{where}: source {n} date {problem}")
    _check_versions(raw, where, today, result)
    if any(unicodedata.normalize("NFC", s) != s for s in _strings(raw)):
        say(f"{where}: text is not Unicode NFC (re-save the file as NFC)")


def check_content(
    content_dir: Path, *, catalogue: Path | None = None, today: dt.date | None = None
) -> Result:
    """Validate ``content_dir``; ``catalogue`` is the shared ``intents.yaml`` (may be absent).

    ``today`` (default: the machine's date) dates the "in the future" and "takes effect
    soon" checks.
    """
    result = Result()
    say = result.problems.append
    today = today or dt.date.today()
    try:
        figures = Figures.load(content_dir)
        result.figures = set(figures.names)
        result.problems += figures.problems()
    except ValueError as exc:
        say(str(exc))
    try:
        result.problems += draft_problems(load_drafts(content_dir))
    except ValueError as exc:
        say(str(exc))
    seen: dict[str, str] = {}
    kinds: dict[str, str] = {}
    related: list[tuple[str, str]] = []
    phrasings: list[tuple[str, str]] = []
    try:
        lexicon = Lexicon.load(content_dir / "lexicon.yaml")
    except ValueError as exc:
        say(f"lexicon.yaml: {exc}")
        lexicon = Lexicon()
    for phrase, read, lost in lexicon.shadowed:
        say(
            f"lexicon.yaml phrases: '{phrase}' is listed under {read} and {lost}; only {read} is read"
        )
    try:
        outside = load_outside(content_dir / "out_of_scope.yaml")
    except ValueError as exc:
        say(f"out_of_scope.yaml: {exc}")
        outside = {}
    for name, texts in outside.items():
        if not texts:
            say(f"out_of_scope.yaml: {name}: no phrasings")
        if any(unicodedata.normalize("NFC", t) != t for t in texts):
            say(f"out_of_scope.yaml: {name}: text is not Unicode NFC (re-save the file as NFC)")
    files = topic_files(content_dir)
    if not files:
        say(f"{content_dir / 'faq'}: no topic files (*.yaml)")
    for path in files:
        try:
            data = read_topic_file(path)
        except ValueError as exc:
            say(str(exc))
            continue
        result.topics += 1
        name = f"faq/{path.name}"
        for key in ("topic", "title", "order", "intents"):
            if data.get(key) in (None, "", []):
                say(f"{name}: missing required field '{key}'")
        if len(str(data.get("title") or "")) > TOPIC_TITLE_LIMIT:
            say(f"{name}: topic title longer than {TOPIC_TITLE_LIMIT} characters")
        if data.get("order") is not None and not isinstance(data.get("order"), int):
            say(f"{name}: order must be a whole number")
        for n, raw in enumerate(data.get("intents") or [], 1):
            if not isinstance(raw, dict):
                say(f"{name}: intent {n} is not a mapping")
                continue
            intent_id = str(raw.get("id") or f"#{n}")
            where = f"{name}: {intent_id}"
            if intent_id in seen:
                say(f"{where}: id already used in {seen[intent_id]}")
            seen[intent_id] = name
            result.intents += 1
            _check_intent(raw, where, today, result)
            intent = parse_intent(raw, "")
            kinds[intent_id] = intent.kind
            result.variants += len(intent.variants)
            related += [(where, r) for r in intent.related]
            phrasings += [(intent_id, v) for v in intent.variants]
    for where, target in related:
        if target not in seen:
            say(f"{where}: related id '{target}' does not exist")
    # A note, not a problem: one lexicon serves content folders with fewer intents (tests).
    for intent_id in sorted(
        {*lexicon.aspects, *lexicon.whole_aspects, *lexicon.own_aspects} - set(seen)
    ):
        result.notes.append(f"note: lexicon.yaml aspects: no intent '{intent_id}' here")
    phrasings += [
        (f"out_of_scope.yaml {name}", t) for name, texts in outside.items() for t in texts
    ]
    _check_shared_phrasings(phrasings, Normalizer(lexicon), result)
    _check_catalogue(seen, kinds, catalogue, result)
    if not result.problems:
        _check_first_messages(content_dir, today, result)
    return result


def _check_first_messages(content_dir: Path, today: dt.date, result: Result) -> None:
    """Compose every first message as the bot would, on today and around each switch."""
    if not (content_dir / "texts.yaml").exists() or not (content_dir / "deployment.yaml").exists():
        result.notes.append("note: texts.yaml or deployment.yaml missing; lengths not measured")
        return
    from faq.show import first_message_lengths

    for report in first_message_lengths(content_dir, today):
        for intent_id, length in sorted(report.bodies.items()):
            if length > ANSWER_LIMIT:
                result.problems.append(
                    f"{intent_id}: answer on {report.day:%d/%m/%Y} has {length} characters "
                    f"once filled (limit {ANSWER_LIMIT}); move conditions to 'details'"
                )
        for intent_id, length in sorted(report.lengths.items()):
            if length > FIRST_MESSAGE_LIMIT:
                result.problems.append(
                    f"{intent_id}: first message on {report.day:%d/%m/%Y} has {length} "
                    f"characters (limit {FIRST_MESSAGE_LIMIT})"
                )
        if report.median > FIRST_MESSAGE_AIM:
            result.problems.append(
                f"median first message on {report.day:%d/%m/%Y} is {report.median:.0f} "
                f"characters (aim {FIRST_MESSAGE_AIM})"
            )
        name, longest = report.longest
        result.notes.append(
            f"first message on {report.day:%d/%m/%Y}: median {report.median:.0f}, "
            f"max {longest} characters ({name}), {len(report.lengths)} answers; "
            f"answer alone: median {report.body_median:.0f}, max {max(report.bodies.values())}"
        )


def _check_shared_phrasings(
    phrasings: list[tuple[str, str]], normalizer: Normalizer, result: Result
) -> None:
    owner: dict[tuple[str, ...], tuple[str, str]] = {}
    for intent_id, text in phrasings:
        key = tuple(normalizer.terms(text))
        if not key:
            continue
        first = owner.setdefault(key, (intent_id, text))
        if first[0] != intent_id:
            result.problems.append(
                f"variant '{text}' of {intent_id} reads the same as '{first[1]}' of {first[0]}"
            )


def _check_catalogue(
    seen: dict[str, str], kinds: dict[str, str], catalogue: Path | None, result: Result
) -> None:
    if catalogue is None or not catalogue.exists():
        result.notes.append(f"note: intent catalogue not found ({catalogue}); check skipped")
        return
    try:
        entries = yaml.safe_load(catalogue.read_text(encoding="utf-8")) or []
    except yaml.YAMLError as exc:
        result.problems.append(f"{catalogue.name}: invalid YAML ({exc})")
        return
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, dict) or not entry.get("id"):
            continue
        intent_id, kind = str(entry["id"]), str(entry.get("kind") or "info")
        if intent_id not in seen:
            result.problems.append(f"catalogue intent '{intent_id}' has no FAQ entry")
        elif kinds.get(intent_id) != kind:
            result.problems.append(
                f"{seen[intent_id]}: {intent_id}: the catalogue says kind '{kind}', "
                f"the content says '{kinds.get(intent_id)}'"
            )
