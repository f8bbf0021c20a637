"""Who must prove a second factor, and who reads the audit trail."""

from __future__ import annotations


def needs_second_factor(user) -> bool:
    """Every account that can enter the admin can move content towards the
    public or administer the platform: all of them need TOTP."""
    if not user.is_authenticated:
        return False
    return (
        user.is_superuser or user.is_staff or user.has_perm("wagtailadmin.access_admin")
    )


def is_audit_reader(user) -> bool:
    """审计管理员: may read and export the audit trail, and never grants roles."""
    from jiyue.editorial.roles import Role
    from jiyue.editorial.selectors import user_roles

    if not user.is_authenticated or not user.has_perm("editorial.view_audit"):
        return False
    return Role.SECURITY_ADMIN not in user_roles(user)


def is_security_admin(user) -> bool:
    """安全管理员: grants roles, and resets staff's authenticators."""
    from jiyue.editorial.roles import Role
    from jiyue.editorial.selectors import user_roles

    if not user.is_authenticated or not user.is_active:
        return False
    return Role.SECURITY_ADMIN in user_roles(user)
