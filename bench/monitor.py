"""Benchmark of the monitor's crawler against LinkChecker (prints figures, asserts nothing).

    .venv/bin/python bench/monitor.py --pages 2000
    .venv/bin/python bench/monitor.py --pages 20000

Generates a static site (government-style columns and articles, ~1 % broken links) in a
temporary directory, serves it with nginx on a random loopback port (python's
http.server if nginx is missing, said so in the output), then crawls it with Jiyue's
monitor three times — link checks alone (``--links-only``, what LinkChecker does), then
links with 暗链 and freshness (``--no-content``), then every content check — and with
LinkChecker (10 threads).
"""

from __future__ import annotations

import argparse
import csv
import getpass
import io
import json
import os
import random
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SENTENCES = [
    "各地区、各部门要高度重视政府网站信息内容建设，完善工作机制。",
    "政府网站是信息化条件下政府密切联系人民群众的重要桥梁。",
    "要及时发布政府常务会议、重要会议信息，做好政策解读。",
    "对网民咨询的问题，要在规定时限内予以答复。",
    "加强政府网站信息发布、解读回应、办事服务、互动交流等功能建设。",
]
COLUMNS = ["工作动态", "通知公告", "政策文件", "政策解读", "人事信息", "规划计划"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def page_path(i: int) -> str:
    return f"/c{i % len(COLUMNS)}/d{i // 100}/p{i}.html"


def generate(root: Path, pages: int, rng: random.Random) -> None:
    nav = "".join(
        f'<li><a href="/c{k}/index.html">{name}</a></li>'
        for k, name in enumerate(COLUMNS)
    )
    for i in range(pages):
        links = [page_path(rng.randrange(pages)) for _ in range(8)]
        if rng.random() < 0.01:
            links.append(f"/missing/m{i}.html")
        body = "".join(f"<p>{rng.choice(SENTENCES)}</p>" for _ in range(6))
        related = "".join(
            f'<li><a href="{u}">相关信息</a> 2026-11-{1 + j:02d}</li>'
            for j, u in enumerate(links)
        )
        write(
            root,
            page_path(i),
            html(
                f"信息 {i}",
                f'<ul>{nav}</ul><h1>信息 {i}</h1>{body}<ul>{related}</ul><img src="/img/logo.png">',
                COLUMNS[i % len(COLUMNS)],
            ),
        )
    for k, name in enumerate(COLUMNS):
        items = "".join(
            f'<li><a href="{page_path(i)}">信息 {i}</a> 2026-11-{1 + i % 28:02d}</li>'
            for i in range(k, pages, len(COLUMNS))[:200]
        )
        write(
            root,
            f"/c{k}/index.html",
            html(name, f'<ul>{nav}</ul><ul class="list">{items}</ul>', name),
        )
    home = "".join(
        f'<li><a href="{page_path(i)}">信息 {i}</a> 2026-11-19</li>'
        for i in range(0, pages, max(pages // 200, 1))
    )
    write(root, "/index.html", html("首页", f"<ul>{nav}</ul><ul>{home}</ul>", ""))
    write_bytes(root, "/img/logo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 200)


def html(title: str, body: str, column: str) -> str:
    meta = f'<meta name="ColumnName" content="{column}">' if column else ""
    return f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title>{meta}</head><body>{body}</body></html>'


def write(root: Path, path: str, text: str) -> None:
    write_bytes(root, path, text.encode("utf-8"))


def write_bytes(root: Path, path: str, data: bytes) -> None:
    target = root / path.lstrip("/")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


def serve(tmp: Path, port: int) -> tuple[subprocess.Popen, str]:
    nginx = shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )
    if nginx is None:
        proc = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "http.server",
                str(port),
                "--bind",
                "127.0.0.1",
                "--directory",
                str(tmp / "site"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        return proc, "python http.server (nginx not installed)"
    user = f"user {getpass.getuser()};" if os.geteuid() == 0 else ""
    conf = tmp / "nginx.conf"
    conf.write_text(
        f"""{user}
daemon off; worker_processes 2; pid {tmp}/nginx.pid; error_log {tmp}/error.log;
events {{ worker_connections 4096; }}
http {{
  access_log off; client_body_temp_path {tmp}/b; proxy_temp_path {tmp}/p;
  fastcgi_temp_path {tmp}/f; uwsgi_temp_path {tmp}/u; scgi_temp_path {tmp}/s;
  types {{ text/html html; image/png png; }}
  keepalive_requests 100000;
  server {{ listen 127.0.0.1:{port}; root {tmp}/site; index index.html;
             add_header LinkChecker yes; }}
}}
"""
    )
    proc = subprocess.Popen(
        [nginx, "-c", str(conf), "-p", str(tmp)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return (
        proc,
        f"nginx ({subprocess.run([nginx, '-v'], capture_output=True, text=True).stderr.strip()})",
    )


def wait_for(port: int) -> None:
    for _ in range(100):
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)


def measured(cmd: list[str]) -> tuple[float, float, str, float, float]:
    """Run ``cmd``: (seconds, peak RSS in MB of it and its children, stdout, CPU
    seconds it used, peak PSS in MB). CPU time does not depend on what else the
    machine runs. RSS counts the pages forked workers share with their parent once
    per process; PSS splits them between the processes (sampled once a second)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    out = tempfile.TemporaryFile()  # noqa: SIM115 - read back after the child exits
    proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.DEVNULL, cwd=ROOT)
    ps, peak, peak_pss, tick = psutil.Process(proc.pid), 0, 0, 0
    while proc.poll() is None:
        try:
            family = [ps, *ps.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in family))
            if tick % 10 == 0:
                peak_pss = max(peak_pss, sum(p.memory_full_info().pss for p in family))
        except psutil.Error:
            pass
        tick += 1
        time.sleep(0.1)
    elapsed = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    out.seek(0)
    text = out.read().decode("utf-8", "replace")
    return elapsed, peak / 2**20, text, cpu, peak_pss / 2**20


JIYUE = """
import json, sys, tempfile, datetime as dt
from jiyue.monitor import CrawlConfig, crawl
url, pages, checks, conc = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
workers = None if sys.argv[5] == "default" else int(sys.argv[5])
cfg = CrawlConfig(start_url=url, max_pages=pages, check_content=checks == "content",
                  links_only=checks == "links", concurrency=conc,
                  per_host_concurrency=conc, loopback_only=True, today=dt.date(2026, 11, 20),
                  workers=workers)
r = crawl(cfg, tempfile.mkdtemp())
print(json.dumps({"pages": r.summary["pages"], "urls": r.summary["urls_checked"],
                  "broken": sorted({f.target for f in r.findings if f.type == "broken_link"}),
                  "findings": r.summary["by_type"]}, ensure_ascii=False))
"""


WINDOWS = """
import os, sys, tempfile, time, datetime as dt
from jiyue.monitor import CrawlConfig, crawl
url, pages, conc = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
last = [time.monotonic(), sum(os.times()[:2])]
def progress(done, known):
    if done % 1000 == 0:
        now, cpu = time.monotonic(), sum(os.times()[:2])
        print(f"{done:6d} URLs  wall {1000 / (now - last[0]):6.1f} URLs/s  "
              f"CPU {cpu - last[1]:5.2f} ms/URL  queued {known - done}", flush=True)
        last[:] = [now, cpu]
cfg = CrawlConfig(start_url=url, max_pages=pages, concurrency=conc, per_host_concurrency=conc,
                  loopback_only=True, today=dt.date(2026, 11, 20))
crawl(cfg, tempfile.mkdtemp(), progress=progress)
"""


def run_windows(url: str, pages: int, conc: int) -> None:
    """Wall rate and CPU time per URL for each 1,000 URLs of a content-checked crawl."""
    subprocess.run(
        [PYTHON, "-c", WINDOWS, url, str(2 * pages + 100), str(conc)],
        cwd=ROOT,
        check=True,
    )


def run_jiyue_median(
    url: str, pages: int, checks: str, conc: int, workers: int | None, repeat: int
) -> dict:
    """The run with the median wall time of ``repeat`` runs: on a shared machine
    one run can take a third longer for the same CPU work (the walls are printed)."""
    runs = sorted(
        (run_jiyue(url, pages, checks, conc, workers) for _ in range(repeat)),
        key=lambda r: r["seconds"],
    )
    median = runs[len(runs) // 2]
    median["walls"] = [round(r["seconds"], 1) for r in runs]
    return median


def run_jiyue(
    url: str, pages: int, checks: str, conc: int, workers: int | None
) -> dict:
    """``checks``: ``links`` (--links-only), ``pages`` (--no-content) or ``content``."""
    seconds, peak, out, cpu, pss = measured(
        [
            PYTHON,
            "-c",
            JIYUE,
            url,
            str(2 * pages + 100),
            checks,
            str(conc),
            "default" if workers is None else str(workers),
        ]
    )
    data = json.loads(out.strip().splitlines()[-1])
    return {**data, "seconds": seconds, "peak_mb": peak, "cpu": cpu, "pss_mb": pss}


# LinkChecker waits 0.1-0.6 s (random) between two requests to one host unless the
# server answers with a "LinkChecker" header (nginx above adds it) and
# maxrequestspersecond is raised: otherwise 10 threads make ~2.9 requests/s.
LINKCHECKERRC = """[checking]
maxrequestspersecond=10000
threads={threads}
"""


def run_linkchecker(url: str, threads: int, tmp: Path) -> dict:
    exe = shutil.which("linkchecker") or str(Path(PYTHON).parent / "linkchecker")
    rc = tmp / "linkcheckerrc"
    rc.write_text(LINKCHECKERRC.format(threads=threads))
    options = ["-f", str(rc), "-t", str(threads), "--no-status", "--verbose"]
    seconds, peak, out, cpu, pss = measured(
        [exe, *options, "-o", "csv", "--no-robots", url]
    )
    rows = list(
        csv.reader(
            io.StringIO(
                "\n".join(line for line in out.splitlines() if not line.startswith("#"))
            ),
            delimiter=";",
        )
    )
    header, body = rows[0], rows[1:]
    col = {name: i for i, name in enumerate(header)}
    urls = {r[col["url"]] for r in body if len(r) == len(header)}
    broken = sorted(
        {
            r[col["url"]]
            for r in body
            if len(r) == len(header) and r[col["valid"]] == "False"
        }
    )
    pages = {u for u in urls if u.endswith((".html", "/"))}
    return {
        "pages": len(pages),
        "urls": len(urls),
        "broken": broken,
        "seconds": seconds,
        "peak_mb": peak,
        "cpu": cpu,
        "pss_mb": pss,
    }


def report(name: str, r: dict, pages: int) -> None:
    print(
        f"{name:34} {r['seconds']:8.1f} s {pages / r['seconds']:9.1f} pages/s  "
        f"cpu {r['cpu']:7.1f} s {pages / max(r['cpu'], 0.001):7.1f} pages/cpu-s  "
        f"peak {r['peak_mb']:6.1f} MB (PSS {r['pss_mb']:6.1f})  urls {r['urls']}  broken {len(r['broken'])}"
        + (f"  walls {r['walls']}" if len(r.get("walls", [])) > 1 else "")
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=20000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--threads", type=int, default=10)
    parser.add_argument(
        "--workers",
        type=int,
        action="append",
        help="Jiyue's analysis processes (default: one per core; 0 = none); "
        "repeat to compare, e.g. --workers 0 --workers 2",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="runs of each Jiyue configuration; the median wall time is reported",
    )
    parser.add_argument("--skip-linkchecker", action="store_true")
    parser.add_argument(
        "--no-pages",
        action="store_true",
        help="skip the middle run (--no-content: links, 暗链 and freshness)",
    )
    parser.add_argument(
        "--windows",
        action="store_true",
        help="only Jiyue with content checks: wall and CPU time per 1,000 URLs",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        rng = random.Random(20261120)  # noqa: S311 - test data, not secrets
        generate(tmp / "site", args.pages, rng)
        port = free_port()
        server, server_name = serve(tmp, port)
        try:
            wait_for(port)
            url = f"http://127.0.0.1:{port}/"
            total = args.pages + len(COLUMNS) + 1
            print(f"site: {total} pages, server: {server_name}, cpus: {os.cpu_count()}")
            if args.windows:
                run_windows(url, args.pages, args.concurrency)
                return
            runs = []
            for workers in args.workers or [None]:
                label = "" if workers is None else f", workers {workers}"
                plain = run_jiyue_median(
                    url, args.pages, "links", args.concurrency, workers, args.repeat
                )
                report(f"jiyue monitor (links only{label})", plain, total)
                if not args.no_pages:
                    pages = run_jiyue_median(
                        url, args.pages, "pages", args.concurrency, workers, args.repeat
                    )
                    report(f"jiyue monitor (--no-content{label})", pages, total)
                full = run_jiyue_median(
                    url, args.pages, "content", args.concurrency, workers, args.repeat
                )
                report(f"jiyue monitor (content checks{label})", full, total)
                print(f"  findings with content checks: {full['findings']}")
                runs.append((label, plain, full))
            if args.skip_linkchecker:
                return
            lc = run_linkchecker(url, args.threads, tmp)
            report(f"LinkChecker ({args.threads} threads)", lc, total)
            for label, plain, full in runs:
                mine, theirs = set(plain["broken"]), set(lc["broken"])
                print(
                    f"broken links{label}: both {len(mine & theirs)}, only jiyue {len(mine - theirs)}, only LinkChecker {len(theirs - mine)}"
                    f"; with content checks the same set: {set(full['broken']) == mine}"
                )
                for u in sorted(mine ^ theirs)[:10]:
                    print("  differs:", u)
                print(
                    f"speed-up{label}: links only {lc['seconds'] / plain['seconds']:.1f}x, with content checks {lc['seconds'] / full['seconds']:.1f}x"
                    f" (CPU time: {lc['cpu'] / plain['cpu']:.1f}x, {lc['cpu'] / full['cpu']:.1f}x)"
                )
            print(f"load average after the run: {os.getloadavg()}")
        finally:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    main()
