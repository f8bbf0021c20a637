"""Benchmark of static publishing (prints figures, asserts nothing).

    .venv/bin/python bench/publish.py --sites 100 --items 100000
    .venv/bin/python bench/publish.py --var /tmp/cluster   # a cluster made before

1. makes a cluster with ``jiyue generate`` in a fresh SQLite database under a temporary
   ``JIYUE_VAR_DIR`` (or uses the one in ``--var``);
2. full rebuild of every site (or the first ``--full-sites``) as ``jiyue publish
   --all`` does it (one process per core), in a subprocess, on an empty publish root
   with no QR code kept yet (the first build ever), then (unless ``--once``) on an
   empty root with the QR codes kept (0210) and on the published tree: files/s,
   CPU, peak RSS;
3. on the first ``--peer-sites`` sites, in the same run: our renderer in one process
   (``publish_site`` per site) and the peer, every URL fetched through Django's test
   client (public URLconf) and written to disk: files/s each and the ratio;
4. incremental: ``--incremental`` publishes of one article each (ImmediateBackend:
   the task runs on commit), time from ``publish()`` to all affected files on disk,
   p50 and p95; each time the article's file is checked for the new title;
5. serving, with wrk (random pages of one site, ``--seconds`` each): nginx serving the
   published tree (``jiyue nginx_conf --full``) against gunicorn (2 workers) serving
   the same pages dynamically from the public application: requests/s and p99.

The machine is shared and noisy: compare figures of one run with each other.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
JIYUE = [sys.executable, "-m", "jiyue.cli"]

MEASURED = r"""
import json, resource, time
started, cpu = time.perf_counter(), time.process_time()
{body}
own = resource.getrusage(resource.RUSAGE_SELF)
kids = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({{
    "files": files, "seconds": time.perf_counter() - started,
    "cpu": own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime,
    "rss": own.ru_maxrss // 1024, "child_rss": kids.ru_maxrss // 1024,
}}))
"""

FULL = MEASURED.format(
    body="""
import sys
from jiyue.publishing import parallel, selectors
# What ``jiyue publish --all`` does: the sites over one process per core.
sites = selectors.all_sites()[: int(sys.argv[1]) or None]
files = sum(
    len(report.written) + report.unchanged
    for _site, report in parallel.publish_sites(sites)
)
"""
)

OURS_SUBSET = MEASURED.format(
    body="""
import sys
from jiyue.publishing import selectors, services
files = 0
for site in selectors.all_sites()[: int(sys.argv[1])]:
    report = services.publish_site(site)
    files += len(report.written) + report.unchanged
"""
)

PEER = MEASURED.format(
    body="""
import sys
from pathlib import Path
from django.test import Client, override_settings
from jiyue.publishing import selectors, storage
out = Path(sys.argv[2])
files = 0
with override_settings(ROOT_URLCONF="jiyue.urls_public"):
    for site in selectors.all_sites()[: int(sys.argv[1])]:
        client = Client(HTTP_HOST=f"{site.hostname}:{site.port}")
        for target in selectors.site_targets(site):
            response = client.get(target.url)
            path = out / site.hostname / storage.file_path_for_url(target.url)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(response.content)
            files += 1
"""
)

INCREMENTAL = r"""
import json, random, statistics, sys, time
from django.db import transaction
from jiyue.content.models import ArticlePage
from jiyue.publishing import selectors, storage
rng = random.Random(1)
published = [s for s in selectors.all_sites() if storage.current_version(s.hostname)]
ids = [
    pk
    for site in published
    for pk in ArticlePage.objects.live()
    .descendant_of(site.root_page)
    .values_list("pk", flat=True)
]
times, stale = [], 0
for n in range(int(sys.argv[1])):
    page = ArticlePage.objects.get(pk=rng.choice(ids))
    page.title = page.title.split("（")[0] + f"（{n}）"
    revision = page.save_revision()
    started = time.perf_counter()
    with transaction.atomic():
        revision.publish()
    times.append(time.perf_counter() - started)
    site = selectors.site_of(page)
    path = storage.site_link(site.hostname) / storage.file_path_for_url(
        selectors.page_url(site, page)
    )
    stale += page.title not in path.read_text()
