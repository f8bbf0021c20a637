"""Which guides a site shows, and how its 办事服务 entry groups them.

A site's entry shows its own guides, the guides of the sites below it in the
cluster tree (a county portal shows its departments' services) and the guides
other sites offer on it by reference (``offered_on``).
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Q
from wagtail.models import Page, Site

from jiyue.cluster.models import SiteProfile
from jiyue.cluster.sites import pages_under_any, paths_above, root_paths

from .models import Audience, ServiceGuidePage, ServiceTheme, department_key


def _profile_of(site: Site | None) -> SiteProfile | None:
    if site is None:
        return None
    return SiteProfile.objects.filter(site=site).select_related("site").first()


def profiles_below(profile: SiteProfile, children=None) -> list[SiteProfile]:
    """The sites under ``profile`` in the cluster tree (not itself), open ones;
    ``children``: the tree as ``_open_children`` gives it (asked when missing)."""
    children = _open_children() if children is None else children
    found, stack = [], list(children[profile.pk])
    while stack:
        row = stack.pop()
        found.append(row)
        stack.extend(children[row.pk])
    return found


def _open_children() -> dict[int | None, list[SiteProfile]]:
    children = defaultdict(list)
    for row in SiteProfile.objects.filter(closed_at__isnull=True).select_related(
        "site__root_page"
    ):
        children[row.parent_id].append(row)
    return children


def guides_on_site(index) -> list[ServiceGuidePage]:
    """Live guides ``index``'s site shows, by department and title."""
    site = index.get_site()
    profile = _profile_of(site)
    scope = Q(path__startswith=index.path)
    if profile is not None:
        for below in profiles_below(profile):
            scope |= Q(path__startswith=below.site.root_page.path)
        scope |= Q(offered_on=profile)
    guides = (
        ServiceGuidePage.objects.live()
        .public()
        .filter(scope)
        .distinct()
        .prefetch_related("themes")
        .order_by("department", "title", "pk")
    )
    # The site's own services first, then those of the sites below it.
    return sorted(guides, key=lambda guide: not guide.path.startswith(index.path))


def site_guides(site: Site) -> list[ServiceGuidePage] | None:
    """The guides ``site``'s live 办事服务 entry shows; None: it has no entry."""
    return sites_guides([site])[site.pk]


def sites_guides(sites) -> dict[int, list[ServiceGuidePage] | None]:
    """``site_guides`` of each of ``sites``, by site id: the guides ``guides_on_site``
    lists for its entry, in the same order, asked in a constant number of queries
    however many sites there are (the cluster tables, issue 19)."""
    entries = _entries(sites)
    found: dict[int, list[ServiceGuidePage] | None] = dict.fromkeys(
        (site.pk for site in sites), None
    )
    if not entries:
        return found
    children = _open_children()
    profiles = {p.site_id: p for p in SiteProfile.objects.filter(site_id__in=entries)}
    scopes = {
        site_id: _scope(index, profiles.get(site_id), children)
        for site_id, index in entries.items()
    }
    catalogue = _guides_in(scopes.values())
    for site_id, scope in scopes.items():
        found[site_id] = catalogue.of_scope(*scope)
    return found


def _scope(index, profile, children) -> tuple[str, list[str], int | None]:
    """What ``guides_on_site`` takes for ``index``: its own path, the root paths
    of the sites below its site, the profile guides may be offered on."""
    if profile is None:
        return index.path, [], None
    below = [b.site.root_page.path for b in profiles_below(profile, children)]
    return index.path, below, profile.pk


def _entries(sites) -> dict[int, Page]:
    """Each site's first live 办事服务 entry among its root's children, by site id."""
    from .models import ServiceIndexPage

    roots = root_paths(sites)
    entries: dict[int, Page] = {}
    indexes = ServiceIndexPage.objects.live().filter(pages_under_any(roots))
    for index in indexes.order_by("path"):
        for site_id in roots.get(index.path[: -Page.steplen], ()):
            entries.setdefault(site_id, index)
    return entries


