"""A 网站管理员 manages his own site's profile, and only his own; the registry
fields (code, kind, level, parent, site, domain) stay the platform office's."""

from __future__ import annotations

import pytest
from django.test import Client
from wagtail.models import Site

from jiyue.cluster.models import SiteProfile
from jiyue.cluster.roles import Role
from tests.staff import login

pytestmark = pytest.mark.second_factor


def refused(response) -> bool:
    return response.status_code in (403, 404) or (
        response.status_code == 302 and response["Location"] == "/admin/"
    )


def edit_data(profile: SiteProfile, **changes) -> dict:
    fields = (
        "name", "code", "kind", "level", "sponsor", "operator", "contact",
        "icp_number", "police_number", "badge_url", "primary_domain", "org_code",
    )  # fmt: skip
    data = {name: getattr(profile, name) for name in fields}
    data.update(site=profile.site_id, parent=profile.parent_id or "")
    data.update(changes)
    return data


@pytest.fixture
def site_admin(demo_cluster, make_staff):
    www = Site.objects.get(hostname="www.localhost")
    return login(Client(), make_staff("wz-admin", Role.SITE_ADMIN, www))


def test_the_site_admin_sees_and_edits_his_own_profile(site_admin):
    own = SiteProfile.objects.get(code="5201000001")
    listing = site_admin.get("/admin/site_profiles/").content.decode()
    assert "贵阳市人民政府" in listing
    assert "安康市人民政府" not in listing
    assert (
        '"url": "/admin/site_profiles/"' in site_admin.get("/admin/").content.decode()
    )

    url = f"/admin/site_profiles/edit/{own.pk}/"
    form = site_admin.get(url)
    assert form.status_code == 200
    assert 'name="code"' in form.content.decode()  # shown …
    response = site_admin.post(
        url,
        edit_data(own, contact="0851-87987654", code="5201000099", level="county"),
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    own.refresh_from_db()
    assert own.contact == "0851-87987654"  # his to change
    assert (own.code, own.level) == ("5201000001", "city")  # … but not changed


def test_the_site_admin_may_not_touch_another_sites_profile(site_admin):
    other = SiteProfile.objects.get(code="6109000001")
    for url in (
        f"/admin/site_profiles/edit/{other.pk}/",
        f"/admin/site_profiles/history/{other.pk}/",
        f"/admin/site_profiles/delete/{other.pk}/",
        "/admin/site_profiles/add/",
    ):
        assert refused(site_admin.get(url)), url
    before = other.contact
    assert refused(
        site_admin.post(
            f"/admin/site_profiles/edit/{other.pk}/", edit_data(other, contact="x")
        )
    )
    other.refresh_from_db()
    assert other.contact == before


def test_an_editor_has_no_profile_screens(demo_cluster, make_staff):
    www = Site.objects.get(hostname="www.localhost")
    client = login(Client(), make_staff("wz-editor", Role.EDITOR, www))
    own = SiteProfile.objects.get(code="5201000001")
    assert refused(client.get("/admin/site_profiles/"))
    assert refused(client.get(f"/admin/site_profiles/edit/{own.pk}/"))
