"""Registration with the Wagtail admin only (menu 「考核评分」, URLs, log actions,
the 整改 rows of the 待办 panel)."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from jiyue.cluster.tenancy import Capability, sites_for


@hooks.register("register_admin_urls")
def register_assessment_urls():
    return [path("assessment/", include("jiyue.assessment.admin.urls"))]


class AssessmentMenuItem(MenuItem):
    def is_shown(self, request):
        return sites_for(request.user, Capability.MONITOR).exists()


@hooks.register("register_admin_menu_item")
def register_assessment_menu():
    return AssessmentMenuItem(
        _("考核评分"), reverse("assessment_admin:cluster"), icon_name="tasks", order=720
    )


@hooks.register("register_log_actions")
def register_assessment_log_actions(actions):
    from .spot_checks.services import ACTIONS

    reports = {
        "report_entered": _("填报年度报表"),
        "report_signed": _("年度报表定稿"),
        "rectified": _("报告整改完成"),
    }
    for verb, label in {**ACTIONS, **reports}.items():
        actions.register_action(f"jiyue.assessment.{verb}", label, label)


@hooks.register("jiyue_todo_items")
def register_rectification_todo_items(request):
    from .dashboard import rectification_todo_items

    return rectification_todo_items(request)
