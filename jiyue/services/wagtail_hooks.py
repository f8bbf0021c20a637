"""Registration with the Wagtail admin only (menu 「办事服务」, URLs)."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from jiyue.cluster.tenancy import Capability, sites_for


@hooks.register("register_admin_urls")
def register_services_urls():
    return [path("services/", include("jiyue.services.admin.urls"))]


class ServicesMenuItem(MenuItem):
    def is_shown(self, request):
        return sites_for(request.user, Capability.EDIT).exists()


@hooks.register("register_admin_menu_item")
def register_services_menu():
    return ServicesMenuItem(
        _("办事指南"), reverse("services_admin:guides"), icon_name="form", order=330
    )
