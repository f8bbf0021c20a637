"""The embedded default: tantivy, in the process, nothing to start.

Text is indexed pre-segmented (``segment.py``) with character offsets as
positions; what a result shows (title, text, site, column…) is stored in one
JSON blob beside it, not indexed. The index lives in
``$JIYUE_SEARCH_DIR/tantivy/gen-<build id>/``; ``current`` is a symbolic link
to the one in use. A rebuild writes a new generation and replaces the link in one
step; readers notice the new link (and new commits) at their next search
(docs/decisions/0604-tantivy-embedded-engine.md).
"""

from __future__ import annotations

import json
import math
import os
import shutil
import threading
import time
import zlib
from array import array
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

import tantivy

from ..documents import CURRENT_WEIGHT, IndexDoc
from ..segment import Segmenter
from .base import (
    APPROXIMATE_ABOVE,
    BODY_BOOST,
    EXACT_BOOST,
    FACET_SIZE,
    META_BOOST,
    SAMPLE_BUCKETS,
    SAMPLED_BUCKETS,
    TITLE_BOOST,
    Alternative,
    Clause,
    EngineQuery,
    EngineResult,
    Hit,
    Progress,
    SearchEngine,
    counted_by_filter,
    estimated,
)
from .parallel import prepared

WRITER_HEAP = 128_000_000
REBUILD_HEAP = 384_000_000
LOCK_RETRIES = 100
TEXT_FIELDS = (("title_t", TITLE_BOOST), ("meta_t", META_BOOST), ("body_t", BODY_BOOST))
FACET_FIELDS = {"site": "site", "column_kind": "column_kind", "topic": "topic",
                "issuer": "issuer", "year": "year", "validity": "validity"}  # fmt: skip
BUILD_FILE = "jiyue-build.json"
SEPARATOR = "\0"
# The schema's version in BUILD_FILE: an index of another one is not opened
# (tantivy refuses a schema that differs) and counts as not built.
SCHEMA_VERSION = 2
# ``weight_by_field``'s multiplier, log2(2 + weight), at its largest.
MAX_MULTIPLIER = math.log2(2 + CURRENT_WEIGHT)


def schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field(
        "key", stored=True, tokenizer_name="raw", index_option="basic"
    )
    builder.add_bytes_field("data", stored=True)
    for name, _boost in TEXT_FIELDS:
        builder.add_text_field(name, tokenizer_name="raw")
    for name in ("doc_number", "index_no"):
        builder.add_text_field(name, tokenizer_name="raw", index_option="basic")
    for name in ("column_kind", "topic", "issuer", "validity"):
        builder.add_text_field(
            name, tokenizer_name="raw", fast=True, index_option="basic"
        )
    builder.add_unsigned_field("site", indexed=True, fast=True)
    builder.add_unsigned_field("year", indexed=True, fast=True)
    builder.add_unsigned_field("weight", fast=True)
    builder.add_date_field("date", indexed=True, fast=True)
    builder.add_unsigned_field("sample", indexed=True)
    return builder.build()


SCHEMA = schema()
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _pretokenized(text: str, words: list | tuple) -> tantivy.PreTokenizedString:
    """The (word, offset, end) of ``Segmenter.document_words`` (or their
    ``_packed`` form) as tantivy's tokens: the position is the offset (tantivy
    keeps no character offsets in the index, so the token's end is left for
    tantivy to compute)."""
    Token = tantivy.Token  # noqa: N806 (one lookup, not one per token)
    if isinstance(words, tuple):
        joined, offsets = words
        return tantivy.PreTokenizedString(
            text,
            [
                Token(word, at, at)
                for word, at in zip(
                    joined.split(SEPARATOR), memoryview(offsets).cast("I"), strict=True
                )
            ],
        )
    return tantivy.PreTokenizedString(
        text, [Token(word, at, at) for word, at, _end in words]
    )


