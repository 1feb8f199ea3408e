"""A sparse TF-IDF index over the catalogue's phrasings.

Every phrasing (variants and the title) is normalised into terms, and terms into features:

* ``w:`` a term without diacritics — the channel that survives any way of typing;
* ``b:`` two neighbouring terms without diacritics — word order and compounds;
* ``a:`` a term with its diacritics — used only when the message itself has diacritics,
  so that *sửa* (repair) and *sữa* (milk) differ when the citizen wrote them.

Two views are kept: one centroid vector per intent (what its phrasings say on the whole) and
one vector per phrasing (the closest single way of asking). Inverted lists over centroids make
the first stage proportional to the query, not to the catalogue.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from faq.lexicon import has_marks, strip_marks

Vector = dict[str, float]


def features(terms: Sequence[str], *, accents: bool) -> set[str]:
    """Features of normalised terms; ``accents`` adds the diacritic channel."""
    bare = [strip_marks(t) for t in terms if not t.isdigit()]
    out = {"w:" + t for t in bare}
    out.update(f"b:{x} {y}" for x, y in zip(bare, bare[1:], strict=False))
    if accents:
        out.update("a:" + t for t in terms if has_marks(t))
    return out


def _unit(vector: Vector) -> Vector:
    norm = math.sqrt(sum(v * v for v in vector.values()))
    return {k: v / norm for k, v in vector.items()} if norm else {}


@dataclass(frozen=True)
class Candidate:
    """Scores of one intent for one query (all in 0..1)."""

    index: int
    centroid: float
    best_variant: float
    coverage: float
    matched: float
    foreign: bool = False


class Index:
    """TF-IDF vectors of intents and their phrasings.

    Args:
        docs: for each intent, the term lists of its phrasings.
    """

    def __init__(self, docs: Sequence[Sequence[Sequence[str]]]) -> None:
        self.size = len(docs)
        per_intent = [[features(t, accents=True) for t in phr if t] for phr in docs]
        df: dict[str, int] = defaultdict(int)
        for feats in per_intent:
            for f in set().union(*feats) if feats else ():
                df[f] += 1
        n = max(self.size, 1)
        self.idf = {f: math.log(1.0 + n / d) for f, d in df.items()}
        # An unseen word is as informative as the rarest known one: it tells the message
        # is about something the catalogue does not cover.
        self.unseen_idf = math.log(1.0 + n)
        self.vocabulary = {f[2:] for f in df if f.startswith("w:")}
        self.centroids: list[Vector] = []
        self.variants: list[list[Vector]] = []
        self.postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for i, feats in enumerate(per_intent):
            share: Vector = defaultdict(float)
            for fs in feats:
                for f in fs:
                    share[f] += 1.0 / len(feats)
            centroid = _unit({f: s * self.idf[f] for f, s in share.items()})
            self.centroids.append(centroid)
            self.variants.append([_unit({f: self.idf[f] for f in fs}) for fs in feats])
            for f, w in centroid.items():
                self.postings[f].append((i, w))

    def query_vector(self, feats: Iterable[str]) -> Vector:
        """Unit TF-IDF vector of a query's features (unseen features weigh as rare ones)."""
        return _unit({f: self.idf.get(f, self.unseen_idf) for f in feats})

    def candidates(self, feats: set[str], *, limit: int) -> list[Candidate]:
        """The ``limit`` intents closest to the query, best first."""
        query = self.query_vector(feats)
        acc: dict[int, float] = defaultdict(float)
        for f, qw in query.items():
            for i, w in self.postings.get(f, ()):
                acc[i] += qw * w
        top = heapq.nlargest(limit, acc.items(), key=lambda kv: kv[1])
        words = [f for f in feats if f.startswith("w:")]
        mass = sum(self.idf.get(f, self.unseen_idf) for f in words) or 1.0
        out = []
        for i, centroid_score in top:
            best = max(
                (sum(qw * v.get(f, 0.0) for f, qw in query.items()) for v in self.variants[i]),
                default=0.0,
            )
            centroid = self.centroids[i]
            known = sum(self.idf[f] for f in words if f in centroid)
            matched = sum(self.idf[f] for f in query if f[0] != "a" and f in centroid)
            out.append(Candidate(i, centroid_score, best, known / mass, matched))
        return out
