"""Match a citizen's message to an FAQ intent, or abstain.

The matcher normalises the message (:mod:`faq.normalize`), ranks intents with the TF-IDF index
(:mod:`faq.index`) and turns the ranking into a calibrated confidence
(:mod:`faq.confidence`), from which one of three outcomes follows:

* ``answer``  — confident enough to show the intent's answer;
* ``suggest`` — plausible: offer up to three intents as buttons;
* ``none``    — out of scope or unreadable: offer the topics menu or a human.
"""

from __future__ import annotations

import dataclasses
import gc
import itertools
import os
import re
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence, Set
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from faq.cache import content_key, load_or_build
from faq.catalog import Catalog
from faq.confidence import Scorer, signals
from faq.followup import (
    FOLLOW_UP_CONTEXT,
    FOLLOW_UP_WORDS,
    SUBJECT_IDF,
    asked_of_answer,
    asks_if_household_is,
    case_of_answer,
    core,
    corrected,
    number_case_of_answer,
    opens_like_follow_up,
    resolve_follow_up,
    spoken,
    status_asked,
    to_new_subject,
    undisowned,
    unreacted,
)
from faq.index import Candidate, Index, features
from faq.normalize import (
    Lexicon,
    Normalizer,
    comma_particles,
    fold,
    has_marks,
    listed_in_case,
    opening_particles,
    policy_bank,
    polite_only,
    strip_marks,
)
from faq.outside import load_outside
from faq.question import (
    NUMBERED_ITEM,
    already,
    alternatives,
    asks,
    asks_for,
    asks_more,
    besides,
    closing,
    listed,
    questions,
    sentences,
    weigh,
)

Outcome = Literal["answer", "clarify", "suggest", "none"]


@dataclass(frozen=True)
class Breadth:
    """How widely a reading of a message looks for intents.

    Attributes:
        closest: how many intents closest by centroid are scored in full.
        rescue: whether the message's rarest words may add intents the pruned lists miss
            (:meth:`faq.index.Index.candidates`).
    """

    closest: int
    rescue: bool


# "không phải (là) hộ cận nghèo": up to four words after a negation, to the next clause.
_NOT_STATUS = re.compile(
    r"\b(?:khong|hong|hok|chang|cha) (?:phai|fai) (?:la )?((?:(?!thi\b|ma\b)\w+ ?){1,4})"
)

# Units of time: they say how something is counted, not what is asked about; "hôm", "bữa"
# (a day: "hôm trước", "bữa qua") only date it.
_TIME_UNITS = frozenset({"w:ngay", "w:tuan", "w:thang", "w:nam", "w:hom", "w:bua"})
# A rate's unit says how it is counted too: "lãi suất mỗi năm là bao nhiêu phần trăm?" after
# the labour-export loan asks its rate; "phần nhà mình tự đóng" (the share) after the
# near-poor households' card asks its premium, not the benefit level.
_RATE_UNITS = frozenset({"w:phan_tram", "w:phan"})
# And a sum the person names says how much, not what of: "vay 30 triệu thì mỗi tháng trả lãi
# bao nhiêu?" after the poor households' loan asks its rate (it got the student loan, 0.90).
_AMOUNT_UNITS = frozenset({"w:trieu", "w:nghin", "w:ngan"})
# Nor does "khoảng" (about) before the figure asked: "… mỗi tháng trả lãi khoảng bao nhiêu
# tiền?" asks the loan's rate as "… trả lãi bao nhiêu?" does (it got the student loan, 0.82).
# (As a stop word everywhere, it cost three right answers elsewhere.) "tầm" is read as
# "khoảng" (lexicon dialect); typed bare, "tam" stands for it here.
_ROUGHLY = frozenset({"w:khoang", "w:tam"})
# Nor "(từ …) trở lên" (… and above) after a sum: "Vay từ bao nhiêu tiền trở lên thì phải thế
# chấp tài sản?" after the labour-export loan asks its collateral (it got the poor
# households' loan, 0.88).
_UPWARDS = frozenset({"w:tro"})
# Nor does the person's ethnic group: "nhà e ng Kinh, ko nghèo ko cận nghèo thì lãi bn ạ"
# after the labour-export loan asks that loan's rate, which its answer gives for each.
_ORIGINS = frozenset({"w:kinh", "w:dan_toc_thieu_so"})
# Typed bare, "neu" opening a case is *nếu* (if), which names nothing: "Neu khong thuoc ho
# ngheo thi lai suat bao nhieu?" after the labour-export loan asks that loan's rate. (As a
# function word everywhere, a held-out follow-up turned confidently wrong.)
_IF = frozenset({"w:neu"})
# Who a follow-up is about says nothing of what it asks: "còn con tôi học đại học thì vay
# được bao nhiêu" after a loan asks a loan's amount like "vay được bao nhiêu".
_PERSONS = frozenset(
    {"w:me", "w:ma", "w:bo", "w:ba", "w:cha", "w:ong", "w:vo", "w:chong", "w:chau", "w:con"}
    # "con gái", "con trai" (daughter, son).
    | {"w:gai", "w:trai"}
    | {"w:anh", "w:chi", "w:em"}
    # "con dâu", "con rể", "chị dâu" (read as relatives), "thằng út" (the youngest).
    | {"w:nguoi_than", "w:ut"}
    # Their age too: "còn con mk dưới 6 tuổi đc trả bn" after the benefit level asks it.
    | {"w:tuoi"}
)
# A loan's figure asked in the loan's own words: "vay được bao nhiêu", "lãi bao nhiêu", "vay
# mấy năm", "nộp mấy tiền lãi" (not "được bao nhiêu triệu", which any support's amount is
# asked with).
_LOAN_FIGURE = re.compile(
    r"\bvay(?: \S+){0,3} (?:bao nhieu|nhieu|bn|toi da|may nam|bao lau)\b"
    r"|\blai(?: suat)?(?: \S+){0,2} (?:bao nhieu|nhieu|bn|may|the nao|ra sao)\b"
    r"|\b(?:bao nhieu|bn|nhieu|may) (?:tien |phan )?lai\b"
)
# A lender named: a bank (but the social policy bank, whose loans the answers are), a fund
# (not "quy định", a rule), a company, a pawnshop, an app, a rotating fund ("hụi"). Its loan's
# rate is that lender's, not the answer's.
_LENDER = re.compile(
    r"\b(?:ngan hang(?! chinh sach)|quy(?! dinh)|cong ty|cam do|app|ung dung|hui)\b"
)
# Someone in the household already receives a social allowance ("bà nội đang hưởng trợ cấp
# xã hội hằng tháng", "hộ có người lãnh trợ cấp hưu trí xã hội"): a fact about who they are.
# Not "có được lãnh trợ cấp hông", "xin hưởng …": that asks for the allowance.
_RECEIVES = re.compile(
    r"(?<!\bduoc )(?<!\bxin )(?<!\bmuon )(?<!\bde )"
    r"\b(?:co nguoi )?(?:dang )?(?:huong|nhan|lanh|an) (?:tien )?(?:tro cap|luong|huu tri)"
    r"(?: huu tri)?(?: xa hoi)?(?: hang thang| moi thang)?\b"
)
# Which grandparent ("bà nội", "ông ngoại"): who it is, typed bare too.
_KIN = frozenset({"w:noi", "w:ngoai"})
# That they live apart ("má tui ở riêng"): where, not what is asked.
_APART = frozenset({"w:rieng"})
# The social allowance's own topic: there an allowance received is what is asked about.
ALLOWANCE_TOPIC = "tro_giup_xa_hoi"
# The loans' own topic: its other answers (the debt, the procedure) are about loans already.
LOANS_TOPIC = "tin_dung"
# What a follow-up may name besides the aspect it asks of an answer (Matcher.giving): units,
# sums, the people it is about, their ethnic group, "khoảng", "trở lên", bare "neu".
_NO_SUBJECT = (
    _TIME_UNITS | _PERSONS | _RATE_UNITS | _AMOUNT_UNITS | _ROUGHLY | _UPWARDS | _ORIGINS | _IF
)
# Nor does "khoản vay này" (this loan, the item) pointing at the loan just answered: "Lãi suất
# khoản vay này hiện nay khoảng bao nhiêu?" after the job-creation loan asks its rate (it was
# suggestions led by the housing loan, 0.37).
_THIS_LOAN = re.compile(r"\bkhoan vay (?:nay|do|kia|ay)\b")
# How and where one applies, which is what a follow-up asking where to apply names besides
# its cue: "làm hồ sơ cho bố e thì nộp ở xã hay lên tỉnh" after the social allowance, "Đơn gửi
# cho ai, cần ghi những gì và kèm theo giấy tờ gì?" after the complaint ask those answers
# again (Matcher.giving): the papers and what they "gồm" (consist of), sending and registering
# (for a class: "muon dang ky lop hoc thi lien he o dau" after vocational training), the
# offices, and how far one goes to them ("có phải lên tận tỉnh không").
_APPLYING_WORDS = frozenset(
    {"w:nop", "w:gui", "w:dang", "w:ki", "w:lien", "w:he", "w:kem", "w:ghi", "w:mang", "w:lop"}
    | {"w:don", "w:giay", "w:to", "w:can", "w:gom"}
    | {"w:huyen", "w:tinh", "w:uy", "w:dan", "w:truong", "w:tan"}
)
# "dùng để làm gì", "giúp được gì" (what is it for): how a question asks, whatever it is
# about — only the assistant's own introduction names it in its title.
_ASKS_PURPOSE = frozenset({"w:hoi_chuc_nang"})
# A household outside the programme (lexicon ngoài_diện_nghèo: "không nghèo", "không thuộc
# hộ nghèo"), and how much of an intent's centroid it must weigh for that intent to be an
# answer for such households (the household BHYT card 0.07, the average-living households
# 0.06, the housing conditions 0.05; the clean-water loan, naming them in passing, 0.03).
_OUTSIDE_HOUSEHOLDS = frozenset({"w:ngoai_dien_ngheo"})
# What a household lives on, told beside its status ("không thuộc hộ nghèo hay cận nghèo nhưng
# thu nhập thấp", "khó khăn"): a fact about who asks, not a subject asked about (with "thu
# nhập thấp" as a subject, that follow-up after vocational training got what a near-poor
# household is, 0.77).
_MEANS_OF_LIVING = frozenset({"w:nhap", "w:thap", "w:kho", "w:khan"})
OUTSIDE_HOUSEHOLDS_WEIGHT = 0.04
# "À quên, …", "tiện hỏi luôn …", "P/S: …": what follows was remembered apart, a question of
# its own rather than a continuation of the one before it. So is leave to ask more at the
# start of a question ("À mà cho tôi hỏi luôn, …", "a ma cho e hoi them …", "vs cho e
# hoi …"); only where the message's questions were already told apart (Matcher's parts).
_AFTERTHOUGHT = re.compile(
    r"\W*(?:(?:a|a ma|ah|oh|o|ui|u) )?(?:quen|quen mat|suyt quen)\b"
    r"|\W*(?:tien (?:the|day|hoi|cho hoi)|nhan tien|p\W?s)\b"
    r"|\W*(?:(?:a|ah|oh|o|u|ui) )?(?:ma |vs |voi lai |con )?cho (?:\S+ )?hoi (?:them|luon|lun|nua)\b"
    r"|\W*(?:vs|voi lai|va lai) cho (?:\S+ )?hoi\b"
)
# A side of a choice that starts with a household status: the choice is between households.
_STATUS_FIRST = re.compile(
    r"(?:ho |dien |nha |gia dinh )?(?:can ngheo|ngheo|moi thoat ngheo|thoat ngheo)\b"
)
# "… tính sao?", "… tính thế nào?": how something named before it is worked out.
_WORKED_OUT = re.compile(r"\btinh (?:sao|the nao|nhu the nao|nhu nao|ra sao|rang|lam sao|ra)\b")

# A message read whole.
WHOLE = Breadth(12, rescue=True)
# A re-reading of part of a message (one side of a choice, the message without one of two
# household statuses) only tells whether that part is answered and by which intent: the
# closest six intents settle it, without the rescue. Every labelled set gets the same answers
# and intents as with the whole message's breadth; the 60 slowest letters of the 1,000-intent
# bench took 18-29% less time (9.7-11.8 -> 8.0-8.3 ms each). A message's separate questions
# are read whole again (nineteenth round): a short one's rare word is often all it asks by,
# and a dropped second question cost more than the 0.4 ms it saves at p99.
RECHECK = Breadth(6, rescue=False)

