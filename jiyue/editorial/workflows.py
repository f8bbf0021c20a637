"""The review chains of a site: 信息员提交 → 编辑初审 → 保密审查 (→ 签发).

Submitting is the start of the workflow; the steps are tasks whose groups are
the site's role groups. Each site gets two workflows: the full chain, assigned
to the site root, and the chain without 签发; each column is assigned the one
its kind needs (``jiyue.editorial.chains``, docs/decisions/0408). A page or
column to which an administrator assigned another workflow keeps it.
"""

from __future__ import annotations

from django.db import transaction
from wagtail.models import GroupApprovalTask, Site, Workflow, WorkflowPage, WorkflowTask

from jiyue.cluster.roles import Role
from jiyue.content.models import ColumnPage

from .chains import needs_signoff
from .models import ConfidentialityReviewTask, SignOffTask
from .selectors import site_name
from .services import ROLE_SEPARATOR, role_group

EDIT = ("编辑初审", GroupApprovalTask, (Role.EDITOR, Role.SITE_ADMIN))
REVIEW = ("保密审查", ConfidentialityReviewTask, (Role.REVIEWER,))
SIGN = ("签发", SignOffTask, (Role.LEADER,))
STEPS = (EDIT, REVIEW, SIGN)
FULL_CHAIN = "默认审核流程"
SHORT_CHAIN = "审核流程（免签发）"
SITE_ROLES = (Role.SITE_ADMIN, Role.EDITOR, Role.REVIEWER, Role.LEADER)


def _task(site: Site, name: str, model, roles) -> object:
    full_name = ROLE_SEPARATOR.join([site_name(site), name])
    task = model.objects.filter(name=full_name).first()
    if task is None:
        task = model.objects.create(name=full_name)
    task.groups.add(*(role_group(role=role, site=site) for role in roles))
    return task


def _workflow(site: Site, name: str, steps) -> Workflow:
    workflow, created = Workflow.objects.get_or_create(
        name=ROLE_SEPARATOR.join([site_name(site), name])
    )
    if created:
        for order, (step, model, roles) in enumerate(steps):
            WorkflowTask.objects.create(
                workflow=workflow,
                task=_task(site, step, model, roles),
                sort_order=order,
            )
    return workflow


def _assign_columns(site: Site, full: Workflow, short: Workflow) -> None:
    ours = {full.pk, short.pk}
    for column in ColumnPage.objects.descendant_of(site.root_page):
        wanted = full if needs_signoff(site, column.kind) else short
        assigned = WorkflowPage.objects.filter(page=column).first()
        if assigned is None:
            WorkflowPage.objects.create(page=column, workflow=wanted)
        elif assigned.workflow_id in ours and assigned.workflow_id != wanted.pk:
            assigned.workflow = wanted  # the rule changed
            assigned.save(update_fields=["workflow"])


@transaction.atomic
def site_workflow_setup(*, site: Site) -> Workflow:
    """Creates the site's review chains, assigns the full one to the site root
    and to each column the one its kind needs. Idempotent; returns the full one."""
    for role in SITE_ROLES:
        role_group(role=role, site=site)
    full = _workflow(site, FULL_CHAIN, STEPS)
    short = _workflow(site, SHORT_CHAIN, (EDIT, REVIEW))
    WorkflowPage.objects.get_or_create(page=site.root_page, defaults={"workflow": full})
    _assign_columns(site, full, short)
    return full


def cluster_workflows_setup() -> list[Workflow]:
    role_group(role=Role.PLATFORM_OFFICE)  # one platform office (ADR 0412)
    return [site_workflow_setup(site=site) for site in Site.objects.order_by("pk")]
