"""A mixed load on the scale-out stack for ``--seconds`` (issue 19): editors publishing,
citizens writing letters through nginx, searches, crawls — p95 per action, the 5xx,
every publish on disk, every acknowledged letter stored (prints figures; asserts
nothing).

    createdb -h 127.0.0.1 mixed
    export DATABASE_URL=postgres://root@127.0.0.1:5432/mixed JIYUE_VAR_DIR=/tmp/mixed/var
    .venv/bin/pip install -r bench/requirements-load.txt      # locust, pinned
    .venv/bin/python bench/mixed.py --prepare --sites 1000 --items 100000
    .venv/bin/python bench/mixed.py --seconds 600

``--prepare`` (once): migrate, the demo cluster with its people, ``jiyue generate``,
the search index (``jiyue search_reindex``), every site published (``jiyue publish
--all``). Then the run:

1. ``jiyue stack up``: nginx in front of ``--public`` public processes (gunicorn, 4
   threads each), the admin, ``--workers`` task workers on RQ (the machine's Redis,
   a database of it nobody uses, emptied after). The letter forms' cluster-wide budget
   is raised for the run (``JIYUE_RATE_LIMIT_PER_FORM``, printed): its default, 120 a
   minute per form, is there to protect one machine and would refuse the load itself;
   each letter comes from an address of its own, so the per-address budget is the
   real one;
2. **locust** (``bench/mixed_locust.py``), headless, bounded in time: ``--citizens``
   users each writing one letter a second through nginx (CAPTCHA, then the letter),
   ``--searchers`` users each searching once a second;
3. **editors** (threads of this process): ``--publishes`` items a second, each
   written as a person (a revision with its author), the compliance gate run on it as
   the editor's 发布 runs it, the confidentiality reviewer's confirmation recorded and
   the revision published by the reviewer — Wagtail's own publish action, whose
   commit queues the site's incremental publish on the workers, as in the admin. Each
   item is then fetched through nginx until its page is served: the time from the
   commit to the page online is the action's latency;
4. **crawls**: ``--crawl-sites`` published sites crawled by the monitor's task on the
   workers, each queued again when it is done, for the whole run;
5. afterwards: the queues drained, the letters acknowledged against those stored
   (by tracking number), the published items against the pages online, the nginx
   access log's answers by status, CPU per process.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
JIYUE = [sys.executable, "-m", "jiyue.cli"]
QUERIES = [
    "网站", "政府", "信息", "建设", "管理", "工作", "服务", "公开", "社保", "sb", "shebao",
    "医保", "公积金提取", "国办发〔2014〕57号", "国办发[2014]57号", '"政府网站"',
    "政务公开 网站", "信息内容建设", "营业执照", "不动产登记", "户口迁移", "低保申请",
    "通知公告", "要闻动态", "政策文件", "筑府办发〔2018〕2号", "个税汇算", "出入境",
]  # fmt: skip
PER_FORM = "1000000/60"
RNG = random.Random(1)  # noqa: S311 (a reproducible load, not secrets)
BODY = (
    "<p>{title}。会议要求，各部门要进一步提高认识，压实责任，按照全市统一部署，"
    "扎实做好政府网站信息内容建设各项工作，及时发布政务动态，回应社会关切。</p>"
)


def environment(options) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(
        JIYUE_DEMO="1", JIYUE_TASK_BACKEND="rq", JIYUE_REDIS_URL=options.redis,
        JIYUE_RATE_LIMIT_PER_FORM=PER_FORM, JIYUE_MONITOR_CHECK_EXTERNAL="0",
    )  # fmt: skip
    return env


def prepare(options, env: dict) -> None:
    def jiyue(*args: str) -> None:
        started = time.monotonic()
        subprocess.run([*JIYUE, *args], env=env, check=True, stdout=subprocess.DEVNULL)
        print(f"prepare: jiyue {' '.join(args)} — {time.monotonic() - started:.0f} s")

    jiyue("migrate", "--noinput", "-v0")
    jiyue("collectstatic", "--noinput", "-v0")
    jiyue("load_demo", "--with-admin")
    jiyue("generate", "--sites", str(options.sites), "--items", str(options.items))
    import redis

    redis.Redis.from_url(options.redis).flushdb()  # the demo's queued indexing
    jiyue("search_reindex", "--no-progress")
    jiyue("publish", "--all")


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def percentile(values: list[float], share: float) -> float:
    values = sorted(values)
    return (
        values[min(len(values) - 1, round(share * (len(values) - 1)))] if values else 0
    )


def fetch(port: int, host: str, path: str) -> tuple[int, str]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", headers={"Host": f"{host}:{port}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310
            return answer.status, answer.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, ""
    except OSError:
        return 0, ""


class Editors:
    """``rate`` items a second over ``columns``; each item's commit → page online."""

    def __init__(self, port: int, columns: list, rate: float, stop: float) -> None:
        self.port, self.columns, self.rate, self.stop = port, columns, rate, stop
        self.lock = threading.Lock()
        self.published: list[tuple[str, str, str, float]] = []  # host, path, title, t
        self.online: dict[str, float] = {}  # path -> seconds from commit to online
        self.failed: Counter = Counter()
        self.gate_ms: list[float] = []
        self.commit_ms: list[float] = []
        self.number = 0

    @staticmethod
    def warm_up() -> None:
        """The gate's models loaded once before the clock starts, as in an admin
        process that has already answered an editor."""
        from wagtail.models import Page

        from jiyue.editorial.gate import page_gate_findings

        page_gate_findings(Page.objects.filter(depth=3).first().specific)

    def run(self, threads: int = 3) -> list[threading.Thread]:
        workers = [threading.Thread(target=self._editor, args=(n, threads)) for n in range(threads)]  # fmt: skip
        workers.append(threading.Thread(target=self._watch))
        for thread in workers:
            thread.start()
        return workers

    def _editor(self, index: int, threads: int) -> None:
        from django.db import close_old_connections

        interval = threads / self.rate
        due = time.monotonic() + index * interval / threads
        while due < self.stop:
            time.sleep(max(0.0, due - time.monotonic()))
            due += interval
            if time.monotonic() >= self.stop:
                return  # behind the schedule at the end: what was done counts
            try:
                self._publish_one()
            except Exception as error:  # noqa: BLE001 - counted and shown
                self.failed[repr(error)[:120]] += 1
            close_old_connections()

    def _publish_one(self) -> None:
        from django.contrib.auth import get_user_model
        from django.db import transaction

        from jiyue.content.models import ArticlePage
        from jiyue.editorial.gate import page_gate_findings
        from jiyue.editorial.models import ConfidentialityConfirmation

        users = get_user_model().objects
        editor, reviewer = users.get(username="bianji"), users.get(username="baomi")
        with self.lock:
            self.number += 1
            number = self.number
        host, column_id = RNG.choice(self.columns)
        title = f"全市政府网站工作推进会召开（压测第{number}条）"
        started = time.perf_counter()
        with transaction.atomic():
            from wagtail.models import Page

            column = Page.objects.get(pk=column_id)
            page = ArticlePage(
                title=title, slug=f"mixed-{time.time_ns()}-{number}",
                summary=title, body=BODY.format(title=title), live=False,
            )  # fmt: skip
            column.add_child(instance=page)
            revision = page.save_revision(user=editor)
            gate = time.perf_counter()
            page_gate_findings(revision.as_object())
            self.gate_ms.append((time.perf_counter() - gate) * 1000)
            ConfidentialityConfirmation.objects.create(
                revision=revision, reviewer=reviewer, reviewer_name="保密审查员",
                no_state_secrets=True, no_personal_data=True,
            )  # fmt: skip
            # As the last approval publishes (jiyue.editorial.finish, ADR 0402).
            revision.publish(user=reviewer, skip_permission_checks=True)
        committed = time.monotonic()
        self.commit_ms.append((time.perf_counter() - started) * 1000)
        page.refresh_from_db()
        path = "/" + page.url_path.split("/", 2)[2]  # without the site root's slug
        with self.lock:
            self.published.append((host, path, title, committed))

    def _watch(self) -> None:
        """Fetches each published item through nginx until it is served."""
        deadline = self.stop + 180
        while time.monotonic() < deadline:
            with self.lock:
                waiting = [p for p in self.published if p[1] not in self.online]
            if not waiting and time.monotonic() > self.stop + 5:
                return
            for host, path, title, committed in waiting:
                status, text = fetch(self.port, host, path)
                if status == 200 and title in text:
                    self.online[path] = time.monotonic() - committed
            time.sleep(0.2)


