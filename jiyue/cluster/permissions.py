"""Cluster-wide permissions shared by the apps: who is the platform office, and
Wagtail permission policies scoped by site.

The platform office is one group, 「平台管理办公室」: the group of the role
``Role.PLATFORM_OFFICE`` (granted with ``jiyue roles grant USER platform_office``),
which also holds a page permission on the root of the page tree so that Wagtail's
own views (explorer, publishing) show it every site
(docs/decisions/0412-one-platform-office.md). Who works on which site is
``jiyue.cluster.tenancy`` (docs/decisions/0107-one-answer-to-who-works-on-a-site.md);
the policies below only ask it.
"""

from __future__ import annotations

from django.db.models import QuerySet
from wagtail.permission_policies import ModelPermissionPolicy

from .roles import Role
from .tenancy import (
    PLATFORM_OFFICE_GROUP,
    Capability,
    is_platform_office,
    sites_for,
)

__all__ = [
    "PLATFORM_OFFICE_GROUP",
    "PLATFORM_OFFICE_ROLE",
    "REGISTRY_FIELDS",
    "SiteProfilePermissionPolicy",
    "SiteScopedPermissionPolicy",
    "is_platform_office",
    "manages_registry",
]

PLATFORM_OFFICE_ROLE = Role.PLATFORM_OFFICE


class SiteScopedPermissionPolicy(ModelPermissionPolicy):
    """Wagtail's model permissions, plus: whoever has ``capability`` on a site
    (``jiyue.cluster.tenancy.sites_for``) may do ``actions`` on the instances whose
    ``site_field`` is that site. Model permissions still open every instance."""

    def __init__(
        self,
        model,
        capability,
        *,
        site_field: str = "site",
        actions=("view", "change"),
        auth_model=None,
    ):
        super().__init__(model, auth_model=auth_model)
        self.capability = Capability(capability)
        self.site_field = site_field
        self.actions = frozenset(actions)

    def model_permission(self, user, action) -> bool:
        """Wagtail's model permission alone (it opens every site's instances)."""
        return super().user_has_permission(user, action)

    def scoped_instances(self, user) -> QuerySet:
        """The instances of the sites on which ``user`` has the capability."""
        sites = sites_for(user, self.capability)
        return self.model._default_manager.filter(**{f"{self.site_field}__in": sites})

    def user_has_permission(self, user, action):
        if self.model_permission(user, action):
            return True
        return action in self.actions and sites_for(user, self.capability).exists()

    def user_has_permission_for_instance(self, user, action, instance):
        if self.model_permission(user, action):
            return True
        return (
            action in self.actions
            and self.scoped_instances(user).filter(pk=instance.pk).exists()
        )

    def instances_user_has_any_permission_for(self, user, actions):
        if any(self.model_permission(user, action) for action in actions):
            return self.model._default_manager.all()
        if self.actions & set(actions):
            return self.scoped_instances(user)
        return self.model._default_manager.none()


# -- the site registry (站点档案) -------------------------------------------------

# What only the platform office changes: the national registry of the site.
REGISTRY_FIELDS = ("site", "code", "kind", "level", "parent", "primary_domain")


def manages_registry(user) -> bool:
    """The platform office (and holders of the model permission) keep the
    registry of every site."""
    return is_platform_office(user) or user.has_perm("cluster.change_siteprofile")


class SiteProfilePermissionPolicy(SiteScopedPermissionPolicy):
    """Model permissions, plus: whoever administers a site (``ADMINISTER``: its
    网站管理员, the platform office for every site) changes and views its profile;
    the registry's keepers also add profiles. A closed site's profile stays with
    the registry's keepers (ADR 0105, 0106)."""

    def __init__(self, model, capability=Capability.ADMINISTER, **kwargs):
        super().__init__(model, capability, **kwargs)

    def scoped_instances(self, user) -> QuerySet:
        instances = super().scoped_instances(user)
        if manages_registry(user):
            return instances
        return instances.filter(closed_at__isnull=True)

    def user_has_permission(self, user, action):
        if action == "add" and is_platform_office(user):
            return True
        if action in self.actions and not manages_registry(user):
            return self.scoped_instances(user).exists()
        return super().user_has_permission(user, action)
