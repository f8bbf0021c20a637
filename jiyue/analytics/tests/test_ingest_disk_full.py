"""A full disk while access logs are counted: the command says so in Chinese, nothing
of the file is counted, and the next run after space returns counts every line once.

The disk is really full for SQLite: ``PRAGMA max_page_count`` holds the database at
the pages it has, and SQLite answers a write that needs one more with SQLITE_FULL
("database or disk is full"), the error a full file system gives it."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from wagtail.models import Site

from jiyue.analytics.models import LogSource, PageDay, SiteDay

from .test_ingest import DAY, line

pytestmark = [
    # SQLite rolls a whole transaction back on SQLITE_FULL: the test's own too.
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "sqlite", reason="the full disk is SQLite's page limit"
    ),
]


def _pages(limit: int | None = None) -> int:
    with connection.cursor() as cursor:
        if limit is not None:
            cursor.execute(f"PRAGMA max_page_count = {int(limit)}")
        cursor.execute("PRAGMA page_count")
        return cursor.fetchone()[0]


def test_a_full_disk_loses_no_line_and_the_next_run_resumes(
    load_demo_cluster, tmp_path
):
    load_demo_cluster()
    www = Site.objects.get(hostname="www.localhost")
    log = tmp_path / "access.log"
    log.write_text(line("/"), encoding="utf-8")
    call_command("analytics_ingest", str(log))  # the file is known, one line in
    read = LogSource.objects.get().offset
    # 3,000 new pages, each a row of its own: more than the free pages hold.
    with log.open("a", encoding="utf-8") as out:
        for n in range(3000):
            out.write(line(f"/xxgk/{n:05d}-{'长路径' * 20}/", at="10:01:00"))
    _pages(limit=_pages())  # the disk is full from here on
    try:
        with pytest.raises(CommandError) as refused:
            call_command("analytics_ingest", str(log))
    finally:
        _pages(limit=1_073_741_823)  # space returns
    message = str(refused.value)
    assert "写入访问统计失败" in message and "full" in message
    assert "从上次写入的位置继续" in message
    assert LogSource.objects.get().offset == read  # nothing of the file counted
    assert SiteDay.objects.get(site=www, day=DAY).views == 1

    call_command("analytics_ingest", str(log))
    assert SiteDay.objects.get(site=www, day=DAY).views == 3001
    assert PageDay.objects.filter(site=www, day=DAY).count() == 3001
    assert LogSource.objects.get().offset == log.stat().st_size
    call_command("analytics_ingest", str(log))  # and each line once
    assert SiteDay.objects.get(site=www, day=DAY).views == 3001
