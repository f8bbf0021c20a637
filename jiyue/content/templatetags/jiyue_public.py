"""Template helpers of the public pages."""

from __future__ import annotations

import functools

from django import template
from django.template.loader_tags import BlockNode
from django.utils import timezone
from django.utils.translation import get_language
from wagtail.models import Page, Site
from wagtail.templatetags.wagtailcore_tags import pageurl

from jiyue.cluster.sites import profile_for_site
from jiyue.content.models.base import prefetched
from jiyue.content.models.column import ColumnKind

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


@register.simple_tag(takes_context=True)
def page_href(context, page: Page) -> str:
    """Wagtail's ``{% pageurl %}``, remembered per page in the site context ``sc``.

    All pages rendered with one ``sc`` belong to one site and one request host, so
    a page's link is the same in each; the static publisher shares ``sc`` between
    every page of a run, and a site's navigation, columns and list items are linked
    from hundreds of them."""
    sc = context.get("sc")
    if not isinstance(sc, dict) or page is None:
        return pageurl(context, page)
    memo = sc.setdefault("hrefs", {})
    href = memo.get(page.pk)
    if href is None:
        href = memo[page.pk] = pageurl(context, page)
    return href


@register.simple_tag(takes_context=True)
def page_full_url(context, page) -> str:
    """A page's absolute URL, as ``page.full_url`` says it, but through the request:
    Wagtail then reads the site root paths the request holds (the publisher's
    snapshot) instead of unpickling them from the cache for every page. Anything
    that is not a Wagtail page (a paginator's page) gives "" as ``full_url`` did."""
    if not isinstance(page, Page):
        return ""
    # A page of another site (an upper level's document) is not under the root
    # paths the publisher gives the request: Wagtail's own look-up then.
    return page.get_full_url(request=context.get("request")) or page.full_url or ""


class SharedFragmentNode(template.Node):
    # Not walked by ``get_nodes_by_type``: Django's ``{% extends %}`` walks the
    # whole parent template for its blocks on every render, and a fragment holds
    # none (refused when parsed: a block's content is the page's, not the site's).
    child_nodelists = ()

    def __init__(self, name: str, vary: list, nodelist) -> None:
        self.name, self.vary, self.nodelist = name, vary, nodelist

    def render(self, context) -> str:
        sc = context.get("sc")
        if not isinstance(sc, dict):
            return self.nodelist.render(context)
        key = (self.name, *(value.resolve(context) for value in self.vary))
        memo = sc.setdefault("fragments", {})
        html = memo.get(key)
        if html is None:
            html = memo[key] = self.nodelist.render(context)
        return html


@register.tag
def shared_fragment(parser, token):
    """``{% shared_fragment "name" value … %}…{% end_shared_fragment %}``: markup that
    depends only on the site context ``sc`` and the values given, rendered once per
    ``sc`` (a site's header and footer, the same on each of its pages; the static
    publisher shares ``sc`` between every page of a run)."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("shared_fragment 需要一个片段名称。")
    vary = [parser.compile_filter(bit) for bit in bits[2:]]
    nodelist = parser.parse(("end_shared_fragment",))
    parser.delete_first_token()
    if nodelist.get_nodes_by_type(BlockNode):
        raise template.TemplateSyntaxError(
            "shared_fragment 中不能包含 {% block %}：区块内容属于页面，不属于站点。"
        )
    return SharedFragmentNode(bits[1], vary, nodelist)


@register.simple_tag(takes_context=True)
def nav_current(context):
    """What the main navigation's ``aria-current`` depends on: the page when it is
    the home page or a navigation entry, else nothing (or, outside pages, whether the
    path is under ``/hudong/``)."""
    page, sc = context.get("page"), context.get("sc") or {}
    if not page:
        request = context.get("request")
        return ("hudong", bool(request) and request.path.startswith("/hudong/"))
    root = sc.get("root")
    if (root is not None and page.pk == root.pk) or any(
        item.pk == page.pk for item in sc.get("nav") or ()
    ):
        return page.pk
    return None


@functools.lru_cache(maxsize=8)
def _kind_labels(language: str | None) -> dict[str, str]:
    return {value: str(label) for value, label in ColumnKind.choices}


@register.filter
def column_kind_label(column) -> str:
    """``get_kind_display()`` without its per-call choice lookup: the labels are
    translated once per language (a page asks for its column's on every render)."""
    if column is None:
        return ""
    return _kind_labels(get_language()).get(column.kind, column.kind)


@register.simple_tag
def page_numbers(page_obj, around: int = 2) -> list[int | None]:
    """The page numbers a Chinese list shows: the first, the last, and ``around``
    on each side of the current one; ``None`` where numbers are left out (…)."""
    last, current = page_obj.paginator.num_pages, page_obj.number
    shown = {1, last, *range(current - around, current + around + 1)}
    numbers: list[int | None] = []
    for number in sorted(n for n in shown if 1 <= n <= last):
        if numbers and number - (numbers[-1] or 0) > 1:
            numbers.append(None)
        numbers.append(number)
    return numbers


#: 看过此文的人还看了: apps that know what readers of a page read next
#: (jiyue.analytics, from the sites' access logs) answer ``(page) -> [page, ...]``.
RELATED_READING_HOOK = "jiyue_related_reading"


@register.simple_tag
def related_reading(page) -> list:
    """Live pages that readers of ``page`` also read, most shared first (asked
    once per site by the static publisher, ``jiyue_snapshot_prefetch``)."""
    from wagtail import hooks

    def load() -> list:
        found: list = []
        for reading in hooks.get_hooks(RELATED_READING_HOOK):
            found += [p for p in reading(page) if p not in found]
        return found

    return [p for p in prefetched(page, "related_reading", load) if p.pk != page.pk][:5]
