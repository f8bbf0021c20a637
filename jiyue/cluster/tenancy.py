"""Who works on which site: the one answer every app asks (tenancy).

``sites_for(user, capability)`` is the sites on which ``user`` may do what the
capability names; ``can(user, capability, site)`` asks it of one site;
``people_for(capability, site)`` is the reverse, for lists of recipients and
approvers. The answer comes from three sources, in this order
(docs/decisions/0107-one-answer-to-who-works-on-a-site.md):

1. oversight: superusers, and the platform office for every capability but
   ``GRANT`` (三员分立 keeps granting with the security administrator, who
   holds ``cluster.grant_role``, and each site's 网站管理员), get every site;
2. roles: a ``SiteRole`` group held on the site counts for the capabilities
   ``CAPABILITY_ROLES`` gives its role; a role held in one column (信息员) counts
   for ``VIEW`` only;
3. page permissions given by hand in Wagtail (a group that stands for no role):
   on the site's root page or above, as ``PAGE_PERMISSION_CAPABILITIES`` says;
   anywhere inside the site, for ``VIEW``.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from wagtail.models import GroupPagePermission, Page, Site

from .roles import COLUMN_ROLES, SITE_ROLES, Role

PLATFORM_OFFICE_GROUP = "平台管理办公室"


class Capability(models.TextChoices):
    VIEW = "view", _("查看站点")
    EDIT = "edit", _("编辑内容")
    PUBLISH = "publish", _("全量发布")
    MONITOR = "monitor", _("网站监测")
    INTERACT = "interact", _("办理来信")
    MODERATE = "moderate", _("管理征集、调查和访谈")
    ADMINISTER = "administer", _("管理站点档案")
    GRANT = "grant", _("授予工作角色")
    SEARCH = "search", _("管理站内搜索")
    DISCLOSE = "disclose", _("办理依申请公开")


#: Which site roles give which capability on their site (the column-level
#: 信息员 only VIEW: a column does not make the site his).
CAPABILITY_ROLES: dict[str, frozenset[str]] = {
    Capability.VIEW: frozenset(SITE_ROLES),
    Capability.EDIT: frozenset({Role.SITE_ADMIN, Role.EDITOR}),
    Capability.PUBLISH: frozenset({Role.SITE_ADMIN, Role.EDITOR}),
    Capability.MONITOR: frozenset({Role.SITE_ADMIN, Role.EDITOR}),
    Capability.INTERACT: frozenset({Role.MAILBOX_OPERATOR}),
    Capability.MODERATE: frozenset(
        {Role.MAILBOX_OPERATOR, Role.SITE_ADMIN, Role.EDITOR}
    ),
    Capability.ADMINISTER: frozenset({Role.SITE_ADMIN}),
    Capability.GRANT: frozenset({Role.SITE_ADMIN}),
    # 推荐结果 and the statistics of the site's search (jiyue.search; the
    # cluster-wide word list and synonyms are the platform office's).
    Capability.SEARCH: frozenset({Role.SITE_ADMIN}),
    # 政府信息公开申请: the site's administrator and the staff who answer the
    # public (信箱管理员) handle them (jiyue.disclosure).
    Capability.DISCLOSE: frozenset({Role.SITE_ADMIN, Role.MAILBOX_OPERATOR}),
}

#: Page permissions made by hand that count, on the site's root page or above.
_WORKS_ON_PAGES = frozenset({"add_page", "change_page", "publish_page"})
PAGE_PERMISSION_CAPABILITIES: dict[str, frozenset[str]] = {
    Capability.EDIT: _WORKS_ON_PAGES,
    Capability.PUBLISH: _WORKS_ON_PAGES,
    Capability.MONITOR: _WORKS_ON_PAGES,
    Capability.MODERATE: frozenset({"publish_page"}),
}
#: Any page permission anywhere in the site (or above it) counts for VIEW.
VIEW_BY_ANY_PAGE_PERMISSION = Capability.VIEW

#: What the platform office does not get by oversight.
NOT_BY_OVERSIGHT = frozenset({Capability.GRANT})
#: Model permissions that give a capability on every site: the security
#: administrator's (安全管理员) grants roles everywhere.
OVERSIGHT_PERMISSIONS: dict[str, str] = {Capability.GRANT: "cluster.grant_role"}


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def _office_groups() -> Q:
    """The groups of the platform office: the role's, or one made by its name
    before the role existed (docs/decisions/0412-one-platform-office.md)."""
    return Q(name=PLATFORM_OFFICE_GROUP) | Q(site_role__role=Role.PLATFORM_OFFICE)


def is_platform_office(user) -> bool:
    """Superusers and members of the platform office: oversight of every site."""
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(_office_groups()).exists()


def oversees(user, capability) -> bool:
    """Whether ``user`` has ``capability`` on every site by oversight."""
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    capability = Capability(capability)
    permission = OVERSIGHT_PERMISSIONS.get(capability)
    if permission and user.has_perm(permission):
        return True
    return capability not in NOT_BY_OVERSIGHT and is_platform_office(user)


def sites_for(user, capability, *, oversight: bool = True) -> QuerySet[Site]:
    """The sites on which ``user`` has ``capability``.

    ``oversight=False`` leaves out what superusers and the platform office get by
    oversight alone: the sites that are the user's own work (his to-do list, the
    recipients of a site's mail)."""
    capability = Capability(capability)
    if not _active(user):
        return Site.objects.none()
    if oversight and oversees(user, capability):
        return Site.objects.all()
    return Site.objects.filter(
        _by_role(user, capability) | _by_page_permission(user, capability)
    )


