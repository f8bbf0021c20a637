"""The compliance engine's one entry point: the context chooses the checkers
(docs/decisions/0112-one-compliance-gate.md)."""

from __future__ import annotations

import pytest

from jiyue.quality import Context, check_html, check_text, gate
from jiyue.quality.gating import checkers_for

HIDDEN = (
    '<p>本站通知。</p><div style="display:none">'
    '<a href="http://bocai.example.com/">博彩</a></div>'
)
LEAK = "联系人身份证号 110101199003078515，电话 13800138000。"


def keys(context) -> set[str]:
    return {c.key() for c in checkers_for(context)}


def test_the_citizen_context_runs_the_sensitive_word_checker_only():
    assert keys(Context.CITIZEN) == {"sensitive_word"}
    # A privacy leak in a letter is the citizen's own business, not a refusal.
    assert gate(LEAK, context=Context.CITIZEN) == []


def test_pre_publish_adds_the_statistical_typos_to_the_defaults(settings):
    settings.JIYUE_GATE_STATISTICAL_TYPOS = True
    assert keys(Context.PRE_PUBLISH) == keys(Context.REPLY) | {"typo_statistical"}
    settings.JIYUE_GATE_STATISTICAL_TYPOS = False
    assert keys(Context.PRE_PUBLISH) == keys(Context.REPLY)


def test_reply_judges_as_the_engine_does_by_default():
    assert gate(LEAK, context=Context.REPLY) == check_text(LEAK)
    assert "privacy_leak" in {f.type for f in gate(LEAK, context="reply")}


def test_the_crawl_leaves_links_to_the_monitor_and_locates_findings():
    url = "https://www.example.gov.cn/a.html"
    direct = {f.type for f in check_html(HIDDEN, url=url)}
    assert "hidden_link" in direct
    crawled = gate(HIDDEN, context=Context.CRAWL, kind="html", url=url)
    assert "hidden_link" not in {f.type for f in crawled}
    assert all(f.url == url for f in crawled)
    published = gate(HIDDEN, context=Context.PRE_PUBLISH, kind="html")
    assert "hidden_link" in {f.type for f in published}


def test_a_file_is_judged_by_its_bytes():
    found = gate(b"%PDF-1.4 broken", context=Context.CRAWL, kind="file",
                 filename="a.pdf", url="https://x.gov.cn/a.pdf")  # fmt: skip
    assert found and all(f.type == "garbled_text" for f in found)
    assert all(f.url == "https://x.gov.cn/a.pdf" for f in found)


def test_an_unknown_context_or_kind_is_refused():
    with pytest.raises(ValueError):
        gate("正文", context="somewhere")
    with pytest.raises(ValueError):
        gate("正文", context=Context.REPLY, kind="pdf")
