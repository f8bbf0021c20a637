"""Damaged official documents (issue 20) through every door of the engine:
``jiyue check``, the pre-publish gate and the monitor's crawl."""

from __future__ import annotations

import json
import re
from io import StringIO

import pytest
from django.core.management import call_command

from jiyue.quality import Context, check_doc_number, check_html, check_text, gate

from .damaged import COMPANY, SPUN_NUMBER, as_page, notice, spun, with_residue

TITLE = "国务院办公厅关于加强政府网站信息内容建设的意见 网站建设 网站优化 b2b 网站 建设"


def _blocking(findings):
    return [f for f in findings if f.blocks]


def _rules(findings):
    return {f.extra.get("rule") for f in findings if f.type == "injected_content"}


def _in_chinese(findings):
    """Every message is a Chinese sentence an editor can act on."""
    return findings and all(
        re.search("[\u4e00-\u9fff]{6}", f.message) and "请" in f.message
        for f in findings
    )


#: a policy page whose 文号 names another issuer (黔 is 贵州, the organ 贵阳)
WRONG_ISSUER = ("黔府办发〔2018〕2号", "贵阳市人民政府办公厅")


def policy_page(number: str, issuer: str) -> str:
    """A published policy page as the platform renders its metadata (a table)."""
    return (
        "<html><head><title>实施意见</title></head><body><h1>实施意见</h1>"
        '<table class="doc-meta"><tbody>'
        f'<tr><th scope="row">发布机构</th><td>{issuer}</td>'
        '<th scope="row">成文日期</th><td>2018-01-02</td></tr>'
        f'<tr><th scope="row">文号</th><td>{number}</td>'
        '<th scope="row">发布日期</th><td>2018-01-05</td></tr></tbody></table>'
        "<p>各区（市、县）人民政府，市政府各工作部门：</p><p>现提出如下意见。</p>"
        "</body></html>"
    )


# -- the engine ------------------------------------------------------------------
def test_tool_residue_throughout_blocks_once_with_count_and_positions():
    findings = check_text(with_residue(notice()), checkers=["garbled_text"])
    assert len(findings) == 1
    (residue,) = findings
    assert residue.severity == "error" and residue.evidence == "@@"
    assert residue.extra["count"] > 1000
    assert residue.extra["positions"][0] == [1, 4]
    assert "全文有" in residue.message and "第1行第4列" in residue.message


def test_a_few_stray_markers_stay_warnings():
    findings = check_text("通知@@正文@@内容。", checkers=["garbled_text"])
    assert [f.severity for f in findings] == ["warning", "warning"]


@pytest.mark.parametrize("marker", ["▁", "[UNK]", "[MASK]", "</s>"])
def test_other_tools_residue_throughout_blocks_too(marker):
    (residue,) = check_text(with_residue(notice(), marker), checkers=["garbled_text"])
    assert residue.severity == "error" and residue.extra["count"] > 1000
    assert f"“{marker}”" in residue.message


def test_markdown_headings_and_wordpiece_markers():
    heading = "### 一、总体要求\n## 二、主要任务\n正文。"
    assert check_text(heading, checkers=["garbled_text"]) == []
    pieces = "各 ##地 ##区 要 ▁认真 ▁贯彻"
    found = check_text(pieces, checkers=["garbled_text"])
    assert [f.evidence for f in found] == ["##", "##", "▁", "▁"]


def test_a_spun_copy_is_seen_on_every_count():
    findings = check_text(spun(notice()), checkers=["injected_content"])
    assert _rules(findings) == {
        "spam",
        "stuffing",
        "organ_slot",
        "duplicate",
        "doc_number",
    }
    organ = next(f for f in findings if f.extra["rule"] == "organ_slot")
    assert organ.evidence == COMPANY and organ.extra["count"] >= 9
    assert organ.blocks and "不是政府机关" in organ.message
    number = next(f for f in findings if f.extra["rule"] == "doc_number")
    assert (
        number.blocks
        and "国力发" in number.message
        and "国务院办公厅" in number.message
    )
    duplicates = [f for f in findings if f.extra["rule"] == "duplicate"]
    assert duplicates and not any(f.blocks for f in duplicates)


