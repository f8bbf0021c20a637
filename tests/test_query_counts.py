"""A province on one platform: the admin's screens ask the database as often with
100 sites as with 10 (issue 19). Each screen is asked once to warm the caches, then
counted; the counts must not grow with the number of sites.

The platform office's cluster tables compute something for every site (the
monitor's verdicts, the live scores, the visits, the site register): each reads
one kind of data in one query for all the sites, so they are held here too."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from jiyue.cluster.roles import Role
from jiyue.content.models import ColumnPage
from tests.staff import login

pytestmark = [pytest.mark.django_db]

SITE_ADMIN_SCREENS = (
    "/admin/", "{root}", "{column}", "/admin/monitor/", "/admin/publishing/",
    "/admin/assessment/", "/admin/analytics/", "/admin/site_profiles/",
)  # fmt: skip
OFFICE_SCREENS = (
    "/admin/", "{root}", "{column}", "/admin/publishing/",
    "/admin/monitor/", "/admin/assessment/", "/admin/analytics/", "/admin/site_profiles/",
)  # fmt: skip


def _generate(sites: int, seed: int) -> None:
    call_command("generate", "--sites", str(sites), "--items", str(sites),
                 "--seed", str(seed), stdout=StringIO())  # fmt: skip


def _counts(client: Client, screens, site: Site) -> dict[str, int]:
    column = ColumnPage.objects.descendant_of(site.root_page).first()
    found = {}
    for screen in screens:
        url = screen.format(
            root=f"/admin/pages/{site.root_page_id}/",
            column=f"/admin/pages/{column.pk}/",
        )
        assert client.get(url).status_code == 200, url
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        found[screen] = len(queries)
    return found


def test_the_admin_asks_as_often_with_100_sites_as_with_10(demo_cluster, make_staff):
    _generate(10, seed=71)
    site = Site.objects.get(hostname="g71-001.localhost")  # a department's site
    admin = login(Client(), make_staff("qc-admin", Role.SITE_ADMIN, site))
    office = login(Client(), make_staff("qc-office", Role.PLATFORM_OFFICE))
    before = (_counts(admin, SITE_ADMIN_SCREENS, site),
              _counts(office, OFFICE_SCREENS, site))  # fmt: skip
    _generate(90, seed=72)
    assert Site.objects.count() >= 100
    after = (_counts(admin, SITE_ADMIN_SCREENS, site),
             _counts(office, OFFICE_SCREENS, site))  # fmt: skip
    assert after == before
