"""Registration with the Wagtail admin only: 失败任务's URLs and its item under 设置."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from jiyue.cluster.tenancy import is_platform_office


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("tasks/", include("jiyue.worker.admin.urls"))]


class FailedTasksMenuItem(MenuItem):
    def is_shown(self, request):
        return is_platform_office(request.user)


@hooks.register("register_settings_menu_item")
def register_menu_item():
    return FailedTasksMenuItem(
        _("失败任务"),
        reverse("worker_admin:failed"),
        icon_name="warning",
        order=950,
    )
