"""A week of citizens' visits to the published demo, through real nginx, into the
访问统计 (not a test: it drives the front and prints what was counted).

    JIYUE_DEMO=1 .venv/bin/python bench/traffic.py [--days 7] [--visitors 400]

What it does, in order:

1. writes a private nginx configuration with ``jiyue nginx_conf`` (every site's
   static root, the ``jiyue`` access-log format) and starts Debian's nginx on a free
   loopback port — the public application is not needed: the pages are files;
2. sends the visits: each visitor (a browser of its own: its own user agent) opens
   a site's home page and 1–6 pages of that site found in the published files,
   sometimes with a search engine as referrer, sometimes a page that does not
   exist; a few crawlers too;
3. stops nginx and, because a week cannot be waited for, **spreads the log's
   timestamps over the last ``--days`` days** (day by visitor, more on weekdays),
   keeping every other byte of nginx's lines — the one thing this script changes;
4. ingests that log (``jiyue analytics_ingest``), as the 10-minute job does.

Open 「访问统计」 in the admin afterwards. Seeded: the same run gives the same week.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiyue.settings.admin")

AGENTS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/{v}.0.0.0 Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_{v} like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.{v}",
    "Mozilla/5.0 (Linux; Android 14; V{v}) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/{v}.0.0.0 Mobile Safari/537.36",
)
CRAWLERS = (
    "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)",
    "Sogou web spider/4.0(+http://www.sogou.com/docs/help/webmasters.htm#07)",
)
REFERRERS = (
    "https://www.baidu.com/s?wd=%E6%94%BF%E5%BA%9C",
    "https://www.so.com/",
    "-",
)
STAMP = re.compile(r"\[(\d{2}/\w{3}/\d{4}:\d{2}:\d{2}:\d{2}) ([+-]\d{4})\]")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def site_pages(hostname: str) -> list[str]:
    """The paths of a site's published pages (its ``index.html`` files)."""
    from jiyue.publishing import storage

    base = storage.site_link(hostname)  # the site's current version
    return sorted(
        "/" + str(p.parent.relative_to(base)).strip(".") + "/"
        for p in base.rglob("index.html")
    )


def visit_all(port: int, plan: list[tuple[str, str, list[str], str]]) -> int:
    import httpx

    sent = 0
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
        for host, agent, paths, referrer in plan:
            for n, path in enumerate(paths):
                headers = {"Host": host, "User-Agent": agent}
                if n == 0 and referrer != "-":
                    headers["Referer"] = referrer
                client.get(path.replace("//", "/"), headers=headers)
                sent += 1
    return sent


def plan_visits(rng: random.Random, hosts: dict[str, list[str]], visitors: int):
    plan = []
    for n in range(visitors):
        weights = [
            4 if h == "www.localhost" else 1 for h in hosts
        ]  # the portal busiest
        host = rng.choices(list(hosts), weights=weights)[0]
        agent = rng.choice(AGENTS).format(v=100 + n)  # one browser per visitor
        pages = hosts[host]
        paths = ["/", *rng.sample(pages, k=min(len(pages), rng.randint(1, 6)))]
        if rng.random() < 0.05:
            paths.append("/no-such-page/")
        plan.append((host, agent, paths, rng.choice(REFERRERS)))
    for crawler in CRAWLERS:
        plan.append(("www.localhost", crawler, hosts["www.localhost"][:20], "-"))
    return plan


def spread(log: Path, days: int, visitors: int, rng: random.Random) -> int:
    """Gives each visitor's lines a moment of the last ``days`` days (working days
    busier, office hours busier), in nginx's own time format; the lines keep every
    other byte. Returns the lines rewritten."""
    today = dt.datetime.now().astimezone()
    starts = []
    for _n in range(visitors + len(CRAWLERS)):
        while True:
            day = today - dt.timedelta(days=rng.randrange(days))
            if day.weekday() < 5 or rng.random() < 0.4:
                break
        hour = rng.choice([9, 10, 10, 11, 14, 15, 15, 16, 20, 21])
        starts.append(day.replace(hour=hour, minute=rng.randrange(60), second=0))
    lines = log.read_text(encoding="utf-8").splitlines()
    out, visitor, last_agent = [], -1, None
    for line in lines:
        agent = line.rsplit('"', 2)[-2]
        if agent != last_agent:
            visitor, last_agent, offset = visitor + 1, agent, 0
        moment = starts[min(visitor, len(starts) - 1)] + dt.timedelta(seconds=offset)
        offset += rng.randint(5, 90)
        stamp = moment.strftime("%d/%b/%Y:%H:%M:%S %z")
        out.append(STAMP.sub(f"[{stamp}]", line, count=1))
    log.write_text("\n".join(out) + "\n", encoding="utf-8")
    return len(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=7)
    parser.add_argument("--visitors", type=int, default=400)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from jiyue.publishing import selectors
    from jiyue.publishing.nginx import nginx_conf

    rng = random.Random(args.seed)  # noqa: S311 (a reproducible week, not a secret)
    hosts = {}
    for site in selectors.all_sites():
        pages = [p for p in site_pages(site.hostname) if p != "/"]
        if pages:
            hosts[site.hostname] = pages
    if "www.localhost" not in hosts:
        sys.exit("没有已发布的演示网站：请先运行 make demo（或 jiyue publish --all）。")
    work = Path(tempfile.mkdtemp(prefix="jiyue-traffic-"))
    log = work / "access.log"
    settings.JIYUE_ACCESS_LOG = str(log)
    port = free_port()
    config = nginx_conf(listen=f"127.0.0.1:{port}", full_prefix=str(work))
    (work / "nginx.conf").write_text(config)
    nginx = subprocess.Popen(  # Debian's nginx, our configuration
        ["nginx", "-c", str(work / "nginx.conf"), "-p", str(work)]
    )
    try:
        for _try in range(100):
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.05)
        started = time.monotonic()
        sent = visit_all(port, plan_visits(rng, hosts, args.visitors))
        took = time.monotonic() - started
    finally:
        nginx.terminate()
        nginx.wait(timeout=10)
    rewritten = spread(log, args.days, args.visitors, rng)
    print(
        f"经 nginx 访问 {sent} 次（{took:.1f} 秒），日志 {rewritten} 行，"
        f"时间分布到最近 {args.days} 天"
    )
    call_command("analytics_ingest", str(log))


if __name__ == "__main__":
    main()
