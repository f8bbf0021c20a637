"""The vocabulary a query is read with: words, synonyms, best bets, pinyin.

Built from the files shipped in ``data/`` and the office's rows (``SearchWord``,
``Synonym``, ``BestBet``), plus column titles and the queries citizens made that
found something (for pinyin and 「您是不是要找」, as xunsearch does with its log).

Every process keeps one ``Lexicon`` and rebuilds it when the version in the
shared cache changes (a save or delete of those rows sets a new one: effective at
the next query, without a restart) or after ``LOCAL_SECONDS``.
"""

from __future__ import annotations

import re
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from django.db.models import Count
from django.utils import timezone
from pypinyin import Style, lazy_pinyin

from . import versions
from .segment import Segmenter, fold

DATA_DIR = Path(__file__).resolve().parent / "data"
VERSION_KEY = "search:lexicon:version"
LOCAL_SECONDS = 600
TERM_SPLIT_RE = re.compile(r"[,，、;；\s]+")
CJK_WORD_RE = re.compile(r"[\u4e00-\u9fff]{2,8}")
# Priorities of the words a pinyin query may stand for.
MANAGED, COLUMN, LOGGED = 3, 2, 1
LOGGED_QUERIES = 2000
LOGGED_MIN_COUNT = 3


def split_terms(text: str) -> list[str]:
    return [t for t in (fold(p).strip() for p in TERM_SPLIT_RE.split(text)) if t]


def _data_lines(name: str) -> list[str]:
    lines = (DATA_DIR / name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and line[0] != "#"]


@dataclass(frozen=True)
class Bet:
    title: str
    url: str
    description: str
    page_id: int | None


@dataclass
class Lexicon:
    version: str
    segmenter: Segmenter
    # site id (None: every site) → term → every term of its group
    synonyms: dict[int | None, dict[str, tuple[str, ...]]]
    best_bets: dict[tuple[int | None, str], list[Bet]]
    # word → (priority, count): what a pinyin query or a misspelling may mean
    vocabulary: dict[str, tuple[int, int]]
    full_pinyin: dict[str, list[str]] = field(default_factory=dict)
    initials: dict[str, list[str]] = field(default_factory=dict)
    homophones: dict[str, list[str]] = field(default_factory=dict)
    # Words every document of the index in use was cut with (ADR 0616).
    indexed_whole: frozenset[str] = frozenset()
    built_at: float = 0.0

    def synonyms_of(self, term: str, site_id: int | None) -> tuple[str, ...]:
        for key in (site_id, None):
            group = self.synonyms.get(key, {}).get(term)
            if group:
                return group
        return ()

    def bets_for(self, query: str, site_id: int | None) -> list[Bet]:
        key = fold(query).strip()
        return self.best_bets.get((site_id, key), []) + self.best_bets.get(
            (None, key), []
        )

    def ranked(self, words: list[str]) -> list[str]:
        return sorted(words, key=lambda w: self.vocabulary[w], reverse=True)


def _synonym_groups() -> dict[int | None, list[list[str]]]:
    from .models import Synonym

    groups: dict[int | None, list[list[str]]] = defaultdict(list)
    for line in _data_lines("synonyms.txt"):
        groups[None].append(split_terms(line))
    for row in Synonym.objects.filter(is_active=True).only("terms", "site_id"):
        groups[row.site_id].append(split_terms(row.terms))
    return groups


def _synonym_map(groups) -> dict[int | None, dict[str, tuple[str, ...]]]:
    result: dict[int | None, dict[str, tuple[str, ...]]] = {}
    for site_id, site_groups in groups.items():
        terms: dict[str, set[str]] = defaultdict(set)
        for group in site_groups:
            for term in group:
                terms[term].update(group)
        result[site_id] = {t: tuple(sorted(g)) for t, g in terms.items()}
    return result


def _best_bets() -> dict[tuple[int | None, str], list[Bet]]:
    from .models import BestBet

    bets: dict[tuple[int | None, str], list[Bet]] = defaultdict(list)
    rows = BestBet.objects.filter(is_active=True).select_related("page")
    for row in rows.order_by("sort_order", "pk"):
        page = row.page
        if page is not None and not page.live:
            continue
        bets[(row.site_id, fold(row.query).strip())].append(
            Bet(
                title=row.title or (page.title if page else row.url),
                url=row.url if page is None else "",
                description=row.description,
                page_id=page.pk if page else None,
            )
        )
    return dict(bets)


