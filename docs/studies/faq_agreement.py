"""Study (issue #11, fifth round): a second model's agreement as a confidence signal.

Not part of the bot: it needs scikit-learn, which is not a dependency (see docs/faq.md,
"Agreement with a second model"). Run it from a worktree in a throwaway environment:

    python3.11 -m venv /tmp/study && /tmp/study/bin/pip install scikit-learn pyyaml rapidfuzz
    /tmp/study/bin/python docs/studies/faq_agreement.py [--model svm|word|char|nc|p300|p2000|cnb|mnb|perceptron]
    /tmp/study/bin/python docs/studies/faq_agreement.py --cv   # 5-fold CV of the calibration

The second model is trained ONLY on the content's own phrasings (intent titles and variants)
plus the out-of-scope subjects of content/out_of_scope.yaml as one extra class; it never sees
a labelled question. For every labelled question it records the matcher's outcome and the
second model's top class, then prints answered right / out-of-scope abstained / confidently
wrong (as `python -m faq eval` counts them) under each decision rule:

* ``base`` — the matcher as it is;
* ``S``   — a suggestion whose top intent the second model also ranks first is answered;
* ``SC``  — S, and a clarifying question whose first intent it ranks first is answered;
* ``SD``  — S, and an answer it disagrees with becomes a clarifying question;
* ``SCd`` — SC, and an answer it disagrees with, below 0.9 confidence, becomes a clarify.

Follow-ups read with the previous answer (``Match.follow_up``) keep the matcher's outcome:
the second model sees the message alone.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.naive_bayes import ComplementNB, MultinomialNB
from sklearn.pipeline import make_union
from sklearn.preprocessing import normalize
from sklearn.svm import LinearSVC

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from faq.calibrate import calibrated  # noqa: E402
from faq.catalog import Catalog  # noqa: E402
from faq.evaluate import read_tsv, stripped  # noqa: E402
from faq.lexicon import fold, strip_marks  # noqa: E402
from faq.matcher import Matcher, default_content_dir, follow_conversation  # noqa: E402
from faq.outside import load_outside  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "faq"
SHARED = ROOT.parent / "shared" / "faq"
TUNING = ["phrasings", "hard", "fresh", "letters", "blind_a", "blind_b", "citizens_a", "long_a"]
HELD_OUT = ["blind_c", "realstyle", "citizens_b", "long_b"]
TWO_TURNS = ["followups", "conversations"]
OUTSIDE = "__outside__"
RULES = ("base", "S", "SC", "SD", "SCd")


def prep(text: str) -> str:
    """Case folded, without diacritics: one channel for every way of typing."""
    return strip_marks(fold(text))


def vectorizer(kind: str):
    """TF-IDF over character 2-5 grams and word 1-2 grams (or one of them)."""
    parts = []
    if kind != "word":
        parts.append(
            TfidfVectorizer(
                analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, preprocessor=prep
            )
        )
    if kind != "char":
        parts.append(
            TfidfVectorizer(
                analyzer="word", ngram_range=(1, 2), sublinear_tf=True, preprocessor=prep
            )
        )
    return make_union(*parts)


class Model:
    """The second model: fit on phrasings, ``top(text)`` is its best class."""

    def __init__(self, name: str, texts: list[str], labels: list[str]) -> None:
        self.vec = vectorizer(name if name in ("word", "char") else "both")
        x = self.vec.fit_transform(texts)
        y = np.array(labels)
        self.classes = np.array(sorted(set(labels)))
        if name == "nc":  # nearest centroid (cosine)
            rows = [np.asarray(x[y == c].mean(axis=0)) for c in self.classes]
            self.weights, self.bias = normalize(np.vstack(rows)), 0.0
        elif name in ("cnb", "mnb"):
            nb = ComplementNB(alpha=0.3) if name == "cnb" else MultinomialNB(alpha=0.1)
            nb.fit(x, y)
            self.classes = nb.classes_
            self.weights = nb.feature_log_prob_
            self.bias = 0.0 if name == "cnb" else nb.class_log_prior_
        else:
            svm = LinearSVC(C=0.5).fit(x, y)
            self.classes, self.weights, self.bias = svm.classes_, svm.coef_.copy(), svm.intercept_
            if name.startswith("p"):  # keep the k largest weights of each class
                k = int(name[1:])
                for row in self.weights:
                    row[np.abs(row) < np.sort(np.abs(row))[-k]] = 0.0

    def top(self, text: str) -> str:
        scores = np.asarray(self.vec.transform([text]) @ self.weights.T).ravel() + self.bias
        return str(self.classes[int(np.argmax(scores))])


def grams(text: str) -> dict[str, float]:
    """Counts of character 2-5 grams within words, words and word pairs."""
    words = text.split()
    out = defaultdict(float)
    for w in words:
        p = f" {w} "
        for n in range(2, 6):
            for i in range(len(p) - n + 1):
                out["c" + p[i : i + n]] += 1
    for w in words:
        out["w" + w] += 1
    for a, b in zip(words, words[1:], strict=False):
        out["p" + a + " " + b] += 1
    return out


class Perceptron:
    """A multi-class averaged perceptron in pure Python over the same TF-IDF features: what a
    second model without numpy or scikit-learn would cost to train."""

    def __init__(self, texts, labels, epochs=10, seed=0):
        t0 = time.time()
        docs = [grams(prep(t)) for t in texts]
        df = defaultdict(int)
        for d in docs:
            for f in d:
                df[f] += 1
        n = len(docs)
        self.idf = {f: math.log((1 + n) / (1 + c)) + 1 for f, c in df.items()}
        vecs = [self.vector(d) for d in docs]
        self.classes = sorted(set(labels))
        cid = {c: i for i, c in enumerate(self.classes)}
        y = [cid[label] for label in labels]
        w = defaultdict(lambda: defaultdict(float))  # feature -> class -> weight
        u = defaultdict(lambda: defaultdict(float))  # for averaging
        order = list(range(n))
        rng = random.Random(seed)
        step = 1
        for _ in range(epochs):
            rng.shuffle(order)
            for k in order:
                x = vecs[k]
                scores = defaultdict(float)
                for f, v in x.items():
                    for c, wc in w[f].items() if f in w else ():
                        scores[c] += v * wc
                true = y[k]
                # update when the true class does not beat the best other one
                others = [(s, c) for c, s in scores.items() if c != true]
                rival = max(others)[1] if others else (0 if true != 0 else 1)
                if scores.get(true, 0.0) - scores.get(rival, 0.0) <= 0.0:
                    for f, v in x.items():
                        w[f][true] += v
                        u[f][true] += step * v
                        w[f][rival] -= v
                        u[f][rival] -= step * v
                step += 1
        self.w = {f: {c: wc - u[f][c] / step for c, wc in cs.items()} for f, cs in w.items()}
        self.seconds = time.time() - t0
        self.entries = sum(len(cs) for cs in self.w.values())

    def vector(self, counts):
        v = {
            f: (1 + math.log(c)) * self.idf.get(f, 0.0) for f, c in counts.items() if f in self.idf
        }
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        return {f: x / norm for f, x in v.items()}

    def top(self, text):
        x = self.vector(grams(prep(text)))
        scores = defaultdict(float)
        for f, v in x.items():
            for c, wc in self.w.get(f, {}).items():
                scores[c] += v * wc
        return self.classes[max(scores, key=scores.get)] if scores else OUTSIDE


def second_model(name: str):
    content = default_content_dir()
    texts, labels = [], []
    for intent in Catalog.load(content).intents.values():
        for text in (intent.title, *intent.variants):
            texts.append(text)
            labels.append(intent.id)
    for phrasings in load_outside(content / "out_of_scope.yaml").values():
        texts += phrasings
        labels += [OUTSIDE] * len(phrasings)
    if name == "perceptron":
        m = Perceptron(texts, labels)
        print(f"perceptron: trained in {m.seconds:.1f} s, {m.entries} weights", flush=True)
        return m
    return Model(name, texts, labels)


def record(matcher: Matcher, model: Model, item) -> dict:
    m = follow_conversation(matcher, item.question, item.previous)
    return {
        "expected": item.expected,
        "outcome": m.outcome,
        "id": m.intent_id,
        "top": m.intent_id or (m.suggestions[0] if m.suggestions else None),
        "score": m.score,
        "follow_up": m.follow_up,
        "second": model.top(item.question),
    }


def decide(r: dict, rule: str) -> tuple[str, str | None]:
    """The outcome and answered id under a rule."""
    out, answered = r["outcome"], r["id"]
    if rule == "base" or r["follow_up"]:
        return out, answered
    agree = r["second"] == r["top"]
    if "S" in rule and out == "suggest" and agree:
        return "answer", r["top"]
    if "C" in rule and out == "clarify" and agree:
        return "answer", r["top"]
    if "D" in rule and out == "answer" and not agree:
        return "clarify", None
    if "d" in rule and out == "answer" and not agree and r["score"] < 0.9:
        return "clarify", None
    return out, answered


def figures(rows: list[dict], rule: str) -> str:
    n = [0, 0, 0, 0, 0]  # in scope, answered right, out of scope, abstained, confident wrong
    for r in rows:
        out, answered = decide(r, rule)
        if r["expected"]:
            n[0] += 1
            n[1] += out == "answer" and answered == r["expected"]
        else:
            n[2] += 1
            n[3] += out != "answer"
        n[4] += out == "answer" and answered != r["expected"]
    return f"{n[1] / max(n[0], 1):.3f} / {n[3] / max(n[2], 1):.3f} / {n[4] / max(len(rows), 1):.3f}"


def sets() -> dict[str, Path]:
    out = {"dev-questions": SHARED / "dev-questions.tsv", "real-dev": SHARED / "real-dev.tsv"}
    out.update({name: FIXTURES / f"{name}.tsv" for name in TUNING + HELD_OUT + TWO_TURNS})
    return out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--model", default="svm")
    p.add_argument("--cv", action="store_true", help="5-fold CV of the calibration union")
    args = p.parse_args()
    matcher = Matcher.from_content(default_content_dir())
    model = second_model(args.model)
    print("set | " + " | ".join(RULES) + "   (answered right / abstained / confidently wrong)")
    if args.cv:
        union = [SHARED / "dev-questions.tsv"] + [FIXTURES / f"{n}.tsv" for n in TUNING]
        for bare in (False, True):
            items = [i for f in union for i in read_tsv(f)]
            items = stripped(items) if bare else items
            shuffled = list(items)
            random.Random(1).shuffle(shuffled)  # the folds of `python -m faq eval --cv 5`
            shuffled.sort(key=lambda i: i.expected or "")
            parts = [shuffled[k::5] for k in range(5)]
            rows = []
            for k, held in enumerate(parts):
                train = [i for j, part in enumerate(parts) if j != k for i in part]
                matcher.scorer = calibrated(matcher, train)
                rows += [record(matcher, model, i) for i in held]
            label = "CV 5 folds" + (" bare" if bare else "")
            print(label + " | " + " | ".join(figures(rows, r) for r in RULES))
        return
    for name, path in sets().items():
        items = read_tsv(path)
        for bare in (False, True):
            rows = [record(matcher, model, i) for i in (stripped(items) if bare else items)]
            label = name + (" bare" if bare else "")
            print(label + " | " + " | ".join(figures(rows, r) for r in RULES))


if __name__ == "__main__":
    main()