def can(user, capability, site: Site | int) -> bool:
    """Whether ``user`` has ``capability`` on ``site``."""
    site_id = getattr(site, "pk", site)
    return sites_for(user, capability).filter(pk=site_id).exists()


def _by_role(user, capability: Capability) -> Q:
    from .models import SiteRole

    held = SiteRole.objects.filter(
        group__user=user, site__isnull=False, role__in=CAPABILITY_ROLES[capability]
    )
    if capability != Capability.VIEW:
        held = held.filter(column__isnull=True).exclude(role__in=COLUMN_ROLES)
    return Q(pk__in=held.values("site_id"))


def _by_page_permission(user, capability: Capability) -> Q:
    """Sites opened by page permissions of groups that stand for no role."""
    perms = GroupPagePermission.objects.filter(
        group__user=user, group__site_role__isnull=True
    ).exclude(group__name=PLATFORM_OFFICE_GROUP)
    if capability == VIEW_BY_ANY_PAGE_PERMISSION:
        paths = set(perms.values_list("page__path", flat=True))
        return _roots_at_or_below(paths) | _roots_above(paths)
    codenames = PAGE_PERMISSION_CAPABILITIES.get(capability)
    if not codenames:
        return Q(pk__in=[])
    perms = perms.filter(permission__codename__in=codenames)
    return _roots_at_or_below(set(perms.values_list("page__path", flat=True)))


def _roots_at_or_below(paths: set[str]) -> Q:
    """Sites whose root page is one of ``paths`` or below one."""
    scope = Q(pk__in=[])
    for path in paths:
        scope |= Q(root_page__path__startswith=path)
    return scope


def _roots_above(paths: set[str]) -> Q:
    """Sites whose root page is an ancestor of one of ``paths`` (a column's)."""
    step = Page.steplen
    ancestors = {path[:end] for path in paths for end in range(step, len(path), step)}
    return Q(root_page__path__in=ancestors)


def roles_of(user) -> set[str]:
    """Every role ``user`` holds (on any site, or global)."""
    from .models import SiteRole

    if not getattr(user, "is_authenticated", False):
        return set()
    return set(SiteRole.objects.filter(group__user=user).values_list("role", flat=True))


def people_for(capability, site: Site | int, *, oversight: bool = True) -> QuerySet:
    """The active users who have ``capability`` on ``site`` by a role held there
    (not in one column), and, with ``oversight``, the superusers and the platform
    office. Page permissions made by hand do not make recipients."""
    capability = Capability(capability)
    site_id = getattr(site, "pk", site)
    roles = CAPABILITY_ROLES[capability] - COLUMN_ROLES
    scope = Q(
        pk__in=get_user_model().objects.filter(
            groups__site_role__role__in=roles,
            groups__site_role__site_id=site_id,
            groups__site_role__column__isnull=True,
        )
    )
    if oversight:
        scope |= Q(is_superuser=True)
        if capability not in NOT_BY_OVERSIGHT:
            scope |= Q(pk__in=_office_members())
        if capability in OVERSIGHT_PERMISSIONS:
            scope |= Q(pk__in=_permission_holders(OVERSIGHT_PERMISSIONS[capability]))
    return get_user_model().objects.filter(scope, is_active=True)


def _office_members() -> QuerySet:
    from django.contrib.auth.models import Group

    groups = Group.objects.filter(_office_groups())
    return get_user_model().objects.filter(groups__in=groups).values("pk")


def _permission_holders(permission: str) -> QuerySet:
    from django.contrib.auth.models import Permission

    app_label, codename = permission.split(".")
    perm = Permission.objects.filter(
        content_type__app_label=app_label, codename=codename
    )
    users = get_user_model().objects
    return users.filter(Q(groups__permissions__in=perm) | Q(user_permissions__in=perm))
