"""错别字, statistically: a same-sound substitution that turns a non-word into a
frequent dictionary word (docs/decisions/0409-statistical-typos.md).

Offline data only: jieba's shipped dictionary (word frequencies) and pypinyin's
readings (MIT). jieba, without its HMM for unknown words, cuts ``布署`` into
``布``/``署`` because ``布署`` is no word; replacing one character by another
with the same reading (tone ignored, as a pinyin input method types it: ADR
0426) gives ``部署``, a frequent word.
That is a finding, if nothing else explains the pair:

* both characters stood alone in jieba's cut, and neither is a function
  character (的, 是, 在 …) that stands alone in ordinary text;
* the pair itself is not in the dictionary, and exactly one substitution is a
  word with at least ``MIN_WORD_FREQ`` occurrences;
* the substituted word is not also cut apart in the same sentence's context
  (the characters on either side do not form a word with the pair's ones).

Precision first (an editor who sees false alarms stops reading them): the
figures of the labelled set are in docs/performance.md, "Quality gate".
Severity ``warning``; the curated list (``typo``) keeps its own, exact findings.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from .. import segment
from ..document import Document
from ..findings import Finding
from ..i18n import _
from ..lexicons import LexiconSource, records
from .base import Checker, register, registry

MIN_WORD_FREQ = 300  # occurrences in jieba's dictionary (its median word: 3)
# jieba's dictionary holds some misspellings itself, rarely (布署 2, 关健 5):
# a two-character word is suspect when a same-sound word is this much more frequent.
RARE_RATIO = 20
RARE_MAX = 10  # …and is itself at most this frequent (发声, 民声 are words)
# Of two candidate corrections, the first must be this much more frequent.
DOMINANCE = 3
MIN_CHAR_FREQ = 20  # characters rarer than this are not offered as substitutes
HAN = re.compile(r"^[\u4e00-\u9fff]$")
# Characters that stand alone in ordinary text: a pair with one of them is not
# a broken word (在此, 的是, 并将 …).
FUNCTION_CHARS = frozenset(
    "的地得了着过是在和与及或并而且把被对从向于为以之其所也都就还又再才却将已"
    "曾要会能可应该不没无非未个些这那此每各该本我你他她它们们吗呢吧啊等由给让使"
    "如若但则因故即乃至于上下中内外前后里间第一二三四五六七八九十百千万亿年月日时"
    "分秒元人大小多少高新老有到来去出入说做用比很最更太"
)


@dataclass(frozen=True)
class Model:
    freq: dict[str, int]
    by_reading: dict[str, frozenset[str]]
    readings: dict[str, tuple[str, ...]]
    allowed: frozenset[str] = frozenset()
    #: every two-character non-word (or rare word) one same-sound substitution
    #: away from a frequent word -> those words; a fast first filter
    near: dict[str, tuple[str, ...]] | None = None


def build_model(allowed: frozenset[str] = frozenset()) -> Model:
    from pypinyin import Style, pinyin

    freq = segment.tokenizer().FREQ
    chars = [w for w, f in freq.items() if f >= MIN_CHAR_FREQ and HAN.match(w)]
    by_reading: dict[str, set[str]] = defaultdict(set)
    readings: dict[str, tuple[str, ...]] = {}
    for char in chars:
        # The common reading only: rare ones (平 pián, 分 fèn) give false alarms.
        # Without its tone: a pinyin input method is typed without tones, so its
        # slips are same-sound-any-tone (ADR 0426: recall ×2.5 on official prose).
        reading = pinyin(char, style=Style.NORMAL)[0][0]
        readings[char] = (reading,)
        by_reading[reading].add(char)
    model = Model(
        freq=freq,
        by_reading={r: frozenset(c) for r, c in by_reading.items()},
        readings=readings,
        allowed=allowed,
    )
    return Model(**{**model.__dict__, "near": _near_words(model)})


def _near_words(model: Model) -> dict[str, tuple[str, ...]]:
    near: dict[str, set[str]] = defaultdict(set)
    for word, count in model.freq.items():
        if count < MIN_WORD_FREQ or len(word) != 2 or not all(map(HAN.match, word)):
            continue
        for index, char in enumerate(word):
            for reading in model.readings.get(char, ()):
                for other in model.by_reading.get(reading, ()):
                    pair = word[:index] + other + word[index + 1 :]
                    if other != char and model.freq.get(pair, 0) <= RARE_MAX:
                        near[pair].add(word)
    return {pair: tuple(words) for pair, words in near.items()}


def substitutions(model: Model, pair: str) -> list[str]:
    """Frequent dictionary words made by replacing one character of ``pair`` by
    another with the same reading."""
    return sorted((model.near or {}).get(pair, ()))


def _tokens(text: str) -> Iterator[tuple[int, str]]:
    position = 0
    for token in segment.tokenizer().cut(text, HMM=False):
        yield position, token
        position += len(token)


def _lone(token: str) -> bool:
    return len(token) == 1 and bool(HAN.match(token)) and token not in FUNCTION_CHARS


def _pair_at(tokens: dict[int, str], clause: str, start: int) -> str | None:
    """The pair at ``start`` if it may be a broken word: two lone characters in
    jieba's cut, or one rare two-character word (possibly a misspelling jieba
    knows). ``tokens`` maps each token's offset to the token."""
    token = tokens.get(start)
    if token is None:
        return None
    if len(token) == 2 and all(_lone(c) for c in token):
        return token
    following = tokens.get(start + 1)
    if _lone(token) and following is not None and _lone(following):
        return token + following
    return None