def test_a_hacked_page_with_commercial_text_is_a_serious_problem():
    html = as_page("本站提供网站优化、关键词排名服务，百度快照当天收录。", "通知公告")
    findings = gate(html, context=Context.CRAWL, kind="html")
    spam = [f for f in findings if f.type == "injected_content"]
    assert spam and spam[0].severity == "veto"
    assert "网站优化" in spam[0].message and "严重问题" in spam[0].message
    before = gate(html, context=Context.PRE_PUBLISH, kind="html")
    assert [f.severity for f in before if f.type == "injected_content"] == ["error"]


@pytest.mark.parametrize(
    "text",
    [
        "各地区、各部门要加强政府网站建设，做好网站推广应用。",
        "各级政府及其部门、各有关单位要落实责任。",
        "各地区、市网信办要牵头负责。",
        "各级政府及其工作人员要依法行政。",
        "各级人民政府及其主要负责同志要亲自抓。",
        "各级政府及其领导班子、公务员要带头学法。",
        "安政办发〔2015〕71号\n\n安康市人民政府办公室关于进一步加强政府网站信息内容建设的通知",
        "筑府办发〔2018〕2号\n\n贵阳市人民政府办公厅关于贯彻落实的实施意见",
        "本栏目发布全市政府网站群建设情况。本栏目发布全市政府网站群建设情况",
        "市商务局组织企业入驻跨境电商 B2B 平台，开展搜索引擎优化（SEO）培训。",
        # a 公开目录 list: its header's next cell is no issuer, its numbers many
        "政府信息公开目录\n标题\n文号\n发布机构\n主题分类\n"
        "关于加强政府网站信息内容建设的意见\n国办发〔2014〕57号\n国务院办公厅\n",
        "政府信息公开目录\n关于加强政府网站信息内容建设的意见\n"
        "国办发〔2014〕57号\n贵阳市人民政府办公厅关于贯彻落实的实施意见\n"
        "筑府办发〔2018〕2号\n",
        # a list filtered by issuer, then one document of another issuer
        "按发布机构\n国务院办公厅\n贵阳市人民政府办公厅\n"
        "贵阳市人民政府办公厅关于贯彻落实的实施意见\n筑府办发〔2018〕2号\n",
        # a list of two documents, only the second numbered
        "北京市人民政府办公厅关于加强政府网站信息内容建设的实施意见\n2015-07-01\n"
        "安康市人民政府办公室关于加强政府网站信息内容建设的通知\n安政办发〔2015〕71号\n",
    ],
)
def test_ordinary_official_prose_is_not_injected(text):
    assert check_text(text, checkers=["injected_content"]) == []


def test_the_corpus_has_no_injected_content(corpus):
    for name, text in corpus.items():
        assert check_text(text, checkers=["injected_content"]) == [], name
        body = text.split("---", 2)[2]
        assert check_text(body, checkers=["injected_content"]) == [], name


def test_a_doc_number_that_does_not_fit_the_issuer():
    (finding,) = check_doc_number(*WRONG_ISSUER)
    assert finding.blocks and finding.extra["rule"] == "doc_number"
    assert "“黔”对不上" in finding.message and "贵阳市人民政府办公厅" in finding.message
    assert check_doc_number("筑府办发〔2018〕2号", "贵阳市人民政府办公厅") == []
    assert check_doc_number("黔府办发〔2018〕2号", "贵州省人民政府办公厅") == []
    assert check_doc_number("", "贵阳市人民政府办公厅") == []
    # in a published page's metadata table, with no issuer in the title
    found = check_html(policy_page(*WRONG_ISSUER), checkers=["injected_content"])
    assert [f.extra["rule"] for f in found] == ["doc_number"]
    right = policy_page("筑府办发〔2018〕2号", "贵阳市人民政府办公厅")
    assert check_html(right, checkers=["injected_content"]) == []


def test_the_corpus_metadata_fits(corpus):
    for name, text in corpus.items():
        number = re.search(r'^document_number: "?([^"\n]*)"?$', text, re.M)
        issuer = re.search(r"^issuer: (.+)$", text, re.M)
        assert number and issuer, name
        assert check_doc_number(number.group(1), issuer.group(1)) == [], name


