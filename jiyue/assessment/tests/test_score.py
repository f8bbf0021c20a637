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
