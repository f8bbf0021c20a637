"""The roles of the cluster's people, and what each is given (data, not code).

Site roles are granted per site (an information officer per column); the three
administrator roles of 等级保护 (系统/安全/审计管理员) and the platform office are
global. A role is a Wagtail group recorded by a ``SiteRole``; granting goes through
``jiyue.editorial.role_grant``. What a role may do on its site is
``jiyue.cluster.tenancy.CAPABILITY_ROLES`` (docs/decisions/0401-roles-per-site.md,
0107-one-answer-to-who-works-on-a-site.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PLATFORM_OFFICE = "platform_office", _("平台管理办公室")
    SITE_ADMIN = "site_admin", _("网站管理员")
    EDITOR = "editor", _("编辑")
    INFO_OFFICER = "info_officer", _("信息员")
    REVIEWER = "reviewer", _("保密审查员")
    LEADER = "leader", _("签发人")
    MAILBOX_OPERATOR = "mailbox_operator", _("信箱管理员")
    SYSTEM_ADMIN = "system_admin", _("系统管理员")
    SECURITY_ADMIN = "security_admin", _("安全管理员")
    AUDIT_ADMIN = "audit_admin", _("审计管理员")


GLOBAL_ROLES = frozenset(
    {Role.PLATFORM_OFFICE, Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN}
)
#: The roles held on one site (an information officer's in one column of it).
SITE_ROLES = tuple(role for role in Role if role not in GLOBAL_ROLES)
#: Roles granted per column, not per site.
COLUMN_ROLES = frozenset({Role.INFO_OFFICER})
# Nobody both grants permissions and reads the audit trail (三员分立).
EXCLUSIVE_ROLES = ((Role.SECURITY_ADMIN, Role.AUDIT_ADMIN),)

# The log actions of granting and revoking a role: the cluster's (it owns the
# roles and registers the actions), written by jiyue.editorial's grant service
# (docs/decisions/0009-one-app-shape.md).
ROLE_GRANT_ACTION = "jiyue.cluster.role_grant"
ROLE_REVOKE_ACTION = "jiyue.cluster.role_revoke"

MEDIA_PERMS = ("add", "change", "choose")


@dataclass(frozen=True)
class RoleSpec:
    page_perms: tuple[str, ...] = ()
    collection_perms: tuple[str, ...] = ()
    model_perms: tuple[str, ...] = ()
    admin_access: bool = True
    #: page_perms on the root of the page tree (every site, present and future)
    cluster_wide: bool = False


ROLE_SPECS: dict[str, RoleSpec] = {
    Role.SITE_ADMIN: RoleSpec(
        page_perms=(
            "add_page",
            "change_page",
            "publish_page",
            "lock_page",
            "unlock_page",
            "bulk_delete_page",
        ),
        collection_perms=(*MEDIA_PERMS, "delete"),
    ),
    Role.EDITOR: RoleSpec(
        page_perms=("add_page", "change_page", "publish_page", "lock_page"),
        collection_perms=MEDIA_PERMS,
    ),
    Role.INFO_OFFICER: RoleSpec(page_perms=("add_page",), collection_perms=MEDIA_PERMS),
    Role.REVIEWER: RoleSpec(),
    Role.LEADER: RoleSpec(),
    # Letters to the site's mailboxes: the interaction app asks
    # jiyue.cluster.tenancy (Capability.INTERACT); no page permission.
    Role.MAILBOX_OPERATOR: RoleSpec(),
    # Oversight of every site: "add" (drafts that go through each site's review
    # chain) is the least page permission that shows every site in the explorer
    # and in publishing (docs/decisions/0412-one-platform-office.md).
    Role.PLATFORM_OFFICE: RoleSpec(page_perms=("add_page",), cluster_wide=True),
    Role.SYSTEM_ADMIN: RoleSpec(
        model_perms=(
            "wagtailcore.add_workflow",
            "wagtailcore.change_workflow",
            "wagtailcore.add_task",
            "wagtailcore.change_task",
            "editorial.add_reviewchainrule",
            "editorial.change_reviewchainrule",
            "editorial.delete_reviewchainrule",
            "editorial.view_reviewchainrule",
        )
    ),
    Role.SECURITY_ADMIN: RoleSpec(model_perms=("cluster.grant_role",)),
    Role.AUDIT_ADMIN: RoleSpec(model_perms=("cluster.view_audit",)),
}
