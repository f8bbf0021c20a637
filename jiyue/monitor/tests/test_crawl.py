"""End-to-end crawls of the planted test site (see site.py) over loopback."""

from __future__ import annotations

import pytest

from jiyue.monitor import crawl
from jiyue.monitor.tests import site
from jiyue.monitor.tests.site import make_config

MONITOR_TYPES = {
    "unreachable",
    "broken_link",
    "insecure_link",
    "hidden_link",
    "stale_site",
    "stale_column",
    "empty_column",
}
S = f"http://{site.SITE}"
X = f"http://{site.ILLEGAL}"
EXPECTED = {
    *(("hidden_link", "veto", f"{S}/spam.html", f"{X}/{n}") for n in range(1, 16)),
    ("hidden_link", "veto", f"{S}/spam.html", f"http://{site.PARTNER}/bjl"),
    ("hidden_link", "error", f"{S}/spam.html", f"http://{site.PARTNER}/ad"),
    ("hidden_link", "error", f"{S}/spam.html", f"http://{site.SPAMMY}/"),
    ("broken_link", "error", f"{S}/", f"{S}/nope.html"),
    ("broken_link", "error", f"{S}/", f"{S}/loop-a"),
    ("broken_link", "error", f"{S}/", f"http://{site.OTHER}/missing"),
    ("broken_link", "error", f"{S}/gbk.html", f"{S}/nope-gbk.html"),
    ("broken_link", "error", f"{S}/malformed.html", f"{S}/nope2.html"),
    ("garbled_text", "warning", f"{S}/binary.html", None),
    ("stale_column", "warning", f"{S}/notice/", None),
    ("stale_column", "warning", f"{S}/yaowen/", None),
    ("empty_column", "warning", f"{S}/empty/", None),
}


def _monitor_findings(result):
    """The monitor's own findings (content checks of jiyue.quality left out)."""
    return [
        f
        for f in result.findings
        if f.type in MONITOR_TYPES
        or (f.type == "garbled_text" and f.url.endswith("binary.html"))
    ]


def _keys(findings):
    return {(f.type, f.severity, f.url, f.target) for f in findings}


@pytest.fixture(scope="module")
def full_crawl(server, tmp_path_factory):
    return crawl(make_config(server), tmp_path_factory.mktemp("state"))


def test_every_planted_fault_is_found_and_nothing_else(full_crawl):
    assert _keys(_monitor_findings(full_crawl)) == EXPECTED


def test_legitimate_hidden_markup_is_not_flagged(full_crawl):
    flagged = {f.target for f in full_crawl.findings if f.type == "hidden_link"}
    legit = {
        f"http://{site.WEIBO}/share/share.php?url=x",
        f"http://{site.GOV}/",
        f"http://{site.PEOPLE}/",
        f"http://{site.PEOPLE}/n",
        f"http://{site.GOV}/old",
        f"{S}/zhuanti/",
        f"{S}/news/",
        f"{S}/yaowen/",
    }
    assert not flagged & legit
    assert not [
        f for f in full_crawl.findings if f.type == "hidden_link" and f.url == f"{S}/"
    ]


def test_broken_link_evidence_names_status_or_error(full_crawl):
    by_target = {f.target: f for f in full_crawl.findings if f.type == "broken_link"}
    assert by_target[f"{S}/nope.html"].evidence == "HTTP 404"
    assert by_target[f"{S}/nope.html"].position.line == 16
    loop = by_target[f"{S}/loop-a"].evidence
    assert loop == f"重定向循环：{S}/loop-a → {S}/loop-b → {S}/loop-a"


def test_hidden_link_reports_technique_and_markup(full_crawl):
    found = {f.target: f for f in full_crawl.findings if f.type == "hidden_link"}
    encoded = found[f"{X}/10"]
    assert encoded.extra["techniques"] == ["encoded_script"]
    assert encoded.evidence == f'<a href="{X}/10">链接</a>'
    assert "非法网站名单" in encoded.message
    assert found[f"{X}/4"].extra["techniques"] == ["off_screen"]
    assert found[f"{X}/6"].extra["techniques"] == ["hidden_iframe"]
    assert found[f"{X}/7"].extra["techniques"] == ["tiny_marquee"]
    assert found[f"{X}/8"].extra["techniques"] == ["display_none"]
    assert found[f"{X}/14"].extra["techniques"] == ["comment"]
    assert found[f"{X}/15"].extra["techniques"] == ["noscript"]


def test_crawl_issues_cover_traps_caps_and_encodings(full_crawl):
    issues = {(i["kind"], i["url"]): i["detail"] for i in full_crawl.issues}
    assert issues[("oversized", f"{S}/big.html")] == "只检查了前 524288 字节"
    assert issues[("encoding", f"{S}/gbk.html")] == "gb18030"
    assert ("binary_as_html", f"{S}/binary.html") in issues
    assert ("query_variants_capped", f"{S}/calendar?date=2026-06") in issues
    crawled = full_crawl.summary["pages"]
    # 18 site addresses + 5 calendar months + the jsessionid-free /news/, less the
    # four that fail (nope, nope-gbk, nope2, loop-a): addresses checked, not pages.
    assert crawled == 20


