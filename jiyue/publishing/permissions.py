"""Who may see and start publishing of a site.

For now: superusers, and users with a page permission (add, change, publish) on
the site's root page or above it (Wagtail's ``PagePermissionPolicy``). A
permission on one column only does not make someone the site's manager.
"""

from __future__ import annotations

from wagtail.models import Site
from wagtail.permission_policies.pages import PagePermissionPolicy

SITE_ACTIONS = {"add", "change", "publish"}


def can_manage_site_publishing(user, site: Site) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return PagePermissionPolicy().user_has_any_permission_for_instance(
        user, SITE_ACTIONS, site.root_page
    )
