"""A live score per site from the rule data: vetoes, deductions capped per
indicator, the bonus above 80, 「证据不足」 never a pass; the command's contract."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from jiyue.assessment.models import Indicator, RuleSet
from jiyue.assessment.scoring import FAILED, INSUFFICIENT, QUALIFIED, score
from jiyue.cluster.models import SiteProfile
from jiyue.monitor.models import AvailabilityProbe, Crawl, StoredFinding
from jiyue.services.models import ServiceGuidePage, ServiceLinkCheck

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def beijing(demo_cluster):
    return SiteProfile.objects.select_related("site").get(code="1100000009")


def _monitored(profile, now, findings=()):
    """A week of good probes, a finished crawl with ``findings`` (type, n), the
    guides' links checked and answering."""
    AvailabilityProbe.objects.bulk_create(
        AvailabilityProbe(
            profile=profile, at=now - dt.timedelta(days=7) * (i + 0.5) / 168,
            ok=True, elapsed_ms=10,
        )
        for i in range(168)
    )  # fmt: skip
    crawl = Crawl.objects.create(
        profile=profile, start_url="http://beijing.localhost/",
        status=Crawl.Status.DONE, finished_at=now,
    )  # fmt: skip
    for kind, count in findings:
        for n in range(count):
            StoredFinding.objects.create(
                crawl=crawl, type=kind, severity="error", url=f"http://x/{n}",
                message=f"{kind} {n}", fingerprint=f"{kind}{n}",
            )  # fmt: skip
    guides = ServiceGuidePage.objects.descendant_of(profile.site.root_page)
    ServiceLinkCheck.objects.bulk_create(
        ServiceLinkCheck(guide=g, kind="online", url=g.online_url or f"https://s/{g.pk}",
                         ok=True, checked_at=now)
        for g in guides
    )  # fmt: skip
    return crawl


def _line(result, code):
    return next(line for line in result.lines if line.indicator.code == code)


def test_the_default_rule_set_is_the_2019_indicators_with_the_unconfirmed_marked():
    rules = RuleSet.objects.get(active=True)
    assert "国办秘函〔2019〕19号" in rules.version
    vetoes = rules.indicators.filter(kind="veto")
    assert vetoes.count() == 6
    assert vetoes.get(code="veto_services").unconfirmed
    assert not rules.indicators.get(code="policy_column_stale").unconfirmed


def test_without_a_crawl_or_probes_the_vetoes_are_insufficient_not_passed(beijing):
    result = score(beijing)
    assert result.verdict == INSUFFICIENT
    assert _line(result, "veto_unreachable").state == "证据不足"
    assert _line(result, "broken_links").found.count is None
    assert _line(result, "broken_links").points == 0


def test_a_monitored_clean_site_is_qualified_with_its_bonus(beijing):
    now = timezone.now()
    _monitored(beijing, now)
    result = score(beijing, now=now)
    assert not result.vetoes_failed, [
        (line.indicator.name, line.found.detail) for line in result.vetoes_failed
    ]
    assert result.verdict == QUALIFIED
    assert result.score == 100 - result.deductions and result.score > 80
    assert result.bonus == 5  # 集约化平台, counted above 80


def test_deductions_stop_at_the_indicators_points(beijing):
    now = timezone.now()
    _monitored(beijing, now, findings=[("broken_link", 30), ("typo", 2)])
    result = score(beijing, now=now)
    broken = _line(result, "broken_links")
    assert broken.found.count == 30 and broken.points == 10  # 30 × 0.5, capped at 10
    assert _line(result, "typos").points == 2
    assert len(broken.found.lines) == 10 and broken.found.lines[0][1] == "http://x/0"
    assert result.score == 100 - result.deductions


def test_a_veto_fails_the_site_and_the_office_can_switch_it_off(beijing):
    now = timezone.now()
    crawl = _monitored(beijing, now)
    StoredFinding.objects.create(
        crawl=crawl, type="sensitive_word", severity="veto", url="http://x/",
        message="严重表述错误", fingerprint="v1",
    )  # fmt: skip
    result = score(beijing, now=now)
    assert result.verdict == FAILED and result.bonus == 0
    assert [line.indicator.code for line in result.vetoes_failed] == ["veto_serious"]
    Indicator.objects.filter(code="veto_serious").update(enabled=False)
    assert score(beijing, now=now).verdict == QUALIFIED


