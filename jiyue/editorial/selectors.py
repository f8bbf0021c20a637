"""Reads of the editorial app, scoped by the user's sites.

Who works on which site is ``jiyue.cluster.tenancy``'s answer; these only ask it
(docs/decisions/0107-one-answer-to-who-works-on-a-site.md)."""

from __future__ import annotations

from wagtail.models import Site

from jiyue.cluster.roles import GLOBAL_ROLES, Role
from jiyue.cluster.tenancy import Capability, oversees, roles_of, sites_for


def site_name(site: Site) -> str:
    profile = getattr(site, "profile", None)
    return getattr(profile, "name", None) or site.site_name or site.hostname


def user_roles(user) -> set[str]:
    return roles_of(user)


def user_sites(
    user, capability: Capability = Capability.VIEW, *, oversight: bool = False
) -> list[Site]:
    """The sites on which ``user`` has ``capability`` (by default: works on them
    at all), his own work, not what oversight adds unless ``oversight``."""
    sites = sites_for(user, capability, oversight=oversight)
    return list(sites.order_by("hostname"))


def can_grant(actor, *, role: Role, site: Site | None) -> bool:
    """Security administrators grant every role; a site administrator grants the
    working roles of their own site (Capability.GRANT). Nobody grants themselves
    into the audit."""
    if actor is None:
        return True  # the command line, run by the operator
    if actor.is_superuser or actor.has_perm("cluster.grant_role"):
        return True
    if role in GLOBAL_ROLES or role == Role.SITE_ADMIN or site is None:
        return False
    return sites_for(actor, Capability.GRANT).filter(pk=site.pk).exists()


def working_site_paths(user) -> list[str] | None:
    """Tree paths of the sites whose pages ``user`` may work on, for the page
    chooser; ``None`` for every page (the superuser, the platform office and a
    group with a permission on the root of the tree).

    The sites are those the user may VIEW (jiyue.cluster.tenancy): a role on the
    site, or a page permission anywhere in it (an information officer's column
    opens the whole site for links).
    """
    if oversees(user, Capability.VIEW) or _anchored_at_tree_root(user):
        return None
    sites = sites_for(user, Capability.VIEW)
    return sorted(set(sites.values_list("root_page__path", flat=True)))


def _anchored_at_tree_root(user) -> bool:
    """A group with a page permission on the root of the tree: every page,
    present and future, even outside any site."""
    from wagtail.models import GroupPagePermission

    return GroupPagePermission.objects.filter(group__user=user, page__depth=1).exists()
