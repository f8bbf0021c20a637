"""A page that fails to render keeps its last good version; a write failure
leaves no partial file and says what is wrong, in Chinese."""

from __future__ import annotations

import errno
import os

import pytest
from django.test import Client

from jiyue.content.models import ArticlePage
from jiyue.publishing import services, storage
from jiyue.publishing.models import PublishState

from .conftest import read_tree

pytestmark = pytest.mark.django_db


def test_template_error_keeps_the_last_good_version_and_goes_on(
    publish_root, www, monkeypatch
):
    services.publish_site(www)
    tree = publish_root / "www.localhost"
    good = (tree / "yaowen/news-002/index.html").read_bytes()
    broken = ArticlePage.objects.get(url_path="/www/yaowen/news-002/")
    original = ArticlePage.get_context

    def failing_context(self, request, *args, **kwargs):
        if self.pk == broken.pk:
            raise ValueError("模板错误")
        return original(self, request, *args, **kwargs)

    monkeypatch.setattr(ArticlePage, "get_context", failing_context)
    other = ArticlePage.objects.get(url_path="/www/yaowen/news-003/")
    other.title = "另一条已更新的信息"
    other.save_revision().publish()
    report = services.publish_site(www)
    assert [f["url"] for f in report.failed] == ["/yaowen/news-002/"]
    assert "模板错误" in report.failed[0]["error"]
    assert (tree / "yaowen/news-002/index.html").read_bytes() == good
    assert "另一条已更新的信息" in (tree / "yaowen/news-003/index.html").read_text()
    state = PublishState.objects.get(site=www)
    assert "1 个页面发布失败" in state.last_error
    assert state.failed_pages[0]["url"] == "/yaowen/news-002/"


def test_disk_full_leaves_no_partial_file_and_a_clear_error(
    publish_root, www, monkeypatch
):
    services.publish_site(www)
    before = storage.current_version("www.localhost")
    real_write = os.write
    calls = {"n": 0}

    def write(fd, data):
        calls["n"] += 1
        if calls["n"] > 5:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", write)
    with pytest.raises(storage.PublishWriteError) as raised:
        services.publish_site(www)
    monkeypatch.undo()
    assert "静态发布写入失败" in str(raised.value.strerror)
    assert "磁盘是否已满" in raised.value.strerror
    # The served tree is the old one, untouched; the half-built one is gone.
    assert storage.current_version("www.localhost") == before
    versions = list(storage.versions_dir("www.localhost").iterdir())
    assert versions == [before]
    leftovers = list(publish_root.rglob(".tmp-*"))
    assert leftovers == []
    state = PublishState.objects.get(site=www)
    assert "磁盘是否已满" in state.last_error
    assert not state.running


def test_unwritable_output_directory_is_reported(publish_root, www, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(storage.tempfile, "mkdtemp", refuse)
    with pytest.raises(storage.PublishWriteError) as raised:
        services.publish_site(www)
    assert "请检查发布目录是否可写" in raised.value.strerror


def test_incremental_template_error_keeps_the_page_and_updates_the_rest(
    publish_root, www, monkeypatch, django_capture_on_commit_callbacks
):
    services.publish_site(www)
    tree = publish_root / "www.localhost"
    article = ArticlePage.objects.get(url_path="/www/yaowen/news-002/")
    good = (tree / "yaowen/news-002/index.html").read_bytes()
    original = ArticlePage.get_context

    def failing_context(self, request, *args, **kwargs):
        if self.pk == article.pk:
            raise ValueError("模板错误")
        return original(self, request, *args, **kwargs)

    monkeypatch.setattr(ArticlePage, "get_context", failing_context)
    article.title = "改过标题但模板出错"
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    assert (tree / "yaowen/news-002/index.html").read_bytes() == good
    assert "改过标题但模板出错" in (tree / "yaowen/index.html").read_text()
    state = PublishState.objects.get(site=www)
    assert state.failed_pages == [
        {"url": "/yaowen/news-002/", "error": "ValueError: 模板错误"}
    ]


def test_incremental_disk_full_is_shown_in_the_admin_and_the_log(
    publish_root, www, admin_user, monkeypatch, caplog,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    services.publish_site(www)
    tree = publish_root / "www.localhost"
    before = read_tree(tree)
    article = ArticlePage.objects.get(url_path="/www/yaowen/news-003/")
    article.title = "磁盘满时发布的信息"
    real_write = os.write

    def write(fd, data):
        if len(data) > 1000:  # the pages, not the database
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", write)
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    monkeypatch.undo()
    assert read_tree(tree) == before  # every file whole, as it was
    assert list(publish_root.rglob(".tmp-*")) == []
    assert "磁盘是否已满" in PublishState.objects.get(site=www).last_error
    assert any("磁盘是否已满" in r.getMessage() for r in caplog.records)
    client = Client()
    client.force_login(admin_user)
    html = client.get("/admin/publishing/").content.decode()
    assert "静态发布写入失败" in html and "磁盘是否已满" in html