def _packed(words: list[tuple[str, int, int]]) -> list | tuple[str, bytes]:
    """A text's words as a worker sends them back: joined by NUL, and their
    offsets as bytes (two objects to pickle, not one tuple a word: pickling
    those cost more than segmenting); as they are if a word has a NUL."""
    joined = SEPARATOR.join([word for word, _at, _end in words])
    if not words or joined.count(SEPARATOR) != len(words) - 1:
        return words
    return joined, array("I", [at for _word, at, _end in words]).tobytes()


def sample_bucket(key: str) -> int:
    return zlib.crc32(key.encode()) % SAMPLE_BUCKETS


def _display(doc: IndexDoc) -> bytes:
    return json.dumps(
        {
            "site": doc.site_id,
            "url": doc.url,
            "title": doc.title,
            "body": doc.body,
            "kind": doc.kind,
            "kind_label": doc.kind_label,
            "column_kind": doc.column_kind,
            "column_title": doc.column_title,
            "validity": doc.validity,
            "doc_number": doc.doc_number,
            "date": doc.date.isoformat() if doc.date else None,
        },
        ensure_ascii=False,
    ).encode()


def segmented(doc: IndexDoc, segmenter: Segmenter) -> tuple[IndexDoc, list]:
    """The document and the words of its title, metadata and text."""
    texts = (doc.title, doc.meta, doc.body)
    return doc, [segmenter.document_words(text) if text else [] for text in texts]


def segmented_in_worker(doc: IndexDoc, segmenter: Segmenter) -> tuple[IndexDoc, list]:
    """``segmented`` as a rebuild's worker sends it back (``_packed``; a
    pickled tantivy document costs more than the segmentation it saves)."""
    doc, texts = segmented(doc, segmenter)
    return doc, [_packed(words) for words in texts]


def to_document(
    doc: IndexDoc, segmenter: Segmenter | None = None, tokens: list | None = None
) -> tantivy.Document:
    """The tantivy document of ``doc``, segmented here or (``tokens``) by a worker."""
    if tokens is None:
        tokens = segmented(doc, segmenter)[1]
    document = tantivy.Document()
    document.add_text("key", doc.key)
    document.add_bytes("data", _display(doc))
    for name, text, words in zip(
        ("title_t", "meta_t", "body_t"), (doc.title, doc.meta, doc.body), tokens,
        strict=True,
    ):  # fmt: skip
        if text:
            document.add_pre_tokenized_text(name, _pretokenized(text, words))
    for name in (
        "doc_number",
        "index_no",
        "column_kind",
        "topic",
        "issuer",
        "validity",
    ):
        value = getattr(doc, name)
        if value:
            document.add_text(name, value)
    document.add_unsigned("site", doc.site_id)
    document.add_unsigned("weight", doc.weight)
    document.add_unsigned("sample", sample_bucket(doc.key))
    if doc.date is not None:
        document.add_date("date", doc.date.astimezone(UTC).replace(tzinfo=None))
        document.add_unsigned("year", doc.year or 0)
    return document


def _hit(score: float, data: dict, key: str) -> Hit:
    date = data.get("date")
    return Hit(
        key=key, score=score, site_id=data["site"], url=data["url"],
        title=data["title"], body=data["body"], kind=data["kind"],
        kind_label=data["kind_label"], column_kind=data["column_kind"],
        column_title=data["column_title"], validity=data["validity"],
        date=datetime.fromisoformat(date) if date else None,
        doc_number=data.get("doc_number", ""),
    )  # fmt: skip


