"""站内搜索 (jiyue.search): every site searchable, the cluster searchable,
services answered first (搜索即服务).

Public API for the other apps (import from here; everything else is internal)::

    register_answerer(answerer)      a direct-answer card for queries (answers.py)
    reindex(site=None, progress=None) rebuild the index aside and swap it in
    ensure_index()                   build the index now if there is none (demo)
    index_documents(keys)            re-read documents ("page:<id>") into the index
    finds_own(site, pages)           is each page found by its title on its site? (probe.py)
    finds_own_of([(site, pages)])    the same for many sites, by site id

Apps stand in layers (docs/architecture.md): this one reads content, cluster and
interaction's public selectors; it imports lazily so that ``import jiyue.search``
stays cheap.
"""

from __future__ import annotations

from typing import Any


def register_answerer(answerer):
    from .answers import register_answerer as register

    return register(answerer)


def reindex(*, site=None, progress=None) -> int:
    from .indexing import rebuild

    return rebuild(site=site, progress=progress)


def ensure_index() -> bool:
    from .indexing import ensure_index as ensure

    return ensure()


def index_documents(keys: Any) -> dict:
    from .indexing import sync

    return sync(keys)


def finds_own(site, pages) -> list[bool] | None:
    from .probe import finds_own as finds

    return finds(site, pages)


def finds_own_of(sites_pages) -> dict[int, list[bool] | None]:
    from .probe import finds_own_of as finds

    return finds(sites_pages)
