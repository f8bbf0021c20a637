"""Reads of the cluster (selectors), used by commands, the admin and templates."""

from __future__ import annotations

from typing import Any

from wagtail.models import Site

from .models import SiteProfile


def profiles() -> list[SiteProfile]:
    return list(SiteProfile.objects.select_related("site", "parent").order_by("code"))


def profile_for_site(site: Site | None) -> SiteProfile | None:
    if site is None:
        return None
    try:
        return site.profile
    except SiteProfile.DoesNotExist:
        return None


def site_summary(profile: SiteProfile) -> dict[str, Any]:
    """The contract shape of ``jiyue sites --json``."""
    return {
        "code": profile.code,
        "name": profile.name,
        "url": profile.url,
        "parent": profile.parent.code if profile.parent else None,
        "kind": profile.kind,
    }
