"""Each person's 待办 on the dashboard, the steps' words, where a person lands
after a step and what he is told, and 「发布」 only where it would work
(docs/decisions/0422, 0423)."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from .helpers import client_for, editor_form, messages_of, workflow_action
from .test_workflow import submit_draft

pytestmark = [pytest.mark.django_db, pytest.mark.second_factor]
HOME = "/admin/"
TITLE = "市政府召开网站工作会议"


def todo_panel(client) -> str:
    """The 待办 panel's HTML on the dashboard."""
    page = client.get(HOME).content.decode()
    start = page.index('id="jiyue-todo')
    end = page.index("</section>", start) if "</section>" in page[start:] else None
    return page[start:end]


def told(response) -> list[str]:
    return [m.strip() for m in messages_of(response)]


def approve_labels(html: str) -> list[str]:
    """The labels of the editor's approve buttons in its action menu."""
    found = re.findall(
        r'data-workflow-action-name="approve".*?>\s*(?:<svg.*?</svg>)?\s*([^<]+?)\s*<',
        html,
        flags=re.S,
    )
    return found


def approve_in_editor(client, page, **extra) -> object:
    """Approves the page's current step the way the editor's action menu does."""
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    data = editor_form(client, url)
    data["action-workflow-action"] = "1"
    data["workflow-action-name"] = "approve"
    data["workflow-action-extra-data"] = json.dumps(extra)
    return client.post(url, data)


def test_each_step_waits_on_its_own_people_dashboards(people, tzgg):
    page = submit_draft(people, tzgg, officer="notice_officer")
    editor, reviewer, leader = (
        client_for(people[p]) for p in ("editor", "reviewer", "leader")
    )

    panel = todo_panel(editor)
    assert "待编辑初审" in panel and TITLE in panel
    assert f"/admin/pages/{page.pk}/edit/" in panel  # where he acts
    assert "notice_officer" in panel and "提交于" in panel
    for other in (reviewer, leader, client_for(people["other_editor"])):
        assert TITLE not in todo_panel(other)
    officer = todo_panel(client_for(people["notice_officer"]))
    assert "审核中" in officer and "当前：编辑初审" in officer

    workflow_action(editor, page, "approve", next=HOME)
    assert TITLE not in todo_panel(editor)
    assert "待保密审查" in todo_panel(reviewer)
    assert TITLE not in todo_panel(leader)


def test_a_person_with_nothing_waiting_is_told_so(people):
    assert "暂无待办事项" in todo_panel(client_for(people["other_editor"]))


def test_a_returned_draft_is_on_its_authors_list_with_the_reason(people, tzgg):
    page = submit_draft(people, tzgg, officer="notice_officer")
    response = workflow_action(
        client_for(people["editor"]), page, "reject", comment="请补充发文机关"
    )
    assert response.status_code == 302
    panel = todo_panel(client_for(people["notice_officer"]))
    assert "退回修改" in panel and "编辑初审退回：请补充发文机关" in panel


def test_the_leaders_button_says_sign_and_the_reviewers_says_passed(people, tzgg):
    page = submit_draft(people, tzgg, officer="notice_officer")
    workflow_action(client_for(people["editor"]), page, "approve")
    reviewer = client_for(people["reviewer"])
    edit = reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert "审查通过" in reviewer.get(edit).content.decode()
    workflow_action(reviewer, page, "approve", no_state_secrets="on",
                    no_personal_data="on")  # fmt: skip

    leader = client_for(people["leader"])
    dashboard = leader.get(HOME).content.decode()
    assert ">签发</button>" in dashboard
    assert ">批准</button>" not in dashboard
    assert approve_labels(leader.get(edit).content.decode()) == [
        "签发",
        "签发并填写意见",
    ]


def test_after_the_review_in_the_editor_the_reviewer_lands_on_the_dashboard(
    people, tzgg
):
    page = submit_draft(people, tzgg, officer="notice_officer")
    workflow_action(client_for(people["editor"]), page, "approve")
    reviewer = client_for(people["reviewer"])
    response = approve_in_editor(
        reviewer, page, no_state_secrets=True, no_personal_data=True, comment="同意"
    )
    assert response.status_code == 302 and response["Location"] == HOME
    landed = reviewer.get(HOME)
    assert landed.status_code == 200
    said = told(landed)
    assert f"「{TITLE}」保密审查已通过，已送签发人签发。" in said
    assert not any("更新" in m for m in said)  # not Wagtail's generic line
    assert not any("保密审查已通过" in m for m in told(reviewer.get(HOME)))  # once


def test_after_signing_the_leader_lands_on_the_dashboard_told_it_is_out(people, tzgg):
    page = submit_draft(people, tzgg, officer="notice_officer")
    workflow_action(client_for(people["editor"]), page, "approve")
    workflow_action(client_for(people["reviewer"]), page, "approve",
                    no_state_secrets="on", no_personal_data="on")  # fmt: skip
    leader = client_for(people["leader"])
    response = workflow_action(leader, page, "approve")  # no next: the default
    assert response.status_code == 302 and response["Location"] == HOME
    said = told(leader.get(HOME))
    assert f"「{TITLE}」已签发，页面已发布。" in said
    page.refresh_from_db()
    assert page.live


def test_the_editor_is_told_where_the_page_went(people, tzgg):
    page = submit_draft(people, tzgg, officer="notice_officer")
    editor = client_for(people["editor"])
    response = approve_in_editor(editor, page)
    assert response["Location"] == HOME
    said = told(editor.get(HOME))
    assert f"「{TITLE}」编辑初审已通过，已送保密审查员审查。" in said


def test_the_publish_button_is_not_offered_where_the_guard_refuses_it(people, tzgg):
    page = submit_draft(people, tzgg, officer="notice_officer")
    editor = client_for(people["editor"])
    edit = editor.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    html = edit.content.decode()
    assert 'name="action-publish"' not in html
    assert "强制发布（须说明理由）" in html  # the way that works, with a reason
    add = reverse("wagtailadmin_pages:add", args=["content", "articlepage", tzgg.pk])
    assert 'name="action-publish"' not in editor.get(add).content.decode()


def test_the_site_administrator_sees_his_stale_columns(people, tzgg):
    long_ago = timezone.now() - dt.timedelta(days=400)
    Page.objects.descendant_of(tzgg, inclusive=True).update(last_published_at=long_ago)
    panel = todo_panel(client_for(people["admin"]))
    assert "栏目待更新" in panel and tzgg.title in panel and "已超期" in panel
    assert f"/admin/pages/{tzgg.pk}/" in panel
    assert "栏目待更新" not in todo_panel(client_for(people["editor"]))
