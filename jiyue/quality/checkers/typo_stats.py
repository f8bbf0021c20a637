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
  (the characters on either side do not form a word with the pair's ones);
* the pair is not common in jieba's document corpus (its ``idf.txt``: 捡起,
  干嘛 are words its frequency list barely knows), nor part of a reduplication (写一写, 看看);
* the corrected clause is far likelier than the clause as written, by jieba's
  own unigram model over the whole clause: both neighbours count (ADR 0427);
* the substitution is same-sound (any tone) or, on stronger odds, near-sound
  (模糊音: zh/z, ch/c, sh/s, -ng/-n: 应/因, 情/亲, 这/则; ADR 0429);
* a second, larger frequency base agrees (wordfreq's Chinese list, ADR 0428):
  it does not know the pair as a word of its own (诚品, 制程, 凉面 are names and
  terms jieba lacks), and the corrected clause is likelier by its counts too.

Precision first (an editor who sees false alarms stops reading them): the
figures of the labelled set are in docs/performance.md, "Quality gate".
Severity ``warning``; the curated list (``typo``) keeps its own, exact findings.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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
# Grammatical characters stand alone in ordinary text: a pair with one of them
# is not a broken word (在此, 的是, 并将 …). 著 is 着 in traditional usage.
FUNCTION_CHARS = frozenset(
    "的地得了着著过是在和与及或并而且把被对从向于为以之其所也都就还又再才却将已"
    "曾要会能可应该不没无非未个些这那此每各该本我你他她它们吗呢吧啊等由给让使"
    "如若但则因故即乃至离"
)
# Content characters that also often stand alone (until ADR 0427 they were
# function characters too): a pair with one of them may be a broken word —
# 内融 is 内容, 人敏 is 人民, 新息 is 信息 — on stronger odds (COMMON_ODDS).
COMMON_CHARS = frozenset(
    "上下中内外前后里间第一二三四五六七八九十百千万亿年月日时分秒元"
    "人大小多少高新老有到来去出入说做用比很最更太"
)
# The corrected clause must be far likelier than the clause as written, by
# jieba's own model (its best segmentation, word frequencies as a unigram
# language model): the odds against a slip. Both neighbours count, as jieba
# cuts the whole clause: 好想买 (好 + 想 + 买) is not 好像买; 进行布署 is 进行部署
# (署 is rare alone). ADR 0427.
ODDS = 10**2.5
COMMON_ODDS = 10**3
# jieba also ships the inverse document frequencies of 270,000 words
# (jieba/analyse/idf.txt, from its own corpus; 13.9 = seen in one document).
# A two-character pair found in many documents (idf below this: about 20 times
# the rarest) is a word in its own right — 捡起, 哪种, 干嘛, 好想 — however rare
# in the frequency dictionary; misspellings sit near the top (布署 12.0, 关健
# 12.3, 复盖 13.2). ADR 0427.
COMMON_IDF = 11.0
# wordfreq's Chinese word list (334,000 words from Wikipedia, subtitles, news,
# books and web text; code Apache-2.0, data CC BY-SA 4.0; ADR 0428) is a second
# opinion. A pair it lists at no less than 1/KNOWN_RATIO of the correction's
# frequency is a word (names, regional terms: 诚品 1/37 of 成品, 制程 1/30);
# slips sit far below (布署 1/155 of 部署, 关健 1/2,900, 复盖 1/550).
KNOWN_RATIO = 10**2
# …and the corrected clause must be likelier by its counts too, by these odds:
# what one model's quirk of a frequency says, the other need not.
SECOND_ODDS = 10**2
# A near-sound substitution (模糊音: 应/因, 情/亲, 这/者) must make the clause this much
# likelier by jieba's counts (ADR 0429).
# Chosen on the SIGHAN training sets (10^2.5 … 10^4 tried): recall +19 % / +10 % on
# 2014 / 2015 with precision up too.
NEAR_ODDS = 10**3.5
# A look-alike substitution (形近字: 末/未, 己/已, 徒/徙, from shape_similar.tsv) needs
# these odds (ADR 0430; 10^2.5 … 10^4.5 tried on the training sets). Pairs of the
# table less alike than SHAPE_MIN are not used.
SHAPE_ODDS = 10**3
SHAPE_MIN = 0.93
SAME, NEAR, SHAPE = "same", "near", "shape"


@dataclass(frozen=True)
class Model:
    freq: dict[str, int]
    by_reading: dict[str, frozenset[str]]
    readings: dict[str, tuple[str, ...]]
    #: two-character pairs common in jieba's document corpus (COMMON_IDF)
    common: frozenset[str] = frozenset()
    allowed: frozenset[str] = frozenset()
    #: every two-character non-word (or rare word) one same-sound substitution
    #: away from a frequent word -> those words, joined in one string (a tuple
    #: each would cost 50 MB more); a fast first filter
    near: dict[str, str] | None = None
    #: the second opinion (ADR 0428): a jieba tokenizer over wordfreq's counts
    second: Any = None
    #: the words a pair may be a slip for, with their frequencies: jieba's
    #: frequent two-character words, and wordfreq's as frequent (on jieba's scale)
    targets: dict[str, int] | None = None


def build_model(
    allowed: frozenset[str] = frozenset(),
    shapes: tuple[tuple[str, str], ...] = (),
) -> Model:
    """``shapes``: pairs of characters whose glyphs look alike (形近字, ADR 0430)."""
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
        readings[char] = (reading, near_sound(reading))
        by_reading[reading].add(char)
        by_reading[near_sound(reading)].add(char)
    # A pair of look-alike characters is a class of its own, keyed "#" + the pair.
    for a, b in shapes:
        if a in readings and b in readings:
            for char in (a, b):
                readings[char] += (f"#{a}{b}",)
            by_reading[f"#{a}{b}"] = {a, b}
    model = Model(
        freq=freq,
        by_reading={r: frozenset(c) for r, c in by_reading.items()},
        readings=readings,
        common=_common_pairs(),
        allowed=allowed,
        second=_second_opinion(),
    )
    model = Model(**{**model.__dict__, "targets": _targets(model)})
    return Model(**{**model.__dict__, "near": _near_words(model)})


def _targets(model: Model) -> dict[str, int]:
    """Two-character words at least MIN_WORD_FREQ frequent by jieba's counts or,
    scaled to jieba's total, by wordfreq's."""
    targets = {
        w: f
        for w, f in model.freq.items()
        if f >= MIN_WORD_FREQ and len(w) == 2 and all(map(HAN.match, w))
    }
    if model.second is not None:
        scale = segment.tokenizer().total / model.second.total
        for w, f in model.second.FREQ.items():
            scaled = round(f * scale)
            if (
                scaled >= MIN_WORD_FREQ
                and scaled > targets.get(w, 0)
                and len(w) == 2
                and all(map(HAN.match, w))
            ):
                targets[w] = scaled
    return targets


def _second_opinion() -> Any:
    """A jieba tokenizer whose dictionary is wordfreq's Chinese list, its
    frequencies in parts per billion (jieba's own dictionary format)."""
    import io

    import jieba
    from wordfreq import get_frequency_dict

    frequencies = get_frequency_dict("zh", wordlist="large")
    lines = "".join(
        f"{word} {max(1, round(share * 1e9))}\n"
        for word, share in frequencies.items()
        if word.strip() and " " not in word
    )
    tk = jieba.Tokenizer()
    tk.FREQ, tk.total = tk.gen_pfdict(io.BytesIO(lines.encode("utf-8")))
    tk.initialized = True  # built from memory: no dictionary file, no cache file
    return tk


def near_sound(reading: str) -> str:
    """The reading's class of sounds that speakers of many dialects, and their
    pinyin input, confuse (模糊音): zh/ch/sh as z/c/s, -ng as -n (ADR 0429). Marked
    with "~" so that it never equals a reading."""
    if reading[:2] in ("zh", "ch", "sh"):
        reading = reading[0] + reading[2:]
    if reading.endswith("ng") and len(reading) > 2:
        reading = reading[:-1]
    return "~" + reading


def kind(model: Model, pair: str, word: str) -> str:
    """How ``word`` differs from ``pair``: SAME sound, NEAR sound, or SHAPE."""
    a, b = next((x, y) for x, y in zip(pair, word, strict=True) if x != y)
    ra, rb = model.readings.get(a, ("", "")), model.readings.get(b, ("?", "?"))
    if ra[0] == rb[0]:
        return SAME
    if ra[1] == rb[1]:
        return NEAR
    return SHAPE


def same_sound(model: Model, pair: str, word: str) -> bool:
    """Is ``word`` ``pair`` with one character replaced by a same-sound one (any
    tone), not only by a near-sound one?"""
    return all(
        model.readings.get(a, ("",))[0] == model.readings.get(b, ("?",))[0]
        for a, b in zip(pair, word, strict=True)
        if a != b
    )


def _common_pairs() -> frozenset[str]:
    import jieba

    path = Path(jieba.__file__).parent / "analyse" / "idf.txt"
    common = set()
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            word, _, idf = line.rstrip().partition(" ")
            if len(word) == 2 and float(idf) < COMMON_IDF:
                common.add(word)
    return frozenset(common)


def _near_words(model: Model) -> dict[str, str]:
    near: dict[str, set[str]] = defaultdict(set)
    for word in model.targets or {}:
        for index, char in enumerate(word):
            for reading in model.readings.get(char, ()):
                for other in model.by_reading.get(reading, ()):
                    pair = word[:index] + other + word[index + 1 :]
                    if other != char and model.freq.get(pair, 0) <= RARE_MAX:
                        near[pair].add(word)
    return {pair: "".join(sorted(words)) for pair, words in near.items()}


def substitutions(model: Model, pair: str) -> list[str]:
    """Frequent dictionary words made by replacing one character of ``pair`` by
    another with the same reading."""
    words = (model.near or {}).get(pair, "")
    return [words[i : i + 2] for i in range(0, len(words), 2)]


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


def _reduplicated(clause: str, start: int) -> bool:
    """A verb said twice, as in 议一议, 写一写, 看看: a grammatical pattern, not
    a broken word."""
    a, b = clause[start], clause[start + 1]
    before = clause[start - 1] if start > 0 else ""
    after = clause[start + 2] if start + 2 < len(clause) else ""
    return a == b or (a == "一" and before == b) or (b == "一" and after == a)


def correction(model: Model, pair: str) -> str | None:
    """The one likely correction of ``pair``, or None."""
    targets = model.targets or {}
    words = sorted(substitutions(model, pair), key=lambda w: targets[w], reverse=True)
    if not words:
        return None
    best = targets[words[0]]
    if len(words) > 1 and best < DOMINANCE * targets[words[1]]:
        return None
    known = model.freq.get(pair, 0)
    if known > RARE_MAX or best < RARE_RATIO * known:
        return None
    return words[0]


def _log_probability(text: str, tk: Any = None) -> float:
    """log P of ``text`` in jieba's best segmentation (its unigram model), by
    jieba's own counts or by those of ``tk``."""
    tk = tk or segment.tokenizer()
    route: dict[int, tuple[float, int]] = {}
    tk.calc(text, tk.get_DAG(text), route)
    return route[0][0]


def likelier(
    clause: str,
    start: int,
    pair: str,
    word: str,
    second: Any = None,
    *,
    near: bool = False,
    shape: bool = False,
) -> bool:
    """Is the clause with ``word`` for ``pair`` far likelier than as written,
    by jieba's counts and (when given) by the second opinion's? A near-sound
    substitution (``near``) needs NEAR_ODDS."""
    fixed = clause[:start] + word + clause[start + 2 :]
    odds = COMMON_ODDS if COMMON_CHARS.intersection(pair) else ODDS
    if near:
        odds = max(odds, NEAR_ODDS)
    if shape:
        odds = max(odds, SHAPE_ODDS)
    if _log_probability(fixed) - _log_probability(clause) < math.log(odds):
        return False
    return second is None or (
        _log_probability(fixed, second) - _log_probability(clause, second)
        >= math.log(SECOND_ODDS)
    )


def known_elsewhere(model: Model, pair: str, word: str) -> bool:
    """Does the second opinion list ``pair`` as a word in its own right, not far
    rarer than ``word`` (a name, a regional term)?"""
    if model.second is None:
        return False
    counts = model.second.FREQ
    return counts.get(pair, 0) * KNOWN_RATIO > counts.get(word, 0) > 0


def suspects(model: Model, clause: str) -> Iterator[tuple[int, str, str]]:
    """(offset, pair, suggestion) in one run of Chinese characters."""
    near = model.near or {}
    tokens: dict[int, str] | None = None
    for start in range(len(clause) - 1):
        pair = clause[start : start + 2]
        if pair not in near or pair in model.allowed or pair in model.common:
            continue
        if _reduplicated(clause, start):
            continue
        if tokens is None:  # cut once per clause, and only if needed
            tokens = dict(_tokens(clause))
        found = _pair_at(tokens, clause, start)
        word = correction(model, found) if found else None
        if (
            word
            and not known_elsewhere(model, found, word)
            and not _explained(model, clause, start, word)
            and likelier(
                clause,
                start,
                found,
                word,
                model.second,
                near=kind(model, found, word) == NEAR,
                shape=kind(model, found, word) == SHAPE,
            )
            and not in_name(clause, start)  # the tagger last: the costliest test
        ):
            yield start, found, word


_pos_tokenizer: Any = None
#: jieba's tags of names: a person's (nr), a transliterated one (nrt: 爱莎妮亚), a
#: place's (ns). ADR 0428.
NAME_TAGS = ("nr", "nrt", "ns")


def in_name(clause: str, start: int) -> bool:
    """Is the pair at ``start`` part of a name of three or more characters — a
    person's (黄立己, 王哲明), a transliterated one or a place's — by jieba's
    part-of-speech tagger and its model of unknown words? A name is not a slip
    (ADR 0428)."""
    global _pos_tokenizer
    if _pos_tokenizer is None:
        from jieba.posseg import POSTokenizer

        _pos_tokenizer = POSTokenizer(segment.tokenizer())
    position = 0
    for token in _pos_tokenizer.cut(clause, HMM=True):
        end = position + len(token.word)
        if position <= start and start + 2 <= end:
            return len(token.word) >= 3 and token.flag in NAME_TAGS
        if end > start:
            return False
        position = end
    return False


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
    # Costly in bulk (1–1.5 MB/s, +580 MB, 4–5 s to load: ADR 0429): on in the
    # pre-publish gate (jiyue.editorial), off by default elsewhere (ADR 0409).
    opt_in = True

    lexicons = ("typo_stats_allow.txt", "shape_similar.tsv")

    def compile(self, source: LexiconSource) -> Model:
        allowed = frozenset(w for rec in records(self.lexicons[0], source) for w in rec)
        shapes = tuple(
            (rec[0], rec[1])
            for rec in records(self.lexicons[1], source)
            if len(rec) >= 2 and float(rec[2] if len(rec) > 2 else 1) >= SHAPE_MIN
        )
        return build_model(allowed, shapes)

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
