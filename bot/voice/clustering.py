"""Grouping similar questions so a session sees "12 people asked about the BHYT share".

Each text is reduced to comparable terms — the FAQ normaliser's canonical terms when the FAQ
is loaded (``bhyt`` and ``bảo hiểm y tế`` become one term), else plain folded words — without
diacritics, since many citizens type without them. Two texts are similar when rapidfuzz's
``token_sort_ratio`` (word order does not matter) reaches the threshold. ``token_set_ratio``
was tried and dropped: it scores a short text inside a long one as 100, so "mất thẻ BHYT"
joined the near-poor BHYT share. Groups form around the text with the most similar
neighbours first, so a group is centred on its most typical question rather than chained.
A reviewer confirms every merge; a group only suggests.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from bot.core.services import Services
from faq.normalize import plain, words

Terms = Callable[[str], list[str]]
THRESHOLD = 76.0


def folded_words(text: str) -> list[str]:
    """The fallback terms: folded words, as the FAQ normaliser splits them."""
    return [word for sentence in words(text) for word in sentence]


def terms_for(services: Services) -> Terms:
    """The best term function available: the FAQ matcher's normaliser, else folded words."""
    faq = services.faq
    normalizer = getattr(faq, "normalizer", None)
    return normalizer.terms if normalizer is not None else folded_words


@dataclass(frozen=True)
class Cluster:
    """Indices into the clustered texts, the most typical first."""

    members: tuple[int, ...]

    @property
    def centre(self) -> int:
        return self.members[0]

    @property
    def size(self) -> int:
        return len(self.members)


@functools.lru_cache(maxsize=65_536)
def _key(terms: Terms, text: str) -> str:
    return " ".join(sorted(plain(terms(text))))


def keys(texts: Sequence[str], terms: Terms) -> list[str]:
    """Each text's terms without diacritics, sorted: plain ``ratio`` over these keys is
    ``token_sort_ratio`` over the texts, six times faster (rapidfuzz sorts nothing again).

    Keys are remembered per text: opening a question compares it with the same thousands of
    queued questions each time, and normalising them was nearly all of that time.
    """
    return [_key(terms, text) for text in texts]


def similarity(a: Sequence[str], b: Sequence[str], *, cutoff: float = 0) -> np.ndarray:
    """Pairwise similarity (0..100) of two lists of keys; below ``cutoff`` counts as 0."""
    return process.cdist(a, b, scorer=fuzz.ratio, score_cutoff=cutoff, dtype=np.uint8, workers=-1)


def cluster(
    texts: Sequence[str], *, terms: Terms = folded_words, threshold: float = THRESHOLD
) -> list[Cluster]:
    """Group ``texts``; every index is in exactly one cluster, biggest clusters first.

    Texts with the same key are compared once (many citizens ask in the same words), so the
    cost grows with the number of distinct questions, not of submissions.
    """
    if not texts:
        return []
    found = keys(texts, terms)
    distinct = list(dict.fromkeys(k for k in found if k))
    where: dict[str, list[int]] = {}
    for index, key in enumerate(found):
        where.setdefault(key, []).append(index)
    close = similarity(distinct, distinct, cutoff=threshold) >= threshold
    np.fill_diagonal(close, True)
    weight = np.array([len(where[k]) for k in distinct])
    free = np.ones(len(distinct), dtype=bool)
    clusters: list[Cluster] = []
    # Most texts around it first; ties keep the older question (lower index) as the centre.
    rows, cols = np.nonzero(close)  # few pairs: counting them beats a dense product
    around_count = np.bincount(rows, weights=weight[cols], minlength=len(distinct))
    order = sorted(
        range(len(distinct)), key=lambda i: (-int(around_count[i]), where[distinct[i]][0])
    )
    for centre in order:
        if not free[centre]:
            continue
        around = [int(j) for j in np.flatnonzero(close[centre] & free) if j != centre]
        free[[centre, *around]] = False
        members = [i for j in (centre, *around) for i in where[distinct[j]]]
        clusters.append(Cluster(tuple(members)))
    # An empty key (emoji only) is like nothing, not like every other empty key.
    clusters += [Cluster((index,)) for index in where.get("", [])]
    clusters.sort(key=lambda c: (-c.size, c.centre))
    return clusters


def similar(
    text: str,
    candidates: Sequence[str],
    *,
    terms: Terms = folded_words,
    threshold: float = THRESHOLD,
    limit: int = 3,
) -> list[tuple[int, float]]:
    """Indices of ``candidates`` similar to ``text`` with their score, best first."""
    if not candidates:
        return []
    key = keys([text], terms)
    if not key[0]:
        return []
    scores = similarity(key, keys(candidates, terms), cutoff=threshold)[0]
    ranked = sorted(
        ((int(i), float(scores[i])) for i in np.flatnonzero(scores >= threshold)),
        key=lambda pair: (-pair[1], pair[0]),
    )
    return ranked[:limit]