# -- the pre-publish gate, the engine's entry point -----------------------------------
def test_the_pre_publish_gate_blocks_both():
    residue = gate(with_residue(notice()), context=Context.PRE_PUBLISH)
    assert [f.type for f in _blocking(residue)] == ["garbled_text"]
    assert _in_chinese(_blocking(residue))
    page = as_page(spun(notice()), TITLE)
    found = _blocking(gate(page, context=Context.PRE_PUBLISH, kind="html"))
    assert {f.type for f in found} == {"injected_content"}
    assert _rules(found) == {"spam", "stuffing", "organ_slot", "doc_number"}
    assert {f.severity for f in found} == {"error"}  # veto only on a crawl
    assert _in_chinese(found)


# -- jiyue check ---------------------------------------------------------------------
def _check_command(path):
    out = StringIO()
    code = 0
    try:
        call_command("check", str(path), "--json", stdout=out)
    except SystemExit as exc:
        code = exc.code
    return code, json.loads(out.getvalue())


def test_jiyue_check_blocks_both(tmp_path):
    residue = tmp_path / "residue.txt"
    residue.write_text(with_residue(notice()), encoding="utf-8")
    code, data = _check_command(residue)
    assert code == 1
    assert [d["type"] for d in data if d["severity"] == "error"] == ["garbled_text"]

    copy = tmp_path / "spun.html"
    copy.write_text(as_page(spun(notice()), TITLE), encoding="utf-8")
    code, data = _check_command(copy)
    assert code == 1
    blocking = {d["type"] for d in data if d["severity"] in {"error", "veto"}}
    assert "injected_content" in blocking
    assert any(SPUN_NUMBER in d["message"] for d in data)

    # as a person reads it: Chinese names, the count and where the residue starts
    out = StringIO()
    with pytest.raises(SystemExit):
        call_command("check", str(residue), str(copy), stdout=out)
    text = out.getvalue()
    assert "[错误] 乱码/残留标记: 全文有" in text and "第1行第4列" in text
    assert "[错误] 植入内容: “某某网”不是政府机关" in text
    assert "injected_content" not in text and "garbled_text" not in text


# -- the pre-publish gate ------------------------------------------------------------
@pytest.mark.django_db
def test_the_editorial_gate_blocks_both(demo_cluster):
    from wagtail.models import Page

    from jiyue.editorial.gate import page_gate_findings

    page = Page.objects.get(url_path="/www/yaowen/news-001/").specific
    page.body = "".join(f"<p>{line}</p>" for line in with_residue(notice()).split("\n"))
    residue = _blocking(f.finding for f in page_gate_findings(page))
    assert [f.type for f in residue] == ["garbled_text"]

    page.title = TITLE
    page.body = "".join(f"<p>{line}</p>" for line in spun(notice()).split("\n"))
    found = page_gate_findings(page)
    blocking = [f for f in found if f.blocks]
    assert {f.field for f in blocking} == {"title", "body"}
    assert {f.finding.type for f in blocking} == {"injected_content"}
    assert any("某某网" in f.describe() for f in blocking)


@pytest.mark.django_db
def test_the_editorial_gate_compares_the_doc_number_with_the_issuer(demo_cluster):
    from jiyue.content.models import PolicyDocumentPage
    from jiyue.editorial.gate import page_gate_findings

    page = PolicyDocumentPage.objects.get(slug="guiyang-2018-2")
    assert not [f for f in page_gate_findings(page) if f.blocks]
    page.doc_number, page.issuer = WRONG_ISSUER
    (finding,) = [f for f in page_gate_findings(page) if f.blocks]
    assert finding.label == "文号" and finding.finding.type == "injected_content"
    assert "黔府办发" in finding.describe() and "对不上" in finding.describe()


@pytest.mark.django_db
def test_the_demo_content_has_no_blocking_finding(demo_cluster, settings):
    from wagtail.models import Page

    from jiyue.editorial.gate import page_gate_findings

    settings.JIYUE_GATE_STATISTICAL_TYPOS = False  # its own tests, and slow
    blocking = [
        (page.url_path, f.describe())
        for page in Page.objects.live().specific().iterator()
        for f in page_gate_findings(page)
        # the demo's one deliberately incomplete service guide aside
        if f.blocks and f.field != "own:incomplete_guide"
    ]
    assert blocking == []


