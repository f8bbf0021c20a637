"""Cluster-wide permissions shared by the apps: who is the platform office."""

from __future__ import annotations

PLATFORM_OFFICE_GROUP = "平台管理办公室"


def is_platform_office(user) -> bool:
    """Superusers and members of the group 「平台管理办公室」: oversight of every site."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name=PLATFORM_OFFICE_GROUP).exists()
