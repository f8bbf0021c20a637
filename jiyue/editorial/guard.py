"""先审查、后公开: may this revision go live (or be scheduled)?

A revision written by a person (``revision.user`` set: everything saved in the
admin) on a page whose workflow has a confidentiality review goes live only when
that review confirmed it, or when someone force-published it with a reason.
Revisions without a user are written by trusted code (data loading, migrations);
see docs/decisions/0402-publish-guard.md.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext
from wagtail.models import Page, Revision

from .models import ConfidentialityConfirmation, ConfidentialityReviewTask, ForcePublish


class PublishRefused(PermissionDenied):
    """A revision may not go live: it has not passed the confidentiality review."""


def page_needs_review(page: Page) -> bool:
    workflow = page.get_workflow()
    if workflow is None or not workflow.active:
        return False
    return ConfidentialityReviewTask.objects.filter(
        workflow_tasks__workflow=workflow, active=True
    ).exists()


def publish_button_refused(page: Page | None, parent: Page | None = None) -> bool:
    """Whether the editor's plain 「发布」 would be refused: the form saves a new
    revision, which no reviewer has confirmed, so on a page under review it
    always is. A page being created takes the chain of its parent."""
    if page is not None and page.pk is not None:
        return page_needs_review(page)
    return parent is not None and page_needs_review(parent)


def revision_passed(revision: Revision) -> bool:
    return (
        ConfidentialityConfirmation.objects.filter(revision=revision).exists()
        or ForcePublish.objects.filter(revision=revision).exists()
    )


def publish_refusal(revision: Revision) -> str | None:
    """Why ``revision`` may not go live, or None if it may."""
    if revision.user_id is None:
        return None
    page = revision.content_object
    if not isinstance(page, Page) or not page_needs_review(page):
        return None
    if revision_passed(revision):
        return None
    return gettext(
        "页面“%(title)s”的当前版本尚未通过保密审查，不能发布或定时发布。"
        "请提交审核；确需发布的，请使用“强制发布”并说明理由。"
    ) % {"title": revision.object_str}


def ensure_may_publish(revision: Revision) -> None:
    refusal = publish_refusal(revision)
    if refusal:
        raise PublishRefused(refusal)