# Typed without diacritics, a letter keeps dozens of bare words that mostly stand for
# function words ("cua" *của*, "co" *có*, "toi" *tôi*): they may be content words ("cửa",
# "tối đa"), so they stay, but in a letter (over LETTER_WORDS words) they are mostly noise and
# weigh this much. Over every labelled set typed both ways: +10 answered right, 2 confident
# wrong answers fewer; our long letters typed bare 0.850 -> 0.925 (long_a). A shorter
# message keeps them at full weight: there "bao" is *bao nhiêu*, the amount asked about (over
# 14 words: two-turn conversations and a 15-word loan question lost their answer). A
# follow-up read in its conversation, whose subject the previous answer gives, reads them
# lightly too (faq.followup).
BARE_FUNCTION_WEIGHT = 0.3
# A message's later question, read as a follow-up of its first, is offered as a button about
# the same topic from this confidence (Matcher._sibling_asked); 0.4 added eight more buttons
# to messages asking one thing and served one more pair of the held-out sets.
SIBLING_OFFER_AT = 0.5
# How surely a follow-up's question after a remark is read alone to be answered
# (Matcher._asked_after_remark: below it, a complaint's question became confidently wrong).
SURE_PART = 0.85
# How surely a question beside one outside the answers (which names a service the bot does
# not cover), naming its answer's title, is read alone to be answered when the whole message
# reads as nothing sure (Matcher._with_second_question). At SURE_PART (0.85), "cty môi giới
# đòi e nộp 2000$ trc mới lm hồ sơ đi Nhật, có phải lừa ko ạ. còn mk mún đổi bằng lái …" only
# offered the scam warning (0.71); at 0.7 the development two-question sets served ten more
# (two of them with a sibling answered where the other was offered), the held-out ones
# twenty-six more; 0.6 moved the same rows, 0.8 four of the ten.
BESIDE_OUTSIDE_AT = 0.7
# How sure an answered question must be, beside one outside the answers, when it does not
# name its answer's title ("bot này trả lời dc những cái j z? còn cho mik hỏi giá cà phê
# hôm nay nhiu 1 ký": the assistant's introduction, 0.98): surer than SURE_PART. A letter's
# detail read apart from its story ("Vậy em nộp hồ sơ ở đâu để nhận hỗ trợ đây ạ?" after
# Covid support, 0.89) names no title and is not answered.
SURE_UNTITLED = 0.95
# A question of a message that reads like none of the answers — its best intent ranks below
# APART_TOP, though it is at least APART_WORDS words long and names two subject words of its
# own — is said to be outside the answers when another question of the message is answered
# (Matcher._reads_apart). At 0.25 and ten words the held-out two-question sets dropped 10
# fewer second questions for 5 more notes on 4,918 messages asking one thing (8; 3 before);
# 0.3 and eight words served no more and added 6 more notes.
APART_TOP = 0.25
APART_WORDS = 10
# A question that only goes on from the one before it ("Nếu có thì …", "Vậy …", "Và …"): a
# detail of that one, never a subject of its own.
_CONTINUES = re.compile(r"\W*(?:neu (?:co|duoc|khong|vay)|vay|nhu vay|va|con neu|truong hop do)\b")
LETTER_WORDS = 28
# An intent "is about another" exclusive term when that term weighs this many times more in its
# centroid than the one the message names.
CONFLICT_RATIO = 3.0
# A word in more than about a third of the catalogue's documents (intents and out-of-scope
# subjects: IDF log(1 + n/df) <= 1.35) names no subject of its own ("hỗ trợ", "tiền").
GENERIC_IDF = 1.35
# After a clarifying question or suggestions, the next message is read in the light of the
# first this many intents offered (the two a clarifying question shows as buttons).
OFFERED_CONTEXTS = 2
# The reply to greetings and thanks is about the conversation, not a subject of it: the
# subject and household before it stay the context of the next message ("cảm ơn nhé" then
# "vay được bao nhiêu?" asks for the loan just talked about; it got the reply to thanks
# again, 0.96). The bot's other answers (what it does, unsubscribing) are subjects of their
# own: "thế nó có trả lời ban đêm không" after what the bot does is about the bot — but a
# subject of the catalogue asked right after what the bot does is that subject (Matcher.match).
GREETING = "bot.chao_hoi"
INTRODUCTION = "bot.gioi_thieu"
BOT_TOPIC = "bot."
# The word feature of a loan: every loan's title names it ("Vay vốn cho hộ nghèo").
LOAN = "w:vay"


@dataclass(frozen=True)
class Match:
    """What the matcher concluded about one message.

    Attributes:
        outcome: ``answer``, ``clarify`` (two sibling intents too close to choose: ask which),
            ``suggest`` or ``none``.
        intent_id: the answered intent, set only when ``outcome == "answer"``.
        score: calibrated confidence (0..1) of the top candidate.
        suggestions: up to three intent ids, best first (best guesses even for ``none``).
        also: other intents the message confidently asks about too (a second question), to
            offer as buttons next to the answer.
        follow_up: the message was read as a follow-up of the previous answer.
        household: the household statuses the conversation has named ("ho_can_ngheo"): this
            message's, else those carried in (:meth:`Matcher.match`); the caller keeps them
            for the next message with the answered intent.
        others: the runner-ups of an answered letter (over ``LETTER_WORDS`` words), to offer
            as buttons under the answer: one real letter's answer in four is wrong, and most
            of the time the right one is among them.
        unanswered: the message's other questions that ask about a service the bot does not
            cover (an out-of-scope term), as the person wrote them: said to be outside the
            answers, with a way to send them to staff.
    """

    outcome: Outcome
    intent_id: str | None
    score: float
    suggestions: tuple[str, ...]
    also: tuple[str, ...] = ()
    follow_up: bool = False
    household: tuple[str, ...] = ()
    others: tuple[str, ...] = ()
    unanswered: tuple[str, ...] = ()


@contextmanager
def _collector_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _key_parts(lexicon: Lexicon, texts: Sequence[Sequence[str]], *, inside: int) -> Iterator[str]:
    """Everything the index build reads, as text: the cache key's input."""
    yield lexicon.fingerprint()
    yield str(inside)
    for group in texts:
        yield from group
        yield "\x1e"


def _build(
    lexicon: Lexicon, texts: Sequence[Sequence[str]], *, inside: int
) -> tuple[Normalizer, Index]:
    """The normaliser (vocabulary of the phrasings) and the index of every phrasing."""
    normalizer, flat = Normalizer.build(lexicon, [t for ts in texts for t in ts])
    docs, start = [], 0
    for ts in texts:
        docs.append(flat[start : start + len(ts)])
        start += len(ts)
    return normalizer, Index(docs, inside=inside)


def default_content_dir() -> Path:
    """``$BOT_CONTENT_DIR`` if set, else the repository's ``content/`` folder."""
    env = os.environ.get("BOT_CONTENT_DIR")
    return Path(env) if env else Path(__file__).resolve().parent.parent / "content"


def _bare(cues: Sequence[str]) -> set[str]:
    """Lexicon cues without diacritics, as looked for in a message's bare text."""
    return {strip_marks(c) for c in cues}


def _cue_pattern(cues: Sequence[str]) -> re.Pattern[str]:
    """Any of the cues, as whole words of a message's bare text (:meth:`Normalizer.spelled`).
    Longest first: "lãi mấy phần" is one cue, not "lãi mấy" and a word left over."""
    alternatives = sorted(_bare(cues), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(c) for c in alternatives) + r")\b")


def _spans(cue: re.Pattern[str], text: str) -> list[str]:
    """Every span of ``text`` that a cue matches, overlapping ones too: in "mấy năm phải trả
    xong" both "mấy năm phải trả" and "trả xong" say what is asked, and the longest-first
    search alone left "xong" over as a subject of its own."""
    spans = []
    for word in re.finditer(r"\b\w", text):
        found = cue.match(text, word.start())
        if found:
            spans.append(found.group())
    return spans


