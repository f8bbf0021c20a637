"""A full search rebuild measured in the process (prints figures, asserts nothing).

    PYTHONPATH=$PWD .venv/bin/python bench/search_reindex.py --var /tmp/c --engine tantivy
    PYTHONPATH=$PWD .venv/bin/python bench/search_reindex.py --var /tmp/c/pg \
        --pg postgres://root@127.0.0.1:5432/c --engine postgres --workers 1

The cluster is one ``bench/search.py`` made (``make_cluster``). What ``jiyue
search_reindex`` does, without the command's start (Python, Django, the word
list: ~2 s that do not grow with the cluster): ``indexing.rebuild`` timed by the
wall clock and by the CPU of the process (every thread: tantivy's writer
included) and of its worker processes. The PostgreSQL server's own CPU is not
counted. Run it alternately with the code before a change (a copy made with
``git archive``, on ``PYTHONPATH``) on the same cluster; the load average is
printed beside each run.
"""

from __future__ import annotations

import argparse
import os
import resource
import time


def cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--var", required=True)
    parser.add_argument("--pg", help="the cluster's PostgreSQL URL")
    parser.add_argument("--engine", choices=["tantivy", "postgres"], default="tantivy")
    parser.add_argument("--workers", type=int, default=0)
    parser.add_argument("--label", default="")
    args = parser.parse_args()
    os.environ.update(
        JIYUE_VAR_DIR=args.var,
        JIYUE_DEMO="1",
        JIYUE_SEARCH_BUILD_WORKERS=str(args.workers),
        JIYUE_TASK_BACKEND="django_tasks.backends.immediate.ImmediateBackend",
        DJANGO_SETTINGS_MODULE="jiyue.settings.admin",
    )
    os.environ.pop("DATABASE_URL", None)
    if args.pg:
        os.environ["DATABASE_URL"] = args.pg
    import django

    django.setup()
    from jiyue.search import lexicon
    from jiyue.search.engines import get_engine
    from jiyue.search.indexing import rebuild

    lexicon.current()  # the word list and the segmenter, as the command has them
    engine = get_engine(args.engine)
    cpu, wall = cpu_seconds(), time.perf_counter()
    count = rebuild(engine=engine)
    wall, cpu = time.perf_counter() - wall, cpu_seconds() - cpu
    peak = max(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    )
    load = os.getloadavg()[0]
    print(
        f"{args.label or '-'}\t{args.engine}\tworkers {args.workers}\t{count} documents"
        f"\twall {wall:.2f} s ({count / wall:.0f}/s)\tCPU {cpu:.2f} s"
        f" ({count / cpu:.0f}/CPU-s)\tpeak RSS {peak // 1024} MB\tload {load:.2f}"
    )


if __name__ == "__main__":
    main()
