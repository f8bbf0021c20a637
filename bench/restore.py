"""Restore's time and peak memory, JSON Lines (backup format 2) against the one JSON
array of format 1, from the same backup in the same run (issue 19; prints figures,
asserts nothing; docs/decisions/1903).

    .venv/bin/python bench/restore.py --sites 100 --items 100000

1. a new database ``bench_restore_src`` on the machine's PostgreSQL (``--pg``), ``jiyue
   migrate`` and ``jiyue generate --sites S --items N`` into it (nothing published);
2. ``jiyue backup`` (format 2: ``database.jsonl.gz``), timed, its peak RSS;
3. a copy of that backup turned into format 1: the same rows as one JSON array
   (``database.json.gz``, written a row at a time), ``backup.json`` saying format 1,
   ``SHA256SUMS`` written again: what ``jiyue backup`` wrote before format 2;
4. each backup restored with ``jiyue restore --skip-search`` into a new empty
   database of its own (``bench_restore_1``, ``bench_restore_2``), one after the other:
   wall time, CPU, the process's peak RSS (``wait4``), and the rows counted.

Every database it made is dropped at the end, whatever happened.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
JIYUE = [sys.executable, "-m", "jiyue.cli"]
sys.path.insert(0, str(ROOT))


def run(args: list[str], env: dict) -> dict:
    """Run ``jiyue`` with ``args``; wall seconds, CPU seconds and peak RSS (MB)."""
    started = time.monotonic()
    child = subprocess.Popen([*JIYUE, *args], env=env, cwd=ROOT)
    _pid, status, usage = os.wait4(child.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"jiyue {' '.join(args)} 失败（{status}）")
    return {
        "seconds": time.monotonic() - started,
        "cpu": usage.ru_utime + usage.ru_stime,
        "rss_mb": usage.ru_maxrss / 1024,
    }


def psql(url: str, sql: str, *, check: bool = True) -> None:
    base = url.rstrip("/") + "/postgres"
    subprocess.run(["psql", base, "-qc", sql], check=check)


def as_format_1(source: Path, target: Path) -> None:
    """The backup ``source`` as format 1 wrote it: one JSON array, row by row."""
    from jiyue.worker import backup as bk

    shutil.copytree(source, target, symlinks=True)
    (target / bk.DUMP).unlink()
    with (
        gzip.open(source / bk.DUMP, "rt", encoding="utf-8") as lines,
        gzip.open(target / bk.DUMP_FORMAT_1, "wt", encoding="utf-8") as dump,
    ):
        dump.write("[")
        for number, line in enumerate(line for line in lines if line.strip()):
            dump.write(("," if number else "") + line.rstrip("\n"))
        dump.write("]")
    meta = json.loads((target / bk.META).read_text(encoding="utf-8"))
    meta["format"] = 1
    (target / bk.META).write_text(json.dumps(meta, ensure_ascii=False))
    bk.write_sums(target)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=100)
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--pg", default="postgres://root@127.0.0.1:5432/")
    options = parser.parse_args()
    pg = options.pg.rstrip("/") + "/"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiyue.settings.admin")
    os.environ.setdefault("JIYUE_DEMO", "1")
    import django

    django.setup()
    work = Path(tempfile.mkdtemp(prefix="bench-restore-"))
    databases = ["bench_restore_src", "bench_restore_1", "bench_restore_2"]
    base = {k: v for k, v in os.environ.items() if k != "JIYUE_REDIS_URL"}
    base["JIYUE_DEMO"] = "1"

    def env(name: str) -> dict:
        return {**base, "DATABASE_URL": pg + name, "JIYUE_VAR_DIR": str(work / name)}

    try:
        for name in databases:
            psql(pg, f"DROP DATABASE IF EXISTS {name}")
            psql(pg, f"CREATE DATABASE {name}")
        source = env("bench_restore_src")
        run(["migrate", "-v0"], source)
        made = run(
            ["generate", "--sites", str(options.sites), "--items", str(options.items)],
            source,
        )
        print(f"generate: {made['seconds']:.0f} s")
        backed = run(["backup", str(work / "format2")], source)
        as_format_1(work / "format2", work / "format1")
        size = {
            fmt: sum(
                p.stat().st_size for p in (work / f"format{fmt}").glob("database.*")
            )
            for fmt in (1, 2)
        }
        print(
            f"backup (format 2): {backed['seconds']:.0f} s, CPU {backed['cpu']:.0f} s, "
            f"peak RSS {backed['rss_mb']:.0f} MB; dump {size[2] / 1e6:.0f} MB "
            f"(format 1: {size[1] / 1e6:.0f} MB)"
        )
        print("| backup | restore wall | CPU | peak RSS | rows |")
        print("| --- | ---: | ---: | ---: | ---: |")
        for fmt in (1, 2):
            target = env(f"bench_restore_{fmt}")
            restored = run(
                ["restore", "--skip-search", str(work / f"format{fmt}")], target
            )
            meta = json.loads((work / f"format{fmt}" / "backup.json").read_text())
            rows = sum(meta["counts"].values())
            print(
                f"| format {fmt} ({'JSON Lines' if fmt == 2 else 'one JSON array'}) "
                f"| {restored['seconds']:.0f} s | {restored['cpu']:.0f} s "
                f"| {restored['rss_mb']:.0f} MB | {rows:,} |"
            )
    finally:
        for name in databases:
            psql(pg, f"DROP DATABASE IF EXISTS {name}", check=False)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
