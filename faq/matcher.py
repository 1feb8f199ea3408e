"""Match a citizen's message to an FAQ intent, or abstain.

The matcher normalises the message (:mod:`faq.normalize`), ranks intents with the TF-IDF index
(:mod:`faq.index`) and turns the ranking into a calibrated confidence
(:mod:`faq.confidence`), from which one of three outcomes follows:

* ``answer``  — confident enough to show the intent's answer;
* ``suggest`` — plausible: offer up to three intents as buttons;
* ``none``    — out of scope or unreadable: offer the topics menu or a human.
"""

from __future__ import annotations

import dataclasses
import gc
import os
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from faq.catalog import Catalog
from faq.confidence import Scorer, signals
from faq.index import Candidate, Index, features
from faq.normalize import Lexicon, Normalizer, has_marks, strip_marks
from faq.outside import load_outside

Outcome = Literal["answer", "suggest", "none"]
_CANDIDATES = 12
# An intent "is about another" exclusive term when that term weighs this many times more in its
# centroid than the one the message names.
CONFLICT_RATIO = 3.0


@dataclass(frozen=True)
class Match:
    """What the matcher concluded about one message.

    Attributes:
        outcome: ``answer``, ``suggest`` or ``none``.
        intent_id: the answered intent, set only when ``outcome == "answer"``.
        score: calibrated confidence (0..1) of the top candidate.
        suggestions: up to three intent ids, best first (best guesses even for ``none``).
    """

    outcome: Outcome
    intent_id: str | None
    score: float
    suggestions: tuple[str, ...]


@contextmanager
def _collector_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def default_content_dir() -> Path:
    """``$BOT_CONTENT_DIR`` if set, else the repository's ``content/`` folder."""
    env = os.environ.get("BOT_CONTENT_DIR")
    return Path(env) if env else Path(__file__).resolve().parent.parent / "content"


class Matcher:
    """Ranks a catalogue's intents for free-text messages.

    Args:
        catalog: the intents to match.
        lexicon: the normalisation tables.
    """

    def __init__(
        self,
        catalog: Catalog,
        lexicon: Lexicon,
        *,
        scorer: Scorer | None = None,
        outside: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        self.catalog = catalog
        self.ids = list(catalog.intents)
        # Building allocates hundreds of thousands of small objects that all stay alive; the
        # cyclic garbage collector would scan them again and again for nothing (a third of
        # the build time at 1,000 intents).
        with _collector_paused():
            texts = [[i.title, *i.variants] for i in catalog.intents.values()]
            # The out-of-scope reference subjects (content/out_of_scope.yaml) come after the
            # intents: they share the IDF and compete with the intents, never answered.
            self.outside_names = list(outside or {})
            texts += [list((outside or {})[name]) for name in self.outside_names]
            self.normalizer, flat = Normalizer.build(lexicon, [t for ts in texts for t in ts])
            docs, start = [], 0
            for ts in texts:
                docs.append(flat[start : start + len(ts)])
                start += len(ts)
            self.index = Index(docs, inside=len(self.ids))
        self.scorer = scorer or Scorer()
        self.out_of_scope = lexicon.out_of_scope
        self.exclusive = [
            frozenset("w:" + strip_marks(t) for t in group) for group in lexicon.exclusive
        ]

    @classmethod
    def from_content(cls, content_dir: Path) -> Matcher:
        """Load ``content_dir/faq/*.yaml``, ``lexicon.yaml`` and ``out_of_scope.yaml``."""
        return cls(
            Catalog.load(content_dir),
            Lexicon.load(content_dir / "lexicon.yaml"),
            outside=load_outside(content_dir / "out_of_scope.yaml"),
        )

    def match(self, text: str) -> Match:
        """Match one message; never raises on odd input (empty, emoji, NFD...)."""
        ranked = self.candidates(text)
        if not ranked:
            return Match("none", None, 0.0, ())
        runner_up = ranked[1] if len(ranked) > 1 else None
        confidence = self.scorer.confidence(signals(ranked[0], runner_up, ranking=self.scorer))
        ids = tuple(self.ids[c.index] for c in ranked[:3])
        outcome = self.scorer.outcome(confidence)
        if outcome == "answer":
            return Match("answer", ids[0], confidence, ids)
        return Match(outcome, None, confidence, ids)

    def _conflict(self, feats: set[str], index: int) -> bool:
        """The query names one term of an exclusive group; the intent is about another."""
        centroid = self.index.centroids[index]
        for group in self.exclusive:
            named = group & feats
            if len(named) != 1:
                continue
            (term,) = named
            own = centroid.get(term, 0.0)
            other = max((centroid.get(t, 0.0) for t in group - named), default=0.0)
            if other > CONFLICT_RATIO * own:
                return True
        return False

    def candidates(self, text: str) -> list[Candidate]:
        """The closest intents to ``text``, best first (empty when nothing is readable)."""
        terms = self.normalizer.terms(text)
        if not terms or not self.ids:
            return []
        feats = features(terms, accents=has_marks(text))
        found = self.index.candidates(feats, limit=_CANDIDATES)
        foreign = not self.out_of_scope.isdisjoint(terms)
        nearest = self.index.outside(feats)
        level = self.scorer.rank_score(nearest) if nearest else 0.0
        found = [
            dataclasses.replace(
                c,
                foreign=foreign,
                outside=level - self.scorer.rank_score(c),
                conflict=self._conflict(feats, c.index),
            )
            for c in found
        ]
        return self.scorer.rank(found)
