"""Reads: which URLs a site publishes, and which of them a change touches."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from wagtail import hooks
from wagtail.models import Page, Revision, Site

from jiyue.content.models import (
    ColumnKind,
    ColumnPage,
    InterpretationPage,
    PolicyDocumentPage,
)

FEED_KINDS = frozenset({ColumnKind.NEWS, ColumnKind.NOTICE, ColumnKind.POLICY})
# The error pages too: nginx shows them for the errors it answers itself.
SITE_FILES = ("/sitemap.xml", "/robots.txt", "/404.html", "/50x.html")


@dataclass(frozen=True)
class Target:
    """One URL to publish, and the page it belongs to (none for site files)."""

    url: str
    page_id: int | None = None
    revision_id: int | None = None


def all_sites() -> list[Site]:
    """Every site that is open: a closed site's tree is taken off the public side
    (docs/decisions/0106-closing-a-site.md), so it is not published again."""
    sites = Site.objects.select_related("root_page").order_by("hostname", "port")
    return list(sites.exclude(profile__closed_at__isnull=False))


def site_by_code(code: str) -> Site | None:
    return Site.objects.select_related("root_page").filter(profile__code=code).first()


def site_pages(site: Site):
    """Live, public pages of ``site`` (its root included), in tree order."""
    return (
        Page.objects.descendant_of(site.root_page, inclusive=True)
        .live()
        .public()
        .order_by("path")
        .specific()
    )


def page_url(site: Site, page: Page) -> str:
    root_path = site.root_page.url_path
    return "/" + page.url_path[len(root_path) :]


def page_targets(site: Site, page: Page) -> list[Target]:
    url = page_url(site, page)
    targets = [Target(url, page.pk, page.live_revision_id)]
    if isinstance(page, ColumnPage):
        pages = page.paginator().num_pages
        targets += [
            Target(f"{url}page/{n}/", page.pk, page.live_revision_id)
            for n in range(2, pages + 1)
        ]
        if page.kind in FEED_KINDS:
            targets.append(Target(f"{url}feed.xml", page.pk, page.live_revision_id))
    # A routable page of another app names its other addresses itself (the
    # 办事服务 entry's themes, departments and guides shown by reference).
    subpaths = getattr(page, "static_subpaths", None)
    if subpaths is not None:
        targets += [
            Target(f"{url}{sub}", page.pk, page.live_revision_id) for sub in subpaths()
        ]
    return targets


def site_file_targets() -> list[Target]:
    return [Target(url) for url in SITE_FILES]


def targets_for(site: Site, pages: Iterable[Page]) -> list[Target]:
    """The site's files and the URLs of ``pages``."""
    targets = site_file_targets()
    for page in pages:
        targets += page_targets(site, page)
    return targets


def site_targets(site: Site) -> list[Target]:
    return targets_for(site, site_pages(site))


def site_of(page: Page) -> Site | None:
    """The page's site; a stale site-root cache is refreshed once."""
    try:
        return page.get_site()
    except Site.DoesNotExist:
        Site.clear_site_root_paths_cache()
    try:
        return page.get_site()
    except Site.DoesNotExist:
        return None


# --- what a change touches -------------------------------------------------


@dataclass
class Change:
    """Pages whose state changed, captured when the change happened.

    ``changed``: the pages themselves (published, unpublished, moved, deleted);
    ``context``: pages whose lists showed them before (old parents, old related
    documents); ``sites``: sites they were on before.
    """

    changed: set[int] = field(default_factory=set)
    context: set[int] = field(default_factory=set)
    sites: set[int] = field(default_factory=set)
    full_sites: set[int] = field(default_factory=set)

    def merge(self, other: Change) -> None:
        self.changed |= other.changed
        self.context |= other.context
        self.sites |= other.sites
        self.full_sites |= other.full_sites

    def as_kwargs(self) -> dict[str, list[int]]:
        return {
            "changed": sorted(self.changed),
            "context": sorted(self.context),
            "sites": sorted(self.sites),
            "full_sites": sorted(self.full_sites),
        }


#: Apps above publishing name the pages that show a page of any type (a
#: repost by reference: jiyue.linkage) with ``(page) -> ids`` functions.
RELATED_HOOK = "jiyue_related_page_ids"


