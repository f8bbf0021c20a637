"""The admin page 发布状态: publishing per site, for the people who manage it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import Site

from ..permissions import can_manage_site_publishing
from ..selectors import sites_for_user
from . import selectors


def publishing_index(request):
    sites = sites_for_user(request.user)
    if not sites:
        raise PermissionDenied
    rows = selectors.site_rows(sites)
    return TemplateResponse(
        request,
        "publishing/admin/index.html",
        {"rows": rows, "page_title": _("静态发布状态")},
    )


@require_POST
def publishing_rebuild(request, site_id: int):
    site = get_object_or_404(Site, pk=site_id)
    if not can_manage_site_publishing(request.user, site):
        raise PermissionDenied
    from ..tasks import publish_site_task

    publish_site_task.enqueue(site.pk)
    messages.success(request, _("已安排全量发布：%(site)s") % {"site": site.hostname})
    return redirect("publishing_admin:index")
