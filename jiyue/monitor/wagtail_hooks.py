"""Registration with the Wagtail admin only (menu 「监测」, URLs, log actions)."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from jiyue.monitor import permissions


@hooks.register("register_admin_urls")
def register_monitor_urls():
    return [path("monitor/", include("jiyue.monitor.admin.urls"))]


class MonitorMenuItem(MenuItem):
    def is_shown(self, request):
        return permissions.has_any_access(request.user)


@hooks.register("register_admin_menu_item")
def register_monitor_menu():
    return MonitorMenuItem(
        _("监测"), reverse("monitor_admin:cluster"), icon_name="site", order=400
    )


@hooks.register("register_log_actions")
def register_monitor_log_actions(actions):
    actions.register_action(
        "jiyue.monitor.crawl_start", _("开始监测"), _("开始了网站监测")
    )
    actions.register_action("jiyue.monitor.alert_sent", _("发送告警"), _("发送了告警"))
    actions.register_action(
        "jiyue.monitor.reading_logged", _("读网记录"), _("记录了读网情况")
    )
    actions.register_action(
        "jiyue.monitor.finding_fixed", _("标记已修复"), _("将监测问题标记为已修复")
    )
    actions.register_action(
        "jiyue.monitor.finding_accept", _("接受问题"), _("说明理由后接受了监测问题")
    )
