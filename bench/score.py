"""Benchmark: scoring the whole 100-site benchmark cluster against the inspection
indicators (prints figures, asserts nothing).

    .venv/bin/python bench/score.py --sites 100 --items 10000

1. makes the cluster with ``jiyue generate`` in a fresh SQLite database under a
   temporary ``JIYUE_VAR_DIR`` (the default rule set comes with ``migrate``);
2. gives every site what the monitor would have stored: a week of availability probes
   (20 a day), a finished crawl with 60 findings of the kinds the indicators read;
3. ours: ``scoring.cluster_scores`` over every site (every indicator with its evidence,
   the six vetoes included), in one process;
4. the peer, in the same run: the monitor's own verdict (``site_verdict``, the six
   vetoes alone) over every site, which the score contains; the ratio says what the
   deductions, bonuses and their evidence add.

The machine is shared and noisy: compare the figures of one run with each other.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
JIYUE = [sys.executable, "-m", "jiyue.cli"]

MONITORED = r"""
import datetime as dt, json
from django.utils import timezone
from jiyue.cluster.models import SiteProfile
from jiyue.monitor.models import AvailabilityProbe, Crawl, StoredFinding
now = timezone.now()
kinds = ["broken_link", "typo", "wrong_expression", "stale_column", "accessibility",
         "insecure_link"]
for profile in SiteProfile.objects.select_related("site"):
    AvailabilityProbe.objects.bulk_create(
        AvailabilityProbe(profile=profile, at=now - dt.timedelta(hours=i * 8.4 / 1),
                          ok=i % 50 != 0, elapsed_ms=30)
        for i in range(140)
    )
    crawl = Crawl.objects.create(profile=profile, start_url=profile.site.root_url + "/",
                                 status=Crawl.Status.DONE, finished_at=now)
    StoredFinding.objects.bulk_create(
        StoredFinding(crawl=crawl, type=kinds[n % len(kinds)], severity="error",
                      url=f"{profile.site.root_url}/p/{n}/", message=f"问题 {n}",
                      fingerprint=f"f{n}")
        for n in range(60)
    )
print(json.dumps({"sites": SiteProfile.objects.count()}))
"""

TIMED = r"""
import json, time
from django.utils import timezone
from jiyue.assessment.scoring import cluster_scores
from jiyue.cluster.models import SiteProfile
from jiyue.monitor.verdict import site_verdict
profiles = list(SiteProfile.objects.select_related("site__root_page"))
started = time.perf_counter()
scores = cluster_scores(profiles)
ours = time.perf_counter() - started
started = time.perf_counter()
for profile in profiles:
    site_verdict(profile, now=timezone.now())
peer = time.perf_counter() - started
verdicts = {}
for s in scores:
    verdicts[str(s.verdict)] = verdicts.get(str(s.verdict), 0) + 1
print(json.dumps({"sites": len(profiles), "ours": ours, "peer": peer,
                  "lines": sum(len(s.lines) for s in scores), "verdicts": verdicts}))
"""


def run(env: dict, *args: str) -> str:
    done = subprocess.run(args, env=env, capture_output=True, text=True, cwd=ROOT)
    if done.returncode:
        sys.exit(done.stderr[-3000:])
    return done.stdout


def script(env: dict, code: str) -> dict:
    out = run(env, sys.executable, "-c", "import django; django.setup()\n" + code)
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=100)
    parser.add_argument("--items", type=int, default=10000)
    options = parser.parse_args()
    var = Path(tempfile.mkdtemp(prefix="jiyue-bench-score-"))
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        JIYUE_DEMO="1",
        JIYUE_VAR_DIR=str(var),
        DJANGO_SETTINGS_MODULE="jiyue.settings.admin",
    )
    run(env, *JIYUE, "migrate", "--noinput", "-v0")
    run(env, *JIYUE, "generate", "--sites", str(options.sites),
        "--items", str(options.items), "--seed", "1")  # fmt: skip
    script(env, MONITORED)
    result = script(env, TIMED)
    print(
        f"{result['sites']} sites, {result['lines']} indicator lines: "
        f"score {result['ours']:.1f} s ({result['ours'] / result['sites'] * 1000:.0f} ms "
        f"a site); peer, the verdict alone {result['peer']:.1f} s; "
        f"ratio score/verdict {result['ours'] / result['peer']:.2f}; "
        f"verdicts {result['verdicts']}"
    )


if __name__ == "__main__":
    main()
