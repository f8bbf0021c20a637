"""Benchmark of static publishing (prints figures, asserts nothing).

    .venv/bin/python bench/publish.py --sites 10 --items 5000

1. makes a cluster with ``jiyue generate`` in a fresh SQLite database under a temporary
   ``JIYUE_VAR_DIR``;
2. full rebuild: ``jiyue publish --all`` in a subprocess: files/s and peak RSS;
3. peer: the same URLs fetched one by one through Django's test client (public URLconf)
   and written to disk, in a subprocess: files/s and peak RSS;
4. incremental: 200 publishes of one article each (ImmediateBackend: the task runs on
   commit), time from ``publish()`` to all affected files on disk, p50 and p95.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
JIYUE = [sys.executable, "-m", "jiyue.cli"]

PEER = r"""
import json, sys, time
from pathlib import Path
from django.test import Client, override_settings
from jiyue.publishing import selectors, storage
out = Path(sys.argv[1])
count = 0
started = time.perf_counter()
with override_settings(ROOT_URLCONF="jiyue.urls_public"):
    for site in selectors.all_sites():
        client = Client(HTTP_HOST=f"{site.hostname}:{site.port}")
        for target in selectors.site_targets(site):
            response = client.get(target.url)
            path = out / site.hostname / storage.file_path_for_url(target.url)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(response.content)
            count += 1
import resource
print(json.dumps({"files": count, "seconds": time.perf_counter() - started,
                  "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}))
"""

FULL = r"""
import json, resource, time
from django.core.management import call_command
started = time.perf_counter()
call_command("publish", all=True, no_progress=True)
print(json.dumps({"seconds": time.perf_counter() - started,
                  "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}))
"""

INCREMENTAL = r"""
import json, random, statistics, time
from django.db import transaction
from jiyue.content.models import ArticlePage
rng = random.Random(1)
ids = list(ArticlePage.objects.live().values_list("pk", flat=True))
times = []
for n in range(int(sys.argv[1])):
    page = ArticlePage.objects.get(pk=rng.choice(ids))
    page.title = page.title.split("（")[0] + f"（{n}）"
    started = time.perf_counter()
    with transaction.atomic():
        page.save_revision().publish()
    times.append(time.perf_counter() - started)
times.sort()
print(json.dumps({"n": len(times), "p50": statistics.median(times),
                  "p95": times[int(0.95 * len(times)) - 1], "max": times[-1]}))
"""


def run(env: dict, *args: str, capture: bool = False) -> tuple[str, float, int]:
    """Runs a child; returns its stdout, wall seconds and peak RSS (MB)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    result = subprocess.run(
        args, env=env, check=True, capture_output=capture, text=True, cwd=ROOT
    )
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (result.stdout or ""), seconds, max(peak, before) // 1024


def script(env: dict, code: str, *argv: str) -> tuple[str, float, int]:
    wrapper = "import sys, django; django.setup()\n" + code
    return run(env, sys.executable, "-c", wrapper, *argv, capture=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sites", type=int, default=10)
    parser.add_argument("--items", type=int, default=5000)
    parser.add_argument("--incremental", type=int, default=200)
    options = parser.parse_args()
    var = Path(tempfile.mkdtemp(prefix="jiyue-bench-publish-"))
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        JIYUE_DEMO="1",
        JIYUE_VAR_DIR=str(var),
        DJANGO_SETTINGS_MODULE="jiyue.settings.admin",
        JIYUE_TASK_BACKEND="django_tasks.backends.immediate.ImmediateBackend",
    )
    run(env, *JIYUE, "migrate", "--noinput", "-v0")
    _out, seconds, _rss = run(
        env, *JIYUE, "generate", "--sites", str(options.sites),
        "--items", str(options.items), "--seed", "1", capture=True,
    )  # fmt: skip
    print(f"generate: {options.sites} sites, {options.items} items in {seconds:.0f} s")
    out, _seconds, _rss = script(env, FULL)
    full = json.loads(out.strip().splitlines()[-1])
    tree = var / "publish" / ".versions"
    files = sum(1 for p in tree.rglob("*") if p.is_file() and "/site/" in str(p))
    print(
        f"full rebuild (jiyue publish --all): {files} files in {full['seconds']:.1f} s"
        f" = {files / full['seconds']:.0f} files/s, peak RSS {full['rss']} MB"
    )
    # The peer renders dynamically: no published tree for the public view to answer from.
    peer_env = {**env, "JIYUE_PUBLISH_ROOT": str(var / "no-published-tree")}
    out, _seconds, _rss = script(peer_env, PEER, str(var / "peer"))
    peer = json.loads(out.strip().splitlines()[-1])
    print(
        f"peer (Django test client, every URL): {peer['files']} files in "
        f"{peer['seconds']:.1f} s = {peer['files'] / peer['seconds']:.0f} files/s, "
        f"peak RSS {peer['rss']} MB"
    )
    out, _seconds, _rss = script(env, INCREMENTAL, str(options.incremental))
    inc = json.loads(out.strip().splitlines()[-1])
    print(
        f"incremental, {inc['n']} publishes of one article: p50 {inc['p50']:.3f} s, "
        f"p95 {inc['p95']:.3f} s, max {inc['max']:.3f} s"
    )
    print(f"(data left in {var})")


if __name__ == "__main__":
    main()
