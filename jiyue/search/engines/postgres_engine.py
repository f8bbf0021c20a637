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

import json
import math
from collections import defaultdict
from collections.abc import Iterable
from contextlib import contextmanager, nullcontext, suppress
from datetime import datetime

from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from ..documents import CURRENT_WEIGHT, REPEALED, IndexDoc
from ..segment import Segmenter
from .base import (
    FACET_SIZE,
    FACETS,
    SAMPLE_BUCKETS,
    SAMPLED_BUCKETS,
    Alternative,
    EngineQuery,
    EngineResult,
    Hit,
    SearchEngine,
    counted_by_filter,
    estimated,
)
from .parallel import prepared

TABLE = "search_searchentry"
SAMPLE_TABLE = "search_searchsample"  # its rows of SAMPLED_BUCKETS (migration 0005)
# Counted on the sample above this many matches: lower than tantivy's (each
# match counted costs ~4 µs here, ~0.05 µs there; at a million documents 46 000
# matches took 190 ms), still ±4 % on the sample (ADR 0618).
APPROXIMATE_ABOVE = 15_000
# What it costs (µs) to read a row's ``document`` while walking an index in
# order, and to find a match through the text index and sort it (``_planned``).
WALK_COST, PASS_COST = 16, 3
MAX_POSITION = 16383
OFFSETS = {"A": 1, "B": 2000, "D": 4000}
BATCH = 500
# ts_rank weights {D, C, B, A}: title 5, metadata 2, text 1, as in tantivy.
RANK_WEIGHTS = "{0.2, 0.2, 0.4, 1.0}"
EXACT_BONUS = 10.0
COLUMNS = ("generation", "key", "site_id", "url", "kind", "column_kind",
           "column_title", "topic", "issuer", "year", "validity", "date", "weight",
           "title", "body", "doc_number", "index_no")  # fmt: skip
VECTORS = ("document", "title_document")
HIT_COLUMNS = ("id", "key", "site_id", "url", "title", "body", "kind", "column_kind",
               "column_title", "validity", "date", "doc_number")  # fmt: skip
# A relevance search ranks (ts_rank reads each document's whole tsvector) at
# most this many matches: those with the exact 文号, then those with the words
# in their title, current before repealed, newest first
# (docs/decisions/0613-postgresql-ranks-a-capped-candidate-set.md; 100, not
# 300, since ADR 0618: the same P@1 and R@10 at a million documents, and a
# third of the rows to walk for a page of a query with very many matches).
RANKED_AT_MOST = 100
FACET_COLUMNS = {"site": "site_id", "column_kind": "column_kind", "topic": "topic",
                 "issuer": "issuer", "year": "year", "validity": "validity"}  # fmt: skip


def quote(word: str) -> str:
    """A lexeme in tsvector/tsquery literal syntax."""
    if "'" in word or "\\" in word:
        word = word.replace("\\", "\\\\").replace("'", "''")
    return f"'{word}'"


Words = list[tuple[str, int, int]]


def tsvector_literal(parts: Iterable[tuple[str, Words]]) -> str:
    """(weight, the (word, offset, end) of ``Segmenter.document_words``) as a
    ``tsvector`` literal: each word once, its positions in the order of the
    parts (at most 256 a word, capped at ``MAX_POSITION``)."""
    parts = list(parts)
    spots: dict[str, str] = {}
    for weight, words in parts:
        base = OFFSETS[weight]
        if words and base + max(words, key=_offset)[1] > MAX_POSITION:
            return _capped_literal(parts)
        for word, at, _end in words:
            found = spots.get(word)
            spots[word] = (
                f"{base + at}{weight}"
                if found is None
                else f"{found},{base + at}{weight}"
            )
    if not spots:
        return ""
    if max(map(len, spots.values())) >= 2 * 256:  # perhaps over 256 positions
        return _capped_literal(parts)
    if "'" in (words := "".join(spots)) or "\\" in words:
        return " ".join(map(_lexeme, spots.keys(), spots.values()))
    return " ".join(map("'{}':{}".format, spots.keys(), spots.values()))


def _offset(word: tuple[str, int, int]) -> int:
    return word[1]


def _lexeme(word: str, spots: str) -> str:
    return f"{quote(word)}:{spots}"


def _capped_literal(parts: list[tuple[str, Words]]) -> str:
    """``tsvector_literal`` of a long text or with a word of more than 256
    positions (PostgreSQL's limits)."""
    positions: dict[str, list[str]] = defaultdict(list)
    for weight, words in parts:
        base = OFFSETS[weight]
        for word, at, _end in words:
            positions[word].append(f"{min(base + at, MAX_POSITION)}{weight}")
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


