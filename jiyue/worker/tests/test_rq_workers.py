"""The scale-out task backend for real: three ``jiyue worker`` processes on RQ (Redis)
sharing one database.

- the periodic schedule is enqueued exactly once per tick, however many workers tick;
- every task enqueued runs exactly once, whichever worker takes it;
- a task that fails is retried with its delays, then listed on 失败任务, and 重试
  puts it back;
- bad settings (RQ without Redis, Redis not answering) are refused in Chinese before
  anything runs.

It needs Redis on 127.0.0.1:6379 (the CI machines run one); it takes a database of
Redis's that nobody uses and empties it after itself.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

REDIS = "redis://127.0.0.1:6379"
CLAIM = "jiyue-test-rq-workers"


def _free_redis_database() -> int:
    """The first empty database from 15 down, or JIYUE_TEST_REDIS_DB's (which must
    be empty too) on a machine whose other databases are someone else's."""
    redis = pytest.importorskip("redis")
    chosen = os.environ.get("JIYUE_TEST_REDIS_DB", "")
    for index in [int(chosen)] if chosen.isdigit() else range(15, 0, -1):
        client = redis.Redis.from_url(f"{REDIS}/{index}", socket_connect_timeout=2)
        try:
            if client.dbsize() == 0 and client.set(CLAIM, "1", nx=True, ex=900):
                return index
        except redis.exceptions.ConnectionError:
            pytest.skip("Redis 未在 127.0.0.1:6379 运行")
    pytest.skip("Redis 没有空闲的库")


@pytest.fixture
def redis_url():
    import redis

    index = _free_redis_database()
    url = f"{REDIS}/{index}"
    yield url
    redis.Redis.from_url(url).flushdb()


def _env(tmp_path: Path, redis_url: str) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env.update(
        JIYUE_DEMO="1",
        JIYUE_VAR_DIR=str(tmp_path),
        JIYUE_TASK_BACKEND="rq",
        JIYUE_REDIS_URL=redis_url,
        JIYUE_TASK_RETRY_DELAYS="1,1",
    )
    return env


def _jiyue(env: dict, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 (our own interpreter)
        [sys.executable, "-m", "jiyue.cli", *args],
        env=env, check=check, capture_output=True, text=True, timeout=180,
    )  # fmt: skip


def _python(env: dict, code: str):
    """Runs ``code`` in a Django shell of the stack; what it prints last is JSON."""
    out = _jiyue(env, "shell", "-c", code).stdout.strip().splitlines()
    return json.loads(out[-1])


REGISTRIES = """
import json, django_rq
from django.conf import settings
from rq.job import Job
from rq.registry import FailedJobRegistry, FinishedJobRegistry, StartedJobRegistry
from rq.registry import ScheduledJobRegistry
def jobs():
    found = []
    for name in settings.TASK_QUEUES:
        queue = django_rq.get_queue(name)
        ids = set(queue.job_ids)
        for kind in (FinishedJobRegistry, FailedJobRegistry, StartedJobRegistry,
                     ScheduledJobRegistry):
            ids |= set(kind(queue=queue).get_job_ids())
        for job in Job.fetch_many(sorted(ids), connection=queue.connection):
            if job is not None:
                found.append({"id": job.id, "func": job.func_name,
                              "status": job.get_status(), "runs": len(job.results()),
                              "worker": job.worker_name or ""})
    return found
"""


def _wait(condition, what: str, seconds: float = 90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.5)
    raise AssertionError(f"等待超时：{what}")


