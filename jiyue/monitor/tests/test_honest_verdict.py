"""Issue 13, item 5: the monitor's verdict is honest.

Too few probes is 样本不足, never 不合格; a site never crawled is 尚未监测, never 未命中;
互动回应差 is judged from the interaction data; a broken target is one finding with the
pages that carry it; links this machine cannot reach are 无法验证, not broken; a site's
own forms are checked, not followed; progress counts pages and addresses apart.
"""

from __future__ import annotations

import datetime as dt
import secrets
from urllib.parse import quote

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from jiyue.monitor import crawl
from jiyue.monitor.crawler.fetch import DNS_FAILED, LOOPBACK_ONLY
from jiyue.monitor.crawler.scope import no_follow
from jiyue.monitor.models import AvailabilityProbe, Crawl
from jiyue.monitor.output import summary_lines
from jiyue.monitor.running import _Progress, _save_progress
from jiyue.monitor.tests.server import LocalServer, Served
from jiyue.monitor.tests.site import TODAY, html
from jiyue.monitor.verdict import (
    FAILED,
    INSUFFICIENT,
    PASSED,
    UNMONITORED,
    cluster_rows,
    site_verdict,
)
from jiyue.publishing.nginx import DYNAMIC_PREFIXES

HOST = "www.honest.gov.cn"
OFFLINE = "www.elsewhere.org.cn"  # not mapped: loopback_only refuses it
S = f"http://{HOST}"


# -- the crawl ----------------------------------------------------------------


class _Recorder:
    def __init__(self) -> None:
        self.paths: list[str] = []


def _site(recorder: _Recorder) -> Served:
    def form(path: str):
        recorder.paths.append(path)
        this = f"{S}{path}"
        return html(
            f'<a href="/hudong/jiucuo/?url={quote(this, safe="")}">纠错</a>'
            '<a href="/from-form.html">表单后面的页面</a>'
        )

    def search(path: str):
        recorder.paths.append(path)
        return html('<a href="/from-search.html">搜索结果</a>')

    def page(path: str):
        recorder.paths.append(path)
        return html("<p>不应被抓取</p>")

    def jiucuo(page_url: str) -> str:
        return f'<a href="/hudong/jiucuo/?url={quote(page_url, safe="")}">我要纠错</a>'

    common = f'<a href="/nope.html">坏链接</a><a href="http://{OFFLINE}/x">外网</a>'
    routes = {
        "/": html(
            '<a href="/a.html">甲</a><a href="/b.html">乙</a><a href="/search?q=1">搜索</a>'
            + common
            + jiucuo(f"{S}/")
        ),
        "/a.html": html(common + jiucuo(f"{S}/a.html")),
        # Twice on one page, once more as the same page under another address.
        "/b.html": html(
            common + '<a href="/nope.html">又一次</a><a href="/b.html?">自己</a>'
        ),
        "/hudong/jiucuo/": form,
        "/search": search,
        "/from-form.html": page,
        "/from-search.html": page,
    }
    return Served(routes={HOST: routes}, fallback={})


def _config(server: LocalServer, **overrides):
    from jiyue.monitor import CrawlConfig

    settings = {
        "start_url": f"{S}/",
        "host_map": {HOST: server.address},
        "loopback_only": True,
        "today": TODAY,
        "timeout": 5.0,
        "retries": 0,
        "external_interval": 0.0,
        "workers": 0,
        "dynamic_prefixes": DYNAMIC_PREFIXES,
    }
    settings.update(overrides)
    return CrawlConfig(**settings)


@pytest.fixture
def honest(tmp_path):
    recorder = _Recorder()
    with LocalServer(_site(recorder)) as server:
        yield server, recorder


def test_a_broken_target_is_one_finding_with_every_page_that_carries_it(
    honest, tmp_path
):
    server, _recorder = honest
    result = crawl(_config(server), tmp_path)
    broken = [f for f in result.findings if f.type == "broken_link"]
    assert [f.target for f in broken] == [f"{S}/nope.html"]
    (finding,) = broken
    assert finding.extra["pages"] == [f"{S}/", f"{S}/a.html", f"{S}/b.html"]
    assert finding.extra["page_count"] == 3
    assert finding.url == f"{S}/"
    assert "3 个页面有此链接" in finding.message
    assert result.summary["by_type"]["broken_link"] == 1


def test_links_the_machine_cannot_reach_are_unverified_not_broken(honest, tmp_path):
    server, _recorder = honest
    result = crawl(_config(server), tmp_path)
    targets = {f.target for f in result.findings}
    assert f"http://{OFFLINE}/x" not in targets
    unverified = [i for i in result.issues if i["kind"] == "unverified_link"]
    assert [i["url"] for i in unverified] == [f"http://{OFFLINE}/x"]
    assert unverified[0]["detail"].startswith("无法验证（无外网）：" + LOOPBACK_ONLY)
    assert "3 个页面有此链接" in unverified[0]["detail"]
    assert result.summary["unverified_links"] == 1
    lines = summary_lines(result)
    assert "无法验证（无外网）的链接 1 个，未计入链接不可用" in lines


