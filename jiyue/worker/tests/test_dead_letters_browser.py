"""失败任务 in Chromium with the admin's real CSP (browser_page fails on any violation
or script error): the platform office (孙督查) finds the page under 设置, sees a
publishing task that failed in the database backend's own loop, and retries it.
Screenshots go to $JIYUE_SCREENSHOTS (failed-tasks-*.png)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from tests.browser import browser_page, shot, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.second_factor,
    pytest.mark.django_db(transaction=True),
]


def test_the_office_retries_a_failed_task_from_the_settings_menu(demo_live, settings):
    from django_tasks_db.models import DBTaskResult

    from jiyue.publishing.tasks import publish_site_task

    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks_db.DatabaseBackend",
            "QUEUES": settings.TASK_QUEUES,
        }
    }
    publish_site_task.enqueue(987654)  # no such site: it fails
    call_command("worker", "--once", "--no-schedule", "--interval", "0",
                 stdout=io.StringIO())  # fmt: skip
    failed = DBTaskResult.objects.get(status="FAILED")
    with browser_page() as page:
        sign_in(page, demo_live, "pingtai")
        page.goto(demo_live + "/admin/")
        page.get_by_role("button", name="设置", exact=True).click()
        page.click("a.sidebar-menu-item__link:has-text('失败任务')")
        page.wait_for_load_state("load")
        row = page.locator("tbody tr").first
        assert "全量发布" in row.inner_text() and "静态发布" in row.inner_text()
        shot(page, "failed-tasks-list")
        row.locator("button:has-text('重试')").click()
        page.wait_for_load_state("load")
        assert "已重新加入队列" in page.inner_text("body")
        assert "没有失败的任务" in page.inner_text("main")
        shot(page, "failed-tasks-retried")
    again = DBTaskResult.objects.get()
    assert again.pk != failed.pk and again.status == "READY"
    assert again.args_kwargs["args"] == [987654]
