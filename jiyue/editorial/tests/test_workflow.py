"""An information officer drafts, the editor and the confidentiality reviewer
approve, the leader signs, the page goes out — in the Wagtail admin."""

from __future__ import annotations

import pytest
from wagtail.models import Page, PageLogEntry, WorkflowState

from jiyue.editorial.models import ConfidentialityConfirmation

from .helpers import (
    client_for,
    create_article,
    messages_of,
    refused,
    workflow_action,
)

pytestmark = [pytest.mark.django_db, pytest.mark.second_factor]
BODY = "<p>贵阳市召开政府网站工作会议，部署信息内容建设工作。</p>"


def submit_draft(people, column, slug="huiyi", officer="officer"):
    client = client_for(people[officer])
    response = create_article(
        client,
        column.pk,
        title="市政府召开网站工作会议",
        slug=slug,
        body=BODY,
        action="action-submit",
    )
    assert response.status_code == 302, response.content[:500]
    return Page.objects.get(slug=slug).specific


def test_the_default_chain_takes_a_page_from_officer_to_public(people, tzgg):
    """通知公告 needs the leader's signature (docs/decisions/0408)."""
    page = submit_draft(people, tzgg, officer="notice_officer")
    assert not page.live
    assert page.current_workflow_task.name == "贵阳市人民政府 · 编辑初审"

    workflow_action(client_for(people["editor"]), page, "approve", comment="同意")
    page.refresh_from_db()
    assert page.current_workflow_task.name == "贵阳市人民政府 · 保密审查"

    reviewer = client_for(people["reviewer"])
    workflow_action(reviewer, page, "approve", comment="未勾选确认")
    page.refresh_from_db()
    assert page.current_workflow_task.name == "贵阳市人民政府 · 保密审查"
    workflow_action(reviewer, page, "approve", no_state_secrets="on",
                    no_personal_data="on", comment="同意公开")  # fmt: skip
    page.refresh_from_db()
    assert page.current_workflow_task.name == "贵阳市人民政府 · 签发"
    confirmation = ConfidentialityConfirmation.objects.get(
        revision=page.get_latest_revision()
    )
    assert confirmation.reviewer_name == "reviewer"
    assert confirmation.no_state_secrets and confirmation.no_personal_data
    assert not page.live  # waits for the signature

    response = workflow_action(
        client_for(people["leader"]), page, "approve", comment="签发"
    )
    assert response.status_code == 302, response.content[:2000]
    page.refresh_from_db()
    assert page.live
    assert page.current_workflow_state is None
    assert WorkflowState.objects.filter(
        base_content_type=page.get_base_content_type(), object_id=str(page.pk),
        status=WorkflowState.STATUS_APPROVED,
    ).exists()  # fmt: skip
    public = client_for(people["leader"]).get(page.url, HTTP_HOST="www.localhost:8000")
    assert public.status_code == 200
    assert "部署信息内容建设工作" in public.content.decode()


def test_news_skips_the_signature_and_goes_out_after_the_review(people, yaowen):
    """政务动态: 编辑初审 → 保密审查, then live (no 签发)."""
    page = submit_draft(people, yaowen, slug="dongtai")
    assert page.get_workflow().name == "贵阳市人民政府 · 审核流程（免签发）"
    workflow_action(client_for(people["editor"]), page, "approve", comment="同意")
    page.refresh_from_db()
    assert page.current_workflow_task.name == "贵阳市人民政府 · 保密审查"
    workflow_action(client_for(people["reviewer"]), page, "approve",
                    no_state_secrets="on", no_personal_data="on")  # fmt: skip
    page.refresh_from_db()
    assert page.live and page.current_workflow_state is None


def test_people_of_another_step_cannot_act_on_this_one(people, yaowen):
    page = submit_draft(people, yaowen)
    for person in ("officer", "reviewer", "leader", "other_editor"):
        response = workflow_action(client_for(people[person]), page, "approve")
        assert refused(response), person
    page.refresh_from_db()
    assert page.current_workflow_task.name == "贵阳市人民政府 · 编辑初审"


def test_information_officer_works_only_in_assigned_column(people, www):
    tzgg = Page.objects.get(url_path="/www/tzgg/")
    client = client_for(people["officer"])
    response = create_article(
        client,
        tzgg.pk,
        title="通知",
        slug="tongzhi-x",
        body=BODY,
        action="action-submit",
    )
    assert refused(response)
    assert not Page.objects.filter(slug="tongzhi-x").exists()


def test_publishing_an_unreviewed_page_is_refused_and_force_publish_is_logged(
    people, yaowen
):
    from .helpers import edit_page

    page = submit_draft(people, yaowen, slug="weishen")
    editor = client_for(people["editor"])
    response = edit_page(editor, page.pk, "action-publish")
    assert response.status_code == 302
    page.refresh_from_db()
    assert not page.live
    followed = editor.get(response["Location"])
    assert any("尚未通过保密审查" in m for m in messages_of(followed))

    url = f"/admin/editorial/pages/{page.pk}/force-publish/"
    assert editor.post(url, {"reason": ""}).status_code == 200  # reason required
    page.refresh_from_db()
    assert not page.live
    response = editor.post(url, {"reason": "市领导要求立即发布突发事件通告"})
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live
    entry = PageLogEntry.objects.get(page=page, action="jiyue.editorial.force_publish")
    assert entry.user == people["editor"]
    assert entry.data["reason"] == "市领导要求立即发布突发事件通告"
    assert entry.data["workflow_status"] == "in_progress"


def test_officer_cannot_force_publish(people, yaowen):
    page = submit_draft(people, yaowen, slug="qiangzhi")
    client = client_for(people["officer"])
    url = f"/admin/editorial/pages/{page.pk}/force-publish/"
    assert refused(client.post(url, {"reason": "我想发布这篇稿件"}))
    page.refresh_from_db()
    assert not page.live
