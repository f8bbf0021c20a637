"""暗链 in a site's own stylesheet and script files (docs/decisions/0103, 0505):
rules that hide by class or id, and links that scripts write, are applied to the
pages that include them. The legitimate hidden markup of government pages stays
unflagged when the hiding comes from a separate file."""

from __future__ import annotations

from collections import Counter

from jiyue.monitor import crawl
from jiyue.monitor.checks.hidden import External, hidden_link_findings
from jiyue.monitor.checks.scripts import written_strings
from jiyue.monitor.crawler.parse import parse_page
from jiyue.monitor.crawler.urls import registrable_domain
from jiyue.monitor.tests import site
from jiyue.monitor.tests.server import LocalServer, Served
from jiyue.monitor.tests.site import html
from jiyue.quality.hiding import hiding_rules

PAGE = "https://www.xian.gov.cn/index.html"
CSS = "https://www.xian.gov.cn/css/main.css"
JS = "https://www.xian.gov.cn/js/common.js"

# What real government sites keep in their common files.
LEGIT_CSS = """
.sr-only { position:absolute; left:-10000px; width:1px; height:1px; overflow:hidden }
.logo a { display:block; text-indent:-9999px; background:url(/img/logo.png) }
.share-panel { display:none }
#yqlj .drop { display:none }
.banner a.cover { position:absolute; opacity:0; width:100%; height:100% }
ul li a { font-size:0 }
a:hover .tip { display:none }
"""
LEGIT_JS = """
var _bdhmProtocol = (("https:" == document.location.protocol) ? " https://" : " http://");
document.write(unescape("%3Cscript src='" + _bdhmProtocol + "hm.baidu.com/h.js%3F1' type='text/javascript'%3E%3C/script%3E"));
document.write('<a href="http://service.weibo.com/share/share.php?url=' + location.href + '" class="share">微博</a>');
"""
LEGIT_BODY = """
<a class="sr-only" href="#main">跳到主要内容</a>
<div class="logo"><a href="http://www.gov.cn/">中国政府网</a></div>
<div class="share-panel"><a href="https://connect.qq.com/widget/shareqq/index.html">QQ</a></div>
<div id="yqlj"><span>友情链接</span><ul class="drop">
  <li><a href="http://www.people.com.cn/">人民网</a></li>
  <li><a href="http://www.xinhuanet.com/">新华网</a></li></ul></div>
<div class="banner"><img src="/b.png" alt="专题"><a class="cover" href="/zt/">专题</a></div>
<ul><li><a href="http://www.unknown-partner.com/">合作单位</a></li></ul>
"""


def own(host: str) -> bool:
    return registrable_domain(host) == "xian.gov.cn"


def external(css: str = "", js: str = "") -> External:
    return External(
        sheets=((CSS, tuple(hiding_rules(css))),),
        scripts=((JS, "/js/common.js", tuple(written_strings(js))),),
    )


def judge(body: str, css: str = "", js: str = ""):
    head = '<link rel="stylesheet" href="/css/main.css"><script src="/js/common.js">'
    text = f"<html><head>{head}</script></head><body>{body}</body></html>"
    page = parse_page(PAGE, text)
    return hidden_link_findings(page, own, external(css, js))


def test_legitimate_hiding_from_common_files_is_not_flagged():
    assert judge(LEGIT_BODY, LEGIT_CSS, LEGIT_JS) == []


def test_only_class_and_id_rules_are_taken_from_a_file():
    assert [s for s, _t in hiding_rules(LEGIT_CSS)] == [
        ".sr-only",
        ".logo a",
        ".share-panel",
        "#yqlj .drop",
        ".banner a.cover",
    ]


def test_a_class_hidden_in_the_stylesheet_hides_an_illegal_link():
    css = ".ft-links { display:none }"
    body = '<div class="ft-links"><a href="http://www.000wyt.com/a">x</a></div>'
    (finding,) = judge(body, css)
    assert (finding.severity, finding.target) == ("veto", "http://www.000wyt.com/a")
    assert finding.evidence.startswith(f"/* {CSS} .ft-links */ <a href=")


def test_an_off_screen_id_in_the_stylesheet_is_a_strong_technique():
    css = "/* 页脚 */ #bottom-links{position:absolute;left:-3000px;top:-3000px}"
    body = (
        '<div id="bottom-links"><a href="http://www.ad-partner.com.cn/">合作</a></div>'
    )
    (finding,) = judge(body, css)
    assert finding.severity == "error"
    assert "off_screen" in finding.extra["techniques"]


def test_links_a_common_script_writes_are_judged():
    target = "http://www.000wyt.com/js"
    js = (
        f'document.write(\'<div style="display:none"><a href="{target}">x</a></div>\');\n'
        "document.write(unescape('%3Ca%20href%3D%22http%3A//cheap-ad.com.cn/%22%3Ead%3C/a%3E'));"
    )
    found = {(f.severity, f.target) for f in judge("<p>正文</p>", js=js)}
    assert found == {("veto", target), ("error", "http://cheap-ad.com.cn/")}
    (write,) = [f for f in judge("<p>正文</p>", js=js) if f.target == target]
    assert write.evidence.startswith(f"/* {JS} */ <div")
    assert write.position is not None  # the <script src> in the page


def _routes(counter: Counter) -> dict:
    def counted(path, response):
        def route(requested):
            counter[path] += 1
            return response

        return route

    css = (200, {"Content-Type": "text/css"}, b".ft{display:none}")
    js = (200, {"Content-Type": "application/javascript"}, LEGIT_JS.encode())
    head = '<link rel="stylesheet" href="/s.css"><script src="/c.js"></script>'
    spam = f'<div class="ft"><a href="http://{site.ILLEGAL}/p">x</a></div>'
    pages = {f"/p{i}.html": html(f"<p>页面 {i}</p>{spam}", head=head) for i in range(4)}
    home = "".join(f'<a href="/p{i}.html">页面</a>' for i in range(4))
    return {
        "/": html(home, head=head),
        **pages,
        "/s.css": counted("/s.css", css),
        "/c.js": counted("/c.js", js),
    }


def test_a_crawl_reads_each_common_file_once(tmp_path):
    counter: Counter = Counter()
    served = Served(routes={site.SITE: _routes(counter)}, fallback={})
    with LocalServer(served) as server:
        result = crawl(site.make_config(server, check_external=False), tmp_path)
    hidden = sorted(
        (f.url.rsplit("/", 1)[-1], f.severity)
        for f in result.findings
        if f.type == "hidden_link"
    )
    assert hidden == [(f"p{i}.html", "veto") for i in range(4)]
    # One GET for the 暗链 check, one HEAD for the link check: never once per page.
    assert counter == {"/s.css": 2, "/c.js": 2}
