"""One address floods the letter form through nginx while citizens write (issue 19):
the rate limit holds the flood and the others are served (prints figures; asserts
nothing).

    .venv/bin/python bench/flood.py --seconds 20

1. the demo cluster in a fresh SQLite database under a temporary ``JIYUE_VAR_DIR``,
   published; ``jiyue stack up`` (nginx, 2 public processes, 1 worker on RQ; the CI
   machine's Redis, a database of it nobody uses);
2. **citizens alone** (the peer, same run): 20 citizens, each from an address of its own
   on loopback (127.0.0.3 …; nginx passes it in ``X-Forwarded-For``, the application
   trusts nginx: ``JIYUE_TRUSTED_PROXIES``), each writing one letter (the form, then the
   letter with the CAPTCHA solved) and then reading (a published page, the form) for
   ``--seconds``;
3. **with a flood**: the same (20 other addresses), while 8 threads from 127.0.0.2 post letters as fast as
   they can, each with a freshly solved CAPTCHA (a determined sender, not garbage);
4. per side: requests, answers by status, p50/p95 ms; letters acknowledged (a tracking
   number on the answer) and letters stored (counted in the database afterwards).
"""

from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
JIYUE = [sys.executable, "-m", "jiyue.cli"]
HOST = "www.localhost"
FORM = "/hudong/xinxiang/shizhang/"
PAGE = "/"
NUMERALS = "零一二三四五六七八九十"


def solve(question: str) -> str:
    a, b = (NUMERALS.index(c) for c in re.findall(f"[{NUMERALS}]", question)[:2])
    return str(a - b if "减" in question else a + b)


class Browser:
    """One person's connection to nginx from an address of its own, with cookies."""

    def __init__(self, port: int, address: str) -> None:
        self.port, self.address, self.cookies = port, address, {}

    def request(self, method: str, path: str, body: str | None = None):
        connection = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=30, source_address=(self.address, 0)
        )
        headers = {"Host": f"{HOST}:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://{HOST}:{self.port}{path}"
        started = time.perf_counter()
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode(errors="replace")
        except OSError:
            return 0, "", (time.perf_counter() - started) * 1000
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, value = header.split(";", 1)[0].split("=", 1)
            self.cookies[name] = value
        return response.status, text, (time.perf_counter() - started) * 1000

    def letter(self, record) -> None:
        status, page, ms = self.request("GET", FORM)
        record("form", status, ms, False)
        if status != 200:
            return
        token = re.search(r'name="captcha_token" value="([^"]+)"', page)
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        question = re.search(r'<p id="captcha-question">([^（]+)', page)
        data = {
            "csrfmiddlewaretoken": csrf.group(1), "captcha_token": token.group(1),
            "captcha_answer": solve(question.group(1)), "subject": "小区路灯坏了",
            "content": "小区门口的路灯坏了三个月，晚上出行很不方便，请尽快修理。",
            "consent_publish": "on",
        }  # fmt: skip
        status, answer, ms = self.request("POST", FORM, urllib.parse.urlencode(data))
        record("letter", status, ms, status == 200 and "查询码" in answer)


class Tally:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = {}
        self.statuses: dict[str, Counter] = {}
        self.acknowledged = 0

    def __call__(self, kind: str, status: int, ms: float, acknowledged: bool) -> None:
        with self.lock:
            self.times.setdefault(kind, []).append(ms)
            self.statuses.setdefault(kind, Counter())[status] += 1
            self.acknowledged += acknowledged

    def lines(self, who: str) -> list[str]:
        rows = []
        for kind, times in self.times.items():
            times = sorted(times)
            p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
            statuses = ", ".join(
                f"{s}×{n}" for s, n in sorted(self.statuses[kind].items())
            )
            rows.append(f"| {who} | {kind} | {len(times)} | {statuses} | "
                        f"{statistics.median(times):.0f} | {p95:.0f} |")  # fmt: skip
        return rows


def run(port: int, seconds: float, flood: bool, first: int) -> tuple[Tally, Tally]:
    citizens, flooder = Tally(), Tally()
    stop = time.monotonic() + seconds

    def citizen(number: int) -> None:
        browser = Browser(port, f"127.0.0.{first + number}")
        browser.letter(citizens)  # one letter each, as a citizen writes
        while time.monotonic() < stop:  # then reading: a published page, the form
            status, _page, ms = browser.request("GET", PAGE)
            citizens("page", status, ms, False)
            status, _page, ms = browser.request("GET", FORM)
            citizens("form", status, ms, False)

    def flood_thread() -> None:
        browser = Browser(port, "127.0.0.2")
        while time.monotonic() < stop:
            browser.letter(flooder)

    threads = [threading.Thread(target=citizen, args=(n,)) for n in range(20)]
    if flood:
        threads += [threading.Thread(target=flood_thread) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return citizens, flooder


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def stored_letters(env: dict) -> int:
    out = subprocess.run(  # our own interpreter
        [*JIYUE, "shell", "-c", "from jiyue.interaction.models import Message; "
         "print('COUNT', Message.objects.count())"],
        env=env, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return int(out.split("COUNT")[-1])


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20)
    options = parser.parse_args()
    import redis
    from chaos import free_redis  # bench/: the same free database of Redis

    redis_url = free_redis()
    var = Path(tempfile.mkdtemp(prefix="jiyue-bench-flood-"))
    var.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL",)}
    env.update(JIYUE_DEMO="1", JIYUE_VAR_DIR=str(var), JIYUE_TASK_BACKEND="rq",
               JIYUE_REDIS_URL=redis_url)  # fmt: skip
    for step in (["migrate", "--noinput", "-v0"], ["load_demo"], ["publish", "--all"]):
        subprocess.run([*JIYUE, *step], env=env, check=True, stdout=subprocess.DEVNULL)
    port, admin, first = free_port(), free_port(), free_port()
    stack = subprocess.Popen(
        [*JIYUE, "stack", "up", "--public", "2", "--workers", "1", "--port", str(port),
         "--admin-port", str(admin), "--public-ports-from", str(first),
         "--dir", str(var / "stack")],
        env=env, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        for line in stack.stdout:
            if "配置和日志" in line:
                break
        print("| who | request | n | answers | p50 ms | p95 ms |")
        print("| --- | --- | --- | --- | --- | --- |")
        before = stored_letters(env)
        alone, _ = run(port, options.seconds, flood=False, first=3)
        print("\n".join(alone.lines("citizens alone")))
        middle = stored_letters(env)
        time.sleep(1)
        citizens, flooder = run(port, options.seconds, flood=True, first=30)
        print("\n".join(citizens.lines("citizens, during the flood")))
        print("\n".join(flooder.lines("the flooding address")))
        after = stored_letters(env)
        print()
        print(
            f"letters acknowledged: citizens alone {alone.acknowledged}, during the "
            f"flood {citizens.acknowledged}, the flooder {flooder.acknowledged}"
        )
        print(f"letters stored: {middle - before} in the first run, {after - middle} "
              f"in the second")  # fmt: skip
    finally:
        stack.send_signal(signal.SIGTERM)
        stack.wait(timeout=60)
        redis.Redis.from_url(redis_url).flushdb()


if __name__ == "__main__":
    main()
