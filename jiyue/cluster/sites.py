"""Reads of the cluster (selectors), used by commands, the admin and templates."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Q
from django.db.models.functions import Substr
from django.db.models.lookups import In
from wagtail.models import Page, Site

from .models import SiteProfile


def profiles() -> list[SiteProfile]:
    return list(SiteProfile.objects.select_related("site", "parent").order_by("code"))


def profile_for_site(site: Site | None) -> SiteProfile | None:
    if site is None:
        return None
    try:
        return site.profile
    except SiteProfile.DoesNotExist:
        return None


def site_summary(profile: SiteProfile) -> dict[str, Any]:
    """The contract shape of ``jiyue sites --json``."""
    return {
        "code": profile.code,
        "name": profile.name,
        "url": profile.url,
        "parent": profile.parent.code if profile.parent else None,
        "kind": profile.kind,
    }


def pages_under_any(paths, field: str = "path") -> Q:
    """Pages at or below any of ``paths`` (page tree paths; ``field``: the path's
    lookup, e.g. ``guide__path``): one ``IN`` per path length rather than one
    ``LIKE`` per path, so that a query over a thousand sites stays short."""
    by_length: dict[int, set[str]] = defaultdict(set)
    for path in paths:
        by_length[len(path)].add(path)
    scope = Q(pk__in=[])
    for length, same in sorted(by_length.items()):
        scope |= Q(In(Substr(field, 1, length), sorted(same)))
    return scope


def paths_above(path: str) -> list[str]:
    """``path`` and the paths of its ancestors in the page tree."""
    step = Page.steplen
    return [path[:end] for end in range(step, len(path) + 1, step)]


def root_paths(sites) -> dict[str, set[int]]:
    """The tree path of each of ``sites``' root page, with the ids of the sites on
    it (one query)."""
    found: dict[str, set[int]] = defaultdict(set)
    paths = dict(
        Page.objects.filter(pk__in={s.root_page_id for s in sites}).values_list(
            "pk", "path"
        )
    )
    for site in sites:
        found[paths[site.root_page_id]].add(site.pk)
    return found


def roots_having(pages, paths) -> set[str]:
    """Which of ``paths`` have at least one of the ``pages`` (a queryset) at or
    below them: one query per path length."""
    by_length: dict[int, set[str]] = defaultdict(set)
    for path in paths:
        by_length[len(path)].add(path)
    found: set[str] = set()
    for length, same in by_length.items():
        prefix = Substr("path", 1, length)
        found.update(
            pages.filter(In(prefix, sorted(same)))
            .annotate(root=prefix)
            .values_list("root", flat=True)
            .distinct()
            .order_by()
        )
    return found
