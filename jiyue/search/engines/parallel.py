"""A rebuild's documents segmented by one process per core.

Segmenting (jieba and the tokens around it) is most of a rebuild's time, and it
needs nothing but the document and the word list: worker processes, forked
from the rebuilding one so that they hold its segmenter, turn batches of
documents into their tokens (tantivy) or their rows with the ``tsvector``
(PostgreSQL), and the parent reads the pages from the database and feeds the
index writer, in the documents' order
(docs/decisions/0614-faster-reindex.md).

A small build (fewer documents than ``PARALLEL_FROM``) is done in the process:
starting workers would cost more than it saves.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import chain, islice
from typing import Any

from django.conf import settings

from ..segment import load_document_folding
from .base import Progress

BATCH = 64
PARALLEL_FROM = 1000

# What the forked workers run: set in the parent just before the fork.
_job: tuple[Callable, tuple] | None = None


def _prepare_batch(batch: list) -> list:
    prepare, args = _job
    return [prepare(doc, *args) for doc in batch]


def _batches(items: Iterator, size: int) -> Iterator[list]:
    while batch := list(islice(items, size)):
        yield batch


def workers() -> int:
    """Worker processes beside this one (0: segment here)."""
    return settings.JIYUE_SEARCH_BUILD_WORKERS


def prepared(
    docs: Iterable,
    prepare: Callable[..., Any],
    *args,
    progress: Progress | None = None,
    processes: int | None = None,
    parallel_from: int | None = None,
    in_workers: Callable[..., Any] | None = None,
) -> Iterator:
    """``prepare(doc, *args)`` of every document, in order; ``progress(n)``
    as documents are done. The documents are read in this process (the
    database connection is not shared with the workers). ``in_workers``: what
    workers run instead of ``prepare`` (the same result in a form cheaper to
    send back)."""
    global _job
    processes = workers() if processes is None else processes
    parallel_from = PARALLEL_FROM if parallel_from is None else parallel_from
    docs = iter(docs)
    head = list(islice(docs, parallel_from))
    if processes < 1 or len(head) < parallel_from:
        for doc in chain(head, docs):
            yield prepare(doc, *args)
            if progress:
                progress(1)
        return
    _job = (in_workers or prepare, args)
    load_document_folding()
    pool = multiprocessing.get_context("fork").Pool(processes)
    try:
        pending: deque = deque()
        for batch in _batches(chain(head, docs), BATCH):
            pending.append(pool.apply_async(_prepare_batch, (batch,)))
            # Enough batches ahead to keep every worker busy, few enough that
            # memory stays flat.
            while len(pending) > 4 * processes:
                yield from _done(pending.popleft().get(), progress)
        while pending:
            yield from _done(pending.popleft().get(), progress)
        pool.close()
        pool.join()
    finally:
        pool.terminate()
        _job = None


def _done(results: list, progress: Progress | None) -> Iterator:
    yield from results
    if progress:
        progress(len(results))