class Matcher:
    """Ranks a catalogue's intents for free-text messages.

    Args:
        catalog: the intents to match.
        lexicon: the normalisation tables.
        scorer: ranking blend, calibration and thresholds (default :class:`Scorer`).
        outside: the out-of-scope reference subjects, name -> phrasings.
        cache_dir: keep the built index on disk there (see :meth:`from_content`).
    """

    def __init__(
        self,
        catalog: Catalog,
        lexicon: Lexicon,
        *,
        scorer: Scorer | None = None,
        outside: Mapping[str, Sequence[str]] | None = None,
        cache_dir: Path | None = None,
    ) -> None:
        self.catalog = catalog
        self.ids = list(catalog.intents)
        texts = [[i.title, *i.variants] for i in catalog.intents.values()]
        # The out-of-scope reference subjects (content/out_of_scope.yaml) come after the
        # intents: they share the IDF and compete with the intents, never answered.
        self.outside_names = list(outside or {})
        texts += [list((outside or {})[name]) for name in self.outside_names]
        key = (
            content_key(_key_parts(lexicon, texts, inside=len(self.ids)))
            if cache_dir is not None
            else ""
        )
        # Building allocates hundreds of thousands of small objects that all stay alive
        # (loading them from the cache too); the cyclic garbage collector would scan them
        # again and again for nothing (a third of the build time at 1,000 intents).
        with _collector_paused():
            self.normalizer, self.index = load_or_build(
                cache_dir, key, lambda: _build(lexicon, texts, inside=len(self.ids))
            )
        self.scorer = scorer or Scorer()
        self.out_of_scope = lexicon.out_of_scope
        # The out-of-scope terms' word features, as a reading's subject words name them.
        self._outside_words = frozenset(
            f for f in features(sorted(self.out_of_scope), accents=False) if f.startswith("w:")
        )
        self.schemes = lexicon.schemes
        self.aspects = {
            intent: _cue_pattern(cues) for intent, cues in lexicon.aspects.items() if cues
        }
        # Per intent answering one aspect only, its cues (unasked): the same cues for an
        # aspect's intents, so the aspect itself is its cues.
        self.whole_aspects = {
            intent: _cue_pattern(cues) for intent, cues in lexicon.whole_aspects.items()
        }
        self._whole_cues = lexicon.whole_aspects
        self._aspect_cues = lexicon.aspects
        self._subject_intents = lexicon.subject_intents
        # Per intent, the words its aspect cues of one term stand for (_term_cues).
        self._cue_terms: dict[str, frozenset[str]] = {}
        self._every_cue: frozenset[str] | None = None
        # Where and how to apply (lexicon aspects marked ``anywhere``), and the topics that
        # have an answer of their own for it (an intent whose whole answer those cues ask).
        self.applying = _cue_pattern(lexicon.applying) if lexicon.applying else None
        # Every cue of where and how to apply (``anywhere`` and an answer's ``own``) as found
        # in a follow-up's bare text, whichever aspect finds it (the loan procedure's "hồ
        # sơ", legal aid's "làm đơn"): giving.
        self._applying_cues = frozenset(
            _bare([*lexicon.applying, *(c for cs in lexicon.own_aspects.values() for c in cs)])
        )
        self._applying = frozenset(
            i.split(".")[0]
            for i, cues in lexicon.whole_aspects.items()
            if set(cues) & set(lexicon.applying)
        )
        # Per cue without diacritics, the word features of its words as written and as read
        # ("lãi" is read as "lãi suất"), filled on first use (giving).
        self.own_aspects = {
            intent: _cue_pattern(cues) for intent, cues in lexicon.own_aspects.items() if cues
        }
        self._cues = {
            strip_marks(c): c
            for table in (lexicon.aspects, lexicon.own_aspects, {"": lexicon.applying})
            for cues in table.values()
            for c in cues
        }
        self._cue_words: dict[str, frozenset[str]] = {}
        self.exclusive = [
            frozenset("w:" + strip_marks(t) for t in group) for group in lexicon.exclusive
        ]
        self._statuses = frozenset().union(*self.exclusive)
        # Per intent, its title's word features (title_statuses, swaps_status), filled on
        # first use: normalising a thousand titles at load costs a tenth of a second.
        self._titles: dict[str, frozenset[str]] = {}
        self._said: dict[str, str] = {}
        self._said_words: dict[str, frozenset[str]] = {}
        self._said_terms: dict[str, frozenset[str]] = {}
        self._quotable: dict[str, str] = {}
        # Per household status, the intent that defines it (defining), on first use.
        self._defining: dict[str, str] | None = None
        self._lines: dict[str, frozenset[str]] = {}
        # The words that name a loan: those of the cues of the aspect whose intents answer a
        # loan ("vay", "vốn", "ngân hàng", "tín dụng"), filled on first use.
        self._loans: frozenset[str] | None = None
        # Per topic, whether one of its intents answers households outside the programme
        # (giving), filled on first use.
        self._serving_outside: dict[str, bool] = {}

    @classmethod
    def from_content(cls, content_dir: Path, *, cache_dir: Path | None = None) -> Matcher:
        """Load ``content_dir/faq/*.yaml``, ``lexicon.yaml`` and ``out_of_scope.yaml``.

        Args:
            content_dir: the content folder.
            cache_dir: keep the built index there, keyed by a hash of the content and of
                the matcher's code (:mod:`faq.cache`); None builds it every time.
        """
        return cls(
            Catalog.load(content_dir),
            Lexicon.load(content_dir / "lexicon.yaml"),
            outside=load_outside(content_dir / "out_of_scope.yaml"),
            cache_dir=cache_dir,
        )

    def match(
        self,
        text: str,
        *,
        previous: str | None = None,
        household: Sequence[str] = (),
        offered: Sequence[str] = (),
    ) -> Match:
        """Match one message; never raises on odd input (empty, emoji, NFD...).

        Args:
            text: the message.
            previous: the intent last answered to the same person, if recent: a short
                follow-up ("còn hộ cận nghèo thì sao?") is read in its context.
            household: the household statuses the same person named before
                (:attr:`Match.household` of their previous message): a follow-up that names
                none is about that household ("thế còn bảo hiểm y tế?" after a near-poor
                household asked about school fees is the near-poor households' BHYT).
            offered: when the bot did not answer the previous message but asked which of
                two intents, or suggested some, the others it offered after ``previous``
                (the first): the message is read in the light of each too, and another's
                answer replaces the first's reading when the message names a subject of its
                own and, alone, ranks that answer higher.
        """
        if not has_marks(text):
            # Before anything reads it: a correction's clauses lose the comma that says it.
            text = comma_particles(text)
        text = listed_in_case(text)
        # A bank a follow-up names is the Social Policy Bank (policy_bank) — not beside a
        # service the bot does not cover ("vay ngân hàng Agribank mua xe tải"): that bank is
        # the person's own, and outside the answers.
        if (
            previous is not None
            and (banked := policy_bank(text)) != text
            and self.out_of_scope.isdisjoint(self.query(text)[1])
        ):
            text = banked
        found = self._match_after(text, previous, household, shown=not offered)
        if previous is not None and found.outcome == "suggest":
            found = self._asked_after_remark(text, previous, household, found, shown=not offered)
        if previous == INTRODUCTION:
            # What the assistant can do has no subject of its own to continue: a follow-up
            # that alone reads as a subject of the catalogue is that subject ("còn hộ cận
            # nghèo thì sao" right after it got it again, 1.00); one that alone reads even
            # partly as about the assistant ("Tôi muốn biết nó trả lời được những chuyện
            # gì.") stays with it.
            alone = self._match_after(text, None, household)
            if alone.suggestions and not any(
                s.startswith(BOT_TOPIC) for s in alone.suggestions[:3]
            ):
                found = alone
        if not offered:
            return found
        # The first offered was the bot's best reading of the message before: its reading is
        # kept unless the message names a subject of its own (not only a household: "còn hộ
        # cận nghèo thì sao" continues whichever subject was offered) and its own words rank
        # another offered intent's reading higher ("ý tôi là sửa chữa thôi" under a choice
        # between the housing procedure and the new-build support is the repair support).
        if not self.subject_words(self.query(text)[0]) - self._statuses:
            return found
        own: tuple[str, ...] | None = None
        for other in offered:
            if other == previous:
                continue
            alternative = self._match_after(text, other, household)
            if alternative.outcome != "answer":
                continue
            if own is None:
                own = self._match_after(text, None, household).suggestions
            if _rank(own, alternative.intent_id) < _rank(own, _leading(found)):
                found = alternative
        return found

    def _asked_after_remark(
        self,
        text: str,
        previous: str,
        household: Sequence[str],
        found: Match,
        *,
        shown: bool,
    ) -> Match:
        """A follow-up read whole as only suggestions whose question, read alone, is answered
        surely (``SURE_PART``) with the whole's first suggestion: that answer is given.

        Its question is its last sentence, after sentences that ask nothing, a remark or a
        bit of story ("Bốn triệu mà học hàn chừ tốn gấp đôi, ít rứa. Học xong có ai giới
        thiệu việc làm không?"); or the first of its questions, when the others, alone, read
        as nothing of their own ("Giấy đề nghị thì nộp cho ai, gửi qua bưu điện được
        không?" after the review: the post is a detail of where to hand it in). Not after a
        clarifying question: read so, a question about a second review became the complaint
        answer, confidently wrong."""
        said = [p for p in sentences(text) if not closing(p)]
        if len(said) >= 2 and asks(said[-1]) and not any(asks(p) for p in said[:-1]):
            alone = self._match_after(said[-1], previous, household, shown=shown)
        else:
            parts = questions(text)
            if len(parts) < 2 or any(
                self._match_after(p, previous, household, shown=shown).outcome != "none"
                for p in parts[1:]
            ):
                return found
            alone = self._match_after(parts[0], previous, household, shown=shown)
        if (
            alone.outcome == "answer"
            and alone.score >= SURE_PART
            and found.suggestions[:1] == (alone.intent_id,)
        ):
            return alone
        return found

    def _match_after(
        self, text: str, previous: str | None, household: Sequence[str], *, shown: bool = False
    ) -> Match:
        """:meth:`match` in the light of one ``previous`` intent (``shown``: its answer was
        shown to the person, not only offered among others)."""
        carried = tuple(s for s in household if f"w:{s}" in self._statuses)
        if len(carried) > 1 and previous is not None:
            # "Nhà tui trước là hộ nghèo, năm rồi mới thoát nghèo…" names two statuses; the
            # previous answer, about one of them (the newly-escaped households' BHYT), says
            # which is theirs: "vay vốn thì được vay răng?" is that household's loan.
            titled = tuple(s for s in carried if f"w:{s}" in self.title_statuses(previous))
            carried = titled if len(titled) == 1 else carried
        found, feats, terms = self._match_one(text, previous, household=carried, shown=shown)
        after_answer = shown and previous in self.catalog.intents
        question = unreacted(text) if after_answer else text
        facts_first = after_answer and question == text and found.outcome != "answer"
        if facts_first:
            question = _last_asked(text)
        topic = str(previous).split(".")[0]
        strays = found.outcome == "answer" and str(found.intent_id).split(".")[0] != topic
        if question != text and (found.outcome != "answer" or strays):
            # Only the question after the person's reaction to the answer they read: when the
            # whole read as no answer, or as another topic's answer while the question alone
            # stays on the answer's topic ("Vay 100% thì cũng là nợ, lo quá. Thế có khoản nào
            # được hỗ trợ không phải trả lại không?" after the labour-export loan: its "nợ"
            # got the loan extension).
            again = self._match_one(question, previous, household=carried, shown=shown)
            # After the household's facts, only a question the answer just read gives again
            # (its figure, its term): read alone, a bare question takes other answers too.
            if (
                again[0].outcome == "answer"
                and (not strays or str(again[0].intent_id).split(".")[0] == topic)
                and (not facts_first or again[0].intent_id == previous)
            ):
                found, feats, terms = again
        # Only a follow-up that names no status reads the carried household, so the
        # message's own statuses are taken from the reading it gets anyway.
        # "… cận nghèo chứ không phải nghèo" names only the status it corrects to, "nếu không
        # phải cận nghèo thì …" not the one it negates.
        own = feats if (fixed := corrected(text)) == text else self.query(fixed)[0]
        kept = self._statuses.intersection(own)
        if kept:
            kept -= self._negated_statuses(text)
        named = tuple(sorted(f[2:] for f in kept))
        found = self._finish(text, found, feats, terms)
        if not named and found.intent_id in self._defining_ids():
            # Whether the household is of a status, in words the lexicon read as asking to be
            # reviewed ("… có được xét hộ nghèo không?" from a near-poor household): that
            # status is named, not theirs (the poor households' definition became the near-poor
            # one).
            named = tuple(sorted(f[2:] for f in status_asked(self, text)))
        if not named:
            found = self._with_household(found, carried)
        return dataclasses.replace(
            found, household=named or carried, others=self._runner_ups(text, found)
        )

    @staticmethod
    def _runner_ups(text: str, found: Match) -> tuple[str, ...]:
        """The intents ranked after an answered letter's, not offered already.

        Answered letters that real people wrote (six sets gathered from public pages, typed
        with and without diacritics) were wrong 51 times in 189, and for 19 of the 26 wrong
        in-scope answers the right intent ranked second or third; short messages were never
        wrong (0 of 32). A letter's answer offers them instead of the answer's related
        questions, so that a wrong reading is one tap from the right one. So does the answer
        to a shorter message that asks two things (:func:`questions`): its runner-ups not
        offered already are mostly what the other question asks ("me toi 78
        tuoi ho ngheo co tro cap hang thang khong, voi the bhyt cua ba co mat tien khong"
        offered the allowance's related questions, not the free card it ranked second).
        """
        if found.outcome != "answer" or found.follow_up:
            return ()
        if len(text.split()) <= LETTER_WORDS and len(questions(text)) < 2:
            return ()
        taken = {found.intent_id, *found.also}
        return tuple(i for i in found.suggestions if i not in taken)[:2]

    def _with_household(self, found: Match, household: Sequence[str]) -> Match:
        """Settle a clarifying question between one subject's household variants for the
        household the person named earlier in the conversation: "vậy nhà em vay vốn ưu đãi
        được không?" from someone who said "tôi thuộc hộ nghèo" about legal aid is the poor
        households' loan, not a question back about which household. An answer about
        another household (its title names one and the ranker reads it as about another,
        :meth:`_conflict`) becomes its sibling for theirs when one of the top three is: "giờ
        muốn vay thêm thì được vay bao nhiêu" from a near-poor household after the debt
        answer, whose title names none, is their loan, not the poor households' (0.63)."""
        statuses = self.household_statuses(household)
        if not statuses:
            return found
        if found.outcome == "answer" and found.intent_id is not None:
            mine = self.title_statuses(found.intent_id)
            if not mine or mine & statuses or len(statuses) != 1:
                return found
            if not self._conflict(dict.fromkeys(statuses, 1.0), self.ids.index(found.intent_id)):
                return found
            topic = found.intent_id.split(".")[0]
            theirs = [
                i
                for i in found.suggestions[:3]
                if i.split(".")[0] == topic and self.title_statuses(i) & statuses
            ] or self._status_siblings(found.intent_id, statuses)
            return _settled(found, theirs[0]) if len(theirs) == 1 else found
        if found.outcome != "clarify":
            return found
        offered = found.suggestions
        if not all(self.title_statuses(i) for i in offered[:2]):
            return found  # not variants by household
        theirs = [i for i in offered if self.title_statuses(i) & statuses]
        return _settled(found, theirs[0]) if len(theirs) == 1 else found

    def _finish(self, text: str, found: Match, feats: dict[str, float], terms: list[str]) -> Match:
        """The whole message's reading after its first: a second question, a second status,
        a clarifying question the message settles, a scheme with its own law."""
        # A clause saying what is not asked ("tôi đâu hỏi vay, …") is no question of its own.
        found = self._with_second_question(undisowned(text), found)
        found = self._with_other_status(text, found, feats, terms)
        # Last: a clarifying question the message itself settles (it only ever becomes an
        # answer here, which the steps above would read again by another rule).
        found = self._with_alternatives(text, found)
        found = self._with_aspect(text, found)
        found = self._with_unnamed_aspect(text, found)
        found = self._with_asked_loan(terms, found)
        found = self._with_loan_figure(text, found)
        if found.outcome == "answer" and not self.schemes.isdisjoint(terms):
            # Asked about a scheme with its own law: our answer would cite the wrong source —
            # unless only a sentence of its own said to be outside the answers asks about it
            # ("… bao giờ được lãnh lương hưu? cả nhà mua bảo hiểm y tế theo hộ gia đình thì
            # người thứ hai đóng bao nhiêu": the household card answers the other question),
            # or only a question of its own inside a sentence, opening at a comma or a stop
            # ("tôi muốn rút bảo hiểm xã hội một lần thì làm hồ sơ ở đâu, sau đó muốn tìm việc
            # khác thì …"). Not half of one question joined by "và" ("… trợ cấp mai táng và
            # tiền tuất không?" after a death at work is all social insurance).
            whole = {fold(s).strip(" .!?") for s in [*sentences(text), *questions(text)]}
            apart = [fold(p).strip(" .!?") for p in found.unanswered]
            folded = rest = fold(text)
            for part in apart:
                rest = rest.replace(part, " ")
            if (
                not apart
                or not set(apart) <= whole
                or not all(_opens_clause(folded, part) for part in apart)
                or not self.schemes.isdisjoint(self.query(rest)[1])
            ):
                return dataclasses.replace(found, outcome="suggest", intent_id=None, also=())
        return found

    def _match_one(
        self,
        text: str,
        previous: str | None,
        read: tuple[dict[str, float], list[str]] | None = None,
        *,
        breadth: Breadth = WHOLE,
        household: tuple[str, ...] = (),
        part: bool = False,
        shown: bool = True,
    ) -> tuple[Match, dict[str, float], list[str]]:
        """Match a message as one question, in the light of ``previous`` if it is an intent;
        also its features and asked terms (for reading it again without a household status).
        ``read``: the message's :meth:`query`, when the caller has it already; ``breadth``: how
        widely it looks (:meth:`rank`); ``part``: a later question of one message, read in the
        light of the one before it (not a message after an answer); ``shown``: ``previous``'s
        answer was shown to the person (not only offered in a clarifying question or among
        suggestions: what a bare follow-up asks of it, the person has not read)."""
        # What the person says they are not asking ("… giếng nước sạch chứ không phải tiền
        # điện") is not read, nor that they slipped ("à không", "tui nói lộn"): a correction
        # is read for what it asks.
        said = text
        if read is None:
            text = corrected(text)
        short_follow_up = len(text.split()) <= FOLLOW_UP_WORDS and opens_like_follow_up(said)
        # "còn hộ cận nghèo?" without an earlier answer: typed bare, "còn" reads as "con" (a
        # child) and pulls towards school fees; the opening and closing words are dropped.
        # After an answer, the message is read as in a conversation (query()).
        talk = previous in self.catalog.intents
        if short_follow_up:
            feats, terms = self.query(core(text), conversation=talk)
        else:
            feats, terms = read or self.query(text, conversation=talk)
        found = self.decide(self.rank(feats, terms, breadth=breadth))
        if found.outcome == "answer" and self.generic(feats):
            # "có được hỗ trợ gì không?", "làm sao để được hỗ trợ": no subject of its own, so
            # no answer outright (it was the housing conditions, 0.78); after an answer it
            # is read as a follow-up (faq.followup).
            found = dataclasses.replace(found, outcome="suggest", intent_id=None)
        if (
            not part
            and (status := asks_if_household_is(self, text, feats))
            and status in found.suggestions[:3]
            # One question: beside another, the message's answer is left to the parts.
            and len(questions(text)) < 2
        ):
            # The household's facts, then whether that makes it of one status ("Nhà tôi 4
            # người, cả nhà làm ra khoảng 7 triệu một tháng, chỉ có đứa út là chưa có bảo hiểm y
            # tế, vậy có thuộc cận nghèo không?": the near-poor card, 0.71): that status's
            # definition, when the message reads close to it.
            found = _settled(found, status)
        if previous in self.catalog.intents and previous is not None:
            # A number and "thì sao" only ("nhà 6 ng thì sao ad"): the answer just read, for
            # that case, before any other reading (typed bare, "nguoi" and "thi" left in got
            # a household status's sibling).
            if shown and not part:
                numbered = number_case_of_answer(self, said, terms, found, previous)
                if numbered is not found:
                    return numbered, feats, terms
            alone = found
            found = resolve_follow_up(
                self,
                said,
                alone,
                previous,
                feats,
                terms,
                breadth=breadth,
                household=household,
                answered=shown and not part,
            )
            found = to_new_subject(
                self,
                said,
                alone,
                found,
                previous,
                breadth=breadth,
                household=household,
                answered=shown and not part,
            )
            # Not a case of another lender's loan ("Neu vay ngan hang Agribank mua xe tai thi
            # lai suat bao nhieu?" after the poor households' loan): that lender's rate, which
            # no answer gives (the poor households' loan was answered, 0.01). Nor what the
            # previous answer gives, asked of such a loan ("… đi du học tự túc ở Úc thì ngân
            # hàng nào cho vay, lãi bao nhiêu?" after the student loan was that loan, 0.16).
            lender = bool(_LENDER.search(strip_marks(fold(said))))
            if not (lender and "w:vay" in self.title_words(previous)):
                found = asked_of_answer(self, said, found, previous, answered=shown and not part)
            if shown and not part and not lender:
                found = case_of_answer(said, found, previous)
        return found, feats, terms

    def query(self, text: str, *, conversation: bool = False) -> tuple[dict[str, float], list[str]]:
        """Weighted features of a message (its question sentences count most) and the terms
        of its asking sentences: a service the bot does not cover counts against the message
        only when it is asked about, not when the story mentions it ("mẹ tôi không có lương
        hưu, vậy có được trợ cấp xã hội không?").

        ``conversation``: the message follows an answer. Typed without diacritics, its terms
        the lexicon wrote out ("ho can ngheo" is *hộ_cận_nghèo*, "bhyt" *bảo_hiểm_y_tế*) are
        read with their diacritics too: a follow-up's one or two such words say what it
        asks, and read bare they weighed as little against the previous answer's context as
        any plain word (held-out two-turn sets typed bare: about ten more answered right of
        some 410, one more confidently wrong).
        """
        accents = has_marks(text)
        long_and_bare = not accents and len(text.split()) > LETTER_WORDS
        feats: dict[str, float] = {}
        asked: list[str] = []
        if long_and_bare:
            text = opening_particles(text)
        read = [(s, self._sentence_terms(s.text)) for s in weigh(text)]
        # The normaliser's rule for greetings, over the whole message: a letter's opening
        # sentence "Chào thầy (cô)!" is politeness before the question in another sentence.
        named = [t for _, terms in read for t in terms]
        if not self.normalizer.greets(named, polite=polite_only(text)):
            greetings = self.normalizer.lexicon.greetings
            read = [(s, [t for t in terms if t not in greetings]) for s, terms in read]
        for sentence, terms in read:
            if sentence.asking:
                asked += terms
            # A letter typed without diacritics is read with the marks its words usually
            # have: its bare words met the phrasings' bare channel only, and a long letter
            # (many plain words) was read as less like its intent than the same letter with
            # diacritics (real letters typed bare, answered right: 47 -> 55 of 74, as many as
            # with diacritics). A short message gains nothing: its one or two restored
            # words outweigh the rest (over every labelled set, 11 more right answers and
            # 16 more confidently wrong ones).
            read_as = self.normalizer.restore(terms) if long_and_bare else terms
            # In a fixed order: sums of floats in a set's order (which changes from one
            # process to the next) could break a tie differently after a restart.
            for f in sorted(features(read_as, accents=accents or long_and_bare or conversation)):
                if feats.get(f, 0.0) < sentence.weight:
                    feats[f] = sentence.weight
        if asked and not self.subject_words(dict.fromkeys(features(asked, accents=accents), 1.0)):
            # An asking sentence with no subject of its own ("Vậy cô tôi có phải đóng
            # không?") asks about the story's: a service we do not cover named there counts.
            asked += [t for _, terms in read for t in terms if t in self.out_of_scope]
        return (self.lighten_function_words(feats) if long_and_bare else feats), asked

    def _sentence_terms(self, sentence: str) -> list[str]:
        """The terms of a sentence without what the person says they already have ("e đc miễn
        học phí r, e hỏi khoản tiền hằng tháng") — unless what is left only asks an aspect of
        it: "Con tôi được vay vốn sinh viên rồi, lãi suất bao nhiêu?" asks the student loan's
        rate (read as "lãi suất bao nhiêu" alone, a choice between two other loans)."""
        kept = besides(sentence)
        rest = already(kept)
        terms = self.normalizer.terms(rest)
        if rest != kept:
            named = self.own_subject_words(dict.fromkeys(features(terms, accents=False), 1.0))
            if named and named <= self._all_term_cues():
                return self.normalizer.terms(kept)
        return terms

    def _all_term_cues(self) -> frozenset[str]:
        """The word features of every intent's one-term aspect cues (:meth:`_term_cues`)."""
        if self._every_cue is None:
            self._every_cue = frozenset(f for i in self._aspect_cues for f in self._term_cues(i))
        return self._every_cue

    def lighten_function_words(self, feats: Mapping[str, float]) -> dict[str, float]:
        """``feats`` with the words typed bare that mostly stand for a function word ("toi",
        "may", "thi": *tôi*, *mấy*, *thì*), and their word pairs, at ``BARE_FUNCTION_WEIGHT``:
        read at full weight they outweigh the few words that say what is asked."""
        return {
            f: w * BARE_FUNCTION_WEIGHT if self._mostly_function(f) else w for f, w in feats.items()
        }

    def _mostly_function(self, feature: str) -> bool:
        """A word feature (or word pair) whose bare word mostly stands for a function word."""
        kind, _, body = feature.partition(":")
        return kind in ("w", "b") and any(
            self.normalizer.mostly_function(word) for word in body.split(" ")
        )

    def context(
        self, intent_id: str, feats: Mapping[str, float], household: Sequence[str] = ()
    ) -> dict[str, float]:
        """Features of an earlier answer's intent, to read a follow-up in its light.

        The intent's title stands for its subject and, when it names one, for the household:
        the ``household`` the person named replaces the title's. A household status the
        follow-up names replaces either ("còn hộ cận nghèo thì sao?" after a loan for poor
        households asks about the loan for near-poor households).
        """
        title = self.normalizer.terms(self.catalog.intents[intent_id].title)
        # Words only: the title's word pairs would double its weight against the message's.
        ctx = {f for f in features(title, accents=True) if f.startswith("w:")}
        if (carried := self.household_statuses(household)) and ctx & self._statuses:
            # The person's own status: "Hỗ trợ tiền điện cho hộ nghèo" was answered to a
            # near-poor household too. (Added where the title names none, it pulled "cần
            # điều kiện gì" after the labour-export support to its loan.)
            ctx = {f for f in ctx if f not in self._statuses} | carried
        named = set(feats)
        for group in self.exclusive:
            if group & named:
                words = {g[2:] for g in group}
                ctx = {f for f in ctx if not (set(f[2:].split()) & words)}
        return {f: FOLLOW_UP_CONTEXT for f in ctx}

    def candidates(self, text: str) -> list[Candidate]:
        """The closest intents to ``text``, best first (empty when nothing is readable)."""
        feats, terms = self.query(text)
        return self.rank(feats, terms)

    def rank(
        self,
        feats: Mapping[str, float],
        terms: Sequence[str],
        *,
        previous: str | None = None,
        giving: frozenset[str] = frozenset(),
        unasked: frozenset[str] = frozenset(),
        breadth: Breadth = WHOLE,
    ) -> list[Candidate]:
        """Candidates best first; ``previous``: the previous answer's id when reading a
        follow-up (its natural next questions rank higher, itself lower); ``giving``: the
        intents whose answers give what that follow-up asks (:meth:`giving`), higher still;
        ``unasked``: the intents answering an aspect that follow-up does not name
        (:meth:`unasked`), lower; ``breadth``: how widely it looks for intents."""
        if not feats or not self.ids:
            return []
        found = self.index.candidates(feats, limit=breadth.closest, rescue=breadth.rescue)
        foreign = not self.out_of_scope.isdisjoint(terms)
        nearest = self.index.outside(feats)
        level = self.scorer.rank_score(nearest) if nearest else 0.0
        # A follow-up that names no household status keeps the conversation's ("lãi suất bao
        # nhiêu?" after the poor households' loan): the status then comes from the previous
        # answer's title, and an intent about another status drifts away from it.
        drifts = previous is not None and self._statuses.isdisjoint(features(terms, accents=False))
        found = [
            dataclasses.replace(
                c,
                foreign=foreign,
                outside=level - self.scorer.rank_score(c),
                conflict=(conflict := self._conflict(feats, c.index)),
                sibling=previous is not None and self.continues(self.ids[c.index], previous),
                repeat=previous is not None
                and self.ids[c.index] == previous
                and previous not in giving,
                gives=self.ids[c.index] in giving,
                aside=self.ids[c.index] in unasked,
                drift=drifts and conflict,
            )
            for c in found
        ]
        return self.scorer.rank(found)

    def generic(self, feats: Mapping[str, float]) -> bool:
        """Whether every word of a message is common across the catalogue (``GENERIC_IDF``:
        "hỗ trợ", "tiền", "được") and none is a household status: it names no subject."""
        words = [f for f in feats if f.startswith("w:")]
        idf = self.index.idf
        return bool(words) and all(
            f not in self._statuses and idf.get(f, 99.0) <= GENERIC_IDF for f in words
        )

    def named_statuses(self, feats: Mapping[str, float]) -> frozenset[str]:
        """The household statuses a message names (their word features)."""
        return self._statuses.intersection(feats)

    def names_status(self, feats: Mapping[str, float]) -> bool:
        """Whether a message names a household status (a term of a lexicon ``exclusive``
        group)."""
        return bool(self.named_statuses(feats))

    def subject_words(self, feats: Mapping[str, float]) -> set[str]:
        """A message's word features that name a subject: rarer than ``GENERIC_IDF``."""
        idf = self.index.idf
        return {f for f in feats if f.startswith("w:") and idf.get(f, 99.0) > GENERIC_IDF}

    def own_subject(self, feats: Mapping[str, float]) -> bool:
        """Whether a reading names a subject: a word rarer than ``GENERIC_IDF`` that is no unit
        of time and, typed bare, does not mostly stand for a function word."""
        return bool(self.own_subject_words(feats))

    def own_subject_words(self, feats: Mapping[str, float]) -> set[str]:
        """The words of a reading that name a subject (:meth:`own_subject`)."""
        return {f for f in self.subject_words(feats) - _TIME_UNITS if not self._mostly_function(f)}

    @staticmethod
    def persons(words: set[str]) -> set[str]:
        """The words among ``words`` that say who a message is about (:data:`_PERSONS`)."""
        return words & _PERSONS

    def names_in_title(self, words: set[str], intent_id: str) -> bool:
        """Whether an intent's title names one of ``words`` (word features), also inside one
        of its compound terms ("học phí" in "miễn giảm học phí")."""
        title = [f"_{f[2:]}_" for f in self.title_words(intent_id)]
        return any(f"_{w[2:]}_" in term for w in words for term in title)

    def swaps_status(
        self, intent_id: str | None, previous: str, feats: Mapping[str, float]
    ) -> bool:
        """Whether a message answered alone as ``intent_id`` only names another household
        status than the ``previous`` answer's: it names a status that title does not, and
        none of ``intent_id``'s other title words ("vay" in "Vay vốn cho hộ mới thoát
        nghèo" is a subject of its own; "Hộ mới thoát nghèo là gì?" has none)."""
        if intent_id not in self.catalog.intents or previous not in self.catalog.intents:
            return False
        named = {f for f in feats if f.startswith("w:")}
        swapped = (named & self._statuses) - self.title_statuses(previous)
        if not swapped or not swapped <= self.title_statuses(intent_id):
            return False
        return not (self.title_words(intent_id) - self._statuses) & named

    def household_statuses(self, household: Sequence[str]) -> frozenset[str]:
        """The status features of carried household statuses (:attr:`Match.household`)."""
        return self._statuses.intersection(f"w:{s}" for s in household)

    def _status_siblings(self, intent_id: str, statuses: frozenset[str]) -> list[str]:
        """The intents whose titles are ``intent_id``'s for one of ``statuses`` instead of
        its own ("Vay vốn cho hộ mới thoát nghèo" for "Vay vốn cho hộ nghèo"), ranked or
        not: "vay bao nhiêu?" after the loan procedure, from a newly-escaped household, read
        the poor households' loan with the student and near-poor loans behind it."""
        subject = self.title_words(intent_id) - self._statuses
        topic = intent_id.split(".")[0]
        return [
            i
            for i in self.ids
            if i.split(".")[0] == topic
            and self.title_statuses(i) & statuses
            and self.title_words(i) - self._statuses == subject
        ]

    def defining(self, status: str) -> str | None:
        """The intent that defines a household status (word feature): the one whose title
        names that status and nothing else ("Thế nào là hộ cận nghèo?")."""
        return self._definitions().get(status)

    def _defining_ids(self) -> frozenset[str]:
        """The intents that define a household status (:meth:`defining`)."""
        return frozenset(self._definitions().values())

    def _definitions(self) -> dict[str, str]:
        """Each household status (word feature) and the intent that defines it."""
        if self._defining is None:
            self._defining = {
                next(iter(words)): i
                for i in self.catalog.intents
                if len(words := self.title_words(i)) == 1 and words <= self._statuses
            }
        return self._defining

    def title_statuses(self, intent_id: str) -> frozenset[str]:
        """The household statuses an intent's title names ("Vay vốn cho hộ nghèo"): only such
        an intent is about a status. The loan procedure is for every household, though its
        phrasings name the poor ones most."""
        return self._statuses & self.title_words(intent_id)

    def line_statuses(self, intent_id: str) -> frozenset[str]:
        """The household statuses an intent's answer has a line of its own for
        (``by_household``, "Hộ cận nghèo: …"), in any of its versions."""
        found = self._lines.get(intent_id)
        if found is None:
            intent = self.catalog.intents.get(intent_id)
            lines = (
                [line for v in intent.versions for line in v.by_household.values()]
                if intent
                else []
            )
            terms = [t for line in lines for t in self.normalizer.terms(line.split(":")[0])]
            words = {f for f in features(terms, accents=False) if f.startswith("w:")}
            found = self._lines[intent_id] = self._statuses & frozenset(words)
        return found

    def speaks_to(self, intent_id: str, feats: Mapping[str, float]) -> bool:
        """Whether an intent's answer is for the household statuses a message names: it is for
        every household (its title names none), or it has a line for each of them ("Xin giấy
        chứng nhận hộ nghèo" is for the near-poor households' certificate too)."""
        if not self.title_statuses(intent_id):
            return True
        named = self.named_statuses(feats)
        return bool(named) and named <= self.line_statuses(intent_id)

    def asks_only_household(self, previous: str, feats: Mapping[str, float]) -> bool:
        """Whether a follow-up asks only whether the ``previous`` answer is for a household:
        it names a household status, or a household outside the programme, and no subject
        but the people it is about, their age and the previous answer's own title words
        ("con mk 4 tuổi, nhà cận nghèo, có đc ko?" after children's nutrition), and, with a
        status named, the household's facts in the answer's own words. That answer
        says who it is for, and its topic has no answer of its own for that household: no
        title there names the status, and none serves households outside the programme."""
        statuses = self.named_statuses(feats)
        outside = self.names_outside_household(feats)
        if not (statuses or outside) or previous not in self.catalog.intents:
            return False
        if not self.speaks_to(previous, feats):
            return False
        topic = previous.split(".")[0]
        if statuses and any(
            self.title_statuses(i) & statuses for i in self.ids if i.split(".")[0] == topic
        ):
            return False
        if outside and self._serves_outside_households(previous):
            return False
        rest = (
            self.own_subject_words(feats)
            - self._statuses
            - _OUTSIDE_HOUSEHOLDS
            - _PERSONS
            - _MEANS_OF_LIVING
            - self.title_words(previous)
        )
        # Nor, with a status named, the household's facts in the answer's own words ("ở
        # vùng đặc biệt khó khăn" after the nutrition support, whose answer says where it is
        # given). Not for a household outside the programme: measured, two development
        # follow-ups turned wrong and a held-out set lost one both ways.
        said = self.said_words(previous) if statuses and not outside else frozenset()
        unsaid = {w for w in rest if not set(w[2:].split("_")) <= said}
        # One word the answer does not say may pass among two or more ("nhà tôi vừa thoát
        # nghèo có được chia gà không" after the livelihood models, which say "gà", not
        # "chia"): one unsaid word is mostly how the person puts it, not a new subject.
        # (After a loan, too: leaving loans out mended one development row, "… nhà cận
        # nghèo, vậy có được ưu tiên đi hông" after the labour-export loan, but cost a
        # held-out set two right answers; a held-out figure informed it.)
        return not unsaid or (bool(said) and len(unsaid) == 1 and len(rest) >= 2)

    @staticmethod
    def names_outside_household(feats: Mapping[str, float]) -> bool:
        """Whether a reading names a household outside the programme ("không nghèo")."""
        return not _OUTSIDE_HOUSEHOLDS.isdisjoint(feats)

    def said(self, intent_id: str) -> str:
        """What an intent's answer says (its versions' answers and details), folded and
        without diacritics, as follow-ups are compared with it; empty for an unknown id."""
        found = self._said.get(intent_id)
        if found is None:
            intent = self.catalog.intents.get(intent_id)
            versions = intent.versions if intent else ()
            found = " ".join(strip_marks(fold(f"{v.answer} {v.details}")) for v in versions)
            self._said[intent_id] = found
        return found

    def said_words(self, intent_id: str) -> frozenset[str]:
        """The words an intent's answer says (:meth:`said` split into words): a word before
        a comma, a stop or a bracket is said too ("con mới sinh)," says "sinh")."""
        found = self._said_words.get(intent_id)
        if found is None:
            found = self._said_words[intent_id] = frozenset(
                re.findall(r"\w+", self.said(intent_id))
            )
        return found

    def said_terms(self, intent_id: str) -> frozenset[str]:
        """The lexicon terms an intent's answer says (:meth:`said` normalised), on first use."""
        found = self._said_terms.get(intent_id)
        if found is None:
            found = self._said_terms[intent_id] = frozenset(
                self.normalizer.terms(self.said(intent_id))
            )
        return found

    def titled_with(self, words: Set[str]) -> frozenset[str]:
        """The intents whose titles name every one of ``words`` (word features)."""
        return frozenset(i for i in self.ids if all(self.names_in_title({w}, i) for w in words))

    def quotable(self, intent_id: str) -> str:
        """The words of an intent's answer a follow-up may quote to point at it
        (:func:`faq.followup.quotes`), between spaces; not a line that sends to another answer
        ("… (xem mục Vay vốn làm nhà)"): what such a line names is that other answer."""
        found = self._quotable.get(intent_id)
        if found is None:
            lines = " ".join(
                line for line in self.said(intent_id).splitlines() if "xem muc" not in line
            )
            found = self._quotable[intent_id] = " " + " ".join(re.findall(r"\w+", lines)) + " "
        return found

    def title_words(self, intent_id: str) -> frozenset[str]:
        """The word features of an intent's title (none for an unknown id)."""
        found = self._titles.get(intent_id)
        if found is None:
            intent = self.catalog.intents.get(intent_id)
            terms = self.normalizer.terms(intent.title) if intent else []
            words = {f for f in features(terms, accents=False) if f.startswith("w:")}
            found = self._titles[intent_id] = frozenset(words)
        return found

    def giving(
        self,
        previous: str,
        text: str,
        feats: Mapping[str, float] | None = None,
        *,
        shown: bool = False,
        one_more: bool = False,
    ) -> frozenset[str]:
        """The intents whose answers give what a follow-up asks (lexicon ``aspects``): the
        ``previous`` answer when it gives it ("vay bao nhiêu?", "lãi mấy phần?" after the
        poor households' loan, whose answer holds its amount and rate), else those of its
        natural next questions that give it ("vay bao nhiêu?" after the school fees is the
        student loan). Empty unless the follow-up asks only that: besides the aspect's cue
        it may name only words of the intent's title or of the previous answer's (``feats``:
        the follow-up's reading, when the caller has it). ``shown``: the previous answer was
        shown to the person; only then does where to apply (lexicon ``anywhere``) ask it
        again when its topic has no procedure of its own. ``one_more``: the person read that
        answer, so a cue of what only it gives (lexicon ``own``) may come with one word more."""
        cues = [
            (i, c) for i, c in self.aspects.items() if i == previous or self.continues(i, previous)
        ]
        if (own := self.own_aspects.get(previous)) is not None:
            cues.append((previous, own))
        if shown and self.applying is not None and previous.split(".")[0] not in self._applying:
            # Where and how to apply, right after an answer whose topic has no procedure of
            # its own: that answer, which says whom to ask, is what there is (alone, "Có cần
            # mang theo giấy tờ gì không?" after children's nutrition read as the poverty
            # certificate, 0.74; "đăng ký ở đâu" after the labour-export support as the
            # production support, 0.76).
            cues.append((previous, self.applying))
        if not cues:
            return frozenset()
        spelled = self.normalizer.spelled(text)
        if feats is None:
            feats = self.query(text)[0]
        # Typed bare, "may", "phai" are mostly "mấy", "phải": no subject of their own.
        subjects = {f for f in self.subject_words(feats) if not self._mostly_function(f)}
        if _WORKED_OUT.search(spelled):
            # "lãi suất mỗi tháng tính sao?": "tính" asks how the rate is worked out.
            subjects.discard("w:tinh")
        # Units of time say how the aspect is counted, not what it is about: "lãi suất đó
        # tính theo tháng hay năm" after a loan asks its rate (it got the housing loan, 0.64).
        subjects -= _NO_SUBJECT
        if _THIS_LOAN.search(spelled):
            subjects.discard("w:khoan")
        if not self._serves_outside_households(previous):
            # "Người không thuộc hộ nghèo thì lãi có cao hơn không?" after the labour-export
            # loan asks that loan's rate: its answer says who may borrow. Not where the topic
            # has an answer of its own for such households (BHYT: the household card).
            subjects -= _OUTSIDE_HOUSEHOLDS
        named = subjects | (self._statuses & feats.keys())
        found = set()
        for intent_id, cue in cues:
            spans = _spans(cue, spelled)
            said = frozenset().union(*(self._cue_reading(span) for span in spans))
            rest = (
                named
                - said
                - self.title_words(intent_id)
                - self.title_words(previous)
                - self._term_cues(intent_id)
            )
            # A lexicon term made of cues' words is said too: "thế chấp sổ đỏ" is one term
            # ("có phải thế chấp sổ đỏ hông" after the labour-export loan asks its collateral).
            parts = {p for f in said for p in re.split("[_ ]", f[2:])}
            rest = {w for w in rest if not set(w[2:].split("_")) <= parts}
            # Also a word inside a compound of the previous answer's title, the subject so far:
            # "trợ giúp" of "trợ giúp pháp lý". (Not of another title's: "học" of "học sinh"
            # in "vay đi học lãi suất bao nhiêu?" after a loan is a subject of its own.)
            rest = {w for w in rest if not self.names_in_title({w}, previous)}
            if self._applying_cues.intersection(spans):
                rest -= _APPLYING_WORDS
            if intent_id == previous and rest & self._statuses:
                # Another household, which the previous answer has a line for and no answer
                # of its own: "còn hộ cận nghèo thì được trả bao nhiêu?" after the benefit
                # level (its answer says what near-poor households are paid).
                others = frozenset(rest & self._statuses)
                if others <= self.line_statuses(previous) and not self._status_siblings(
                    previous, others
                ):
                    rest -= others
            # Right after its answer was read, what only that answer gives may come with one
            # more word of the person's own ("thằng cu nhà tui mới đẻ, chưa có tên trên thẻ,
            # rứa có được cấp không" after the free card: "cu"; "về nhà mới biết quyết định
            # thì thời hạn 90 ngày tính từ lúc nào?" after the complaint: "quyết"); two let
            # through more wrong answers than right ones. That word may not name a service
            # outside the answers ("còn làm lại căn cước bị mất ở đâu" after the poverty
            # certificate).
            if spans and (
                not rest
                or (
                    cue is own
                    and one_more
                    and len(rest) <= 1
                    and self._outside_words.isdisjoint(rest)
                )
            ):
                found.add(intent_id)
        return frozenset({previous} if previous in found else found)

    def _serves_outside_households(self, previous: str) -> bool:
        """Whether an intent of ``previous``'s topic is an answer for households outside the
        programme: their term weighs at least ``OUTSIDE_HOUSEHOLDS_WEIGHT`` in its centroid."""
        topic = previous.split(".")[0]
        served = self._serving_outside.get(topic)
        if served is None:
            served = any(
                (k := self.index.vectors[i].where.get(feature)) is not None
                and self.index.vectors[i].centre[k] >= OUTSIDE_HOUSEHOLDS_WEIGHT
                for i, intent_id in enumerate(self.ids[: self.index.inside])
                if intent_id.split(".")[0] == topic
                for feature in _OUTSIDE_HOUSEHOLDS
            )
            self._serving_outside[topic] = served
        return served

    def names_other_aspect(self, intent_id: str, text: str) -> bool:
        """Whether ``text`` names an aspect another intent's answer gives (lexicon ``aspects``:
        a procedure, a complaint, a loan, its term …). A cue that is one word must be one of
        its terms: typed bare, "vay" before a pronoun is the particle *vậy*, no loan."""
        spelled = self.normalizer.spelled(text)
        words = {strip_marks(t) for t in self.normalizer.terms(text)}
        # A cue that ``intent_id``'s own answer gives too is no other aspect: "vay tối đa" after
        # the labour-export loan, whose answer holds its ceiling as the other loans' do.
        own = [c for c in (self.aspects.get(intent_id), self.whole_aspects.get(intent_id)) if c]
        # Nor is a cue inside the words of that answer's own aspect: "phần trăm" in "đóng bao
        # nhiêu phần trăm" after the household BHYT, whose answer gives each member's share.
        spans = [m.span() for c in own for m in c.finditer(spelled)]
        # Nor, after an answer of the loans' topic, another topic's loan named as a loan
        # ("Trường hợp … thì còn vay diện này không?" after the newly-escaped households'
        # loan): "vay" is that answer's own subject.
        loan = intent_id.split(".")[0] == LOANS_TOPIC
        return any(
            (" " in found.group().strip() or found.group().strip() in words)
            and not any(c.fullmatch(found.group()) for c in own)
            and not any(a <= found.start() and found.end() <= b for a, b in spans)
            for table in (self.whole_aspects, self.aspects)
            for i, cue in table.items()
            if i != intent_id
            and not (loan and table is self.whole_aspects and i in self._subject_intents)
            for found in cue.finditer(spelled)
        )

    def names_aspect(self, intent_id: str | None, text: str) -> bool:
        """Whether ``text`` names an aspect that ``intent_id``'s answer gives (lexicon
        ``aspects``: "thủ tục" for the loan procedure, "lãi suất" for a loan)."""
        cue = self.aspects.get(intent_id) if intent_id else None
        return cue is not None and bool(cue.search(self.normalizer.spelled(text)))

    def unasked(self, previous: str, text: str) -> frozenset[str]:
        """The intents of another topic than the ``previous`` answer's whose whole answer is
        one aspect of a subject (lexicon ``aspects`` marked ``whole``: a procedure, the
        conditions, a loan) that a follow-up does not name: "còn vay vốn thì sao?" after the
        electricity support asks about the loan, not its procedure; "còn nước sạch thì sao?"
        asks about the clean-water support, not the clean-water loan. The previous answer's
        own aspect carries over ("còn vay vốn thì sao?" after the housing procedure)."""
        carried = self.whole_aspects.get(previous)
        topic = previous.split(".")[0]
        spelled = self.normalizer.spelled(text)
        return frozenset(
            i
            for i, cue in self.whole_aspects.items()
            if cue != carried and i.split(".")[0] != topic and not cue.search(spelled)
        )

    def _term_cues(self, intent_id: str) -> frozenset[str]:
        """The word features of ``intent_id``'s aspect cues that are one term ("lãi suất"):
        said anywhere in a follow-up that asks that aspect, they name it rather than a subject
        ("Lãi 6,24% một năm thì tính ra mỗi tháng mấy phần trăm?" after the poor households'
        loan asks its rate; "lãi" typed apart from the cue was a subject, and the student loan
        was answered, 0.73)."""
        found = self._cue_terms.get(intent_id)
        if found is None:
            read = (
                {f for f in self.query(cue)[0] if f[:2] == "w:"}
                for cue in self._aspect_cues.get(intent_id, ())
            )
            found = frozenset(f for words in read if len(words) == 1 for f in words)
            self._cue_terms[intent_id] = found
        return found

    def _cue_reading(self, bare: str) -> frozenset[str]:
        """The word features an aspect cue stands for: its words typed bare, and as read with
        diacritics ("lãi mấy phần" names "lãi suất")."""
        found = self._cue_words.get(bare)
        if found is None:
            written = self.query(self._cues.get(bare, bare))[0]
            found = frozenset(
                {f"w:{w}" for w in bare.split()} | {f for f in written if f[:2] == "w:"}
            )
            self._cue_words[bare] = found
        return found

    def continues(self, intent_id: str, previous: str) -> bool:
        """Whether ``intent_id`` is a natural next question after the ``previous`` answer:
        the same topic (id prefix: "thủ tục thế nào?" after the loan), an intent the content
        links from it (``related``: "có được vay vốn không?" after school fees is the student
        loan), or the same aspect of another topic (id suffix: "thế còn nước sạch?" after the
        electricity support is the clean-water support, not the clean-water loan)."""
        topic, _, aspect = intent_id.partition(".")
        before, _, before_aspect = previous.partition(".")
        if topic == before or aspect == before_aspect:
            return True
        intent = self.catalog.intents.get(previous)
        return intent is not None and intent_id in intent.related

    def decide(self, ranked: Sequence[Candidate]) -> Match:
        """The outcome for a ranking: answer, clarify between close siblings, suggest, none."""
        if not ranked:
            return Match("none", None, 0.0, ())
        runner_up = ranked[1] if len(ranked) > 1 else None
        confidence = self.scorer.confidence(signals(ranked[0], runner_up, ranking=self.scorer))
        ids = tuple(self.ids[c.index] for c in ranked[:3])
        outcome = self.scorer.outcome(confidence)
        if outcome == "answer" and self.scorer.rank_score(ranked[0]) < self.scorer.answer_floor:
            outcome = "suggest"
        if outcome != "none" and runner_up is not None and self._close_siblings(ranked):
            return Match("clarify", None, confidence, ids)
        if outcome == "answer":
            return Match("answer", ids[0], confidence, ids)
        return Match(outcome, None, confidence, ids)

    def _close_siblings(self, ranked: Sequence[Candidate]) -> bool:
        """The top two intents share a topic prefix and rank too close to choose."""
        first, second = (self.ids[c.index] for c in ranked[:2])
        if first.split(".")[0] != second.split(".")[0] or ranked[1].conflict:
            return False
        gap = self.scorer.rank_score(ranked[0]) - self.scorer.rank_score(ranked[1])
        return gap < self.scorer.clarify_gap

    def _with_second_question(self, text: str, found: Match) -> Match:
        """Add the intents of further questions in the message (never silently dropped).

        When the whole message is not answered but its questions, matched one by one, are
        each answered confidently ("bhyt hộ nghèo và vay vốn hộ nghèo"), the first is
        answered and the others offered; a question about a service the bot does not cover
        is said to be outside the answers (``Match.unanswered``).
        """
        # Parts of a letter only add buttons to an answer or a clarifying question (below),
        # or answer it beside a question outside the answers.
        # A long message all of whose sentences ask is its questions, not a letter's story
        # around them ("Em ở hộ nghèo muốn đi xuất khẩu lao động Hàn Quốc thì được hỗ trợ
        # những khoản gì ạ? Nếu lỡ bị công ty ma lừa lấy tiền thì báo ở đâu?", 33 words). A
        # sentence closed by a full stop tells, whatever its words: typed bare, a story
        # ("… tien thuoc men het sach.") was read as asking, and said to be outside the answers.
        letter = len(text.split()) > LETTER_WORDS and not all(
            asks(s) and not s.rstrip().endswith(".") for s in sentences(text)
        )
        # Questions the person numbered or listed are each asked in their own right, in a
        # letter too.
        numbered = listed(text)
        parts = questions(text)
        if len(parts) < 2 and not letter:
            # One question offering a choice between two subjects, whose second side asks
            # with words of its own ("… có được hỗ trợ tiền điện hay cấp thẻ bảo hiểm y tế
            # miễn phí không?"), asks about both. Not two ways of one answer, whose second
            # side asks nothing of its own ("… đóng toàn bộ không hay người dân phải đóng một
            # phần?", "phát theo kỳ hay theo tháng"), nor a choice between two households
            # ("không thuộc diện hộ nghèo hay cận nghèo, muốn mua bảo hiểm y tế … thì …").
            sides = alternatives(text)
            if sides and asks(sides[-1]) and not _STATUS_FIRST.match(strip_marks(fold(sides[-1]))):
                parts = sides
        if len(parts) < 2:
            return found
        # "hộ nghèo và hộ cận nghèo vay vốn…": a household status alone is not a question
        # (the second status is offered by _with_other_status) — unless it asks something of
        # its own: "Hộ mới thoát nghèo là thế nào? …" asks what that household is.
        reads = {p: self.query(p) for p in parts}
        parts = [
            p for p in parts if asks(p) or not self._only(reads[p][0], self._statuses)
        ] or parts
        if len(parts) < 2:
            return found
        answers: list[Match] = []
        outside: list[str] = []
        torn: list[tuple[str, ...]] = []
        unsure: list[str] = []
        # Whether each answered part names its own subject in its answer's title.
        titled: list[bool] = []
        # Questions that read like none of the answers (_reads_apart).
        apart: list[str] = []
        named: tuple[str, ...] = ()
        answered = 0
        added: set[str] = set()
        for part in parts:
            # A later question continues the subject of the one before it ("… có được trợ
            # cấp xã hội không? Hồ sơ gồm những gì?"): read it as that one's follow-up.
            earlier = answers[-1].intent_id if answers else None
            apart_remembered = False
            lone = None
            bare_part = strip_marks(fold(part))
            afterthought = bool(_AFTERTHOUGHT.match(bare_part))
            if earlier is not None and (afterthought or NUMBERED_ITEM.match(bare_part)):
                # Remembered apart ("À quên, khoản vay cũ nhà tôi sắp đến hạn mà chưa có
                # tiền trả thì làm thế nào?" after the clean-water support): read alone unless
                # alone it reads as nothing (in that light it was the clean-water loan, 0.71),
                # and offered even unsure, whatever its topic. A question the person numbered
                # ("… thì bấm vào đâu? 2) bot này trả lời được những việc gì?") is read alone
                # when alone it is answered: after the first it read as that answer again and
                # was dropped. (Taken for numbered whenever the message numbers anything, a
                # development question with "người thứ hai" lost its second question, and a
                # held-out set one more; unsure, a numbered question is read in the first
                # one's light, as before.)
                lone = self._match_one(part, None, reads[part], part=True)
                if lone[0].outcome == "answer" or (afterthought and lone[0].outcome != "none"):
                    earlier, apart_remembered = None, True
            # Read as widely as the whole message: a part is a question of its own, and its
            # rare word may be all that says what it asks ("con nhỏ còi cọc được hỗ trợ chi
            # không" is the children's nutrition only through "còi cọc").
            # It is about the household an earlier part named, unless it names its own ("Hộ
            # cận nghèo có được cấp giống gà không? Nếu không thì vay vốn được bao nhiêu?" is
            # the near-poor households' loan, not the poor households').
            m, feats, terms = (
                lone
                if apart_remembered and lone is not None
                else self._match_one(
                    part, earlier, reads[part], household=named if earlier else (), part=True
                )
            )
            if own := self._statuses.intersection(feats):
                named = tuple(sorted(f[2:] for f in own))
            elif earlier:
                m = self._with_household(m, named)
            # A part naming several household statuses is about the one it names first
            # ("tiêu chí để công nhận là hộ nghèo, hộ cận nghèo, hộ mới thoát nghèo là gì?"
            # is the poverty standard), as the whole message would be.
            m = self._with_other_status(part, m, feats, terms)
            answered += m.outcome == "answer"
            m = self._sibling_asked(part, m, earlier)
            if m.outcome == "answer" and all(a.intent_id != m.intent_id for a in answers):
                answers.append(m)
                titled.append(self.names_in_title(self.own_subject_words(feats), str(m.intent_id)))
            elif m.outcome == "clarify" and m.score >= self.scorer.answer_at:
                torn.append(m.suggestions[:2])
            elif (
                m.outcome in ("none", "suggest")
                and (asks(part) or asks_for(part))
                and not self.out_of_scope.isdisjoint(terms)
            ):
                # A question about a service the bot does not cover ("… tiêm phòng dịch cho
                # heo ở đâu rẻ?"): said so under the answer, not silently dropped — also when
                # it reads as mere suggestions, whose faint first reading is what the
                # service's words brush against ("tiem phong cho con 9 thang tuoi o tram y te
                # co mat tien khong?" beside the fund for the poor was dropped). Only when it
                # names that service: a part without a subject of its own that reads as
                # nothing is mostly the first question's detail ("mất bao lâu?").
                outside.append(part.strip())
            elif (
                m.outcome in ("suggest", "clarify")
                and asks(part)
                and (not letter or numbered or apart_remembered)
            ):
                unsure.append(str(m.suggestions[0]))
                if apart_remembered or self.names_in_title(
                    self._rare_subject(feats), str(m.suggestions[0])
                ):
                    added.add(str(m.suggestions[0]))
            elif m.outcome in ("suggest", "clarify") and answers and asks_more(part) and not letter:
                # A fragment after an answered question that adds a subject ("Rồi học nghề
                # nữa." after the job-creation loan; typed bare it reads unsure): the person
                # asks it too, so its first reading is offered, whatever its topic.
                unsure.append(str(m.suggestions[0]))
                added.add(str(m.suggestions[0]))
            # A question remembered apart whose reading is offered (another than the answer)
            # is not said to be outside the answers too.
            offered = (
                apart_remembered
                and bool(m.suggestions)
                and m.suggestions[0] in added
                and m.suggestions[0] != found.intent_id
            )
            if (
                part.strip() not in outside
                and not offered
                and self._reads_apart(part, m, feats, terms, letter)
            ):
                apart.append(part.strip())
        # Only a message that is its questions: a letter read whole has its story's context,
        # which its questions read alone lack ("… có được miễn tiền học nghề và hỗ trợ tiền
        # ăn không?" after a story about a cooking course is vocational training).
        whole = found.outcome in ("suggest", "clarify") and (not letter or numbered)
        # Read whole as nothing sure because one question names a service the bot does not
        # cover ("… vay thì dc bn, lãi sao? mua xe máy trả góp ở cửa hàng thì lãi ntn?"): the
        # others, each answered surely and naming its own subject in its answer's title, are
        # answered, and that one said to be outside — in a letter too. Not a detail read out
        # of its story ("Vậy em nộp hồ sơ ở đâu để nhận hỗ trợ?" after Covid support). Read
        # whole as an unsure choice between two answers is nothing sure either: "… bao hiem
        # tra bao nhieu phan tram? va … tien thai san khong, … khong dong bhxh" (0.23).
        beside_outside = (
            (
                found.outcome in ("none", "suggest")
                or (found.outcome == "clarify" and found.score < self.scorer.answer_at)
            )
            and bool(outside)
            and all(t or a.score >= SURE_UNTITLED for t, a in zip(titled, answers, strict=True))
            and all(a.score >= BESIDE_OUTSIDE_AT for a in answers)
        )
        if answers and answered + len(outside) == len(parts) and (whole or beside_outside):
            first, *rest = answers
            return dataclasses.replace(
                first, also=tuple(str(a.intent_id) for a in rest[:2]), unanswered=tuple(outside)
            )
        if found.outcome not in ("answer", "clarify"):
            return found
        if found.intent_id in {a.intent_id for a in answers} or (
            not letter
            and any(set(pair) & {found.intent_id, *found.suggestions[:2]} for pair in torn)
        ):
            # The message's answer is one of its questions read alone (or, but in a letter,
            # one of the two a question alone is torn between: "… mở quán tạp hóa … vay được
            # tối đa bao nhiêu? Mở quán như vậy có phải đăng ký hộ kinh doanh không?"; a
            # letter's question read apart from its story was said to be outside the answers
            # that answer it), and another reads like
            # none of the answers: "… vay cỡ nhiêu, lãi răng? Tụi tui mấy nhà tính lập hợp tác
            # xã trồng nấm, thủ tục thành lập mần ở mô?" says the cooperative is outside the
            # answers rather than dropping it — also when its faint first reading is that
            # answer ("Còn vườn nhà tôi muốn đăng ký mã số vùng trồng … thì làm ở đâu?"
            # beside the seedlings). Not when the answer comes from a letter's story,
            # whose questions read weakly alone ("Tôi xin hỏi con gái tôi có được xác nhận là
            # người khuyết tật không?").
            outside += apart
        if outside:
            found = dataclasses.replace(found, unanswered=tuple(outside))
        taken = (
            {found.intent_id, *found.suggestions[:2]}
            if found.outcome == "clarify"
            else {found.intent_id}
        )
        also = [str(a.intent_id) for a in answers if a.intent_id not in taken]
        if (
            torn
            and found.outcome == "answer"
            and found.intent_id in {a.intent_id for a in answers}
            and sum(asks(s) for s in sentences(text)) > 1
        ):
            # A part torn between the message's answer, which another part asks, and one
            # other intent asks that other ("Hộ cận nghèo ở nhà tạm có được hỗ trợ làm nhà
            # không? Đăng ký thì nộp giấy ở đâu?": the conditions, then the procedure).
            also += [
                other
                for pair in torn
                if found.intent_id in pair
                for other in pair
                if other not in taken and other not in also
            ]
        if found.outcome == "answer" and found.intent_id in {a.intent_id for a in answers}:
            # Another part torn between two intents, neither of them the answer: that part's
            # question is offered (its first reading), not dropped ("… có thuộc diện đc hỗ trợ
            # làm nhà ko, đăng ký xong bao lâu thì có tiền" answered the procedure only).
            also += [pair[0] for pair in torn if not taken & set(pair) and pair[0] not in also]
        if found.outcome == "answer" and unsure:
            # A question asking something more of the answer's subject that reads as nothing
            # sure alone: its first reading is offered when it is of the answer's topic ("…
            # lãi suất thế nào, làm giấy tờ ở đâu?" after the clean-water loan: the loans'
            # procedure). Another topic's first reading is mostly the detail read out of
            # its context ("làm ở đâu" alone is the loans' procedure) — unless the person
            # numbered or listed the questions, each asked in its own right (in a letter too).
            topic = str(found.intent_id).partition(".")[0]
            also += [
                u
                for u in unsure
                if (numbered or u.partition(".")[0] == topic or u in added)
                and u not in taken
                and u not in also
            ]
        return dataclasses.replace(found, also=tuple(also[:2])) if also else found

    def _rare_subject(self, feats: Mapping[str, float]) -> set[str]:
        """The words of a reading's own subject as rare as a topic's own (``SUBJECT_IDF``:
        "internet", "học phí", not "đăng ký", "thủ tục", "vay", which several titles share),
        household statuses and "what is it for" left out (_ASKS_PURPOSE)."""
        return {
            w
            for w in self.own_subject_words(feats) - self._statuses - _ASKS_PURPOSE
            if self.index.idf.get(w, 99.0) >= SUBJECT_IDF
        }

    def _reads_apart(
        self,
        part: str,
        m: Match,
        feats: Mapping[str, float],
        terms: Sequence[str],
        letter: bool,
    ) -> bool:
        """Whether a question of a message (read as ``m``) reads like none of the answers:
        not answered, at least ``APART_WORDS`` words naming two subject words of its own, its
        best intent ranking below ``APART_TOP``, and not going on from the question before it
        ("Nếu có thì …"). In a letter, only a sentence with a question mark: a letter's other
        sentences that ask are mostly its story ("tôi muốn …")."""
        if m.outcome == "answer" or not asks(part) or len(part.split()) < APART_WORDS:
            return False
        if letter and not part.rstrip().endswith("?"):
            return False
        if _CONTINUES.match(strip_marks(fold(part))) or len(self.own_subject_words(feats)) < 2:
            return False
        ranked = self.rank(feats, terms)
        return not ranked or self.scorer.rank_score(ranked[0]) < APART_TOP

    def _sibling_asked(self, part: str, m: Match, earlier: str | None) -> Match:
        """A later question read as the earlier one's follow-up whose best reading is another
        intent of the same topic, offered although not sure enough to answer: "Hộ nghèo được
        nhà nước cho thẻ bảo hiểm y tế đúng không, mà lỡ đánh mất rồi thì xin cấp lại ở đâu?"
        asks about the card after the poor households' BHYT (0.58; it was dropped).

        It only becomes a button, so ``SIBLING_OFFER_AT`` is below ``answer_at``; only a
        part that asks and only the same topic: any topic added some thirty buttons to
        messages asking one thing (among them the data deletion under legal aid), the same
        topic twelve, each a sibling of the answer."""
        if (
            earlier is None
            or m.outcome not in ("suggest", "clarify")
            or m.score < SIBLING_OFFER_AT
            or not m.suggestions
            or m.suggestions[0] == earlier
            or m.suggestions[0].split(".")[0] != earlier.split(".")[0]
            or not asks(part)
        ):
            return m
        return dataclasses.replace(m, outcome="answer", intent_id=m.suggestions[0])

    def _with_alternatives(self, text: str, found: Match) -> Match:
        """Settle a clarifying question when the message offers the two intents as a choice.

        "… các con có được miễn học phí hay hỗ trợ chi phí học tập không?" ranks school fees
        and study costs too close to choose; read apart, its two sides are exactly those two
        intents. Both are asked: the side named first is answered and the other offered.
        (Offering the other side of every answered choice was measured: most choices are one
        question, "nhà nước đóng hết hay gia đình phải đóng?", and 11 of 12 buttons it added
        to the labelled sets were noise.)
        """
        if found.outcome != "clarify" or found.score < self.scorer.answer_at:
            return found
        halves = alternatives(text)
        if not halves:
            return found
        sides = [self._match_one(half, None, breadth=RECHECK)[0] for half in halves]
        named = [str(m.intent_id) for m in sides if m.outcome == "answer"]
        if len(named) != 2 or set(named) != set(found.suggestions[:2]):
            return found
        one, other = named
        return _settled(found, one, offered=(other,))

    def _with_aspect(self, text: str, found: Match) -> Match:
        """Settle a clarifying question for the one of its two intents whose aspect the
        asking sentences name (lexicon ``aspects``): "Thủ tục xem xét hỗ trợ sửa chữa nhà
        được quy định như thế nào?" is the procedure, not the repair support.

        Only a clarifying question: overriding a confident answer the same way was measured
        and cost more than it gained ("hồ sơ xin gia hạn nợ" is the extension, not the loan
        procedure).
        """
        if found.outcome != "clarify" or found.score < self.scorer.answer_at:
            return found
        asked = " ".join(strip_marks(fold(s.text)) for s in weigh(text) if s.asking)
        named = [
            i for i in found.suggestions[:2] if (cue := self.aspects.get(i)) and cue.search(asked)
        ]
        return _settled(found, named[0]) if len(named) == 1 else found

    def _with_unnamed_aspect(self, text: str, found: Match) -> Match:
        """An answer whose intent answers one aspect only (lexicon ``aspects`` marked
        ``whole``), which the asking sentences do not name, where they name the whole aspect
        of the runner-up instead: "đi khám bệnh thì bảo hiểm trả bao nhiêu" names no
        out-of-route cue and the benefit level's "trả bao nhiêu"; it got out-of-route care
        (0.95). Only an answer that is one aspect: a subject's own answer ("hồ sơ xin gia hạn
        nợ" is the extension, not the loan procedure) stays."""
        answered = found.intent_id
        if found.outcome != "answer" or answered is None or found.also:
            return found
        own = self.whole_aspects.get(answered)
        if own is None or len(found.suggestions) < 2:
            return found
        runner = found.suggestions[1]
        cue = self.whole_aspects.get(runner)
        if cue is None or runner.split(".")[0] != answered.split(".")[0]:
            return found
        # Not a loan, whose whole aspect is a kind of scheme named in passing ("… tổ vay vốn …"
        # after the loan procedure is still the procedure).
        if LOAN in self.title_words(runner) | self.title_words(answered):
            return found
        asked = " ".join(strip_marks(fold(s.text)) for s in weigh(text) if s.asking)
        if own.search(asked) or not cue.search(asked):
            return found
        return _settled(found, runner)

    def _with_asked_loan(self, terms: Sequence[str], found: Match) -> Match:
        """A loan asked for, where the story tells what for: "… muốn làm bể lọc và nhà vệ
        sinh nhưng không đủ tiền. Có được vay vốn để làm không?" is the clean-water loan, not
        the clean-water support its story's many words pull it to (0.97). Only when what is
        asked names nothing but the loan, and the loan is the answer's own (same topic or
        linked) and ranks among its first three."""
        if found.outcome != "answer" or found.intent_id is None or found.also:
            return found
        answered = found.intent_id
        if LOAN in self.title_words(answered):
            return found
        asked = self.subject_words(dict.fromkeys(features(terms, accents=False), 1.0))
        if LOAN not in asked or asked - self.loan_words() - self._statuses:
            return found
        loans = [
            i
            for i in found.suggestions[:3]
            if LOAN in self.title_words(i) and self.continues(i, answered)
        ]
        return _settled(found, loans[0]) if len(loans) == 1 else found

    def _with_loan_figure(self, text: str, found: Match) -> Match:
        """A loan's figure asked (how much, what rate, how long: the aspects its answer gives)
        of a support that lends nothing: "làm bồn chứa nước thì vay được bao nhiêu, lãi bao
        nhiêu?" is the clean-water loan, not the clean-water support its subject's words
        pull it to (0.81, with the loan offered as a second question). Only when the loan is
        the answer's own (same topic or linked) among its first three, and every question of
        the message asks that figure or names no subject but the loan's."""
        if found.outcome != "answer" or found.intent_id is None:
            return found
        answered = found.intent_id
        if (
            LOAN in self.title_words(answered)
            or answered.split(".")[0] == LOANS_TOPIC
            or self.names_aspect(answered, text)
            or not _LOAN_FIGURE.search(self.normalizer.spelled(text))
        ):
            return found
        loans = [
            i
            for i in found.suggestions[:3]
            if LOAN in self.title_words(i)
            and self.continues(i, answered)
            and self.names_aspect(i, text)
        ]
        if len(loans) != 1:
            return found
        parts = questions(text)
        for part in (p for p in parts if asks(p)):
            own = self.own_subject_words(self.query(part)[0]) - self.loan_words()
            if own and not _LOAN_FIGURE.search(self.normalizer.spelled(part)):
                return found  # a question of its own beside the loan's figure
        settled = _settled(found, loans[0])
        also = tuple(a for a in found.also if a != loans[0])
        if len(parts) > 1 and answered not in also:
            # The answer it replaces stays offered when the message asks several things ("…
            # đc hỗ trợ con giống hay đc vay vốn ko, vay đc nhiu": the seedlings were dropped).
            also = (answered, *also)
        return dataclasses.replace(settled, also=also[:2])

    def asks_loan_figure(
        self, previous: str, text: str, feats: Mapping[str, float], alone: Match
    ) -> bool:
        """Whether a follow-up asks a figure of the ``previous`` answer's loan in the loan's own
        words ("vay được tối đa bao nhiêu", "lãi mấy phần"), naming no other household status,
        and ``alone`` (its reading without the conversation) is that loan, no loan, or unsure
        of a loan whose title it does not name: "Tui có cái tiệm sửa xe, tính nhận thêm hai
        đứa thợ thì vay được tối đa nhiêu?" after the job-creation loan asks that loan's
        ceiling, whatever its story says the money is for; "thế vay cho con đi học đh thì lãi
        bn" is the student loan, answered alone."""
        if LOAN not in self.title_words(previous):
            return False
        spelled = self.normalizer.spelled(text)
        if not _LOAN_FIGURE.search(spelled) or _LENDER.search(spelled):
            return False
        if self.named_statuses(feats) - self.title_statuses(previous):
            return False
        first = alone.intent_id or (alone.suggestions[0] if alone.suggestions else None)
        if first is None or first == previous or LOAN not in self.title_words(first):
            return True
        own = self.own_subject_words(feats) - self.loan_words() - self._statuses
        if alone.outcome == "answer":
            # Another loan answered alone: only in words the previous answer says ("dc vay
            # bn % chi phí ạ" after the labour-export loan, which lends "100% chi phí";
            # alone, the housing loan, 0.78).
            said = self.said_words(previous)
            return not self.names_in_title(own, first) and all(
                spoken(w, said) for w in own - self._all_term_cues()
            )
        return not self.names_in_title(own, first)

    def without_allowance(self, previous: str, text: str) -> str | None:
        """A follow-up that tells that someone in the household receives a social allowance
        and asks nothing besides whether the ``previous`` answer holds for them, without that
        fact (typed bare); None for any other. "Còn hộ có người đang hưởng trợ cấp xã hội hằng
        tháng thì sao?" after the electricity support asks whether such a household has it
        (its answer says so), not about the allowance (answered, 1.00). Not after an answer
        of the allowance's own topic."""
        if previous.split(".")[0] == ALLOWANCE_TOPIC or previous not in self.catalog.intents:
            return None
        spelled = self.normalizer.spelled(text)
        if not _RECEIVES.search(spelled):
            return None
        rest = _RECEIVES.sub(" ", spelled)
        own = (
            self.own_subject_words(self.query(rest)[0])
            - self._statuses
            - _OUTSIDE_HOUSEHOLDS
            - _NO_SUBJECT
            - _KIN
            - _APART
            - self.title_words(previous)
        )
        # Words the answer says are what it is asked about ("ổng đi khám thì được nhiêu"
        # after the BHYT benefit level, whose answer speaks of "khám chữa bệnh").
        said = self.said_words(previous)
        return None if any(not spoken(w, said) for w in own) else rest

    def loan_words(self) -> frozenset[str]:
        """The word features of the loan aspect's cues (lexicon ``aspects``, ``whole``): the
        cues most intents whose title names "vay" answer as their one aspect ("vay", "vốn",
        "ngân hàng", "tín dụng"; the loan procedure's are its own)."""
        if self._loans is None:
            shared = Counter(
                cues for i, cues in self._whole_cues.items() if LOAN in self.title_words(i)
            ).most_common(1)
            terms = [
                t for cue in (shared[0][0] if shared else ()) for t in self.normalizer.terms(cue)
            ]
            self._loans = frozenset(f for f in features(terms, accents=False) if f.startswith("w:"))
        return self._loans

    @staticmethod
    def _only(feats: Mapping[str, float], words: frozenset[str]) -> bool:
        """Whether every word feature of a reading is one of ``words`` ("w:…" forms)."""
        named = {f for f in feats if f.startswith("w:")}
        return bool(named) and named <= words

    def _with_other_status(
        self, text: str, found: Match, feats: Mapping[str, float], terms: Sequence[str]
    ) -> Match:
        """Offer the same question about a second household status the message names.

        "… được xác nhận là hộ nghèo và hộ cận nghèo?" asks about both: the message read
        without one status gives the intent of the other. The status named first is answered
        and the other offered as a button: people name the one they mean first ("tiêu chuẩn
        hộ nghèo, hộ cận nghèo?" asks for the poverty standard, which the near-poor one
        follows).
        """
        if found.outcome != "answer" or found.intent_id is None or len(found.also) >= 2:
            return found
        if found.follow_up and not self.title_statuses(found.intent_id):
            # A follow-up answered for every household (its title names none): the statuses
            # its story names are the person's case ("Nhà tôi không phải hộ nghèo, cũng
            # không phải cận nghèo … mức sống trung bình. Vậy con tôi có được vay không?"
            # after the student loan), not a question for each of them.
            return found
        if found.follow_up and asks_if_household_is(self, text, feats):
            # Nor whether the household is of one status, after a story naming another
            # ("nhà tui ra khỏi danh sách cận nghèo cuối năm 2022, chừ còn tính mới thoát
            # nghèo không" is the newly-escaped households').
            return found
        order = [strip_marks(t) for t in terms]
        negated: frozenset[str] | None = None
        for group in self.exclusive:
            present = group & feats.keys()
            if len(present) < 2:
                continue
            if negated is None:
                negated = self._negated_statuses(text)
            named = sorted(present - negated)
            if len(named) < 2:
                continue
            ranked = sorted(
                named, key=lambda t: order.index(t[2:]) if t[2:] in order else len(order)
            )
            given = self._each_status_given(found, ranked)
            if given:
                # "hộ nghèo vs hộ cận nghèo vay vốn … thì mỗi hộ được vay bao nhiêu": the
                # message's second question is already each status's variant of the
                # subject; read again for the poor household alone (the near-poor words
                # taken out but for their compound), it was the loan procedure, which
                # took the answer. The status named first is answered.
                found = _each_answered(found, given)
                continue
            # The message read for each status alone: without the words of the others.
            readings: dict[str, Match] = {}
            for status in named:
                others = {t[2:] for t in named if t != status}
                alone = {
                    f: w for f, w in feats.items() if not others & set(strip_marks(f[2:]).split())
                }
                readings[status] = self.decide(self.rank(alone, terms, breadth=RECHECK))
            answers = {s: r for s, r in readings.items() if r.outcome == "answer"}
            if found.intent_id not in {r.intent_id for r in answers.values()}:
                tops = self._one_subject_read(list(readings.values()))
                if tops:
                    # "Hộ nghèo và hộ cận nghèo thì mỗi hộ được vay bao nhiêu?": read whole,
                    # the two statuses pulled it to what a near-poor household is; read for
                    # each, it is each one's loan. The status named first is answered.
                    each = dict(zip(readings, tops, strict=True))
                    found = _each_answered(found, [each[t] for t in ranked])
                # Else the message is about something else than the statuses' intents.
                continue
            # Named in what is asked: a status only the story names orders nothing.
            asked = {t: order.index(t[2:]) for t in named if t[2:] in order}
            first = min(asked, key=asked.__getitem__) if asked else None
            if first in answers and answers[first].intent_id != found.intent_id:
                kept = [a for a in found.also if a != answers[first].intent_id]
                found = dataclasses.replace(answers[first], also=(str(found.intent_id), *kept))
            also = list(found.also)
            for status in named:
                other = answers.get(status)
                if other is not None and other.intent_id not in {found.intent_id, *also}:
                    also.append(str(other.intent_id))
            found = dataclasses.replace(found, also=tuple(also[:2]))
        return found

    def _each_status_given(self, found: Match, statuses: Sequence[str]) -> list[str]:
        """The intents ``found`` gives (its answer and the other questions answered with it),
        one for each of ``statuses`` in their order, when they are the variants of one
        subject by household (:meth:`_one_subject`); else nothing."""
        given = [found.intent_id, *found.also] if found.intent_id else []
        each = [[i for i in given if status in self.title_statuses(i)] for status in statuses]
        if not all(len(mine) == 1 for mine in each):
            return []
        ids = [mine[0] for mine in each]
        return ids if self._one_subject(ids) else []

    def _one_subject_read(self, readings: Sequence[Match]) -> list[str]:
        """For each reading, its intent of one subject shared by all (:meth:`_one_subject`):
        the first suggestion of each, else one of each's first two. Read for the poor
        household alone, "hộ nghèo … thì mỗi hộ được vay bao nhiêu" ranked the clean-water
        loan a hair above the poor households' loan, and the question was answered with what
        a near-poor household is."""
        firsts = [list(r.suggestions[:2]) or [""] for r in readings]
        choices = sorted(
            itertools.product(*firsts),
            key=lambda ids: sum(f.index(i) for f, i in zip(firsts, ids, strict=True)),
        )
        return next((list(ids) for ids in choices if self._one_subject(ids)), [])

    def _one_subject(self, ids: Sequence[str]) -> bool:
        """Whether ``ids`` are distinct variants of one subject by household: titles alike but
        for the status ("Vay vốn cho hộ nghèo", "Vay vốn cho hộ cận nghèo")."""
        subjects = {self.title_words(i) - self._statuses for i in ids}
        return (
            len(set(ids)) == len(ids)
            and len(subjects) == 1
            and all(i in self.catalog.intents and self.title_statuses(i) for i in ids)
        )

    def _negated_statuses(self, text: str) -> frozenset[str]:
        """The household statuses a message says the household is not: "nếu ko phải cận
        nghèo thì mức sống tb là thu nhập bn" asks about the average-living households."""
        bare = strip_marks(fold(text))
        if "phai" not in bare and "fai" not in bare:
            return frozenset()  # most messages: no "phải" at all, nothing to spell out
        found: set[str] = set()
        for m in _NOT_STATUS.finditer(self.normalizer.spelled(text)):
            terms = self.normalizer.terms(m.group(1))
            found |= self._statuses.intersection(features(terms, accents=False))
        return frozenset(found)

    def _conflict(self, feats: Mapping[str, float], index: int) -> bool:
        """The query names one term of an exclusive group; the intent is about another: its
        title names a term of the group, and another term weighs far more in its centroid
        than the named one. (Weights alone made the loan procedure "about" poor households:
        "cần giấy tờ gì khi đi vay?" after the near-poor loan got the student loan.)"""
        vectors = self.index.vectors[index]
        titled = self.title_statuses(self.ids[index])
        for group in self.exclusive:
            named = group & feats.keys()
            if len(named) != 1 or not group & titled:
                continue
            (term,) = named
            own = vectors.weight(term)
            other = max((vectors.weight(t) for t in group - named), default=0.0)
            if other > CONFLICT_RATIO * own:
                return True
        return False