def test_three_rq_workers_run_each_task_and_each_tick_once(tmp_path, redis_url):
    env = _env(tmp_path, redis_url)
    _jiyue(env, "migrate", "--noinput", "-v0")
    jobs = _python(env, "import json; from jiyue.worker.schedule import registered_jobs;"
                   " print(json.dumps([[j.name, j.task.module_path] for j in registered_jobs()]))")  # fmt: skip
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "jiyue.cli", "worker", "--schedule-every", "0.5"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    try:
        # The first ticks of three workers: every job taken once, recorded once.
        _wait(
            lambda: (
                _python(
                    env,
                    "import json; from jiyue.worker.models import "
                    "PeriodicJobRun as R; print(json.dumps(R.objects.exclude("
                    "last_task_id='').count()))",
                )
                == len(jobs)
            ),
            "每个定时任务都已加入队列",
        )
        time.sleep(3)  # six more ticks of each worker
        enqueued = _python(env, REGISTRIES + "print(json.dumps(jobs()))")
        for _name, path in jobs:
            assert [j["func"] for j in enqueued].count(path) == 1, path

        # Forty tasks, each run exactly once by one of the three workers.
        ids = _python(env, "import json; from jiyue.search.tasks import index_change_task;"
                      " print(json.dumps([index_change_task.enqueue(keys=[f'page:{n}']).id"
                      " for n in range(40)]))")  # fmt: skip

        def all_finished():
            found = {
                j["id"]: j
                for j in _python(env, REGISTRIES + "print(json.dumps(jobs()))")
            }
            done = [found.get(i) for i in ids]
            return done if all(j and j["status"] == "finished" for j in done) else None

        done = _wait(all_finished, "四十个任务都已执行")
        assert all(j["runs"] == 1 for j in done)

        # A retrying task that keeps failing: two retries a second apart, then 失败任务.
        failing = _python(env, "import json; from jiyue.publishing.tasks import "
                          "publish_site_task; print(json.dumps(publish_site_task.enqueue("
                          "987654).id))")  # fmt: skip
        listed = _wait(
            lambda: _python(
                env,
                "import json; from jiyue.worker import dead_letters as d;"
                " print(json.dumps([[t.id, t.label, t.queue_label, t.attempts,"
                " t.error] for t in d.failed_tasks()]))",
            ),
            "失败的任务出现在失败任务列表中",
        )
        assert listed == [[failing, "全量发布", "静态发布", 3, listed[0][4]]]
        assert "DoesNotExist" in listed[0][4]
        # 重试 puts it back on its queue: it runs (and fails) once more; RQ keeps a
        # result of each run that ended the job.
        assert _python(env, "import json; from jiyue.worker import dead_letters as d;"
                       f" print(json.dumps(d.retry('{failing}')))")  # fmt: skip
        _wait(
            lambda: [
                j for j in _python(env, REGISTRIES + "print(json.dumps(jobs()))")
                if j["id"] == failing and j["status"] == "failed" and j["runs"] == 2
            ],
            "重试后再执行一次",
        )  # fmt: skip
        for worker in workers:
            assert worker.poll() is None, worker.stderr.read()
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
        for worker in workers:
            try:
                worker.wait(timeout=20)
            except subprocess.TimeoutExpired:
                worker.kill()


def test_rq_settings_that_cannot_work_are_refused_in_chinese(tmp_path):
    env = _env(tmp_path, "redis://127.0.0.1:1/0")  # nothing listens on port 1
    refused = _jiyue(env, "worker", "--once", check=False)
    assert refused.returncode == 2
    assert "无法连接 JIYUE_REDIS_URL 指向的 Redis" in refused.stderr
    assert "Traceback" not in refused.stderr

    del env["JIYUE_REDIS_URL"]
    refused = _jiyue(env, "worker", "--once", check=False)
    assert refused.returncode == 2
    assert "JIYUE_TASK_BACKEND=rq 需要 Redis：请设置 JIYUE_REDIS_URL" in refused.stderr
    assert "Traceback" not in refused.stderr


def test_an_unknown_queue_is_refused_in_chinese(tmp_path):
    env = _env(tmp_path, "")
    del env["JIYUE_REDIS_URL"]
    env["JIYUE_TASK_BACKEND"] = "django_tasks_db.DatabaseBackend"
    refused = _jiyue(
        env, "worker", "--once", "--queue-name", "default,mail", check=False
    )
    assert refused.returncode != 0
    assert "没有这个队列：mail" in refused.stderr
    assert "publishing" in refused.stderr and "Traceback" not in refused.stderr
