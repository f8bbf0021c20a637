"""Writes of the editorial app; each records its actor (Wagtail's ``log()``)."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext
from wagtail.log_actions import log
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Site,
)

from jiyue.cluster.models import SiteRole
from jiyue.cluster.roles import (
    EXCLUSIVE_ROLES,
    GLOBAL_ROLES,
    ROLE_GRANT_ACTION,
    ROLE_REVOKE_ACTION,
    ROLE_SPECS,
    Role,
)
from jiyue.cluster.tenancy import PLATFORM_OFFICE_GROUP

from .selectors import can_grant, site_name

ROLE_SEPARATOR = " · "
# The editorial app's log actions (jiyue.<app>.<verb>, docs/decisions/0009). A
# role's grant and revocation are logged under the cluster's actions: the roles
# are the cluster's.
FORCE_PUBLISH_ACTION = "jiyue.editorial.force_publish"
GATE_OVERRIDE_ACTION = "jiyue.editorial.gate_override"
CONFIDENTIALITY_CONFIRM_ACTION = "jiyue.editorial.confidentiality_confirm"


def _group_name(role: Role, site: Site | None, column: Page | None) -> str:
    if role == Role.PLATFORM_OFFICE:
        return PLATFORM_OFFICE_GROUP  # the one group jiyue.cluster checks
    parts = [site_name(site)] if site else []
    parts.append(str(role.label))
    if column is not None:
        parts.append(column.title)
    return ROLE_SEPARATOR.join(parts)


def _check_scope(role: Role, site: Site | None, column: Page | None) -> None:
    if role in GLOBAL_ROLES and (site or column):
        raise ValidationError(gettext("该角色为全局角色，不按站点授予。"))
    if role not in GLOBAL_ROLES and site is None:
        raise ValidationError(gettext("该角色须指定站点。"))
    if (role == Role.INFO_OFFICER) != (column is not None):
        raise ValidationError(gettext("信息员须指定栏目，其他角色不按栏目授予。"))
    if column is not None and not column.is_descendant_of(site.root_page):
        raise ValidationError(gettext("栏目不属于该站点。"))


def site_collection(site: Site) -> Collection:
    name = site_name(site)
    # A flushed database (transactional tests) has lost Wagtail's root collection.
    root = Collection.get_first_root_node() or Collection.add_root(name="全部文件")
    found = root.get_children().filter(name=name).first()
    return found or root.add_child(name=name)


def _grant_perms(group: Group, role: Role, site: Site | None, column: Page | None):
    spec = ROLE_SPECS[role]
    perms = list(spec.model_perms)
    if spec.admin_access:
        perms.append("wagtailadmin.access_admin")
    for label in perms:
        app_label, codename = label.split(".")
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    anchor = column or (site.root_page if site else None)
    if spec.cluster_wide:
        anchor = Page.get_first_root_node()
    for codename in spec.page_perms if anchor else ():
        GroupPagePermission.objects.get_or_create(
            group=group, page=anchor, permission=_perm("wagtailcore", codename)
        )
    if site is not None:
        _grant_collection_perms(group, spec.collection_perms, site_collection(site))


def _perm(app_label: str, codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _grant_collection_perms(group: Group, actions, collection: Collection) -> None:
    for app_label, model in (("wagtaildocs", "document"), ("wagtailimages", "image")):
        for action in actions:
            GroupCollectionPermission.objects.get_or_create(
                group=group,
                collection=collection,
                permission=_perm(app_label, f"{action}_{model}"),
            )


def role_group(*, role: Role, site: Site | None = None, column: Page | None = None):
    """The group that stands for ``role`` (created with its permissions if new)."""
    role = Role(role)
    _check_scope(role, site, column)
    found = SiteRole.objects.filter(role=role, site=site, column=column).first()
    if found:
        return found.group
    group, _ = Group.objects.get_or_create(name=_group_name(role, site, column))
    SiteRole.objects.create(group=group, role=role, site=site, column=column)
    _grant_perms(group, role, site, column)
    return group


def _check_separation(user, role: Role) -> None:
    from .selectors import user_roles

    held = user_roles(user)
    for pair in EXCLUSIVE_ROLES:
        if role in pair and any(other in held for other in pair if other != role):
            raise ValidationError(
                gettext("三员分立：安全管理员与审计管理员不能由同一人担任。")
            )


def _log_role(action: str, *, actor, user, group: Group, role: Role, site, column):
    log(
        instance=user,
        action=action,
        user=actor,
        data={
            "role": str(role),
            "role_label": str(role.label),
            "group": group.name,
            "site": site_name(site) if site else None,
            "column": column.pk if column else None,
        },
    )


@transaction.atomic
def role_grant(*, actor, user, site=None, role, column=None) -> Group:
    role = Role(role)
    if not can_grant(actor, role=role, site=site):
        raise PermissionDenied(gettext("您无权授予该角色。"))
    if actor is not None and actor.pk == user.pk and not actor.is_superuser:
        raise PermissionDenied(gettext("不能给自己授予角色。"))
    _check_separation(user, role)
    group = role_group(role=role, site=site, column=column)
    user.groups.add(group)
    _log_role(
        ROLE_GRANT_ACTION,
        actor=actor,
        user=user,
        group=group,
        role=role,
        site=site,
        column=column,
    )
    return group


@transaction.atomic
def role_revoke(*, actor, user, site=None, role, column=None) -> None:
    role = Role(role)
    if not can_grant(actor, role=role, site=site):
        raise PermissionDenied(gettext("您无权撤销该角色。"))
    site_role = SiteRole.objects.filter(role=role, site=site, column=column).first()
    if site_role is None or not user.groups.filter(pk=site_role.group_id).exists():
        raise ValidationError(gettext("该用户没有这个角色。"))
    user.groups.remove(site_role.group)
    _log_role(
        ROLE_REVOKE_ACTION,
        actor=actor,
        user=user,
        group=site_role.group,
        role=role,
        site=site,
        column=column,
    )


def page_for_publisher(user, page: Page) -> Page:
    if not page.permissions_for_user(user).can_publish():
        raise PermissionDenied(gettext("您无权发布该页面。"))
    return page.specific


@transaction.atomic
def page_force_publish(*, user, page: Page, reason: str):
    """Publishes the latest revision past a pending or rejected review step."""
    from wagtail.actions.publish_page_revision import PublishPageRevisionAction

    from .models import ForcePublish

    page = page_for_publisher(user, page)
    revision = page.get_latest_revision()
    state = page.current_workflow_state
    ForcePublish.objects.create(revision=revision, user=user, reason=reason)
    log(
        instance=page,
        action=FORCE_PUBLISH_ACTION,
        user=user,
        revision=revision,
        data={
            "reason": reason,
            "workflow_status": state.status if state else None,
            "task": state.current_task_state.task.name
            if state and state.current_task_state
            else None,
        },
    )
    PublishPageRevisionAction(revision, user=user).execute(skip_permission_checks=True)
    return revision


@transaction.atomic
def page_gate_override(*, user, page: Page, reason: str):
    """Lets the current blocking findings of the gate through, with a reason."""
    from .gate import blocking, page_gate_findings
    from .models import GateOverride

    page = page_for_publisher(user, page)
    draft = page.get_latest_revision_as_object()
    stopped = blocking(page_gate_findings(draft), page)
    override = GateOverride.objects.create(
        page=page,
        fingerprints=[f.fingerprint for f in stopped],
        findings=[f.as_dict() for f in stopped],
        user=user,
        reason=reason,
    )
    log(
        instance=page,
        action=GATE_OVERRIDE_ACTION,
        user=user,
        data={"reason": reason, "findings": override.findings},
    )
    return override
