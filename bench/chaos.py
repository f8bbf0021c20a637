"""Failure drills of the scale-out task backend: workers on RQ (Redis) killed in the
middle of a full publish (prints what happened; asserts nothing).

    .venv/bin/python bench/chaos.py --items 3000

1. makes a cluster with ``jiyue generate`` (three sites sharing ``--items`` items) in a fresh SQLite database under a temporary ``JIYUE_VAR_DIR`` (or
   ``DATABASE_URL``'s PostgreSQL database, emptied first), publishes it once;
2. **horse**: one ``jiyue worker`` on RQ; a full rebuild of the large site is enqueued;
   when a quarter of its pages are written, the work-horse (the process RQ forks for the
   task) gets SIGKILL. RQ counts it a failure, the task is retried after a second
   (``JIYUE_TASK_RETRY_DELAYS=1``) and runs whole;
3. **worker**: the same, but the whole worker (its process group: the worker and its
   horse, as when a machine dies) gets SIGKILL; a second worker is started. It finds
   the task abandoned when the dead worker's heartbeat expires and runs it again;
4. after each: the runs of the task, the time from the kill to the new version online,
   ``jiyue verify`` (every published file against the manifest), what is left of
   half-written versions, and whether the site kept a version online throughout.

Needs Redis on 127.0.0.1:6379 (a database of it that nobody uses, emptied after).
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
JIYUE = [sys.executable, "-m", "jiyue.cli"]


def free_redis() -> str:
    import redis

    for index in range(15, 0, -1):
        url = f"redis://127.0.0.1:6379/{index}"
        client = redis.Redis.from_url(url)
        if client.dbsize() == 0 and client.set(
            "jiyue-bench-chaos", 1, nx=True, ex=3600
        ):
            return url
    raise SystemExit("Redis 没有空闲的库")


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def start_worker(env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [*JIYUE, "worker", "--queue-name", "publishing", "--no-schedule"],
        env=env, start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def wait(condition, seconds: float = 600.0, step: float = 0.05):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(step)
    return None


def drill(name: str, env: dict, site, whole_worker: bool) -> dict:
    from django_rq import get_queue
    from rq.job import Job

    from jiyue.publishing import storage
    from jiyue.publishing.models import PublishState
    from jiyue.publishing.tasks import publish_site_task

    host = site.hostname
    before = storage.current_version(host)
    worker = start_worker(env)
    time.sleep(5)
    # The worker's own children before the task: RQ's scheduler process. The one
    # that appears with the task is its work-horse.
    before_task = set(children(worker.pid))
    result = publish_site_task.enqueue(site.pk)

    def quarter():
        state = PublishState.objects.filter(site=site).first()
        return (
            state
            and state.running
            and state.progress_total
            and state.progress_done >= state.progress_total // 4
        )

    wait(quarter)
    state = PublishState.objects.get(site=site)
    progress = f"{state.progress_done}/{state.progress_total}"
    horses = sorted(set(children(worker.pid)) - before_task)
    killed_at = time.monotonic()
    if whole_worker:
        # RQ puts its work-horse in a session of its own: a dying machine takes both.
        os.killpg(worker.pid, signal.SIGKILL)
        for pid in horses:
            os.kill(pid, signal.SIGKILL)
        worker.wait()
        online_after_kill = storage.current_version(host) == before
        worker = start_worker(env)
    else:
        for pid in horses:
            os.kill(pid, signal.SIGKILL)
        online_after_kill = storage.current_version(host) == before
    connection = get_queue("publishing").connection

    def finished():
        job = Job.fetch(result.id, connection=connection)
        return job if job.get_status() in ("finished", "failed") else None

    job = wait(finished, seconds=900, step=0.5)
    seconds = time.monotonic() - killed_at
    os.killpg(worker.pid, signal.SIGTERM)
    worker.wait(timeout=60)
    verify = subprocess.run(
        [*JIYUE, "verify", "--site", site.profile.code],
        env=env, capture_output=True, text=True,
    )  # fmt: skip
    after = storage.current_version(host)
    versions = sorted(p.name for p in storage.versions_dir(host).iterdir())
    return {
        "drill": name,
        "killed at": progress,
        "killed": "worker and horse" if whole_worker else f"horse {horses}",
        "old version online after the kill": online_after_kill,
        "status": job.get_status() if job else "timed out",
        "retries used": (len(job.retry_intervals or ()) - (job.retries_left or 0))
        if job
        else None,
        "kill → new version online, s": round(seconds, 1),
        "new version": after != before,
        "verify exit": verify.returncode,
        "verify says": (verify.stdout + verify.stderr).strip().splitlines()[-1:],
        "versions on disk": versions,
        "publish state running": PublishState.objects.get(site=site).running,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=3000)
    options = parser.parse_args()
    var = Path(tempfile.mkdtemp(prefix="jiyue-bench-chaos-"))
    redis_url = free_redis()
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(
        JIYUE_DEMO="1", JIYUE_VAR_DIR=str(var), JIYUE_TASK_BACKEND="rq",
        JIYUE_REDIS_URL=redis_url, JIYUE_TASK_RETRY_DELAYS="1",
        DJANGO_SETTINGS_MODULE="jiyue.settings.admin",
    )  # fmt: skip
    os.environ.update(env)
    if env.get("DATABASE_URL"):
        subprocess.run([*JIYUE, "flush", "--noinput"], env=env, check=False)
    subprocess.run([*JIYUE, "migrate", "--noinput", "-v0"], env=env, check=True)
    subprocess.run(
        [*JIYUE, "generate", "--sites", "3", "--items", str(options.items)],
        env=env, check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    subprocess.run([*JIYUE, "publish", "--all"], env=env, check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip
    import django

    django.setup()
    from wagtail.models import Page, Site

    site = max(
        Site.objects.select_related("profile", "root_page"),
        key=lambda s: Page.objects.descendant_of(s.root_page).count(),
    )
    print(
        f"site {site.hostname}: {Page.objects.descendant_of(site.root_page).count()} pages"
    )
    try:
        for name, whole in (("horse", False), ("worker", True)):
            for key, value in drill(name, env, site, whole).items():
                print(f"  {key}: {value}")
            print()
    finally:
        import redis

        redis.Redis.from_url(redis_url).flushdb()


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