def related_ids(page: Page) -> set[int]:
    """Pages that show ``page`` by relation (解读 <-> 政策文件, 贯彻落实, 转载)."""
    ids: set[int] = set()
    for shown_by_hook in hooks.get_hooks(RELATED_HOOK):
        ids |= set(shown_by_hook(page))
    if isinstance(page, PolicyDocumentPage):
        return (
            ids
            | set(page.interpretations.values_list("pk", flat=True))
            | set(page.implements.values_list("pk", flat=True))
            | set(page.implemented_by.values_list("pk", flat=True))
        )
    if isinstance(page, InterpretationPage):
        return ids | set(page.interprets.values_list("pk", flat=True))
    # A page of another app says which pages show it (a service guide: the
    # 办事服务 entries of every site that offers it).
    shown_by = getattr(page, "shown_by_page_ids", None)
    return ids | (set(shown_by()) if shown_by is not None else set())


def revision_related_ids(revision_id: int | None) -> set[int]:
    """The relations a page had in an earlier (published) revision."""
    if revision_id is None:
        return set()
    revision = Revision.objects.filter(pk=revision_id).first()
    if revision is None:
        return set()
    ids: set[int] = set()
    for key in ("interprets", "implements"):
        ids |= {int(pk) for pk in revision.content.get(key) or []}
    return ids


@dataclass
class Affected:
    """Per site: pages whose URLs must be re-rendered, or the whole site."""

    pages: dict[int, set[int]] = field(default_factory=dict)
    full: set[int] = field(default_factory=set)
    sites: set[int] = field(default_factory=set)

    def add(self, site: Site | None, page_ids: Iterable[int]) -> None:
        if site is None:
            return
        self.sites.add(site.pk)
        self.pages.setdefault(site.pk, set()).update(page_ids)


def _is_near_root(site: Site, page: Page) -> bool:
    return page.depth <= site.root_page.depth + 1


def expand_changed(
    affected: Affected, page: Page, previous_revision: Callable[[int], int | None]
) -> None:
    site = site_of(page)
    if site is None:
        return
    specific = page.specific
    ids = {page.pk}
    ids |= set(page.get_ancestors().values_list("pk", flat=True))
    if page.numchild:
        ids |= set(page.get_descendants().values_list("pk", flat=True))
    affected.add(site, ids)
    if _is_near_root(site, page):
        affected.full.add(site.pk)
    related = related_ids(specific) | revision_related_ids(previous_revision(page.pk))
    for other in Page.objects.filter(pk__in=related):
        affected.add(site_of(other), {other.pk})


def expand_context(affected: Affected, page: Page) -> None:
    site = site_of(page)
    if site is None:
        return
    ids = {page.pk, *page.get_ancestors().values_list("pk", flat=True)}
    affected.add(site, ids)
    if page.depth <= site.root_page.depth:
        affected.full.add(site.pk)


def affected_by(
    change: Change, previous_revision: Callable[[int], int | None]
) -> Affected:
    affected = Affected(full=set(change.full_sites), sites=set(change.sites))
    affected.sites |= change.full_sites
    for page in Page.objects.filter(pk__in=change.changed):
        expand_changed(affected, page, previous_revision)
    for page in Page.objects.filter(pk__in=change.context):
        expand_context(affected, page)
    return affected


# --- permissions ------------------------------------------------------------


def sites_for_user(user: AbstractBaseUser) -> list[Site]:
    """The open sites whose publishing ``user`` may see, in one query (the tenancy
    function's answer for PUBLISH, not one question per site)."""
    from jiyue.cluster.tenancy import Capability, sites_for

    allowed = sites_for(user, Capability.PUBLISH)
    sites = allowed.select_related("root_page", "profile").order_by("hostname", "port")
    return list(sites.exclude(profile__closed_at__isnull=False))


def may_publish_any(user: AbstractBaseUser) -> bool:
    """Whether ``sites_for_user`` is not empty, asked as one ``EXISTS`` (the admin
    menu asks it on every page; the platform office's list has a thousand sites)."""
    from jiyue.cluster.tenancy import Capability, sites_for

    allowed = sites_for(user, Capability.PUBLISH)
    return allowed.exclude(profile__closed_at__isnull=False).exists()
