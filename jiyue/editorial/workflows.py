"""The default review chain of a site: 信息员提交 → 编辑初审 → 保密审查 → 签发.

Submitting is the start of the workflow; the three steps are tasks whose groups
are the site's role groups. A site (or a column kind) can use another chain by
assigning another workflow to its root or to a column, as Wagtail allows.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext
from wagtail.models import GroupApprovalTask, Site, Workflow, WorkflowPage, WorkflowTask

from .models import ConfidentialityReviewTask
from .roles import Role
from .selectors import site_name
from .services import ROLE_SEPARATOR, role_group

STEPS = (
    ("编辑初审", GroupApprovalTask, (Role.EDITOR, Role.SITE_ADMIN)),
    ("保密审查", ConfidentialityReviewTask, (Role.REVIEWER,)),
    ("签发", GroupApprovalTask, (Role.LEADER,)),
)


def _task(site: Site, name: str, model, roles) -> object:
    full_name = ROLE_SEPARATOR.join([site_name(site), name])
    task = model.objects.filter(name=full_name).first()
    if task is None:
        task = model.objects.create(name=full_name)
    task.groups.add(*(role_group(role=role, site=site) for role in roles))
    return task


@transaction.atomic
def site_workflow_setup(*, site: Site) -> Workflow:
    """Creates the site's default workflow and assigns it to the site root.

    Idempotent; a root that already has another workflow keeps it."""
    name = ROLE_SEPARATOR.join([site_name(site), gettext("默认审核流程")])
    workflow, created = Workflow.objects.get_or_create(name=name)
    if created:
        for order, (step, model, roles) in enumerate(STEPS):
            WorkflowTask.objects.create(
                workflow=workflow,
                task=_task(site, step, model, roles),
                sort_order=order,
            )
    WorkflowPage.objects.get_or_create(
        page=site.root_page, defaults={"workflow": workflow}
    )
    for role in Role:
        if role not in {
            Role.PLATFORM_OFFICE,
            Role.SYSTEM_ADMIN,
            Role.SECURITY_ADMIN,
            Role.AUDIT_ADMIN,
            Role.INFO_OFFICER,
        }:
            role_group(role=role, site=site)
    return workflow


def cluster_workflows_setup() -> list[Workflow]:
    return [site_workflow_setup(site=site) for site in Site.objects.order_by("pk")]
