"""Admin views of the editorial app: thin, each calls one service."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from wagtail.admin import messages
from wagtail.models import Page, Site

from jiyue.cluster.models import SiteRole
from jiyue.cluster.roles import SITE_ROLES, Role
from jiyue.cluster.tenancy import Capability, can, sites_for

from ..editor import editor_findings
from ..gate import blocking, page_gate_findings
from ..selectors import can_grant, site_name
from ..services import (
    page_for_publisher,
    page_force_publish,
    page_gate_override,
    role_grant,
    role_revoke,
)
from .forms import ReasonForm, SiteRoleGrantForm


def force_publish(request, page_id: int):
    page = page_for_publisher(request.user, get_object_or_404(Page, pk=page_id))
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        page_force_publish(
            user=request.user, page=page, reason=form.cleaned_data["reason"]
        )
        messages.success(
            request,
            gettext("已强制发布“%(title)s”，理由已记入日志。") % {"title": page.title},
        )
        return redirect("wagtailadmin_pages:edit", page.pk)
    state = page.current_workflow_state
    return TemplateResponse(
        request,
        "editorial/force_publish.html",
        {"page": page, "form": form, "workflow_state": state},
    )


def gate_override(request, page_id: int):
    page = page_for_publisher(request.user, get_object_or_404(Page, pk=page_id))
    stopped = blocking(page_gate_findings(page.get_latest_revision_as_object()), page)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and stopped:
        page_gate_override(
            user=request.user, page=page, reason=form.cleaned_data["reason"]
        )
        messages.success(request, gettext("已说明理由并放行，请重新提交或发布。"))
        return redirect("wagtailadmin_pages:edit", page.pk)
    return TemplateResponse(
        request,
        "editorial/gate_override.html",
        {"page": page, "form": form, "findings": stopped},
    )


def gate_findings(request, page_id: int):
    """The gate's findings on the page's latest draft, for the editor's notes
    beside each field (static/editorial/gate.js)."""
    page = get_object_or_404(Page, pk=page_id)
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return JsonResponse(editor_findings(request.user, page.specific))


# -- 站点角色: granting the working roles of a site --------------------------------


def _grantable_site(user, site_id: int) -> Site:
    """The site, if ``user`` grants roles on it (Capability.GRANT: its 网站管理员,
    the security administrator, superusers), else 403."""
    site = get_object_or_404(Site, pk=site_id)
    if not can(user, Capability.GRANT, site):
        raise PermissionDenied
    return site


def _grantable_roles(user, site: Site) -> list[Role]:
    return [r for r in SITE_ROLES if can_grant(user, role=r, site=site)]


def site_roles_index(request):
    """The sites on which the user grants roles; straight to the one if one."""
    sites = list(sites_for(request.user, Capability.GRANT).order_by("hostname"))
    if not sites:
        raise PermissionDenied
    if len(sites) == 1:
        return redirect("editorial_admin:site_roles", sites[0].pk)
    rows = [{"site": site, "name": site_name(site)} for site in sites]
    return TemplateResponse(request, "editorial/site_roles_index.html", {"rows": rows})


def site_roles(request, site_id: int):
    """Who holds which role on the site, and the form that grants one
    (jiyue.editorial.role_grant: checked, logged)."""
    site = _grantable_site(request.user, site_id)
    form = SiteRoleGrantForm(
        request.POST or None, site=site, roles=_grantable_roles(request.user, site)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            group = role_grant(
                actor=request.user,
                user=data["username"],
                site=site,
                role=data["role"],
                column=data["column"],
            )
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, _messages_of(error))
        else:
            messages.success(
                request,
                gettext("已将%(user)s加入“%(group)s”。")
                % {"user": data["username"].get_username(), "group": group.name},
            )
            return redirect("editorial_admin:site_roles", site.pk)
    return TemplateResponse(
        request,
        "editorial/site_roles.html",
        {"site": site, "name": site_name(site), "form": form, "rows": _holders(site)},
    )


def site_role_revoke(request, site_id: int):
    """Takes one person out of one role group of the site (POST only)."""
    site = _grantable_site(request.user, site_id)
    if request.method != "POST":
        return redirect("editorial_admin:site_roles", site.pk)
    held = get_object_or_404(
        SiteRole, pk=_int(request.POST.get("site_role")), site=site
    )
    user = get_object_or_404(get_user_model(), pk=_int(request.POST.get("user")))
    try:
        role_revoke(
            actor=request.user, user=user, site=site, role=held.role, column=held.column
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _messages_of(error))
    else:
        messages.success(
            request,
            gettext("已将%(user)s移出“%(group)s”。")
            % {"user": user.get_username(), "group": held.group.name},
        )
    return redirect("editorial_admin:site_roles", site.pk)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _messages_of(error) -> str:
    return "；".join(getattr(error, "messages", None) or [str(error)])


def _holders(site: Site) -> list[dict]:
    roles = (
        SiteRole.objects.filter(site=site)
        .select_related("group", "column")
        .prefetch_related("group__user_set")
        .order_by("role", "column__path")
    )
    return [
        {
            "site_role": held,
            "column": held.column,
            "members": sorted(held.group.user_set.all(), key=lambda u: u.username),
        }
        for held in roles
    ]
