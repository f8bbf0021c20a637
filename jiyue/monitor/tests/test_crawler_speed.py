"""The crawler's speed-ups change nothing it finds (ADRs 0507, 0508)."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import pytest

from jiyue.monitor import crawl
from jiyue.monitor.crawler import engine, urls
from jiyue.monitor.tests.site import make_config


def _everything(result):
    return sorted(
        (f.type, f.severity, f.url, f.target or "", f.evidence or "")
        for f in result.findings
    )


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
