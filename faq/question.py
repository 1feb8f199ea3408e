"""Where the question is in a citizen's message.

Real questions often come as letters: a few sentences of personal story ("Gia đình tôi thuộc
diện hộ nghèo, con tôi học lớp 5…"), then the question ("Vậy cho tôi hỏi … có được … không?"),
then thanks. The story names many things the question is not about; matched as one bag of
words it pulls the message towards the wrong intent. This module weighs each sentence:

* a sentence that asks (a question mark, or a question cue such as *cho tôi hỏi*, *có được …
  không*, *như thế nào*, *bao nhiêu*) keeps full weight;
* a story sentence keeps :data:`CONTEXT_WEIGHT` (measured: full weight) — it tells the
  subject when the question itself is only "vậy tôi có được không?";
* closing politeness ("Xin chân thành cảm ơn", "Mong nhận được tư vấn") weighs nothing.

It also cuts a message into the separate questions it asks (:func:`questions`), so that the
second of two questions is never silently dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from faq.lexicon import fold, strip_marks

# Weight of a story sentence next to a question sentence. Measured on real letters
# (shared real-dev.tsv, ranked first): 1.0 -> 0.789, 0.85 -> 0.789 with more confident errors,
# 0.4 -> 0.719. The story usually names the subject ("tôi đăng ký BHYT ở quê…", "con tôi bị
# bại não…") and the question only "vậy có được không?", so it keeps full weight; what helps
# is leaving out the closing thanks and not pairing words across sentences.
CONTEXT_WEIGHT = 1.0
# Messages up to this many words are one question, whatever their punctuation.
SHORT_WORDS = 14

# A full stop between digits is part of a number ("30.000 tỷ", "1.500.000 đồng", "sau 1.6"):
# cut there, a letter's amount became sentences of its own and its question lost the number.
# An item marker opens a sentence too ("1) … không 2) học xong …", "a) … b) …"): a list of
# questions is often typed on one line without a question mark.
_SPLIT = re.compile(
    r"(?<=[!?;\n])\s*|(?<=\.)(?!\d)\s*|\s*\n\s*"
    r"|\s+(?=(?:\d|[a-eA-E])[)/]\s)"
)
_QUESTION_CUES = re.compile(
    r"\b(cho (toi |em |minh |chau )?hoi|xin hoi|muon hoi|hoi (la|rang)|xin tu van"
    r"|khong\s*$|khong a|ko\s*$|k\s*$|hok\s*$|chua\s*$|the nao|ra sao|lam sao|bao nhieu"
    # "lm" is *làm* typed short: "lm sao xem lịch đối thoại ở xã".
    r"|lm (?:sao|the nao|ntn|gi|j)"
    # "ở đâu", not "ở đầu xóm" (at the end of the hamlet) typed the same way bare.
    r"|o dau(?! (?:xom|ngo|lang|thon|ban|hem|duong|cau|dinh|nam|thang)\b)|qua dau\s*$"
    # Southern "chừng nào" is "khi nào" (when): "tiền đền bù chừng nào mới chi vậy".
    r"|khi nao|chung nao|bao gio|bao lau|nhung gi|gi khong|la gi|can gi|gom gi|gom nhung"
    # "những thông tin gì", "những giấy tờ gì của tôi": which ones, wherever it stands; not
    # "nhưng không có gì" (but nothing) typed bare.
    r"|nhung (?:(?!(?:khong|ko|k|chang|co|chua|duoc|dc)\b)\S+ ){1,3}gi"
    r"|ntn|bn|co duoc|duoc khong|dc khong|duoc ko|dc ko|phai khong"
    # Who, where, what, which as a short message's question words ("tks ad, nghi bị lừa thì
    # báo ai", "chuyển khoản vô đâu cho đúng", "bị suy dd thì đi đâu đc tư vấn"): without
    # them its thanks were all it said.
    r"|(?:bao|hoi|gap|lien he|tim) ai|ai\s*$|(?:vo|vao|nop|gui|den|toi|chuyen|di|len|ra|xuong) dau"
    # "học xong ai giới thiệu việc làm cho": who does what for the person.
    r"|(?:co ai|ai) (?:gioi thieu|giup|lo|xet|ky|xac nhan|chiu trach nhiem)"
    # "vậy ai thì được xét": who qualifies.
    r"|\bai (?:thi |moi )?(?:duoc|dc)\b"
    r"|lam gi|gi\s*$|nao\s*$|sao\s*$"
    # A choice inside a clause ("làm giấy tờ vay ở thôn hay phải lên xã"): "hay phải", "hay
    # là" ask which. Not opening one ("… có đủ điều kiện không, hay phải có đất riêng mới
    # được"): that goes on with the question before it.
    r"|(?<=\w) hay (?:phai|la)\b"
    # "răng mới được xét", "sao để được vay" (how does one get …) wherever it stands: "Nhà
    # tui dột nát quá, răng mới được xét hỗ trợ làm nhà, mà xây mới thì …" asks twice.
    r"|(?:sao|rang) (?:moi|de) (?:duoc|dc)"
    # The same typed short or in dialect ("mà đến hạn chưa trả dc thì làm j", "rứa được hỗ
    # trợ chi?", "có được hông"): "j" is gì; Central "chi", "răng", "mô" are gì, sao, đâu.
    r"|lam j|lam s\s*$|j\s*$|(?:ho tro|duoc|lam|de|can|co) chi\s*$|(?:thi|lam|la) rang\s*$|o mo\s*$"
    r"|hong\s*$|hem\s*$"
    # A final "hả" after what it asks to confirm ("thẻ cấp cứu ở bv nào cũng được hả"); not
    # after thanks ("cảm ơn ha"), where it is only friendly.
    r"|(?:duoc|dc|khong|ko|phai|roi|that|luon|het|nua|vay) ha\s*$"
    # A final "mấy năm", "lãi nhiu": how many, how much ("thanks nha, vay đó thì dc trả trong
    # mấy năm, lãi nhiu" got the reply to thanks, 0.95); not "cảm ơn nhiều", nor "nằm viện
    # mấy tháng nay" in a story.
    r"|may (?:chuc )?(?:nam|thang|ngay|lan|phan|tuoi|nguoi|trieu)\s*$"
    r"|(?:lai|vay|dong|tra|duoc|dc|chung) nhi?e?u(?: tien| trieu)?\s*$"
    # How long until something is due: "vay đó mấy năm mới phải trả".
    r"|(?:may|bao nhieu) (?:nam|thang) (?:moi |thi )?(?:phai )?(?:tra|dong|nop)\b)\b"
)
# Southern "nhiêu" (bao nhiêu) and the short "nhiu" ask how much wherever they stand ("hộ
# nghèo được hỗ trợ cất nhà mới nhiêu tiền, thiếu thì …"); typed bare, "nhieu" may be
# "nhiều" (many) and is left to the cues above.
_HOW_MUCH = re.compile(
    r"(?<!\bbao )\bnhiêu\b|\bnhiu\b"
    # "có mấy dự án con ạ" (how many) near its end; "có mấy nhà …" in a story is "a few".
    r"|\b(?:có|được|đc|gồm|là) mấy(?: [^\s?.!]+){0,4}[\s?.!]*$"
)
_CLOSING = re.compile(
    r"^(xin |toi xin |chan thanh |em xin )?(chan thanh )?cam on|^mong (nhan|duoc|som|cac)"
    r"|^rat mong|^kinh mong duoc|^xin tran trong|^tran trong|^nho tu van|^mong nhan duoc"
    # What announces a list of questions ("Cho tôi hỏi 2 chuyện: 1.", "Tui có hai điều muốn
    # hỏi."): it asks nothing itself (read as a question, "hỏi chuyện" was the assistant's
    # introduction, and the first question was read as its follow-up).
    r"|^(?:\S+ ){0,3}?(?:hoi|co) (?:\d+|hai|ba|bon|may|vai) (?:chuyen|viec|cau hoi|cau|van de|dieu|y)"
    r"(?: (?:nhu )?sau)?(?: (?:muon |can |xin )?(?:hoi|nho)(?: \S+){0,2})?\s*:?\s*(?:\d[.)/]?)?$"
)
# A wish is a request too ("Tôi muốn làm lại căn cước công dân vì bị mất."): what it names is
# asked about, though the sentence has no question cue.
_WISH = re.compile(r"\b(toi|em|minh|chau|tui|tao|con) (dang |rat |cung )?(muon|can|dinh|xin)\b")
# A request is a question of its own beside another ("… xóa giúp tôi. Sau đó muốn nhận tin
# lại thì làm sao?"): what it asks for is not dropped.
_REQUEST = re.compile(
    r"\b(?:giup|dum) (?:toi|em|minh|chau|tui|con)\s*$"
    # Also after the words that add it to a question before ("Với lại cho tôi xin số điện
    # thoại cán bộ xã", "À quên, cho tôi xin …").
    r"|^(?:(?:voi lai|vs lai|voi|vs|va|con|ma|a quen|quen|a|them nua),? )?(?:xin |de nghi |nho )?"
    r"(?:xoa|huy|cho (?:toi|em|minh|tui) xin)\b"
)
# After a question, a sentence saying what the person wants or asks to be shown is a
# further question ("Con tôi học lớp 8 có được miễn học phí không. Còn đứa lớn sắp vào đại
# học thì tôi muốn biết cách vay tiền đi học."); before it, it is the story. Narrower than
# _WISH: "tôi xin …" mostly closes a letter ("tôi xin chân thành cảm ơn").
_ASKS_FOR = re.compile(
    r"\b(?:toi|em|e|mk|minh|chau|tui|con) (?:dang |rat |cung |con |chi )?(?:muon|can|tinh)\b"
    r"|\bnho (?:\S+ ){0,3}?(?:huong dan|chi|gioi thieu)\b"
    r"|\b(?:chi|huong dan) (?:giup |dum |cho )?(?:toi|em|e|mk|minh|chau|tui|con)\b"
)
# After a question, a short sentence that opens with "rồi", "còn", "với lại", "thêm" asks
# more: "… có được miễn học phí không? Rồi thẻ bảo hiểm cho cháu." (the card was dropped);
# also after "thế", "vậy", "rứa" ("… được bao nhiêu một tháng? thế còn học phí"). Closed by
# "nữa" (too) it may name its subject at more length: "… có phải đóng học phí không? rồi
# tiền hỗ trợ chi phí học tập hằng tháng nữa" (the school fees were dropped).
_ALSO = re.compile(
    r"^(?:(?:the|vay|rua)(?: thi)? )?(?:roi|con|voi lai|them nua|them)\s+"
    r"(?:(?:\S+\s*){1,8}|(?:\S+\s+){1,11}nua\W*)$"
    # Without an opening word, a few words closed by "nữa": "… thì lm thủ tục ở đâu ạ. mức
    # vay vs lãi nữa". Not "không … nữa" (no longer), "hết … nữa".
    r"|^(?!.*\b(?:khong|ko|k|chang|cha|het|dung|thoi)\b)(?:\S+\s+){1,7}nua\W*$"
)

# Joins that separate two questions inside one sentence ("bhyt hộ nghèo và vay vốn hộ nghèo";
# "vs" is *với* typed short: "thẻ bhyt mất r làm lại ntn vs khám ở bv tỉnh có dc hưởng ko").
# Not "thêm" as "more" ("vay thêm vốn", "hỗ trợ thêm tiền ăn"): only "thêm nữa" (moreover)
# joins. "với lại" (and also) joins whole: cut at its "với", the second question said to be
# outside the answers was quoted from "lại …" (not "với lãi suất …", at a rate of).
# Nor "với" after a word it completes ("đối với", "ký với", "ở với", "liên hệ với", "kiến
# nghị với xã"): there it is "with", "to". "cùng với được …", "hay được …" (together with
# getting, or getting) join a second thing to get: "… được cấp thẻ BHYT miễn phí cùng với
# được trợ giúp pháp lý …", "… được miễn học phí hay được vay vốn …" (the second was dropped);
# "cùng (với)" before what is asked of the second too ("cách đóng góp cho Quỹ … cùng với lịch
# các buổi đối thoại"), not "đi khám cùng với chồng".
_JOIN = re.compile(
    r"\s*(?:,|;)?\s+(?:va|vs|con|hay la|ngoai ra|them nua|lan"
    r"|voi lai(?! (?:suat|thap|cao|uu|\d)))\s+"
    r"|\s+cung(?: voi)?\s+(?=(?:muc|khoan|tien|thu tuc|dieu kien|ho so|che do|lich)\b)"
    r"|\s+(?:cung voi|hay)\s+(?=(?:duoc|dc)\b)"
    # "… miễn học phí cho con học cấp 3 cũng như được vay vốn …" (as well as); not "cũng như
    # năm ngoái" (the same as).
    r"|\s*,?\s+cung nhu\s+(?!(?:moi|nam|thang|truoc|hoi|luc|khi|vay|the|tren)\b)"
    r"|(?<!\bdoi)(?<!\bki)(?<!\bky)(?<!\bo)(?<!\bsong)(?<!\bthoai)(?<!\bchuyen)(?<!\bchung)"
    r"(?<!\bhe)(?<!\btiep)(?<!\bnghi)(?<!\bnoi)(?<!\bcung)(?<!\bhop)(?<!\bbao)(?<!\bcong)\s*(?:,|;)?\s+voi\s+"
)
# Joins read only as typed with their marks: bare, "lan" may be "lần" (times) and "cung" is
# mostly "cũng" (also). "… tiền học tiếng lẫn vay vốn …"; "mức hỗ trợ sửa nhà cùng mức hỗ
# trợ dựng nhà mới" (only before what is asked of each: "cùng chi trả" is co-payment).
_MARKED_JOINS = {"lan": "lẫn", "cung": "cùng", "con": "còn", "a": "ạ"}
# Typed bare, "lan" counts times after a number or "mỗi", "mấy", "những", and before "này",
# "sau", "đầu", "trước", "nào", "thứ", "nữa"; elsewhere it is *lẫn* and joins as typed with
# its marks: "ho tro hoc tieng lan vay von" (the loan was dropped).
_TIMES_BEFORE = re.compile(
    r"\b(?:\d+|mot|hai|ba|bon|nam|sau|bay|tam|chin|muoi|may|moi|nhieu|vai|nhung|cac|nhat)\s*$"
)
_TIMES_AFTER = re.compile(r"(?:nay|sau|dau|truoc|nao|thu|nua|toi|cuoi|luot|do|kia|ni)\b")
# "cả … lẫn …" is "both … and …" inside one question ("mồ côi cả cha lẫn mẹ").
_BOTH = re.compile(r"\bca(?:\s+\S+){1,3}\s*,?\s*$")
# In a long sentence, a comma and "còn", "và", "mà", "sau đó" (then), "với lại", "ngoài ra"
# (besides) after a clause that asks start another question ("… thì làm hồ sơ ở đâu, sau đó
# muốn tìm việc khác thì có phiên giao dịch việc làm nào gần không", "… đăng ký muộn có bị
# phạt không, và nhà tôi hộ nghèo thì cháu có được thẻ bảo hiểm y tế không", "… có phải
# lừa đảo không, mà dạo này trang cứ gửi thông báo hoài, tắt bằng cách nào?"); so do ", với
# …" (and: "… mua bn tiền 1 năm ạ, vs nhà e mới thoát nghèo thì đc vay …") and "với lại"
# without a comma ("… tháng này là ngày nào với lại hộ nghèo nhà xuống cấp …"), and "tiện
# hỏi luôn" (while at it, I ask too). Both halves must ask. Not "tiện thể", "thêm nữa" or
# "cho hỏi thêm" alone: measured, a held-out set dropped one more.
_ASKED_THEN_ANOTHER = re.compile(
    r"\s*[,;]\s+(?:con|va|(?:(?:roi|r) )?sau do|voi lai|vs lai|ngoai ra|ma|voi|vs)\s+"
    r"|\s+(?:voi lai|vs lai)\s+"
    r"|\s*[,;]?\s+(?:(?:a|ma) )?tien (?:day |the )?(?:cho \S+ )?hoi (?:luon|them)(?: nha| nhe)?\s+"
    # A polite final "ạ" or a closing "ad" (admin) mid-sentence ends a question typed without
    # a stop: "… có được hỗ trợ tiền ăn hằng tháng không ạ chồng tôi sắp đi Nhật thì vay
    # được bao nhiêu" (the loan was dropped). "ạ" only as typed with its mark: bare, "a" is as
    # often "à".
    r"|\s+(?:a|ad)\s+"
)
# Commas and "rồi" (then) between clauses that each ask ("hộ cận nghèo có được vay vốn không,
# bhyt được hỗ trợ bao nhiêu"; "… làm hồ sơ thế nào rồi đến hạn chưa trả được thì sao"): two
# questions typed as one sentence. A clause that asks nothing, or has fewer than three words,
# is the context of the question after it: "nhà tôi nghèo, có được vay không?" is one.
# After a comma "rồi" is often typed "r": "… thì lm sao, r liên hệ cán bộ nữa".
_CLAUSE = re.compile(r"\s*,\s*(?:(?:roi|r)\s+)?|\s+roi\s+")
_THEN = re.compile(r"\br(?:oi)?\b")
ASKED_APART_WORDS = 3


@dataclass(frozen=True)
class Sentence:
    """One sentence of a message, how much it counts, and whether it is what is asked (a
    story sentence names things the question is not about)."""

    text: str
    weight: float
    asking: bool = True


def _bare(text: str) -> str:
    return strip_marks(fold(text)).strip(" .!?;,:-")


# A list typed on one line with dashes ("cho mk hỏi: - … - …"): each dash opens an item, once
# the list has begun with a dash after a colon or at the start ("lao động - thương binh" is one
# name).
_DASH_LIST = re.compile(r"(?:^|:)\s*[-–]\s")
_DASH_ITEM = re.compile(r"\s+[-–]\s+")


# Questions numbered: "1. … 2. …", "1) … 2) …", "a) … b) …", "câu 1 … câu 2", "thứ nhất …
# thứ hai", "một là … hai là".
_NUMBERED = re.compile(r"(?:^|\s)(?:2|b)[.)/]\s|\bcau (?:2|hai)\b|\bthu hai\b|\bhai la\b")
# A question the person numbered ("2) …", "2/ …", "b. …", "Câu 2: …", "Thứ hai, …"), on its
# bare form: asked in its own right. Not "e. …", "e: …" (em, the person).
NUMBERED_ITEM = re.compile(
    r"\W*(?:\d[.):/]|[a-d][.)])\s|\W*(?:cau (?:\d|hai|ba)|thu (?:hai|ba)|hai la|ba la)\b"
)
# Any item of such a list, the first too ("Câu một", "Thứ nhất", "Một là").
_ITEM = re.compile(rf"{NUMBERED_ITEM.pattern}|\W*(?:cau mot|thu nhat|mot la)\b")


# A list typed fast, without question marks: "1. vay làm bể nước lãi bao nhiêu 2. chuẩn
# nghèo có mấy chiều thiếu hụt", "1 bot này dùng sao ad 2 gửi câu hỏi … bấm đâu", "* tìm việc
# ở đâu * con học bán trú có tiền ăn không". It opens with 1 or a star; each next number in
# order (2, 3 …), or each star, opens an item ("1 … lớp 2 …" with no 3 is cut once, at the 2).
# After a greeting or an opening that ends with "ơi" or a colon ("ad ơi 1. …", "cho em hỏi 2
# việc: 1 …") too.
_FIRST_NUMBER = re.compile(r"^(?:[^.?!\n]{0,60}?(?:ơi|oi|:)\s*)?\W*1\s*([.):/]?)\s")
_NEXT_NUMBER = re.compile(r"\s(?=([2-9])\s*([.):/]?)\s)")
_STARRED = re.compile(r"^\s*[*•+]\s")
_STAR_ITEM = re.compile(r"\s+(?=[*•+]\s)")
# An item of such a list after the first, without its dot ("2 gửi câu hỏi … bấm đâu").
_NEXT_ITEM = re.compile(r"^\W*[2-9]\s")
# An item's number left alone by the cut after its dot ("1." of "1. vay …").
_LONE_NUMBER = re.compile(r"^\W*\d\s*[.):/]?$")


def _list_items(text: str) -> list[str]:
    """The items of a list typed on one line that opens with 1 or a star (else the text)."""
    if _STARRED.match(text):
        return _STAR_ITEM.split(text)
    first = _FIRST_NUMBER.match(text)
    if first is None:
        return [text]
    cuts, expected = [0], 2
    for found in _NEXT_NUMBER.finditer(text):
        # Numbered as the first is ("1." then "2."); a bare number ("1 … 2 …", which also
        # counts things: "1 con … 2 con") only after an item that asks.
        if (
            int(found.group(1)) == expected
            and found.group(2) == first.group(1)
            and (first.group(1) or asks(text[cuts[-1] : found.start()]))
        ):
            cuts.append(found.start())
            expected += 1
    return [text[a:b] for a, b in zip(cuts, [*cuts[1:], len(text)], strict=True)]


def listed(text: str) -> bool:
    """Whether a message numbers or lists its questions (or lists them with dashes, as
    :func:`sentences` cuts them): each is asked in its own right."""
    return bool(
        _DASH_LIST.search(text)
        or _NUMBERED.search(strip_marks(fold(text)))
        or len(_list_items(text.strip())) > 1
    )


def sentences(text: str) -> list[str]:
    """The sentences of ``text`` (split after ``.``, ``!``, ``?``, ``;``, at line breaks, at
    the dashes of a list typed on one line and before the items of a list typed without
    question marks)."""
    parts = []
    for item in _list_items(text.strip()):
        cut = _SPLIT.split(item)
        if len(cut) > 1 and _LONE_NUMBER.match(cut[0]) and not asks(cut[1]):
            # "2." and an item that does not ask in words are one sentence, so the item is
            # known as one.
            cut = [f"{cut[0]} {cut[1]}", *cut[2:]]
        parts += cut
    if _DASH_LIST.search(text):
        parts = [item for part in parts if part for item in _DASH_ITEM.split(part)]
    return [s.strip() for s in parts if s and s.strip(" .!?;,:-–\n")]


# Particles typed after a question ("… mấy năm mới phải trả z", "… được không vậy ạ"), and
# "ad" (admin: the person who answers, as people address a page), Central "rứa" ("… có trợ
# cấp không rứa."): the cues that close a question are looked for before them too.
_TRAILING = re.compile(
    r"(?:\s+(?:a|ha|nhi|nhe|nha|vay|v|z|zay|dzay|day|hen|nghen|nhen|ne|ta|ak|ad|admin|rua|he))+$"
)


def asks_more(sentence: str) -> bool:
    """A short sentence that opens with "rồi", "còn", "với lại", "thêm" ("Rồi học nghề nữa."):
    after a question it asks about what it names, without a question word."""
    return bool(_ALSO.search(_bare(sentence)))


# After a question, a comma and what the person heard, fears or why they ask; or what the
# answer is for ("… có mưa bão ko để e còn gặt lúa").
_HEARD = re.compile(
    r"\s*,\s*(?:(?:ma|vi|tai|do|boi) )?(?:nghe noi|nghe don|nghe bao|so|tai vi|vi|boi vi)\b"
    r"|\s*,?\s+de (?:toi|em|e|mk|minh|tui|con|chau|nha toi|nha em) (?:con|biet|lo|tinh|chuan bi)\b"
)


def asks(sentence: str) -> bool:
    """Whether a sentence reads as a question."""
    if sentence.rstrip().endswith("?"):
        return True
    bare = _bare(sentence)
    if _HOW_MUCH.search(fold(sentence)):
        return True
    # Or a question, then a comma and what the person heard or fears ("… có mất phí làm hồ sơ
    # hông, nghe nói phải đưa tổ trưởng năm trăm"), or what the answer is for ("… có mưa bão
    # ko để e còn gặt lúa"): the cues that close a question close the clause before it.
    return _cued(bare) or (
        (said := _HEARD.search(bare)) is not None and _cued(bare[: said.start()])
    )


def _cued(bare: str) -> bool:
    """Whether a bare text has a question cue, also once its trailing particles are gone."""
    return bool(_QUESTION_CUES.search(bare) or _QUESTION_CUES.search(_TRAILING.sub("", bare)))


def asks_for(sentence: str) -> bool:
    """Whether a sentence asks for something without a question word: what the person
    wants or needs, or asks to be shown ("Còn tôi cần mua bảo hiểm xe máy, nhờ chỉ giúp chỗ
    mua"), or asks to have done ("xóa giúp tôi")."""
    bare = _bare(sentence)
    return bool(_ASKS_FOR.search(bare) or _REQUEST.search(bare))


def closing(sentence: str) -> bool:
    """Thanks and requests for an answer at the end of a letter."""
    return bool(_CLOSING.search(_bare(sentence)))


def weigh(text: str) -> list[Sentence]:
    """The sentences of a message with their weights (one sentence of weight 1 when short)."""
    parts = sentences(text)
    if len(parts) <= 1 or len(text.split()) <= SHORT_WORDS:
        return [Sentence(text, 1.0)]
    kept = [p for p in parts if not closing(p)] or parts
    if not any(asks(p) for p in kept):
        return [Sentence(p, 1.0) for p in kept]
    return [
        Sentence(p, 1.0 if asks(p) else CONTEXT_WEIGHT, asks(p) or bool(_WISH.search(_bare(p))))
        for p in kept
    ]


# "Ngoài học phí (thì) … còn …": what follows "ngoài" (besides), up to "thì", a comma or
# "còn", is what the person already has, not what is asked ("ngoài ra" is "moreover").
_BESIDES = re.compile(r"^ngoai (?!ra\b)(?:\S+ ){0,7}?\S+?(?: thi|,| con)\s+")
# Inside a sentence only before "ra còn": "ở ngoài thị xã" is a place.
_BESIDES_INSIDE = re.compile(r"\bngoai (?!ra\b)(?:\S+ ){0,5}?\S+ ra,? (?=con\b)")


def besides(sentence: str) -> str:
    """``sentence`` without a leading "ngoài …" clause ("Ngoài học phí còn được hỗ trợ gì?"
    asks about the other support), or without one inside it that closes on "ra còn" ("Còn hộ
    mới thoát nghèo thì ngoài vay vốn ra còn được ưu tiên những gì?"), or as it is."""
    return _besides_split(sentence)[0]


def besides_what(sentence: str) -> str:
    """The "ngoài …" clause :func:`besides` leaves out ("ngoài vay vốn ra"), or ""."""
    return _besides_split(sentence)[1]


def _besides_split(sentence: str) -> tuple[str, str]:
    """``sentence`` without its "ngoài …" clause, and that clause (or "")."""
    if not strip_marks(fold(sentence[:12])).lstrip().startswith("ngoai"):
        if "ngo" not in sentence.lower():
            return sentence, ""  # most sentences: no need to fold the whole of it (NFD too)
        source, bare = aligned(sentence)
        inside = _BESIDES_INSIDE.search(bare)
        if inside is None:
            return sentence, ""
        start, end = inside.span()
        return source[:start] + source[end:], source[start:end]
    source, bare = aligned(sentence)
    m = _BESIDES.match(bare)
    if not m:
        return sentence, ""
    rest = source[m.end() :]
    return (rest, source[: m.end()]) if len(rest.split()) >= 2 else (sentence, "")


# "(con tôi) (đã) được miễn học phí rồi, …": a leading clause saying what the person already
# has, up to its comma; not a household status ("… được công nhận cận nghèo rồi") nor a time
# ("thoát nghèo được hai năm rồi"), which are the context of the question.
_ALREADY = re.compile(r"^(?:\S+ ){0,4}?(?:da )?(?:duoc|dc) (?:\S+ ){0,6}?(?:roi|r)\s*,\s+")
_NOT_HAD = re.compile(r"\b(?:ngheo|nam|thang|tuan|ngay|tuoi|bua|lau)\b")


def already(sentence: str) -> str:
    """``sentence`` without a leading clause saying what the person already has ("e đc miễn
    học phí r, e hỏi khoản tiền hằng tháng" asks about the monthly support), or as it is."""
    if "," not in sentence and "，" not in sentence:
        return sentence  # most sentences: no clause to leave out, no need to fold them
    source, bare = aligned(sentence)
    m = _ALREADY.match(bare)
    if not m or _NOT_HAD.search(bare[: m.end()]):
        return sentence
    rest = source[m.end() :]
    return rest if len(rest.split()) >= 3 else sentence


# "… hay …", "… hoặc …" (or), but not "… hay không?" (yes or no).
# Not "hay không" (or not), nor "hay gì (cả, hết)", "hay sao" (or anything, or what): "… không
# thuộc hộ nghèo cận nghèo hay gì cả, vì …" offers no choice.
_OR = re.compile(r"\s*,?\s+(?:hoac|hay la|hay(?! (?:khong|ko|k|chua|gi|j|sao)\b))\s+")


def alternatives(text: str) -> list[str]:
    """The two halves of an asking sentence that offers a choice ("có được miễn học phí hay
    được hỗ trợ chi phí học tập không?"), or nothing. Most such choices are one question
    ("nhà nước đóng hết hay gia đình phải đóng?"): the matcher uses the halves only to settle
    between two close intents it would otherwise ask about."""
    asking = [p for p in sentences(text) if asks(p) and not closing(p)] or [text]
    if len(asking) != 1:
        return []
    pieces = _pieces(asking[0], _OR)
    if len(pieces) != 2:
        return []
    halves = [p.strip(" .!?") for p in pieces]
    return halves if all(len(h.split()) >= 2 for h in halves) else []


def aligned(text: str) -> tuple[str, str]:
    """``text`` folded, and its bare form: patterns are matched on the bare form and cut the
    first at the same offsets (diacritics kept where folding keeps the length, else bare)."""
    folded = fold(text)
    bare = strip_marks(folded)
    return (folded if len(folded) == len(bare) else bare), bare


def _pieces(sentence: str, joins: re.Pattern[str], *, fewest: int = 1) -> list[str]:
    """``sentence`` folded and cut where ``joins`` matches its bare form, leaving at least
    ``fewest`` words on each side of a cut: "… thì khiếu nại với ai?" asks who to complain
    to, and "với ai" is not a join before a second question "ai"."""
    source, bare = aligned(sentence)
    out, start = [], 0
    for m in joins.finditer(bare):
        before, after = bare[start : m.start()], bare[m.end() :]
        if len(before.split()) < fewest or len(after.split()) < fewest:
            continue
        marked = _MARKED_JOINS.get(m.group().strip(" ,;"))
        if marked is not None and (
            _BOTH.search(before)
            or not (
                marked in source[m.start() : m.end()]
                or (source == bare and _bare_join(marked, before, after, m.group()))
            )
        ):
            continue
        out.append(source[start : m.start()])
        start = m.end()
    out.append(source[start:])
    return out


def _bare_join(marked: str, before: str, after: str, join: str = "") -> bool:
    """Whether a join typed bare between ``before`` and ``after`` is "lẫn" (and also): "lan"
    that counts no times (:data:`_TIMES_BEFORE`, :data:`_TIMES_AFTER`); or "còn" (and as
    for): "con" after a comma, or that is no child or animal ("cho con học", "con giống",
    "con tôi"). ``join``: the join as matched, its comma with it."""
    if marked == "còn":
        # Only the last two words before it matter (the pattern ends there): a long
        # message's whole text before each "con" need not be searched.
        last = " ".join(before.split()[-2:])
        return "," in join or (not _CHILD_BEFORE.search(last) and not _CHILD_AFTER.match(after))
    return marked == "lẫn" and not _TIMES_BEFORE.search(before) and not _TIMES_AFTER.match(after)


# Typed bare, "con" is a child or an animal after "cho", "nuôi", "mấy", "có", a number …
# ("miễn học phí cho con học cấp 3") and before who it is or what kind ("con giống", "con
# tôi", "con gái", "con bò"); elsewhere between two questions it is *còn*. Typed with its
# marks, only "còn" joins.
_CHILD_BEFORE = re.compile(r"\b(?:cho|nuoi|may|co|cac|nhung|hai|ba|\d+|dua|thang|ho tro)\s*$")
_CHILD_AFTER = re.compile(
    r"(?:giong|hoc|toi|tui|em|e|minh|mk|gai|trai|cai|bo|heo|lon|ga|de|vit|nho|chau|dau|re"
    r"|nuoi|ut|be|so|thu|trau|cua)\b"
)


# Where what is said of a subject starts: "… bị mất r thì xin lại ở đâu"; "đều" (both, all)
# says it of every side ("thẻ bhyt và học phí lớp 9 … đều được miễn hết phải không").
_PREDICATE = re.compile(r"\s(?:thi|bi|deu)\s")
# The joins that put two things under one predicate ("A với B …"); not "còn", which is as
# often "con" (a child) typed: "Đăng ký khai sinh cho con quá hạn có bị phạt không?".
_AND = re.compile(r"\s*,?\s+(?:va|vs|voi|lan|cung)\s")


def _shared_predicate(sentence: str, pieces: list[str]) -> list[str]:
    """Two things asked with one predicate ("thẻ bhyt vs giấy chứng nhận bị mất r thì xin lại
    ở đâu"): the first side, which asks nothing, takes the second side's predicate (read
    alone, "thẻ bhyt" was the free card)."""
    if len(pieces) != 2 or asks(pieces[0]) or not asks(pieces[1]):
        return pieces
    if not _AND.match(aligned(sentence)[1], len(pieces[0])):
        return pieces
    said = _PREDICATE.search(strip_marks(fold(pieces[1])))
    if said is None or _PREDICATE.search(strip_marks(fold(pieces[0]))):
        return pieces  # the first side says its own ("… thì đăng ký vs ai, lỡ …")
    return [pieces[0].rstrip(" ,") + pieces[1][said.start() :], pieces[1]]


def questions(text: str) -> list[str]:
    """The separate questions of a message, for spotting a second one.

    Several asking sentences are several questions; a short message whose halves are joined
    by *và*, *với*, *còn* is cut there, and so is one whose clauses between commas or "rồi"
    each ask (:func:`_asked_apart`). The halves are only candidates: the matcher keeps
    one when it is confidently about another intent than the whole message.
    """
    return list(_questions_of(text))


# One match asks for a message's questions several times (whether it asks two things, its
# parts, whether to offer its runner-ups): they are cut once. A few hundred texts are the
# last few dozen messages' (so the benchmark's repeats of a query, a thousand apart, cut
# it again).
@lru_cache(maxsize=256)
def _questions_of(text: str) -> tuple[str, ...]:
    return tuple(_cut_questions(text))


def _cut_questions(text: str) -> list[str]:
    said = [p for p in sentences(text) if not closing(p)]
    # In a list, an item asks in its own right ("… hai là hộ nào thì được xét hỗ trợ nhà ở").
    items = listed(text)
    asking = [
        p for p in said if asks(p) or (items and (_ITEM.match(_bare(p)) or _NEXT_ITEM.match(p)))
    ]
    first = said.index(asking[0]) if asking else len(said)
    requests = (
        [
            p
            for n, p in enumerate(said)
            if p in asking
            or _REQUEST.search(_bare(p))
            or (n > first and (_ASKS_FOR.search(_bare(p)) or _ALSO.search(_bare(p))))
        ]
        if asking
        else []
    )
    if len(requests) >= 2:
        return requests
    # "Ngoài học phí còn …" is one question about the rest, not two joined by "còn"; nor is
    # "được miễn học phí rồi, còn …" (what the person already has).
    single = already(besides(asking[0] if asking else text))
    if len(single.split()) > 2 * SHORT_WORDS:
        # A long sentence is cut only after a clause that asks, at a comma and "còn": "ông
        # nội đi khám … thì bhyt có trả ko, còn bố mk muốn vay tiền làm lại nhà thì đc vay
        # mấy năm" (the loan was dropped). After the first, a need or a request asks too.
        halves = _pieces(single, _ASKED_THEN_ANOTHER, fewest=2)
        if len(halves) > 1 and all(asks(h) or (n and asks_for(h)) for n, h in enumerate(halves)):
            return [h.strip() for h in halves]
        # Else where two questions run together as in a short one ("… có phải nộp thuế đất
        # không khoản vay … chưa trả nổi thì xin khất được không": the loan was only offered).
        return _run_together(single)
    pieces = [bit for piece in _pieces(single, _JOIN, fewest=2) for bit in _asked_apart(piece)]
    pieces = _shared_predicate(single, pieces)
    if len(pieces) == 1:
        return _run_together(single)
    return [p.strip() for p in pieces if len(p.split()) >= 2]


# Words that end a question ("bao nhiêu", "gì", "ở đâu", "ở mô", "thế nào", "… không"), and
# what may follow one in the same question (a unit, a particle): "… bao nhiêu một tháng".
_ENDS_QUESTION = frozenset(
    {"nhieu", "bn", "gi", "j", "dau", "mo", "nao", "khong", "ko", "hong", "hok"}
)
_ENDS_QUESTION_TOO = frozenset(
    {"tien", "phan", "tram", "%", "mot", "moi", "1", "thang", "nam", "nguoi", "lan", "ngay"}
    | {"trieu", "dong", "nghin", "ngan", "a", "v", "z", "ha", "nhi"}
)
# Before a final "không" (not), the frame of a yes/no question: "có … không", "được … không".
_YES_NO_FRAME = frozenset({"co", "duoc", "dc", "phai"})
RUN_TOGETHER_WORDS = 3
# How a second question run on after the first starts: "có (phải, được) …", "hay …", "còn …".
_OPENS_QUESTION = frozenset({"co", "hay", "con"})
# After "có" opening a question: "có được", "có phải", "có cần".
_YES_NO_NEXT = frozenset({"duoc", "dc", "phai", "can"})
# "khi nào", "chừng nào", "lúc nào": when, which heads a question rather than ending one.
_WHEN = frozenset({"khi", "chung", "luc", "hoi", "bao"})
# "không có" is "do not have": "nhà tui không có tivi cũng không có điện thoại" asks nothing
# after the first "không".
_NOT_HAVE = {"khong": "co", "ko": "co", "hong": "co", "hok": "co"}
# What goes on with the same question after its "không" ("… không thì …", "… không vậy"),
# and what "không" denies mid-sentence ("có BHYT cũng không được chi trả", "không cần tiếng",
# "tiền hỗ trợ không hoàn lại").
_GOES_ON = frozenset(
    {"thi", "z", "v", "the", "a", "nhi", "nhe", "ha", "neu", "de", "ma", "va", "voi", "tai"}
    | {"vi", "duoc", "dc", "phai", "can", "co", "con", "biet", "lam", "di", "tra", "nhan"}
    | {"du", "bi", "hieu", "ai", "gi", "j", "nen", "muon", "chiu", "cho", "ho", "mat", "ton"}
    | {"lai", "hoan"}
)
# "vay vốn", "vay tiền", "vay thêm": a loan, where "vay" typed bare might be "vậy" (so).
_LOAN_AFTER = frozenset({"von", "tien", "them", "ngan", "duoc", "dc", "de", "lam", "mua"})


def _run_together(sentence: str) -> list[str]:
    """``sentence`` cut after a word that ends a question where what follows opens another
    with "có", "hay" or "còn": two questions typed without a stop between them ("trẻ mẫu
    giáo nhà nghèo được hỗ trợ tiền ăn trưa bao nhiêu một tháng có phải đóng học phí không").
    A "không" ends a question only after "có", "được" or "phải" ("nhà tôi không có sổ đỏ thì
    …" is not cut) and not before "có" ("không có tivi"); "… không hay …" is one question
    with two choices unless what follows "hay" asks with words of its own."""
    source, bare = aligned(sentence)
    spans = [(m.start(), m.end()) for m in re.finditer(r"\S+", bare)]
    words = [bare[a:b].strip(",.;:!?") for a, b in spans]
    for i, word in enumerate(words):
        if word == "ad" or (word == "a" and source[slice(*spans[i])] == "ạ"):
            # "… bao nhiêu tiền ạ mua gạch … có được trả chậm không": a polite final "ạ" (as
            # typed with its mark: bare, "a" is as often "à") or "ad" ends a question,
            # whatever opens the next.
            if RUN_TOGETHER_WORDS <= i < len(words) - RUN_TOGETHER_WORDS:
                left, right = source[: spans[i][1]], source[spans[i + 1][0] :]
                if asks(left) and asks(right):
                    return [left.strip(), *_run_together(right)]
            continue
        if word not in _ENDS_QUESTION:
            continue
        if word in _NOT_HAVE and not _YES_NO_FRAME & set(words[:i]):
            continue
        if word == "nao" and i > 0 and words[i - 1] in _WHEN:
            continue  # "khi nào (mới) có điện lại": when, at the head of its question
        k = i + 1
        while k < len(words) and words[k] in _ENDS_QUESTION_TOO:
            k += 1
        if k < RUN_TOGETHER_WORDS or len(words) - k < RUN_TOGETHER_WORDS:
            continue
        # After a yes/no "không" a clause of its own may start with its subject ("… được cấp
        # thẻ khỏi tốn tiền hông vay vốn về mần ăn thì được chừng nhiêu").
        subject_first = (
            word in _NOT_HAVE
            and len(words) - k >= 4
            and words[k] not in _GOES_ON
            # "vậy" typed, or bare "vay" before anything but a loan's word, goes on too.
            and not (
                words[k] == "vay"
                and (source[slice(*spans[k])] != "vay" or words[k + 1] not in _LOAN_AFTER)
            )
        )
        # "không có" is "do not have", but "… không có được vay …" opens a yes/no question with
        # "có được", "có phải", "có cần".
        not_have = (
            k == i + 1
            and _NOT_HAVE.get(word) == words[k]
            and (k + 1 >= len(words) or words[k + 1] not in _YES_NO_NEXT)
        )
        if (words[k] not in _OPENS_QUESTION and not subject_first) or not_have:
            continue
        left, right = source[: spans[k - 1][1]], source[spans[k][0] :]
        # "… có cần thẻ giấy không hay dùng căn cước được?" is one question with two choices:
        # after "hay" the second asks only if it has words of its own that ask.
        if words[k] == "hay" and not asks(right.rstrip(" ?")):
            continue
        if asks(left) and asks(right):
            return [left.strip(), *_run_together(right)]
    return [sentence.strip()]


def _asked_apart(piece: str) -> list[str]:
    """``piece`` cut into its questions at commas and "rồi": each question runs from the end
    of the one before to the next clause that asks, so a clause that asks nothing stays with
    the question it leads to ("ra trường chưa xin được việc, chưa trả được thì có sao không"),
    and one after the last question stays with that question."""
    source, bare = aligned(piece)
    cuts = list(_CLAUSE.finditer(bare))
    if not cuts:
        return [piece]
    starts = [0, *(m.end() for m in cuts)]
    ends = [*(m.start() for m in cuts), len(source)]
    # After "rồi" (and then), a clause ending in "nữa" (too) adds a subject to ask about:
    # "… thì được hỗ trợ chi hông rồi tiền điện hằng tháng nữa" (also "r" for "rồi").
    more = [False, *(bool(_THEN.search(m.group())) for m in cuts)]
    spans: list[list[int]] = []
    opened: int | None = None
    for start, end, after_then in zip(starts, ends, more, strict=True):
        opened = start if opened is None else opened
        clause = source[start:end]
        # After a question, a wish is one too ("khi nào xã tổ chức đối thoại, tôi muốn gửi câu
        # hỏi trước"), as between sentences.
        wants = bool(spans) and bool(_ASKS_FOR.search(bare[start:end]))
        adds = bool(spans) and after_then and bare[start:end].rstrip(" .!?").endswith(" nua")
        if len(clause.split()) >= ASKED_APART_WORDS and (asks(clause) or wants or adds):
            spans.append([opened, end])
            opened = None
    if len(spans) < 2:
        return [piece]
    spans[-1][1] = len(source)
    return [source[a:b] for a, b in spans]
