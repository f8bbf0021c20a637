"""Chinese text into search tokens, the same way for documents and queries.

- **Folding**: NFKC (full-width letters, digits and brackets to half-width),
  lower case, and traditional characters to simplified, character by character
  (zhconv's table, only for characters outside GB 2312), so that
  國務院 finds 国务院. Folding keeps the length of the text for the highlighter
  (``fold_chars``).
- **Words**: jieba's algorithm and dictionary through rjieba (jieba-rs; the same
  segmentation as jieba, ~15× faster: docs/decisions/0602-segmentation.md),
  plus the project's words (``data/words.txt``) and the office's word list.
  Documents are cut in jieba's search mode (the word and the dictionary words
  inside it: 中华人民共和国 also gives 人民, 共和国); queries in its precise mode.
- **Positions** are character offsets, so that a phrase can be matched across
  two segmentations of the same text (``Token.position``).
- **文号 and 索引号** stay one token: 国办发〔2014〕57号, typed with [] or () or
  【】 too, is the token ``国办发〔2014〕57号``; in a document's text, where the
  issuer's abbreviation runs on from the words before it (根据国办发〔…〕), every
  ending of the run is a token, so that the exact number is among them.

Nothing here needs Django: the word list comes in as an argument.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

import rjieba

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# After NFKC (（→( ［→[); 〔〕 and 【】 have no compatibility form.
DOC_NUMBER_RE = re.compile(
    rf"(?P<issuer>[{CJK}a-z]{{1,12}})\s*[〔\[【(〖]\s*(?P<year>(?:19|20)\d\d)\s*"
    r"[〕\]】)〗]\s*第?\s*(?P<serial>\d{1,5})\s*号"
)
# 索引号 as the content model gives them out (机构代码/年份-序号), or longer codes.
INDEX_NO_RE = re.compile(r"(?<![0-9a-z])[0-9a-z]{4,20}/\d{4}-\d{2,6}(?![0-9])")
QUERY_STOPWORDS = frozenset(
    [
        "的",
        "了",
        "和",
        "与",
        "及",
        "是",
        "在",
        "之",
        "或",
        "等",
        "对",
        "把",
        "被",
        "也",
        "都",
        "就",
        "而",
    ]
)
MAX_ISSUER_SUFFIXES = 12
# Where a 文号 can be: an opening bracket and a year; the issuer's run (at most
# 12 characters, and spaces) is looked for this far around it.
DOC_NUMBER_OPENING_RE = re.compile(r"[〔\[【(〖]\s*(?:19|20)\d\d")
DOC_NUMBER_REACH = 40


@dataclass(frozen=True)
class Token:
    """A word and the offset of its first character in the folded text."""

    text: str
    position: int


# In GB 2312 but, in government text, nearly always traditional (關於).
FOLDED_ALL_THE_SAME = frozenset("於")


def _simplified_too(char: str) -> bool:
    """Characters of GB 2312 are simplified text's own (乾坤, 著名)."""
    if char in FOLDED_ALL_THE_SAME:
        return False
    try:
        char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


@lru_cache(maxsize=1)
def _traditional_table() -> dict[int, str]:
    from zhconv import zhconv

    zhconv.loaddict()
    return str.maketrans(
        {
            source: target
            for source, target in zhconv.zhcdicts["zh2Hans"].items()
            if len(source) == 1 and len(target) == 1 and not _simplified_too(source)
        }
    )


def fold(text: str) -> str:
    """The text as it is matched: NFKC, lower case, simplified characters."""
    return unicodedata.normalize("NFKC", text).lower().translate(_traditional_table())


def _composes(char: str, seconds: frozenset[str]) -> bool:
    """Whether ``char``'s NFKC can depend on its neighbours: it is, or
    decomposes to, a combining mark, the second character of a canonical
    composition (e + ◌́ → é), a Hangul jamo, a capital sigma (final σ/ς when
    lower-cased), or a character beyond the BMP (not tabled)."""
    forms = unicodedata.normalize("NFKD", char) + unicodedata.normalize("NFKC", char)
    return any(
        unicodedata.combining(x)
        or x in seconds
        or "\u1100" <= x <= "\u11ff"
        or x == "\u03a3"
        or x > "\uffff"
        for x in forms
    )


