"""Crawling a site that is not on the platform from the admin (平台外网站): platform
office only, on the monitor's task queue, progress while it runs, then findings."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.models import GroupPagePermission, ModelLogEntry

from jiyue.cluster.permissions import PLATFORM_OFFICE_GROUP
from jiyue.monitor.models import Crawl, StoredFinding
from jiyue.monitor.tests import site

pytestmark = pytest.mark.django_db
FOREIGN = f"http://{site.SITE}/"
LIST = "/admin/monitor/foreign/"


def _user(name: str, group: Group):
    user = get_user_model().objects.create_user(name, f"{name}@example.org", "x" * 12)
    user.groups.add(group)
    return user


def _group(name: str) -> Group:
    group, _ = Group.objects.get_or_create(name=name)
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    return group


@pytest.fixture
def office(db):
    return _user("office_member", _group(PLATFORM_OFFICE_GROUP))


@pytest.fixture
def site_editor(portal):
    """Edits the portal (a site on the platform) but is not the platform office."""
    group = _group("平台外监测测试·门户编辑")
    GroupPagePermission.objects.create(
        group=group,
        page=portal.site.root_page,
        permission=Permission.objects.get(codename="change_page"),
    )
    return _user("portal_editor", group)


@pytest.fixture
def foreign_server(server, settings, tmp_path):
    settings.JIYUE_MONITOR_HOST_MAP = {"*": server.address}
    settings.JIYUE_MONITOR_LOOPBACK_ONLY = True
    settings.JIYUE_MONITOR_CHECK_EXTERNAL = False
    settings.JIYUE_MONITOR_AXE = False
    settings.VAR_DIR = tmp_path
    return server


def test_the_routes_are_the_ones_the_permission_matrix_walks():
    assert reverse("monitor_admin:foreign") == LIST
    assert reverse("monitor_admin:foreign_crawl", args=[7]) == f"{LIST}7/"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("", "请输入要监测的网址。"),
        ("www.example.gov.cn", "网址须以 http:// 或 https:// 开头"),
        ("ftp://www.example.gov.cn/", "网址须以 http:// 或 https:// 开头"),
        ("http://www.exa mple.gov.cn/", "无法识别的网址"),
        ("http://", "无法识别的网址"),
        ("http://intranet/", "网址中的域名不完整：intranet"),
        ("http://www.example.gov.cn/" + "a" * 1100, "网址过长（最多 1024 个字符）。"),
        ("http://www.localhost:8000/", "该网址是平台上的站点「贵阳市人民政府」"),
    ],
)
def test_a_bad_url_is_refused_with_a_chinese_message(
    client, office, demo_cluster, url, message
):
    client.force_login(office)
    response = client.post(LIST, {"url": url})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["form"]["url"].value() == url  # nothing the user typed lost
    assert not Crawl.objects.exists()


def test_the_office_crawls_a_foreign_site_and_sees_its_findings(
    client, office, foreign_server, django_capture_on_commit_callbacks
):
    client.force_login(office)
    assert "开始监测" in client.get(LIST).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(LIST, {"url": FOREIGN})
    crawl = Crawl.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "monitor_admin:foreign_crawl", args=[crawl.pk]
    )
    assert (crawl.profile, crawl.start_url, crawl.status) == (None, FOREIGN, "done")
    assert crawl.started_by == office
    assert ModelLogEntry.objects.filter(action="jiyue.monitor.crawl_start").exists()

    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    hidden = crawl.findings.filter(type="hidden_link", severity="veto")
    assert hidden.count() >= 15
    assert f"http://{site.ILLEGAL}/1" in html and "暗链" in html
    assert "在后台修改此页" not in html  # a foreign site has no admin page
    only_broken = client.get(response["Location"] + "?type=broken_link").context
    assert {f.type for f, _edit in only_broken["findings"]} == {"broken_link"}
    listing = client.get(LIST).content.decode()
    assert FOREIGN in listing and "已完成" in listing


def test_a_foreign_finding_can_be_accepted_and_returns_to_its_crawl(client, office):
    crawl = Crawl.objects.create(start_url=FOREIGN, status=Crawl.Status.DONE)
    finding = StoredFinding.objects.create(
        crawl=crawl, type="broken_link", severity="error", url=FOREIGN,
        target=f"{FOREIGN}x", evidence="HTTP 404", message="链接无法访问（HTTP 404）",
        fingerprint="f" * 40,
    )  # fmt: skip
    client.force_login(office)
    response = client.post(
        reverse("monitor_admin:finding_accept", args=[finding.pk]),
        {"reason": "对方网站已知问题"},
    )
    assert response["Location"] == reverse(
        "monitor_admin:foreign_crawl", args=[crawl.pk]
    )
    finding.refresh_from_db()
    assert finding.status == StoredFinding.Status.ACCEPTED


def test_a_running_foreign_crawl_shows_progress_and_partial_findings(client, office):
    crawl = Crawl.objects.create(
        start_url=FOREIGN,
        status=Crawl.Status.RUNNING,
        urls_done=10,
        urls_known=40,
        pages=6,
        partial={
            "by_type": {"hidden_link": 2},
            "findings": [
                {"type": "hidden_link", "severity": "veto", "url": f"{FOREIGN}spam.html",
                 "target": "http://www.000wyt.com/1", "message": "暗链"},
            ],
        },
    )  # fmt: skip
    client.force_login(office)
    html = client.get(reverse("monitor_admin:foreign_crawl", args=[crawl.pk])).content
    html = html.decode()
    assert "监测进行中" in html and "10 / 40" in html and "25%" in html
    assert "hidden_link 2" in html and f"{FOREIGN}spam.html" in html
    assert 'http-equiv="refresh"' in html
    # Starting the same URL again while it runs does not start a second crawl.
    response = client.post(LIST, {"url": FOREIGN})
    assert response["Location"] == reverse(
        "monitor_admin:foreign_crawl", args=[crawl.pk]
    )
    assert Crawl.objects.count() == 1


def test_only_the_platform_office_may_crawl_foreign_sites(client, site_editor):
    crawl = Crawl.objects.create(start_url=FOREIGN, status=Crawl.Status.DONE)
    finding = StoredFinding.objects.create(
        crawl=crawl, type="broken_link", severity="error", url=FOREIGN,
        evidence="HTTP 404", message="x", fingerprint="f" * 40,
    )  # fmt: skip
    client.force_login(site_editor)
    detail = reverse("monitor_admin:foreign_crawl", args=[crawl.pk])
    assert client.get(LIST).status_code == 403
    assert client.post(LIST, {"url": "http://www.example.gov.cn/"}).status_code == 403
    assert client.get(detail).status_code == 403
    fixed = reverse("monitor_admin:finding_fixed", args=[finding.pk])
    assert client.post(fixed).status_code == 404
    assert Crawl.objects.count() == 1
    cluster = client.get(reverse("monitor_admin:cluster")).content.decode()
    assert LIST not in cluster


def test_a_platform_crawl_is_not_shown_as_foreign(client, office, portal):
    crawl = Crawl.objects.create(profile=portal, start_url="http://www.localhost:8000/")
    client.force_login(office)
    response = client.get(reverse("monitor_admin:foreign_crawl", args=[crawl.pk]))
    assert response.status_code == 404
    assert LIST in client.get(reverse("monitor_admin:cluster")).content.decode()
