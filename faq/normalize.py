"""Vietnamese text normalisation: from a citizen's message to comparable terms.

The pipeline, in order (each step says why it sits where it does):

1. NFC + case folding, so NFD input and capitals behave like everything else.
2. Split into sentences and words; digits are cut from letters (``1tr8`` -> ``1 tr 8``) so
   money shorthand reaches the abbreviation table; ``%`` becomes words.
3. Abbreviations and teencode (``ko``, ``đc``/``dc``, ``bhyt``...), looked up as typed and
   without diacritics; over-long letter runs (``khongggg``) are squeezed first.
4. Vocabulary repair (only when a vocabulary is given): a word with wrong diacritics is given
   the known ones (``hiễm`` -> ``hiểm``); an unknown word is corrected to a close known one
   with rapidfuzz (``ngèo`` -> ``nghèo``).
5. Phrases: several words become one canonical term (``bảo hiểm y tế`` -> ``bảo_hiểm_y_tế``),
   before dialect so that ``mô hình`` is not read as dialect ``mô`` (where).
6. Dialect words, exactly as typed (``răng`` -> ``sao``).
7. Fillers and stop words are dropped; so is a diacritic-less final particle after a question
   word (``lam sao vay``), where ``vay`` means *vậy*, not *vay* (borrow).

The result keeps diacritics where known; :func:`plain` gives the diacritic-free channel.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from rapidfuzz import fuzz, process

from faq.lexicon import Lexicon, fold, has_marks, strip_marks

__all__ = ["Lexicon", "Normalizer", "fold", "has_marks", "plain", "strip_marks", "words"]

_SENTENCE = re.compile(r"[.!?;,\n:()\[\]\"“”…]+")
_WORD = re.compile(r"[^\W_]+")
_DIGIT_EDGE = re.compile(r"(?<=\d)(?=[^\W\d_])|(?<=[^\W\d_])(?=\d)")
_LONG_RUN = re.compile(r"(\w)\1{2,}")
_FINAL_DOUBLE = re.compile(r"([^\Wo])\1$")


def words(text: str) -> list[list[str]]:
    """Fold ``text`` and split it into sentences of words (steps 1 and 2)."""
    text = fold(text).replace("%", " phần trăm ")
    sentences = []
    for chunk in _SENTENCE.split(text):
        tokens = _WORD.findall(_DIGIT_EDGE.sub(" ", chunk))
        if tokens:
            sentences.append(tokens)
    return sentences


def squeeze(word: str) -> str:
    """Shorten letter runs typed for emphasis: ``khongggg`` -> ``khong``, ``hôngg`` -> ``hông``."""
    return _FINAL_DOUBLE.sub(r"\1", _LONG_RUN.sub(r"\1", word))


def plain(terms: Iterable[str]) -> list[str]:
    """The diacritic-free channel of normalised terms."""
    return [strip_marks(t) for t in terms]


class Normalizer:
    """Turns messages into canonical terms with one lexicon and an optional vocabulary.

    Args:
        lexicon: the normalisation tables.
        vocabulary: words of the catalogue's own phrasings; enables step 4 (repair).
    """

    def __init__(self, lexicon: Lexicon, vocabulary: Iterable[str] = ()) -> None:
        self.lexicon = lexicon
        self._known = lexicon.known_words()
        counts = Counter(w for w in vocabulary if w.isalpha())
        self._vocab = set(counts) | self._known
        # Most frequent diacritic form of each bare form: the target of accent repair.
        self._accent: dict[str, str] = {}
        for word, _n in counts.most_common():
            self._accent.setdefault(strip_marks(word), word)
        for word in sorted(self._known):
            self._accent.setdefault(strip_marks(word), word)
        self._by_length: dict[int, list[str]] = {}
        for bare in self._accent:
            if bare.isalpha() and len(bare) >= 3:
                self._by_length.setdefault(len(bare), []).append(bare)
        self._phrase_starts: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for alt, term in sorted(lexicon.phrases.items(), key=lambda kv: -len(kv[0])):
            self._phrase_starts.setdefault(strip_marks(alt[0]), []).append((alt, term))
        # A stop word typed without diacritics is dropped only when no content word of the
        # vocabulary has the same bare form ("the" is *thế* but also *thẻ*, a card).
        content_bare = {strip_marks(w) for w in counts if w not in lexicon.stop_words}
        dropped = lexicon.stop_words | lexicon.fillers
        self._plain_stop = {strip_marks(w) for w in dropped} - content_bare
        self._dropped = dropped

    def terms(self, text: str) -> list[str]:
        """Normalise ``text`` into canonical terms (see the module docstring)."""
        out: list[str] = []
        for sentence in words(text):
            tokens = [t for raw in sentence for t in self._expand(raw)]
            tokens = [self._repair(t) for t in tokens]
            out.extend(self._clean(self._dialect(self._phrases(tokens))))
        return out

    def vocabulary(self, texts: Iterable[str]) -> list[str]:
        """The words of ``texts`` after abbreviations: a vocabulary for a new normaliser."""
        return [
            w for t in texts for sentence in words(t) for raw in sentence for w in self._expand(raw)
        ]

    def _expand(self, raw: str) -> tuple[str, ...]:
        table = self.lexicon.abbreviations
        word = raw if raw in table or raw in self._vocab else squeeze(raw)
        if word in table:
            return table[word]
        bare = strip_marks(word)
        if bare in table and not (has_marks(word) and word in self._vocab):
            return table[bare]
        return (word,)

    def _repair(self, word: str) -> str:
        if word in self._vocab or not word.isalpha():
            return word
        bare = strip_marks(word)
        marked = has_marks(word)
        if bare in self._accent:
            return self._accent[bare] if marked else bare
        if len(bare) < 4 or len(self._accent) <= len(self._known):
            return word
        candidates = [
            c for n in (len(bare) - 1, len(bare), len(bare) + 1) for c in self._by_length.get(n, ())
        ]
        best = process.extractOne(bare, candidates, scorer=fuzz.ratio, score_cutoff=84)
        if best is None:
            return word
        return self._accent[best[0]] if marked else best[0]

    def _phrases(self, tokens: list[str]) -> list[str]:
        out: list[str] = []
        i = 0
        while i < len(tokens):
            for alt, term in self._phrase_starts.get(strip_marks(tokens[i]), ()):
                if _phrase_at(tokens, i, alt):
                    out.append(term)
                    i += len(alt)
                    break
            else:
                out.append(tokens[i])
                i += 1
        return out

    def _dialect(self, tokens: list[str]) -> list[str]:
        table = self.lexicon.dialect
        return [w for t in tokens for w in table.get(t, (t,))]

    def _clean(self, tokens: list[str]) -> list[str]:
        lex = self.lexicon
        if (
            len(tokens) >= 2
            and tokens[-1] in lex.final_particles
            and strip_marks(tokens[-2]) in lex.question_words
        ):
            tokens = tokens[:-1]
        return [
            t
            for t in tokens
            if t not in self._dropped and (has_marks(t) or t not in self._plain_stop)
        ]


def _phrase_at(tokens: list[str], i: int, alt: tuple[str, ...]) -> bool:
    """Does phrase ``alt`` start at ``tokens[i]``?

    One-word alternatives must match exactly as typed (bare ``lai`` may be *lại*, not *lãi*);
    longer ones match without diacritics, which several words together make safe.
    """
    if i + len(alt) > len(tokens):
        return False
    if len(alt) == 1:
        return tokens[i] == alt[0]
    return all(strip_marks(t) == strip_marks(a) for t, a in zip(tokens[i:], alt, strict=False))
