"""A superseded hashed asset (the stylesheet changed) stays while a published page
still refers to it, and goes with the run after which none does."""

from __future__ import annotations

import re

import pytest

from jiyue.cluster.models import SiteProfile
from jiyue.content.models import ArticlePage
from jiyue.publishing import services, storage
from jiyue.publishing.manifest import Manifest
from jiyue.publishing.render import AssetHasher

pytestmark = pytest.mark.django_db
ASSET = re.compile(r"/static/(content/public\.[0-9a-f]{12}\.css)")


def stylesheets(tree) -> set[str]:
    return {p.name for p in (tree / "static/content").glob("public.*.css")}


def referenced(tree) -> set[str]:
    return {
        ASSET.search(p.read_text())[1].rsplit("/", 1)[1]
        for p in tree.rglob("index.html")
    }


def test_superseded_stylesheet_stays_while_referenced_then_goes(
    publish_root, www, monkeypatch, django_capture_on_commit_callbacks
):
    services.publish_site(www)
    tree = publish_root / "www.localhost"
    (old,) = stylesheets(tree)
    original = AssetHasher._load

    def load(self, path):
        found = original(self, path)
        if found is None or path != "content/public.css":
            return found
        return "content/public.0123456789ab.css", found[1] + b"\n/* v2 */\n"

    monkeypatch.setattr(AssetHasher, "_load", load)
    article = ArticlePage.objects.get(url_path="/www/yaowen/news-001/")
    article.title = "样式更新后发布的信息"
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    # Some pages were rewritten with the new name, the others still use the old.
    assert stylesheets(tree) == {old, "public.0123456789ab.css"}
    assert referenced(tree) == {old, "public.0123456789ab.css"}
    # A change of the site's profile rewrites every page: the old one goes.
    with django_capture_on_commit_callbacks(execute=True):
        profile = SiteProfile.objects.get(site=www)
        profile.contact = "电话：0851-12345678"
        profile.save()
    assert stylesheets(tree) == {"public.0123456789ab.css"}
    assert referenced(tree) == {"public.0123456789ab.css"}
    manifest = Manifest.load(storage.current_version("www.localhost"), "www.localhost")
    assert f"static/content/{old}" not in manifest.files
    assert manifest.unreferenced_assets() == set()


def test_a_full_rebuild_leaves_only_the_assets_in_use(publish_root, www, monkeypatch):
    services.publish_site(www)
    services.publish_site(www)  # the next one reuses the previous version's tree
    tree = publish_root / "www.localhost"
    (old,) = stylesheets(tree)
    original = AssetHasher._load
    monkeypatch.setattr(
        AssetHasher,
        "_load",
        lambda self, path: (
            ("content/public.0123456789ab.css", b"body{}")
            if path == "content/public.css"
            else original(self, path)
        ),
    )
    services.publish_site(www)
    assert stylesheets(tree) == {"public.0123456789ab.css"} != {old}
