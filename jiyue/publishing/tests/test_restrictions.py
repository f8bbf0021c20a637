"""A page given a view restriction leaves the published tree (nginx must never
serve it), with its subtree; lifting the restriction publishes it again."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from django.test import override_settings
from wagtail.models import PageViewRestriction

from jiyue.content.models import ArticlePage, ColumnPage
from jiyue.publishing import services

from .conftest import read_tree

pytestmark = pytest.mark.django_db


def full_rebuild_tree(site) -> dict[str, bytes]:
    with (
        tempfile.TemporaryDirectory() as other,
        override_settings(JIYUE_PUBLISH_ROOT=Path(other)),
    ):
        services.publish_site(site)
        return read_tree(Path(other) / site.hostname)


def test_restricting_a_page_removes_it_and_lifting_it_republishes(
    publish_root, www, django_capture_on_commit_callbacks
):
    services.publish_site(www)
    tree = publish_root / "www.localhost"
    article = ArticlePage.objects.get(url_path="/www/yaowen/news-002/")
    page_file = tree / "yaowen/news-002/index.html"
    published = page_file.read_bytes()
    with django_capture_on_commit_callbacks(execute=True):
        restriction = PageViewRestriction.objects.create(
            page=article, restriction_type=PageViewRestriction.LOGIN
        )
    assert not page_file.exists()
    assert not (tree / "yaowen/news-002").exists()
    assert "news-002" not in (tree / "yaowen/index.html").read_text()
    assert "news-002" not in (tree / "sitemap.xml").read_text()
    assert "news-002" not in (tree / "yaowen/feed.xml").read_text()
    assert read_tree(tree) == full_rebuild_tree(www)
    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    assert page_file.read_bytes() == published
    assert "news-002" in (tree / "yaowen/index.html").read_text()
    assert read_tree(tree) == full_rebuild_tree(www)


def test_restricting_a_column_removes_its_whole_subtree_at_once(
    publish_root, www, django_capture_on_commit_callbacks
):
    services.publish_site(www)
    tree = publish_root / "www.localhost"
    column = ColumnPage.objects.get(url_path="/www/yaowen/")
    assert (tree / "yaowen/news-001/index.html").exists()
    # On commit, before the incremental task: nothing of the column is left.
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        PageViewRestriction.objects.create(
            page=column,
            restriction_type=PageViewRestriction.PASSWORD,
            password="内部",
        )
    callbacks[0]()
    assert not (tree / "yaowen").exists()
    for callback in callbacks[1:]:
        callback()
    assert "/yaowen/news-001/" not in (tree / "index.html").read_text()
    assert read_tree(tree) == full_rebuild_tree(www)
