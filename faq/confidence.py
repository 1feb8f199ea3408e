"""From raw similarity scores to a ranking and a calibrated confidence.

The confidence is a logistic function of three signals of the top candidate, each meaningful
on its own: how similar it is (blend of centroid and closest-phrasing cosines), how far ahead
of the runner-up it is, and how much of the message's information it explains (coverage —
low when the message is about something the catalogue never mentions, such as a commercial
mortgage). Weights were fitted on labelled questions with cross-validation (``faq eval``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from faq.index import Candidate


@dataclass(frozen=True)
class Scorer:
    """Blend, calibration and decision thresholds (see the module docstring)."""

    centroid_weight: float = 0.5
    bias: float = -9.0
    similarity_weight: float = 9.0
    margin_weight: float = 8.0
    coverage_weight: float = 5.0
    answer_at: float = 0.5
    suggest_at: float = 0.2

    def blend(self, c: Candidate) -> float:
        """Similarity of one candidate, 0..1."""
        w = self.centroid_weight
        return w * c.centroid + (1.0 - w) * c.best_variant

    def confidence(self, top: Candidate, runner_up: float) -> float:
        """Calibrated probability that ``top`` is the right intent."""
        similarity = self.blend(top)
        z = (
            self.bias
            + self.similarity_weight * similarity
            + self.margin_weight * (similarity - runner_up)
            + self.coverage_weight * top.coverage
        )
        return 1.0 / (1.0 + math.exp(-z))

    def rank(self, candidates: list[Candidate], *, terms: int) -> list[tuple[int, float]]:
        """Intents best first: the top one with its confidence, the rest with theirs.

        Args:
            candidates: index candidates in any order.
            terms: number of normalised terms in the message (reserved for calibration).
        """
        del terms
        ordered = sorted(candidates, key=self.blend, reverse=True)
        out = []
        for n, c in enumerate(ordered):
            runner_up = max((self.blend(o) for o in ordered if o is not c), default=0.0)
            if n > 0:
                runner_up = self.blend(ordered[0])
            out.append((c.index, self.confidence(c, runner_up)))
        return out

    def outcome(self, confidence: float) -> Literal["answer", "suggest", "none"]:
        """The decision for a top candidate's confidence."""
        if confidence >= self.answer_at:
            return "answer"
        if confidence >= self.suggest_at:
            return "suggest"
        return "none"
