"""The citizens of ``bench/mixed.py``: a locustfile (run by it, not alone).

* **来信** (``Citizen``): the letter API through nginx as a citizen's browser uses it
  — ``GET /api/interaction/captcha``, solve, ``POST /api/interaction/messages`` —
  each letter from an address of its own on loopback (127.x.y.z: nginx passes it in
  ``X-Forwarded-For``, so each letter has the per-address budget of a real person),
  one letter a second per user;
* **搜索** (``Searcher``): ``GET /search/?q=…`` on a site of the cluster (the portal's
  and the generated sites'), one query a second per user, widened to the cluster
  for one query in five.

Each acknowledged letter's tracking number is appended to ``MIXED_ACK_FILE``: the
bench counts how many of them are stored.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
from urllib.parse import quote

from locust import HttpUser, constant_throughput, events, task
from requests.adapters import HTTPAdapter

LETTERS = json.loads(os.environ.get("MIXED_LETTER_TARGETS", "[]"))  # [[host, mailbox]]
SEARCH_HOSTS = json.loads(os.environ.get("MIXED_SEARCH_HOSTS", "[]"))
QUERIES = json.loads(os.environ.get("MIXED_QUERIES", "[]"))
ACK_FILE = os.environ.get("MIXED_ACK_FILE", "/dev/null")
PORT = os.environ.get("MIXED_PORT", "80")
NUMERALS = "零一二三四五六七八九十"
ADDRESSES = (
    f"127.{a}.{b}.{c}" for a in range(1, 255) for b in range(256) for c in range(1, 255)
)
LETTER_NUMBERS = itertools.count(1)
ACKNOWLEDGED: list[str] = []
RNG = random.Random(2)  # noqa: S311 (a reproducible load, not secrets)


def solve(question: str) -> str:
    a, b = (NUMERALS.index(c) for c in re.findall(f"[{NUMERALS}]", question)[:2])
    return str(a - b if "减" in question else a + b)


class FromAddress(HTTPAdapter):
    """Connections from one loopback address (one citizen's)."""

    def __init__(self, address: str) -> None:
        self.address = address
        super().__init__(pool_maxsize=1)

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.address, 0)
        return super().init_poolmanager(*args, **kwargs)


class Citizen(HttpUser):
    fixed_count = int(os.environ.get("MIXED_CITIZENS", "100"))
    wait_time = constant_throughput(1)

    @task
    def letter(self) -> None:
        host, mailbox = RNG.choice(LETTERS)
        adapter = FromAddress(next(ADDRESSES))
        self.client.mount("http://", adapter)
        headers = {"Host": f"{host}:{PORT}"}
        try:
            with self.client.get(
                "/api/interaction/captcha", headers=headers, name="来信：验证码",
                catch_response=True,
            ) as answer:  # fmt: skip
                if answer.status_code != 200:
                    answer.failure(f"验证码 {answer.status_code}")
                    return
                captcha = answer.json()
            number = next(LETTER_NUMBERS)
            payload = {
                "mailbox": mailbox,
                "subject": f"小区路灯坏了（第{number}封）",
                "content": "小区门口的路灯坏了三个月，晚上出行很不方便，请尽快修理。",
                "name": "市民",
                "phone": "13800000000",
                "consent_publish": False,
                "captcha_token": captcha["token"],
                "captcha_answer": solve(captcha["question"]),
            }
            with self.client.post(
                "/api/interaction/messages", json=payload, headers=headers,
                name="来信：提交", catch_response=True,
            ) as answer:  # fmt: skip
                body = answer.json() if answer.status_code == 201 else {}
                if body.get("tracking_no"):
                    ACKNOWLEDGED.append(body["tracking_no"])
                    answer.success()
                else:
                    answer.failure(f"来信 {answer.status_code}: {answer.text[:120]}")
        finally:
            adapter.close()


class Searcher(HttpUser):
    fixed_count = int(os.environ.get("MIXED_SEARCHERS", "50"))
    wait_time = constant_throughput(1)

    @task
    def search(self) -> None:
        host = RNG.choice(SEARCH_HOSTS)
        query = quote(RNG.choice(QUERIES))
        scope = "&scope=cluster" if RNG.random() < 0.2 else ""
        with self.client.get(
            f"/search/?q={query}{scope}", headers={"Host": f"{host}:{PORT}"},
            name="搜索", catch_response=True,
        ) as answer:  # fmt: skip
            if answer.status_code != 200:
                answer.failure(f"搜索 {answer.status_code}")


@events.quitting.add_listener
def _write_acknowledged(environment, **_kwargs) -> None:
    with open(ACK_FILE, "w", encoding="utf-8") as out:
        out.write("\n".join(ACKNOWLEDGED))