def test_the_command_prints_the_same_as_json_and_refuses_an_unknown_site(
    beijing, capsys
):
    call_command("score", "--site", "1100000009", "--json")
    data = json.loads(capsys.readouterr().out)
    assert data["site"] == "1100000009" and data["verdict"] == "证据不足"
    assert {"code", "state", "count", "points", "evidence", "unconfirmed"} <= set(
        data["lines"][0]
    )
    call_command("score", "--site", "1100000009")
    text = capsys.readouterr().out
    assert text.startswith("北京市人民政府（1100000009）：证据不足")
    assert "[单项否决] 站点无法访问：证据不足" in text
    with pytest.raises(CommandError, match="没有标识码为 0000 的网站"):
        call_command("score", "--site", "0000")


@pytest.mark.second_factor
def test_the_cluster_table_and_a_sites_lines_by_tenancy(beijing, client, make_staff):
    from wagtail.models import Site

    from jiyue.cluster.roles import Role
    from tests.staff import login

    www = Site.objects.get(hostname="www.localhost")
    editor = make_staff("bianji-kh", Role.EDITOR, www)
    login(client, editor)
    table = client.get("/admin/assessment/").content.decode()
    assert "贵阳市人民政府" in table and "北京市人民政府" not in table
    assert client.get(f"/admin/assessment/site/{www.pk}/").status_code == 200
    assert client.get(f"/admin/assessment/site/{beijing.site_id}/").status_code == 404
    refused = client.get("/admin/assessment/indicators/")
    assert refused.status_code == 302 and refused.url == "/admin/"


def test_daily_records_give_the_trend_and_the_table_downloads(
    beijing, client, make_staff
):
    import io

    from openpyxl import load_workbook

    from jiyue.assessment.models import ScoreRecord
    from jiyue.assessment.scoring import cluster_scores, record_scores, trends
    from jiyue.assessment.tasks import record_scores_task
    from jiyue.cluster.roles import Role
    from tests.staff import login

    now = timezone.now()
    _monitored(beijing, now)
    yesterday = now - dt.timedelta(days=1)
    assert record_scores([beijing], now=yesterday) == 1
    ScoreRecord.objects.filter(site=beijing.site).update(score=90)
    changes = trends(cluster_scores([beijing], now=now))
    change = changes[beijing.site_id]
    assert change["since"] == timezone.localdate(yesterday) and change["change"] > 0
    assert (
        record_scores_task.call()
        == SiteProfile.objects.filter(closed_at__isnull=True).count()
    )
    assert ScoreRecord.objects.filter(day=timezone.localdate(now)).exists()
    login(client, make_staff("kh-office", Role.PLATFORM_OFFICE))
    assert "较" in client.get("/admin/assessment/").content.decode()
    answer = client.get("/admin/assessment/export.xlsx")
    rows = list(
        load_workbook(io.BytesIO(b"".join(answer.streaming_content))).active.values
    )
    assert rows[1][:3] == ("网站", "网站标识码", "结论")
    assert {r[1] for r in rows[2:]} >= {"1100000009", "5201000001"}


def test_security_events_and_the_sites_own_search_are_evidence(
    beijing, tmp_path, settings
):
    from jiyue.monitor.models import Alert
    from jiyue.search import indexing, lexicon

    now = timezone.now()
    settings.JIYUE_SEARCH_DIR = tmp_path / "search"
    lexicon.forget_local()
    before = _line(score(beijing, now=now), "search_own_documents")
    assert before.state == "证据不足" and "索引尚未建立" in before.found.detail
    assert _line(score(beijing, now=now), "security_events").state == "证据不足"
    _monitored(beijing, now)
    Alert.objects.create(profile=beijing, kind=Alert.Kind.TAMPERED,
                         opened_at=now - dt.timedelta(days=10), detail="首页被篡改")  # fmt: skip
    Alert.objects.create(profile=beijing, kind=Alert.Kind.UNREACHABLE,
                         opened_at=now - dt.timedelta(days=200))  # fmt: skip
    indexing.rebuild()
    result = score(beijing, now=now)
    events = _line(result, "security_events")
    assert events.found.count == 1 and events.points == 5  # the old outage is out
    assert "网页被篡改" in events.found.lines[0][0]
    search = _line(result, "search_own_documents")
    assert search.found.count == 0, search.found.lines  # its newest items are found
    assert search.found.detail == "按标题搜索本站最新信息 5 条，查不到 0 条"
    lexicon.forget_local()