@pytest.mark.django_db
def test_the_published_demo_cluster_crawled_has_no_blocking_finding(
    demo_cluster, settings, tmp_path
):
    """Every page as published (lists, 公开目录, metadata tables, navigation)
    judged as the monitor's crawl judges it: no veto, no error."""
    from jiyue.publishing.services import publish_all

    settings.JIYUE_PUBLISH_ROOT = tmp_path / "publish"
    publish_all()
    pages = list((tmp_path / "publish").rglob("*.html"))
    assert len(pages) > 200
    blocking = [
        (str(path.relative_to(tmp_path)), f.message)
        for path in pages
        for f in gate(
            path.read_text(encoding="utf-8"), context=Context.CRAWL, kind="html"
        )
        if f.blocks
    ]
    assert blocking == []


# -- the monitor's crawl -------------------------------------------------------------
def _crawl_damaged_site(tmp_path):
    import datetime as dt

    from jiyue.monitor import CrawlConfig, crawl
    from jiyue.monitor.tests.server import LocalServer, Served

    host = "www.damaged.gov.cn"
    html = {"Content-Type": "text/html; charset=utf-8"}
    index = (
        '<html><head><title>首页</title></head><body><a href="/spun.html">通知</a>'
        '<a href="/residue.html">意见</a><a href="/policy.html">文件</a></body></html>'
    )
    routes = {
        "/": (200, html, index.encode()),
        "/spun.html": (200, html, as_page(spun(notice()), TITLE).encode()),
        "/residue.html": (
            200,
            html,
            as_page(
                with_residue(notice()), "关于加强政府网站信息内容建设的意见"
            ).encode(),
        ),
        "/policy.html": (200, html, policy_page(*WRONG_ISSUER).encode()),
    }
    with LocalServer(Served(routes={host: routes}, fallback={})) as server:
        config = CrawlConfig(
            start_url=f"http://{host}/",
            host_map={host: server.address},
            loopback_only=True,
            today=dt.date(2026, 11, 20),
            timeout=5.0,
            retries=1,
            backoff=0.01,
            check_external=False,
        )
        return crawl(config, tmp_path)


@pytest.mark.django_db
def test_the_crawl_reports_them_and_injected_content_is_a_serious_problem(
    demo_cluster, tmp_path
):
    from django.utils import timezone

    from jiyue.cluster.models import SiteProfile
    from jiyue.monitor.models import Crawl
    from jiyue.monitor.services import crawl_store_result
    from jiyue.monitor.verdict import FAILED, site_verdict

    result = _crawl_damaged_site(tmp_path)
    injected = [f for f in result.findings if f.type == "injected_content"]
    pages = {f.url.rsplit("/", 1)[-1] for f in injected}
    assert pages == {"spun.html", "policy.html"}
    assert _rules(injected) >= {"spam", "stuffing", "organ_slot", "doc_number"}
    # on a published page what would block publication is a 严重问题 (veto)
    serious = [f for f in injected if f.extra.get("rule") != "duplicate"]
    assert {f.severity for f in serious} == {"veto"}
    assert all("严重问题" in f.message for f in serious) and _in_chinese(serious)
    assert all(f.severity == "warning" for f in injected if f not in serious)
    residue = [
        f for f in result.findings if f.type == "garbled_text" and f.severity == "error"
    ]
    assert [f.url.rsplit("/", 1)[-1] for f in residue] == ["residue.html"]
    assert "残留标记" in residue[0].message and _in_chinese(residue)

    profile = SiteProfile.objects.order_by("pk").first()
    stored = Crawl.objects.create(
        profile=profile, start_url=result.summary["start_url"]
    )
    crawl_store_result(crawl=stored, result=result)
    verdict = {i.key: i for i in site_verdict(profile, now=timezone.now())}
    assert verdict["serious"].state == FAILED
    assert "植入内容" in verdict["serious"].detail
