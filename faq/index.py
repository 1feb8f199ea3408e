"""A sparse TF-IDF index over the catalogue's phrasings.

Every phrasing (variants and the title) is normalised into terms, and terms into features:

* ``w:`` a term without diacritics — the channel that survives any way of typing;
* ``b:`` two neighbouring terms without diacritics — word order and compounds;
* ``a:`` a term with its diacritics — used only when the message itself has diacritics,
  so that *sửa* (repair) and *sữa* (milk) differ when the citizen wrote them.

Two views are kept: one centroid vector per intent (what its phrasings say on the whole) and
one vector per phrasing (the closest single way of asking). IDF is computed over intents.
Inverted lists over centroids pick candidates in time proportional to the query's features;
the phrasings of each candidate are scored through its own small inverted lists.
"""

from __future__ import annotations

import heapq
import math
from array import array
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import compress

from faq.lexicon import has_marks, strip_marks

Vector = dict[str, float]
# Centroid weights below this are left out of the inverted lists that pick candidates (their
# exact scores are then computed in full): at 1,000 intents this cuts the lists to a third
# with no change in ranking on the labelled questions.
PRUNE = 0.05
# How many of a query's most informative words look for intents outside the pruned lists,
# and how many intents they may add (one word or one intent missed the social allowance for
# a child born with cerebral palsy in shared real-dev.tsv; more found no more).
RESCUE_WORDS = 3
RESCUE = 2
# Only words this rare (in at most this share of the intents, or 3) look: a common word's
# intents are found by the pruned lists or are not the subject.
RARE_SHARE = 0.05


def features(terms: Sequence[str], *, accents: bool) -> set[str]:
    """Features of normalised terms; ``accents`` adds the diacritic channel.

    Numbers are left out: in messages they are personal context ("thôn 3", "năm 2022",
    "vay 50tr") far more often than the figure an answer is about.
    """
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
class Postings:
    """Inverted lists (an intent's over its phrasings, or the index's over its intents),
    packed in two flat arrays.

    A list of ``(phrasing, weight)`` tuples per feature costs some 100 bytes an entry in
    Python objects; at 1,000 intents that was 80 MB of the bot's memory. Here each entry is
    12 bytes, and ``where[feature]`` holds ``start << 16 | count`` into the arrays.
    """

    where: dict[str, int]
    numbers: array[int]
    weights: array[float]

    @classmethod
    def pack(cls, inverted: Mapping[str, Sequence[tuple[int, float]]]) -> Postings:
        """Pack ``feature -> [(number, weight)]`` (fewer than 65,536 entries a feature)."""
        where: dict[str, int] = {}
        numbers: array[int] = array("I")
        weights: array[float] = array("d")
        for f, entries in inverted.items():
            where[f] = (len(numbers) << 16) | len(entries)
            for j, w in entries:
                numbers.append(j)
                weights.append(w)
        return cls(where, numbers, weights)

    def accumulate(self, query: Mapping[str, float], into: list[float] | dict[int, float]) -> None:
        """Add ``query weight × entry weight`` to ``into[number]`` for every entry of every
        feature of ``query`` (``into`` a list by number, or a ``defaultdict(float)``)."""
        where, numbers, weights = self.where, self.numbers, self.weights
        for f, qw in query.items():
            packed = where.get(f)
            if packed is None:
                continue
            start = packed >> 16
            for k in range(start, start + (packed & 0xFFFF)):
                into[numbers[k]] += qw * weights[k]


# Shared int objects for the ordinals of Vectors.where: each intent's dictionary maps its
# features to 0, 1, 2…, and ints above 256 are separate objects unless shared like this.
_ORDINALS: list[int] = []


def _ordinals(n: int) -> list[int]:
    if len(_ORDINALS) < n:
        _ORDINALS.extend(range(len(_ORDINALS), n))
    return _ORDINALS


