"""Cluster-wide permissions shared by the apps: who is the platform office.

The platform office is one group, 「平台管理办公室」: the group of the editorial role
``Role.PLATFORM_OFFICE`` (granted with ``jiyue roles grant USER platform_office``),
which also holds a page permission on the root of the page tree so that Wagtail's
own views (explorer, publishing) show it every site
(docs/decisions/0412-one-platform-office.md).
"""

from __future__ import annotations

from django.db.models import Q

PLATFORM_OFFICE_GROUP = "平台管理办公室"
PLATFORM_OFFICE_ROLE = "platform_office"  # jiyue.editorial.roles.Role.PLATFORM_OFFICE


def is_platform_office(user) -> bool:
    """Superusers and members of the platform office: oversight of every site."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(
        Q(name=PLATFORM_OFFICE_GROUP) | Q(site_role__role=PLATFORM_OFFICE_ROLE)
    ).exists()
