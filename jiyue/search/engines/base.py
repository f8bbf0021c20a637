"""The one small interface every search engine implements.

Engines receive documents (``documents.IndexDoc``) and structured queries
(``EngineQuery``): no engine ever parses what a citizen typed, so that no query
syntax of any engine can be reached from the search box
(docs/decisions/0603-one-engine-interface.md).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from ..documents import IndexDoc
from ..segment import Segmenter

# Facets and the IndexDoc attribute each counts.
FACETS = ("site", "column_kind", "topic", "issuer", "year", "validity")
# How much a match counts in each part of a document.
TITLE_BOOST, META_BOOST, BODY_BOOST, EXACT_BOOST = 5.0, 2.0, 1.0, 20.0
FACET_SIZE = 30
# Each document falls in one of SAMPLE_BUCKETS by its key; a query matching
# more than APPROXIMATE_ABOVE documents is counted (total and facets) over
# SAMPLED_BUCKETS of them and shown as 约 (ADR 0617, 0618).
SAMPLE_BUCKETS = 64
SAMPLED_BUCKETS = 2
APPROXIMATE_ABOVE = 50_000

Progress = Callable[[int], None]


@dataclass(frozen=True)
class Alternative:
    """Words that must stand at these offsets from each other (one word: a
    term; several: a phrase, as the query's segmentation placed them)."""

    words: tuple[tuple[int, str], ...]

    @classmethod
    def term(cls, word: str) -> Alternative:
        return cls(((0, word),))

    @property
    def is_term(self) -> bool:
        return len(self.words) == 1


@dataclass(frozen=True)
class Clause:
    """One thing the citizen asked for, in any of its forms (a word, its
    synonyms, the word as it was segmented before the office added it).
    ``exact`` also matches the 文号 or 索引号 field exactly."""

    alternatives: tuple[Alternative, ...]
    exact: str = ""


@dataclass
class EngineQuery:
    clauses: list[Clause]
    require_all: bool = True
    site_ids: frozenset[int] | None = None  # None: every site
    filters: dict[str, str | int] = field(default_factory=dict)
    sort: str = "relevance"  # or "date"
    offset: int = 0
    limit: int = 10
    facets: bool = True

    def without_filter(self, name: str) -> EngineQuery:
        filters = {k: v for k, v in self.filters.items() if k != name}
        return EngineQuery(
            self.clauses, self.require_all, self.site_ids, filters, self.sort
        )


@dataclass
class Hit:
    key: str
    score: float
    site_id: int
    url: str
    title: str
    body: str
    kind: str
    kind_label: str
    column_kind: str
    column_title: str
    validity: str
    date: datetime | None
    doc_number: str = ""


@dataclass
class EngineResult:
    total: int
    hits: list[Hit]
    facets: dict[str, list[tuple[str | int, int]]] = field(default_factory=dict)
    # total and facet counts estimated from a sample (shown as 约: ADR 0617)
    approximate: bool = False
    # the facets estimated while the rest is counted: a chosen value's
    # siblings, over very many matches (ADR 0618)
    estimated: frozenset[str] = frozenset()


def estimated(count: int, scale: float) -> int:
    """A count over the sample, scaled to the whole: three digits that mean
    something (a sample of 1/32 of a million matches is ±0.6 %)."""
    if scale == 1:
        return count
    value = round(count * scale)
    digits = len(str(value))
    return round(value, 3 - digits) if digits > 3 else value


def counted_by_filter(
    aggregate: Callable[[EngineQuery, list[str]], tuple[dict, int]],
    query: EngineQuery,
    above: int,
    keep: Iterable[str] = (),
) -> tuple[dict, int, set[str]]:
    """Facet counts under every filter but the facet's own, so that a chosen
    value's siblings stay visible (not counted for the filters in ``keep``);
    the number of matches ``aggregate`` gave for the query itself; and the
    filters whose siblings were counted over more than ``above`` matches.
    ``aggregate(query, names)`` is the engine's count of ``names``."""
    facets, total = aggregate(query, [n for n in FACETS if n not in query.filters])
    many = set()
    for name in query.filters:
        if name in keep:
            continue
        siblings, matched = aggregate(query.without_filter(name), [name])
        facets.update(siblings)
        if matched > above:
            many.add(name)
    return facets, total, many


def facet_value(doc: IndexDoc, name: str) -> str | int | None:
    return doc.site_id if name == "site" else getattr(doc, name)


class SearchEngine(ABC):
    """An index of ``IndexDoc`` and the searches over it."""

    name: str

    @abstractmethod
    def upsert(self, docs: Iterable[IndexDoc], segmenter: Segmenter) -> int:
        """Adds or replaces documents (by key) in the index in use."""

    @abstractmethod
    def delete(self, keys: Iterable[str]) -> None: ...

    @abstractmethod
    def replace_site(
        self,
        site_id: int,
        docs: Iterable[IndexDoc],
        segmenter: Segmenter,
        progress: Progress | None = None,
    ) -> int:
        """Replaces one site's documents in the index in use, in one step."""

    @abstractmethod
    def rebuild(
        self,
        docs: Iterable[IndexDoc],
        segmenter: Segmenter,
        *,
        build_id: int,
        progress: Progress | None = None,
    ) -> int:
        """Builds a complete new index beside the one in use, then swaps it in;
        searches go on meanwhile. Returns how many documents it holds."""

    @abstractmethod
    def built_id(self) -> int | None:
        """The ``SearchRebuild`` id of the index in use (None: never built)."""

    @abstractmethod
    def search(self, query: EngineQuery) -> EngineResult: ...

    @abstractmethod
    def count(self, query: EngineQuery) -> int:
        """How many documents match (no hits, no facets)."""

    def close(self) -> None:  # noqa: B027 (optional: most engines hold nothing)
        """Releases what the engine holds open (files, readers)."""
