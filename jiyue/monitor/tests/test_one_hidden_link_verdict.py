"""The editorial gate and the monitor give the same 暗链 verdict on the same markup
(docs/decisions/0111-one-hidden-link-judgement.md): the gate through
``jiyue.quality.check_html``, the monitor through its crawled-page analysis; both
ask ``jiyue.quality.hidden_links.verdict``."""

from __future__ import annotations

import pytest

from jiyue.monitor.checks.hidden import hidden_link_findings
from jiyue.monitor.crawler.parse import parse_page
from jiyue.quality import check_html
from jiyue.quality.hidden_links import bare_host, registrable_domain

PAGE = "https://www.xian.gov.cn/index.html"

CASES = [
    # A hidden friend-link menu to 人民网: everyday markup, no 暗链.
    (
        '<div style="display:none"><a href="http://www.people.com.cn/">人民网</a></div>',
        [],
    ),
    # A hidden menu link to the site's own service hall (same registrable domain).
    (
        '<ul style="display:none"><li><a href="https://zwfw.xian.gov.cn/">政务服务</a></li></ul>',
        [],
    ),
    # Off-screen: a strong technique, whatever the target.
    (
        '<a href="http://news.example.com/" style="position:absolute;left:-9999px">新闻</a>',
        [("error", "news.example.com")],
    ),
    # A weak technique hiding a spam-like host.
    (
        '<span style="display:none"><a href="http://luck88.xyz/">x</a></span>',
        [("error", "luck88.xyz")],
    ),
    # The illegal-domain list: a veto, hidden or weakly hidden.
    (
        '<div style="display:none"><a href="http://000.bbexe.cn/">x</a></div>',
        [("veto", "000.bbexe.cn")],
    ),
    # Gambling words in the text of a hidden link.
    (
        '<div hidden><a href="http://www.example.org/">澳门赌场</a></div>',
        [("veto", "www.example.org")],
    ),
    # A hidden link to the site itself, however hidden.
    ('<a href="https://www.xian.gov.cn/zt/" style="font-size:0">专题</a>', []),
]


def _own(host: str) -> bool:
    return registrable_domain(host) == registrable_domain(PAGE)


def _gate(body: str) -> list[tuple[str, str]]:
    html = f"<html><head></head><body>{body}</body></html>"
    found = check_html(html, url=PAGE, checkers=["hidden_link"])
    return sorted((f.severity, bare_host(f.target)) for f in found)


def _monitor(body: str) -> list[tuple[str, str]]:
    page = parse_page(PAGE, f"<html><head></head><body>{body}</body></html>")
    found = hidden_link_findings(page, _own)
    return sorted((f.severity, bare_host(f.target)) for f in found)


@pytest.mark.parametrize(("body", "expected"), CASES)
def test_the_gate_and_the_monitor_agree(body, expected):
    assert _gate(body) == _monitor(body) == expected
