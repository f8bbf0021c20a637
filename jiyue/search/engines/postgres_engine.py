"""PostgreSQL full-text search over the same pre-segmented tokens.

Chosen when the database is PostgreSQL, so that a cluster that outgrows one
machine searches on its database's replicas with no new server. A document's
tokens go into a ``tsvector`` written as a literal (``'word':pos weight``), never
through a text search configuration, and a query is a ``tsquery`` literal built
from the query's clauses: PostgreSQL's parser never sees Chinese text, nor what a
citizen typed. Positions are character offsets (title from 1, metadata from
2000, text from 4000), weights A/B/D rank a title match over a text match. The
``document`` column has a GIN index, or RUM where that extension is installed
(migration 0002; docs/decisions/0605-postgresql-engine.md).

The SQL is written here because Django's full-text expressions go through a
text search configuration, which would split the words again (0605).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable

from django.db import connection, transaction
from django.utils import timezone

from ..documents import IndexDoc
from ..segment import Segmenter, Token
from .base import (
    FACET_SIZE,
    FACETS,
    Alternative,
    EngineQuery,
    EngineResult,
    Hit,
    SearchEngine,
)

TABLE = "search_searchentry"
MAX_POSITION = 16383
OFFSETS = {"A": 1, "B": 2000, "D": 4000}
BATCH = 500
# ts_rank weights {D, C, B, A}: title 5, metadata 2, text 1, as in tantivy.
RANK_WEIGHTS = "{0.2, 0.2, 0.4, 1.0}"
EXACT_BONUS = 10.0
COLUMNS = ("generation", "key", "site_id", "url", "kind", "column_kind",
           "column_title", "topic", "issuer", "year", "validity", "date", "weight",
           "title", "body", "doc_number", "index_no")  # fmt: skip
FACET_COLUMNS = {"site": "site_id", "column_kind": "column_kind", "topic": "topic",
                 "issuer": "issuer", "year": "year", "validity": "validity"}  # fmt: skip


def quote(word: str) -> str:
    """A lexeme in tsvector/tsquery literal syntax."""
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector_literal(parts: Iterable[tuple[str, list[Token]]]) -> str:
    positions: dict[str, list[str]] = defaultdict(list)
    for weight, tokens in parts:
        base = OFFSETS[weight]
        for token in tokens:
            spot = min(base + token.position, MAX_POSITION)
            positions[token.text].append(f"{spot}{weight}")
    return " ".join(
        f"{quote(word)}:{','.join(spots[:256])}" for word, spots in positions.items()
    )


def _alternative(alt: Alternative) -> str:
    if alt.is_term:
        return quote(alt.words[0][1])
    text = quote(alt.words[0][1])
    for (before, _w), (offset, word) in zip(alt.words, alt.words[1:], strict=False):
        text = f"({text} <{max(offset - before, 1)}> {quote(word)})"
    return text


def tsquery_literal(query: EngineQuery) -> str:
    clauses = [
        "(" + " | ".join(_alternative(a) for a in clause.alternatives) + ")"
        for clause in query.clauses
    ]
    return (" & " if query.require_all else " | ").join(clauses)


def _weight_factor(weight: int) -> float:
    return math.log2(2 + weight)


class PostgresEngine(SearchEngine):
    name = "postgres"

    # -- the generation in use ---------------------------------------------------

    def built_id(self) -> int | None:
        from ..models import SearchRebuild

        return (
            SearchRebuild.objects.filter(engine=self.name, finished_at__isnull=False)
            .order_by("-pk")
            .values_list("pk", flat=True)
            .first()
        )

    # -- writing -------------------------------------------------------------

    @staticmethod
    def _row(doc: IndexDoc, generation: int, segmenter: Segmenter) -> tuple:
        vector = tsvector_literal(
            (weight, segmenter.document_tokens(text))
            for weight, text in (("A", doc.title), ("B", doc.meta), ("D", doc.body))
            if text
        )
        return (
            generation, doc.key, doc.site_id, doc.url, doc.kind, doc.column_kind,
            doc.column_title[:255], doc.topic[:120], doc.issuer[:100], doc.year,
            doc.validity, doc.date, _weight_factor(doc.weight), doc.title, doc.body,
            doc.doc_number[:60], doc.index_no[:60], vector,
        )  # fmt: skip

    def _insert(self, rows: list[tuple], *, upsert: bool) -> None:
        if not rows:
            return
        names = ", ".join((*COLUMNS, "document"))
        marks = ", ".join(["%s"] * len(COLUMNS) + ["%s::tsvector"])
        sql = f"INSERT INTO {TABLE} ({names}) VALUES ({marks})"  # noqa: S608
        if upsert:
            updates = ", ".join(
                f"{c} = EXCLUDED.{c}" for c in (*COLUMNS[2:], "document")
            )
            sql += f" ON CONFLICT (generation, key) DO UPDATE SET {updates}"
        with connection.cursor() as cursor:
            cursor.executemany(sql, rows)

    def _write(self, docs, generation, segmenter, progress, *, upsert) -> int:
        rows, count = [], 0
        for doc in docs:
            rows.append(self._row(doc, generation, segmenter))
            count += 1
            if progress:
                progress(1)
            if len(rows) >= BATCH:
                self._insert(rows, upsert=upsert)
                rows = []
        self._insert(rows, upsert=upsert)
        return count

    def upsert(self, docs: Iterable[IndexDoc], segmenter: Segmenter) -> int:
        generation = self.built_id()
        if generation is None:
            return 0
        with transaction.atomic():
            return self._write(docs, generation, segmenter, None, upsert=True)

    def delete(self, keys: Iterable[str]) -> None:
        generation = self.built_id()
        keys = list(keys)
        if generation is None or not keys:
            return
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {TABLE} WHERE generation = %s AND key = ANY(%s)",  # noqa: S608
                [generation, keys],
            )

    def replace_site(self, site_id, docs, segmenter, progress=None) -> int:
        generation = self.built_id()
        if generation is None:
            return 0
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(
                    f"DELETE FROM {TABLE} WHERE generation = %s AND site_id = %s",  # noqa: S608
                    [generation, site_id],
                )
            return self._write(docs, generation, segmenter, progress, upsert=True)

    def rebuild(self, docs, segmenter, *, build_id, progress=None) -> int:
        from ..models import SearchRebuild

        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE} WHERE generation = %s", [build_id])  # noqa: S608
        count = self._write(docs, build_id, segmenter, progress, upsert=False)
        # The swap: the finished build is the generation every search reads.
        SearchRebuild.objects.filter(pk=build_id).update(
            finished_at=timezone.now(), documents=count
        )
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE} WHERE generation <> %s", [build_id])  # noqa: S608
            # The planner's figures for the new rows (autovacuum comes later):
            # without them it takes a word found everywhere for a rare one.
            cursor.execute(f"ANALYZE {TABLE}")
        return count

    # -- searching -------------------------------------------------------------

    def _where(self, query: EngineQuery, generation: int) -> tuple[str, list]:
        sql = ["generation = %s", "document @@ %s::tsquery"]
        params: list = [generation, tsquery_literal(query)]
        if query.site_ids is not None:
            sql.append("site_id = ANY(%s)")
            params.append(sorted(query.site_ids))
        for name, value in query.filters.items():
            sql.append(f"{FACET_COLUMNS[name]} = %s")
            params.append(value)
        return " AND ".join(sql), params

    @staticmethod
    def _exacts(query: EngineQuery) -> list[str]:
        return [c.exact for c in query.clauses if c.exact]

    def count(self, query: EngineQuery) -> int:
        generation = self.built_id()
        if generation is None or not query.clauses:
            return 0
        where, params = self._where(query, generation)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {TABLE} WHERE {where}", params)  # noqa: S608
            return cursor.fetchone()[0]

    def search(self, query: EngineQuery) -> EngineResult:
        generation = self.built_id()
        if generation is None or not query.clauses:
            return EngineResult(0, [])
        where, params = self._where(query, generation)
        if query.sort == "date":
            order, order_params = "date DESC NULLS LAST, id DESC", []
        else:
            order = (
                f"ts_rank('{RANK_WEIGHTS}', document, %s::tsquery) * weight"
                " + CASE WHEN doc_number = ANY(%s) OR index_no = ANY(%s)"
                f" THEN {EXACT_BONUS} ELSE 0 END DESC, date DESC NULLS LAST"
            )
            exacts = self._exacts(query)
            order_params = [tsquery_literal(query), exacts, exacts]
        columns = "key, site_id, url, title, body, kind, column_kind, column_title, validity, date, doc_number"
        sql = (
            f"SELECT {columns}, count(*) OVER () FROM {TABLE} WHERE {where}"  # noqa: S608
            f" ORDER BY {order} LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, *order_params, query.limit, query.offset])
            rows = cursor.fetchall()
        total = rows[0][-1] if rows else (self.count(query) if query.offset else 0)
        hits = [self._hit(row) for row in rows]
        facets = self._facets(query, generation) if query.facets else {}
        return EngineResult(total, hits, facets)

    @staticmethod
    def _hit(row) -> Hit:
        from ..documents import KIND_LABELS

        key, site_id, url, title, body, kind, ckind, ctitle, validity, date, num = row[
            :11
        ]
        label = KIND_LABELS.get(kind)
        return Hit(
            key=key, score=0.0, site_id=site_id, url=url, title=title, body=body,
            kind=kind, kind_label=str(label) if label else kind, column_kind=ckind,
            column_title=ctitle, validity=validity, date=date, doc_number=num,
        )  # fmt: skip

    def _aggregate(self, query: EngineQuery, generation: int, names) -> dict:
        where, params = self._where(query, generation)
        columns = [FACET_COLUMNS[n] for n in names]
        groupings = ", ".join(f"GROUPING({c})" for c in columns)
        sets = ", ".join(f"({c})" for c in columns)
        sql = (
            f"SELECT {groupings}, {', '.join(columns)}, count(*) FROM {TABLE}"  # noqa: S608
            f" WHERE {where} GROUP BY GROUPING SETS ({sets})"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        facets: dict[str, list] = {n: [] for n in names}
        width = len(columns)
        for row in rows:
            index = list(row[:width]).index(0)
            value = row[width + index]
            if value not in (None, ""):
                facets[names[index]].append((value, row[-1]))
        return {
            name: sorted(values, key=lambda v: -v[1])[:FACET_SIZE]
            for name, values in facets.items()
        }

    def _facets(self, query: EngineQuery, generation: int) -> dict:
        plain = [n for n in FACETS if n not in query.filters]
        facets = self._aggregate(query, generation, plain) if plain else {}
        for name in query.filters:
            facets.update(
                self._aggregate(query.without_filter(name), generation, [name])
            )
        return facets
