"""Links of the 办事服务 entry's guides, as the site showing them has them."""

from __future__ import annotations

from django import template

from jiyue.content.templatetags.jiyue_public import page_href

register = template.Library()


@register.simple_tag(takes_context=True)
def guide_href(context, guide, index) -> str:
    """The guide's address on ``index``'s site: its own page when it is one of
    the site's, else the entry's by-reference route (``item/<code>/``)."""
    base = page_href(context, index)
    if guide.is_here(index):
        return base + guide.url_path[len(index.url_path) :]
    return base + index.reverse_subpage("item", args=(guide.item_code,))


@register.simple_tag(takes_context=True)
def entry_href(context, index, route: str, arg) -> str:
    return page_href(context, index) + index.reverse_subpage(route, args=(arg,))
