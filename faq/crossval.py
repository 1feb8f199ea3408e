"""How well the catalogue's own phrasings predict each other (``python -m faq crossval``).

The phrasings are split in K folds; each fold is matched against a matcher built from the
others. No labelled questions are involved, so the figure cannot reward memorising them; the
weakest intents and the most frequent confusions show where new phrasings would help most.
"""

from __future__ import annotations

import dataclasses
import random
from collections import Counter
from collections.abc import Iterator

from faq.catalog import Catalog
from faq.lexicon import Lexicon
from faq.matcher import Matcher


def crossval(
    catalog: Catalog, lexicon: Lexicon, *, folds: int = 5, seed: int = 0
) -> tuple[Counter[str], Counter[str], Counter[tuple[str, str]]]:
    """Per intent: phrasings ranked right, phrasings tried; and (intent, taken for) counts."""
    rng = random.Random(seed)
    fold_of = {
        (i.id, n): rng.randrange(folds)
        for i in catalog.intents.values()
        for n in range(len(i.variants))
    }
    right: Counter[str] = Counter()
    tried: Counter[str] = Counter()
    confused: Counter[tuple[str, str]] = Counter()
    for k in range(folds):
        kept = [
            dataclasses.replace(
                i, variants=tuple(v for n, v in enumerate(i.variants) if fold_of[(i.id, n)] != k)
            )
            for i in catalog.intents.values()
        ]
        matcher = Matcher(Catalog.from_intents(kept), lexicon)
        for intent in catalog.intents.values():
            for n, text in enumerate(intent.variants):
                if fold_of[(intent.id, n)] != k:
                    continue
                tried[intent.id] += 1
                top = matcher.match(text).suggestions[:1]
                if top == (intent.id,):
                    right[intent.id] += 1
                elif top:
                    confused[(intent.id, top[0])] += 1
    return right, tried, confused


def report(catalog: Catalog, lexicon: Lexicon, *, folds: int = 5, worst: int = 10) -> Iterator[str]:
    """Printable lines: the overall figure, the weakest intents, the main confusions."""
    right, tried, confused = crossval(catalog, lexicon, folds=folds)
    total = sum(tried.values()) or 1
    yield f"phrasings ranked first by the other folds: {sum(right.values()) / total:.3f}"
    yield "weakest intents:"
    for intent_id in sorted(tried, key=lambda i: right[i] / tried[i])[:worst]:
        yield f"  {intent_id}: {right[intent_id]}/{tried[intent_id]}"
    yield "most frequent confusions (intent -> taken for):"
    for (intent_id, other), count in confused.most_common(worst):
        yield f"  {intent_id} -> {other}: {count}"