def _managed_words() -> list[str]:
    from .models import SearchWord

    return _data_lines("words.txt") + list(
        SearchWord.objects.values_list("word", flat=True)
    )


def _column_titles() -> list[str]:
    from jiyue.content.models import ColumnPage

    titles = ColumnPage.objects.live().values_list("title", flat=True).distinct()
    return [t for t in titles[:5000] if CJK_WORD_RE.fullmatch(t)]


def _logged_queries() -> list[tuple[str, int]]:
    from .models import QueryLog

    since = timezone.localdate() - timedelta(days=180)
    rows = (
        QueryLog.objects.filter(searched_on__gte=since, results__gt=0)
        .values("query")
        .annotate(n=Count("pk"))
        .filter(n__gte=LOGGED_MIN_COUNT)
        .order_by("-n")[:LOGGED_QUERIES]
    )
    return [(r["query"], r["n"]) for r in rows if CJK_WORD_RE.fullmatch(r["query"])]


def _vocabulary(managed: list[str], synonyms) -> dict[str, tuple[int, int]]:
    vocabulary: dict[str, tuple[int, int]] = {}
    for word, count in _logged_queries():
        vocabulary[word] = (LOGGED, count)
    for title in _column_titles():
        vocabulary[fold(title)] = (COLUMN, 0)
    for word in managed + [t for m in synonyms.values() for t in m]:
        if CJK_WORD_RE.fullmatch(fold(word)):
            vocabulary[fold(word)] = (MANAGED, 0)
    return vocabulary


def _pinyin_maps(lexicon: Lexicon) -> None:
    full, initials, homophones = defaultdict(list), defaultdict(list), {}
    for word in lexicon.vocabulary:
        syllables = lazy_pinyin(word)
        full["".join(syllables)].append(word)
        initials["".join(lazy_pinyin(word, style=Style.FIRST_LETTER))].append(word)
    for key, words in full.items():
        lexicon.full_pinyin[key] = homophones[key] = lexicon.ranked(words)
    for key, words in initials.items():
        lexicon.initials[key] = lexicon.ranked(words)
    lexicon.homophones = homophones


def _indexed_whole() -> frozenset[str]:
    """The words of the lexicon the index in use was built with: a document
    holds them whole, never in pieces, unless it was indexed before they were
    added, and a full rebuild re-cut every document."""
    from .engines import get_engine
    from .models import SearchRebuild

    build_id = get_engine().built_id()
    if build_id is None:
        return frozenset()
    words = (
        SearchRebuild.objects.filter(pk=build_id, finished_at__isnull=False)
        .values_list("words", flat=True)
        .first()
    )
    return frozenset((words or "").split("\n")) - {""}


def build(version: str) -> Lexicon:
    managed = _managed_words()
    groups = _synonym_groups()
    synonyms = _synonym_map(groups)
    words = managed + [t for gs in groups.values() for g in gs for t in g]
    lexicon = Lexicon(
        version=version,
        segmenter=Segmenter(words),
        synonyms=synonyms,
        best_bets=_best_bets(),
        vocabulary=_vocabulary(managed, synonyms),
        indexed_whole=_indexed_whole(),
        built_at=time.monotonic(),
    )
    _pinyin_maps(lexicon)
    return lexicon


_lock = threading.Lock()
_current: Lexicon | None = None


def current() -> Lexicon:
    """This process's lexicon, rebuilt when the office changed the vocabulary."""
    global _current
    version = versions.current(VERSION_KEY)
    lexicon = _current
    fresh = lexicon is not None and time.monotonic() - lexicon.built_at < LOCAL_SECONDS
    if lexicon is not None and lexicon.version == version and fresh:
        return lexicon
    with _lock:
        if _current is None or _current is lexicon:
            _current = build(version)
        return _current


def invalidate() -> None:
    """Every process rebuilds its lexicon at its next query."""
    versions.change(VERSION_KEY)


def forget_local() -> None:
    global _current
    _current = None