def correction(model: Model, pair: str) -> str | None:
    """The one likely correction of ``pair``, or None."""
    words = sorted(
        substitutions(model, pair), key=lambda w: model.freq[w], reverse=True
    )
    if not words:
        return None
    best = model.freq[words[0]]
    if len(words) > 1 and best < DOMINANCE * model.freq[words[1]]:
        return None
    known = model.freq.get(pair, 0)
    if known > RARE_MAX or best < RARE_RATIO * known:
        return None
    return words[0]


def suspects(model: Model, clause: str) -> Iterator[tuple[int, str, str]]:
    """(offset, pair, suggestion) in one run of Chinese characters."""
    near = model.near or {}
    tokens: dict[int, str] | None = None
    for start in range(len(clause) - 1):
        pair = clause[start : start + 2]
        if pair not in near or pair in model.allowed:
            continue
        if tokens is None:  # cut once per clause, and only if needed
            tokens = dict(_tokens(clause))
        found = _pair_at(tokens, clause, start)
        word = correction(model, found) if found else None
        if word and not _explained(model, clause, start, word):
            yield start, found, word


def _explained(model: Model, clause: str, start: int, word: str) -> bool:
    """Would the corrected clause still cut the word apart? Then the pair is
    probably not a broken word (a name, an abbreviation) but two words."""
    fixed = clause[:start] + word + clause[start + 2 :]
    for pos, token in _tokens(fixed):
        if pos <= start < pos + len(token):
            return pos + len(token) < start + 2  # the word is cut apart
    return True


@register
class StatisticalTypoChecker(Checker):
    name = "typo_statistical"
    type = "typo"
    severity = "warning"
    # Costly in bulk (1.5 MB/s, +150 MB, 4 s to load): on in the pre-publish
    # gate (jiyue.editorial), off by default elsewhere (docs/decisions/0409).
    opt_in = True

    lexicons = ("typo_stats_allow.txt",)

    def compile(self, source: LexiconSource) -> Model:
        allowed = frozenset(w for rec in records(self.lexicons[0], source) for w in rec)
        return build_model(allowed)

    def check(self, doc: Document) -> Iterator[Finding]:
        model = self.data()
        curated = registry.get("typo").data()  # its own, exact findings
        for match in re.finditer(r"[\u4e00-\u9fff]{2,}", doc.text):
            for offset, pair, word in suspects(model, match.group()):
                if curated.get(pair) is not None:
                    continue
                start = match.start() + offset
                yield self.finding(
                    doc,
                    message=_("疑似错别字：“%(wrong)s”可能应为“%(right)s”。")
                    % {"wrong": pair, "right": word},
                    start=start,
                    evidence=pair,
                    extra={"suggestion": word, "method": "statistical"},
                )