@lru_cache(maxsize=1)
def _document_folding() -> tuple[re.Pattern, re.Pattern, dict[int, str]]:
    """``fold`` as one table for the characters of the BMP whose folding does not
    depend on their neighbours: (a pattern of the characters that are not
    such, a pattern of the runs that fold to something else, the table).
    Built once per process (~0.1 s; before a rebuild forks its workers)."""
    seconds = set()
    for code in range(0x10000):
        decomposition = unicodedata.decomposition(chr(code))
        if decomposition and not decomposition.startswith("<"):
            seconds.update(chr(int(part, 16)) for part in decomposition.split()[1:])
    frozen, unsafe, table = frozenset(seconds), [], {}
    for code in range(0x10000):
        char = chr(code)
        if 0xD800 <= code <= 0xDFFF or _composes(char, frozen):
            unsafe.append(char)
        elif (folded := fold(char)) != char:
            table[code] = folded
    return (
        re.compile(f"[{_char_class(unsafe)}\U00010000-\U0010ffff]"),
        re.compile(f"[{_char_class(chr(c) for c in table)}]+"),
        table,
    )


def load_document_folding() -> None:
    """Builds ``fold_document``'s table now (a rebuild, before it forks its
    workers, so that they share it)."""
    _document_folding()


def _char_class(chars: Iterable[str]) -> str:
    """A regular expression's class of ``chars`` (in order), as ranges."""
    ranges: list[list[int]] = []
    for code in map(ord, chars):
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return "".join(
        re.escape(chr(first)) + ("-" + re.escape(chr(last)) if last > first else "")
        for first, last in ranges
    )


def fold_document(text: str) -> str:
    """``fold(text)``, faster for a document's text: the characters that fold to
    something else are replaced from one table (NFKC, lower case and
    traditional characters at once); a text with a character whose NFKC
    depends on its neighbours (combining marks, jamo…) goes through ``fold``."""
    if text.isascii():
        return text.lower()
    unsafe, changing, table = _document_folding()
    if unsafe.search(text):
        return fold(text)
    return changing.sub(lambda run: run.group().translate(table), text)


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    folded = fold(char)
    return folded if len(folded) == 1 else char.lower()


def fold_chars(text: str) -> str:
    """``fold`` character by character: the result has the length of ``text``,
    so that an offset in it is an offset in the original (for highlighting)."""
    if text.isascii():
        return text.lower()
    return "".join(_fold_char(char) for char in text)


@lru_cache(maxsize=65536)
def _has_alnum(text: str) -> bool:
    return any(char.isalnum() for char in text)


def is_word(text: str) -> bool:
    """A token worth indexing: it has a letter, a digit or a Chinese character.
    (Called for every token of every document: most are all letters, which
    ``str.isalnum`` answers in C; the rest — punctuation, spaces, 1.5 — come
    back again and again, and are cached.)"""
    return text.isalnum() or _has_alnum(text)


def canonical_doc_number(issuer: str, year: str, serial: str) -> str:
    return f"{issuer}〔{year}〕{int(serial)}号"


def _doc_number_matches(text: str) -> Iterator[re.Match]:
    """``DOC_NUMBER_RE.finditer(text)``, tried only near an opening bracket
    followed by a year: the full pattern starts with a run of letters, which
    Python's regex engine would try at every character of the text."""
    position = 0
    while (opening := DOC_NUMBER_OPENING_RE.search(text, position)) is not None:
        start = max(position, opening.start() - DOC_NUMBER_REACH)
        match = DOC_NUMBER_RE.search(text, start, opening.end() + DOC_NUMBER_REACH)
        if match is None:
            position = opening.end()
            continue
        yield match
        position = match.end()


def doc_number_pairs(text: str, *, min_issuer: int = 2) -> list[list[tuple[str, int]]]:
    """Every 文号 in folded ``text``: per number, (token, offset) for each ending
    of the issuer run that is at least ``min_issuer`` long, longest first."""
    found = []
    for match in _doc_number_matches(text):
        issuer = match["issuer"]
        start = match.start("issuer")
        shortest = min(min_issuer, len(issuer))
        found.append(
            [
                (
                    canonical_doc_number(issuer[cut:], match["year"], match["serial"]),
                    start + cut,
                )
                for cut in range(0, len(issuer) - shortest + 1)
            ][:MAX_ISSUER_SUFFIXES]
        )
    return found


