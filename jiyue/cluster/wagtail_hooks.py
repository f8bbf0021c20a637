"""Registration with the Wagtail admin only: 站群管理's viewsets, the cluster's
log actions, the closed site's answer."""

from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.models import Site

from .admin.viewsets import cluster_viewset_group
from .roles import ROLE_GRANT_ACTION, ROLE_REVOKE_ACTION
from .sites import profile_for_site


@hooks.register("register_admin_viewset")
def register_cluster_viewsets():
    return cluster_viewset_group


@hooks.register("register_log_actions")
def register_cluster_log_actions(actions):
    actions.register_action("jiyue.cluster.site_open", _("开办网站"), _("开办了网站"))
    actions.register_action(
        "jiyue.cluster.site_closure_notice",
        _("登记关停公告"),
        _("登记了网站关停公告的发布日期"),
    )
    actions.register_action("jiyue.cluster.site_close", _("关停网站"), _("关停了网站"))
    actions.register_action(ROLE_GRANT_ACTION, _("授予角色"), _("授予了角色"))
    actions.register_action(ROLE_REVOKE_ACTION, _("撤销角色"), _("撤销了角色"))


@hooks.register("before_serve_page")
def closed_site_answers_gone(page, request, serve_args, serve_kwargs):
    """A closed site no longer answers: 410 with a short notice, pages kept
    (docs/decisions/0106-closing-a-site.md)."""
    # The site's profile as the request's site holds it: no query per page when
    # the publisher renders a whole site with one Site object.
    profile = profile_for_site(Site.find_for_request(request))
    if profile is None or profile.closed_at is None:
        return None
    return TemplateResponse(
        request, "cluster/closed.html", {"profile": profile}, status=410
    )
