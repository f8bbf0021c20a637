"""站点角色 in the admin: a 网站管理员 grants and revokes the working roles of his
own site (信箱管理员 among them, which replaced the 「信箱管理员」 screen of
interaction), never another site's, never 网站管理员 itself; the security
administrator does it on every site (ADR 0107, 0108)."""

from __future__ import annotations

import pytest
from django.test import Client
from wagtail.models import ModelLogEntry

from jiyue.cluster.models import SiteRole
from jiyue.cluster.roles import Role
from jiyue.cluster.tenancy import Capability, can
from tests.staff import login

pytestmark = [pytest.mark.django_db, pytest.mark.second_factor]


def refused(response) -> bool:
    return response.status_code in (403, 404) or (
        response.status_code == 302 and response["Location"] == "/admin/"
    )


@pytest.fixture
def site_admin(people):
    return login(Client(), people["admin"])


def test_the_site_admin_grants_a_mailbox_operator_on_his_site(
    site_admin, people, www, make_staff
):
    newcomer = make_staff("newcomer")
    url = f"/admin/editorial/roles/{www.pk}/"
    page = site_admin.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "信箱管理员" in html and "siteadmin" in html
    assert 'value="site_admin"' not in html  # the security administrator's

    done = site_admin.post(
        url, {"username": "newcomer", "role": "mailbox_operator", "column": ""}
    )
    assert done.status_code == 302, done.content.decode()[-1500:]
    assert can(newcomer, Capability.INTERACT, www)
    assert ModelLogEntry.objects.filter(
        action="jiyue.cluster.role_grant",
        object_id=str(newcomer.pk),
        user=people["admin"],
    ).exists()

    held = SiteRole.objects.get(role=Role.MAILBOX_OPERATOR, site=www)
    site_admin.post(f"{url}revoke/", {"site_role": held.pk, "user": newcomer.pk})
    assert not can(newcomer, Capability.INTERACT, www)
    assert ModelLogEntry.objects.filter(
        action="jiyue.cluster.role_revoke", object_id=str(newcomer.pk)
    ).exists()


def test_an_information_officer_needs_a_column(site_admin, www, yaowen, make_staff):
    make_staff("writer")
    url = f"/admin/editorial/roles/{www.pk}/"
    refused_form = site_admin.post(url, {"username": "writer", "role": "info_officer"})
    assert refused_form.status_code == 200
    assert "信息员须指定栏目" in refused_form.content.decode()
    site_admin.post(
        url, {"username": "writer", "role": "info_officer", "column": yaowen.pk}
    )
    assert SiteRole.objects.filter(
        role=Role.INFO_OFFICER, site=www, column=yaowen, group__user__username="writer"
    ).exists()


def test_an_unknown_person_is_said_so(site_admin, www):
    response = site_admin.post(
        f"/admin/editorial/roles/{www.pk}/", {"username": "nobody", "role": "editor"}
    )
    assert "没有该用户" in response.content.decode()


def test_another_site_and_other_roles_are_refused(site_admin, people, ankang):
    victim = people["other_editor"]
    assert refused(site_admin.get(f"/admin/editorial/roles/{ankang.pk}/"))
    held = SiteRole.objects.get(role=Role.EDITOR, site=ankang)
    assert refused(
        site_admin.post(
            f"/admin/editorial/roles/{ankang.pk}/revoke/",
            {"site_role": held.pk, "user": victim.pk},
        )
    )
    assert victim.groups.filter(pk=held.group_id).exists()
    editor = login(Client(), people["editor"])
    assert refused(editor.get("/admin/editorial/roles/"))


def test_the_security_admin_chooses_among_every_site(demo_cluster, make_staff):
    security = login(Client(), make_staff("sec", Role.SECURITY_ADMIN))
    index = security.get("/admin/editorial/roles/")
    assert index.status_code == 200
    html = index.content.decode()
    assert "贵阳市人民政府" in html and "安康市人民政府" in html
    office = login(Client(), make_staff("office", Role.PLATFORM_OFFICE))
    assert refused(office.get("/admin/editorial/roles/"))  # 三员分立
