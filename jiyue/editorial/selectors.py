"""Reads of the editorial app, scoped by the user's sites."""

from __future__ import annotations

from wagtail.models import Page, Site

from .roles import GLOBAL_ROLES, Role


def site_name(site: Site) -> str:
    profile = getattr(site, "profile", None)
    return getattr(profile, "name", None) or site.site_name or site.hostname


def user_roles(user) -> set[str]:
    from .models import SiteRole

    return set(SiteRole.objects.filter(group__user=user).values_list("role", flat=True))


def user_sites(user, *, role: Role | None = None) -> list[Site]:
    """The sites on which ``user`` holds a role (``role`` if given)."""
    from .models import SiteRole

    roles = SiteRole.objects.filter(group__user=user, site__isnull=False)
    if role is not None:
        roles = roles.filter(role=role)
    ids = roles.values_list("site_id", flat=True)
    return list(Site.objects.filter(pk__in=ids).order_by("hostname"))


def can_grant(actor, *, role: Role, site: Site | None) -> bool:
    """Security administrators grant every role; a site administrator grants the
    working roles of their own site. Nobody grants themselves into the audit."""
    if actor is None:
        return True  # the command line, run by the operator
    if actor.is_superuser or actor.has_perm("editorial.grant_role"):
        return True
    if role in GLOBAL_ROLES or role == Role.SITE_ADMIN or site is None:
        return False
    return site.pk in {s.pk for s in user_sites(actor, role=Role.SITE_ADMIN)}


def working_site_paths(user) -> list[str] | None:
    """Tree paths of the sites whose pages ``user`` may work on, for the page
    chooser; ``None`` for every page (the superuser, the platform office and a
    group with a permission on the root of the tree).

    A site counts when the user holds a role on it or a page permission anywhere
    in it (an information officer's column opens the whole site for links).
    """
    from jiyue.cluster.permissions import is_platform_office

    if is_platform_office(user):
        return None
    anchors = _permission_anchor_paths(user)
    anchors |= {site.root_page.path for site in user_sites(user)}
    if any(len(path) <= Page.steplen for path in anchors):
        return None
    roots = list(Site.objects.values_list("root_page__path", flat=True))
    return sorted({_site_path(anchor, roots) for anchor in anchors})


def _permission_anchor_paths(user) -> set[str]:
    from wagtail.models import GroupPagePermission

    perms = GroupPagePermission.objects.filter(group__user=user)
    return set(perms.values_list("page__path", flat=True))


def _site_path(anchor: str, roots: list[str]) -> str:
    """The root of the site holding ``anchor`` (the anchor itself if none does)."""
    holding = [root for root in roots if anchor.startswith(root)]
    return max(holding, key=len) if holding else anchor