times.sort()
print(json.dumps({"n": len(times), "p50": statistics.median(times),
                  "p95": times[int(0.95 * len(times)) - 1], "max": times[-1],
                  "stale": stale}))
"""

PATHS = r"""
import json, sys
from jiyue.publishing import selectors
site = selectors.all_sites()[int(sys.argv[1])]
urls = [t.url for t in selectors.site_targets(site) if t.url.endswith("/")]
print(json.dumps({"host": f"{site.hostname}:{site.port}", "urls": urls}))
"""

WRK_LUA = """
local paths = {}
for line in io.lines("%(paths)s") do paths[#paths + 1] = line end
math.randomseed(1)
request = function()
  return wrk.format("GET", paths[math.random(#paths)], {["Host"] = "%(host)s"})
end
"""


def run(env: dict, *args: str) -> str:
    result = subprocess.run(
        args, env=env, check=True, capture_output=True, text=True, cwd=ROOT
    )
    return result.stdout


def script(env: dict, code: str, *argv: str) -> dict:
    wrapper = "import django; django.setup()\n" + code
    out = run(env, sys.executable, "-c", wrapper, *argv)
    return json.loads(out.strip().splitlines()[-1])


def rate(result: dict) -> float:
    return result["files"] / result["seconds"]


def show_rebuild(label: str, result: dict) -> None:
    print(
        f"{label}: {result['files']} files in {result['seconds']:.1f} s"
        f" = {rate(result):.0f} files/s; CPU {result['cpu']:.0f} s"
        f" ({1000 * result['cpu'] / result['files']:.2f} ms/file); peak RSS"
        f" {result['rss']} MB (publisher) + {result['child_rss']} MB (largest worker)"
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError(f"nothing listens on {port}")


def wrk(port: int, lua: Path, seconds: int, connections: int) -> tuple[float, str]:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s",
         "-s", str(lua), f"http://127.0.0.1:{port}"],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1])
    p99 = re.search(r"99%\s+(\S+)", out)[1]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rps, p99 + (f" ({errors[1]} non-2xx)" if errors else "")


def serving(env: dict, var: Path, seconds: int) -> None:
    if not shutil.which("wrk"):
        print("serving: wrk is not installed (apt-get install -y wrk): skipped")
        return
    found = script(env, PATHS, "0")
    paths = var / "wrk-paths.txt"
    paths.write_text("\n".join(found["urls"]) + "\n")
    lua = var / "wrk.lua"
    lua.write_text(WRK_LUA % {"paths": paths, "host": found["host"]})
    app_port, nginx_port = free_port(), free_port()
    prefix = var / "nginx"
    prefix.mkdir(exist_ok=True)
    config = run(
        env, *JIYUE, "nginx_conf", "--listen", f"127.0.0.1:{nginx_port}",
        "--upstream", f"127.0.0.1:{app_port}", "--full", str(prefix),
    )  # fmt: skip
    (prefix / "nginx.conf").write_text(config)
    # The dynamic side must not answer from the published tree.
    dynamic_env = {**env, "JIYUE_PUBLISH_ROOT": str(var / "no-published-tree")}
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent))
    processes = [
        subprocess.Popen(
            ["nginx", "-c", str(prefix / "nginx.conf"), "-p", str(prefix)],
            stderr=subprocess.DEVNULL,
        ),
        subprocess.Popen(
            [gunicorn or "gunicorn", "jiyue.wsgi_public:application", "--workers",
             "2", "--bind", f"127.0.0.1:{app_port}", "--log-level", "warning"],
            env=dynamic_env, cwd=ROOT, stderr=subprocess.DEVNULL,
        ),
    ]  # fmt: skip
    try:
        wait_for(nginx_port)
        wait_for(app_port)
        wrk(app_port, lua, 5, 4)  # warm-up: imports, templates (2–7 s first request)
        static = wrk(nginx_port, lua, seconds, 64)
        dynamic = wrk(app_port, lua, seconds, 8)
    finally:
        for process in processes:
            process.terminate()
            process.wait()
    print(
        f"serving {len(found['urls'])} pages of {found['host']} with wrk, {seconds} s"
        f" each: nginx (published files) {static[0]:.0f} req/s, p99 {static[1]};"
        f" gunicorn, 2 workers (dynamic) {dynamic[0]:.0f} req/s, p99 {dynamic[1]};"
        + (
            f" ratio {static[0] / dynamic[0]:.0f}×"
            if dynamic[0]
            else " (the dynamic side answered nothing in time)"
        )
    )


def environment(var: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        JIYUE_DEMO="1",
        JIYUE_VAR_DIR=str(var),
        JIYUE_PUBLISH_ROOT=str(var / "publish"),
        DJANGO_SETTINGS_MODULE="jiyue.settings.admin",
        JIYUE_TASK_BACKEND="django_tasks.backends.immediate.ImmediateBackend",
    )
    return env


def prepare(options) -> tuple[Path, dict]:
    if options.var:
        var = Path(options.var)
        return var, environment(var)
    var = Path(tempfile.mkdtemp(prefix="jiyue-bench-publish-"))
    var.chmod(0o755)  # nginx's workers (nobody) read the published tree
    env = environment(var)
    run(env, *JIYUE, "migrate", "--noinput", "-v0")
    started = time.perf_counter()
    run(env, *JIYUE, "generate", "--sites", str(options.sites),
        "--items", str(options.items), "--seed", "1")  # fmt: skip
    print(
        f"generate: {options.sites} sites, {options.items} items in "
        f"{time.perf_counter() - started:.0f} s"
    )
    return var, env


def rebuilds(var: Path, env: dict, options) -> None:
    which = f"first {options.full_sites} sites" if options.full_sites else "all sites"
    # The first build ever: no published tree, no QR code kept yet (0210).
    shutil.rmtree(var / "publish", ignore_errors=True)
    for name in ("qr.sqlite3", "qr.sqlite3-wal", "qr.sqlite3-shm"):
        (var / "cache" / name).unlink(missing_ok=True)
    show_rebuild(f"full rebuild, {which}, empty publish root, no QR code kept yet,"
                 " one process per core",
                 script(env, FULL, str(options.full_sites)))  # fmt: skip
    if not options.once:
        shutil.rmtree(var / "publish", ignore_errors=True)
        show_rebuild("full rebuild again, empty publish root, QR codes kept",
                     script(env, FULL, str(options.full_sites)))  # fmt: skip
        show_rebuild("full rebuild again, tree in place",
                     script(env, FULL, str(options.full_sites)))  # fmt: skip
    peer_sites = options.peer_sites
    subset = {**env, "JIYUE_PUBLISH_ROOT": str(var / "subset-publish")}
    shutil.rmtree(var / "subset-publish", ignore_errors=True)
    ours = script(subset, OURS_SUBSET, str(peer_sites))
    show_rebuild(f"ours, first {peer_sites} sites, one process", ours)
    # The peer renders dynamically: no published tree for the public view to answer from.
    peer_env = {**env, "JIYUE_PUBLISH_ROOT": str(var / "no-published-tree")}
    peer = script(peer_env, PEER, str(peer_sites), str(var / "peer"))
    show_rebuild(f"peer (Django test client), first {peer_sites} sites", peer)
    print(f"ours / peer, one process each: {rate(ours) / rate(peer):.1f}×")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sites", type=int, default=10)
    parser.add_argument("--items", type=int, default=5000)
    parser.add_argument("--var", help="a JIYUE_VAR_DIR with a generated cluster")
    parser.add_argument("--peer-sites", type=int, default=3)
    parser.add_argument(
        "--full-sites", type=int, default=0, help="rebuild only the first N sites"
    )
    parser.add_argument("--incremental", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument(
        "--once", action="store_true", help="only the first full rebuild"
    )
    parser.add_argument("--parts", default="rebuild,incremental,serving")
    options = parser.parse_args()
    var, env = prepare(options)
    parts = options.parts.split(",")
    if "rebuild" in parts:
        rebuilds(var, env, options)
    if "incremental" in parts:
        inc = script(env, INCREMENTAL, str(options.incremental))
        print(
            f"incremental, {inc['n']} publishes of one article: p50 {inc['p50']:.3f} s,"
            f" p95 {inc['p95']:.3f} s, max {inc['max']:.3f} s; stale: {inc['stale']}"
        )
    if "serving" in parts:
        serving(env, var, options.seconds)
    print(f"peak RSS of this script's children: "
          f"{resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024} MB")  # fmt: skip
    print(f"(data left in {var})")


if __name__ == "__main__":
    main()