class TantivyEngine(SearchEngine):
    name = "tantivy"

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory) / "tantivy"
        self._lock = threading.RLock()
        self._index: tantivy.Index | None = None
        self._target: str | None = None
        self._stamp: tuple | None = None

    # -- the index in use ----------------------------------------------------

    @property
    def current_link(self) -> Path:
        return self.directory / "current"

    def _current_target(self) -> str | None:
        try:
            return os.readlink(self.current_link)
        except OSError:
            return None

    def _meta_stamp(self, target: str) -> tuple | None:
        """Changes with every commit (tantivy replaces meta.json: a new inode)."""
        try:
            stat = (self.directory / target / "meta.json").stat()
        except OSError:
            return None
        return (stat.st_ino, stat.st_mtime_ns, stat.st_size)

    def _build_info(self, target: str) -> dict:
        try:
            data = json.loads((self.directory / target / BUILD_FILE).read_text())
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def index(self) -> tantivy.Index | None:
        """The index in use, reopened after a swap and reloaded after a commit;
        None when there is none, or one of another schema (built by an earlier
        version: it counts as not built until rebuilt)."""
        target = self._current_target()
        if target is None:
            return None
        if target != self._target and not self._current_schema(target):
            return None
        with self._lock:
            if target != self._target or self._index is None:
                self._index = tantivy.Index(SCHEMA, path=str(self.directory / target))
                self._index.config_reader(reload_policy="manual")
                self._target, self._stamp = target, None
            stamp = self._meta_stamp(target)
            if stamp != self._stamp:
                self._index.reload()
                self._stamp = stamp
            return self._index

    def _current_schema(self, target: str) -> bool:
        return self._build_info(target).get("schema") == SCHEMA_VERSION

    def built_id(self) -> int | None:
        target = self._current_target()
        if target is None:
            return None
        info = self._build_info(target)
        if info.get("schema") != SCHEMA_VERSION:
            return None
        return info.get("build_id")

    # -- writing ---------------------------------------------------------------

    def _writer(self, index: tantivy.Index, heap: int = WRITER_HEAP):
        """A writer; another process may hold the index's lock for a moment."""
        for _attempt in range(LOCK_RETRIES):
            try:
                return index.writer(heap, 1)
            except ValueError as error:
                if "lock" not in str(error).lower():
                    raise
                time.sleep(0.05)
        return index.writer(heap, 1)

    @staticmethod
    def _finish(writer) -> None:
        writer.commit()
        writer.wait_merging_threads()

    def upsert(self, docs: Iterable[IndexDoc], segmenter: Segmenter) -> int:
        index = self.index()
        if index is None:
            return 0
        writer = self._writer(index)
        count = 0
        for doc in docs:
            writer.delete_documents_by_term("key", doc.key)
            writer.add_document(to_document(doc, segmenter))
            count += 1
        self._finish(writer)
        return count

    def delete(self, keys: Iterable[str]) -> None:
        index = self.index()
        if index is None:
            return
        writer = self._writer(index)
        for key in keys:
            writer.delete_documents_by_term("key", key)
        self._finish(writer)

    def replace_site(
        self, site_id: int, docs: Iterable[IndexDoc], segmenter: Segmenter,
        progress: Progress | None = None,
    ) -> int:  # fmt: skip
        """One site's documents replaced in a single commit: readers see the old
        set until the new one is complete."""
        index = self.index()
        if index is None:
            return 0
        documents = self._documents(docs, segmenter, progress)
        # The workers are forked before the writer starts its threads.
        first = next(documents, None)
        writer = self._writer(index, REBUILD_HEAP)
        writer.delete_documents_by_query(
            tantivy.Query.term_query(SCHEMA, "site", site_id)
        )
        count = self._add_all(writer, first, documents)
        self._finish(writer)
        return count

    @staticmethod
    def _documents(docs, segmenter, progress):
        return (
            to_document(doc, tokens=tokens)
            for doc, tokens in prepared(
                docs,
                segmented,
                segmenter,
                progress=progress,
                in_workers=segmented_in_worker,
            )
        )

    @staticmethod
    def _add_all(writer, first, documents) -> int:
        if first is None:
            return 0
        writer.add_document(first)
        count = 1
        for document in documents:
            writer.add_document(document)
            count += 1
        return count

    def rebuild(self, docs, segmenter, *, build_id, progress=None) -> int:
        self.directory.mkdir(parents=True, exist_ok=True)
        name = f"gen-{build_id}"
        path = self.directory / name
        shutil.rmtree(path, ignore_errors=True)
        path.mkdir()
        index = tantivy.Index(SCHEMA, path=str(path), reuse=False)
        documents = self._documents(docs, segmenter, progress)
        first = next(documents, None)  # the workers forked before the writer
        writer = index.writer(REBUILD_HEAP, 1)
        count = self._add_all(writer, first, documents)
        self._finish(writer)
        del writer, index
        (path / BUILD_FILE).write_text(
            json.dumps({"build_id": build_id, "schema": SCHEMA_VERSION})
        )
        self._swap(name)
        return count

    def _swap(self, name: str) -> None:
        previous = self._current_target()
        temporary = self.directory / f".current-{os.getpid()}"
        temporary.unlink(missing_ok=True)
        temporary.symlink_to(name)
        os.replace(temporary, self.current_link)
        keep = {name, previous}
        for old in self.directory.glob("gen-*"):
            if old.name not in keep:
                shutil.rmtree(old, ignore_errors=True)

    # -- searching ---------------------------------------------------------------

    @staticmethod
    def _alternative(alt: Alternative, field: str) -> tantivy.Query:
        if alt.is_term:
            return tantivy.Query.term_query(SCHEMA, field, alt.words[0][1])
        return tantivy.Query.phrase_query(SCHEMA, field, list(alt.words))

    def _clause(self, clause: Clause) -> tantivy.Query:
        parts = [
            (tantivy.Occur.Should, tantivy.Query.boost_query(self._alternative(alt, field), boost))
            for alt in clause.alternatives
            for field, boost in TEXT_FIELDS
        ]  # fmt: skip
        if clause.exact:
            for field in ("doc_number", "index_no"):
                exact = tantivy.Query.term_query(SCHEMA, field, clause.exact)
                parts.append(
                    (
                        tantivy.Occur.Should,
                        tantivy.Query.boost_query(exact, EXACT_BOOST),
                    )
                )
        return tantivy.Query.boolean_query(parts)

    @staticmethod
    def _filter(name: str, value) -> tantivy.Query:
        return tantivy.Query.const_score_query(
            tantivy.Query.term_query(SCHEMA, FACET_FIELDS[name], value), 0.0
        )

    def _query(self, query: EngineQuery) -> tantivy.Query:
        occur = tantivy.Occur.Must if query.require_all else tantivy.Occur.Should
        text = tantivy.Query.boolean_query(
            [(occur, self._clause(c)) for c in query.clauses]
        )
        parts = [(tantivy.Occur.Must, text)]
        if query.site_ids is not None:
            sites = tantivy.Query.term_set_query(SCHEMA, "site", sorted(query.site_ids))
            parts.append(
                (tantivy.Occur.Must, tantivy.Query.const_score_query(sites, 0.0))
            )
        for name, value in query.filters.items():
            parts.append((tantivy.Occur.Must, self._filter(name, value)))
        return tantivy.Query.boolean_query(parts)

    def count(self, query: EngineQuery) -> int:
        index = self.index()
        if index is None or not query.clauses:
            return 0
        return index.searcher().search(self._query(query), 1, count=True).count

    @staticmethod
    def _in_sample(tq: tantivy.Query, buckets: int) -> tantivy.Query:
        sample = tantivy.Query.term_set_query(SCHEMA, "sample", list(range(buckets)))
        return tantivy.Query.boolean_query(
            [(tantivy.Occur.Must, tq),
             (tantivy.Occur.Must, tantivy.Query.const_score_query(sample, 0.0))]
        )  # fmt: skip

    def search(self, query: EngineQuery) -> EngineResult:
        index = self.index()
        if index is None or not query.clauses:
            return EngineResult(0, [])
        searcher = index.searcher()
        tq = self._query(query)
        facets, total, approximate, many = {}, 0, False, set()
        if query.facets:
            # The sample first: cheap, and it tells whether to count them all.
            facets, total, many = self._facets(searcher, query, SAMPLED_BUCKETS)
            approximate = total > APPROXIMATE_ABOVE
            if not approximate:
                # A chosen value's siblings over very many matches: as sampled.
                facets = {
                    **self._facets(searcher, query, keep=many)[0],
                    **{name: facets[name] for name in many},
                }
        if query.sort == "date":
            found = searcher.search(tq, query.limit, count=not approximate,
                                    offset=query.offset, order_by_field="date")  # fmt: skip
            addresses, count = found.hits, found.count
        elif approximate:
            addresses, count = self._top_weighted(searcher, tq, query), None
        else:
            found = searcher.search(tq, query.limit, count=True, offset=query.offset,
                                    weight_by_field="weight")  # fmt: skip
            addresses, count = found.hits, found.count
        hits = []
        for score, address in addresses:
            stored = searcher.doc(address)
            data = json.loads(bytes(stored.get_first("data")))
            hits.append(_hit(float(score), data, stored.get_first("key")))
        return EngineResult(
            total if approximate else count, hits, facets, approximate,
            frozenset() if approximate else frozenset(many),
        )  # fmt: skip

    @staticmethod
    def _top_weighted(searcher, tq: tantivy.Query, query: EngineQuery) -> list:
        """The page of hits by score × log2(2 + weight), as ``weight_by_field``
        ranks them, from a few more candidates ranked by score alone (a plain
        score is half the work over a million matches). Exact: when the last
        hit of the page outscores what any document below the candidates could
        reach, else the page is ranked over every match (ADR 0617)."""
        need = query.offset + query.limit
        wanted = need * 2 + 10
        candidates = searcher.search(tq, wanted, count=False).hits
        weights = searcher.fast_field_values("weight", [a for _s, a in candidates])
        ranked = sorted(
            ((score * math.log2(2 + (weight or 0)), address)
             for (score, address), weight in zip(candidates, weights, strict=True)),
            key=lambda pair: (-pair[0], pair[1].segment_ord, pair[1].doc),
        )  # fmt: skip
        complete = len(candidates) < wanted
        if complete or (
            len(ranked) >= need
            and ranked[need - 1][0] >= candidates[-1][0] * MAX_MULTIPLIER
        ):
            return ranked[query.offset : need]
        return searcher.search(tq, query.limit, count=False, offset=query.offset,
                               weight_by_field="weight").hits  # fmt: skip

    def _aggregate(
        self, searcher, query: EngineQuery, names, sampled: int = 0
    ) -> tuple[dict, int]:
        """Each facet's top values with their counts, and how many documents
        matched; over the first ``sampled`` buckets of the sample, scaled to
        the whole, when ``sampled`` is not 0."""
        aggs = {
            n: {"terms": {"field": FACET_FIELDS[n], "size": FACET_SIZE}} for n in names
        }
        tq = self._query(query)
        if sampled:
            tq = self._in_sample(tq, sampled)
            aggs["_total"] = {"value_count": {"field": "weight"}}
        result = searcher.aggregate(tq, aggs)
        scale = SAMPLE_BUCKETS / sampled if sampled else 1
        facets = {
            name: [
                (
                    int(b["key"]) if name in ("site", "year") else b["key"],
                    estimated(b["doc_count"], scale),
                )
                for b in result[name]["buckets"]
            ]
            for name in names
        }
        total = int(result["_total"]["value"]) if sampled else 0
        return facets, estimated(total, scale)

    def _facets(
        self, searcher, query: EngineQuery, sampled: int = 0, keep=frozenset()
    ) -> tuple:
        """Counts under every filter but the facet's own (not for the filters
        in ``keep``), the number of matches (on a sample only), the filters
        whose siblings were counted over very many."""

        def aggregate(counted: EngineQuery, names: list[str]) -> tuple[dict, int]:
            return self._aggregate(searcher, counted, names, sampled)

        return counted_by_filter(aggregate, query, APPROXIMATE_ABOVE, keep)

    def close(self) -> None:
        with self._lock:
            self._index = None
            self._target = None
