"""The crawler's speed-ups change nothing it finds (ADRs 0507, 0508, 0510)."""

from __future__ import annotations

import json
import os
from urllib.parse import urljoin, urlsplit

import pytest

from jiyue.monitor import crawl
from jiyue.monitor.crawler import engine, urls, workers
from jiyue.monitor.tests import site
from jiyue.monitor.tests.server import LocalServer, Served
from jiyue.monitor.tests.site import html, make_config


def _everything(result):
    return sorted(
        (f.type, f.severity, f.url, f.target or "", f.evidence or "")
        for f in result.findings
    )


def _whole(result):
    """Findings with every field, the summary and the crawl's issues."""
    findings = sorted(
        json.dumps(f.as_dict(), sort_keys=True, ensure_ascii=False)
        for f in result.findings
    )
    return findings, result.summary, result.issues, result.finished


def test_workers_find_exactly_what_the_crawl_process_finds(server, tmp_path):
    """Every check on (content, 暗链, dates, encodings, traps): the same findings with
    the same evidence and positions, whether pages are analysed in worker processes
    or in the crawl process."""
    alone = crawl(make_config(server, workers=0), tmp_path / "alone")
    shared = crawl(make_config(server, workers=2), tmp_path / "shared")
    assert _whole(shared) == _whole(alone)
    assert any(f.type == "hidden_link" for f in shared.findings)


def _styled_site() -> Served:
    """Pages whose 暗链 hides behind a same-site stylesheet (the deferred check)."""
    css = (200, {"Content-Type": "text/css"}, b".ft{display:none}")
    head = '<link rel="stylesheet" href="/s.css">'
    spam = f'<div class="ft"><a href="http://{site.ILLEGAL}/p">x</a></div>'
    pages = {f"/p{i}.html": html(f"<p>页面 {i}</p>{spam}", head=head) for i in range(6)}
    home = "".join(f'<a href="/p{i}.html">页面</a>' for i in range(6))
    routes = {"/": html(home, head=head), **pages, "/s.css": css}
    return Served(routes={site.SITE: routes}, fallback={})


def test_pages_waiting_for_stylesheets_in_workers(tmp_path):
    with LocalServer(_styled_site()) as styled:
        config = {"check_external": False, "concurrency": 4}
        alone = crawl(make_config(styled, workers=0, **config), tmp_path / "a")
        shared = crawl(make_config(styled, workers=2, **config), tmp_path / "b")
    assert _whole(shared) == _whole(alone)
    hidden = {f.url for f in shared.findings if f.type == "hidden_link"}
    assert hidden == {f"http://{site.SITE}/p{i}.html" for i in range(6)}


def _die(*args):
    os._exit(3)  # a worker killed in the middle of a page (out of memory, a crash)


def test_a_crawl_survives_its_workers(server, tmp_path, monkeypatch):
    """Workers that die are not replaced: their pages are analysed in the crawl
    process, and nothing is lost."""
    alone = crawl(make_config(server, workers=0), tmp_path / "alone")
    monkeypatch.setattr(workers, "_work", _die)  # inherited by the forked workers
    orphaned = crawl(make_config(server, workers=2), tmp_path / "orphaned")
    assert _whole(orphaned) == _whole(alone)


def _hang(*args):
    import time

    time.sleep(3600)  # a worker stuck (a lock held when it was forked)


def test_a_crawl_does_not_wait_for_a_stuck_worker(server, tmp_path, monkeypatch):
    alone = crawl(make_config(server, workers=0), tmp_path / "alone")
    monkeypatch.setattr(workers, "_work", _hang)
    monkeypatch.setattr(workers, "TASK_TIMEOUT", 1)
    stuck = crawl(make_config(server, workers=1), tmp_path / "stuck")
    assert _whole(stuck) == _whole(alone)


def test_a_tiny_id_memo_finds_the_same_links(server, tmp_path, monkeypatch):
    normal = crawl(make_config(server, check_content=False), tmp_path / "a")
    monkeypatch.setattr(engine, "ID_MEMO", 3)  # cleared after nearly every page
    tiny = crawl(make_config(server, check_content=False), tmp_path / "b")
    assert _everything(tiny) == _everything(normal)
    assert tiny.summary["urls_checked"] == normal.summary["urls_checked"]


BASES = [
    "http://www.example.gov.cn/a/b/index.html",
    "https://Example.gov.cn:443/x?y=1",
    "http://127.0.0.1:8080/deep/page.html#frag",
    "http://www.example.gov.cn",
]
LINKS = [
    "/c1/p2.html",
    "/c1/p2.html?b=2&a=1#top",
    "/c1/p2.html;jsessionid=ABC?x=1&sid=9",
    "/c1/../p3.html",
    "/./p4.html",
    "//other.example.com/x",
    "  /spaced.html  ",
    "relative/p5.html",
    "../up.html",
    "?q=1",
    "#only-fragment",
    "mailto:a@b.cn",
    "/中文/页面.html",
    "/a%20b.html",
]


@pytest.mark.parametrize("base", BASES)
def test_normalize_with_memos_answers_as_urljoin_does(base):
    for link in LINKS:
        expected = urls._normalize.__wrapped__(urljoin(base, link.strip()), None)
        if link.strip().lower().startswith(urls.SKIP_SCHEMES):
            expected = None
        assert urls.normalize(link, base) == expected, (base, link)


def test_host_of_answers_as_urlsplit_does():
    for url in [
        "http://A.b:80/x?y#z",
        "https://h?q",
        "http://h#f",
        "http://u:p@H/x",
        "http://h",
        "http://[::1]:8/x",
        "http:/x",
        "//h/x",
        " http://h/x",
        "http://h\tx/y",
        "http://h\\x/y",
    ]:
        assert urls.host_of(url) == urlsplit(url).netloc.lower(), url


def test_new_urls_get_the_ids_the_frontier_gave_them(tmp_path):
    from jiyue.monitor.crawler.store import Store

    store = Store(tmp_path / "state.sqlite3")
    store.add_urls([("http://a.test/1", "page", 0)])
    added, ids = store.add_new_urls(
        [("http://a.test/2", "page", 1), ("http://a.test/3", "asset", 1)]
    )
    assert added == 2
    assert ids == store.ids(["http://a.test/2", "http://a.test/3"])
    # One of them was there already: the ids are looked up, the count is honest.
    added, ids = store.add_new_urls(
        [("http://a.test/1", "page", 1), ("http://a.test/4", "page", 1)]
    )
    assert added == 1
    assert ids == store.ids(["http://a.test/1", "http://a.test/4"])
    store.close()
