"""PostgreSQL stopped and started again while citizens write letters (issue 19): what
they are answered, whether every acknowledged letter is stored, and whether the
processes and the task worker carry on by themselves (prints figures; asserts nothing).

    .venv/bin/python bench/pgrestart.py --down 10

1. a PostgreSQL cluster of the drill's own (``initdb`` and ``pg_ctl`` of Debian's
   ``/usr/lib/postgresql/<version>/bin``, run as ``postgres`` when we are root) in a
   temporary directory, on a free port of 127.0.0.1; never the machine's shared server;
   ``jiyue migrate`` and ``jiyue load_demo`` into it;
2. one public process (gunicorn, ``jiyue.wsgi_public``, 4 threads), the admin (gunicorn,
   ``jiyue.wsgi_admin``) and one ``jiyue worker`` on the database task backend, all on
   that cluster (``CONN_MAX_AGE=60``, ``CONN_HEALTH_CHECKS``), never restarted;
3. ``--citizens`` threads (4) each write a letter every 2.5 s (the form, the CAPTCHA
   solved, the POST; each from an address of its own, under the form's budget of 120
   a minute), two probes read the letter form and the admin's sign-in page every
   0.1 s (when each answers again), and a process
   enqueues a task every half second (``interaction.channel_phases``, as the admin
   does after an edit);
4. each round (``--modes``: ``fast``, an operator's restart; ``immediate``, a crash
   with recovery from the WAL): 5 s of load, ``pg_ctl stop``, ``--down`` seconds
   down, ``pg_ctl start``, 15 s of load;
5. per round: every answer by status, whether each refusal was the Chinese 503 (and
   said the letter was not saved), any traceback, the letters acknowledged (a tracking
   number on the answer) against the letters stored, the time from the server back to
   the first letter stored, the admin's first answer, the worker's first task run; at
   the end the tasks by status and whether every process is still the one started.

``--code DIR`` (repeatable) drills another checkout's processes, e.g. the code before a
fix as the peer; ``--rq`` puts the tasks and the cache on RQ and a free database of the
machine's Redis (``bench/chaos.py``'s), emptied after. The cluster is stopped and its
directory removed at the end, whatever happened (SIGTERM included).
"""

from __future__ import annotations

import argparse
import contextlib
import glob
import http.client
import os
import pwd
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
JIYUE = [sys.executable, "-m", "jiyue.cli"]
HOST = "www.localhost"
FORM = "/hudong/xinxiang/shizhang/"
LOGIN = "/admin/login/"
NUMERALS = "零一二三四五六七八九十"
PACE = 2.5


def postgres_bin() -> Path | None:
    """The newest Debian PostgreSQL with ``initdb`` and ``pg_ctl``, or the PATH's."""
    for directory in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if all(Path(directory, tool).exists() for tool in ("initdb", "pg_ctl")):
            return Path(directory)
    found = shutil.which("pg_ctl")
    if found and Path(found).with_name("initdb").exists():
        return Path(found).parent
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Cluster:
    """A private PostgreSQL: its own directory, port and socket; trust for postgres."""

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.root = Path(tempfile.mkdtemp(prefix="jiyue-bench-pgrestart-"))
        # initdb refuses root: then the cluster is the postgres user's.
        self.as_user = "postgres" if os.geteuid() == 0 else None
        if self.as_user:
            shutil.chown(self.root, user=self.as_user)
        self.data = self.root / "data"
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/jiyue"

    def run(self, tool: str, *args: str) -> subprocess.CompletedProcess:
        command = [str(self.bindir / tool), *args]
        if self.as_user:
            command = ["runuser", "-u", self.as_user, "--", *command]
        return subprocess.run(command, check=True, capture_output=True, text=True)

    def init(self) -> None:
        self.run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust",
                 "-E", "UTF8", "--locale=C.UTF-8")  # fmt: skip
        self.start()
        self.run("createdb", "-h", "127.0.0.1", "-p", str(self.port),
                 "-U", "postgres", "jiyue")  # fmt: skip

    def start(self) -> None:
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1"
        self.run("pg_ctl", "-D", str(self.data), "-l", str(self.root / "log"), "-w",
                 "-t", "120", "-o", options, "start")  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        self.run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "120", "stop")

    def query(self, sql: str) -> list[str]:
        out = self.run("psql", "-h", "127.0.0.1", "-p", str(self.port), "-U",
                       "postgres", "-d", "jiyue", "-Atc", sql)  # fmt: skip
        return out.stdout.splitlines()

    def remove(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)


