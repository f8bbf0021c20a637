"""A small government site with planted faults, and the hosts it links to.

"Today" for every test on it is 2026-11-20.
"""

from __future__ import annotations

import base64
import datetime as dt
import time

from jiyue.monitor import CrawlConfig
from jiyue.monitor.tests.server import LocalServer, Response, Served

TODAY = dt.date(2026, 11, 20)
SITE = "www.jyc.gov.cn"
OTHER = "www.other-site.org.cn"
ILLEGAL = "www.000wyt.com"  # on the illegal-domain list (as 000wyt.com)
PARTNER = "www.ad-partner.com.cn"
SPAMMY = "cheap-links.xyz"
PEOPLE = "www.people.com.cn"
GOV = "www.gov.cn"
WEIBO = "service.weibo.com"
HOSTS = (SITE, OTHER, ILLEGAL, PARTNER, SPAMMY, PEOPLE, GOV, WEIBO)
HTML = {"Content-Type": "text/html; charset=utf-8"}


def html(body: str, *, head: str = "", title: str = "测试网站") -> Response:
    page = (
        f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{title}</title>{head}</head><body>\n{body}\n</body></html>"
    )
    return 200, HTML, page.encode("utf-8")


def column_meta(name: str, kind: str) -> str:
    return f'<meta name="ColumnName" content="{name}"><meta name="ColumnType" content="{kind}">'


def dated_list(items: list[tuple[str, str]]) -> str:
    rows = "".join(
        f'<li><a href="{href}">信息标题</a><span>{day}</span></li>'
        for href, day in items
    )
    return f'<ul class="list">{rows}</ul>'


HOME_BODY = f"""
<a class="skip" href="#main" style="position:absolute;left:-9999px">跳到主要内容</a>
<ul class="nav"><li class="drop"><a href="/news/">动态</a>
  <ul style="display:none"><li><a href="/news/">工作动态</a></li><li><a href="/yaowen/">要闻</a></li></ul>
</li></ul>
<div class="banner" style="position:relative"><img src="/banner.png" alt="专题">
  <a href="/zhuanti/" style="position:absolute;top:0;left:0;width:100%;height:100%;opacity:0">专题</a></div>
<div class="share"><a href="http://{WEIBO}/share/share.php?url=x" style="display:none">微博</a>
  <div class="qr" style="display:none"><img src="/qr.png" alt="微信二维码"></div></div>
<select style="display:none"><option>友情链接</option></select>
<div class="friends" style="display:none"><a href="http://{GOV}/">中国政府网</a>
  <a href="http://{PEOPLE}/">人民网</a></div>
<main id="main">
{dated_list([("/news/a1.html", "2026-11-18"), ("/notice/n1.html", "2026年3月1日")])}
<a href="/notice/">通知公告</a> <a href="/empty/">专题专栏</a> <a href="/nope.html">坏链接</a>
<a href="/loop-a">循环</a> <a href="/gbk.html">GBK</a> <a href="/big.html">大页面</a>
<a href="/binary.html">二进制</a> <a href="/malformed.html">残缺</a> <a href="/spam.html">挂马页</a>
<a href="/news/;jsessionid=ABC123">带会话</a> <a href="/calendar?date=2026-01">日历</a>
<a href="http://{OTHER}/ok">外部正常</a> <a href="http://{OTHER}/missing">外部坏链</a>
</main>
<script>document.write(unescape("%3Cspan id='cnzz_stat_icon_1'%3E%3C/span%3E%3Cscript src='https://s4.cnzz.com/z_stat.php?id=1'%3E%3C/script%3E"));</script>
"""


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def _char_codes(text: str) -> str:
    return ",".join(str(ord(c)) for c in text)


def spam_body() -> str:
    target = f"http://{ILLEGAL}"
    x_escaped = "".join(f"\\x{ord(c):02x}" for c in f'<a href="{target}/11">x</a>')
    return f"""
<style>.ft-links {{ display: none }} .far {{ position:absolute; left:-3000px }}</style>
<div style="display:none"><a href="{target}/1">友情链接</a></div>
<div style="visibility:hidden"><a href="{target}/2">链接</a></div>
<div style="opacity:0"><a href="{target}/3">链接</a></div>
<div style="position:absolute;left:-9999px;top:-9999px"><a href="{target}/4">链接</a></div>
<p style="font-size:0"><a href="{target}/5">链接</a></p>
<iframe src="{target}/6" width="0" height="0" frameborder="0"></iframe>
<marquee height="1" width="1" scrollamount="3000" scrolldelay="20000"><a href="{target}/7">链接</a></marquee>
<div class="ft-links"><a href="{target}/8">链接</a></div>
<script>document.write('<a href="{target}/9">' + '链接</a>');</script>
<script>document.write(unescape('%3Ca%20href%3D%22{target}/10%22%3E%u94FE%u63A5%3C/a%3E'));</script>
<script>document.write("{x_escaped}");</script>
<script>document.write(String.fromCharCode({_char_codes(f'<a href="{target}/12">x</a>')}));</script>
<script>document.write(atob("{_b64(f'<a href="{target}/13">x</a>')}"));</script>
<!-- <a href="{target}/14">旧链接</a> -->
<noscript><a href="{target}/15">链接</a></noscript>
<div style="display:none"><a href="http://{PARTNER}/bjl">百家乐</a></div>
<div class="far"><a href="http://{PARTNER}/ad">合作</a></div>
<div style="display:none"><a href="http://{SPAMMY}/">链接</a></div>
<div style="display:none"><a href="http://{PEOPLE}/n">人民网</a></div>
<!-- <a href="http://{GOV}/old">中国政府网（旧）</a> -->
"""


