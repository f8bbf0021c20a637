"""Who may moderate a consultation, a survey or an interview.

* the sites ``jiyue.cluster.tenancy`` answers for ``Capability.MODERATE``: every
  site for the platform office; a site's 信箱管理员, 网站管理员 and 编辑 their
  site's channels (and a group given ``publish`` on the site's root page by hand);
* for an interview, the members of its handling unit (they post the answers;
  units are the interaction app's own, not tenancy).

The per-unit interview count is for the platform office only.
"""

from __future__ import annotations

from django.db.models import Q

from jiyue.cluster.permissions import is_platform_office
from jiyue.cluster.tenancy import Capability, sites_for

from .. import permissions as mailbox_permissions


def page_scope(user, pages):
    """``pages`` (a queryset of channel pages) narrowed to what ``user`` moderates."""
    if is_platform_office(user):
        return pages
    if not getattr(user, "is_authenticated", False):
        return pages.none()
    scope = Q(pk__in=[])
    sites = sites_for(user, Capability.MODERATE)
    for path in sites.values_list("root_page__path", flat=True):
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
    return sites_for(user, Capability.MODERATE).exists()
