"""Who writes is not what they ask: personal names left out of a message.

Letters to newspapers and lawyers name their writer or the person they ask for ("Bà Lò
Thị K. (Sơn La) hỏi: …", "ông Nguyễn Viết Đ., 81 tuổi, …", "anh Kim ở xã H."). A name's
words are rare, so they weighed as much as the subject, and the catalogue's own words
("Văn", "Thị", "Hương" as in *quê hương*) matched them by chance. A name is read as a title
or kinship word (kept: "bà" still says who is concerned) followed by one to four words
written with a capital, and the parenthesis right after them (a place, an age). A place
whose name starts like a title goes too ("Bà Rịa", "Gia Lai", bare "Bac Lieu"): no answer
depends on the place a message names.
"""

from __future__ import annotations

import re

from faq.lexicon import strip_marks

# Words that introduce a person's name; bare forms too, as typed without diacritics, except
# "co" (*có* far more often than *cô*).
TITLES = frozenset(
    {"ông", "bà", "anh", "chị", "cô", "chú", "bác", "cụ", "em", "cháu", "bé", "tên"}
    | {"bạn", "đọc", "giả", "tri"}  # bạn đọc, độc giả, cử tri
    | {"ong", "ba", "chi", "chu", "bac", "cu", "chau", "ten", "doc", "gia"}
)
MAX_NAME_WORDS = 4
MAX_BRACKET_WORDS = 12
_TOKEN = re.compile(r"\S+|\s+")
_EDGE = re.compile(r"^[\"'“”‘’(\[]+|[\"'“”‘’)\].,:;!?]+$")


def _capitalised(token: str) -> bool:
    """A name's word: a capital then small letters ("Khoa", "Đ.", "K'Phiên"), not an
    abbreviation in capitals ("BHYT", "UBND") nor a number."""
    word = _EDGE.sub("", token)
    if not word or not word[0].isupper() or not word[0].isalpha():
        return False
    letters = [c for c in word if c.isalpha()]
    return len(letters) == 1 or any(c.islower() for c in letters[1:])


def without_names(text: str) -> str:
    """``text`` without the personal names it gives (see the module docstring)."""
    if not any(c.isupper() for c in text[1:]):
        return text  # most short messages: no capital after the first letter, no name
    tokens = _TOKEN.findall(text)
    out: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        out.append(token)
        i += 1
        if token.isspace() or _EDGE.sub("", token).lower() not in TITLES or token[-1] in ",.:;":
            continue
        end = _name_end(tokens, i)
        if end == i:
            continue
        last = tokens[end - 1]
        if last[-1] in ",.:;!?" and len(_EDGE.sub("", last)) > 1:
            out.append(last[-1])  # the punctuation that ended the name ("Lan," "Lan.")
        i = _bracket_end(tokens, end, out)
    return "".join(out)


def _name_end(tokens: list[str], i: int) -> int:
    """Where the name starting after the space at ``i`` ends (``i``: no name)."""
    j, named = i, 0
    while named < MAX_NAME_WORDS and j + 1 < len(tokens) and tokens[j].isspace():
        word = tokens[j + 1]
        if (
            word.startswith("(")
            or not _capitalised(word)
            or strip_marks(_EDGE.sub("", word).lower()) in TITLES
        ):
            break
        j += 2
        named += 1
        if word[-1] in ",.:;!?" and len(_EDGE.sub("", word)) > 1:
            break  # "Khoa," ends the name; an initial "K." does not
    return j


def _bracket_end(tokens: list[str], j: int, out: list[str]) -> int:
    """After a name ending at ``j``: past the parenthesis right after it (where the person
    lives, their age), nested ones included; what follows its ")" goes to ``out``."""
    if not (j + 1 < len(tokens) and tokens[j].isspace() and tokens[j + 1].startswith("(")):
        return j
    depth = 0
    for k in range(j + 1, min(len(tokens), j + 1 + 2 * MAX_BRACKET_WORDS)):
        for n, c in enumerate(tokens[k]):
            depth += (c == "(") - (c == ")")
            if depth == 0:
                if tail := tokens[k][n + 1 :]:
                    out.append(tail)
                return k + 1
    return j  # not closed nearby: not a parenthesis about the person
