"""Registration with the Wagtail admin only (menu 「考核评分」, URLs)."""

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
    for verb, label in (
        ("report_entered", _("填报年度报表")),
        ("report_signed", _("年度报表定稿")),
    ):
        actions.register_action(f"jiyue.assessment.{verb}", label, label)
