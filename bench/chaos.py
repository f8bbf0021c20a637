"""Failure drills of the scale-out task backend: workers on RQ (Redis) killed in the
middle of a full publish or of a crawl (prints what happened; asserts nothing).

    .venv/bin/python bench/chaos.py --items 3000 [--drill publish|crawl|all] [--pages 3000]

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

The crawl drills (ADR 0522): ``bench/monitor.py``'s generated site of ``--pages``
pages served by nginx on loopback; a worker on the ``monitor`` queue; a crawl of it
queued as the admin queues one; when a quarter of its URLs are done, the horse (or the
whole worker, and a second worker is started) gets SIGKILL. Then: the crawl's status,
how often it was resumed, its pages and findings against an uninterrupted crawl of the
same site run after it, and the time from the kill to the crawl done.

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


def start_worker(env: dict, queue: str = "publishing") -> subprocess.Popen:
    return subprocess.Popen(
        [*JIYUE, "worker", "--queue-name", queue, "--no-schedule"],
        env=env, start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def kill(worker: subprocess.Popen, horses: list[int], whole_worker: bool) -> None:
    """SIGKILL to the work-horses, or to the worker and its horses (a machine that
    dies: RQ puts its work-horse in a session of its own)."""
    if whole_worker:
        os.killpg(worker.pid, signal.SIGKILL)
    for pid in horses:
        os.kill(pid, signal.SIGKILL)
    if whole_worker:
        worker.wait()


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
    kill(worker, horses, whole_worker)
    online_after_kill = storage.current_version(host) == before
    if whole_worker:
        worker = start_worker(env)
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


def crawl_drill(name: str, env: dict, url: str, whole_worker: bool) -> dict:
    from jiyue.monitor import services
    from jiyue.monitor.models import Crawl

    worker = start_worker(env, "monitor")
    time.sleep(5)
    before_task = set(children(worker.pid))
    crawl = services.crawl_start(start_url=url)  # queued after commit, as in the admin

    def quarter():
        row = Crawl.objects.get(pk=crawl.pk)
        return row.urls_known > 100 and row.urls_done >= row.urls_known // 4

    wait(quarter, step=0.2)
    row = Crawl.objects.get(pk=crawl.pk)
    if row.status != Crawl.Status.RUNNING:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=60)
        return {"drill": name, "not run": "the crawl ended before a quarter was seen: "
                "give more --pages"}  # fmt: skip
    progress = f"{row.urls_done}/{row.urls_known}"
    horses = sorted(set(children(worker.pid)) - before_task)
    killed_at = time.monotonic()
    kill(worker, horses, whole_worker)
    if whole_worker:
        worker = start_worker(env, "monitor")

    def finished():
        row = Crawl.objects.get(pk=crawl.pk)
        return row if row.status in (Crawl.Status.DONE, Crawl.Status.FAILED) else None

    done = wait(finished, seconds=1200, step=0.5)
    seconds = time.monotonic() - killed_at
    # The same site crawled whole by the same worker, for comparison.
    reference = services.crawl_start(start_url=url)
    whole = wait(
        lambda: Crawl.objects.filter(pk=reference.pk, status=Crawl.Status.DONE).first(),
        seconds=1200,
        step=0.5,
    )
    os.killpg(worker.pid, signal.SIGTERM)
    worker.wait(timeout=60)

    def findings(row):
        return sorted(row.findings.values_list("type", "url", "target")) if row else []

    return {
        "drill": name,
        "killed at (URLs done/known)": progress,
        "killed": "worker and horse" if whole_worker else f"horse {horses}",
        "status": done.status if done else "timed out",
        "resumed": done.resumed if done else None,
        "kill → crawl done, s": round(seconds, 1),
        "pages / URLs, resumed crawl": (done.pages, done.urls_done) if done else None,
        "pages / URLs, uninterrupted crawl": (whole.pages, whole.urls_done)
        if whole
        else None,
        "findings equal to the uninterrupted crawl's": findings(done)
        == findings(whole),
        "findings": len(findings(done)),
        "state left on disk": services.crawl_state_dir(done).exists() if done else None,
    }


def publish_drills(env: dict) -> None:
    from wagtail.models import Page, Site

    site = max(
        Site.objects.select_related("profile", "root_page"),
        key=lambda s: Page.objects.descendant_of(s.root_page).count(),
    )
    print(
        f"site {site.hostname}: {Page.objects.descendant_of(site.root_page).count()} pages"
    )
    for name, whole in (("horse", False), ("worker", True)):
        for key, value in drill(name, env, site, whole).items():
            print(f"  {key}: {value}")
        print()


def crawl_drills(env: dict, pages: int, var: Path) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    import random

    import monitor as site_bench  # bench/monitor.py: the generated site and nginx

    tmp = var / "crawled"
    site_bench.generate(tmp / "site", pages, random.Random(7))  # noqa: S311
    port = site_bench.free_port()
    server, what = site_bench.serve(tmp, port)
    site_bench.wait_for(port)
    print(f"crawled: {pages} generated pages served by {what}")
    try:
        for name, whole in (("crawl, horse", False), ("crawl, worker", True)):
            for key, value in crawl_drill(
                name, env, f"http://127.0.0.1:{port}/", whole
            ).items():
                print(f"  {key}: {value}")
            print()
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=3000)
    parser.add_argument("--pages", type=int, default=3000)
    parser.add_argument("--drill", choices=("publish", "crawl", "all"), default="all")
    options = parser.parse_args()
    var = Path(tempfile.mkdtemp(prefix="jiyue-bench-chaos-"))
    # The crawl drills crawl a loopback site: settings of this drill only.
    (var / "chaos_settings.py").write_text(
        "from jiyue.settings.admin import *  # noqa: F403\n"
        "JIYUE_MONITOR_ALLOW_PRIVATE_TARGETS = True\n"
        "JIYUE_MONITOR_CHECK_EXTERNAL = False\n"
        "JIYUE_MONITOR_AXE = False\n"
        "JIYUE_MONITOR_MAX_PAGES = 100000\n"
    )
    redis_url = free_redis()
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(
        JIYUE_DEMO="1", JIYUE_VAR_DIR=str(var), JIYUE_TASK_BACKEND="rq",
        JIYUE_REDIS_URL=redis_url, JIYUE_TASK_RETRY_DELAYS="1",
        DJANGO_SETTINGS_MODULE="chaos_settings",
        PYTHONPATH=os.pathsep.join(filter(None, [str(var), str(ROOT),
                                                 os.environ.get("PYTHONPATH")])),
    )  # fmt: skip
    sys.path.insert(0, str(var))
    os.environ.update(env)
    if env.get("DATABASE_URL"):
        subprocess.run([*JIYUE, "flush", "--noinput"], env=env, check=False)
    subprocess.run([*JIYUE, "migrate", "--noinput", "-v0"], env=env, check=True)
    import django

    if options.drill in ("publish", "all"):
        subprocess.run(
            [*JIYUE, "generate", "--sites", "3", "--items", str(options.items)],
            env=env, check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        subprocess.run([*JIYUE, "publish", "--all"], env=env, check=True,
                       stdout=subprocess.DEVNULL)  # fmt: skip
    django.setup()
    try:
        if options.drill in ("publish", "all"):
            publish_drills(env)
        if options.drill in ("crawl", "all"):
            crawl_drills(env, options.pages, var)
    finally:
        import redis

        redis.Redis.from_url(redis_url).flushdb()


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