def doc_numbers(text: str, *, min_issuer: int = 2) -> list[list[Token]]:
    """``doc_number_pairs`` as ``Token``."""
    return [
        [Token(word, start) for word, start in variants]
        for variants in doc_number_pairs(text, min_issuer=min_issuer)
    ]


def normalize_doc_number(value: str) -> str:
    """A 文号 field's value as its one token ("" if it is not a 文号)."""
    folded = fold(value.strip())
    match = DOC_NUMBER_RE.fullmatch(folded)
    if not match:
        return folded
    return canonical_doc_number(match["issuer"], match["year"], match["serial"])


def index_numbers(text: str) -> list[Token]:
    return [Token(m.group(), m.start()) for m in INDEX_NO_RE.finditer(text)]


def index_number_pairs(text: str) -> list[tuple[str, int]]:
    if "/" not in text:
        return []
    return [(m.group(), m.start()) for m in INDEX_NO_RE.finditer(text)]


class Segmenter:
    """jieba's segmentation with extra words; one per word list (thread-safe:
    rjieba releases nothing between calls and the instance is never changed
    after construction)."""

    def __init__(self, words: Iterable[str] = ()) -> None:
        self._jieba = rjieba.Jieba()
        self.words = frozenset(fold(w).strip() for w in words if w.strip())
        for word in sorted(self.words):
            if not self._jieba.has_word(word):
                self._jieba.add_word(word, None, None)

    def document_tokens(self, text: str) -> list[Token]:
        """The tokens a document's text is indexed with (jieba's search mode,
        文号 and 索引号 as single tokens besides their parts)."""
        return [Token(word, start) for word, start, _end in self.document_words(text)]

    def document_pairs(self, text: str) -> list[tuple[str, int]]:
        """``document_tokens`` as (word, offset) pairs."""
        return [(word, start) for word, start, _end in self.document_words(text)]

    def document_words(self, text: str) -> list[tuple[str, int, int]]:
        """``document_tokens`` as rjieba gives them, (word, offset, end): what
        the engines index, without an object per token nor a new tuple (the
        hot path of a rebuild; docs/decisions/0615-reindex-cheaper-per-token-work.md)."""
        folded = fold_document(text)
        words = [
            token
            for token in self._jieba.tokenize(folded, mode="search", hmm=False)
            if token[0].isalnum() or _has_alnum(token[0])  # is_word, inlined
        ]
        for variants in doc_number_pairs(folded):
            words.extend((word, start, start + len(word)) for word, start in variants)
        words.extend(
            (word, start, start + len(word))
            for word, start in index_number_pairs(folded)
        )
        return words

    def cut(self, folded: str) -> list[Token]:
        """Precise-mode words of already folded text, with offsets."""
        return [
            Token(word, start)
            for word, start, _end in self._jieba.tokenize(folded, hmm=False)
            if is_word(word)
        ]

    def query_words(self, folded: str) -> list[Token]:
        """The words of a query's plain text (stop words left out unless the query
        is nothing else)."""
        words = self.cut(folded)
        kept = [w for w in words if w.text not in QUERY_STOPWORDS]
        return kept or words

    def has_word(self, word: str) -> bool:
        return self._jieba.has_word(word)


_base_lock = threading.Lock()
_base: Segmenter | None = None


def base_segmenter() -> Segmenter:
    """jieba's dictionary alone: how a word the office added later was cut in
    documents indexed before it was added."""
    global _base
    if _base is None:
        with _base_lock:
            if _base is None:
                _base = Segmenter()
    return _base


def spaced(segmenter: Segmenter, text: str, *, search_mode: bool) -> str:
    """``text`` as space-separated words (what Wagtail's own backend indexes)."""
    folded = fold(text)
    if search_mode:
        return " ".join(t.text for t in segmenter.document_tokens(text))
    return " ".join(t.text for t in segmenter.cut(folded))
