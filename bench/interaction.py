"""Benchmark of message submissions through the public API (prints figures,
asserts nothing).

    .venv/bin/python bench/interaction.py                      # SQLite, 60 s each
    DATABASE_URL=postgres://root@127.0.0.1:5432/bench_interaction \\
        .venv/bin/python bench/interaction.py --seconds 60     # an empty database

Makes a fresh database (a temporary SQLite file, or migrates the DATABASE_URL one),
one site with one mailbox, starts a private Redis (a Unix socket in the temporary
directory) as the cache that the public processes share, as production runs it
(the CAPTCHA's single use and the rate limits hold across processes), and serves
the public application with gunicorn (``--workers`` processes × ``--threads``
threads) on a loopback port. Rate limits stay on, counted in Redis; for the
benchmark's loopback clients they are set explicitly high (``RATE_LIMITS``), since
8 clients from one address are the test, not an attack.

Two phases in the same run, on the same server, each ``--seconds`` long after a
warm-up:

* **floor** (the peer): ``POST /bench/floor`` — a minimal Django view that only
  inserts the message row (same fields, random tracking number), through the same
  middleware; what the machine can do at best with Django and this database;
* **api**: 8 client threads loop ``GET /api/interaction/captcha``, solve it,
  ``POST /api/interaction/messages`` (form, CAPTCHA, rate limits, sensitive-word
  check, message and its ``MessageEvent`` in one transaction, mail after commit).

Prints accepted submissions per second and the ratio to the floor, latency
percentiles of the POST, and the count of messages stored versus acknowledged
(they must be equal: a message is stored before it is acknowledged).
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
HOST = "bench.localhost"
NUMERALS = "零一二三四五六七八九十"
RATE_LIMITS = {"per_address": (1_000_000, 60), "per_form": (1_000_000, 60)}

SETTINGS = """
from jiyue.settings.public import *  # noqa
ROOT_URLCONF = "bench_urls"
ALLOWED_HOSTS = ["*"]
CACHES = {{"default": {{
    "BACKEND": "jiyue.redis_cache.SharedRedisCache",
    "LOCATION": "unix://{socket}",
}}}}
JIYUE_INTERACTION_RATE_LIMITS = {limits!r}
"""

URLS = """
import json, secrets
from django.http import JsonResponse
from django.urls import path
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from jiyue.interaction.models import Mailbox, Message
from jiyue.urls_public import urlpatterns as public

MAILBOX = {}

@csrf_exempt
def floor(request):
    # The peer: parse the JSON, insert the row, answer. Nothing else.
    data = json.loads(request.body)
    if "pk" not in MAILBOX:
        MAILBOX["pk"] = Mailbox.objects.get(site__hostname="bench.localhost").pk
    now = timezone.now()
    message = Message.objects.create(
        mailbox_id=MAILBOX["pk"], subject=data["subject"], content=data["content"],
        name=data["name"], phone=data["phone"], submitted_at=now,
        tracking_no=now.strftime("%Y%m%d") + f"{secrets.randbelow(10**12):012d}",
        query_code_digest=secrets.token_hex(32),
    )
    return JsonResponse({"tracking_no": message.tracking_no}, status=201)

urlpatterns = [path("bench/floor", floor), *public]
"""

SETUP = """
import django; django.setup()
from wagtail.models import Page, Site
from jiyue.interaction.models import Mailbox
root = Page.objects.filter(depth=2).first()
site, _ = Site.objects.get_or_create(hostname="bench.localhost", port=80,
    defaults={"root_page": root, "site_name": "压测站点"})
Mailbox.objects.get_or_create(site=site, slug="zixun",
    defaults={"kind": "consult", "title": "咨询"})
"""

COUNT = """
import django; django.setup()
from jiyue.interaction.models import Message
mine = Message.objects.filter(mailbox__site__hostname="bench.localhost")
numbers = open(0).read().split()
found = sum(mine.filter(tracking_no__in=numbers[i:i + 500]).count()
            for i in range(0, len(numbers), 500))
print(found, mine.count())
"""


IN_PROCESS = """
import io, json, re, sys, time
import django; django.setup()
from django.core.wsgi import get_wsgi_application
from jiyue.interaction.captcha import NUMERALS
app = get_wsgi_application()

def call(method, path, body=None):
    data = json.dumps(body).encode() if body is not None else b""
    environ = {"REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": "",
        "SERVER_NAME": "bench.localhost", "SERVER_PORT": "80", "HTTP_HOST":
        "bench.localhost", "REMOTE_ADDR": "127.0.0.1", "wsgi.input": io.BytesIO(data),
        "CONTENT_LENGTH": str(len(data)), "CONTENT_TYPE": "application/json",
        "wsgi.url_scheme": "http", "SERVER_PROTOCOL": "HTTP/1.1", "wsgi.errors": sys.stderr}
    status = []
    body = b"".join(app(environ, lambda s, h, e=None: status.append(s)))
    return status[0], body

