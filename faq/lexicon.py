"""The normalisation tables (``content/lexicon.yaml``) as an immutable object.

Staff edit the YAML; this module only reads it, lower-cases and NFC-normalises every entry so
that lookups never depend on how an editor saved the file.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml


def _bare_table() -> dict[int, str]:
    """Precomposed Latin letters (as NFC produces them) to their bare ASCII letter."""
    table: dict[int, str] = {}
    for code in (*range(0xC0, 0x250), *range(0x1E00, 0x1F00)):
        bare = "".join(
            c for c in unicodedata.normalize("NFD", chr(code)) if not unicodedata.combining(c)
        )
        if bare != chr(code) and len(bare) == 1:
            table[code] = bare
    table[ord("đ")], table[ord("Đ")] = "d", "D"
    return table


_BARE = _bare_table()


def strip_marks(text: str) -> str:
    """Remove Vietnamese diacritics: ``"Đường"`` -> ``"Duong"`` (case is kept)."""
    if text.isascii():
        return text
    bare = text.translate(_BARE)
    if bare.isascii():
        return bare
    # Decomposed or unusual input: the slow, general way.
    decomposed = unicodedata.normalize("NFD", bare)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).translate(_BARE)


def has_marks(text: str) -> bool:
    """True when ``text`` carries at least one Vietnamese diacritic (or ``đ``)."""
    return not text.isascii() and strip_marks(text) != text


# Vietnamese spells a lone final i/y both ways after a consonant (lí/lý, kĩ/kỹ, công ti/ty):
# one spelling for all, so that "pháp lí" and "pháp lý" are the same word.
_Y_TO_I = dict(zip("yýỳỷỹỵ", "iíìỉĩị", strict=True))
_I_FOR_Y = re.compile(r"\b([bdđhklmnrstv]|qu)([yýỳỷỹỵ])\b")


def fold(text: str) -> str:
    """NFKC + case folding: the form every table key and every message is compared in.

    NFKC composes like NFC (NFD input behaves as NFC) and also maps compatibility forms,
    such as full-width letters typed on some phone keyboards, to plain ones.
    """
    folded = unicodedata.normalize("NFKC", text).casefold().strip()
    return _I_FOR_Y.sub(lambda m: m.group(1) + _Y_TO_I[m.group(2)], folded)


def _words(value: Any) -> tuple[str, ...]:
    return tuple(fold(str(value)).split())


def _mapping(raw: Any) -> dict[str, tuple[str, ...]]:
    if not isinstance(raw, dict):
        return {}
    return {fold(str(k)): _words(v) for k, v in raw.items() if _words(v)}


def _phrases(raw: Any) -> tuple[dict[tuple[str, ...], str], tuple[tuple[str, str, str], ...]]:
    """Words -> canonical term, the first term listing them winning; and the phrases written
    under a second term too (phrase, the term read, the term never read): a dead entry."""
    out: dict[tuple[str, ...], str] = {}
    shadowed: list[tuple[str, str, str]] = []
    if not isinstance(raw, dict):
        return out, ()
    for canonical, alternatives in raw.items():
        term = fold(str(canonical)).replace(" ", "_")
        alts = alternatives if isinstance(alternatives, list) else [alternatives]
        for n, alt in enumerate([*alts, term.replace("_", " ")]):
            words = _words(alt)
            if not words:
                continue
            first = out.setdefault(words, term)
            if first != term and n < len(alts):  # the term's own words are implied, not written
                shadowed.append((" ".join(words), first, term))
    return out, tuple(shadowed)


def _aspects(raw: Any, *, own: bool = False) -> dict[str, tuple[str, ...]]:
    """``{aspect: {cues: [...], intents: [...]}}`` -> intent id -> its cues (folded; the
    matcher looks for them without diacritics in what a message asks). Aspects marked
    ``subject`` (a loan) name a kind of scheme, not something asked about one: they are
    left out here (see :func:`_whole_aspects`). ``own``: only the aspects marked ``own``
    (what only an intent's own answer gives, asked right after it: where to apply), which
    are otherwise left out — a natural next question's cue does not make them asked."""
    out: dict[str, tuple[str, ...]] = {}
    if not isinstance(raw, dict):
        return out
    for entry in raw.values():
        if not isinstance(entry, dict) or entry.get("subject") is True:
            continue
        if (entry.get("own") is True) != own:
            continue
        for intent in entry.get("intents") or ():
            # An intent may answer several aspects (a loan's amount, rate and term).
            out[str(intent)] = out.get(str(intent), ()) + _cues(entry)
    return out


def _cues(entry: dict[str, Any]) -> tuple[str, ...]:
    return tuple(fold(str(c)) for c in entry.get("cues") or () if str(c).strip())


def _whole_aspects(raw: Any) -> dict[str, tuple[str, ...]]:
    """``{aspect: {cues: [...], intents: [...], whole: true}}`` -> intent id -> the cues of
    that aspect, for the aspects whose intents answer nothing else (the loan procedure, the
    housing conditions, the clean-water loan)."""
    if not isinstance(raw, dict):
        return {}
    return {
        str(intent): _cues(entry)
        for entry in raw.values()
        if isinstance(entry, dict) and entry.get("whole") is True
        for intent in entry.get("intents") or ()
    }


def _subject_intents(raw: Any) -> frozenset[str]:
    """The intents of the aspects marked ``subject`` (a topic's loan), whose cues name a kind
    of scheme ("vay", "vốn")."""
    if not isinstance(raw, dict):
        return frozenset()
    return frozenset(
        str(intent)
        for entry in raw.values()
        if isinstance(entry, dict) and entry.get("subject") is True
        for intent in entry.get("intents") or ()
    )


def _anywhere(raw: Any) -> tuple[str, ...]:
    """``{aspect: {cues: [...], anywhere: true}}`` -> the cues of those aspects, which are
    asked of whichever answer came before (where to apply)."""
    if not isinstance(raw, dict):
        return ()
    return tuple(
        cue
        for entry in raw.values()
        if isinstance(entry, dict) and entry.get("anywhere") is True
        for cue in _cues(entry)
    )


def _set(raw: Any) -> frozenset[str]:
    if not isinstance(raw, list):
        return frozenset()
    return frozenset(fold(str(item)) for item in raw if str(item).strip())


@dataclass(frozen=True)
class Lexicon:
    """Normalisation tables; see the header of ``content/lexicon.yaml`` for their meaning.

    Attributes:
        abbreviations: typed word -> words, looked up as typed and without diacritics.
        dialect: typed word -> words, looked up exactly as typed only.
        phrases: words -> one canonical term (``"bảo_hiểm_y_tế"``).
        fillers: particles and chat noise to drop.
        stop_words: function words to drop.
        final_particles: diacritic-less sentence-final particles (``vay`` for *vậy*).
        question_words: words (without diacritics) after which a final particle is dropped.
        bare_particles: a word typed without diacritics that is a particle, not itself, before
            one of the listed words (``vay toi`` is *vậy tôi*, not a loan).
        bare_final: a word typed without diacritics that is a particle at the end of a
            sentence, unless one of the listed words comes before it (``vay hong`` is *vay
            hông*, không; ``bi hong`` is *bị hỏng*, broken).
        greetings: terms dropped unless they are all a message says.
        thanks: greetings that are what a short message says when it asks nothing.
        out_of_scope: terms naming services the bot does not cover.
        schemes: out-of-scope terms naming a scheme with its own law (social insurance, people
            with merit): a message asking about one is never answered outright.
        exclusive: groups of terms that exclude each other (household statuses): a message
            naming one of them is unlikely to be about an intent that is about another.
        aspects: intent id -> words that name what it answers about its subject ("thủ tục",
            "điều kiện", "lãi suất"); they settle a clarifying question between it and a close
            sibling when the asking sentences use them, and tell what a follow-up asks.
        shadowed: phrases written under two terms (phrase, term read, term never read):
            a mistake ``python -m faq check`` reports.
        whole_aspects: intent id -> the cues of the one aspect its whole answer is about
            (aspects marked ``whole``: the loan procedure, the housing conditions; and
            ``subject`` ones, a topic's loan): a follow-up that turns to the intent's topic
            without those words asks about something else.
        own_aspects: intent id -> cues of what only its own answer gives (aspects marked
            ``own``: where to apply): a follow-up right after that answer that asks it asks
            that answer again.
        subject_intents: the intents of the aspects marked ``subject`` (the other topics'
            loans).
        applying: cues of where and how to apply (aspects marked ``anywhere``): right after
            an answer of a topic that has no answer with these cues (no procedure of its
            own), a follow-up asking only this asks that answer again, which says whom to ask.
    """

    abbreviations: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    dialect: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    phrases: Mapping[tuple[str, ...], str] = field(default_factory=dict)
    fillers: frozenset[str] = frozenset()
    stop_words: frozenset[str] = frozenset()
    final_particles: frozenset[str] = frozenset()
    question_words: frozenset[str] = frozenset()
    bare_particles: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    bare_final: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    greetings: frozenset[str] = frozenset()
    thanks: frozenset[str] = frozenset()
    out_of_scope: frozenset[str] = frozenset()
    schemes: frozenset[str] = frozenset()
    exclusive: tuple[frozenset[str], ...] = ()
    aspects: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    whole_aspects: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    own_aspects: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    applying: tuple[str, ...] = ()
    subject_intents: frozenset[str] = frozenset()
    shadowed: tuple[tuple[str, str, str], ...] = ()

    @classmethod
    def load(cls, path: Path) -> Lexicon:
        """Read a lexicon YAML file; a missing file gives an empty lexicon.

        Raises:
            ValueError: when the file is not valid YAML or not a mapping.
        """
        if not path.exists():
            return cls()
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            raise ValueError(f"{path.name}: invalid YAML ({exc})") from exc
        if not isinstance(data, dict):
            raise ValueError(f"{path.name}: top level must be a mapping")
        phrases, shadowed = _phrases(data.get("phrases"))
        return cls(
            abbreviations=_mapping(data.get("abbreviations")),
            dialect=_mapping(data.get("dialect")),
            phrases=phrases,
            shadowed=shadowed,
            fillers=_set(data.get("fillers")),
            stop_words=_set(data.get("stop_words")),
            final_particles=_set(data.get("final_particles")),
            question_words=_set(data.get("question_words")),
            bare_particles=_mapping(data.get("bare_particles")),
            bare_final=_mapping(data.get("bare_final")),
            greetings=_set(data.get("greetings")),
            thanks=_set(data.get("thanks")),
            out_of_scope=_set(data.get("out_of_scope")),
            schemes=_set(data.get("schemes")),
            exclusive=tuple(
                _set(group) for group in data.get("exclusive") or () if isinstance(group, list)
            ),
            aspects=_aspects(data.get("aspects")),
            whole_aspects=_whole_aspects(data.get("aspects")),
            own_aspects=_aspects(data.get("aspects"), own=True),
            applying=_anywhere(data.get("aspects")),
            subject_intents=_subject_intents(data.get("aspects")),
        )

    def fingerprint(self) -> str:
        """The tables as one canonical text (sets sorted), for cache keys."""
        parts = [
            sorted(self.abbreviations.items()),
            sorted(self.dialect.items()),
            sorted(self.bare_particles.items()),
            sorted(self.bare_final.items()),
            sorted(self.phrases.items()),
            *(
                sorted(s)
                for s in (
                    self.fillers,
                    self.stop_words,
                    self.final_particles,
                    self.question_words,
                    self.greetings,
                    self.thanks,
                    self.out_of_scope,
                    self.schemes,
                )
            ),
            [sorted(group) for group in self.exclusive],
        ]
        return repr(parts)

    def known_words(self) -> set[str]:
        """Every single word the tables mention: these are never "typo-corrected" away."""
        words: set[str] = set(self.abbreviations) | set(self.dialect)
        words |= self.fillers | self.stop_words
        for targets in (*self.abbreviations.values(), *self.dialect.values()):
            words.update(targets)
        for alt in self.phrases:
            words.update(alt)
        return words