def solve(question: str) -> str:
    a, b = (NUMERALS.index(c) for c in re.findall(f"[{NUMERALS}]", question)[:2])
    return str(a - b if "减" in question else a + b)


class Log:
    """Every answer: (wall time, who, status, what it said)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.rows: list[tuple[float, str, int, str]] = []
        self.acknowledged: list[str] = []

    def add(self, who: str, status: int, note: str = "") -> None:
        with self.lock:
            self.rows.append((time.time(), who, status, note))


def request(port, method, path, cookies, body=None, address=None) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Host": f"{HOST}:{port}"}
    if address:  # the application trusts 127.0.0.1 as its proxy (nginx)
        headers["X-Forwarded-For"] = address
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        headers["Referer"] = f"http://{HOST}:{port}{path}"
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode(errors="replace")
    except OSError:
        return 0, ""
    finally:
        connection.close()
    for header in response.headers.get_all("Set-Cookie") or []:
        name, value = header.split(";", 1)[0].split("=", 1)
        cookies[name] = value
    return response.status, text


def judge(status: int, text: str, posted: bool) -> str:
    """What a refusal told the citizen."""
    if "Traceback" in text or "Internal Server Error" in text:
        return "traceback"
    if status == 503 and "请稍后再试" in text and (not posted or "没有保存" in text):
        return "chinese-503"
    if "请稍后再试" in text:
        return "chinese-other"
    return "other"


def citizen(port: int, log: Log, stop: threading.Event, number: int) -> None:
    """A letter after another, each from a new citizen (an address of his own, so
    that the per-address limits do not refuse them)."""
    letters, last = 0, 0.0
    while not stop.is_set():
        # One letter every PACE seconds a citizen thread: under the form's budget
        # (120 a minute, ADR 0316) with the default four threads.
        time.sleep(max(0.0, last + PACE - time.monotonic()))
        last = time.monotonic()
        letters += 1
        cookies: dict[str, str] = {}
        address = f"10.{number}.{letters // 250}.{letters % 250 + 1}"
        status, page = request(port, "GET", FORM, cookies, address=address)
        if status != 200:
            log.add("form", status, judge(status, page, False))
            continue
        log.add("form", status)
        token = re.search(r'name="captcha_token" value="([^"]+)"', page)
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        question = re.search(r'<p id="captcha-question">([^（]+)', page)
        data = {
            "csrfmiddlewaretoken": csrf.group(1), "captcha_token": token.group(1),
            "captcha_answer": solve(question.group(1)), "subject": "小区路灯坏了",
            "content": "小区门口的路灯坏了三个月，晚上出行很不方便，请尽快修理。",
            "consent_publish": "on",
        }  # fmt: skip
        time.sleep(random.uniform(0.5, 2.0))  # noqa: S311 - typing the letter
        body = urllib.parse.urlencode(data)
        status, answer = request(port, "POST", FORM, cookies, body, address)
        receipt = re.search(r"<dt>信件编号</dt><dd><strong>([^<]+)</strong>", answer)
        if status == 200 and receipt:
            with log.lock:
                log.acknowledged.append(receipt.group(1))
            log.add("letter", status, "acknowledged")
        else:
            log.add("letter", status, judge(status, answer, True))


def probe(who: str, port: int, path: str, log: Log, stop: threading.Event) -> None:
    """A page that needs the database, read every 0.1 s: when it answers again."""
    while not stop.is_set():
        status, text = request(port, "GET", path, {})
        log.add(who, status, "" if status == 200 else judge(status, text, False))
        time.sleep(0.1)


ENQUEUER = """
import sys, time
from django.db import DatabaseError, close_old_connections
from jiyue.interaction.channels.tasks import channel_phases_task
while True:
    close_old_connections()
    try:
        channel_phases_task.enqueue()
        print(time.time(), 200, flush=True)
    except DatabaseError:
        print(time.time(), 503, flush=True)
    time.sleep(0.5)