def one(i):
    t0 = time.process_time()
    captcha = json.loads(call("GET", "/api/interaction/captcha")[1])
    t1 = time.process_time()
    a, b = (NUMERALS.index(c) for c in re.findall(f"[{NUMERALS}]", captcha["question"])[:2])
    answer = str(a - b if "减" in captcha["question"] else a + b)
    status, _ = call("POST", "/api/interaction/messages", {"mailbox": "zixun",
        "subject": f"单次 {i}", "content": "请问办理居住证需要哪些材料？" * 3,
        "captcha_token": captcha["token"], "captcha_answer": answer})
    assert status.startswith("201"), status
    return t1 - t0, time.process_time() - t1

n = int(sys.argv[1])
for i in range(20):
    one(i)
times = [one(i) for i in range(100, 100 + n)]
print(f"in-process, one request at a time ({n} submissions, CPU): GET captcha "
      f"{sum(g for g, _ in times) / n * 1000:.2f} ms, POST "
      f"{sum(p for _, p in times) / n * 1000:.2f} ms")
from jiyue.interaction.models import Message
Message.objects.filter(subject__startswith="单次 ").delete()  # not the run's
"""


def solve(question: str) -> str:
    a, b = (NUMERALS.index(c) for c in re.findall(f"[{NUMERALS}]", question)[:2])
    return str(a - b if "减" in question else a + b)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Client(threading.Thread):
    def __init__(self, port: int, until: float, index: int, phase: str):
        super().__init__(daemon=True)
        self.port, self.until, self.index, self.phase = port, until, index, phase
        self.latencies: list[float] = []
        self.acknowledged: list[str] = []
        self.failures = 0
        self.errors: dict[str, int] = {}

    def _call(self, conn, method: str, path: str, body: dict | None = None):
        headers = {"Host": HOST, "Content-Type": "application/json"}
        data = json.dumps(body).encode() if body is not None else None
        conn.request(method, path, body=data, headers=headers)
        response = conn.getresponse()
        return response.status, json.loads(response.read() or b"null")

    def run(self) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        n = 0
        while time.monotonic() < self.until:
            n += 1
            try:
                self._one(conn, n)
            except (OSError, http.client.HTTPException, ValueError) as error:
                self._fail(type(error).__name__)
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)

    def _fail(self, key: str) -> None:
        self.failures += 1
        self.errors[key] = self.errors.get(key, 0) + 1

    def _one(self, conn, n: int) -> None:
        payload = {
            "mailbox": "zixun",
            "subject": f"压测来信 {self.phase} {self.index}-{n}",
            "content": "请问办理居住证需要哪些材料？在哪里办理？" * 3,
            "name": "压测",
            "phone": "13800000000",
            "consent_publish": False,
        }
        path = "/bench/floor"
        if self.phase == "api":
            _status, captcha = self._call(conn, "GET", "/api/interaction/captcha")
            payload["captcha_token"] = captcha["token"]
            payload["captcha_answer"] = solve(captcha["question"])
            path = "/api/interaction/messages"
        start = time.perf_counter()
        status, body = self._call(conn, "POST", path, payload)
        self.latencies.append(time.perf_counter() - start)
        if status == 201:
            self.acknowledged.append(body["tracking_no"])
        else:
            self._fail(str(status))


def django_env(tmp: Path) -> dict:
    env = dict(os.environ)
    env.update(
        JIYUE_DEMO="1",
        JIYUE_VAR_DIR=str(tmp / "var"),
        DJANGO_SETTINGS_MODULE="bench_settings",
        PYTHONPATH=f"{tmp}{os.pathsep}{ROOT}",
    )
    return env


def start_redis(tmp: Path) -> subprocess.Popen:
    sock = tmp / "redis.sock"
    command = [shutil.which("redis-server") or "redis-server", "--port", "0"]
    command += ["--unixsocket", str(sock), "--save", "", "--appendonly", "no"]
    redis = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
    )
    for _ in range(100):
        if sock.exists():
            return redis
        time.sleep(0.05)
    raise SystemExit("redis-server did not start")


def prepare(tmp: Path) -> dict:
    (tmp / "var").mkdir()
    (tmp / "bench_settings.py").write_text(
        SETTINGS.format(socket=tmp / "redis.sock", limits=RATE_LIMITS)
    )
    (tmp / "bench_urls.py").write_text(URLS)
    env = django_env(tmp)
    subprocess.run(
        [PYTHON, "-m", "django", "migrate", "-v0"], env=env, check=True, cwd=ROOT
    )
    subprocess.run([PYTHON, "-c", SETUP], env=env, check=True, cwd=ROOT)
    return env


def start_server(env: dict, port: int, args) -> subprocess.Popen:
    command = [GUNICORN, "jiyue.wsgi_public:application"]
    command += ["--bind", f"127.0.0.1:{port}", "--workers", str(args.workers)]
    command += ["--threads", str(args.threads), "--backlog", "256"]
    command += ["--log-level", "warning", "--keep-alive", "30"]
    return subprocess.Popen(command, env=env, cwd=ROOT)


def wait_for(port: int) -> None:
    for _ in range(300):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("server did not start")


def run_clients(port: int, clients: int, seconds: float, phase: str) -> list[Client]:
    until = time.monotonic() + seconds
    threads = [Client(port, until, i, phase) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return threads


def stored(env: dict, tracking_numbers: list[str]) -> tuple[int, int]:
    """How many of ``tracking_numbers`` are stored, and how many messages in all."""
    out = subprocess.run(
        [PYTHON, "-c", COUNT],
        env=env,
        cwd=ROOT,
        input="\n".join(tracking_numbers),
        capture_output=True,
        text=True,
        check=True,
    )
    found, total = out.stdout.split()
    return int(found), int(total)


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time of the server's processes so far."""
    total = 0.0
    for pid in pids:
        with contextlib.suppress(psutil.NoSuchProcess):
            times = psutil.Process(pid).cpu_times()
            total += times.user + times.system
    return total