def test_summary_counts(full_crawl):
    summary = full_crawl.summary
    assert summary["finished"] is True
    assert summary["veto"]["hidden_link"] == 16
    assert summary["urls_pending"] == 0


def test_interrupted_crawl_resumes_to_the_same_result(server, tmp_path, full_crawl):
    first = crawl(make_config(server, stop_after=7), tmp_path)
    assert first.finished is False
    assert first.summary["urls_pending"] > 0
    resumed = crawl(make_config(server), tmp_path, resume=True)
    assert resumed.finished is True
    assert [f.as_dict() for f in resumed.findings] == [
        f.as_dict() for f in full_crawl.findings
    ]


def test_links_only_finds_the_same_broken_links_without_the_page_checks(
    server, tmp_path, full_crawl
):
    result = crawl(make_config(server, links_only=True), tmp_path)
    assert result.summary["checks"] == "links"
    assert full_crawl.summary["checks"] == "content"
    assert {f.type for f in result.findings} == {"broken_link", "garbled_text"}
    broken = [f.as_dict() for f in result.findings if f.type == "broken_link"]
    assert broken == [
        f.as_dict() for f in full_crawl.findings if f.type == "broken_link"
    ]
    # The same URLs were checked: only what is read from each page differs.
    assert result.summary["urls_checked"] == full_crawl.summary["urls_checked"]
    assert result.summary["pages"] == full_crawl.summary["pages"]


def test_a_resumed_crawl_keeps_the_links_of_pages_read_before(server, tmp_path):
    """Links are committed with their page: stopping after the home page and
    resuming still reports the home page's broken links, with their positions."""
    first = crawl(make_config(server, links_only=True, stop_after=1), tmp_path)
    assert first.finished is False
    resumed = crawl(make_config(server, links_only=True), tmp_path, resume=True)
    home = {f.target: f.position for f in resumed.findings if f.url == f"{S}/"}
    assert home[f"{S}/nope.html"].line == 16
    assert f"{S}/loop-a" in home


def test_unreachable_start_url(tmp_path):
    from jiyue.monitor import CrawlConfig

    config = CrawlConfig(
        start_url="http://127.0.0.1:9/", loopback_only=True, retries=0, timeout=3
    )
    result = crawl(config, tmp_path)
    assert [(f.type, f.url) for f in result.findings] == [
        ("unreachable", "http://127.0.0.1:9/")
    ]
    assert result.findings[0].evidence == "连接失败：ConnectError"


def test_no_external_skips_other_hosts(server, tmp_path):
    result = crawl(make_config(server, check_external=False), tmp_path)
    targets = {f.target for f in result.findings if f.type == "broken_link"}
    assert f"http://{site.OTHER}/missing" not in targets
    assert f"{S}/nope.html" in targets
    hidden = {f.target for f in result.findings if f.type == "hidden_link"}
    assert len(hidden) == 18  # hidden links are judged even when not fetched


def test_max_pages_still_checks_every_link(server, tmp_path):
    result = crawl(make_config(server, max_pages=1), tmp_path)
    assert result.summary["pages"] == 1
    targets = {f.target for f in result.findings if f.type == "broken_link"}
    assert targets == {f"{S}/nope.html", f"{S}/loop-a", f"http://{site.OTHER}/missing"}


def test_slow_server_is_bounded_by_timeout(server, tmp_path):
    """The page answers later than the timeout: reported unreachable with the
    timeout as evidence (what is asserted is the outcome, never a duration)."""
    config = make_config(server, start_url=f"{S}/slow.html", timeout=0.5, retries=0)
    result = crawl(config, tmp_path)
    assert [(f.type, f.evidence) for f in result.findings] == [
        ("unreachable", "超时（0.5 秒）")
    ]


def test_content_checks_of_jiyue_quality_are_included(full_crawl):
    from jiyue.quality import Context, gate
    from jiyue.quality.gating import LEFT_TO_CALLER

    monitor_owned = LEFT_TO_CALLER[Context.CRAWL]
    _status, _headers, body = site.site_routes()["/news/a1.html"]
    url = f"{S}/news/a1.html"
    expected = gate(body.decode(), context=Context.CRAWL, kind="html", url=url)
    found = [f for f in full_crawl.findings if f.url == url]
    assert [f.type for f in expected] == ["privacy_leak"]
    assert all(f in found for f in expected)
    owned = {f.type for f in full_crawl.findings if f.type in monitor_owned}
    assert owned <= {"hidden_link", "broken_link"}