# Where a question of its own may open: the start, or a stop or a comma and at most two
# words ("…, còn …", "…, vs …", "…, sau đó …"); not a "và" inside a clause.
_CLAUSE_OPENING = re.compile(r"(?:^|[,;.?!:])\s*(?:\S+\s+){0,2}$")


def _opens_clause(text: str, part: str) -> bool:
    """Whether ``part`` of ``text`` (both folded) opens a clause of its own."""
    at = text.find(part)
    return at >= 0 and bool(_CLAUSE_OPENING.search(text[:at]))


def _last_asked(text: str) -> str:
    """The last sentence of a follow-up when it alone asks, after sentences telling the
    household's facts ("Con tôi ký hợp đồng ba năm làm ở nhà máy bên đó. Thời hạn vay tối
    đa là bao lâu …?" after the labour-export loan: read whole, a choice between two other
    loans); else the text."""
    parts = sentences(text)
    if len(parts) < 2 or not asks(parts[-1]) or any(asks(p) for p in parts[:-1]):
        return text
    return parts[-1]


def _settled(found: Match, intent_id: str, *, offered: tuple[str, ...] = ()) -> Match:
    """A clarifying question settled for ``intent_id``: answered, first of the suggestions,
    with ``offered`` as further questions (else the ones it carried)."""
    rest = tuple(s for s in found.suggestions if s != intent_id and s not in offered)
    return dataclasses.replace(
        found,
        outcome="answer",
        intent_id=intent_id,
        suggestions=(intent_id, *offered, *rest),
        also=offered or found.also,
    )


