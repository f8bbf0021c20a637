"""Incremental publishing rewrites exactly the files that change, and ends in
the same tree as a full rebuild (hypothesis)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from django.db import transaction
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.models import Page, Site

from jiyue.content.models import (
    ArticlePage,
    ColumnPage,
    InterpretationPage,
    PolicyDocumentPage,
)
from jiyue.publishing import services, storage

from .conftest import read_tree

pytestmark = pytest.mark.django_db


def stats(tree: Path) -> dict[str, int]:
    return {
        str(p.relative_to(tree)): p.stat().st_ino
        for p in tree.rglob("*")
        if p.is_file()
    }


def column(slug: str) -> ColumnPage:
    return ColumnPage.objects.get(url_path=f"/www/{slug}/")


def new_article(parent: ColumnPage, title: str, slug: str) -> ArticlePage:
    article = ArticlePage(title=title, slug=slug, body="<p>正文。</p>")
    parent.add_child(instance=article)
    article.save_revision().publish()
    return article


def test_publishing_an_article_rewrites_its_page_lists_home_and_feed(
    publish_root, www, django_capture_on_commit_callbacks
):
    yaowen = column("yaowen")
    yaowen.per_page = 5
    yaowen.save_revision().publish()
    services.publish_site(www)
    tree = publish_root / "www.localhost"
    before = stats(tree)
    with django_capture_on_commit_callbacks(execute=True):
        new_article(yaowen, "市政府召开新闻发布会", "news-new")
    after = stats(tree)
    changed = {path for path in after if before.get(path) != after[path]}
    # Every list page shifts by one item (how many there are is the demo's).
    list_pages = {
        f"yaowen/page/{n}/index.html"
        for n in range(2, column("yaowen").paginator().num_pages + 1)
    }
    assert len(list_pages) >= 2
    assert changed == {
        "yaowen/news-new/index.html",
        "yaowen/index.html",
        *list_pages,
        "yaowen/feed.xml",
        "index.html",
        "sitemap.xml",
    }
    assert "市政府召开新闻发布会" in (tree / "yaowen/feed.xml").read_text()
    assert "市政府召开新闻发布会" in (tree / "index.html").read_text()


def test_retitling_an_item_renders_only_the_list_page_showing_it(
    publish_root, www, django_capture_on_commit_callbacks, monkeypatch
):
    yaowen = column("yaowen")
    yaowen.per_page = 2
    yaowen.save_revision().publish()
    services.publish_site(www)
    tree = publish_root / "www.localhost"
    items = [p.specific for p in yaowen.paginator().object_list]
    assert len(items) >= 5
    article = items[2]  # the first item of list page 2
    rendered: list[str] = []
    real = services.publish_target
    monkeypatch.setattr(
        services,
        "publish_target",
        lambda run, target: rendered.append(target.url) or real(run, target),
    )
    with django_capture_on_commit_callbacks(execute=True):
        article.title = "标题已更正的信息"
        article.save_revision().publish()
    listed = [url for url in rendered if url.startswith("/yaowen/") and (
        url == "/yaowen/" or url.startswith("/yaowen/page/"))]  # fmt: skip
    assert listed == ["/yaowen/page/2/"]
    assert "标题已更正的信息" in (tree / "yaowen/page/2/index.html").read_text()
    assert "标题已更正的信息" not in (tree / "yaowen/index.html").read_text()


def test_unpublishing_deletes_the_page_file(
    publish_root, www, django_capture_on_commit_callbacks
):
    services.publish_site(www)
    tree = publish_root / "www.localhost"
    article = ArticlePage.objects.get(url_path="/www/yaowen/news-003/")
    assert (tree / "yaowen/news-003/index.html").exists()
    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()
    assert not (tree / "yaowen/news-003/index.html").exists()
    assert not (tree / "yaowen/news-003").exists()
    assert "news-003" not in (tree / "yaowen/index.html").read_text()


def test_interpretation_change_refreshes_both_policy_documents(
    publish_root, www, django_capture_on_commit_callbacks
):
    services.publish_site(www)
    tree = publish_root / "www.localhost"
    interpretation = InterpretationPage.objects.get(
        url_path="/www/zcjd/jd-guobanfa-2014-57/"
    )
    old_doc = PolicyDocumentPage.objects.get(url_path="/www/zcwj/guobanfa-2014-57/")
    new_doc = PolicyDocumentPage.objects.get(url_path="/www/zcwj/guiyang-2018-2/")
    assert (
        interpretation.title in (tree / "zcwj/guobanfa-2014-57/index.html").read_text()
    )
    with django_capture_on_commit_callbacks(execute=True):
        interpretation.interprets.set([new_doc])
        interpretation.save_revision().publish()
    assert (
        interpretation.title
        not in (tree / "zcwj/guobanfa-2014-57/index.html").read_text()
    )
    assert interpretation.title in (tree / "zcwj/guiyang-2018-2/index.html").read_text()
    assert old_doc.pk != new_doc.pk


# --- incremental == full rebuild, after random edits ---------------------------

EDITS = st.lists(
    st.tuples(
        st.sampled_from(
            [
                "add",
                "retitle",
                "unpublish",
                "move",
                "reslug",
                "delete",
                "reinterpret",
                "rename_column",
            ]
        ),
        st.integers(min_value=0, max_value=50),
    ),
    min_size=1,
    max_size=3,
)


def live_articles() -> list[ArticlePage]:
    return list(
        ArticlePage.objects.live().filter(url_path__startswith="/www/").order_by("pk")
    )


def apply_edit(kind: str, n: int) -> None:
    articles = live_articles()
    article = articles[n % len(articles)]
    columns = [column("yaowen"), column("tzgg")]
    if kind == "add":
        new_article(columns[n % 2], f"新增信息{n}", f"added-{n}-{Page.objects.count()}")
    elif kind == "retitle":
        article.title = f"{article.title}（更新{n}）"
        article.save_revision().publish()
    elif kind == "unpublish":
        article.unpublish()
    elif kind == "move":
        target = columns[(n + 1) % 2]
        if article.get_parent().pk != target.pk:
            article.move(target, pos="last-child")
    elif kind == "reslug":
        article.slug = f"{article.slug}-r{n}"
        article.save_revision().publish()
    elif kind == "delete":
        article.delete()
    elif kind == "reinterpret":
        interpretation = InterpretationPage.objects.get(
            url_path="/www/zcjd/jd-guobanfa-2014-57/"
        )
        docs = list(PolicyDocumentPage.objects.live().order_by("pk"))
        interpretation.interprets.set([docs[n % len(docs)]])
        interpretation.save_revision().publish()
    elif kind == "rename_column":
        target = columns[n % 2]
        target.title = f"{target.title}{n % 10}"
        target.save_revision().publish()


@settings(
    max_examples=4,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(edits=EDITS)
def test_incremental_result_equals_a_full_rebuild(
    demo_cluster, django_capture_on_commit_callbacks, edits
):
    www = Site.objects.get(hostname="www.localhost")
    with tempfile.TemporaryDirectory() as tmp, transaction.atomic():
        root = Path(tmp)
        with override_settings(JIYUE_PUBLISH_ROOT=root / "incremental"):
            for slug in ("yaowen", "tzgg"):
                col = column(slug)
                col.per_page = 4
                col.save_revision().publish()
            services.publish_site(www)
            for kind, n in edits:
                with django_capture_on_commit_callbacks(execute=True):
                    apply_edit(kind, n)
            incremental = read_tree(root / "incremental" / "www.localhost")
        with override_settings(JIYUE_PUBLISH_ROOT=root / "full"):
            services.publish_site(www)
            full = read_tree(root / "full" / "www.localhost")
        transaction.set_rollback(True)
    assert sorted(incremental) == sorted(full)
    different = [path for path in full if incremental[path] != full[path]]
    assert different == []
    assert storage.file_path_for_url("/") == "index.html"
