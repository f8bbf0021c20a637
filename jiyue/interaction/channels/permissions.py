"""Who may moderate a consultation, a survey or an interview.

* the platform office: every site;
* a site's operators (``SiteOperator``, as for mailboxes): that site's channels;
* whoever may publish the page in Wagtail (the site's editors by their role);
* for an interview, the members of its handling unit (they post the answers).

The per-unit interview count is for the platform office only.
"""

from __future__ import annotations

from django.db.models import Q
from wagtail.models import Site

from jiyue.cluster.permissions import is_platform_office

from .. import permissions as mailbox_permissions


def _publishable(user):
    from wagtail.permission_policies.pages import PagePermissionPolicy

    return PagePermissionPolicy().instances_user_has_permission_for(user, "publish")


def page_scope(user, pages):
    """``pages`` (a queryset of channel pages) narrowed to what ``user`` moderates."""
    if is_platform_office(user):
        return pages
    if not getattr(user, "is_authenticated", False):
        return pages.none()
    scope = Q(pk__in=_publishable(user).values("pk"))
    roots = Site.objects.filter(pk__in=mailbox_permissions.site_ids(user))
    for path in roots.values_list("root_page__path", flat=True):
        scope |= Q(path__startswith=path)
    if hasattr(pages.model, "unit"):
        scope |= Q(unit_id__in=mailbox_permissions.unit_ids(user))
    return pages.filter(scope)


def can_moderate(user, page) -> bool:
    return page_scope(user, type(page).objects.filter(pk=page.pk)).exists()


def has_any_access(user) -> bool:
    """Whether the menu entry and the overview are shown to ``user``."""
    if mailbox_permissions.has_any_access(user):
        return True
    return (
        bool(getattr(user, "is_authenticated", False)) and _publishable(user).exists()
    )