def test_the_sites_own_forms_are_checked_once_and_never_followed(honest, tmp_path):
    server, recorder = honest
    result = crawl(_config(server), tmp_path)
    forms = [p for p in recorder.paths if p.startswith("/hudong/")]
    assert len(forms) == 1  # one check of the form, not one per page, not recursive
    assert "/from-form.html" not in recorder.paths
    assert "/from-search.html" not in recorder.paths  # /search is the app's
    assert result.summary["pages"] == 3  # /, /a.html, /b.html
    assert not any(i["kind"] == "repeated_path" for i in result.issues)


def test_a_foreign_sites_forms_about_other_pages_are_not_followed(honest, tmp_path):
    server, recorder = honest
    crawl(_config(server, dynamic_prefixes=()), tmp_path)
    forms = [p for p in recorder.paths if p.startswith("/hudong/")]
    assert len(forms) == 1  # ?url=… carries an address: checked, not followed
    assert "/from-form.html" not in recorder.paths
    assert "/from-search.html" in recorder.paths  # an ordinary query is followed


def test_no_follow_rule():
    assert no_follow(f"{S}/hudong/jiucuo/?url=x", DYNAMIC_PREFIXES)
    assert no_follow(f"{S}/_care/", DYNAMIC_PREFIXES)
    assert no_follow(f"{S}/list?returnUrl=%2Fa%2F")
    assert no_follow(f"{S}/go?to=https%3A%2F%2Fexample.org%2F")
    assert not no_follow(f"{S}/news/?page=2", DYNAMIC_PREFIXES)
    assert not no_follow(f"{S}/hudong/")  # foreign site: no dynamic prefixes


def test_progress_counts_pages_and_addresses_that_add_up(honest, tmp_path):
    server, _recorder = honest
    calls: list[tuple[int, int, int]] = []
    result = crawl(_config(server), tmp_path, progress=lambda *args: calls.append(args))
    done, _known, pages = calls[-1]
    assert pages == result.summary["pages"] == 3
    assert done == result.summary["urls_checked"]
    assert any(p > 0 for d, _k, p in calls if d < done)  # pages counted as it goes
    line = summary_lines(result)[1]
    other = result.summary["urls_checked"] - 3
    assert line.startswith(
        f"检查地址 {done} 个（页面 3 个，其他链接与资源 {other} 个）"
    )


@pytest.mark.django_db
def test_the_progress_line_shows_pages_even_before_the_state_is_committed(
    tmp_path, client
):
    running = Crawl.objects.create(start_url=f"{S}/", status=Crawl.Status.RUNNING)
    progress = _Progress()
    progress(135, 200, 40)
    _save_progress(running, progress, tmp_path / "not-yet-committed.sqlite3")
    running.refresh_from_db()
    assert (running.pages, running.urls_done, running.other_urls) == (40, 135, 95)
    office = get_user_model().objects.create_superuser("o", "o@x.org", "x" * 12)
    client.force_login(office)
    page = client.get(reverse("monitor_admin:foreign_crawl", args=[running.pk]))
    text = page.content.decode()
    assert "135 / 200" in text
    assert "其中已分析页面 40，其他链接与资源 95" in text


# -- the verdict --------------------------------------------------------------


def _indicator(portal, key, now):
    return {i.key: i for i in site_verdict(portal, now=now)}[key]


def _probes(portal, now, *, total, failed, days=7):
    AvailabilityProbe.objects.bulk_create(
        AvailabilityProbe(
            profile=portal,
            at=now - dt.timedelta(days=days) * (i + 0.5) / total,
            ok=i >= failed,
            elapsed_ms=10,
        )
        for i in range(total)
    )


@pytest.mark.django_db
def test_two_failed_probes_in_a_week_are_too_few_to_fail_a_site(portal):
    now = timezone.now()
    _probes(portal, now, total=2, failed=2)
    unreachable = _indicator(portal, "unreachable", now)
    assert unreachable.state == INSUFFICIENT
    assert not unreachable.failed and not unreachable.judged
    assert unreachable.state_name == "样本不足"
    assert "无法判定" in unreachable.detail


@pytest.mark.django_db
def test_enough_probes_over_the_whole_week_are_needed(portal):
    now = timezone.now()
    _probes(portal, now, total=140, failed=140, days=3)  # 140, but in three days
    assert _indicator(portal, "unreachable", now).state == INSUFFICIENT
    AvailabilityProbe.objects.all().delete()
    _probes(portal, now, total=140, failed=7)  # 20 a day, 5 % failed
    assert _indicator(portal, "unreachable", now).state == FAILED
    AvailabilityProbe.objects.all().delete()
    _probes(portal, now, total=140, failed=6)
    assert _indicator(portal, "unreachable", now).state == PASSED