class Crawls:
    """The monitor crawling ``urls``, each queued again when done."""

    def __init__(self, urls: list[str], stop: float) -> None:
        self.urls, self.stop = urls, stop
        self.done: list[tuple[int, float]] = []  # pages, seconds
        self.failed = 0

    def run(self) -> threading.Thread:
        thread = threading.Thread(target=self._loop)
        thread.start()
        return thread

    def _loop(self) -> None:
        from django.db import close_old_connections

        from jiyue.monitor import services
        from jiyue.monitor.models import Crawl

        running = {url: (services.crawl_start(start_url=url).pk, time.monotonic()) for url in self.urls}  # fmt: skip
        while time.monotonic() < self.stop:
            time.sleep(2)
            for url, (pk, started) in list(running.items()):
                crawl = Crawl.objects.get(pk=pk)
                if crawl.status in (Crawl.Status.DONE, Crawl.Status.FAILED):
                    if crawl.status == Crawl.Status.DONE:
                        self.done.append((crawl.pages, time.monotonic() - started))
                    else:
                        self.failed += 1
                    running[url] = (services.crawl_start(start_url=url).pk, time.monotonic())  # fmt: skip
            close_old_connections()


def backlog() -> dict[str, int]:
    import django_rq
    from django.conf import settings

    return {name: django_rq.get_queue(name).count for name in settings.TASK_QUEUES}


