"""Who may see and act on which site's monitoring (tenant isolation in one place).

The sites are ``jiyue.cluster.tenancy``'s answer for ``Capability.MONITOR``: the
platform office and superusers see every site (and crawls of sites that are not
on the platform); a site's 网站管理员 and 编辑 see theirs, as does a group given a
page permission (add, change, publish) on the site's root page or above by hand
(docs/decisions/0107-one-answer-to-who-works-on-a-site.md).
"""

from __future__ import annotations

from jiyue.cluster.models import SiteProfile
from jiyue.cluster.permissions import is_platform_office
from jiyue.cluster.tenancy import Capability, can, sites_for
from jiyue.monitor.models import Crawl


def visible_profiles(user) -> list[SiteProfile]:
    """The site profiles ``user`` may monitor, by code."""
    sites = sites_for(user, Capability.MONITOR)
    return list(
        SiteProfile.objects.filter(site__in=sites)
        .select_related("site")
        .order_by("code")
    )


def can_view_profile(user, profile: SiteProfile) -> bool:
    return can(user, Capability.MONITOR, profile.site_id)


def can_view_crawl(user, crawl: Crawl) -> bool:
    if crawl.profile is None:
        return is_platform_office(user)
    return can_view_profile(user, crawl.profile)


def has_any_access(user) -> bool:
    if is_platform_office(user):
        return True  # also the crawls of sites not on the platform
    sites = sites_for(user, Capability.MONITOR)
    return SiteProfile.objects.filter(site__in=sites).exists()
