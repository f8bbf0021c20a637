"""Who must prove a second factor, and who reads the audit trail."""

from __future__ import annotations

from jiyue.cluster.roles import Role
from jiyue.cluster.tenancy import roles_of


def needs_second_factor(user) -> bool:
    """Every account that can enter the admin can move content towards the
    public or administer the platform: all of them need TOTP."""
    if not user.is_authenticated:
        return False
    return (
        user.is_superuser or user.is_staff or user.has_perm("wagtailadmin.access_admin")
    )


def is_audit_reader(user) -> bool:
    """审计管理员: may read and export the audit trail, and never grants roles
    (the roles are jiyue.cluster's)."""
    if not user.is_authenticated or not user.has_perm("cluster.view_audit"):
        return False
    return Role.SECURITY_ADMIN not in roles_of(user)


def is_security_admin(user) -> bool:
    """安全管理员: grants roles, and resets staff's authenticators."""
    if not user.is_authenticated or not user.is_active:
        return False
    return Role.SECURITY_ADMIN in roles_of(user)
