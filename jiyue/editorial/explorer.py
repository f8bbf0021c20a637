"""The page explorer at a million pages (issue 19; ADR 1902, 1904).

Wagtail's page listing offers two filters of people, 「所有者」 and 「编辑者」, whose
choices it reads as ``user.pk IN (SELECT DISTINCT owner_id FROM wagtailcore_page)``:
the whole page table read and sorted on every listing, a third of a second at a
million pages. The same people, asked person by person whether a page (or an edit)
of theirs exists, are a probe of the owner (user) index each. The choices and the
filtering are Wagtail's; only the query that lists the people changes.

Its 「站点」 filter offers every site of the platform, to everyone, on every
listing: a thousand checkboxes (a third of a second to render) and the names of
sites that are not the person's. It offers the sites the person may view, and in a
page's listing only those its pages can be in.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q


def page_owners(request):
    """Everyone who owns a page (Wagtail's 「所有者」 filter choices)."""
    from wagtail.models import Page

    pages = Page.objects.filter(owner=OuterRef("pk"))
    return get_user_model().objects.filter(Exists(pages))


def page_editors(request):
    """Everyone who edited a page (Wagtail's 「编辑者」 filter choices)."""
    from wagtail.models import PageLogEntry

    edits = PageLogEntry.objects.filter(action="wagtail.edit", user=OuterRef("pk"))
    return get_user_model().objects.filter(Exists(edits))


def listing_sites(request):
    """The 「站点」 filter's choices: the sites ``request.user`` may view; in the
    listing of a page's children, of those only the site the page is in and the
    sites whose home page is below it (a column's listing: its own site)."""
    from wagtail.models import Page

    from jiyue.cluster.sites import paths_above
    from jiyue.cluster.tenancy import Capability, sites_for

    sites = sites_for(request.user, Capability.VIEW)
    match = getattr(request, "resolver_match", None)
    parent = match.kwargs.get("parent_page_id") if match else None
    path = Page.objects.filter(pk=parent).values_list("path", flat=True).first()
    if path is None:
        return sites
    return sites.filter(
        Q(root_page__path__startswith=path) | Q(root_page__path__in=paths_above(path))
    )


def ask_people_by_index() -> None:
    """Gives the explorer's filters of people and sites the queries above (once,
    at start)."""
    from wagtail.admin.views.pages.listing import PageFilterSet

    PageFilterSet.base_filters["owner"].queryset = page_owners
    PageFilterSet.base_filters["edited_by"].queryset = page_editors
    PageFilterSet.base_filters["site"].queryset = listing_sites


def prime_site_root_paths(page, user, next_url=None):
    """Before Wagtail's own 更多 menu of a listing row asks ``page.url`` (without
    the request, so once a row: a cache read of every site's root path, a
    database query with the database cache), gives the row the list read once for
    the request (kept on the request's user object, as linkage's menu does)."""
    from wagtail.models import Site

    paths = getattr(user, "_jiyue_site_root_paths", None)
    if paths is None:
        paths = user._jiyue_site_root_paths = Site.get_site_root_paths()
    if not hasattr(page, "_wagtail_cached_site_root_paths"):
        page._wagtail_cached_site_root_paths = paths
    return ()
