"""The monitor in the Wagtail admin: per site and per cluster, with tenant isolation.

A real crawl of a loopback site stands in for the demo portal, so the views render
real findings, and each finding on a platform page links to that page's editor."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.models import GroupPagePermission, ModelLogEntry, Page

from jiyue.cluster.models import SiteProfile
from jiyue.cluster.permissions import PLATFORM_OFFICE_GROUP
from jiyue.monitor import services
from jiyue.monitor.models import Crawl, StoredFinding
from jiyue.monitor.tests import platform_site

pytestmark = pytest.mark.django_db
ROOT = platform_site.ROOT


def _user(name: str, *groups: Group):
    user = get_user_model().objects.create_user(name, f"{name}@example.org", "x" * 12)
    user.groups.add(*groups)
    return user


def _admin_group(name: str) -> Group:
    group = Group.objects.create(name=name)
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    return group


@pytest.fixture
def other(portal) -> SiteProfile:
    return SiteProfile.objects.exclude(pk=portal.pk).order_by("code").first()


@pytest.fixture
def editor_of_other(other):
    """Holds a page permission on another site's root page only."""
    group = _admin_group("监测测试·其他站点")
    GroupPagePermission.objects.create(
        group=group,
        page=other.site.root_page,
        permission=Permission.objects.get(codename="change_page"),
    )
    return _user("other_editor", group)


@pytest.fixture
def editor_of_portal(portal):
    group = _admin_group("监测测试·门户")
    GroupPagePermission.objects.create(
        group=group,
        page=portal.site.root_page,
        permission=Permission.objects.get(codename="change_page"),
    )
    return _user("portal_editor", group)


@pytest.fixture
def office(db):
    group, _ = Group.objects.get_or_create(name=PLATFORM_OFFICE_GROUP)
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    return _user("office_member", group)


@pytest.fixture
def crawled(platform_server, portal):
    crawl = Crawl.objects.create(profile=portal, start_url=ROOT)
    return services.crawl_run(crawl_id=crawl.pk)


def _get(client, user, url):
    client.force_login(user)
    return client.get(url)


def _site_url(profile):
    return reverse("monitor_admin:site", args=[profile.code])


def test_site_view_shows_findings_verdict_and_edit_links(
    client, editor_of_portal, crawled, portal
):
    response = _get(client, editor_of_portal, _site_url(portal))
    assert response.status_code == 200
    html = response.content.decode()
    assert f"{ROOT}gone.html" in html and "链接无法访问" in html
    assert "今天会不会被单项否决" in html and "站点无法访问" in html
    yaowen = Page.objects.get(url_path=portal.site.root_page.url_path + "yaowen/")
    assert reverse("wagtailadmin_pages:edit", args=[yaowen.pk]) in html
    home_edit = reverse("wagtailadmin_pages:edit", args=[portal.site.root_page.pk])
    assert home_edit in html


def test_findings_can_be_filtered_by_type_and_severity(client, office, crawled, portal):
    url = _site_url(portal)
    response = _get(client, office, url + "?type=stale_site")
    assert f"{ROOT}gone.html" not in response.content.decode()
    response = client.get(url + "?type=broken_link&severity=error")
    findings = response.context["findings"]
    assert len(findings) == 2
    assert {f.type for f, _link in findings} == {"broken_link"}


def test_trend_lists_every_crawl(client, office, platform_server, portal, crawled):
    platform_server.served.routes[platform_site.HOST]["/gone.html"] = (
        platform_site.routes()["/yaowen/a1.html"]
    )
    services.crawl_run(crawl_id=Crawl.objects.create(profile=portal, start_url=ROOT).pk)
    trend = _get(client, office, _site_url(portal)).context["trend"]
    assert len(trend) == 2
    assert trend[0]["findings"] == trend[1]["findings"] - 1


def test_cluster_table_lists_every_site_for_the_office_sorted(client, office, crawled):
    response = _get(client, office, reverse("monitor_admin:cluster") + "?sort=findings")
    assert response.status_code == 200
    rows = response.context["rows"]
    assert len(rows) == SiteProfile.objects.count()
    assert rows[0]["profile"] == crawled.profile
    assert "单项否决" in response.content.decode()


def test_cluster_table_shows_only_the_users_sites(client, editor_of_portal, portal):
    rows = _get(client, editor_of_portal, reverse("monitor_admin:cluster")).context[
        "rows"
    ]
    assert [r["profile"] for r in rows] == [portal]


