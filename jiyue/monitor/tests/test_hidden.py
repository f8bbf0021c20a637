"""暗链 judgement on single pages: what is flagged, at which severity, and what is not."""

from __future__ import annotations

from jiyue.monitor.checks.hidden import hidden_link_findings
from jiyue.monitor.checks.insecure import insecure_link_findings
from jiyue.monitor.crawler.parse import parse_page
from jiyue.monitor.crawler.urls import registrable_domain

PAGE = "https://www.xian.gov.cn/index.html"


def own(host: str) -> bool:
    return registrable_domain(host) == "xian.gov.cn"


def judge(body: str):
    page = parse_page(PAGE, f"<html><head></head><body>{body}</body></html>")
    return [(f.severity, f.target) for f in hidden_link_findings(page, own)]


def test_same_site_hidden_links_are_never_flagged():
    body = """
    <a href="#content" class="sr-only" style="position:absolute;left:-10000px">跳到正文</a>
    <ul style="display:none"><li><a href="/zwgk/">政务公开</a></li>
      <li><a href="https://zwfw.xian.gov.cn/">政务服务</a></li></ul>
    <a href="/zt/" style="position:absolute;opacity:0;width:100%;height:100%">专题</a>
    <div style="display:none"><img src="/qr-weixin.png" alt="微信二维码"></div>
    <iframe src="/stat.html" width="0" height="0"></iframe>
    """
    assert judge(body) == []


def test_share_and_friend_links_in_hidden_menus_are_not_flagged():
    body = """
    <div class="share" style="display:none">
      <a href="http://service.weibo.com/share/share.php?url=x">微博</a>
      <a href="https://connect.qq.com/widget/shareqq/index.html">QQ</a></div>
    <div class="yqlj" style="display:none"><a href="http://www.gov.cn/">中国政府网</a>
      <a href="http://www.people.com.cn/">人民网</a><a href="http://www.xinhuanet.com/">新华网</a></div>
    <!-- <a href="http://www.shaanxi.gov.cn/">陕西省人民政府</a> -->
    <script>document.write(unescape("%3Cscript src='https://s9.cnzz.com/z_stat.php?id=1'%3E%3C/script%3E"));</script>
    """
    assert judge(body) == []


def test_illegal_domain_is_veto_whatever_the_technique():
    assert judge(
        '<div style="display:none"><a href="http://a.000wyt.com/">x</a></div>'
    ) == [("veto", "http://a.000wyt.com/")]


def test_gambling_text_is_veto_even_to_an_unlisted_domain():
    body = '<p style="visibility:hidden"><a href="http://abc-sport.com/">皇冠体育在线投注</a></p>'
    assert judge(body) == [("veto", "http://abc-sport.com/")]


def test_strong_technique_to_unknown_site_is_error():
    assert judge(
        '<p style="font-size:0px"><a href="http://unknown-site.com/">x</a></p>'
    ) == [("error", "http://unknown-site.com/")]
    assert judge(
        '<div style="text-indent:-9999px"><a href="http://u2.com/">x</a></div>'
    ) == [("error", "http://u2.com/")]


def test_weak_technique_to_unknown_site_is_not_flagged():
    assert (
        judge('<div style="display:none"><a href="http://partner.com.cn/">x</a></div>')
        == []
    )


def test_weak_technique_to_spam_like_domain_is_error():
    assert judge('<div hidden><a href="http://1.2.3.4/">x</a></div>') == [
        ("error", "http://1.2.3.4/")
    ]


def test_stylesheet_media_queries_and_hover_rules():
    body = """<style>@media screen { .fl a { font-size: 0 } } .menu:hover ul { display:block }</style>
    <div class="fl"><a href="http://spam-a.com/">x</a></div>"""
    assert judge(body) == [("error", "http://spam-a.com/")]


def test_encoded_location_redirect_to_listed_domain():
    body = "<script>window.location.href = unescape('%68%74%74%70%3a%2f%2f000wyt.com%2f');</script>"
    assert judge(body) == [("veto", "http://000wyt.com/")]


def test_js_string_concatenation_and_unicode_escapes():
    body = r"""<script>var s = '\u003ca href="http://000wyt.com/u"\u003e' + 'x</a>'; document.write(s);</script>"""
    assert judge(body) == [("veto", "http://000wyt.com/u")]


def test_insecure_resources_on_https_page():
    page = parse_page(
        PAGE,
        '<img src="http://img.xian.gov.cn/a.png"><script src="http://cdn.x.com/a.js"></script>'
        '<a href="http://www.gov.cn/">ok</a>',
    )
    found = [(f.severity, f.target) for f in insecure_link_findings(page)]
    assert found == [
        ("warning", "http://img.xian.gov.cn/a.png"),
        ("error", "http://cdn.x.com/a.js"),
    ]
