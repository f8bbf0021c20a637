"""axe-core in headless Chromium on a sample of each crawled site's pages."""

from __future__ import annotations

import pytest

from jiyue.monitor import services
from jiyue.monitor.accessibility import browser_available
from jiyue.monitor.accessibility.sample import _pick, page_type
from jiyue.monitor.models import Crawl
from jiyue.monitor.tests import platform_site
from jiyue.monitor.tests.site import html

ROOT = platform_site.ROOT


def test_page_types_from_column_kind_and_url_pattern():
    kinds = {f"{ROOT}yaowen/": "news"}
    assert page_type(ROOT, ROOT, kinds) == "home"
    assert page_type(f"{ROOT}yaowen/", ROOT, kinds) == "column:news"
    assert page_type(f"{ROOT}tzgg/", ROOT, kinds) == "list"
    assert page_type(f"{ROOT}tzgg/index.html", ROOT, kinds) == "list"
    assert page_type(f"{ROOT}tzgg/2026/a1.html", ROOT, kinds) == "article"
    assert page_type(f"{ROOT}search?q=1", ROOT, kinds) == "other"


def test_the_sample_holds_each_page_type():
    urls = [
        ROOT,
        *(f"{ROOT}a{i}.html" for i in range(9)),
        f"{ROOT}yaowen/",
        f"{ROOT}x/",
    ]
    picked = _pick(urls, ROOT, {f"{ROOT}yaowen/": "news"}, per_type=2)
    assert picked == [
        ROOT,
        f"{ROOT}a0.html",
        f"{ROOT}a1.html",
        f"{ROOT}yaowen/",
        f"{ROOT}x/",
    ]


@pytest.mark.browser
@pytest.mark.django_db
@pytest.mark.skipif(not browser_available(), reason="chromium or axe-core missing")
def test_a_crawl_runs_axe_on_sampled_pages(platform_server, portal, settings):
    settings.JIYUE_MONITOR_AXE = True
    routes = platform_server.served.routes[platform_site.HOST]
    routes["/yaowen/a1.html"] = html('<p>要闻</p><button type="button"></button>')
    crawl = Crawl.objects.create(profile=portal, start_url=ROOT)
    crawl = services.crawl_run(crawl_id=crawl.pk)
    found = crawl.findings.filter(type="accessibility", message__contains="axe-core")
    assert crawl.summary["accessibility_pages"] == 3
    button = found.get(url=f"{ROOT}yaowen/a1.html", message__contains="button-name")
    assert button.severity == "error"
    assert "<button" in button.evidence
    assert crawl.summary["by_type"]["accessibility"] >= 1


@pytest.mark.browser
@pytest.mark.django_db
@pytest.mark.skipif(not browser_available(), reason="chromium or axe-core missing")
def test_axe_on_a_platform_site_with_the_production_rule(
    platform_server, portal, settings
):
    """No host map, the SSRF rule on: the platform's own host names are read from the
    database before the browser starts — inside Playwright's event loop Django refuses
    the database, which used to skip axe and then fail the crawl's storing."""
    settings.JIYUE_MONITOR_AXE = True
    settings.JIYUE_MONITOR_HOST_MAP = {}
    settings.JIYUE_MONITOR_LOOPBACK_ONLY = False
    settings.JIYUE_MONITOR_ALLOW_PRIVATE_TARGETS = False
    root = f"http://{platform_site.HOST}:{platform_server.port}/"
    routes = platform_server.served.routes[platform_site.HOST]
    routes["/yaowen/a1.html"] = html('<p>要闻</p><button type="button"></button>')
    crawl = Crawl.objects.create(profile=portal, start_url=root)
    crawl = services.crawl_run(crawl_id=crawl.pk)
    assert crawl.status == Crawl.Status.DONE
    issues = {i["kind"] for i in crawl.summary["crawl_issue_list"]}
    assert "accessibility_skipped" not in issues
    assert crawl.summary["accessibility_pages"] == 3
    assert crawl.findings.filter(
        type="accessibility",
        url=f"{root}yaowen/a1.html",
        message__contains="button-name",
    ).exists()
