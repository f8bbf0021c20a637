"""The site registry, the roles of the cluster's people and tenancy (jiyue.cluster).

Public API (import from here)::

    sites_for(user, capability, *, oversight=True) -> QuerySet[Site]
    can(user, capability, site) -> bool
    people_for(capability, site, *, oversight=True) -> QuerySet[User]
    roles_of(user) -> set[str]
    is_platform_office(user) -> bool
    Capability, CAPABILITY_ROLES, Role
    SiteScopedPermissionPolicy(model, capability, site_field="site")
    SiteScopedViewSetMixin   (an admin ModelViewSet of site-owned objects)

(docs/decisions/0107-one-answer-to-who-works-on-a-site.md)
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {
    "sites_for": "tenancy",
    "can": "tenancy",
    "people_for": "tenancy",
    "roles_of": "tenancy",
    "is_platform_office": "tenancy",
    "Capability": "tenancy",
    "CAPABILITY_ROLES": "tenancy",
    "Role": "roles",
    "SiteScopedPermissionPolicy": "permissions",
    "SiteScopedViewSetMixin": "admin.viewsets",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{module}"), name)
