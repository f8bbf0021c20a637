"""Who may see and act on which site's monitoring (tenant isolation in one place).

* superusers and members of the group 「平台管理办公室」 see every site, and crawls of
  sites that are not on the platform;
* other users see the sites on whose root page (or an ancestor of it) one of their
  groups holds a Wagtail page permission.
"""

from __future__ import annotations

from wagtail.models import GroupPagePermission

from jiyue.cluster.models import SiteProfile
from jiyue.cluster.permissions import is_platform_office
from jiyue.monitor.models import Crawl


def _permission_paths(user) -> list[str]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    return list(
        GroupPagePermission.objects.filter(group__user=user)
        .values_list("page__path", flat=True)
        .distinct()
    )


def _covers(paths: list[str], root_path: str) -> bool:
    return any(root_path.startswith(path) for path in paths)


def visible_profiles(user) -> list[SiteProfile]:
    """The site profiles ``user`` may monitor, by code."""
    profiles = SiteProfile.objects.select_related("site__root_page").order_by("code")
    if is_platform_office(user):
        return list(profiles)
    paths = _permission_paths(user)
    if not paths:
        return []
    return [p for p in profiles if _covers(paths, p.site.root_page.path)]


def can_view_profile(user, profile: SiteProfile) -> bool:
    if is_platform_office(user):
        return True
    return _covers(_permission_paths(user), profile.site.root_page.path)


def can_view_crawl(user, crawl: Crawl) -> bool:
    if crawl.profile is None:
        return is_platform_office(user)
    return can_view_profile(user, crawl.profile)


def has_any_access(user) -> bool:
    return is_platform_office(user) or bool(visible_profiles(user))
