"""敏感词: the seed lexicon, cut down to what matters on government pages.

Rules that keep false alarms near zero on official text (see data/README.md):

- single characters, short pure-ASCII entries and entries that are ordinary
  words (``sensitive_ordinary.txt``: in jieba's dictionary, e.g. 干部, 农药,
  日本, 证券) are not matched, unless listed in ``sensitive_keep.txt``;
- allow-lists: entries equal to, or matches inside, an allowed phrase
  (``sensitive_allow.txt``, ``sensitive_words_allow.txt``) are dropped;
- matches of up to four characters must fall on jieba word boundaries
  (``成人`` in ``看成人``, ``我日`` in ``自我日益`` are not words here);
- ASCII edges need ASCII word boundaries;
- a crackdown or legal context (``打击卖淫``, ``赌博罪``) silences the match;
- severity by category (``sensitive_categories.tsv``): 涉黄/涉赌 veto,
  涉毒 error, 违法犯罪/其他 warning.

Matching is one Aho–Corasick automaton (pyahocorasick) over the folded text
(as UTF-8 bytes, see matching.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from .. import segment
from ..document import Document, fold
from ..findings import Finding
from ..i18n import _
from ..lexicons import LexiconSource, records, words
from ..matching import ByteAutomaton, to_bytes_str
from .base import Checker, register

_ASCII_WORD = re.compile(r"[0-9a-z]")
_DOMAIN_CHAR = re.compile(r"[0-9a-z-]")
_CONTEXT_WIDTH = 12
_BOUNDARY_MAX_LEN = 4
_CLAUSE_END = re.compile(r"[。！？；，、;,!?\n]")


@dataclass(frozen=True)
class Entry:
    word: str
    category: str
    severity: str
    is_domain: bool = False


@dataclass
class SensitiveData:
    automaton: ByteAutomaton
    # lexicon word -> [(allowed phrase, offset of the word in it)]
    allow_context: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    before: tuple[str, ...] = ()
    after: tuple[str, ...] = ()


def _categories(source: LexiconSource) -> dict[str, tuple[str, str, int]]:
    table = {}
    for rec in records("sensitive_categories.tsv", source):
        if len(rec) >= 4:
            table[rec[0]] = (rec[1], rec[2], int(rec[3]))
    return table


def _usable(word: str) -> bool:
    if len(word) < 2:
        return False
    if word.isascii():
        return len(word) >= 4 and bool(_ASCII_WORD.search(word))
    return True


def _tagged_entries(source: LexiconSource, skip: set[str]) -> Iterator[Entry]:
    cats = _categories(source)
    for line in source.lines("sensitive_words_tagged.txt"):
        raw, _sep, tags = line.strip().rpartition(" ")
        word = fold(raw.strip())
        if not _usable(word) or word in skip:
            continue
        known = [cats[t] for t in tags.split(",") if t in cats]
        if known:
            category, severity, _rank = min(known, key=lambda c: c[2])
            yield Entry(raw.strip(), category, severity)


def _domain_entries(source: LexiconSource) -> Iterator[Entry]:
    category, severity, _rank = _categories(source).get(
        "domain", ("非法网址", "veto", 0)
    )
    for domain in words("illegal_domains.txt", source):
        if "." in domain:
            yield Entry(domain.lower(), category, severity, is_domain=True)


def _skip_set(source: LexiconSource) -> tuple[set[str], list[str]]:
    keep = {fold(w) for w in words("sensitive_keep.txt", source)}
    ordinary = {fold(w) for w in words("sensitive_ordinary.txt", source)} - keep
    allowed = [fold(w) for w in words("sensitive_allow.txt", source)]
    allowed += [fold(w) for w in words("sensitive_words_allow.txt", source)]
    return ordinary | set(allowed), allowed


def _allow_context(automaton: ByteAutomaton, allowed: list[str]) -> dict:
    context: dict[str, list[tuple[str, int]]] = {}
    for phrase in allowed:
        for start, _end, entry in automaton.iter(to_bytes_str(phrase)):
            context.setdefault(fold(entry.word), []).append((phrase, start))
    return context


def compile_sensitive(source: LexiconSource) -> SensitiveData:
    skip, allowed = _skip_set(source)
    entries: dict[str, Entry] = {}
    for entry in (*_tagged_entries(source, skip), *_domain_entries(source)):
        key = fold(entry.word)
        previous = entries.get(key)
        if previous is None or _rank(entry) < _rank(previous):
            entries[key] = entry
    automaton = ByteAutomaton()
    for key, entry in entries.items():
        automaton.add(key, entry)
    automaton.finish()
    cues = list(records("sensitive_context.tsv", source))
    return SensitiveData(
        automaton=automaton,
        allow_context=_allow_context(automaton, allowed),
        before=tuple(c[1] for c in cues if len(c) > 1 and c[0] == "before"),
        after=tuple(c[1] for c in cues if len(c) > 1 and c[0] == "after"),
    )


_SEVERITY_RANK = {"veto": 0, "error": 1, "warning": 2, "info": 3}


def _rank(entry: Entry) -> int:
    return _SEVERITY_RANK.get(entry.severity, 9)


@register
class SensitiveWordChecker(Checker):
    type = "sensitive_word"
    severity = "warning"
    lexicons = (
        "sensitive_words_tagged.txt",
        "sensitive_categories.tsv",
        "sensitive_ordinary.txt",
        "sensitive_keep.txt",
        "sensitive_allow.txt",
        "sensitive_words_allow.txt",
        "sensitive_context.tsv",
        "illegal_domains.txt",
    )

    def compile(self, source: LexiconSource) -> SensitiveData:
        return compile_sensitive(source)

    def check(self, doc: Document) -> Iterator[Finding]:
        data: SensitiveData = self.data()
        taken_until = -1
        for start, end, entry in self._candidates(doc, data):
            if start < taken_until:
                continue
            taken_until = end
            yield self._finding(doc, start, end, entry)

    def _candidates(self, doc: Document, data: SensitiveData) -> list[tuple]:
        found = []
        for start, end, entry in data.automaton.iter(doc.folded_bytes):
            if self._accept(doc, data, start, end, entry):
                found.append((start, end, entry))
        found.sort(key=lambda c: (c[0], c[0] - c[1]))
        return found

    def _accept(
        self, doc: Document, data: SensitiveData, start: int, end: int, entry: Entry
    ) -> bool:
        text = doc.folded
        if entry.is_domain:
            return _domain_edges(text, start, end)
        if not _ascii_edges(text, start, end):
            return False
        if _inside_allowed(text, start, entry, data):
            return False
        if _in_context(text, start, end, data):
            return False
        return end - start > _BOUNDARY_MAX_LEN or segment.aligned(doc.text, start, end)

    def _finding(self, doc: Document, start: int, end: int, entry: Entry) -> Finding:
        message = _("疑似%(category)s敏感词“%(word)s”，请核实后修改或删除。") % {
            "category": entry.category,
            "word": doc.text[start:end],
        }
        return self.finding(
            doc,
            severity=entry.severity,
            message=message,
            start=start,
            evidence=doc.text[start:end],
            extra={"category": entry.category},
        )


def _ascii_edges(text: str, start: int, end: int) -> bool:
    if (
        _ASCII_WORD.match(text[start])
        and start > 0
        and _ASCII_WORD.match(text[start - 1])
    ):
        return False
    return not (
        _ASCII_WORD.match(text[end - 1])
        and end < len(text)
        and _ASCII_WORD.match(text[end])
    )


def _domain_edges(text: str, start: int, end: int) -> bool:
    if start > 0 and _DOMAIN_CHAR.match(text[start - 1]):
        return False
    if end < len(text) and _DOMAIN_CHAR.match(text[end]):
        return False
    return not (
        text[end : end + 1] == "."
        and _DOMAIN_CHAR.match(text[end + 1 : end + 2] or " ")
    )


def _inside_allowed(text: str, start: int, entry: Entry, data: SensitiveData) -> bool:
    for phrase, offset in data.allow_context.get(fold(entry.word), ()):
        begin = start - offset
        if begin >= 0 and text.startswith(phrase, begin):
            return True
    return False


def _clause(text: str, start: int, end: int) -> tuple[str, str]:
    lo = max(0, start - _CONTEXT_WIDTH)
    before = text[lo:start]
    cut = [m.end() for m in _CLAUSE_END.finditer(before)]
    if cut:
        before = before[cut[-1] :]
    return before, text[end : end + 4]


def _in_context(text: str, start: int, end: int, data: SensitiveData) -> bool:
    before, after = _clause(text, start, end)
    if any(cue in before for cue in data.before):
        return True
    return any(after.startswith(cue) for cue in data.after)
