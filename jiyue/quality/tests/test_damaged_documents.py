"""Damaged official documents (issue 20) through every door of the engine:
``jiyue check``, the pre-publish gate and the monitor's crawl."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from jiyue.quality import Context, check_text, gate

from .damaged import COMPANY, SPUN_NUMBER, as_page, notice, spun, with_residue

TITLE = "国务院办公厅关于加强政府网站信息内容建设的意见 网站建设 网站优化 b2b 网站 建设"


def _blocking(findings):
    return [f for f in findings if f.blocks]


def _rules(findings):
    return {f.extra.get("rule") for f in findings if f.type == "injected_content"}


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


def test_a_hacked_page_with_commercial_text_blocks():
    html = as_page("本站提供网站优化、关键词排名服务，百度快照当天收录。", "通知公告")
    findings = gate(html, context=Context.CRAWL, kind="html")
    spam = [f for f in findings if f.type == "injected_content"]
    assert spam and spam[0].severity == "error"
    assert "网站优化" in spam[0].message


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
    ],
)
def test_ordinary_official_prose_is_not_injected(text):
    assert check_text(text, checkers=["injected_content"]) == []


def test_the_corpus_has_no_injected_content(corpus):
    for name, text in corpus.items():
        assert check_text(text, checkers=["injected_content"]) == [], name
        body = text.split("---", 2)[2]
        assert check_text(body, checkers=["injected_content"]) == [], name


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


# -- the monitor's crawl -------------------------------------------------------------
def test_the_crawl_reports_them(tmp_path):
    import datetime as dt

    from jiyue.monitor import CrawlConfig, crawl
    from jiyue.monitor.tests.server import LocalServer, Served

    host = "www.damaged.gov.cn"
    html = {"Content-Type": "text/html; charset=utf-8"}
    index = (
        '<html><head><title>首页</title></head><body><a href="/spun.html">通知</a>'
        '<a href="/residue.html">意见</a></body></html>'
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
        result = crawl(config, tmp_path)
    injected = [f for f in result.findings if f.type == "injected_content"]
    assert injected and all(f.url.endswith("/spun.html") for f in injected)
    assert {f.extra.get("rule") for f in injected} >= {"spam", "organ_slot"}
    residue = [
        f for f in result.findings if f.type == "garbled_text" and f.severity == "error"
    ]
    assert [f.url.rsplit("/", 1)[-1] for f in residue] == ["residue.html"]
    assert "残留标记" in residue[0].message
