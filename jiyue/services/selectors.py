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

from .models import Audience, ServiceGuidePage, ServiceTheme, department_key


def _profile_of(site: Site | None) -> SiteProfile | None:
    if site is None:
        return None
    return SiteProfile.objects.filter(site=site).select_related("site").first()


def profiles_below(profile: SiteProfile) -> list[SiteProfile]:
    """The sites under ``profile`` in the cluster tree (not itself), open ones."""
    children = defaultdict(list)
    for row in SiteProfile.objects.filter(closed_at__isnull=True).select_related(
        "site__root_page"
    ):
        children[row.parent_id].append(row)
    found, stack = [], list(children[profile.pk])
    while stack:
        row = stack.pop()
        found.append(row)
        stack.extend(children[row.pk])
    return found


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
    from .models import ServiceIndexPage

    index = ServiceIndexPage.objects.child_of(site.root_page).live().first()
    return guides_on_site(index) if index else None


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
