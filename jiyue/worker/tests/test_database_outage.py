"""The worker on the database task backend while the database cannot be reached
(issue 19): django-tasks-db's own loop ends the process on such an error; ``jiyue
worker`` waits for the database, writes off as failed the task it had claimed whose
end the database never took, and runs the next task once the database answers. The
drill with a real PostgreSQL stopped and started under load is bench/pgrestart.py."""

from __future__ import annotations

import logging
import threading
import time

import pytest

from tests.database import bring_back, unreachable_database

pytestmark = pytest.mark.django_db(transaction=True)
WORKER_ID = "drill-worker"


@pytest.fixture
def database_backend(settings):
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks_db.DatabaseBackend",
            "QUEUES": settings.TASK_QUEUES,
        }
    }


def wait_for(condition, seconds: float = 60.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_the_worker_waits_for_the_database_and_resumes(
    database_backend, tmp_path, caplog
):
    from django_tasks_db.models import DBTaskResult

    from jiyue.interaction.channels.tasks import channel_phases_task
    from jiyue.worker.management.commands.worker import DatabaseWorker

    # Claimed by this worker when the database went down: its end was never written.
    orphan = DBTaskResult.objects.get(pk=channel_phases_task.enqueue().id)
    orphan.claim(WORKER_ID)
    waiting = channel_phases_task.enqueue()
    worker = DatabaseWorker(
        queue_names=["*"], interval=0.05, batch=False, backend_name="default",
        startup_delay=False, max_tasks=1, worker_id=WORKER_ID,
        excluded_queue_names=[], longest_wait=0.2,
    )  # fmt: skip
    held = {}

    def work() -> None:
        with unreachable_database(tmp_path) as connection:
            held["connection"] = connection
            worker.run()  # returns after one task (max_tasks)
            held["returned"] = True

    caplog.set_level(logging.WARNING, logger="jiyue.worker")
    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    assert wait_for(lambda: "database unavailable" in caplog.text)
    assert thread.is_alive()  # waiting, not ended as django-tasks-db's loop would
    bring_back(held["connection"])  # the server is back
    thread.join(timeout=60)
    assert held.get("returned")
    assert "database back after" in caplog.text

    orphan.refresh_from_db()
    assert orphan.status == "FAILED"
    assert orphan.exception_class_path.endswith("TaskEndNotRecordedError")
    assert "任务运行期间数据库不可用" in orphan.traceback
    assert DBTaskResult.objects.get(pk=waiting.id).status == "SUCCESSFUL"
