"""Every search reads the cluster's sites: each process keeps them until a site or
a profile changes anywhere (the version in the shared cache), then reads them again."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, Site

from jiyue.cluster.models import SiteProfile
from jiyue.search.searching import cluster_sites

pytestmark = pytest.mark.django_db


def test_kept_until_a_site_or_profile_changes(demo_cluster):
    first = cluster_sites()
    with CaptureQueriesContext(connection) as queries:
        assert cluster_sites() is first  # kept: no query
    assert not [q for q in queries if "wagtailcore_site" in q["sql"]]

    profile = SiteProfile.objects.get(site__hostname="ankang.localhost")
    profile.name = "安康市人民政府（新名称）"
    profile.save()
    assert cluster_sites()[profile.site_id].name == "安康市人民政府（新名称）"

    site = Site.objects.create(
        hostname="xin.localhost", port=8000, site_name="新站",
        root_page=Page.objects.get(depth=1).add_child(title="新站", slug="xin-zhan"),
    )  # fmt: skip
    assert site.pk in cluster_sites()
    site.delete()
    assert site.pk not in cluster_sites()
