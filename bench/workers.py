"""A full rebuild of a cluster by 1, 2 and 4 task workers on RQ (issue 19): files a
second and CPU a file, so that a rebuild's time on k machines can be read off (prints
figures; asserts nothing).

    .venv/bin/python bench/workers.py --sites 40 --items 8000

1. ``jiyue generate`` into a fresh SQLite database (or ``DATABASE_URL``'s PostgreSQL
   database, which must be empty) under a temporary ``JIYUE_VAR_DIR``; a first full
   publish, so that every rebuild below starts from a published cluster;
2. for 1, 2 and 4 workers (``jiyue worker --queue-name publishing``): a full rebuild of
   every site enqueued at once (one ``publish_site_task`` per site), the workers started,
   the time until the last task is finished; the files written (the manifests) and
   the CPU seconds of the workers and their work-horses.

The machine has 2 cores: beyond 2 workers the figure shows what more processes on the
same cores give (nothing), not what more machines give (the per-file cost, divided).
"""

from __future__ import annotations

import argparse
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
JIYUE = [sys.executable, "-m", "jiyue.cli"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=40)
    parser.add_argument("--items", type=int, default=8000)
    parser.add_argument("--workers", default="1,2,4")
    options = parser.parse_args()
    import redis
    from chaos import free_redis  # bench/: the same free database of Redis

    redis_url = free_redis()
    var = Path(tempfile.mkdtemp(prefix="jiyue-bench-workers-"))
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(JIYUE_DEMO="1", JIYUE_VAR_DIR=str(var), JIYUE_TASK_BACKEND="rq",
               JIYUE_REDIS_URL=redis_url, DJANGO_SETTINGS_MODULE="jiyue.settings.admin")  # fmt: skip
    os.environ.update(env)
    for step in (["migrate", "--noinput", "-v0"],
                 ["generate", "--sites", str(options.sites), "--items", str(options.items)],
                 ["publish", "--all"]):  # fmt: skip
        subprocess.run([*JIYUE, *step], env=env, check=True, stdout=subprocess.DEVNULL)
    import django

    django.setup()
    import django_rq
    from rq.registry import FinishedJobRegistry
    from wagtail.models import Site

    from jiyue.publishing import storage
    from jiyue.publishing.manifest import Manifest
    from jiyue.publishing.tasks import publish_site_task

    sites = list(Site.objects.order_by("pk"))
    queue = django_rq.get_queue("publishing")
    print(f"{len(sites)} sites")
    print(
        "| workers | tasks | files | wall s | files/s | worker CPU s | CPU ms a file |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- |")
    try:
        for count in [int(n) for n in options.workers.split(",")]:
            redis.Redis.from_url(redis_url).flushdb()
            ids = [publish_site_task.enqueue(site.pk).id for site in sites]
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            workers = [
                subprocess.Popen(
                    [*JIYUE, "worker", "--queue-name", "publishing", "--no-schedule"],
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
                for _ in range(count)
            ]
            finished = FinishedJobRegistry(queue=queue)
            while len(set(ids) & set(finished.get_job_ids())) < len(ids):
                time.sleep(0.2)
            wall = time.perf_counter() - started
            for worker in workers:
                worker.send_signal(signal.SIGTERM)
            for worker in workers:
                worker.wait(timeout=60)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (after.ru_utime + after.ru_stime) - (
                before.ru_utime + before.ru_stime
            )
            files = sum(
                len(
                    Manifest.load(
                        storage.current_version(site.hostname), site.hostname
                    ).files
                )
                for site in sites
            )
            print(f"| {count} | {len(ids)} | {files} | {wall:.1f} | {files / wall:.0f} "
                  f"| {cpu:.1f} | {1000 * cpu / files:.2f} |")  # fmt: skip
            sys.stdout.flush()
    finally:
        redis.Redis.from_url(redis_url).flushdb()


if __name__ == "__main__":
    main()
