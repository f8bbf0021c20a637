"""Template helpers of the public pages."""

from __future__ import annotations

from django import template
from django.utils import timezone
from wagtail.models import Page, Site

from jiyue.cluster.sites import profile_for_site
from jiyue.content.models.base import prefetched

register = template.Library()


@register.filter
def pubtime(value) -> str:
    """Publish time as the national web design rules ask: ``YYYY-MM-DD HH:MM``."""
    if not value:
        return ""
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


def site_context_for(site: Site | None) -> dict:
    """The site, its profile, its home page and its top navigation."""
    root = site.root_page if site else None
    nav = list(root.get_children().live().in_menu()) if root else []
    return {"site": site, "profile": profile_for_site(site), "root": root, "nav": nav}


@register.simple_tag(takes_context=True)
def site_context(context) -> dict:
    """The site, its profile and top navigation for the page being rendered."""
    request = context.get("request")
    page = context.get("page")
    site = Site.find_for_request(request) if request else None
    if site is None and page is not None:
        site = page.get_site()
    return prefetched(page, "site_context", lambda: site_context_for(site))


@register.simple_tag
def breadcrumbs(page: Page, root: Page | None) -> list[Page]:
    if root is None:
        return []
    ancestors = prefetched(
        page,
        "ancestors",
        lambda: (
            page.get_ancestors(inclusive=False).filter(depth__gte=root.depth).specific()
        ),
    )
    return [ancestor for ancestor in ancestors if ancestor.depth >= root.depth]


@register.filter
def column_kind_label(column) -> str:
    return column.get_kind_display() if column is not None else ""