def _row(doc: IndexDoc, generation: int, segmenter: Segmenter) -> tuple:
    """A document's row (``COLUMNS``, ``document`` and ``title_document``)."""
    title = ("A", segmenter.document_words(doc.title))
    vector = tsvector_literal(
        [title]
        + [
            (weight, segmenter.document_words(text))
            for weight, text in (("B", doc.meta), ("D", doc.body))
            if text
        ]
    )
    return (
        generation, doc.key, doc.site_id, doc.url, doc.kind, doc.column_kind,
        doc.column_title[:255], doc.topic[:120], doc.issuer[:100], doc.year,
        doc.validity, doc.date, _weight_factor(doc.weight), doc.title, doc.body,
        doc.doc_number[:60], doc.index_no[:60], vector, tsvector_literal([title]),
    )  # fmt: skip


def _walk_bounds(query: EngineQuery) -> tuple[str, list]:
    """What a chosen year or validity says of the columns the ordered indexes
    hold (a year is a range of dates, a validity a weight), so that a walk
    starts where its rows are instead of passing every newer or current row
    first (ADR 0618)."""
    sql, params = "", []
    year = query.filters.get("year")
    if isinstance(year, int) and 1 <= year < 9999:
        zone = timezone.get_current_timezone()
        sql += " AND date >= %s AND date < %s"
        params += [
            datetime(year, 1, 1, tzinfo=zone),
            datetime(year + 1, 1, 1, tzinfo=zone),
        ]
    validity = query.filters.get("validity")
    if validity is not None:
        weight = 0 if validity in REPEALED else CURRENT_WEIGHT
        sql += " AND weight = %s"
        params.append(_weight_factor(weight))
    return sql, params


@contextmanager
def _planner_off(cursor, setting: str):
    """One of the planner's ``enable_*`` settings off for the statements run
    inside."""
    cursor.execute(f"SET {setting} = off")
    try:
        yield
    finally:
        # In a failed transaction this fails too: its rollback undoes the SET.
        with suppress(DatabaseError):
            cursor.execute(f"RESET {setting}")


def _cap(query: EngineQuery) -> int:
    """How many candidates are ranked: a page further than the cap ranks up to
    its own end."""
    return max(RANKED_AT_MOST, query.offset + query.limit)


