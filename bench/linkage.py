"""Benchmark: a correction of an item that 1,000 pages of other sites repost by
reference (prints figures, asserts nothing).

    .venv/bin/python bench/linkage.py --sites 100 --items 10000 --references 1000

1. makes the benchmark cluster with ``jiyue generate`` in a fresh SQLite database
   under a temporary ``JIYUE_VAR_DIR``;
2. puts ``--references`` reposts by reference (``linkage.ReferencePage``) of one
   article of the first site into the 要闻 columns of the other sites (spread evenly),
   then publishes every site (``jiyue publish --all``);
3. ours: the source is corrected and published once; publishing's task (run on commit
   by the ImmediateBackend, as ``jiyue worker`` runs it) re-renders every reference
   and the list pages that show it; time from ``publish()`` to the task's end, and
   each target file is checked for the corrected text;
4. the peer, in the same run: a loop of independent publishes, one publishing change
   per reference (what a platform without references does when each site's copy is
   corrected by hand, without the editing).

The machine is shared and noisy: compare the figures of one run with each other.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
JIYUE = [sys.executable, "-m", "jiyue.cli"]

PLACE = r"""
import json, sys
from wagtail.models import Site
from jiyue.content.models import ArticlePage, ColumnPage
from jiyue.linkage.models import ReferencePage
count = int(sys.argv[1])
sites = list(
    Site.objects.filter(profile__isnull=False).select_related("root_page").order_by("pk")
)
source = ArticlePage.objects.live().descendant_of(sites[0].root_page).order_by("pk").first()
columns = [
    ColumnPage.objects.descendant_of(s.root_page).filter(kind="news").first()
    for s in sites[1:]
]
for n in range(count):
    column = columns[n % len(columns)]
    ref = ReferencePage(title=source.title, source=source, slug=f"zz-{n}")
    column.add_child(instance=ref)
    ref.save_revision().publish()
print(json.dumps({"source": source.pk, "references": count, "sites": len(columns)}))
"""

CORRECT = r"""
import json, sys, time
from pathlib import Path
from django.conf import settings
from jiyue.content.models import ArticlePage
from jiyue.linkage.models import ReferencePage
source = ArticlePage.objects.get(pk=int(sys.argv[1]))
source.body = "<p>更正：BENCH-CORRECTION。</p>"
started = time.perf_counter()
source.save_revision().publish()  # the task runs on commit (ImmediateBackend)
seconds = time.perf_counter() - started
root = Path(settings.JIYUE_PUBLISH_ROOT)
ok = 0
refs = list(ReferencePage.objects.filter(source=source))
for ref in refs:
    site = ref.get_site()
    path = ref.url_path[len(site.root_page.url_path):]
    text = (root / site.hostname / path / "index.html").read_text()
    ok += "BENCH-CORRECTION" in text
print(json.dumps({"seconds": seconds, "targets": len(refs), "updated": ok}))
"""

PEER = r"""
import json, sys, time
from jiyue.linkage.models import ReferencePage
from jiyue.publishing import services
from jiyue.publishing.selectors import Change
refs = list(ReferencePage.objects.filter(source_id=int(sys.argv[1])).order_by("pk"))
started = time.perf_counter()
for ref in refs:
    site = ref.get_site()
    services.publish_change(Change(changed={ref.pk}, sites={site.pk}))
print(json.dumps({"seconds": time.perf_counter() - started, "targets": len(refs)}))
"""


def run(env: dict, *args: str) -> str:
    done = subprocess.run(args, env=env, capture_output=True, text=True, cwd=ROOT)
    if done.returncode:
        sys.exit(done.stderr[-3000:])
    return done.stdout


def script(env: dict, code: str, *argv: str) -> dict:
    out = run(
        env, sys.executable, "-c", "import django; django.setup()\n" + code, *argv
    )
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=100)
    parser.add_argument("--items", type=int, default=10000)
    parser.add_argument("--references", type=int, default=1000)
    options = parser.parse_args()
    var = Path(tempfile.mkdtemp(prefix="jiyue-bench-linkage-"))
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        JIYUE_DEMO="1",
        JIYUE_VAR_DIR=str(var),
        JIYUE_PUBLISH_ROOT=str(var / "publish"),
        DJANGO_SETTINGS_MODULE="jiyue.settings.admin",
        JIYUE_TASK_BACKEND="django_tasks.backends.immediate.ImmediateBackend",
    )
    run(env, *JIYUE, "migrate", "--noinput", "-v0")
    run(env, *JIYUE, "generate", "--sites", str(options.sites),
        "--items", str(options.items), "--seed", "1")  # fmt: skip
    placed = script(env, PLACE, str(options.references))
    started = time.perf_counter()
    run(env, *JIYUE, "publish", "--all")
    print(f"cluster: {options.sites} sites, {options.items} items, "
          f"{placed['references']} references on {placed['sites']} sites; "
          f"full publish {time.perf_counter() - started:.0f} s")  # fmt: skip
    ours = script(env, CORRECT, str(placed["source"]))
    peer = script(env, PEER, str(placed["source"]))
    per_ours = ours["seconds"] / ours["targets"] * 1000
    per_peer = peer["seconds"] / peer["targets"] * 1000
    print(f"correction -> every reference republished: {ours['seconds']:.1f} s for "
          f"{ours['targets']} targets ({per_ours:.1f} ms each), "
          f"{ours['updated']} files carry the correction")  # fmt: skip
    print(f"peer, one publish per target: {peer['seconds']:.1f} s "
          f"({per_peer:.1f} ms each); ratio peer/ours {peer['seconds'] / ours['seconds']:.2f}")  # fmt: skip


if __name__ == "__main__":
    main()