def _guides_in(scopes) -> Catalogue:
    """The live public guides any of ``scopes`` takes, in ``guides_on_site``'s order,
    with what their completeness reads (steps, materials)."""
    scopes = list(scopes)
    paths = {own for own, _below, _profile in scopes}
    paths.update(path for _own, below, _profile in scopes for path in below)
    offered_on = [profile for _own, _below, profile in scopes if profile is not None]
    guides = list(
        ServiceGuidePage.objects.live()
        .public()
        .filter(pages_under_any(paths) | Q(offered_on__in=offered_on))
        .distinct()
        .prefetch_related("themes", "steps", "materials")
        .order_by("department", "title", "pk")
    )
    catalogue = Catalogue(guides)
    for place, guide in enumerate(guides):
        for path in paths_above(guide.path):
            if path in paths:
                catalogue.under[path].append(place)
    places = {guide.pk: place for place, guide in enumerate(guides)}
    for guide_id, profile_id in ServiceGuidePage.offered_on.through.objects.filter(
        serviceguidepage_id__in=places
    ).values_list("serviceguidepage_id", "siteprofile_id"):
        catalogue.offered_on[profile_id].append(places[guide_id])
    return catalogue


class Catalogue:
    """Guides in order, with where each is found: below which of the wanted paths,
    offered on which profile (positions in ``guides``)."""

    def __init__(self, guides: list[ServiceGuidePage]) -> None:
        self.guides = guides
        self.under: dict[str, list[int]] = defaultdict(list)
        self.offered_on: dict[int | None, list[int]] = defaultdict(list)

    def of_scope(self, own: str, below: list[str], profile: int | None) -> list:
        """One entry's guides (as ``guides_on_site``: its own site's first)."""
        places = set(self.under[own]) | set(self.offered_on[profile])
        for path in below:
            places.update(self.under[path])
        found = [self.guides[place] for place in sorted(places)]
        return sorted(found, key=lambda guide: not guide.path.startswith(own))


def browse(index) -> dict:
    """The entry's groups: themes per audience and departments, with counts."""
    guides = guides_on_site(index)
    theme_counts: dict[int, int] = defaultdict(int)
    for guide in guides:
        for theme_id in guide.theme_ids():
            theme_counts[theme_id] += 1
    themes = [t for t in ServiceTheme.objects.all() if theme_counts.get(t.pk)]
    audiences = [
        {
            "audience": label,
            "themes": [
                {"theme": t, "count": theme_counts[t.pk]}
                for t in themes
                if t.audience == value
            ],
            "count": sum(1 for g in guides if g.audience == value),
        }
        for value, label in Audience.choices
    ]
    departments: dict[str, int] = defaultdict(int)
    own = set()
    for guide in guides:
        if guide.department:
            departments[guide.department] += 1
            if guide.is_here(index):
                own.add(guide.department)
    return {
        "guides": guides,
        "audiences": audiences,
        "departments": [
            {"name": name, "key": department_key(name), "count": count}
            # The site's own departments first, then those of the sites below.
            for name, count in sorted(
                departments.items(), key=lambda item: (item[0] not in own, item[0])
            )
        ],
    }


def entries_showing(guide: ServiceGuidePage) -> list:
    """The 办事服务 entries whose lists show ``guide``: its own site's, those of
    the sites above its site in the cluster tree, those of the sites it is
    offered on."""
    from .models import ServiceIndexPage

    site = guide.get_site()
    profile = _profile_of(site)
    roots = []
    seen = set()
    while profile is not None and profile.pk not in seen:
        seen.add(profile.pk)
        roots.append(profile.site.root_page_id)
        profile = profile.parent
    if guide.pk:
        roots += list(
            SiteProfile.objects.filter(offered_guides=guide).values_list(
                "site__root_page_id", flat=True
            )
        )
    scope = Q(pk__in=[])
    for root in Page.objects.filter(pk__in=roots).only("path", "depth"):
        scope |= Q(path__startswith=root.path, depth=root.depth + 1)
    return list(ServiceIndexPage.objects.filter(scope))