class PostgresEngine(SearchEngine):
    name = "postgres"

    def __init__(self) -> None:
        self._sizes: dict[int, int] = {}  # documents a generation holds

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

    def _insert(self, rows: list[tuple], *, upsert: bool) -> None:
        if not rows:
            return
        names = ", ".join((*COLUMNS, *VECTORS))
        marks = ", ".join(["%s"] * len(COLUMNS) + ["%s::tsvector"] * len(VECTORS))
        sql = f"INSERT INTO {TABLE} ({names}) VALUES ({marks})"  # noqa: S608
        if upsert:
            updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in (*COLUMNS[2:], *VECTORS))
            sql += f" ON CONFLICT (generation, key) DO UPDATE SET {updates}"
        with connection.cursor() as cursor:
            cursor.executemany(sql, rows)

    @staticmethod
    def _copy(rows: list[tuple]) -> None:
        """A new generation's rows in one ``COPY`` (no conflict is possible:
        the generation is empty), the ``tsvector`` literals parsed by the
        server as on ``INSERT`` (docs/decisions/0615-reindex-cheaper-per-token-work.md)."""
        if not rows:
            return
        names = ", ".join((*COLUMNS, *VECTORS))
        sql = f"COPY {TABLE} ({names}) FROM STDIN"
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)

    def _write(self, docs, generation, segmenter, progress, *, upsert) -> int:
        def write(rows: list[tuple]) -> None:
            if upsert:
                self._insert(rows, upsert=True)
            else:
                self._copy(rows)

        rows, count = [], 0
        for row in prepared(docs, _row, generation, segmenter, progress=progress):
            rows.append(row)
            count += 1
            if len(rows) >= BATCH:
                write(rows)
                rows = []
        write(rows)
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
            # The planner's figures for the new rows: without them it takes a
            # word found everywhere for a rare one. And the old rows' space
            # back, not left to autovacuum (off on some servers): until then
            # every search also visits them, through the text index.
            if connection.in_atomic_block:
                cursor.execute(f"ANALYZE {TABLE}")
            else:
                cursor.execute(f"VACUUM (ANALYZE) {TABLE}")
        return count

    # -- searching -------------------------------------------------------------

    def _where(
        self, query: EngineQuery, generation: int, *, walked=False, vector="document"
    ) -> tuple[str, list]:
        """The matches' condition. ``generation + 0``: the text index, never
        the (generation, site) one, finds the matches (see
        ``_text_index_only``); a walk (``walked``) reads an ordered index that
        begins with ``generation``, told where a chosen year or validity is
        (``_walk_bounds``). ``vector``: the text or the title's words."""
        sql = [
            "generation = %s" if walked else "generation + 0 = %s",
            f"{vector} @@ %s::tsquery",
        ]
        params: list = [generation, tsquery_literal(query)]
        if query.site_ids is not None:
            sql.append("site_id = ANY(%s)")
            params.append(sorted(query.site_ids))
        for name, value in query.filters.items():
            sql.append(f"{FACET_COLUMNS[name]} = %s")
            params.append(value)
        if walked:
            bounds, bound_params = _walk_bounds(query)
            return " AND ".join(sql) + bounds, params + bound_params
        return " AND ".join(sql), params

    @staticmethod
    def _exacts(query: EngineQuery) -> list[str]:
        return [c.exact for c in query.clauses if c.exact]

    @staticmethod
    @contextmanager
    def _text_index_only(cursor):
        """Matches found through the text index, never by reading every row.

        For a word found in most documents the planner prefers a sequential
        scan, taking ``document @@ query`` for a cheap filter; it is not: it
        reads each row's whole ``tsvector`` out of TOAST (~7 ms per thousand
        rows). The GIN index answers a plain word without reading the vectors
        at all."""
        with _planner_off(cursor, "enable_seqscan"):
            yield cursor

    def count(self, query: EngineQuery) -> int:
        generation = self.built_id()
        if generation is None or not query.clauses:
            return 0
        with connection.cursor() as cursor, self._text_index_only(cursor):
            return self._count(query, generation, cursor)

    def search(self, query: EngineQuery) -> EngineResult:
        generation = self.built_id()
        if generation is None or not query.clauses:
            return EngineResult(0, [])
        plain = [n for n in FACETS if n not in query.filters] if query.facets else []
        many: set[str] = set()
        with connection.cursor() as cursor, self._text_index_only(cursor):
            if query.facets:
                # The sample first: cheap, and it tells whether to count them
                # all (docs/decisions/0618-postgresql-counts-a-sample-and-walks-for-the-page.md).
                sampled, total, many = self._facets(query, generation, cursor, True)
                if total > APPROXIMATE_ABOVE:
                    hits = self._walked(query, generation, cursor, total)
                    return EngineResult(total, hits, sampled, approximate=True)
            sql, params = self._statement(query, generation, plain)
            cursor.execute(sql, params)
            rows = cursor.fetchall()
            if rows:
                # The facet counts come with every row of the page, as text:
                # decoded once (psycopg would decode each row's copy).
                counted = json.loads(rows[0][-1]) if rows[0][-1] else []
                total, facets = rows[0][-2], self._facet_rows(plain, counted)
            elif plain:  # a page past the last: counted apart
                facets, total = self._aggregate(query, generation, plain, cursor)
            else:
                facets, total = {}, self._count(query, generation, cursor)
            if query.facets:
                for name in query.filters:
                    if name in many:  # a chosen value's siblings: very many
                        facets[name] = sampled[name]
                        continue
                    facets.update(
                        self._aggregate(query.without_filter(name), generation, [name], cursor)[0]
                    )  # fmt: skip
        hits = [self._hit(row) for row in rows]
        return EngineResult(total, hits, facets, estimated=frozenset(many))

    def _size(self, generation: int) -> int:
        """How many documents the generation holds (its rebuild's count)."""
        from ..models import SearchRebuild

        if generation not in self._sizes:
            self._sizes[generation] = (
                SearchRebuild.objects.filter(pk=generation)
                .values_list("documents", flat=True)
                .first()
                or 0
            )
        return self._sizes[generation]

    @staticmethod
    @contextmanager
    def _planned(cursor, wanted: int, matches: int, size: int):
        """The first ``wanted`` matches in an index's order: walked in that
        order, reading each row's ``document`` until enough match (~16 µs a
        row read), or all the matches found through the text index and
        sorted (~3 µs a match), whichever costs less for the matches the
        sample counted. The planner cannot tell: it takes a word it has no
        figures for as rare (ADR 0618)."""
        walk = wanted * size / max(matches, 1) * WALK_COST < matches * PASS_COST
        with _planner_off(cursor, "enable_bitmapscan" if walk else "enable_indexscan"):
            yield

    def _facets(self, query, generation, cursor, sampled) -> tuple[dict, int, set]:
        """Counts under every filter but the facet's own, the number of
        matches, the filters whose siblings were counted over very many."""

        def aggregate(counted: EngineQuery, names: list[str]) -> tuple[dict, int]:
            return self._aggregate(counted, generation, names, cursor, sampled=sampled)

        return counted_by_filter(aggregate, query, APPROXIMATE_ABOVE)

    def _walked(
        self, query: EngineQuery, generation: int, cursor, matches: int
    ) -> list[Hit]:
        """The page of a query with very many matches, found by walking an
        index in order until enough match, never by reading every match.

        By date: the walk in date order. By relevance: the same candidates as
        ``_statement`` chooses (the exact 文号, then the words in the title,
        then in the text; each tier by weight and date), taken tier by tier,
        then ranked with ``ts_rank`` as there; so the page is the one the
        whole pass gives (docs/decisions/0618-postgresql-counts-a-sample-and-walks-for-the-page.md)."""
        where, params = self._where(query, generation, walked=True)
        tsquery = tsquery_literal(query)
        columns = ", ".join(HIT_COLUMNS)
        size = self._size(generation)
        if query.sort == "date":
            with self._planned(cursor, query.offset + query.limit, matches, size):
                cursor.execute(
                    f"SELECT {columns} FROM {TABLE} WHERE {where}"  # noqa: S608
                    " ORDER BY date DESC NULLS LAST, id DESC LIMIT %s OFFSET %s",
                    [*params, query.limit, query.offset],
                )
                return [self._hit(row) for row in cursor.fetchall()]
        cap, exacts, ids = _cap(query), self._exacts(query), []
        title = self._where(query, generation, walked=True, vector="title_document")
        tiers = [(f"{where} AND (doc_number = ANY(%s) OR index_no = ANY(%s))",
                  [*params, exacts, exacts])] if exacts else []  # fmt: skip
        tiers += [title, (where, params)]
        for condition, values in tiers:
            planned = (
                self._planned(cursor, cap - len(ids), matches, size)
                if condition is where
                else nullcontext()
            )
            with planned:
                cursor.execute(
                    f"SELECT id FROM {TABLE} WHERE {condition} AND id <> ALL(%s)"  # noqa: S608
                    " ORDER BY weight DESC, date DESC NULLS LAST, id DESC LIMIT %s",
                    [*values, ids, cap - len(ids)],
                )
                ids += [row[0] for row in cursor.fetchall()]
            if len(ids) >= cap:
                break
        cursor.execute(
            f"SELECT {columns} FROM {TABLE}"  # noqa: S608
            " WHERE id = ANY(%s) ORDER BY"
            f" ts_rank('{RANK_WEIGHTS}', document, %s::tsquery) * weight"
            " + CASE WHEN doc_number = ANY(%s) OR index_no = ANY(%s)"
            f" THEN {EXACT_BONUS} ELSE 0 END DESC,"
            " date DESC NULLS LAST, id DESC LIMIT %s OFFSET %s",
            [ids, tsquery, exacts, exacts, query.limit, query.offset],
        )
        return [self._hit(row) for row in cursor.fetchall()]

    def _count(self, query, generation, cursor) -> int:
        where, params = self._where(query, generation)
        cursor.execute(f"SELECT count(*) FROM {TABLE} WHERE {where}", params)  # noqa: S608
        return cursor.fetchone()[0]

    def _statement(
        self, query: EngineQuery, generation: int, plain
    ) -> tuple[str, list]:
        """One statement, one pass over the matches: the page of hits, with the
        number of matches and the facet counts (``plain``) on each row.

        The matches are read once, and only their small columns (no text, no
        ``tsvector``). A relevance search then ranks with ``ts_rank`` (which
        reads each document's whole ``tsvector``) at most ``_cap(query)``
        candidates chosen by what the rank weighs most and a row tells without
        its ``tsvector``: the exact 文号, the words in the title (a title match
        outranks any number of matches in the text), current before repealed,
        the newest. A query with fewer matches ranks them all, as before
        (docs/decisions/0613-postgresql-ranks-a-capped-candidate-set.md)."""
        where, where_params = self._where(query, generation)
        tsquery, exacts = tsquery_literal(query), self._exacts(query)
        exact = "(doc_number = ANY(%s) OR index_no = ANY(%s))"
        facet_columns = [FACET_COLUMNS[n] for n in plain]
        matched = (
            f"SELECT id, date, weight, {exact} AS exact,"  # noqa: S608
            " coalesce(title_document @@ %s::tsquery, false) AS in_title"
            + "".join(f", {c}" for c in facet_columns)
            + f" FROM {TABLE} WHERE {where}"
        )
        params: list = [exacts, exacts, tsquery, *where_params]
        if query.sort == "date":
            cheap = "date DESC NULLS LAST, id DESC"
            order, order_params = "e.date DESC NULLS LAST, e.id DESC", []
            cap = query.offset + query.limit
        else:
            cheap = (
                "exact DESC, in_title DESC, weight DESC, date DESC NULLS LAST, id DESC"
            )
            order = (
                f"ts_rank('{RANK_WEIGHTS}', e.document, %s::tsquery) * e.weight"
                f" + CASE WHEN m.exact THEN {EXACT_BONUS} ELSE 0 END DESC,"
                " e.date DESC NULLS LAST, e.id DESC"
            )
            order_params = [tsquery]
            cap = _cap(query)
        facets = "NULL"
        if facet_columns:
            groupings = ", ".join(
                f"GROUPING({c}) AS g{i}, {c} AS v{i}"
                for i, c in enumerate(facet_columns)
            )
            sets = ", ".join(f"({c})" for c in facet_columns)
            facets = (
                "(SELECT json_agg(f)::text FROM (SELECT"  # noqa: S608
                f" {groupings}, count(*) AS n FROM matched GROUP BY GROUPING SETS ({sets})) f)"
            )
        columns = ", ".join(f"e.{c}" for c in HIT_COLUMNS)
        sql = (
            f"WITH matched AS MATERIALIZED ({matched}),"  # noqa: S608
            f" candidate AS (SELECT id, exact FROM matched ORDER BY {cheap} LIMIT %s)"
            f" SELECT {columns}, (SELECT count(*) FROM matched), {facets}"
            f" FROM candidate m JOIN {TABLE} e ON e.id = m.id"
            f" ORDER BY {order} LIMIT %s OFFSET %s"
        )
        return sql, [*params, cap, *order_params, query.limit, query.offset]

    @staticmethod
    def _facet_rows(names, rows: list[dict]) -> dict:
        facets: dict[str, list] = {n: [] for n in names}
        for row in rows:
            index = next(i for i in range(len(names)) if row[f"g{i}"] == 0)
            value = row[f"v{index}"]
            if value not in (None, ""):
                facets[names[index]].append((value, row["n"]))
        return {
            name: sorted(values, key=lambda v: -v[1])[:FACET_SIZE]
            for name, values in facets.items()
        }

    @staticmethod
    def _hit(row) -> Hit:
        from ..documents import KIND_LABELS

        (
            _id,
            key,
            site_id,
            url,
            title,
            body,
            kind,
            ckind,
            ctitle,
            validity,
            date,
            num,
        ) = row[:12]
        label = KIND_LABELS.get(kind)
        return Hit(
            key=key, score=0.0, site_id=site_id, url=url, title=title, body=body,
            kind=kind, kind_label=str(label) if label else kind, column_kind=ckind,
            column_title=ctitle, validity=validity, date=date, doc_number=num,
        )  # fmt: skip

    def _aggregate(
        self, query, generation, names, cursor, *, sampled=False
    ) -> tuple[dict, int]:
        """Counts per value of each facet ``names``, and how many documents
        match (the counts of the first facet, empty values too, add up to it);
        over the sampled buckets, scaled to the whole, when ``sampled``."""
        where, params = self._where(query, generation)
        table, scale = TABLE, 1
        if sampled:  # the rows of the sampled buckets (``SearchSample``)
            table, scale = SAMPLE_TABLE, SAMPLE_BUCKETS / SAMPLED_BUCKETS
        if not names:
            cursor.execute(f"SELECT count(*) FROM {table} WHERE {where}", params)  # noqa: S608
            return {}, estimated(cursor.fetchone()[0], scale)
        columns = [FACET_COLUMNS[n] for n in names]
        groupings = ", ".join(f"GROUPING({c})" for c in columns)
        sets = ", ".join(f"({c})" for c in columns)
        sql = (
            f"SELECT {groupings}, {', '.join(columns)}, count(*) FROM {table}"  # noqa: S608
            f" WHERE {where} GROUP BY GROUPING SETS ({sets})"
        )
        cursor.execute(sql, params)
        rows = cursor.fetchall()
        facets: dict[str, list] = {n: [] for n in names}
        width = len(columns)
        matched = 0
        for row in rows:
            index = list(row[:width]).index(0)
            matched += row[-1] if index == 0 else 0
            value = row[width + index]
            if value not in (None, ""):
                facets[names[index]].append((value, estimated(row[-1], scale)))
        return {
            name: sorted(values, key=lambda v: -v[1])[:FACET_SIZE]
            for name, values in facets.items()
        }, estimated(matched, scale)
