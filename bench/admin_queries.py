"""Benchmark: how many queries each admin screen asks with 10 sites and with 100
(issue 19); prints the counts, asserts nothing (``tests/test_query_counts.py`` holds
them equal).

    .venv/bin/python -m pytest -q -s bench/admin_queries.py

Counted as the test counts them: the demo cluster, ``jiyue generate --sites 10``,
each screen asked once to warm the caches and then counted
(``CaptureQueriesContext``) as a site administrator of a department's site and as
the platform office; then ``jiyue generate --sites 90`` more and counted again.
Run it under pytest (it uses the suite's fixtures); with ``DATABASE_URL`` set it
counts on PostgreSQL.
"""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test import Client
from wagtail.models import Site

from jiyue.cluster.roles import Role
from tests.staff import login
from tests.test_query_counts import (
    OFFICE_SCREENS,
    SITE_ADMIN_SCREENS,
    _counts,
    _generate,
)

pytestmark = [pytest.mark.django_db]


def test_print_the_counts(demo_cluster, make_staff):
    _generate(10, seed=71)
    site = Site.objects.get(hostname="g71-001.localhost")
    admin = login(Client(), make_staff("qc-admin", Role.SITE_ADMIN, site))
    office = login(Client(), make_staff("qc-office", Role.PLATFORM_OFFICE))
    found = {}
    for sites in (10, 100):
        if sites == 100:
            _generate(90, seed=72)
        found[sites] = {
            "site admin": _counts(admin, SITE_ADMIN_SCREENS, site),
            "office": _counts(office, OFFICE_SCREENS, site),
        }
    print(json.dumps({"database": connection.vendor, **found}, indent=1))
