"""Accuracy figures of a matcher on labelled questions (``python -m faq eval FILE.tsv``).

The file has one question per line: ``intent_id<TAB>question``; an empty id marks a question
outside the catalogue, on which the matcher should abstain. With ``--pairs`` a line is a
message that asks two things: ``first_id<TAB>second_id<TAB>message`` (:func:`evaluate_pairs`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from faq.lexicon import strip_marks
from faq.matcher import Match, Matcher, follow_conversation


@dataclass(frozen=True)
class Labelled:
    """One evaluation line: the expected intent (``None`` = out of scope), the question and
    the same person's earlier messages, oldest first (a follow-up)."""

    expected: str | None
    question: str
    previous: tuple[str, ...] = ()


@dataclass
class Report:
    """Counts over an evaluation run and the questions that went wrong."""

    in_scope: int = 0
    top1: int = 0
    ranked_first: int = 0
    out_of_scope: int = 0
    abstained: int = 0
    confident_wrong: int = 0
    clarified: int = 0
    total: int = 0
    misses: list[tuple[Labelled, Match]] = field(default_factory=list)
    # (expected, top-ranked) for in-scope questions ranked wrong; "null" for out of scope.
    confusions: Counter[tuple[str, str]] = field(default_factory=Counter)

    def rate(self, part: int, whole: int) -> float:
        """``part / whole``, or 0 for an empty set."""
        return part / whole if whole else 0.0

    def lines(self) -> list[str]:
        """The figures as printable lines, then one line per miss."""
        out = [
            f"in-scope top-1 accuracy: {self.rate(self.top1, self.in_scope):.3f}"
            f" ({self.top1}/{self.in_scope}; ranked first, any outcome:"
            f" {self.rate(self.ranked_first, self.in_scope):.3f})",
            f"out-of-scope abstained: {self.rate(self.abstained, self.out_of_scope):.3f}"
            f" ({self.abstained}/{self.out_of_scope})",
            f"confident-wrong rate: {self.rate(self.confident_wrong, self.total):.3f}"
            f" ({self.confident_wrong}/{self.total})",
            f"answered right: {self.rate(self.top1, self.in_scope):.3f}; ranked first:"
            f" {self.rate(self.ranked_first, self.in_scope):.3f}; abstained (out of scope):"
            f" {self.rate(self.abstained, self.out_of_scope):.3f}; confidently wrong:"
            f" {self.rate(self.confident_wrong, self.total):.3f}; clarify asked:"
            f" {self.clarified}",
        ]
        if self.confusions:
            out.append("confusions (expected -> ranked first: count):")
            out += [f"  {a} -> {b}: {n}" for (a, b), n in self.confusions.most_common()]
        if self.misses:
            out.append(f"misses ({len(self.misses)}):")
        for item, m in self.misses:
            got = m.intent_id or f"none→{','.join(m.suggestions[:1]) or '-'}"
            if m.outcome in ("suggest", "clarify"):
                got = f"{m.outcome}→{','.join(m.suggestions)}"
            out.append(
                f"  want {item.expected or 'null'} got {got} ({m.score:.2f}): {item.question}"
            )
        return out


def read_tsv(path: Path) -> list[Labelled]:
    """Read a labelled TSV file; blank lines and ``#`` comments are skipped.

    A line is ``intent<TAB>question``, or ``intent<TAB>earlier message<TAB>...<TAB>question``
    for a follow-up in a conversation.
    """
    items = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        label, *messages = line.split("\t")
        *previous, question = [m.strip() for m in messages] or [""]
        items.append(Labelled(label.strip() or None, question, tuple(previous)))
    return items


def stripped(items: Iterable[Labelled]) -> list[Labelled]:
    """The same questions typed without diacritics (``eval --strip-diacritics``)."""
    return [
        Labelled(i.expected, strip_marks(i.question), tuple(map(strip_marks, i.previous)))
        for i in items
    ]


