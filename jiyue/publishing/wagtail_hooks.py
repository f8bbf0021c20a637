from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views
from .selectors import sites_for_user

app_name = "jiyue_publishing"
urlpatterns = [
    path("", admin_views.publishing_index, name="index"),
    path("<int:site_id>/rebuild/", admin_views.publishing_rebuild, name="rebuild"),
]


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path(
            "publishing/",
            include((urlpatterns, app_name), namespace="jiyue_publishing"),
        )
    ]


class PublishingMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(sites_for_user(request.user))


@hooks.register("register_admin_menu_item")
def register_menu_item():
    return PublishingMenuItem(
        _("静态发布"),
        reverse("jiyue_publishing:index"),
        icon_name="upload",
        order=900,
    )