class Vectors:
    """One intent's centroid and the inverted lists of its phrasings, in one dictionary.

    ``where[feature]`` is the feature's ordinal ``k``: ``centre[k]`` is its centroid weight
    and ``spans[k]`` (``start << 16 | count``) its entries in ``numbers`` (phrasing) and
    ``weights``; ``phrasings`` is how many phrasings they number. A centroid as its own
    ``{feature: weight}`` next to the lists' dictionary kept every feature twice, a float
    object for each, and an int object for each list: at 1,000 intents some 24 MB of the
    bot's memory.
    """

    __slots__ = ("where", "centre", "spans", "numbers", "weights", "phrasings")

    def __init__(
        self, centroid: Mapping[str, float], inverted: Mapping[str, Sequence[tuple[int, float]]]
    ) -> None:
        features = tuple(centroid)
        self.where = dict(zip(features, _ordinals(len(features)), strict=False))
        self.centre: array[float] = array("d", centroid.values())
        self.spans: array[int] = array("Q")
        self.numbers: array[int] = array("I")
        self.weights: array[float] = array("d")
        for f in features:
            entries = inverted[f]
            self.spans.append((len(self.numbers) << 16) | len(entries))
            for j, w in entries:
                self.numbers.append(j)
                self.weights.append(w)
        self.phrasings = max(self.numbers, default=-1) + 1

    def __getstate__(self) -> tuple[object, ...]:
        return (tuple(self.where), self.centre, self.spans, self.numbers, self.weights)

    def __setstate__(self, state: tuple[object, ...]) -> None:
        features, self.centre, self.spans, self.numbers, self.weights = state  # type: ignore[assignment]
        assert isinstance(features, tuple)
        self.where = dict(zip(features, _ordinals(len(features)), strict=False))
        self.phrasings = max(self.numbers, default=-1) + 1

    def weight(self, feature: str) -> float:
        """The feature's centroid weight (0 when the intent never uses it)."""
        k = self.where.get(feature)
        return 0.0 if k is None else self.centre[k]

    def shared(self, query: Mapping[str, float]) -> list[tuple[int, float]]:
        """The ordinals of the query's features this intent uses, with their query weights."""
        where = self.where
        return [(k, qw) for f, qw in query.items() if (k := where.get(f)) is not None]

    def best_phrasing(self, shared: Sequence[tuple[int, float]]) -> float:
        """The query's cosine with the closest phrasing, from its :meth:`shared` features."""
        spans, numbers, weights = self.spans, self.numbers, self.weights
        # A list indexed by phrasing, not a dictionary of the phrasings met: this is the
        # innermost loop of a long letter's matching, and indexing a list is the cheaper step.
        # Weights are positive, so the phrasings never met (0.0) do not change the maximum.
        scores = [0.0] * self.phrasings
        for k, qw in shared:
            span = spans[k]
            start = span >> 16
            for e in range(start, start + (span & 0xFFFF)):
                scores[numbers[e]] += qw * weights[e]
        return max(scores, default=0.0)


@dataclass(frozen=True)
class Candidate:
    """Scores of one intent for one query.

    Attributes:
        index: position of the intent in the index.
        centroid: cosine with the intent's centroid (0..1).
        best_variant: cosine with the intent's closest phrasing (0..1).
        coverage: share of the query's word IDF mass that the intent's words explain (0..1).
        matched: IDF mass of the query's word and word-pair features the intent uses.
        foreign: the query names a service the bot does not cover (set by the matcher).
        outside: how far the closest out-of-scope reference subject ranks above this
            candidate (negative: below it; set by the matcher).
        conflict: the query names one of a group of exclusive terms (lexicon ``exclusive``)
            and the intent is mostly about another one (set by the matcher).
        sibling: a follow-up is being read and this intent is a natural next question after
            the previous answer: its topic, an intent it links to, or the same aspect of
            another topic (set by the matcher, :meth:`faq.matcher.Matcher.continues`).
        repeat: a follow-up is being read and this intent is the previous answer itself.
        gives: a follow-up is being read that asks only for something this intent's answer
            gives: the previous answer's ("lãi suất bao nhiêu?" after a loan; then it is no
            repeat) or a natural next question's (:meth:`faq.matcher.Matcher.giving`).
        drift: a follow-up that names no household status is being read and this intent is
            about another status than the previous answer's (set by the matcher).
        aside: a follow-up is being read that turns to this intent's topic without naming
            the one aspect this intent answers (its procedure, its conditions, its loan;
            :meth:`faq.matcher.Matcher.unasked`).
    """

    index: int
    centroid: float
    best_variant: float
    coverage: float
    matched: float
    foreign: bool = False
    outside: float = -1.0
    conflict: bool = False
    sibling: bool = False
    repeat: bool = False
    gives: bool = False
    drift: bool = False
    aside: bool = False


