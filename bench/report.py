"""Benchmark: one site's 《政府网站工作年度报表》 in every format (prints figures,
asserts nothing).

    .venv/bin/python bench/report.py --sites 10 --items 20000

1. makes a cluster with ``jiyue generate`` in a fresh SQLite database under a
   temporary ``JIYUE_VAR_DIR`` (about ``items / sites`` items a site, published over
   the year);
2. ours, for the site with the most items: ``annual_report.build`` (every field from
   the platform's data), then each format from those fields — JSON, XLSX, HTML, PDF
   (headless Chromium, A4, fonts embedded) — and the whole command
   ``jiyue annual_report --format F`` as an operator runs it (a fresh process);
3. the peers, in the same run: the bare formats on the same rows — openpyxl writing
   the same cells, Chromium printing the same HTML — so the ratio says what the
   report adds to the format's own cost.

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

TIMED = r"""
import io, json, time
from django.db.models import Count
from django.utils import timezone
from wagtail.models import Page
from jiyue.assessment import annual_report as r
from jiyue.cluster.models import SiteProfile
profiles = list(SiteProfile.objects.select_related("site__root_page"))
sizes = {p.pk: Page.objects.descendant_of(p.site.root_page).count() for p in profiles}
profile = max(profiles, key=lambda p: sizes[p.pk])
year = timezone.localdate().year
out = {"site": profile.code, "pages": sizes[profile.pk]}
t = time.perf_counter(); fields = r.build(profile, year); out["build"] = time.perf_counter() - t
for kind, make in (("json", lambda: json.dumps(r.as_json(profile, year, fields), ensure_ascii=False)),
                   ("xlsx", lambda: r.as_xlsx(profile, year, fields)),
                   ("html", lambda: r.as_html(profile, year, fields)),
                   ("pdf", lambda: r.as_pdf(profile, year, fields))):
    t = time.perf_counter(); make(); out[kind] = time.perf_counter() - t
# peers: the bare formats on the same rows
from openpyxl import Workbook
t = time.perf_counter()
book = Workbook(); sheet = book.active
for f in fields: sheet.append([f.section, f.name, f.value, f.source])
book.save(io.BytesIO()); out["peer_xlsx"] = time.perf_counter() - t
from playwright.sync_api import sync_playwright
from jiyue.monitor.accessibility.axe import CHROMIUM_ARGS, chromium_path
html = r.as_html(profile, year, fields)
t = time.perf_counter()
with sync_playwright() as p:
    b = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
    page = b.new_page(); page.set_content(html); page.pdf(format="A4"); b.close()
out["peer_pdf"] = time.perf_counter() - t
out["fields"] = len(fields)
print(json.dumps(out))
"""


def run(env: dict, *args: str) -> str:
    done = subprocess.run(args, env=env, capture_output=True, text=True, cwd=ROOT)
    if done.returncode:
        sys.exit(done.stderr[-3000:])
    return done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=10)
    parser.add_argument("--items", type=int, default=20000)
    options = parser.parse_args()
    var = Path(tempfile.mkdtemp(prefix="jiyue-bench-report-"))
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        JIYUE_DEMO="1", JIYUE_VAR_DIR=str(var),
        DJANGO_SETTINGS_MODULE="jiyue.settings.admin",
    )  # fmt: skip
    run(env, *JIYUE, "migrate", "--noinput", "-v0")
    run(env, *JIYUE, "generate", "--sites", str(options.sites),
        "--items", str(options.items), "--seed", "1")  # fmt: skip
    out = run(env, sys.executable, "-c", "import django; django.setup()\n" + TIMED)
    result = json.loads(out.strip().splitlines()[-1])
    commands = {}
    year = time.localtime().tm_year
    for kind in ("json", "xlsx", "html", "pdf"):
        target = var / f"report.{kind}"
        started = time.perf_counter()
        run(env, *JIYUE, "annual_report", "--site", result["site"], "--year",
            str(year), "--format", kind, "--output", str(target))  # fmt: skip
        commands[kind] = time.perf_counter() - started
    print(f"site {result['site']}: {result['pages']} pages, {result['fields']} fields")
    print(f"build (every figure) {result['build']:.2f} s")
    for kind in ("json", "xlsx", "html", "pdf"):
        total = result["build"] + result[kind]
        print(f"{kind}: format {result[kind]:.2f} s, build + format {total:.2f} s, "
              f"whole command {commands[kind]:.2f} s")  # fmt: skip
    print(f"peer xlsx (openpyxl, same cells) {result['peer_xlsx']:.3f} s; "
          f"ratio ours/peer {result['xlsx'] / result['peer_xlsx']:.2f}")  # fmt: skip
    print(f"peer pdf (Chromium printing the same HTML) {result['peer_pdf']:.2f} s; "
          f"ratio ours/peer {result['pdf'] / result['peer_pdf']:.2f}")  # fmt: skip


if __name__ == "__main__":
    main()