def evaluate(matcher: Matcher, items: Iterable[Labelled]) -> Report:
    """Match every question and count (see :class:`Report`).

    In scope, top-1 ("answered right") counts answers given outright with the right id;
    ranked first counts the top-ranked intent whatever the outcome (the ranking quality);
    confident-wrong counts answers given outright with a wrong id, in or out of scope. A
    clarifying question is not an answer: it counts for neither.
    """
    report = Report()
    for item in items:
        m = follow_conversation(matcher, item.question, item.previous)
        report.total += 1
        report.clarified += m.outcome == "clarify"
        top = m.intent_id or (m.suggestions[0] if m.suggestions else None)
        answered_wrong = m.outcome == "answer" and m.intent_id != item.expected
        report.confident_wrong += answered_wrong
        if item.expected is None:
            report.out_of_scope += 1
            report.abstained += m.outcome != "answer"
            if m.outcome == "answer":
                report.misses.append((item, m))
            continue
        report.in_scope += 1
        report.ranked_first += top == item.expected
        if top != item.expected:
            report.confusions[(item.expected, top or "null")] += 1
        if top == item.expected and m.outcome == "answer":
            report.top1 += 1
        else:
            report.misses.append((item, m))
    return report


@dataclass(frozen=True)
class Pair:
    """A message that asks two things, and the intents of the two."""

    first: str
    second: str
    message: str


def read_pairs(path: Path) -> list[Pair]:
    """Read ``first_id<TAB>second_id<TAB>message`` lines; blank lines and ``#`` comments are
    skipped."""
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        first, second, message = line.split("\t", 2)
        pairs.append(Pair(first.strip(), second.strip(), message.strip()))
    return pairs


def stripped_pairs(pairs: Iterable[Pair]) -> list[Pair]:
    """The same messages typed without diacritics."""
    return [Pair(p.first, p.second, strip_marks(p.message)) for p in pairs]


# How a two-question message was served, best first.
PAIR_OUTCOMES = ("both", "asked", "one", "offered", "wrong", "missed")


def serves(pair: Pair, m: Match) -> str:
    """How ``m`` serves a message asking two things (:data:`PAIR_OUTCOMES`):

    * ``both``: one is answered and the other offered as a button (a second question, or one
      of a letter's other readings);
    * ``asked``: a clarifying question whose two buttons are the two;
    * ``one``: one is answered, the other silently dropped — what must not happen;
    * ``offered``: not answered, both among the suggestions;
    * ``wrong``: answered with another intent;
    * ``missed``: not answered, and not both suggested.

    An empty id is a question outside the catalogue: served (``both``) when the other is
    answered and the bot says this one is outside its answers (``Match.unanswered``); answered
    without saying so, it is ``one``.
    """
    if "" in (pair.first, pair.second):
        covered = pair.first or pair.second
        if m.outcome == "answer":
            return "wrong" if m.intent_id != covered else "both" if m.unanswered else "one"
        return "offered" if covered in m.suggestions[:3] else "missed"
    asked = {pair.first, pair.second}
    if m.outcome == "answer":
        if m.intent_id not in asked:
            return "wrong"
        return "both" if asked <= {m.intent_id, *m.also, *m.others} else "one"
    if m.outcome == "clarify" and asked <= {*m.suggestions[:2], *m.also}:
        return "asked"
    return "offered" if asked <= set(m.suggestions[:3]) else "missed"


def evaluate_pairs(matcher: Matcher, pairs: Iterable[Pair]) -> Counter[str]:
    """Count how each two-question message is served (:func:`serves`)."""
    return Counter(serves(p, matcher.match(p.message)) for p in pairs)


def pair_lines(counts: Counter[str]) -> list[str]:
    """The counts as printable lines."""
    total = sum(counts.values())
    return [
        f"{name}: {counts[name]} ({counts[name] / total if total else 0.0:.3f})"
        for name in PAIR_OUTCOMES
    ]