class Index:
    """TF-IDF vectors of intents and their phrasings.

    Args:
        docs: for each intent, the term lists of its phrasings.
    """

    def __init__(
        self, docs: Sequence[Sequence[Sequence[str]]], *, inside: int | None = None
    ) -> None:
        self.size = len(docs)
        # Documents from ``inside`` on are the out-of-scope reference subjects: they weigh in
        # the IDF and are scored by :meth:`outside`, never returned as candidates.
        self.inside = self.size if inside is None else inside
        # One string object per feature, shared by every intent's vectors and lists (and
        # by the cache file, which pickles a shared object once): at 1,000 intents each
        # intent kept its own copies of the same feature strings.
        canon: dict[str, str] = {}
        # Tuples, not sets: all of them are alive until the document frequencies are counted,
        # and a set costs six times the memory of a tuple (the build's peak at 1,000 intents).
        per_intent = [
            [tuple({canon.setdefault(f, f) for f in features(t, accents=True)}) for t in phr if t]
            for phr in docs
        ]
        del canon
        df: dict[str, int] = defaultdict(int)
        for feats in per_intent:
            for f in set().union(*feats) if feats else ():
                df[f] += 1
        n = max(self.size, 1)
        self.idf = {f: math.log(1.0 + n / d) for f, d in df.items()}
        # An unseen word is as informative as the rarest known one: it tells the message
        # is about something the catalogue does not cover.
        self.unseen_idf = math.log(1.0 + n)
        # Per intent: its centroid, and feature -> [(phrasing number, weight)] so that scoring
        # the phrasings of a candidate costs only the features it shares with the query.
        self.vectors: list[Vectors] = []
        postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        # The entries pruned away of the rarest words, for rescuing an intent (candidates()).
        rare: dict[str, list[tuple[int, float]]] = defaultdict(list)
        # The out-of-scope subjects' centroids, unpruned, for scoring them all at once, and
        # each feature's largest weight in one of the subject's phrasings (a bound: outside()).
        beyond: dict[str, list[tuple[int, float]]] = defaultdict(list)
        peaks: dict[str, list[float]] = defaultdict(list)
        rare_idf = math.log(1.0 + n / max(RARE_SHARE * n, 3.0))
        idf = self.idf
        squared = {f: w * w for f, w in idf.items()}
        for i in range(len(per_intent)):
            # Each intent's feature sets are let go once its vectors are made: with all of
            # them alive next to the growing vectors, the build's peak memory was a third
            # higher at 1,000 intents.
            feats, per_intent[i] = per_intent[i], []
            counts: Counter[str] = Counter()
            inverted: dict[str, list[tuple[int, float]]] = {}
            for j, fs in enumerate(feats):
                counts.update(fs)
                scale = 1.0 / (math.sqrt(sum(map(squared.__getitem__, fs))) or 1.0)
                for f in fs:
                    entry = (j, idf[f] * scale)
                    if f in inverted:
                        inverted[f].append(entry)
                    else:
                        inverted[f] = [entry]
            centroid = _unit({f: c * idf[f] for f, c in counts.items()})
            self.vectors.append(Vectors(centroid, inverted))
            for f, w in centroid.items():
                if i >= self.inside:
                    beyond[f].append((i, w))
                    peaks[f].append(max(weight for _, weight in inverted[f]))
                if w >= PRUNE:
                    postings[f].append((i, w))
                elif f[0] == "w" and idf[f] >= rare_idf and i < self.inside:
                    rare[f].append((i, w))
        # Packed like the phrasings' lists: as (intent, weight) tuples they were a quarter of
        # the bot's memory for the index at 1,000 intents, and most of what pickling the
        # cache had to remember (the cold start's peak).
        self.postings = Postings.pack(postings)
        self.rare = Postings.pack(rare)
        self.beyond = Postings.pack(beyond)
        # The same lists with each entry's largest weight in one of the subject's phrasings.
        self.peaks = Postings(
            self.beyond.where,
            self.beyond.numbers,
            array("d", (w for f in beyond for w in peaks[f])),
        )

    def query_vector(self, feats: Mapping[str, float]) -> Vector:
        """Unit TF-IDF vector of a query's weighted features (unseen ones weigh as rare ones)."""
        return _unit({f: w * self.idf.get(f, self.unseen_idf) for f, w in feats.items()})

    def _mass(self, feats: Mapping[str, float]) -> tuple[list[str], float]:
        """The query's word features and their weighted IDF mass (the coverage denominator)."""
        words = [f for f in feats if f.startswith("w:")]
        mass = sum(feats[f] * self.idf.get(f, self.unseen_idf) for f in words)
        return words, mass or 1.0

    def candidates(
        self, feats: Mapping[str, float], *, limit: int, rescue: bool = True
    ) -> list[Candidate]:
        """The ``limit`` intents closest to the query (feature -> weight), best first, then
        up to ``RESCUE`` that its rarest words name (unless ``rescue`` is false)."""
        query = self.query_vector(feats)
        acc = [0.0] * self.size
        self.postings.accumulate(query, acc)
        # Only the intents the query touched: most of a short message's thousand are 0.0.
        touched = compress(range(self.inside), acc)
        top = heapq.nlargest(limit, touched, key=acc.__getitem__)
        top = [i for i in top if acc[i] > 0.0]
        words, mass = self._mass(feats)
        out = [self._candidate(i, query, feats, words, mass) for i in top]
        # The pruned lists miss an intent whose phrasings cover many subjects: each of its
        # centroid weights is small ("bẩm sinh" among the social allowance's orphans, old
        # people and disasters). The query's rarest words add the intents that use them most.
        # Ties (words of one rarity) are broken by the word, not by the order of a set, which
        # changes from one process to the next: the same message gets the same answer.
        rarest = heapq.nlargest(
            RESCUE_WORDS if rescue else 0,
            (f for f in query if f in self.rare.where),
            key=lambda f: (query[f], f),
        )
        if rarest:
            sub = {f: query[f] for f in rarest}
            extra: dict[int, float] = defaultdict(float)
            self.postings.accumulate(sub, extra)
            self.rare.accumulate(sub, extra)
            seen = set(top)
            fresh = [i for i in extra if i < self.inside and i not in seen]
            for i in heapq.nlargest(RESCUE, fresh, key=lambda i: (extra[i], -i)):
                out.append(self._candidate(i, query, feats, words, mass))
        return out

    def outside(self, feats: Mapping[str, float]) -> Candidate | None:
        """The closest out-of-scope reference subject (by cosines), if any shares a feature."""
        if self.inside == self.size:
            return None
        query = self.query_vector(feats)
        # Every subject's centroid cosine in one pass over the query's features (scored one
        # subject at a time, the 32 subjects were most of a long letter's matching time), and
        # a bound of its closest phrasing's cosine: the query's weights times each feature's
        # largest weight in one of its phrasings. A subject whose bound cannot beat the best
        # one found is not scored further.
        cosines: dict[int, float] = defaultdict(float)
        bounds: dict[int, float] = defaultdict(float)
        self.beyond.accumulate(query, cosines)
        self.peaks.accumulate(query, bounds)
        ordered = sorted(
            ((cosines[i] + bounds[i], i) for i in cosines if cosines[i] > 0.0),
            key=lambda b: (-b[0], b[1]),
        )
        best, best_score = -1, 0.0
        for bound, i in ordered:
            if best >= 0 and bound < best_score - 1e-9:
                break
            vectors = self.vectors[i]
            score = cosines[i] + vectors.best_phrasing(vectors.shared(query))
            if best < 0 or score > best_score or (score == best_score and i < best):
                best, best_score = i, score
        if best < 0:
            return None
        words, mass = self._mass(feats)
        return self._candidate(best, query, feats, words, mass)

    def _candidate(
        self, i: int, query: Vector, feats: Mapping[str, float], words: list[str], mass: float
    ) -> Candidate:
        vectors = self.vectors[i]
        where, centre, idf = vectors.where, vectors.centre, self.idf
        exact = 0.0
        matched = 0.0
        # The centroid and the phrasings share the look-up of each of the query's features.
        shared: list[tuple[int, float]] = []
        for f, qw in query.items():
            k = where.get(f)
            if k is not None:
                shared.append((k, qw))
                exact += qw * centre[k]
                if f[0] != "a":
                    matched += feats[f] * idf[f]
        known = sum(feats[f] * idf[f] for f in words if f in where)
        return Candidate(i, exact, vectors.best_phrasing(shared), known / mass, matched)
