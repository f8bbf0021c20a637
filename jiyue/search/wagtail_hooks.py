"""Registration with the Wagtail admin only (menu 「站内搜索」, URLs, log actions)."""

from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem


def _manages_search(request) -> bool:
    from jiyue.cluster.tenancy import Capability, sites_for

    return sites_for(request.user, Capability.SEARCH).exists()


def _is_office(request) -> bool:
    from jiyue.cluster.tenancy import Capability, oversees

    return oversees(request.user, Capability.SEARCH)


class SearchMenuItem(MenuItem):
    """For whoever keeps the search of some site (网站管理员, the office)."""

    def is_shown(self, request):
        return _manages_search(request)


class OfficeMenuItem(MenuItem):
    """For the platform office only (the cluster's word list)."""

    def is_shown(self, request):
        return _is_office(request)


class SearchSubmenu(SubmenuMenuItem):
    def is_shown(self, request):
        return _manages_search(request)


@hooks.register("register_admin_urls")
def register_search_urls():
    return [path("search/", include("jiyue.search.admin.urls"))]


@hooks.register("register_admin_menu_item")
def register_search_menu():
    menu = Menu(
        items=[
            SearchMenuItem(
                _("搜索统计"),
                reverse_lazy("search_admin:stats"),
                icon_name="table",
                order=100,
            ),
            SearchMenuItem(
                _("推荐结果"),
                reverse_lazy("search_admin:bets"),
                icon_name="pick",
                order=200,
            ),
            SearchMenuItem(
                _("同义词"),
                reverse_lazy("search_admin:synonyms"),
                icon_name="list-ul",
                order=300,
            ),
            OfficeMenuItem(
                _("搜索词库"),
                reverse_lazy("search_admin:words"),
                icon_name="doc-full",
                order=400,
            ),
        ]
    )
    return SearchSubmenu(_("站内搜索"), menu, icon_name="search", order=450)


@hooks.register("register_log_actions")
def register_search_log_actions(actions):
    from . import services

    actions.register_action(
        services.BET_SAVE, _("保存推荐结果"), _("保存了站内搜索推荐结果")
    )
    actions.register_action(
        services.BET_DELETE, _("删除推荐结果"), _("删除了站内搜索推荐结果")
    )
    actions.register_action(
        services.SYNONYM_SAVE, _("保存同义词"), _("保存了站内搜索同义词组")
    )
    actions.register_action(
        services.SYNONYM_DELETE, _("删除同义词"), _("删除了站内搜索同义词组")
    )
    actions.register_action(
        services.WORD_ADD, _("添加搜索词"), _("向搜索词库添加了词语")
    )
    actions.register_action(
        services.WORD_DELETE, _("删除搜索词"), _("从搜索词库删除了词语")
    )
