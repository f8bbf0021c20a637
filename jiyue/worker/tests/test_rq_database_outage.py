"""RQ workers while the database does not answer (issue 19, ADR 0524): a real
``jiyue worker`` on Redis, its SQLite database taken away (its directory renamed:
every new connection fails with the driver's own error) and brought back.

- a task whose work-horse cannot reach the database at its start is put back, not
  listed on 失败任务, and runs whole once the database is back;
- the worker that saw it waits for the database instead of trying the other tasks;
- a task that is not declared safe to run again and loses the database while it
  runs is listed on 失败任务 (it may have done part of its work: a person decides);
- a task that fails for another reason is listed on 失败任务 after its retries, as
  before.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from jiyue.worker.tests.test_rq_workers import (  # noqa: F401 (redis_url: a fixture)
    _env,
    _jiyue,
    _python,
    _wait,
    redis_url,
)

FAILED = (
    "import json; from jiyue.worker import dead_letters as d;"
    " print(json.dumps([[t.id, t.label, t.attempts, t.error]"
    " for t in d.failed_tasks()]))"
)


class Stack:
    """A migrated SQLite database in its own directory and one RQ worker."""

    def __init__(self, tmp_path: Path, url: str) -> None:
        self.database = tmp_path / "database"
        self.database.mkdir()
        self.env = _env(tmp_path, url)
        self.env["DATABASE_URL"] = f"sqlite:///{self.database / 'jiyue.sqlite3'}"
        # Enqueuing needs only Redis: this shell starts while the database is away.
        self.enqueuer = {k: v for k, v in self.env.items() if k != "DATABASE_URL"}
        self.redis_url = url
        self.log = tmp_path / "worker.log"
        _jiyue(self.env, "migrate", "--noinput", "-v0")

    def start(self) -> None:
        self.worker = subprocess.Popen(
            [sys.executable, "-m", "jiyue.cli", "worker", "--no-schedule"],
            env=self.env, stdout=subprocess.DEVNULL,
            stderr=self.log.open("w"), text=True,
        )  # fmt: skip
        _wait(lambda: self.redis().smembers("rq:workers"), "工作进程已启动")

    def stop(self) -> None:
        self.worker.terminate()
        try:
            self.worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.worker.kill()

    def redis(self):
        import redis

        return redis.Redis.from_url(self.redis_url)

    def take_away(self) -> None:
        self.database.rename(f"{self.database}-away")

    def bring_back(self) -> None:
        Path(f"{self.database}-away").rename(self.database)

    def enqueue(self, expression: str) -> str:
        return _python(
            self.enqueuer, f"import json; print(json.dumps({expression}.id))"
        )

    def job(self, job_id: str):
        from rq.job import Job

        return Job.fetch(job_id, connection=self.redis())

    def runs(self, job_id: str) -> list[str]:
        return sorted(result.type.name for result in self.job(job_id).results())

    def failed_ids(self) -> set[str]:
        from rq.registry import FailedJobRegistry

        return {
            job_id
            for name in ("default", "publishing", "interaction", "search", "monitor")
            for job_id in FailedJobRegistry(name, connection=self.redis()).get_job_ids()
        }

    def logged(self) -> str:
        return self.log.read_text()


@pytest.fixture
def stack(tmp_path, redis_url):  # noqa: F811
    stack = Stack(tmp_path, redis_url)
    stack.start()
    yield stack
    stack.stop()


def test_tasks_wait_for_the_database_and_then_run_whole(stack):
    stack.take_away()
    indexing = stack.enqueue(
        "__import__('jiyue.search.tasks').search.tasks.index_change_task"
        ".enqueue(keys=['page:1'])"
    )
    phases = stack.enqueue(
        "__import__('jiyue.interaction.channels.tasks').interaction.channels.tasks"
        ".channel_phases_task.enqueue()"
    )
    tried = _wait(
        lambda: [i for i in (indexing, phases) if "RETRIED" in stack.runs(i)],
        "第一个任务因数据库不可用被放回",
    )
    assert stack.job(tried[0]).get_status() in ("scheduled", "queued")
    time.sleep(4)  # the database still away: the worker waits, tries nothing else
    assert [stack.runs(i) for i in (indexing, phases)].count(["RETRIED"]) == 1
    assert sum(len(stack.runs(i)) for i in (indexing, phases)) == 1
    assert not stack.failed_ids()
    assert "worker: database unavailable, waiting" in stack.logged()
    assert stack.worker.poll() is None

    stack.bring_back()
    _wait(
        lambda: all(
            stack.job(i).get_status() == "finished" for i in (indexing, phases)
        ),
        "数据库恢复后两个任务都已完成",
    )
    assert stack.runs(tried[0]) == ["RETRIED", "SUCCESSFUL"]
    other = phases if tried[0] == indexing else indexing
    assert stack.runs(other) == ["SUCCESSFUL"]
    assert "worker: database back after" in stack.logged()
    assert not stack.failed_ids()

    # Another error than the database's: its retries (1 s, 1 s), then 失败任务.
    failing = _python(
        stack.env,
        "import json; from jiyue.publishing.tasks import publish_site_task;"
        " print(json.dumps(publish_site_task.enqueue(987654).id))",
    )
    listed = _wait(lambda: _python(stack.env, FAILED), "失败的任务出现在失败任务列表中")
    assert [row[:3] for row in listed] == [[failing, "全量发布", 3]]
    assert "DoesNotExist" in listed[0][3]
    assert stack.worker.poll() is None


def test_a_task_that_loses_the_database_midway_is_left_to_a_person(stack):
    task = "jiyue.worker.tests.outage_tasks.loses_the_database"
    midway = stack.enqueue(
        f"__import__('django.utils.module_loading').utils.module_loading"
        f".import_string('{task}').enqueue('{stack.database}')"
    )
    _wait(lambda: midway in stack.failed_ids(), "任务进入失败任务列表")
    assert stack.runs(midway) == ["FAILED"]
    assert "OperationalError" in stack.job(midway).latest_result().exc_string
    # The worker saw the database down: it waits before it takes the next task.
    _wait(lambda: "database unavailable, waiting" in stack.logged(), "工作进程等待")
    phases = stack.enqueue(
        "__import__('jiyue.interaction.channels.tasks').interaction.channels.tasks"
        ".channel_phases_task.enqueue()"
    )
    time.sleep(2)
    assert stack.runs(phases) == []
    stack.bring_back()
    _wait(lambda: stack.job(phases).get_status() == "finished", "数据库恢复后任务完成")
    assert stack.runs(phases) == ["SUCCESSFUL"]
    assert stack.failed_ids() == {midway}
    assert stack.worker.poll() is None