def test_a_user_of_site_b_is_refused_everything_of_site_a(
    client, editor_of_other, crawled, portal
):
    finding = crawled.findings.first()
    client.force_login(editor_of_other)
    assert client.get(_site_url(portal)).status_code == 404
    assert (
        client.post(
            reverse("monitor_admin:crawl_start", args=[portal.code])
        ).status_code
        == 404
    )
    assert (
        client.post(
            reverse("monitor_admin:finding_fixed", args=[finding.pk])
        ).status_code
        == 404
    )
    accept = reverse("monitor_admin:finding_accept", args=[finding.pk])
    assert client.get(accept).status_code == 404
    assert client.post(accept, {"reason": "x"}).status_code == 404
    finding.refresh_from_db()
    assert finding.status == StoredFinding.Status.OPEN
    assert Crawl.objects.filter(profile=portal).count() == 1


def test_a_user_without_any_site_gets_403(client):
    user = _user("nobody", _admin_group("监测测试·无站点"))
    response = _get(client, user, reverse("monitor_admin:cluster"))
    assert response.status_code == 403


def test_starting_a_crawl_from_the_admin_runs_it_as_a_task(
    client,
    editor_of_portal,
    platform_server,
    portal,
    django_capture_on_commit_callbacks,
):
    client.force_login(editor_of_portal)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("monitor_admin:crawl_start", args=[portal.code]))
    assert response.status_code == 302
    crawl = Crawl.objects.get(profile=portal)
    assert crawl.status == Crawl.Status.DONE
    assert crawl.started_by == editor_of_portal
    assert ModelLogEntry.objects.filter(
        action="jiyue.monitor.crawl_start", user=editor_of_portal
    ).exists()


def test_a_running_crawl_shows_its_progress_and_partial_findings(
    client, office, portal
):
    Crawl.objects.create(
        profile=portal,
        start_url=ROOT,
        status=Crawl.Status.RUNNING,
        urls_done=30,
        urls_known=120,
        pages=12,
        partial={
            "by_type": {"broken_link": 3},
            "findings": [
                {
                    "type": "broken_link",
                    "severity": "error",
                    "url": f"{ROOT}a/",
                    "target": f"{ROOT}b",
                    "message": "链接无法访问（HTTP 404）",
                }
            ],
        },
    )
    html = _get(client, office, _site_url(portal)).content.decode()
    assert "监测进行中" in html and "30 / 120" in html and "25%" in html
    assert "broken_link 3" in html and f"{ROOT}a/" in html
    assert 'http-equiv="refresh"' in html


def test_mark_fixed_and_accept_with_reason_from_the_admin(
    client, editor_of_portal, crawled
):
    first, second = crawled.findings.filter(type="broken_link")
    client.force_login(editor_of_portal)
    response = client.post(reverse("monitor_admin:finding_fixed", args=[first.pk]))
    assert response.status_code == 302
    first.refresh_from_db()
    assert (
        first.status == StoredFinding.Status.FIXED
        and first.status_by == editor_of_portal
    )
    accept = reverse("monitor_admin:finding_accept", args=[second.pk])
    assert client.get(accept).status_code == 200
    response = client.post(accept, {"reason": ""})
    assert response.status_code == 200 and response.context["form"].errors["reason"]
    response = client.post(accept, {"reason": "对方网站已关闭，链接保留作历史记录"})
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.status == StoredFinding.Status.ACCEPTED
    entry = ModelLogEntry.objects.get(action="jiyue.monitor.finding_accept")
    assert entry.user == editor_of_portal


def test_fixing_needs_post(client, office, crawled):
    finding = crawled.findings.first()
    response = _get(
        client, office, reverse("monitor_admin:finding_fixed", args=[finding.pk])
    )
    assert response.status_code == 405


def test_the_menu_offers_monitor_only_to_users_with_a_site(client, editor_of_portal):
    monitor_url = reverse("monitor_admin:cluster")
    assert (
        monitor_url
        in _get(client, editor_of_portal, reverse("wagtailadmin_home")).content.decode()
    )
    nobody = _user("no_site", _admin_group("监测测试·无站点2"))
    assert (
        monitor_url
        not in _get(client, nobody, reverse("wagtailadmin_home")).content.decode()
    )


def test_the_cluster_table_judges_every_site_and_shows_a_page_of_them(
    client, office, crawled, monkeypatch
):
    """ADR 1904: a province's thousand rows a hundred at a time, the counts over all."""
    from jiyue.monitor.admin import views

    monkeypatch.setattr(views, "CLUSTER_PER_PAGE", 2)
    url = reverse("monitor_admin:cluster") + "?sort=code"
    first = _get(client, office, url)
    codes = list(SiteProfile.objects.order_by("code").values_list("code", flat=True))
    assert len(codes) > 2
    assert [r["profile"].code for r in first.context["rows"]] == codes[:2]
    counts = first.context["counts"]
    assert counts["total"] == len(codes)
    assert counts["failed"] + counts["unjudged"] + counts["passed"] == len(codes)
    html = first.content.decode()
    assert f"共 {len(codes)} 个站点" in html
    assert "?sort=code&amp;p=2" in html and "下一页" in html
    second = _get(client, office, url + "&p=2")
    assert [r["profile"].code for r in second.context["rows"]] == codes[2:4]
