"""Registration with the Wagtail admin only: 静态发布's URLs and menu item."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .selectors import may_publish_any


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("publishing/", include("jiyue.publishing.admin.urls"))]


class PublishingMenuItem(MenuItem):
    def is_shown(self, request):
        return may_publish_any(request.user)


@hooks.register("register_admin_menu_item")
def register_menu_item():
    return PublishingMenuItem(
        _("静态发布"),
        reverse("publishing_admin:index"),
        icon_name="upload",
        order=900,
    )
