"""The admin at 1,000 sites (issue 19): how fast each screen answers a site
administrator and the platform office (prints figures; asserts nothing).

    # the cluster, made beforehand (PostgreSQL):
    export DATABASE_URL=postgres://root@127.0.0.1:5432/jiyue_k1000 JIYUE_VAR_DIR=/tmp/var-k1000 JIYUE_DEMO=1
    .venv/bin/jiyue migrate && .venv/bin/jiyue generate --sites 1000 --items 1000000 --seed 1
    .venv/bin/python bench/scale.py --rounds 20

Every screen goes through the admin application's whole stack (middleware, the second
factor, CSP) with Django's test client in this process: asked once to warm the caches,
then ``--rounds`` times; p50 and p95 in ms and the queries of one answer. The peer, in
the same run: a superuser (Wagtail's own explorer and lists, no tenancy filtering) on
the same screens — our tenancy's cost is the ratio of the two.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiyue.settings.admin")
os.environ.setdefault("JIYUE_DEMO", "1")
os.environ.setdefault("JIYUE_TASK_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")  # fmt: skip

SCREENS = (
    ("page explorer, site root", "{root}"),
    ("a column's list", "{column}"),
    ("监测 (cluster table)", "/admin/monitor/"),
    ("静态发布", "/admin/publishing/"),
    ("考核评分", "/admin/assessment/"),
    ("访问统计", "/admin/analytics/"),
    ("站群管理", "/admin/site_profiles/"),
)


def person(username: str, role=None, site=None, superuser: bool = False):
    from django.contrib.auth import get_user_model

    from jiyue.editorial import role_grant

    users = get_user_model().objects
    user = users.filter(username=username).first()
    if user is None:
        make = users.create_superuser if superuser else users.create_user
        user = make(username, f"{username}@example.invalid", "a-long-password-2026")
        if role is not None:
            role_grant(actor=None, user=user, site=site, role=role)
    return user


def measure(client, url: str, rounds: int) -> tuple[int, float, float, int]:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    status = client.get(url).status_code
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    count = len(queries)  # now: the next request clears the log it reads
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return status, statistics.median(times), p95, count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    options = parser.parse_args()
    import django

    django.setup()
    from django.test import Client
    from wagtail.models import Page, Site

    from jiyue.cluster.roles import Role
    from jiyue.content.models import ColumnPage
    from tests.staff import login

    sites = Site.objects.count()
    pages = Page.objects.count()
    site = Site.objects.order_by("hostname").exclude(hostname="localhost")[1]
    column = (
        ColumnPage.objects.descendant_of(site.root_page)
        .order_by("-numchild", "path")
        .first()
    )
    listed = Page.objects.child_of(column).count()
    print(f"{sites} sites, {pages} pages; site {site.hostname}, column "
          f"'{column.title}' with {listed} pages")  # fmt: skip
    people = (
        ("site administrator", person("bench-admin", Role.SITE_ADMIN, site)),
        ("platform office", person("bench-office", Role.PLATFORM_OFFICE)),
        ("superuser (peer)", person("bench-super", superuser=True)),
    )
    clients = {name: login(Client(), user) for name, user in people}
    print("| screen | who | status | p50 ms | p95 ms | queries |")
    print("| --- | --- | --- | --- | --- | --- |")
    for label, screen in SCREENS:
        url = screen.format(
            root=f"/admin/pages/{site.root_page_id}/",
            column=f"/admin/pages/{column.pk}/",
        )
        for name, client in clients.items():
            status, p50, p95, queries = measure(client, url, options.rounds)
            print(
                f"| {label} | {name} | {status} | {p50:.0f} | {p95:.0f} | {queries} |"
            )
            sys.stdout.flush()


if __name__ == "__main__":
    main()
