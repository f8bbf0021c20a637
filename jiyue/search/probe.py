"""Does a site's search find its own documents? (the inspection indicators deduct
for a search that does not: the assessment's evidence ``search.own_documents``).

A document's exact title is searched in its site's scope, as a citizen types it;
found when the page is among the first results."""

from __future__ import annotations

from django.http import QueryDict
from wagtail.models import Page, Site

from . import lexicon
from .engines import get_engine
from .indexing import is_built
from .query import parse
from .searching import cluster_sites, default_scope, execute, read_params, scope_sites

#: How far down the list a citizen looks.
FIRST = 10


def finds_own(site: Site, pages: list[Page]) -> list[bool] | None:
    """For each page of ``site``: is it in the first results when its title is
    searched on the site? None when there is no index yet (nothing to judge)."""
    return finds_own_of([(site, pages)])[site.pk]


def finds_own_of(
    sites_pages: list[tuple[Site, list[Page]]],
) -> dict[int, list[bool] | None]:
    """``finds_own`` of many sites, by site id: whether the index is built, the
    lexicon and the cluster's sites asked once for them all (then one search a
    page, in the engine)."""
    engine = get_engine()
    if not is_built(engine):
        return {site.pk: None for site, _pages in sites_pages}
    lex = lexicon.current()
    sites = cluster_sites()
    return {
        site.pk: [_found(page, site, sites, lex, engine) for page in pages]
        for site, pages in sites_pages
    }


def _found(page: Page, site: Site, sites, lex, engine) -> bool:
    query = QueryDict(mutable=True)
    query["q"] = page.title[:100]
    params = read_params(query, default_scope(site, sites), sites)
    parsed = parse(params.q, lex)
    if not parsed.ok:
        return False
    run = execute(parsed, lex, site, params, scope_sites(params.scope, site, sites),
                  engine)  # fmt: skip
    keys = {hit.key for hit in run.result.hits[:FIRST]}
    return f"page:{page.pk}" in keys
