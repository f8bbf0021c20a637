"""Registration with Wagtail (menu 「协同联动」, URLs, 待办, log actions) and the
hooks other apps ask: which pages show a page (publishing), what a platform
site's record says beyond a crawl (monitor)."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from jiyue.cluster.tenancy import Capability, sites_for


@hooks.register("register_admin_urls")
def register_linkage_urls():
    return [path("linkage/", include("jiyue.linkage.admin.urls"))]


class LinkageMenuItem(MenuItem):
    def is_shown(self, request):
        return sites_for(request.user, Capability.VIEW).exists()


@hooks.register("register_admin_menu_item")
def register_linkage_menu():
    return LinkageMenuItem(
        _("协同联动"), reverse("linkage_admin:home"), icon_name="resubmit", order=340
    )


@hooks.register("register_log_actions")
def register_linkage_log_actions(actions):
    from .services import ACTIONS

    for verb, label in ACTIONS.items():
        actions.register_action(f"jiyue.linkage.{verb}", label, label)


@hooks.register("jiyue_todo_items")
def linkage_todo_items(request):
    from .dashboard import todo_items

    return todo_items(request)


@hooks.register("jiyue_related_page_ids")
def pages_showing(page):
    from .references import pages_showing

    return pages_showing(page)


@hooks.register("jiyue_site_findings")
def linkage_site_findings(site):
    from .selectors import site_findings

    return site_findings(site)


@hooks.register("before_delete_page")
def ask_before_deleting_a_source(request, page):
    from .admin.views import before_delete_source

    return before_delete_source(request, page)


@hooks.register("jiyue_unsearchable_page_types")
def references_are_found_at_their_source():
    from .models import ReferencePage

    return [ReferencePage]


@hooks.register("jiyue_other_locations")
def where_a_page_is_reposted(page_ids):
    from .references import locations

    return locations(page_ids)


@hooks.register("register_page_listing_more_buttons")
def push_and_submit_buttons(page, user, next_url=None):
    """「推送到下级网站」 and 「报送到上级网站」 in a live item's 更多 menu, for those
    who may (the forms check again)."""
    from urllib.parse import urlencode

    from wagtail.admin.ui.menus.pages import PageMenuItem

    from jiyue.cluster.tenancy import can

    from .models import is_item
    from .services import lower_sites, upper_site

    if not page.live or not is_item(page):
        return
    # A listing asks this for each of its rows, siblings of one site: what depends only
    # on the site is answered once a request (kept on the request's user object).
    memo = getattr(user, "_jiyue_linkage_menu", None)
    if memo is None:
        memo = user._jiyue_linkage_menu = {}
    parent = page.path[: -page.steplen]
    if parent not in memo:
        site = page.get_site()
        memo[parent] = site and (
            site,
            can(user, Capability.PUBLISH, site) and bool(lower_sites(site)),
            can(user, Capability.VIEW, site) and upper_site(site) is not None,
        )
    if not memo[parent]:
        return
    _site, may_push, may_submit = memo[parent]
    query = urlencode({"page": page.pk})
    if may_push:
        yield PageMenuItem(
            _("推送到下级网站"),
            url=f"{reverse('linkage_admin:push_new')}?{query}",
            icon_name="resubmit",
            priority=60,
            page=page,
        )
    if may_submit:
        yield PageMenuItem(
            _("报送到上级网站"),
            url=f"{reverse('linkage_admin:submit')}?{query}",
            icon_name="upload",
            priority=61,
            page=page,
        )
