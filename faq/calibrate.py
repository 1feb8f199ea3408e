"""Fit and check the confidence calibration on labelled questions.

``python -m faq calibrate FILE.tsv ...`` fits the logistic weights of :mod:`faq.confidence`
(label: "the top-ranked intent is the right one"; out-of-scope questions are never right) and
prints them, to be written into :class:`faq.confidence.Scorer`. ``python -m faq eval --cv K``
refits on K-1 folds and scores the held-out fold, so the figures it prints come from questions
the weights never saw.
"""

from __future__ import annotations

import dataclasses
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass

from faq.confidence import SIGNALS, Scorer, signals
from faq.evaluate import Labelled, Report, evaluate, stripped
from faq.matcher import Matcher


@dataclass(frozen=True)
class Sample:
    """Signals of one labelled question and whether its top-ranked intent is right."""

    values: tuple[float, ...]
    right: bool


def samples(matcher: Matcher, items: Sequence[Labelled]) -> list[Sample]:
    """Signals of the top candidate for every readable question."""
    out = []
    for item in items:
        ranked = matcher.candidates(item.question)
        if not ranked:
            continue
        runner_up = ranked[1] if len(ranked) > 1 else None
        values = tuple(signals(ranked[0], runner_up, ranking=matcher.scorer))
        out.append(Sample(values, matcher.ids[ranked[0].index] == item.expected))
    return out


def fit(
    data: Sequence[Sample], *, l2: float = 0.01, steps: int = 3000
) -> tuple[float, list[float]]:
    """Logistic regression by gradient descent on standardised signals.

    Returns:
        The intercept and the weights, in the units of the raw signals.
    """
    k = len(SIGNALS)
    n = max(len(data), 1)
    mean = [sum(s.values[j] for s in data) / n for j in range(k)]
    std = [math.sqrt(sum((s.values[j] - mean[j]) ** 2 for s in data) / n) or 1.0 for j in range(k)]
    rows = [([(s.values[j] - mean[j]) / std[j] for j in range(k)], float(s.right)) for s in data]
    w = [0.0] * k
    b = 0.0
    rate = 0.5
    for _ in range(steps):
        grad = [0.0] * k
        grad_b = 0.0
        for x, y in rows:
            z = b + sum(wj * xj for wj, xj in zip(w, x, strict=True))
            err = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z)))) - y
            grad_b += err
            for j in range(k):
                grad[j] += err * x[j]
        b -= rate * grad_b / n
        w = [wj - rate * (g / n + l2 * wj) for wj, g in zip(w, grad, strict=True)]
    raw = [w[j] / std[j] for j in range(k)]
    return b - sum(raw[j] * mean[j] for j in range(k)), raw


def calibrated(matcher: Matcher, items: Sequence[Labelled]) -> Scorer:
    """The matcher's scorer with weights fitted on ``items`` and on the same questions typed
    without diacritics (as many citizens type): fitted on accented questions only, the
    confidence dropped on bare ones although the ranking barely did (shared real-dev.tsv
    without diacritics: ranked first 0.772, answered 0.368)."""
    bias, weights = fit(samples(matcher, [*items, *stripped(items)]))
    return dataclasses.replace(matcher.scorer, bias=bias, weights=tuple(weights))


def cross_validate(matcher: Matcher, items: Sequence[Labelled], *, folds: int) -> Report:
    """Evaluate with weights fitted on the other folds (stratified by intent, fixed seed)."""
    shuffled = list(items)
    random.Random(1).shuffle(shuffled)
    shuffled.sort(key=lambda item: item.expected or "")
    parts = [shuffled[i::folds] for i in range(folds)]
    total = Report()
    original = matcher.scorer
    try:
        for n, held_out in enumerate(parts):
            train = [item for m, part in enumerate(parts) if m != n for item in part]
            matcher.scorer = calibrated(matcher, train)
            report = evaluate(matcher, held_out)
            for field in (
                "in_scope",
                "top1",
                "ranked_first",
                "out_of_scope",
                "abstained",
                "confident_wrong",
                "clarified",
            ):
                setattr(total, field, getattr(total, field) + getattr(report, field))
            total.total += report.total
            total.misses += report.misses
            total.confusions += report.confusions
    finally:
        matcher.scorer = original
    return total