def gbk_page() -> Response:
    text = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
        '<meta name="ColumnName" content="政策文件"><title>政策文件</title></head><body>'
        '<ul><li><a href="/policy/p1.html">关于印发网站管理办法的通知</a>[10-09]</li>'
        '<li><a href="/nope-gbk.html">坏链接</a>[2026-09-01]</li></ul></body></html>'
    )
    return 200, {"Content-Type": "text/html"}, text.encode("gbk")


def big_page() -> Response:
    filler = "<p>" + "政府网站内容。" * 40 + "</p>\n"
    return html('<a href="/news/">动态</a>\n' + filler * 4000)


def calendar(path: str) -> Response:
    month = int(path.rsplit("-", 1)[-1]) if "date=" in path else 1
    year = 2026 + month // 12
    nxt = f"/calendar?date={year}-{month + 1:02d}"
    return html(f'<a href="{nxt}">下个月</a>')


def slow(path: str) -> Response:
    time.sleep(3)
    return html("<p>慢</p>")


def site_routes() -> dict[str, Response | object]:
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    return {
        "/": html(HOME_BODY, head='<meta name="SiteName" content="测试网站">'),
        "/news/": html(
            dated_list([("/news/a1.html", "[11-18]"), ("/news/a2.html", "[11-02]")]),
            head=column_meta("工作动态", "动态"),
        ),
        "/news/a1.html": html(
            "<h1>文章</h1><p>联系人手机13812345678。</p>",
            head=column_meta("工作动态", "动态")
            + '<meta name="PubDate" content="2026-11-18 09:00">',
        ),
        "/news/a2.html": html(
            "<p>正文</p>", head='<meta name="PubDate" content="2026-11-02">'
        ),
        "/yaowen/": html(
            dated_list([("/news/a2.html", "2026-10-01")]),
            head=column_meta("要闻", "要闻"),
        ),
        "/notice/": html(
            dated_list([("/notice/n1.html", "2026-03-01")]),
            head=column_meta("通知公告", "通知公告"),
        ),
        "/notice/n1.html": html(
            "<p>通知</p>", head='<meta name="PubDate" content="2026-03-01">'
        ),
        "/empty/": html("<p>暂无信息</p>", head=column_meta("专题专栏", "专题")),
        "/zhuanti/": html("<p>专题</p>"),
        "/policy/p1.html": html(
            "<p>文件</p>", head='<meta name="PubDate" content="2026-10-09">'
        ),
        "/banner.png": (200, {"Content-Type": "image/png"}, png),
        "/qr.png": (200, {"Content-Type": "image/png"}, png),
        "/loop-a": (302, {"Location": "/loop-b"}, b""),
        "/loop-b": (302, {"Location": "/loop-a"}, b""),
        "/gbk.html": gbk_page(),
        "/big.html": big_page(),
        "/binary.html": (200, {"Content-Type": "text/html"}, png),
        "/malformed.html": (
            200,
            HTML,
            b'<html><body><div><table><tr><td><a href="/nope2.html">x<p></td></div>'
            b"<<<>>><a href=/news/ >\xe5\x8a\xa8</b></i></html></html><!-- unterminated",
        ),
        "/spam.html": html(spam_body()),
        "/calendar": calendar,
        "/slow.html": slow,
    }


def loopback_routes() -> dict[str, Response | object]:
    """A tiny site addressed by 127.0.0.1 itself (for the command's test)."""
    body = (
        '<a href="/gone.html">坏链接</a><a href="/ok.html">正常</a>'
        f'<div style="display:none"><a href="http://{ILLEGAL}/">x</a></div>'
        '<ul><li><a href="/ok.html">信息</a> 2026-11-19</li></ul>'
    )
    return {"/": html(body), "/ok.html": html("<p>正常</p>")}


def served() -> Served:
    ok = html("<p>外部网站</p>")
    routes = {SITE: site_routes(), OTHER: {"/ok": ok}, "127.0.0.1": loopback_routes()}
    fallback = {host: ok for host in HOSTS if host not in (SITE, OTHER)}
    return Served(routes=routes, fallback=fallback)


def make_config(server: LocalServer, **overrides) -> CrawlConfig:
    """A crawl of the test site: every host mapped to loopback, nothing else allowed."""
    settings = {
        "start_url": f"http://{SITE}/",
        "host_map": dict.fromkeys(HOSTS, server.address),
        "loopback_only": True,
        "today": TODAY,
        "timeout": 5.0,
        "retries": 1,
        "backoff": 0.01,
        "external_interval": 0.0,
        "max_bytes": 512 * 1024,
        "max_calendar_variants": 5,
    }
    settings.update(overrides)
    return CrawlConfig(**settings)
