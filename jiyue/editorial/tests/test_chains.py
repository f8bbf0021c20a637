"""Review chains per column kind: 政策文件 and 通知公告 are signed by a leader,
政务动态 is not; a rule per site (or for every site) changes that, and the setup
is idempotent."""

from __future__ import annotations

import pytest
from wagtail.models import Page, Workflow, WorkflowPage

from jiyue.editorial.models import ReviewChainRule
from jiyue.editorial.workflows import cluster_workflows_setup

pytestmark = pytest.mark.django_db(transaction=False)
FULL = "贵阳市人民政府 · 默认审核流程"
SHORT = "贵阳市人民政府 · 审核流程（免签发）"


def chain_of(url_path: str) -> str:
    return Page.objects.get(url_path=url_path).get_workflow().name


def steps_of(name: str) -> list[str]:
    workflow = Workflow.objects.get(name=name)
    return [
        t.name.split(" · ")[-1]
        for t in workflow.tasks.order_by("workflow_tasks__sort_order")
    ]


def test_each_column_kind_gets_its_chain(demo_cluster):
    assert steps_of(FULL) == ["编辑初审", "保密审查", "签发"]
    assert steps_of(SHORT) == ["编辑初审", "保密审查"]
    assert chain_of("/www/zcwj/") == FULL  # 政策文件
    assert chain_of("/www/zcjd/") == FULL  # 政策解读
    assert chain_of("/www/tzgg/") == FULL  # 通知公告
    assert chain_of("/www/yaowen/") == SHORT  # 政务动态
    assert chain_of("/www/yaowen/news-001/") == SHORT  # pages inherit their column's
    assert chain_of("/www/") == FULL  # the site root


def test_the_setup_is_idempotent(demo_cluster):
    cluster_workflows_setup()  # also covers columns added after the demo's setup
    before = (Workflow.objects.count(), WorkflowPage.objects.count())
    cluster_workflows_setup()
    cluster_workflows_setup()
    assert (Workflow.objects.count(), WorkflowPage.objects.count()) == before


def test_a_site_rule_overrides_the_cluster_default(
    demo_cluster, django_capture_on_commit_callbacks
):
    from wagtail.models import Site

    www = Site.objects.get(hostname="www.localhost")
    with django_capture_on_commit_callbacks(execute=True):
        ReviewChainRule.objects.create(site=www, column_kind="news", signoff=True)
    assert chain_of("/www/yaowen/") == FULL
    assert chain_of("/ankang/yaowen/") != FULL  # other sites keep the default
    with django_capture_on_commit_callbacks(execute=True):
        ReviewChainRule.objects.create(site=None, column_kind="policy", signoff=False)
    assert chain_of("/ankang/zcwj/").endswith("审核流程（免签发）")
    with django_capture_on_commit_callbacks(execute=True):
        ReviewChainRule.objects.filter(site=www).delete()
    assert chain_of("/www/yaowen/") == SHORT


def test_a_workflow_assigned_by_hand_is_kept(demo_cluster):
    column = Page.objects.get(url_path="/www/yaowen/")
    own = Workflow.objects.create(name="要闻专用流程")
    WorkflowPage.objects.filter(page=column).update(workflow=own)
    cluster_workflows_setup()
    assert chain_of("/www/yaowen/") == "要闻专用流程"
