"""What a citizen typed, read into clauses an engine can run.

No engine's query syntax is ever reached: AND/OR/NOT, ``:``, ``*``, ``~``,
``^``, brackets and quotes are characters like any other, except that text in
quotes ("…", “…”, 「…」) is a phrase and a 文号 typed with any brackets
(〔〕, [], (), 【】) is one exact token. Overlong input, control characters,
mojibake (UTF-8 read as GBK or Latin-1, repaired when it can be) and input with
nothing searchable in it give a Chinese message instead of a search.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .engines.base import Alternative, Clause
from .lexicon import Lexicon
from .segment import (
    CJK,
    DOC_NUMBER_RE,
    Token,
    base_segmenter,
    doc_numbers,
    fold,
    index_numbers,
)

MAX_LENGTH = 100
MAX_CLAUSES = 24
MAX_ALTERNATIVES = 8
QUOTED_RE = re.compile(r'"([^"]+)"|“([^”]+)”|「([^」]+)」|『([^』]+)』')
QUOTE_CHARS_RE = re.compile(r"[\"“”「」『』]")
OPERATOR_WORDS_RE = re.compile(r"(?<![A-Za-z])(AND|OR|NOT)(?![A-Za-z])")
CJK_RE = re.compile(f"[{CJK}]")
UNREPAIRABLE = ("锟斤拷", "烫烫烫", "屯屯屯", "\ufffd")
ASCII_LETTERS_RE = re.compile(r"[a-z' ]+")


@dataclass
class ParsedQuery:
    raw: str
    text: str = ""  # cleaned, as shown and logged
    message: str = ""  # instead of results
    notice: str = ""  # beside results
    doc_numbers: list[list[Token]] = field(default_factory=list)
    index_numbers: list[str] = field(default_factory=list)
    phrases: list[str] = field(default_factory=list)
    words: list[Token] = field(default_factory=list)
    folded: str = ""

    @property
    def ok(self) -> bool:
        return not self.message and bool(
            self.words or self.phrases or self.doc_numbers or self.index_numbers
        )

    @property
    def has_chinese(self) -> bool:
        return bool(CJK_RE.search(self.folded))

    @property
    def letters_only(self) -> str:
        """The query as pinyin letters ("" unless it is only Latin letters)."""
        if self.doc_numbers or self.index_numbers or self.phrases:
            return ""
        if not ASCII_LETTERS_RE.fullmatch(self.folded):
            return ""
        return re.sub(r"[' ]", "", self.folded)


def _strip_controls(text: str) -> str:
    return "".join(
        " " if unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn") else char
        for char in text
    )


def repair_mojibake(text: str) -> str | None:
    """UTF-8 text that was read as GBK (鏀垮簻缃戠珯) or Latin-1 (æ”¿åºœ), as it
    was meant (政府网站); None when ``text`` is not such text."""
    for encoding in ("gbk", "cp1252", "latin-1"):
        try:
            fixed = text.encode(encoding).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if fixed != text and CJK_RE.search(fixed) and fixed.isprintable():
            return fixed
    return None


def _clean(parsed: ParsedQuery) -> str | None:
    text = " ".join(_strip_controls(parsed.raw).split())
    if not text:
        parsed.message = _("请输入要搜索的内容。")
        return None
    if len(text) > MAX_LENGTH:
        parsed.text = text[:MAX_LENGTH]
        parsed.message = _("搜索词太长了，请不要超过 100 个字。")
        return None
    if any(marker in text for marker in UNREPAIRABLE):
        parsed.text = text
        parsed.message = _("搜索词中有乱码，请重新输入。")
        return None
    repaired = repair_mojibake(text)
    if repaired is not None:
        parsed.notice = _("您输入的搜索词疑似乱码，已按「%(q)s」搜索。") % {
            "q": repaired
        }
        text = repaired
    parsed.text = text
    return text


def _take_phrases(parsed: ParsedQuery, text: str) -> str:
    def keep(match: re.Match) -> str:
        phrase = next(g for g in match.groups() if g)
        if phrase.strip():
            parsed.phrases.append(phrase.strip())
        return " "

    return QUOTE_CHARS_RE.sub(" ", QUOTED_RE.sub(keep, text))


def _take_numbers(parsed: ParsedQuery, folded: str) -> str:
    """Takes the 文号 and 索引号 out of ``folded`` (blanked, offsets kept)."""
    parsed.doc_numbers = doc_numbers(folded, min_issuer=3)
    found = index_numbers(folded)
    parsed.index_numbers = [t.text for t in found]
    spans = [(m.start(), m.end()) for m in DOC_NUMBER_RE.finditer(folded)]
    spans += [(t.position, t.position + len(t.text)) for t in found]
    chars = list(folded)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def parse(raw: str, lexicon: Lexicon) -> ParsedQuery:
    """Reads ``raw``; ``ok`` is False when there is nothing to search."""
    parsed = ParsedQuery(raw=raw or "")
    text = _clean(parsed)
    if text is None:
        return parsed
    text = OPERATOR_WORDS_RE.sub(" ", _take_phrases(parsed, text))
    parsed.folded = fold(" ".join(text.split()))
    rest = _take_numbers(parsed, parsed.folded)
    parsed.words = lexicon.segmenter.query_words(rest)
    if not parsed.ok:
        parsed.message = _("没有可以搜索的词，请换个说法再试。")
    return parsed


# -- clauses --------------------------------------------------------------------


def _as_alternative(text: str, lexicon: Lexicon) -> Alternative | None:
    words = lexicon.segmenter.cut(fold(text))
    if not words:
        return None
    first = words[0].position
    return Alternative(tuple((w.position - first, w.text) for w in words))


def _pieces(word: str, lexicon: Lexicon) -> list[Alternative]:
    """Documents indexed before the office added ``word`` have it in pieces
    (not those of an index built with it: a phrase of common pieces reads the
    positions of every document holding them, ADR 0616)."""
    if word in lexicon.indexed_whole:
        return []
    pieces = base_segmenter().cut(word)
    if len(pieces) > 1:
        first = pieces[0].position
        return [Alternative(tuple((p.position - first, p.text) for p in pieces))]
    return []


def _word_clause(word: str, lexicon: Lexicon, site_id: int | None) -> Clause:
    alternatives = [Alternative.term(word), *_pieces(word, lexicon)]
    for synonym in lexicon.synonyms_of(word, site_id):
        if synonym != word:
            alternative = _as_alternative(synonym, lexicon)
            if alternative is not None:
                alternatives.append(alternative)
                alternatives += _pieces(synonym, lexicon)
    unique = list(dict.fromkeys(alternatives))[:MAX_ALTERNATIVES]
    return Clause(tuple(unique))


def clauses(parsed: ParsedQuery, lexicon: Lexicon, site_id: int | None) -> list[Clause]:
    """One clause per thing asked for: each 文号 and 索引号 (exact), each quoted
    phrase, each word with its synonyms."""
    result = [
        Clause(
            tuple(Alternative.term(v.text) for v in variants), exact=variants[0].text
        )
        for variants in parsed.doc_numbers
    ]
    result += [Clause((Alternative.term(n),), exact=n) for n in parsed.index_numbers]
    for phrase in parsed.phrases:
        alternative = _as_alternative(phrase, lexicon)
        if alternative is not None:
            result.append(Clause((alternative,)))
    seen = set()
    for word in parsed.words:
        if word.text not in seen:
            seen.add(word.text)
            result.append(_word_clause(word.text, lexicon, site_id))
    return result[:MAX_CLAUSES]


def highlight_terms(parsed: ParsedQuery, clause_list: list[Clause]) -> list[str]:
    """The strings a result's title and snippet mark (folded)."""
    terms = set()
    for clause in clause_list:
        for alternative in clause.alternatives:
            words = alternative.words
            if alternative.is_term:
                terms.add(words[0][1])
            else:
                terms.update(w for _o, w in words)
    terms.update(fold(p) for p in parsed.phrases)
    return sorted((t for t in terms if t.strip()), key=len, reverse=True)