def summary(phase: str, threads: list[Client], seconds: float, cpu: dict) -> dict:
    latencies = sorted(x for t in threads for x in t.latencies)
    acknowledged = [n for t in threads for n in t.acknowledged]
    errors: dict[str, int] = {}
    for t in threads:
        for key, n in t.errors.items():
            errors[key] = errors.get(key, 0) + n
    p = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    return {
        "phase": phase,
        "acknowledged": acknowledged,
        "cpu_ms": {k: v * 1000 / max(len(acknowledged), 1) for k, v in cpu.items()},
        "rate": len(acknowledged) / seconds,
        "p50": p[49] * 1000,
        "p95": p[94] * 1000,
        "max": latencies[-1] * 1000 if latencies else 0.0,
        "failures": sum(t.failures for t in threads),
        "errors": errors,
    }


def report(results: list[dict], env: dict, args) -> None:
    database = "PostgreSQL" if os.environ.get("DATABASE_URL") else "SQLite (WAL)"
    print(
        f"database: {database}; server: gunicorn {args.workers} workers × "
        f"{args.threads} threads; cache: Redis (Unix socket)"
    )
    print(
        f"clients: {args.clients} threads, keep-alive, {args.seconds:.0f} s per phase; "
        f"rate limits on, set for the loopback clients to {RATE_LIMITS}"
    )
    floor = next((r["rate"] for r in results if r["phase"] == "floor"), 0.0)
    for r in results:
        ratio = f" = {r['rate'] / floor:.2f} × floor" if floor else ""
        count, _total = stored(env, r["acknowledged"])
        cpu = ", ".join(f"{k} {v:.2f} ms" for k, v in r["cpu_ms"].items())
        print(
            f"{r['phase']:>5}: accepted {len(r['acknowledged'])} = {r['rate']:.1f}/s"
            f"{ratio}; POST p50 {r['p50']:.1f} ms, p95 {r['p95']:.1f} ms, "
            f"max {r['max']:.1f} ms; CPU per message: {cpu}; failures {r['failures']} {r['errors'] or ''}; "
            f"stored {count} of {len(r['acknowledged'])} acknowledged "
            f"({len(set(r['acknowledged']))} unique); "
            "load average {:.1f} → {:.1f}".format(*r["load"])
        )
    every = [n for r in results for n in r["acknowledged"] + r["warm"]]
    _found, total = stored(env, every)
    print(
        f"all phases with warm-ups: {total} stored, {len(every)} acknowledged "
        f"({len(set(every))} unique)"
    )
    print("aim: ≥ 300 accepted/s on this 2-core machine, 0 lost")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--phases", default="floor,api")
    parser.add_argument("--in-process", type=int, default=300, metavar="N")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="jiyue-bench-") as name:
        tmp = Path(name)
        redis = start_redis(tmp)
        server = None
        try:
            env = prepare(tmp)
            port = free_port()
            server = start_server(env, port, args)
            wait_for(port)
            results = []
            for phase in args.phases.split(","):
                # Warm-up (lexicons load on the first check), not counted.
                warm = run_clients(port, args.clients, 5, phase)
                pids = {
                    "server": [p.pid for p in psutil.Process(server.pid).children()],
                    "clients": [os.getpid()],
                    "redis": [redis.pid],
                }
                before = {k: cpu_seconds(v) for k, v in pids.items()}
                load = os.getloadavg()[0]
                threads = run_clients(port, args.clients, args.seconds, phase)
                cpu = {k: cpu_seconds(v) - before[k] for k, v in pids.items()}
                results.append(summary(phase, threads, args.seconds, cpu))
                # The machine is shared: its load average around the phase.
                results[-1]["load"] = (load, os.getloadavg()[0])
                results[-1]["warm"] = [n for t in warm for n in t.acknowledged]
            server.terminate()
            server.wait(timeout=30)
            server = None
            if args.in_process:
                command = [PYTHON, "-c", IN_PROCESS, str(args.in_process)]
                subprocess.run(command, env=env, cwd=ROOT, check=True)
        finally:
            if server is not None:
                server.terminate()
                server.wait(timeout=30)
            redis.terminate()
            redis.wait(timeout=10)
        report(results, env, args)


if __name__ == "__main__":
    main()
