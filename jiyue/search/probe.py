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
    engine = get_engine()
    if not is_built(engine):
        return None
    lex = lexicon.current()
    sites = cluster_sites()
    found = []
    for page in pages:
        query = QueryDict(mutable=True)
        query["q"] = page.title[:100]
        params = read_params(query, default_scope(site, sites), sites)
        parsed = parse(params.q, lex)
        if not parsed.ok:
            found.append(False)
            continue
        run = execute(parsed, lex, site, params, scope_sites(params.scope, site, sites),
                      engine)  # fmt: skip
        keys = {hit.key for hit in run.result.hits[:FIRST]}
        found.append(f"page:{page.pk}" in keys)
    return found
