"""Vietnamese text normalisation: from a citizen's message to comparable terms.

The pipeline, in order (each step says why it sits where it does):

1. NFKC + case folding, so NFD input, full-width letters and capitals behave like the rest.
2. Split into sentences and words; digits are cut from letters (``1tr8`` -> ``1 tr 8``) so
   money shorthand reaches the abbreviation table; ``%`` becomes words.
3. Abbreviations and teencode (``ko``, ``đc``/``dc``, ``bhyt``...), looked up as typed and
   without diacritics; over-long letter runs (``khongggg``) are squeezed first.
4. Typo repair (only when a vocabulary is given): an unknown word is corrected to a close
   known one with rapidfuzz (``nghoèo`` -> ``nghèo``). Wrong diacritics are left alone: the
   diacritic-free channel of the index matches ``bảo hiễm`` with ``bảo hiểm`` anyway.
5. Phrases: several words become one canonical term (``bảo hiểm y tế`` -> ``bảo_hiểm_y_tế``),
   before dialect so that ``mô hình`` is not read as dialect ``mô`` (where).
6. Dialect words, exactly as typed (``răng`` -> ``sao``).
7. Fillers and stop words are dropped when typed with their diacritics. Typed without, a
   short word is often too ambiguous to drop (bare ``co`` is *có*, *cô*, *cỏ*...; ``the`` is
   *thế* or *thẻ*, a card): it is kept and IDF weighs it. A bare form whose every reading
   (in the phrasings written with diacritics and in the lexicon) is dropped or is one dialect
   word is read that way: ``nhieu`` is dropped, ``rua`` is *rứa* (step 6). A diacritic-less final particle after a question word is dropped (``lam sao vay``:
   ``vay`` is *vậy*, not *vay*, borrow).

The result keeps diacritics where known; :func:`plain` gives the diacritic-free channel.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence

from rapidfuzz import fuzz, process

from faq.lexicon import Lexicon, fold, has_marks, strip_marks
from faq.names import without_names
from faq.question import SHORT_WORDS, asks

# The units a sum is said in, typed bare.
_SUM_UNITS = frozenset({"trieu", "nghin", "ngan", "dong", "tr", "k"})


def polite_only(text: str) -> bool:
    """A short message that asks nothing: thanks in it are its subject ("Xin chào bạn, cảm
    ơn bạn đã hỗ trợ tôi hôm trước."), not politeness before a question."""
    return len(text.split()) <= SHORT_WORDS and not asks(text)


__all__ = ["Lexicon", "Normalizer", "fold", "has_marks", "plain", "strip_marks", "words"]

# Typo repair: bare words this long or longer, to a known word at least this similar (rapidfuzz
# ratio). Short Vietnamese syllables are one letter apart from other real words.
FUZZY_MIN_LENGTH = 4
FUZZY_CUTOFF = 80
# A word typed without diacritics is given back its marks (Normalizer.restore) when the
# phrasings written with diacritics spell it that one way at least this often: "ngheo" is
# *nghèo*, "hoc" *học*; "nha" (*nhà*, *nha*) and "vay" (*vay*, *vậy*) stay bare.
RESTORE_SHARE = 0.9
# How many recently read texts keep their terms (a letter's sentences, several readings).
RECENT_TEXTS = 256
_SENTENCE = re.compile(r"[.!?;,\n:()\[\]\"“”…]+")
_WORD = re.compile(r"[^\W_]+")
_DIGIT_EDGE = re.compile(r"(?<=\d)(?=[^\W\d_])|(?<=[^\W\d_])(?=\d)")
_LONG_RUN = re.compile(r"([^\W\d_])\1{2,}")
# No Vietnamese word ends in a doubled letter except "ưu" typed bare ("uu").
_FINAL_DOUBLE = re.compile(r"([^\W\d_u])\1$")


# The tone marks (grave, acute, hook above, tilde, dot below); the vowels' own marks (breve,
# circumflex, horn) and "đ" tell words apart as letters do.
_TONES = frozenset("\u0300\u0301\u0309\u0303\u0323")


# In a letter typed without diacritics, a sentence after the first that opens with "vay" opens
# with the particle *vậy* ("... Vay co doi lai duoc khong?", "Vay xin hoi ..."), unless a
# loan word follows ("Vay von ...", "Vay tien ...", "vay muon": *vay mượn*).
_OPENING_VAY = re.compile(
    r"(?<=[.?!…])(\s+)vay\b(?![ ,]+(?:von|tien|muon|duoc|bao|toi da|uu|ngan|tin|the|them|no|o)\b)",
    re.IGNORECASE,
)


# Typed without diacritics, "vay" after a comma and before "có", "là", "thì", "còn", "quỹ",
# "nên" or "khi" is the particle *vậy* that opens the question after its reason ("nhà mình
# cận nghèo, vay có được giúp miễn phí không"), not a loan.
_COMMA_VAY = re.compile(r"(?<=,)(\s+)vay(?= (?:co|la|thi|con|quy|nen|khi)\b)", re.IGNORECASE)


# Whom a message addresses at its end ("… không ad?"): the page's admin.
_ADDRESSED = frozenset({"ad", "admin", "mod"})


def comma_particles(text: str) -> str:
    """``text`` (typed without diacritics) with "…, vay có …" read as *vậy*: written "z",
    its unmarked short form, so that the message still reads as typed bare. Read as a loan,
    it turned follow-ups about legal aid or a BHYT card into the loan answer."""
    return _COMMA_VAY.sub(r"\1z", text)


# "nếu nhà tôi bị xét vào hộ nghèo thì …" (if the household is made poor): in a case, being
# put on a list is the status the case is about, not asking for the review. So is being
# "xếp (lại) vào" one ("nếu bị xếp vào hộ cận nghèo thì con đi học có được vay không" got
# what a near-poor household is).
_CASE_LISTED = re.compile(
    r"(\b(?:nếu|neu|lỡ|lo|giả sử|gia su|trường hợp|truong hop)\b[^,.;?!]*?)"
    r"(?:(?:bị|bi|được|duoc|đc|dc) )?(?:(?:lại|lai) )?(?:xét|xet|xếp|xep) (?:(?:lại|lai) )?(?:vào|vao|vô|vo) "
    r"(?=(?:(?:diện|dien|hộ|ho) )?(?:cận nghèo|can ngheo|nghèo|ngheo)\b[^,.;?!]*?\b(?:thì|thi)\b)",
    re.IGNORECASE,
)


def listed_in_case(text: str) -> str:
    """``text`` with "(bị, được) xét vào" a household status inside a case read as "là" (is):
    "năm sau nếu nhà tôi bị xét vào hộ nghèo thì mua thẻ có mất tiền không" asks the poor
    households' card (read as asking for the review, 0.78)."""
    return _CASE_LISTED.sub(r"\1là " if has_marks(text) else r"\1la ", text)


# "vay ngân hàng để sửa nhà" right after an answer: the bank a follow-up names is the one
# the answers are about, the Social Policy Bank. Not a bank the person names ("ngân hàng
# thương mại", "ngân hàng nông nghiệp"; a commercial bank's own name is an outside term),
# nor an account or a card at one, nor money sent through one.
_BANK = re.compile(
    r"(?<!tài khoản )(?<!tai khoan )(?<!thẻ )(?<!the )(?<!qua )(?<!liên )(?<!lien )"
    r"\b(ngân hàng|ngan hang)\b(?! (?:chính sách|chinh sach|csxh|cs|xã hội|xa hoi|thương mại"
    r"|thuong mai|nông nghiệp|nong nghiep|ngoại thương|ngoai thuong|công thương|cong thuong"
    r"|nhà nước|nha nuoc|nào|nao|khác|khac|tư nhân|tu nhan)\b)",
    re.IGNORECASE,
)


def policy_bank(text: str) -> str:
    """``text`` (a follow-up) with a bank it names and does not name otherwise read as the
    Social Policy Bank: "ý tôi là vay ngân hàng để sửa nhà" after the repair support is the
    housing loan (read as a commercial bank's, outside the answers, it got no answer)."""
    return _BANK.sub(
        lambda m: f"{m.group(1)} {'chính sách' if has_marks(m.group(1)) else 'chinh sach'}", text
    )


def opening_particles(text: str) -> str:
    """``text`` (a letter typed without diacritics) with its sentences' opening "vay" written
    *vậy*, a particle the normaliser drops: read as a loan, it pulled letters about anything
    towards a loan answer."""
    return _OPENING_VAY.sub(r"\1vậy", text)


def vowels(word: str) -> str:
    """``word`` without its tone marks: "mưa" and "mua" differ, "hoà" and "hòa" do not."""
    return unicodedata.normalize(
        "NFC", "".join(c for c in unicodedata.normalize("NFD", word) if c not in _TONES)
    )


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
        spelled: the subset of ``vocabulary`` that comes from phrasings written with
            diacritics — the only trustworthy evidence of how a word is spelled.
    """

    def __init__(
        self, lexicon: Lexicon, vocabulary: Iterable[str] = (), spelled: Iterable[str] = ()
    ) -> None:
        self.lexicon = lexicon
        self._known = lexicon.known_words()
        counts = Counter(w for w in spelled if w.isalpha())
        catalogue = {w for w in vocabulary if w.isalpha()} | set(counts)
        self._vocab = catalogue | self._known
        # Most frequent diacritic form of each bare form: the target of accent repair.
        self._accent: dict[str, str] = {}
        for word, _n in counts.most_common():
            self._accent.setdefault(strip_marks(word), word)
        self._bare = {strip_marks(w) for w in self._vocab}
        self._by_length: dict[int, list[str]] = {}
        if catalogue:  # typo repair needs a catalogue vocabulary
            for bare in sorted(self._bare):
                if bare.isalpha() and len(bare) >= 3:
                    self._by_length.setdefault(len(bare), []).append(bare)
        # Phrases by the bare form of their first word, longest first. One-word alternatives
        # must match exactly as typed (bare "lai" may be *lại*, not *lãi*); longer ones match
        # words typed without diacritics, which several words together make safe, but a word
        # typed with its vowels' marks must have the alternative's vowels (tone aside: "hoà"
        # is "hòa"): "có thẻ" (a card) is not "có thể", "tự mua không" (buy) not "mưa không"
        # (rain), "còn nhớ" not "con nhỏ".
        self._phrase_starts: dict[str, list[tuple[tuple[str, ...], str, str, tuple[str, ...]]]] = {}
        for alt, term in sorted(lexicon.phrases.items(), key=lambda kv: -len(kv[0])):
            bare_alt = tuple(strip_marks(a) for a in alt)
            entry = (bare_alt, alt[0] if len(alt) == 1 else "", term, tuple(map(vowels, alt)))
            self._phrase_starts.setdefault(bare_alt[0], []).append(entry)
        self._cache: dict[str, tuple[str, ...]] = {}
        # The terms of texts read lately: one match reads a letter's sentences several times
        # (whole, its asking sentences, each question alone, again as a follow-up); two
        # thirds of the normaliser's calls in a match were a text it had just read.
        self._recent: dict[str, tuple[str, ...]] = {}
        # Bare forms that, in the phrasings written with diacritics, stand for stop words more
        # often than for content words ("thi" is mostly *thì*, "the" mostly *thẻ*, a card):
        # a word with wrong diacritics and such a bare form is a slip for the stop word.
        dropped = lexicon.stop_words | lexicon.fillers
        balance: Counter[str] = Counter()
        for word, n in counts.items():
            balance[strip_marks(word)] += n if word in dropped else -n
        self._plain_stop = {b for b in map(strip_marks, dropped) if balance[b] >= 0}
        self._spelled = set(counts)
        self._dropped = dropped
        self._bare_dialect, self._bare_dropped = self._unambiguous(set(counts))
        self._restored = self._usual_spellings(counts, dropped)

    def _unambiguous(self, spelled: set[str]) -> tuple[dict[str, tuple[str, ...]], frozenset[str]]:
        """Bare forms that can be read only one way: as a dialect word, or as words dropped.

        Typed without diacritics, "muon" can only be *muốn* and "rua" only *rứa*, while "the"
        may be *thế* or *thẻ* (a card) and stays. The readings of a bare form are the words
        with that bare form in the phrasings written with diacritics and in the lexicon.
        """
        lex = self.lexicon
        readings: dict[str, set[str]] = {}
        for word in spelled | self._known | set(lex.dialect):
            if word.isalpha():
                readings.setdefault(strip_marks(word), set()).add(word)
        dialect: dict[str, tuple[str, ...]] = {}
        dropped: set[str] = set()
        for bare, words in readings.items():
            if bare in lex.abbreviations or bare in lex.dialect:
                continue
            if words <= self._dropped_words():
                dropped.add(bare)
                continue
            spoken = words - self._dropped_words()
            if len(spoken) == 1 and (only := next(iter(spoken))) in lex.dialect:
                dialect[bare] = lex.dialect[only]
        return dialect, frozenset(dropped)

    @staticmethod
    def _usual_spellings(counts: Counter[str], dropped: frozenset[str]) -> dict[str, str]:
        """Bare form -> the spelling the phrasings written with diacritics give it at least
        ``RESTORE_SHARE`` of the time, for content words (a function word is dropped anyway)."""
        spellings: dict[str, Counter[str]] = {}
        for word, n in counts.items():
            if word.isalpha():
                spellings.setdefault(strip_marks(word), Counter())[word] += n
        usual: dict[str, str] = {}
        for bare, spelled in spellings.items():
            ((word, n),) = spelled.most_common(1)
            if has_marks(word) and word not in dropped and n >= RESTORE_SHARE * spelled.total():
                usual[bare] = word
        return usual

    def restore(self, terms: Iterable[str]) -> list[str]:
        """Terms of a message typed without diacritics with the marks its words usually have
        ("ho tro" is already *hỗ_trợ*; "ngheo" becomes *nghèo*); a word spelled several ways
        stays bare."""
        usual = self._restored
        return [usual.get(t, t) for t in terms]

    def mostly_function(self, bare: str) -> bool:
        """Whether a word typed without diacritics stands for a dropped function word at least
        as often as for a content word, in the phrasings written with diacritics (``cua``:
        *của* far more than *cửa*; ``the``: *thế* or *thẻ*)."""
        return bare in self._plain_stop

    def _dropped_words(self) -> frozenset[str]:
        return self.lexicon.stop_words | self.lexicon.fillers

    def terms(self, text: str) -> list[str]:
        """Normalise ``text`` into canonical terms (see the module docstring)."""
        found = self._recent.get(text)
        if found is None:
            found = tuple(
                self._finish(
                    [[t for raw in s for t in self._word(raw)] for s in words(without_names(text))],
                    polite=polite_only(text),
                )
            )
            if len(self._recent) >= RECENT_TEXTS:
                self._recent.clear()
            self._recent[text] = found
        return list(found)

    def spelled(self, text: str) -> str:
        """``text``'s words with short forms written out and typos repaired, without
        diacritics ("dc vay toi da bn" -> "duoc vay toi da bao nhieu"): where a lexicon cue
        is looked for, however the message was typed."""
        spelled: list[str] = []
        for sentence in words(text):
            for raw in sentence:
                for word in self._word(raw):
                    for bare in strip_marks(word).split():
                        # "nhiêu" alone is short for "bao nhiêu": typed in full, "bao
                        # nhiêu" would come out "bao bao nhieu".
                        if not spelled or spelled[-1] != bare:
                            spelled.append(bare)
        return " ".join(spelled)

    @classmethod
    def build(cls, lexicon: Lexicon, texts: Sequence[str]) -> tuple[Normalizer, list[list[str]]]:
        """A normaliser whose vocabulary is the words of ``texts``, and their terms.

        Typo repair changes nothing in the texts that define the vocabulary, so the words
        are split and expanded once for both purposes (a third of the build time).
        """
        base = cls(lexicon)
        vocabulary: set[str] = set()
        spelled: list[str] = []
        expanded: dict[str, tuple[str, ...]] = {}
        split: list[list[list[str]]] = []
        for text in texts:
            sentences = []
            marked = has_marks(text)
            for sentence in words(text):
                tokens: list[str] = []
                for raw in sentence:
                    if raw not in expanded:
                        expanded[raw] = base._expand(raw)
                    tokens.extend(expanded[raw])
                if marked:
                    spelled.extend(tokens)
                vocabulary.update(tokens)
                sentences.append(tokens)
            split.append(sentences)
        normalizer = cls(lexicon, vocabulary, spelled)
        return normalizer, [
            normalizer._finish(sentences, polite=polite_only(text))
            for text, sentences in zip(texts, split, strict=True)
        ]

    def _finish(self, sentences: list[list[str]], *, polite: bool = False) -> list[str]:
        """Steps 5 to 7 on sentences of expanded, repaired words; ``polite``: a short text
        that asks nothing, whose thanks (lexicon ``thanks``) are then what it says."""
        sentences = [self._dialect(self._phrases(self._particles(t))) for t in sentences]
        out = [t for tokens in sentences for t in self._clean(tokens)]
        if not out:
            # A message of function words only ("bạn là ai?") is still a question: compare it
            # by those words rather than as nothing (phrasings get the same treatment).
            fillers = self.lexicon.fillers
            out = [t for tokens in sentences for t in tokens if t not in fillers]
        if not self.greets(out, polite=polite):
            out = [t for t in out if t not in self.lexicon.greetings]
        return out

    def greets(self, terms: Sequence[str], *, polite: bool) -> bool:
        """Whether a text's greetings are what it says, so they are kept: there is less than
        two other terms, or the text is ``polite`` (:func:`polite_only`) and thanks. Otherwise
        they are politeness before a question ("Chào ad, …", a letter's "Chào thầy (cô)!"),
        as thanks are before any question with a word of its own ("em cảm ơn, vậy ai thì được
        xét": it got the reply to thanks, 0.99)."""
        thanked = not self.lexicon.thanks.isdisjoint(terms)
        if polite and thanked:
            return True
        others = sum(t not in self.lexicon.greetings for t in terms)
        if thanked and others and not polite:
            return False
        return others < 2

    def _word(self, raw: str) -> tuple[str, ...]:
        """Steps 3 and 4 for one typed word; they need no context, so they are cached."""
        found = self._cache.get(raw)
        if found is None:
            found = tuple(self._repair(t) for t in self._expand(raw))
            if len(self._cache) < 100_000:
                self._cache[raw] = found
        return found

    def _expand(self, raw: str) -> tuple[str, ...]:
        table = self.lexicon.abbreviations
        word = raw if raw in table or raw in self._vocab else squeeze(raw)
        if word in table:
            return table[word]
        bare = strip_marks(word)
        # Short forms are also looked up without "đ" ("đc" = "dc"), but not without tone
        # marks: "hểm" (a slip for "hiểm") is not the teencode "hem" (không).
        if bare in table and word.replace("đ", "d") == bare:
            return table[bare]
        return (word,)

    def _repair(self, word: str) -> str:
        if word in self._vocab or not word.isalpha():
            return word
        bare = strip_marks(word)
        # A known word typed with other diacritics (or none) is left as typed: the bare
        # channel matches it already, and guessing marks would turn real words into others
        # ("lành" into "lãnh", "thể" into "thẻ").
        if bare in self._bare or len(bare) < FUZZY_MIN_LENGTH or not self._by_length:
            return word
        # Two neighbouring letters swapped ("hàgn", "sahc") is the commonest slip, and an edit
        # distance scores it as two edits: "hagn" is closer to "han" than to "hang".
        swapped = (bare[:i] + bare[i + 1] + bare[i] + bare[i + 2 :] for i in range(len(bare) - 1))
        fixed = next((w for w in swapped if w in self._bare and w.isalpha()), None)
        if fixed is None:
            candidates = [
                c
                for n in (len(bare) - 1, len(bare), len(bare) + 1)
                for c in self._by_length.get(n, ())
            ]
            best = process.extractOne(
                bare, candidates, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF
            )
            if best is None:
                return word
            fixed = best[0]
        return self._accent.get(fixed, fixed) if has_marks(word) else fixed

    def _phrases(self, tokens: list[str]) -> list[str]:
        bare = [strip_marks(t) for t in tokens]
        out: list[str] = []
        i = 0
        while i < len(tokens):
            for alt, exact, term, marked in self._phrase_starts.get(bare[i], ()):
                n = len(alt)
                if (
                    (tokens[i] == exact)
                    if exact
                    else tuple(bare[i : i + n]) == alt
                    and all(
                        t == b or vowels(t) == m
                        for t, b, m in zip(tokens[i : i + n], bare[i : i + n], marked, strict=True)
                    )
                ):
                    out.append(term)
                    i += n
                    break
            else:
                out.append(tokens[i])
                i += 1
        return out

    def _particles(self, tokens: list[str]) -> list[str]:
        """Drop a bare word that is a particle before the word after it (lexicon
        ``bare_particles``: "vay toi phai lam gi" is vậy tôi…, "vay ho so nop o dau" vậy hồ
        sơ…); "tối đa" after it keeps it."""
        table, final = self.lexicon.bare_particles, self.lexicon.bare_final
        if len(tokens) >= 2 and tokens[-1] in final and tokens[-2] not in final[tokens[-1]]:
            # "co duoc vay hong" is …hông (không) at the end of a question, not "hỏng".
            tokens = tokens[:-1]
        if not table:
            return tokens
        return [
            t
            for i, t in enumerate(tokens)
            if not (
                t in table
                and i + 1 < len(tokens)
                # The word after it, or the two after it written with "_" ("ho_so": hồ sơ,
                # where "ho" alone is as often hộ of "vay hộ nghèo").
                and (tokens[i + 1] in table[t] or "_".join(tokens[i + 1 : i + 3]) in table[t])
                and tokens[i + 2 : i + 3] != ["da"]
            )
        ]

    def _dialect(self, tokens: list[str]) -> list[str]:
        table, bare = self.lexicon.dialect, self._bare_dialect
        return [w for t in tokens for w in table.get(t) or bare.get(t) or (t,)]

    def _clean(self, tokens: list[str]) -> list[str]:
        lex = self.lexicon
        # "… cài app gì vậy ad": the page addressed after the question (a filler) hides its
        # closing particle, read as a loan typed bare ("vay").
        while len(tokens) >= 3 and tokens[-1] in _ADDRESSED:
            tokens = tokens[:-1]
        if (
            len(tokens) >= 2
            and tokens[-1] in lex.final_particles
            and strip_marks(tokens[-2]) in lex.question_words
        ):
            tokens = tokens[:-1]
        elif (
            len(tokens) >= 3
            and tokens[-1] == "vay"
            and strip_marks(tokens[-3]) == "la"
            and any(tokens[-2] in group for group in lex.exclusive)
        ):
            # "the nao thi duoc goi la ho can ngheo vay" (… là hộ cận nghèo vậy?): after "là"
            # and a household status, a final bare "vay" is the particle, not a loan (it got
            # the near-poor loan, 0.98).
            tokens = tokens[:-1]
        elif len(tokens) >= 2 and tokens[-1] == "vay" and strip_marks(tokens[-2]) in _SUM_UNITS:
            # "hoi truoc sua nha duoc cho may chuc trieu vay" (… mấy chục triệu vậy?): after a
            # sum, a final bare "vay" is the particle (it got the housing loan, 0.88).
            tokens = tokens[:-1]
        # Typed without diacritics: kept (see step 7). Typed with diacritics the catalogue does
        # not use ("đươc"), and reading as a stop word: a slip for that stop word.
        return [
            t
            for t in tokens
            if t not in self._dropped
            and t not in self._bare_dropped
            and (not has_marks(t) or t in self._spelled or strip_marks(t) not in self._plain_stop)
        ]