@pytest.mark.django_db
def test_a_site_never_crawled_says_so_and_never_reads_as_a_pass(portal, client):
    now = timezone.now()
    stale = _indicator(portal, "stale_site", now)
    assert stale.state == UNMONITORED and stale.state_name == "尚未监测"
    office = get_user_model().objects.create_superuser("o", "o@x.org", "x" * 12)
    client.force_login(office)
    text = client.get(reverse("monitor_admin:site", args=[portal.code])).content
    text = text.decode()
    assert "尚未监测" in text and "样本不足" in text
    table = text.split("今天会不会被单项否决")[1].split("</table>")[0]
    stale_row = table.split('class="verdict-stale_site')[1].split("</tr>")[0]
    assert "尚未监测" in stale_row and "未命中" not in stale_row
    assert "verdict-unreachable verdict-insufficient" in table
    row = next(r for r in cluster_rows([portal], now) if r["profile"] == portal)
    assert {i.key for i in row["unjudged"]} >= {"unreachable", "stale_site"}
    cluster = client.get(reverse("monitor_admin:cluster")).content.decode()
    assert "无法判定" in cluster


def _quiet_portal(portal):
    """The demo's own letters answered in time, so a test decides what is late."""
    from jiyue.interaction.models import Message, Status

    Message.objects.filter(mailbox__site=portal.site).update(status=Status.REFUSED)


def _letter(portal, *, submitted, replied=None, status="accepted", kind=None):
    from jiyue.interaction.models import Mailbox, MailboxKind, Message

    boxes = Mailbox.objects.filter(site=portal.site)
    if kind:
        boxes = boxes.filter(kind=kind)
    else:
        boxes = boxes.exclude(kind=MailboxKind.ERROR_REPORT)
    return Message.objects.create(
        mailbox=boxes.first(),
        tracking_no="T" + secrets.token_hex(6),
        subject="路灯不亮",
        content="小区门口路灯坏了三个月。",
        submitted_at=submitted,
        replied_at=replied,
        status=status,
    )


@pytest.mark.django_db
def test_a_valid_letter_unanswered_for_three_months_fails_interaction(portal, client):
    now = timezone.now()
    _quiet_portal(portal)
    assert _indicator(portal, "interaction", now).state == PASSED
    _letter(portal, submitted=now - dt.timedelta(days=80))  # not yet three months
    _letter(portal, submitted=now - dt.timedelta(days=100), status="refused")
    _letter(portal, submitted=now - dt.timedelta(days=400))  # older than a year
    _letter(
        portal,
        submitted=now - dt.timedelta(days=200),
        replied=now - dt.timedelta(days=190),
        status="replied",
    )
    assert _indicator(portal, "interaction", now).state == PASSED
    late = _letter(portal, submitted=now - dt.timedelta(days=100))
    answered_late = _letter(
        portal,
        submitted=now - dt.timedelta(days=300),
        replied=now - dt.timedelta(days=150),
        status="published",
    )
    indicator = _indicator(portal, "interaction", now)
    assert indicator.state == FAILED
    assert "2 条有效留言超过 3 个月未回应" in indicator.detail
    texts = [e.text for e in indicator.evidence]
    assert any(late.tracking_no in t and "至今未答复" in t for t in texts)
    assert any(answered_late.tracking_no in t and "才答复" in t for t in texts)
    office = get_user_model().objects.create_superuser("o", "o@x.org", "x" * 12)
    client.force_login(office)
    text = client.get(reverse("monitor_admin:site", args=[portal.code])).content
    assert reverse("interaction_admin:case", args=[late.pk]) in text.decode()


@pytest.mark.django_db
def test_no_public_mailbox_is_no_working_channel(portal):
    from jiyue.interaction.models import Mailbox

    now = timezone.now()
    Mailbox.objects.filter(site=portal.site).update(is_active=False)
    indicator = _indicator(portal, "interaction", now)
    assert indicator.state == FAILED
    assert "没有可用的互动渠道" in indicator.detail


def _store_with_failed_external(tmp_path, *, other_answered: bool):
    from jiyue.monitor.crawler.store import Store

    tmp_path.mkdir()
    store = Store(tmp_path / "state.sqlite3")
    _n, ids = store.add_new_urls(
        [
            (f"{S}/", "page", 0),
            ("http://gone.example.cn/", "external", 1),
            ("http://answers.example.cn/", "external", 1),
        ]
    )
    page, gone, answers = ids.values()
    store.finish(page, status=200, parsed=True)
    store.finish(gone, error=DNS_FAILED)
    if other_answered:
        store.finish(answers, status=200)
    else:
        store.finish(answers, error=DNS_FAILED)
    store.add_links(page, [(gone, 3, 1), (answers, 4, 1)])
    return store


def test_dns_failures_are_unverified_only_when_nothing_outside_answered(tmp_path):
    from jiyue.monitor.crawler.report import broken_links

    offline = _store_with_failed_external(tmp_path / "a", other_answered=False)
    assert broken_links(offline) == []
    assert {i["url"] for i in offline.issues()} == {
        "http://gone.example.cn/",
        "http://answers.example.cn/",
    }
    online = _store_with_failed_external(tmp_path / "b", other_answered=True)
    found = broken_links(online)
    assert [(f.target, f.evidence) for f in found] == [
        ("http://gone.example.cn/", DNS_FAILED)
    ]
    assert online.issues() == []
