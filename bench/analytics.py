"""Access-log ingestion speed and counts, against GoAccess on the same file (not a
test: prints figures, asserts nothing).

    JIYUE_DEMO=1 JIYUE_VAR_DIR=/tmp/bench-analytics .venv/bin/python bench/analytics.py [--lines N]

Writes a week of synthetic traffic for the demo's sites in the ``jiyue`` log format
(nginx combined with ``$host:$server_port`` in front: GoAccess's VCOMBINED) — pages,
assets, 404s, search queries, no crawlers — then times

- ``jiyue.analytics.ingest`` on one core (parse, count, store: the counts GoAccess
  also counts, with the visitors' trails kept for the next step),
- ``jiyue.analytics.related`` on one core (看过此文的人还看了: the trails into pairs
  of pages, stored), the separate step after it (docs/decisions/0903), and
- ``goaccess --log-format=VCOMBINED -o json`` (Debian's GoAccess) on the same file,
  its CPU time (user + system of the child: the machine is shared) and wall time,

and compares what both count: requests, unique visitors (same address, agent and
day, summed over the days) and 404s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiyue.settings.admin")

HOSTS = ("www.localhost", "yunyan.localhost", "dsj.localhost", "ankang.localhost")
PAGES = ["/", "/zcwj/", "/zcjd/", "/tzgg/", "/yaowen/", "/banshi/", "/zfxxgk/gkml/"] + [
    f"/zcwj/doc{n}/" for n in range(200)
]
ASSETS = ["/static/site.css", "/static/site.js", "/static/logo.png"]
AGENTS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148",
    "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36",
]
MONTH = [
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
]


def write_log(path: Path, lines: int, start: dt.date) -> None:
    rng = random.Random(20)  # noqa: S311 (synthetic traffic, not secrets)
    visitors = [
        (f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}",
         rng.choice(AGENTS), rng.choice(HOSTS))
        for _n in range(lines // 20 or 1)
    ]  # fmt: skip
    per_day = lines // 7
    with path.open("w", encoding="utf-8") as out:
        for n in range(lines):
            day = start + dt.timedelta(days=min(n // per_day, 6))
            second = (n % per_day) * 86400 // per_day
            addr, agent, host = rng.choice(visitors)
            roll = rng.random()
            if roll < 0.25:
                target, status = rng.choice(ASSETS), 200
            elif roll < 0.28:
                target, status = f"/missing/{rng.randrange(50)}/", 404
            elif roll < 0.31:
                target, status = "/search/?q=%E7%A4%BE%E4%BF%9D", 200
            else:
                target, status = rng.choice(PAGES), 200
            stamp = (
                f"{day.day:02d}/{MONTH[day.month - 1]}/{day.year}:"
                f"{second // 3600:02d}:{second // 60 % 60:02d}:{second % 60:02d} +0800"
            )
            out.write(
                f'{host}:80 {addr} - - [{stamp}] "GET {target} HTTP/1.1" {status} 512 '
                f'"-" "{agent}"\n'
            )


def ours(path: Path, today: dt.date) -> tuple[float, float, dict]:
    """(ingestion's CPU seconds, the related-reading step's, the counts)."""
    from django.db.models import Sum

    from jiyue.analytics import models
    from jiyue.analytics.ingest import ingest_files
    from jiyue.analytics.related import count_covisits

    for model in (
        models.LogSource,
        models.SiteDay,
        models.DailyVisitors,
        models.PageDay,
        models.ReferrerDay,
        models.QueryDay,
        models.CoVisit,
        models.PendingTrails,
    ):
        model.objects.all().delete()  # a first run: every count is new
    began = time.process_time()
    (report,) = ingest_files([path], today=today)
    elapsed = time.process_time() - began
    began = time.process_time()
    related = count_covisits()
    related_elapsed = time.process_time() - began
    sums = models.SiteDay.objects.aggregate(v=Sum("visitors"), nf=Sum("not_found"))
    return (
        elapsed,
        related_elapsed,
        {
            "requests": report.counted,
            "visitors": sums["v"],
            "404": sums["nf"],
            "trails": related.trails,
            "pairs": related.pairs,
        },
    )


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def goaccess(path: Path) -> tuple[float, float, dict] | None:
    binary = shutil.which("goaccess")
    if binary is None:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        began, cpu = time.perf_counter(), _children_cpu()
        subprocess.run(
            [binary, str(path), "--log-format=VCOMBINED", "--no-progress",
             "-o", str(report)],
            check=True, capture_output=True,
        )  # fmt: skip
        elapsed, cpu = time.perf_counter() - began, _children_cpu() - cpu
        data = json.loads(report.read_text())
    general = data["general"]
    not_found = sum(
        item["hits"]["count"]
        for group in data.get("status_codes", {}).get("data", [])
        for item in group.get("items", [])
        if str(item.get("data", "")).startswith("404")
    )
    visitors = sum(day["visitors"]["count"] for day in data["visitors"]["data"])
    return (
        cpu,
        elapsed,
        {
            "requests": general["valid_requests"],
            "visitors": visitors,
            "404": not_found,
        },
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=1_000_000)
    args = parser.parse_args()
    import django

    django.setup()
    from django.core.management import call_command
    from wagtail.models import Site

    call_command("migrate", verbosity=0)
    if not Site.objects.filter(hostname="www.localhost").exists():
        call_command("load_demo", verbosity=0)
    start = dt.date(2026, 11, 23)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "access.log"
        write_log(path, args.lines, start)
        size = path.stat().st_size / 1e6
        print(f"log: {args.lines:,} lines, {size:.0f} MB, 7 days, {len(HOSTS)} hosts")
        seconds, related, counts = ours(path, start + dt.timedelta(days=7))
        print(
            f"jiyue ingest (the counts): {seconds:.2f} s CPU, "
            f"{args.lines / seconds:,.0f} lines/s; {counts}"
        )
        both = seconds + related
        print(
            f"jiyue related reading (a separate step): {related:.2f} s CPU; "
            f"both steps: {both:.2f} s CPU, {args.lines / both:,.0f} lines/s"
        )
        peer = goaccess(path)
        if peer is None:
            print("goaccess: not installed (apt-get install goaccess)")
            return
        peer_seconds, peer_wall, peer_counts = peer
        print(
            f"goaccess: {peer_seconds:.2f} s CPU ({peer_wall:.2f} s wall), "
            f"{args.lines / peer_seconds:,.0f} lines/s; {peer_counts}"
        )
        print(
            f"ratio (goaccess CPU time / jiyue CPU time): {peer_seconds / seconds:.2f}"
        )
        for key in peer_counts:
            a, b = counts[key], peer_counts[key]
            print(
                f"  {key}: jiyue {a:,} goaccess {b:,} ({(a - b) / b * 100 if b else 0:+.2f} %)"
            )


if __name__ == "__main__":
    main()
