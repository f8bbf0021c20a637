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
        "report_published": _("年度报表发布到网站"),
        "supervision_entered": _("填报监管年度报表"),
        "supervision_signed": _("监管年度报表定稿"),
        "rules_revised": _("修订考核指标"),
        "rectification_ordered": _("下达限期整改"),
        "rules_loaded": _("载入考核指标文件"),
        "rectified": _("报告整改完成"),
    }
    for verb, label in {**ACTIONS, **reports}.items():
        actions.register_action(f"jiyue.assessment.{verb}", label, label)


@hooks.register("jiyue_todo_items")
def register_rectification_todo_items(request):
    from .dashboard import rectification_todo_items

    return rectification_todo_items(request)


@hooks.register("jiyue_todo_items")
def register_work_report_todo_items(request):
    from .dashboard import work_report_todo_items

    return work_report_todo_items(request)


@hooks.register("jiyue_related_page_ids")
def work_report_index_pages(page):
    from .work_report import index_pages_showing

    return index_pages_showing(page)


@hooks.register("jiyue_site_findings")
def work_report_findings(site):
    from .work_report import site_findings

    return site_findings(site)


@hooks.register("jiyue_home_notices")
def work_report_notice(page):
    """The site's latest published 政府网站工作年度报表 and the portal's 专栏 of
    them, prominent on its home page."""
    from .work_report import home_notices

    return home_notices(page)


@hooks.register("jiyue_todo_items")
def register_order_todo_items(request):
    from .dashboard import order_todo_items

    return order_todo_items(request)
