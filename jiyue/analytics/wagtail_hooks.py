"""Registration with the Wagtail admin only (menu 「访问统计」, URLs)."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from jiyue.cluster.tenancy import Capability, sites_for


@hooks.register("register_admin_urls")
def register_analytics_urls():
    return [path("analytics/", include("jiyue.analytics.admin.urls"))]


class AnalyticsMenuItem(MenuItem):
    def is_shown(self, request):
        return sites_for(request.user, Capability.VIEW).exists()


@hooks.register("register_admin_menu_item")
def register_analytics_menu():
    return AnalyticsMenuItem(
        _("访问统计"),
        reverse("analytics_admin:dashboard"),
        icon_name="table",
        order=760,
    )


@hooks.register("jiyue_related_reading")
def readers_also_read(page):
    from .selectors import related_reading

    return related_reading(page)


@hooks.register("jiyue_snapshot_prefetch")
def readers_also_read_of_site(site, pages):
    from .selectors import related_reading_of_site

    return {"related_reading": related_reading_of_site(site, pages)}
