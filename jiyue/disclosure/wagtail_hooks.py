"""Registration with the Wagtail admin only (menu 「依申请公开」, URLs, log actions)."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from jiyue.cluster.tenancy import Capability, sites_for


@hooks.register("register_admin_urls")
def register_disclosure_urls():
    return [path("disclosure/", include("jiyue.disclosure.admin.urls"))]


class DisclosureMenuItem(MenuItem):
    def is_shown(self, request):
        return sites_for(request.user, Capability.DISCLOSE).exists()


@hooks.register("register_admin_menu_item")
def register_disclosure_menu():
    return DisclosureMenuItem(
        _("依申请公开"), reverse("disclosure_admin:requests"), icon_name="doc-full",
        order=320,
    )  # fmt: skip


@hooks.register("register_log_actions")
def register_disclosure_log_actions(actions):
    from .services import ACTIONS

    for verb, label in ACTIONS.items():
        actions.register_action(f"jiyue.disclosure.{verb}", label, label)


@hooks.register("jiyue_todo_items")
def register_request_todo_items(request):
    from .dashboard import request_todo_items

    return request_todo_items(request)


@hooks.register("jiyue_todo_items")
def register_report_todo_items(request):
    from .dashboard import report_todo_items

    return report_todo_items(request)
