"""Full publishing: every page, list page, feed, sitemap, robots and asset, as the
public application serves them."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from wagtail.models import Site

from jiyue.content.models import ColumnPage
from jiyue.publishing import services, storage
from jiyue.publishing.manifest import Manifest, sha256

pytestmark = pytest.mark.django_db


def public_get(site: Site, path: str):
    from django.test import override_settings

    with override_settings(ROOT_URLCONF="jiyue.urls_public"):
        return Client().get(path, HTTP_HOST=f"{site.hostname}:{site.port}")


def test_full_publish_writes_every_page_list_page_feed_and_asset(publish_root, www):
    column = ColumnPage.objects.get(url_path="/www/yaowen/")
    column.per_page = 5
    column.save_revision().publish()
    report = services.publish_site(www)
    tree = publish_root / "www.localhost"
    assert tree.is_symlink()
    for path in (
        "index.html",
        "yaowen/index.html",
        "yaowen/page/2/index.html",
        "yaowen/page/3/index.html",
        "yaowen/news-001/index.html",
        "yaowen/feed.xml",
        "tzgg/feed.xml",
        "zcwj/feed.xml",
        "zcwj/guobanfa-2014-57/index.html",
        "sitemap.xml",
        "robots.txt",
    ):
        assert (tree / path).is_file(), path
    assert not (tree / "yaowen/page/4/index.html").exists()
    assert not (tree / "jgzn/feed.xml").exists()  # organisation: no feed
    assets = sorted(a.name for a in (tree / "static/content").iterdir())
    assert len(assets) == 2
    assert re.fullmatch(r"item-tools\.[0-9a-f]{12}\.js", assets[0])
    assert re.fullmatch(r"public\.[0-9a-f]{12}\.css", assets[1])
    assert report.failed == []
    home = (tree / "index.html").read_text()
    assert f'href="/static/content/{assets[1]}"' in home
    assert f'src="/static/content/{assets[0]}"' in home
    feed = (tree / "yaowen/feed.xml").read_text()
    assert feed.startswith('<?xml version="1.0" encoding="utf-8"?>\n<feed')
    assert "http://www.localhost:8000/yaowen/news-001/" in feed


def test_published_page_is_what_the_public_application_serves(publish_root, www):
    dynamic = public_get(www, "/zcwj/guobanfa-2014-57/").content
    services.publish_site(www)
    published = publish_root / "www.localhost/zcwj/guobanfa-2014-57/index.html"
    unhashed = re.sub(
        rb"/static/([\w/-]+)\.[0-9a-f]{12}\.(css|js)",
        rb"/static/\1.\2",
        published.read_bytes(),
    )
    assert unhashed == dynamic


def test_manifest_lists_every_file_with_hash_page_and_revision(publish_root, www):
    services.publish_site(www)
    version = storage.current_version("www.localhost")
    manifest = Manifest.load(version, "www.localhost")
    tree = storage.tree_dir(version)
    assert set(manifest.files) == set(storage.walk_files(tree))
    entry = manifest.files["yaowen/news-001/index.html"]
    page = ColumnPage.objects.get(url_path="/www/yaowen/").get_children().first()
    assert entry["page_id"] == page.pk
    assert entry["revision_id"] == page.live_revision_id
    assert entry["sha256"] == sha256((tree / "yaowen/news-001/index.html").read_bytes())
    # The manifest is outside the served tree.
    assert not (tree / "manifest.json").exists()


def test_a_second_full_rebuild_switches_trees_and_keeps_one_previous(publish_root, www):
    services.publish_site(www)
    first = storage.current_version("www.localhost")
    services.publish_site(www)
    second = storage.current_version("www.localhost")
    services.publish_site(www)
    third = storage.current_version("www.localhost")
    assert len({first, second, third}) == 3
    kept = sorted(p.name for p in storage.versions_dir("www.localhost").iterdir())
    assert kept == sorted([second.name, third.name])


def test_pages_carry_canonical_open_graph_and_a_script_free_share_block(
    publish_root, www
):
    column = ColumnPage.objects.get(url_path="/www/yaowen/")
    column.per_page = 5
    column.save_revision().publish()
    services.publish_site(www)
    tree = publish_root / "www.localhost"
    article = (tree / "yaowen/news-001/index.html").read_text()
    url = "http://www.localhost:8000/yaowen/news-001/"
    assert f'<link rel="canonical" href="{url}">' in article
    assert f'<meta property="og:url" content="{url}">' in article
    assert '<meta property="og:type" content="article">' in article
    assert '<meta property="og:site_name" content="贵阳市人民政府">' in article
    assert "<svg " in article and "微信扫一扫" in article
    assert "https://service.weibo.com/share/share.php?url=http%3A%2F%2Fwww" in article
    # No inline script: only the item tools' file (字号, 打印), from the site itself.
    assert re.findall(r"<script(?![^>]*\bsrc=\"/static/)", article) == []
    page2 = (tree / "yaowen/page/2/index.html").read_text()
    assert (
        '<link rel="canonical" href="http://www.localhost:8000/yaowen/page/2/">'
        in page2
    )
    home = (tree / "index.html").read_text()
    assert '<meta property="og:type" content="website">' in home
    assert "share-heading" not in home


def test_rendering_leaves_the_callers_urlconf_alone(www):
    from django.urls import get_urlconf, reverse

    from jiyue.publishing.render import PublicRenderer

    before = get_urlconf()
    PublicRenderer().render(www, "/yaowen/")
    assert get_urlconf() == before
    assert reverse("wagtailadmin_home") == "/admin/"