def _each_answered(found: Match, ids: Sequence[str]) -> Match:
    """``found`` answering the first of ``ids`` (one subject's variants by household, in
    the order the message names the households) and offering the others first."""
    return dataclasses.replace(
        found,
        intent_id=ids[0],
        suggestions=tuple(dict.fromkeys((*ids, *found.suggestions))),
        also=tuple(ids[1:3]),
    )


def _leading(found: Match) -> str | None:
    """The intent a match leads with: its answer, else its first suggestion."""
    if found.outcome == "answer":
        return found.intent_id
    return found.suggestions[0] if found.suggestions else None


def _rank(ranked: Sequence[str], intent_id: str | None) -> int:
    """Where ``intent_id`` stands in ``ranked`` (after all of them when it is absent)."""
    return ranked.index(intent_id) if intent_id in ranked else len(ranked)


def keeps_context(intent_id: str | None) -> bool:
    """Whether answering ``intent_id`` leaves the conversation's subject as it was
    (:data:`GREETING`)."""
    return intent_id == GREETING


def follow_conversation(matcher: Matcher, text: str, earlier: Sequence[str]) -> Match:
    """Match ``text`` after the same person's ``earlier`` messages (oldest first).

    The earlier messages are matched in turn, as the bot would have; the last intent answered
    (or the first offered when the bot asked which one or suggested some), with the household
    statuses named so far, is the context of the next.
    """
    previous: str | None = None
    household: tuple[str, ...] = ()
    offered: tuple[str, ...] = ()
    for message in earlier:
        m = matcher.match(message, previous=previous, household=household, offered=offered)
        # As the bot keeps them: with the answered intent, or the first one offered.
        if m.outcome == "answer" and keeps_context(m.intent_id):
            continue
        if m.outcome == "answer":
            previous, household, offered = m.intent_id, m.household, ()
        elif m.outcome in ("clarify", "suggest") and m.suggestions:
            previous, household = m.suggestions[0], m.household
            offered = m.suggestions[1:OFFERED_CONTEXTS]
    return matcher.match(text, previous=previous, household=household, offered=offered)
