"""People of the demo's www site (贵阳市人民政府) and of ankang, by role."""

from __future__ import annotations

import pytest
from wagtail.models import Page, Site

from jiyue.cluster.roles import Role


@pytest.fixture
def www(demo_cluster) -> Site:
    return Site.objects.get(hostname="www.localhost")


@pytest.fixture
def ankang(demo_cluster) -> Site:
    return Site.objects.get(hostname="ankang.localhost")


@pytest.fixture
def yaowen(www) -> Page:
    return Page.objects.get(url_path="/www/yaowen/")


@pytest.fixture
def tzgg(www) -> Page:
    return Page.objects.get(url_path="/www/tzgg/")


@pytest.fixture
def people(www, ankang, yaowen, tzgg, make_staff) -> dict:
    return {
        "officer": make_staff("officer", Role.INFO_OFFICER, www, yaowen),
        "notice_officer": make_staff("notice_officer", Role.INFO_OFFICER, www, tzgg),
        "editor": make_staff("editor", Role.EDITOR, www),
        "reviewer": make_staff("reviewer", Role.REVIEWER, www),
        "leader": make_staff("leader", Role.LEADER, www),
        "admin": make_staff("siteadmin", Role.SITE_ADMIN, www),
        "other_editor": make_staff("ankang_editor", Role.EDITOR, ankang),
    }
