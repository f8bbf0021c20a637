"""Benchmark of the interaction channels (prints figures, asserts nothing).

    .venv/bin/python bench/channels.py                 # a temporary SQLite database
    DATABASE_URL=postgres://root@127.0.0.1:5432/bench_channels \\
        .venv/bin/python bench/channels.py             # an empty PostgreSQL database

Makes a fresh database, loads the demo cluster (its portal has the demo
consultation, survey and interviews), and times requests in-process through the
public application's full middleware stack (Django's test client), each against a
peer in the same run, interleaved so that the machine's noise hits both alike:

* the live transcript poll ``GET /api/interaction/interviews/{id}/transcript``
  (what every viewer of a live interview asks every 10 s) against
  ``GET /api/interaction/mailboxes`` (the API's smallest read);
* rendering the survey page with its three SVG charts and tables (what the
  publisher pays on each republish) against rendering a news article;
* ``POST /api/interaction/surveys/{id}/answers`` against
  ``POST /api/interaction/messages`` (both: CAPTCHA, rate limit, store first).

Prints median and p95 latency in milliseconds and the ratio to the peer.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NUMERALS = "零一二三四五六七八九十"


def setup(var_dir: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("JIYUE_DEMO", "1")
    os.environ["JIYUE_VAR_DIR"] = var_dir
    os.environ["DJANGO_SETTINGS_MODULE"] = "jiyue.settings.public"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.JIYUE_INTERACTION_RATE_LIMITS = {
        "per_address": (10**9, 60),
        "per_form": (10**9, 60),
    }
    settings.JIYUE_SURVEY_ANSWERS_PER_FINGERPRINT = 10**9
    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0, interactive=False)
    from jiyue.demo import load_demo_cluster

    load_demo_cluster(Path(settings.JIYUE_CORPUS_DIR))


def timed(call) -> float:
    start = time.perf_counter()
    response = call()
    elapsed = time.perf_counter() - start
    if response.status_code >= 400:
        raise SystemExit(f"HTTP {response.status_code}: {response.content[:200]!r}")
    return elapsed * 1000


def compare(name: str, ours, peer, n: int) -> None:
    for _ in range(min(20, n)):  # warm-up
        ours()
        peer()
    a, b = [], []
    for _ in range(n):
        a.append(timed(ours))
        b.append(timed(peer))
    p95 = lambda xs: statistics.quantiles(xs, n=20)[-1]  # noqa: E731
    ratio = statistics.median(a) / statistics.median(b)
    print(
        f"{name:<34} median {statistics.median(a):7.2f} ms  p95 {p95(a):7.2f} ms"
        f"  | peer median {statistics.median(b):7.2f} ms  p95 {p95(b):7.2f} ms"
        f"  | ratio {ratio:4.2f}"
    )


def captcha(client) -> dict:
    data = client.get("/api/interaction/captcha").json()
    a, b = (
        NUMERALS.index(c) for c in re.findall(f"[{NUMERALS}]", data["question"])[:2]
    )
    answer = a - b if "减" in data["question"] else a + b
    return {"captcha_token": data["token"], "captcha_answer": str(answer)}


def run(n: int) -> None:
    from django.test import Client

    from jiyue.content.models import ArticlePage
    from jiyue.interaction.models import InterviewPage, SurveyPage

    client = Client(HTTP_HOST="www.localhost:8000")
    interview = InterviewPage.objects.get(slug="fangtan-sjhm")
    survey = SurveyPage.objects.get(slug="diaocha-wzty")
    article = ArticlePage.objects.filter(url_path__startswith="/www/yaowen/").first()
    compare(
        "transcript poll (JSON)",
        lambda: client.get(f"/api/interaction/interviews/{interview.pk}/transcript"),
        lambda: client.get("/api/interaction/mailboxes"),
        n,
    )
    survey_path = "/" + survey.url_path.split("/", 2)[2]
    article_path = "/" + article.url_path.split("/", 2)[2]
    compare(
        "survey page with charts (render)",
        lambda: client.get(survey_path, HTTP_X_BENCH="1"),
        lambda: client.get(article_path, HTTP_X_BENCH="1"),
        n,
    )
    questions = client.get(f"/api/interaction/surveys/{survey.pk}").json()["questions"]
    answers = {str(q["id"]): q["options"][0] for q in questions if q["options"]}

    def answer():
        fresh = Client(HTTP_HOST="www.localhost:8000")  # a new voter each time
        body = {"answers": answers, **captcha(fresh)}
        return fresh.post(
            f"/api/interaction/surveys/{survey.pk}/answers",
            json.dumps(body),
            content_type="application/json",
        )

    def message():
        body = {"mailbox": "jianyi", "subject": "建议", "content": "建议内容。"}
        body.update(captcha(client))
        return client.post(
            "/api/interaction/messages",
            json.dumps(body),
            content_type="application/json",
        )

    compare("survey answer (API POST)", answer, message, max(n // 4, 50))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=400, help="requests per measurement")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="jiyue-bench-channels-") as var_dir:
        setup(var_dir)
        from django.db import connection

        print(f"database: {connection.vendor}; n = {args.n} per side (interleaved)")
        run(args.n)


if __name__ == "__main__":
    main()