def drained(env: dict, longest: float = 600) -> float | None:
    """Waits until the queues are empty and no task runs (crawls apart: the last
    ones queued are left to finish on their own); the seconds it took, or None
    after ``longest``."""
    import django_rq
    from django.conf import settings
    from rq.registry import ScheduledJobRegistry, StartedJobRegistry

    began = time.monotonic()
    while time.monotonic() - began < longest:
        busy = 0
        for name in settings.TASK_QUEUES:
            if name == "monitor":
                continue
            queue = django_rq.get_queue(name)
            busy += queue.count + len(StartedJobRegistry(queue=queue))
            busy += len(ScheduledJobRegistry(queue=queue))
        if not busy:
            return time.monotonic() - began
        time.sleep(2)
    return None


def cpu_seconds(pids: list[int]) -> float:
    """CPU time of ``pids`` and every process under them, with their reaped children
    (RQ's work-horses, a process per task, are reaped by their worker)."""
    import psutil

    total = 0.0
    for pid in pids:
        try:
            root = psutil.Process(pid)
            for process in (root, *root.children(recursive=True)):
                times = process.cpu_times()
                total += times.user + times.system
                total += times.children_user + times.children_system
        except psutil.NoSuchProcess:
            pass
    return total


def locust_rows(prefix: Path) -> list[dict]:
    with open(f"{prefix}_stats.csv", encoding="utf-8") as table:
        return list(csv.DictReader(table))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prepare", action="store_true")
    parser.add_argument("--sites", type=int, default=1000)
    parser.add_argument("--items", type=int, default=100000)
    parser.add_argument("--seconds", type=int, default=600)
    parser.add_argument("--citizens", type=int, default=100)
    parser.add_argument("--searchers", type=int, default=50)
    parser.add_argument("--publishes", type=float, default=5)
    parser.add_argument("--crawl-sites", type=int, default=5)
    parser.add_argument("--public", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--redis", default="")
    options = parser.parse_args()
    if not os.environ.get("DATABASE_URL") or not os.environ.get("JIYUE_VAR_DIR"):
        raise SystemExit("set DATABASE_URL (PostgreSQL) and JIYUE_VAR_DIR first")
    if not options.redis:
        from chaos import free_redis

        options.redis = free_redis()
    env = environment(options)
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "jiyue.settings.admin"
    Path(env["JIYUE_VAR_DIR"]).mkdir(parents=True, exist_ok=True)
    Path(env["JIYUE_VAR_DIR"]).chmod(0o755)  # nginx's workers read the published tree
    if options.prepare:
        prepare(options, env)
        return
    import django

    django.setup()
    run(options, env)


def targets(options, port: int):
    from wagtail.models import Site

    from jiyue.content.models import ColumnPage
    from jiyue.interaction.selectors import public_mailboxes

    sites = list(Site.objects.order_by("pk"))
    letters = [[s.hostname, m.slug] for s in sites for m in public_mailboxes(site=s)]
    hosts = [s.hostname for s in sites]
    generated = [s for s in sites if re.match(r"g\d+-\d+\.", s.hostname)]
    rng = RNG
    editing = [sites[0], *rng.sample(generated or sites, 19)]
    columns = []
    for site in editing:
        column = ColumnPage.objects.filter(
            path__startswith=site.root_page.path, kind="news"
        ).first()
        if column:
            columns.append((site.hostname, column.pk))
    crawled = rng.sample(generated or sites, options.crawl_sites)
    urls = [f"http://{s.hostname}:{port}/" for s in crawled]
    return letters, hosts, columns, urls


def nightly_jobs_done() -> list[str]:
    """The daily jobs (the crawl of every site of the cluster, the service links,
    the day's scores, …) written as run now: they run at night, not in this hour."""
    import datetime as dt

    from django.utils import timezone

    from jiyue.worker.models import PeriodicJobRun
    from jiyue.worker.schedule import registered_jobs

    daily = [
        job.name for job in registered_jobs() if job.interval >= dt.timedelta(days=1)
    ]
    for name in daily:
        PeriodicJobRun.objects.update_or_create(
            name=name, defaults={"last_run_at": timezone.now()}
        )
    return daily


def run(options, env: dict) -> None:
    import redis
    from django.db import connection

    from jiyue.interaction.models.messages import Message

    var = Path(env["JIYUE_VAR_DIR"])
    redis.Redis.from_url(options.redis).flushdb()  # nothing left of an earlier run
    print("daily jobs set as run today:", ", ".join(nightly_jobs_done()))
    port, admin, first = free_port(), free_port(), free_port()
    letters, hosts, columns, urls = targets(options, port)
    print(f"letters to {len(letters)} mailboxes; searches over {len(hosts)} sites; "
          f"editors in {len(columns)} columns; crawls of {len(urls)} sites")  # fmt: skip
    print(f"JIYUE_RATE_LIMIT_PER_FORM={PER_FORM} (raised for the run; per address: default)")  # fmt: skip
    # The office's mail server: a sink on loopback that keeps every mail (Python's
    # smtpd), so that the mails about new letters are sent and counted.
    mail_port, mail_log = free_port(), var / "mixed-mail.txt"
    sink = subprocess.Popen(
        [sys.executable, "-u", "-W", "ignore", "-m", "smtpd", "-n", "-c", "DebuggingServer",
         f"127.0.0.1:{mail_port}"],
        stdout=mail_log.open("w"), stderr=subprocess.DEVNULL,
    )  # fmt: skip
    env.update(JIYUE_EMAIL_HOST="127.0.0.1", JIYUE_EMAIL_PORT=str(mail_port))
    stack_dir = var / "stack"
    stack = subprocess.Popen(
        [*JIYUE, "stack", "up", "--public", str(options.public), "--workers",
         str(options.workers), "--monitor-workers", "1", "--port", str(port), "--admin-port", str(admin),
         "--public-ports-from", str(first), "--dir", str(stack_dir)],
        env=env, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        for line in stack.stdout:
            print("stack:", line.rstrip())
            if "配置和日志" in line:
                break
        access_log = Path(settings_access_log())
        log_start = access_log.stat().st_size if access_log.exists() else 0
        messages_before = Message.objects.count()
        ack_file = var / "mixed-acknowledged.txt"
        prefix = var / "mixed-locust"
        locust_env = {
            **env, "MIXED_LETTER_TARGETS": json.dumps(letters),
            "MIXED_SEARCH_HOSTS": json.dumps(hosts), "MIXED_QUERIES": json.dumps(QUERIES),
            "MIXED_ACK_FILE": str(ack_file), "MIXED_PORT": str(port),
            "MIXED_CITIZENS": str(options.citizens), "MIXED_SEARCHERS": str(options.searchers),
        }  # fmt: skip
        users = options.citizens + options.searchers
        Editors.warm_up()
        cpu_before = cpu_seconds([stack.pid])
        started = time.monotonic()
        stop = started + options.seconds
        locust = subprocess.Popen(
            [str(Path(sys.executable).parent / "locust"), "-f", str(ROOT / "bench" / "mixed_locust.py"),
             "--headless", "-u", str(users), "-r", str(users), "--run-time", f"{options.seconds}s",
             "--host", f"http://127.0.0.1:{port}", "--csv", str(prefix), "--only-summary",
             "--stop-timeout", "30", "--loglevel", "WARNING"],
            env=locust_env, cwd=ROOT,
        )  # fmt: skip
        editors = Editors(port, columns, options.publishes, stop)
        threads = editors.run()
        crawls = Crawls(urls, stop)
        threads.append(crawls.run())
        locust.wait()
        elapsed = time.monotonic() - started
        print("tasks queued when the load ended:", backlog())
        print(f"load over after {elapsed:.0f} s; waiting for the editors' last items")
        for thread in threads:
            thread.join()
        connection.close()
        print("waiting for the queues to drain")
        waited = drained(env)
        print(
            "queues drained after",
            f"{waited:.0f} s" if waited else "more than 600 s",
            backlog(),
        )
        cpu = cpu_seconds([stack.pid]) - cpu_before
        report(options, elapsed, locust_rows(prefix), editors, crawls,
               ack_file, messages_before, access_log, log_start, cpu)  # fmt: skip
        time.sleep(2)
        mails = mail_log.read_text(errors="replace").count("MESSAGE FOLLOWS")
        print(f"mails received by the mail server: {mails:,}")
    finally:
        sink.terminate()
        stack.send_signal(signal.SIGTERM)
        stack.wait(timeout=60)
        redis.Redis.from_url(options.redis).flushdb()


def settings_access_log() -> str:
    from django.conf import settings

    return settings.JIYUE_ACCESS_LOG


def report(options, elapsed, rows, editors, crawls, ack_file, before, access_log, log_start, cpu) -> None:  # fmt: skip
    from jiyue.interaction.models.messages import Message

    print(
        f"\n{elapsed:.0f} s of load; stack CPU {cpu:.0f} s ({cpu / elapsed:.2f} cores)"
    )
    print("\n| action | n | per s | failures | p50 ms | p95 ms | p99 ms |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for row in rows:
        if row["Name"] == "Aggregated":
            continue
        n = int(row["Request Count"])
        print(f"| {row['Name']} | {n:,} | {n / elapsed:.1f} | {row['Failure Count']} | "
              f"{row['50%']} | {row['95%']} | {row['99%']} |")  # fmt: skip
    online = list(editors.online.values())
    n = len(editors.published)
    print(f"| 发布（提交 → 经 nginx 可见） | {n:,} | {n / elapsed:.1f} | "
          f"{sum(editors.failed.values())} | {statistics.median(online) * 1000:.0f} | "
          f"{percentile(online, 0.95) * 1000:.0f} | {percentile(online, 0.99) * 1000:.0f} |")  # fmt: skip
    print(f"| 发布（编辑的事务，含合规检查） | {len(editors.commit_ms):,} | | | "
          f"{statistics.median(editors.commit_ms):.0f} | {percentile(editors.commit_ms, 0.95):.0f} | "
          f"{percentile(editors.commit_ms, 0.99):.0f} |")  # fmt: skip
    if crawls.done:
        seconds = [s for _p, s in crawls.done]
        print(f"| 监测抓取（整站） | {len(crawls.done)} | | {crawls.failed} | "
              f"{statistics.median(seconds) * 1000:.0f} | {percentile(seconds, 0.95) * 1000:.0f} | |")  # fmt: skip
        print(
            f"crawled pages: {sum(p for p, _s in crawls.done):,} in {len(crawls.done)} crawls"
        )
    if editors.failed:
        print("editor failures:", dict(editors.failed))
    acknowledged = [line for line in ack_file.read_text().split("\n") if line]
    stored = 0
    for start in range(0, len(acknowledged), 5000):
        chunk = acknowledged[start : start + 5000]
        stored += Message.objects.filter(tracking_no__in=chunk).count()
    print(f"\nletters acknowledged {len(acknowledged):,}, of them stored {stored:,}; "
          f"messages added {Message.objects.count() - before:,}")  # fmt: skip
    print(f"items published {n:,}, online through nginx {len(online):,}")
    statuses: Counter = Counter()
    if access_log.exists():
        with access_log.open("rb") as log:
            log.seek(log_start)
            for line in log:
                parts = line.split(b'" ', 2)
                if len(parts) > 1:
                    statuses[parts[1][:3].decode(errors="replace")] += 1
    print("nginx answers by status:", dict(sorted(statuses.items())))


if __name__ == "__main__":
    main()
