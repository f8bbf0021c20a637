"""check_html: visible text with source positions, markup-only checks, and
malformed input that never raises."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jiyue.quality import check_html

PAGE = """<!doctype html>
<html><head><title>通知</title>
<script>var s = "锟斤拷 13812345678";</script>
<style>p { content: "@@"; }</style></head>
<body>
<h1>标题</h1>
<h3>跳级的标题</h3>
<p>联系电话：<b>13812345678</b>，关健在于落实&nbsp;。</p>
<!-- 注释里的 锟斤拷 不显示 -->
<a href="">空链接</a> <a href="javascript:void(0)">更多</a> <a href="http:/bad">坏链接</a>
<a href="https://www.gov.cn/"><img src="logo.png"></a>
<img src="http://img.example.com/a.png" alt="图">
<table><tr><td>1</td></tr><tr><td>2</td></tr></table>
<div style="display:none"><a href="http://000.bbexe.cn/">x</a></div>
</body></html>
"""


def _by_type(findings, type_):
    return [f for f in findings if f.type == type_]


@pytest.fixture(scope="module")
def findings():
    return check_html(PAGE, url="https://www.example.gov.cn/tz/1.html")


def test_text_positions_point_into_the_html_source(findings):
    phone = _by_type(findings, "privacy_leak")
    assert [(f.evidence, f.position.line, f.position.column) for f in phone] == [
        ("138****5678", 8, 12)
    ]
    typo = _by_type(findings, "typo")[0]
    line = PAGE.splitlines()[typo.position.line - 1]
    assert line[typo.position.column - 1 :].startswith("关健")


def test_script_style_and_comments_are_not_text(findings):
    garbled = _by_type(findings, "garbled_text")
    assert all("锟斤拷" not in f.evidence and "@@" not in f.evidence for f in garbled)


def test_broken_links(findings):
    broken = {(f.target, f.severity) for f in _by_type(findings, "broken_link")}
    assert broken == {
        ("", "warning"),
        ("javascript:void(0)", "warning"),
        ("http:/bad", "error"),
    }
    bad = next(f for f in _by_type(findings, "broken_link") if f.target == "http:/bad")
    assert PAGE.splitlines()[bad.position.line - 1][
        bad.position.column - 1 :
    ].startswith('<a href="http:/bad"')


def test_insecure_links_on_https_page(findings):
    insecure = {f.target for f in _by_type(findings, "insecure_link")}
    assert insecure == {"http://img.example.com/a.png", "http://000.bbexe.cn/"}


def test_no_insecure_link_on_http_page():
    assert (
        _by_type(check_html(PAGE, url="http://www.example.gov.cn/"), "insecure_link")
        == []
    )


def test_accessibility(findings):
    messages = [f.message for f in _by_type(findings, "accessibility")]
    assert any("alt" in m for m in messages)
    assert any("h1 之后直接出现 h3" in m for m in messages)
    assert any("链接没有可读的文字" in m for m in messages)
    assert any("表头" in m for m in messages)


def test_hidden_link_to_illegal_site_is_a_veto(findings):
    hidden = _by_type(findings, "hidden_link")
    assert [(f.target, f.severity) for f in hidden] == [
        ("http://000.bbexe.cn/", "veto")
    ]


def test_accessible_page_is_clean():
    page = """<html><body><h1>政务公开</h1><h2>通知</h2>
    <p>国办发〔2014〕57号</p><a href="/a.html">详情</a>
    <img src="a.png" alt="示意图"><table><caption>统计</caption><tr><td>1</td></tr><tr><td>2</td></tr></table>
    </body></html>"""
    assert check_html(page, url="https://www.example.gov.cn/") == []


def test_broken_entity_without_semicolon():
    findings = check_html("<p>空格&nbsp占位</p>")
    assert [
        (f.evidence, f.position.column) for f in findings if f.type == "garbled_text"
    ] == [("&nbsp", 6)]


@pytest.mark.parametrize(
    "html",
    [
        "",
        "<",
        "<<<>>>",
        "<p><b>unclosed <i>锟斤拷</p></div></span>",
        "<?xml version='1.0' encoding='gbk'?><html><body>锟斤拷</body></html>",
        "<a href='http://[::1'>x</a>",
        '<a href="unterminated>text',
        "<!-- never closed 锟斤拷",
        "<script>never closed",
        "\x00\x01<html>",
        "<table><tr><td><table></td></tr>",
    ],
)
def test_malformed_html_never_raises(html):
    findings = check_html(html, url="https://x.gov.cn/")
    assert isinstance(findings, list)


def test_malformed_html_still_checks_text():
    findings = check_html("<p><b>unclosed <i>锟斤拷</p></div></span>")
    assert [(f.evidence, f.position.column) for f in findings] == [("锟斤拷", 19)]


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="<>/=\"'&;#abpx 锟斤拷é\n-!", max_size=80))
def test_fuzz_html_never_raises(html):
    for finding in check_html(html, url="https://x.gov.cn/"):
        assert finding.position is None or finding.position.line >= 1
