"""失败任务 on the embedded default: a task that failed in django-tasks-db's own loop is
listed for the platform office in Chinese, 重试 puts it back on its queue with the
same arguments, 移除 takes it off; nobody else may see or touch the list."""

from __future__ import annotations

import importlib
import io
import pkgutil
from contextlib import nullcontext

import pytest
from django.core.management import call_command
from django.test import Client
from django_tasks.base import Task
from wagtail.models import Site

import jiyue
from jiyue.cluster.roles import Role
from jiyue.worker import dead_letters
from tests.staff import login

pytestmark = pytest.mark.django_db
MISSING_SITE = 987654


@pytest.fixture
def database_backend(settings, monkeypatch):
    from django_tasks_db.management.commands import db_worker

    # Inside the test's transaction the loop may not close the connection nor open
    # an exclusive transaction of its own (as in test_monitor_jobs).
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    monkeypatch.setattr(db_worker, "exclusive_transaction", lambda *a: nullcontext())
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks_db.DatabaseBackend",
            "QUEUES": settings.TASK_QUEUES,
        }
    }


def _run_worker() -> None:
    call_command(
        "worker", "--once", "--no-schedule", "--interval", "0", stdout=io.StringIO()
    )


@pytest.fixture
def failed(database_backend):
    from django_tasks_db.models import DBTaskResult

    from jiyue.publishing.tasks import publish_site_task

    publish_site_task.enqueue(MISSING_SITE)
    _run_worker()
    return DBTaskResult.objects.get(status="FAILED")


def test_the_office_sees_a_failed_task_in_chinese_and_retries_it(
    failed, demo_cluster, make_staff
):
    from django_tasks_db.models import DBTaskResult

    office = login(Client(), make_staff("dl-office", Role.PLATFORM_OFFICE))
    page = office.get("/admin/tasks/failed/").content.decode()
    assert "全量发布" in page and "静态发布" in page  # the task and its queue
    assert "DoesNotExist" in page and str(MISSING_SITE) in page
    table = page[page.index("<table") : page.index("</table>")]
    assert "publish_site_task" not in table and "publishing" not in table

    response = office.post(f"/admin/tasks/failed/{failed.pk}/retry/")
    assert response.status_code == 302
    again = DBTaskResult.objects.get()
    assert again.pk != failed.pk and again.status == "READY"
    assert again.task_path == failed.task_path
    assert again.args_kwargs["args"] == [MISSING_SITE]
    assert again.queue_name == "publishing"
    page = office.get(response["Location"]).content.decode()
    assert "已重新加入队列" in page and "没有失败的任务" in page

    _run_worker()  # the site still does not exist: it fails again, listed again
    retried = DBTaskResult.objects.get(status="FAILED")
    response = office.post(f"/admin/tasks/failed/{retried.pk}/discard/")
    assert not DBTaskResult.objects.exists()
    assert "已从失败列表中移除" in office.get(response["Location"]).content.decode()
    response = office.post(f"/admin/tasks/failed/{retried.pk}/retry/")
    assert "已不在失败列表中" in office.get(response["Location"]).content.decode()


def test_a_retried_task_that_now_succeeds_leaves_the_list(
    failed, demo_cluster, settings, tmp_path
):
    from django_tasks_db.models import DBTaskResult

    # The site is published for real: into this test's own tree, not the suite's.
    settings.JIYUE_PUBLISH_ROOT = tmp_path / "publish"

    site = Site.objects.get(hostname="www.localhost")
    failed.args_kwargs = {"args": [site.pk], "kwargs": {}}
    failed.save(update_fields=["args_kwargs"])
    assert dead_letters.retry(str(failed.pk))
    _run_worker()
    assert dead_letters.failed_tasks() == []
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_only_the_platform_office_may_open_or_act(failed, demo_cluster, make_staff):
    www = Site.objects.get(hostname="www.localhost")
    admin = login(Client(), make_staff("dl-admin", Role.SITE_ADMIN, www))

    def refused(response) -> bool:  # Wagtail turns a refusal into a way home
        return response.status_code == 403 or response.headers["Location"] == "/admin/"

    assert refused(admin.get("/admin/tasks/failed/"))
    assert refused(admin.post(f"/admin/tasks/failed/{failed.pk}/retry/"))
    assert refused(admin.post(f"/admin/tasks/failed/{failed.pk}/discard/"))
    assert "/admin/tasks/failed/" not in admin.get("/admin/").content.decode()
    assert len(dead_letters.failed_tasks()) == 1


def test_every_task_has_a_chinese_name_and_retrying_tasks_exist():
    """A task added to an app without its name in that app's jobs.TASK_LABELS would
    show 其他任务 on the list."""
    from jiyue.worker.schedule import retrying_tasks

    tasks = set()
    for module in pkgutil.walk_packages(jiyue.__path__, "jiyue."):
        if module.name.endswith(".tasks"):
            loaded = importlib.import_module(module.name)
            tasks |= {
                f"{module.name}.{name}"
                for name, value in vars(loaded).items()
                if isinstance(value, Task) and value.func.__module__ == module.name
            }
    labels = dead_letters.task_labels()
    assert tasks and tasks <= set(labels), tasks - set(labels)
    assert retrying_tasks() <= tasks
