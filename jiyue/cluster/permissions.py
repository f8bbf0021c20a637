"""Cluster-wide permissions shared by the apps: who is the platform office.

The platform office is one group, 「平台管理办公室」: the group of the editorial role
``Role.PLATFORM_OFFICE`` (granted with ``jiyue roles grant USER platform_office``),
which also holds a page permission on the root of the page tree so that Wagtail's
own views (explorer, publishing) show it every site
(docs/decisions/0412-one-platform-office.md).
"""

from __future__ import annotations

from django.db.models import Q
from wagtail.permission_policies import ModelPermissionPolicy

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


# -- the site registry (站点档案) -------------------------------------------------

# What only the platform office changes: the national registry of the site.
REGISTRY_FIELDS = ("site", "code", "kind", "level", "parent", "primary_domain")
SITE_ADMIN_ACTIONS = ("change", "view")
PLATFORM_OFFICE_ACTIONS = ("add", "change", "view")


def manages_registry(user) -> bool:
    """The platform office (and holders of the model permission) keep the
    registry of every site."""
    return is_platform_office(user) or user.has_perm("cluster.change_siteprofile")


def administered_profile_ids(user) -> set[int]:
    """The profiles of the sites on which ``user`` is 网站管理员."""
    from jiyue.editorial.selectors import user_sites

    from .models import SiteProfile

    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    sites = user_sites(user, role=SITE_ADMIN_ROLE)
    return set(
        SiteProfile.objects.filter(site__in=sites, closed_at__isnull=True).values_list(
            "pk", flat=True
        )
    )


SITE_ADMIN_ROLE = "site_admin"  # jiyue.editorial.roles.Role.SITE_ADMIN


class SiteProfilePermissionPolicy(ModelPermissionPolicy):
    """Model permissions, plus: the platform office adds, changes and views every
    profile; a 网站管理员 changes and views his own site's (ADR 0105)."""

    def user_has_permission(self, user, action):
        if super().user_has_permission(user, action):
            return True
        if is_platform_office(user):
            return action in PLATFORM_OFFICE_ACTIONS
        return action in SITE_ADMIN_ACTIONS and bool(administered_profile_ids(user))

    def user_has_permission_for_instance(self, user, action, instance):
        if super().user_has_permission(user, action):
            return True
        if is_platform_office(user):
            return action in PLATFORM_OFFICE_ACTIONS
        return action in SITE_ADMIN_ACTIONS and instance.pk in administered_profile_ids(
            user
        )

    def instances_user_has_any_permission_for(self, user, actions):
        from .models import SiteProfile

        if any(self.user_has_permission(user, a) for a in actions) and manages_registry(
            user
        ):
            return SiteProfile.objects.all()
        if set(actions) & set(SITE_ADMIN_ACTIONS):
            return SiteProfile.objects.filter(pk__in=administered_profile_ids(user))
        return SiteProfile.objects.none()