"""


def enqueuer(process: subprocess.Popen, log: Log) -> None:
    """A process of the platform enqueues a task every half second, as the admin
    does after an edit; its lines are its answers."""
    for line in process.stdout:
        answer = re.fullmatch(r"(\d+\.\d+) (200|503)", line.strip())
        if answer is None:
            continue
        moment, status = answer.groups()
        with log.lock:
            log.rows.append((float(moment), "enqueue", int(status), ""))


def gunicorn(module: str, settings: str, port: int, env: dict, log: Path):
    return subprocess.Popen(
        [sys.executable, "-m", "gunicorn", f"{module}:application", "--bind",
         f"127.0.0.1:{port}", "--workers", "1", "--threads", "4"],
        env={**env, "DJANGO_SETTINGS_MODULE": settings}, cwd=env["PYTHONPATH"],
        stdout=log.open("ab"), stderr=subprocess.STDOUT,
    )  # fmt: skip


def wait_answering(port: int, path: str) -> None:
    for _ in range(600):
        if request(port, "GET", path, {})[0] == 200:
            return
        time.sleep(0.1)
    raise SystemExit(f"127.0.0.1:{port} does not answer")


def summary(log: Log, start, down, back, end, tasks: list) -> None:
    rows = [r for r in log.rows if start <= r[0] < end]
    print(f"  outage (pg_ctl stop begun → pg_ctl start returned): {back - down:.1f} s")
    for who in ("letter", "form", "probe", "admin", "enqueue"):
        mine = [r for r in rows if r[1] == who]
        answers = Counter((r[2], r[3]) for r in mine)
        text = ", ".join(
            f"{s} {n or 'ok'} ×{c}" for (s, n), c in sorted(answers.items())
        )
        print(f"  {who}: {len(mine)} answers: {text}")
        after = [r for r in mine if r[0] >= back]
        first = next((r for r in after if r[2] == 200), None)
        failed_after = [r for r in after if r[2] != 200]
        if first:
            print(f"    first success after the server is back: +{first[0] - back:.2f} s"
                  f"; failures after the first success: "
                  f"{sum(1 for r in failed_after if r[0] > first[0])}")  # fmt: skip
        else:
            print("    no success after the server is back")
    ran = sorted(t for t in tasks if back < t < end)
    if ran:
        print(f"  worker: first task finished after the server is back: "
              f"+{ran[0] - back:.2f} s")  # fmt: skip
    else:
        print("  worker: no task finished after the server is back")


def report(cluster: Cluster, log: Log, rounds: list, demo: set, options) -> None:
    finished = [
        float(value)
        for value in cluster.query(
            "select extract(epoch from finished_at) from django_tasks_database_dbtaskresult "
            "where finished_at is not null"
        )
    ]
    for mode, begun, down, stopped, back, end in rounds:
        print(f"\nround: pg_ctl stop -m {mode} (took {stopped - down:.1f} s), "
              f"{options.down:.0f} s down, pg_ctl start")  # fmt: skip
        summary(log, begun, down, back, end, finished)
    stored = set(cluster.query("select tracking_no from interaction_message"))
    acknowledged = set(log.acknowledged)
    print(f"\nletters acknowledged: {len(acknowledged)}; stored: "
          f"{len(acknowledged & stored)} of them; acknowledged but missing: "
          f"{len(acknowledged - stored)}; stored during the drill but never "
          f"acknowledged: {len(stored - demo - acknowledged)}")  # fmt: skip
    statuses = cluster.query(
        "select task_path, status, count(*) from django_tasks_database_dbtaskresult "
        "group by task_path, status order by task_path, status"
    )
    print(f"tasks by status, after the worker stopped: {'; '.join(statuses)}")
    failed = cluster.query(
        "select exception_class_path, count(*) from "
        "django_tasks_database_dbtaskresult where status = 'FAILED' group by 1"
    )
    print(f"failed tasks by error: {'; '.join(failed) or 'none'}")


def rq_report(url: str, rounds: list) -> None:
    """The RQ side: its tasks by outcome, and the first finished after each round."""
    import datetime as dt

    import redis
    from rq.job import Job
    from rq.registry import FailedJobRegistry, FinishedJobRegistry

    connection = redis.Redis.from_url(url)
    outcomes, ended, errors = Counter(), [], Counter()
    for name in ("default", "publishing", "interaction", "search", "monitor"):
        for registry, outcome in ((FinishedJobRegistry, "finished"),
                                  (FailedJobRegistry, "failed")):  # fmt: skip
            ids = registry(name, connection=connection).get_job_ids()
            for job in Job.fetch_many(ids, connection=connection):
                if job is None:
                    continue
                outcomes[outcome] += 1
                if outcome == "failed":
                    errors[(job.exc_info or "").strip().splitlines()[-1][:90]] += 1
                elif job.ended_at:
                    ended.append(job.ended_at.replace(tzinfo=dt.UTC).timestamp())
    print(f"RQ tasks: {dict(outcomes)}; failed by error: {dict(errors) or 'none'}")
    for mode, _begun, _down, _stopped, back, end in rounds:
        after = sorted(t for t in ended if back < t < end)
        first = f"+{after[0] - back:.2f} s" if after else "none"
        print(f"  {mode}: first RQ task finished after the server is back: {first}")


def environment(code: Path, var: Path, cluster: Cluster, options) -> dict:
    env = {k: v for k, v in os.environ.items()
           if k not in ("JIYUE_REDIS_URL", "JIYUE_TASK_BACKEND")}  # fmt: skip
    env.update(JIYUE_DEMO="1", JIYUE_VAR_DIR=str(var), DATABASE_URL=cluster.url,
               DJANGO_SETTINGS_MODULE="jiyue.settings.admin",
               PYTHONPATH=str(code))  # fmt: skip
    if options.redis:  # the tasks (and the cache) on Redis, RQ workers
        env.update(JIYUE_TASK_BACKEND="rq", JIYUE_REDIS_URL=options.redis)
    return env


def restart_rounds(cluster: Cluster, options) -> list[tuple]:
    """Each round: 5 s of load, the server stopped, ``--down`` s, started, 15 s."""
    rounds = []
    for mode in options.modes.split(","):
        begun = time.time()
        time.sleep(5)
        down = time.time()
        cluster.stop(mode)
        stopped = time.time()
        time.sleep(options.down)
        cluster.start()
        back = time.time()
        time.sleep(15)
        rounds.append((mode, begun, down, stopped, back, time.time()))
    return rounds


def drill(code: Path, bindir: Path, options) -> None:
    print(f"\n## the code of {code}" + (" (tasks on RQ)" if options.redis else ""))
    cluster = Cluster(bindir)
    processes: list[subprocess.Popen] = []
    try:
        cluster.init()
        var = Path(tempfile.mkdtemp(prefix="jiyue-bench-pgrestart-var-"))
        env = environment(code, var, cluster, options)
        started = time.monotonic()
        for step in (["migrate", "--noinput", "-v0"], ["load_demo"]):
            subprocess.run([*JIYUE, *step], env=env, check=True, cwd=code,
                           stdout=subprocess.DEVNULL)  # fmt: skip
        print(f"PostgreSQL {bindir.parent.name} on 127.0.0.1:{cluster.port}, demo "
              f"loaded in {time.monotonic() - started:.0f} s")  # fmt: skip
        public, admin = free_port(), free_port()
        processes.append(gunicorn("jiyue.wsgi_public", "jiyue.settings.public",
                                  public, env, var / "public.log"))  # fmt: skip
        processes.append(gunicorn("jiyue.wsgi_admin", "jiyue.settings.admin",
                                  admin, env, var / "admin.log"))  # fmt: skip
        processes.append(subprocess.Popen(
            [*JIYUE, "worker", "--no-schedule", "--interval", "0.2"], env=env,
            cwd=code, stdout=(var / "worker.log").open("ab"), stderr=subprocess.STDOUT,
        ))  # fmt: skip
        tasks = subprocess.Popen(
            [*JIYUE, "shell", "-c", ENQUEUER], env=env, cwd=code, text=True,
            stdout=subprocess.PIPE, stderr=(var / "enqueuer.log").open("ab"),
        )  # fmt: skip
        processes.append(tasks)
        wait_answering(public, FORM)
        wait_answering(admin, LOGIN)
        pids = [p.pid for p in processes]
        demo = set(cluster.query("select tracking_no from interaction_message"))
        log, stop = Log(), threading.Event()
        threads = [
            threading.Thread(target=citizen, args=(public, log, stop, n), daemon=True)
            for n in range(options.citizens)
        ]
        for who, port, path in (("probe", public, FORM), ("admin", admin, LOGIN)):
            threads.append(
                threading.Thread(
                    target=probe, args=(who, port, path, log, stop), daemon=True
                )
            )
        threads.append(
            threading.Thread(target=enqueuer, args=(tasks, log), daemon=True)
        )
        for thread in threads:
            thread.start()
        rounds = restart_rounds(cluster, options)
        stop.set()
        tasks.terminate()
        for thread in threads:
            thread.join()
        # Still the processes started before the first round? Then stopped, the
        # worker gracefully (it ends its task): what is left "running" is orphaned.
        alive = [p.poll() is None for p in processes[:3]]
        for process in processes[:3]:
            process.send_signal(signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=60)
        report(cluster, log, rounds, demo, options)
        if options.redis:
            rq_report(options.redis, rounds)
        print(f"processes (public, admin, worker) still the ones started, running: "
              f"{alive} (pids {pids[:3]})")  # fmt: skip
        print(f"logs: {var}")
    finally:
        for process in processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in processes:
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=30)
        cluster.remove()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--down", type=float, default=10)
    parser.add_argument("--citizens", type=int, default=4)
    parser.add_argument("--modes", default="fast,immediate")
    parser.add_argument(
        "--code",
        action="append",
        type=Path,
        help="a checkout whose processes are drilled (repeat it: a peer, e.g. the "
        "code before a fix); this one's by default",
    )
    parser.add_argument(
        "--rq",
        action="store_true",
        help="tasks on RQ (a free database of the machine's Redis), not the database",
    )
    options = parser.parse_args()
    options.redis = None
    if options.rq:
        sys.path.insert(0, str(Path(__file__).parent))
        from chaos import free_redis  # bench/: a database of Redis nobody uses

        options.redis = free_redis()
    bindir = postgres_bin()
    if bindir is None:
        raise SystemExit("initdb/pg_ctl not found (apt-get install postgresql)")
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            raise SystemExit(
                "as root, initdb needs a postgres user to run as"
            ) from None
    # Killed: still stop the private cluster (the finally of drill()).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        for code in options.code or [ROOT]:
            drill(code.resolve(), bindir, options)
            if options.redis:
                import redis

                redis.Redis.from_url(options.redis).flushdb()
    finally:
        if options.redis:
            import redis

            redis.Redis.from_url(options.redis).flushdb()


if __name__ == "__main__":
    main()
