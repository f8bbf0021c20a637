"""What opening a site means for content: its home page and the columns of its
template, published as empty shells; the new site is rooted at the home page.

A step of ``jiyue.cluster.opening`` (collected from every app's ``site_opening``
module; docs/decisions/0516-site-opening-steps.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext
from wagtail.models import Page, Site

from jiyue.cluster.column_templates import COLUMNS
from jiyue.cluster.models import SiteProfile
from jiyue.content.models import ColumnPage, HomePage


def _publish_page(parent: Page, page: Page) -> Page:
    """The empty shells of a new site go live as trusted code writes (no revision
    user: the publish guard and Wagtail's per-page publish permission are for
    content, ADR 0402); the actor is in the ``jiyue.cluster.site_open`` entry."""
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def open_pages(
    site: Site, profile: SiteProfile, options: Mapping[str, Any]
) -> list[str]:
    """The home page (the site's root from now on) and the template's columns;
    returns the columns' slugs."""
    home = _publish_page(
        Page.get_first_root_node(),
        HomePage(
            title=profile.name,
            slug=profile.primary_domain.replace(".", "-"),
            intro=gettext("欢迎访问%(name)s") % {"name": profile.name},
        ),
    )
    site.root_page = home
    site.save(update_fields=["root_page"])
    columns = COLUMNS[options["template"]]
    for slug, title, kind in columns:
        column = ColumnPage(title=title, slug=slug, kind=kind, show_in_menus=True)
        _publish_page(home, column)
    return [slug for slug, _title, _kind in columns]


# (order, the key of its result in the log entry, the step)
OPEN_STEPS = ((10, "columns", open_pages),)
