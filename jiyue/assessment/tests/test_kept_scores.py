"""The cluster table of 考核评分 shows each site's score as kept for the day
(ADR 1902): the stored figures with their time; a site without a record of today
with the active rule set is scored when the table is opened; 重新计算 scores one
site now."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone
from wagtail.models import Site

from jiyue.assessment.models import RuleSet, ScoreRecord
from jiyue.assessment.scoring import (
    active_rule_set,
    cluster_scores,
    kept_scores,
    score,
)
from jiyue.cluster.models import SiteProfile
from jiyue.cluster.roles import Role
from tests.staff import login

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def beijing(demo_cluster):
    return SiteProfile.objects.select_related("site").get(code="1100000009")


@pytest.fixture
def office(make_staff):
    return login(Client(), make_staff("kept-office", Role.PLATFORM_OFFICE))


def _today_at(hour: int, minute: int) -> dt.datetime:
    return timezone.make_aware(
        dt.datetime.combine(timezone.localdate(), dt.time(hour, minute))
    )


def test_kept_scores_are_the_live_scores_in_the_same_order(demo_cluster):
    profiles = list(SiteProfile.objects.select_related("site__root_page"))
    now = timezone.now()
    live = cluster_scores(profiles, now=now)
    first = kept_scores(profiles, now=now)  # none kept yet: scored and kept
    again = kept_scores(profiles, now=now)  # read from the records

    def figures(rows):
        return [(s.profile.site_id, s.verdict, s.score, s.bonus, s.at) for s in rows]

    assert figures(first) == figures(live) == figures(again)
    assert [(s.vetoes, s.insufficient) for s in again] == [
        ([line.indicator.name for line in s.vetoes_failed], len(s.unjudged))
        for s in live
    ]
    assert ScoreRecord.objects.filter(
        day=timezone.localdate(now), computed_at=now
    ).count() == len(profiles)


def test_the_office_table_shows_the_kept_score_and_its_time(beijing, office):
    ScoreRecord.objects.create(
        site=beijing.site, day=timezone.localdate(), rule_set=active_rule_set(),
        verdict="合格", score=Decimal("77.50"), bonus=Decimal("1.50"),
        computed_at=_today_at(6, 7), vetoes=["保存的否决项"], insufficient=3,
    )  # fmt: skip
    page = office.get("/admin/assessment/").content.decode()
    row = page[page.index("（1100000009）") :].split("</tr>")[0]
    assert "<strong>合格</strong>" in row
    assert "<td>77.5</td><td>1.5</td>" in row
    assert "保存的否决项" in row and "<td>3</td>" in row
    assert "06:07" in row and "重新计算" in row
    assert "本表得分计算于" in page
    # the other sites had no record today: scored now and kept
    others = Site.objects.exclude(pk=beijing.site_id).filter(profile__isnull=False)
    kept = ScoreRecord.objects.filter(day=timezone.localdate(), site__in=others)
    assert kept.count() == others.count()
    assert not kept.filter(computed_at__isnull=True).exists()


@pytest.mark.parametrize("stale", ["other rule set", "kept before the time was"])
def test_a_stale_record_is_scored_again(beijing, office, stale):
    rules = active_rule_set()
    if stale == "other rule set":
        rules = RuleSet.objects.create(name="旧指标", version="旧版本")
    ScoreRecord.objects.create(
        site=beijing.site, day=timezone.localdate(), rule_set=rules,
        verdict="不合格", score=Decimal("12"), bonus=Decimal("0"),
        computed_at=None if stale != "other rule set" else _today_at(0, 1),
    )  # fmt: skip
    page = office.get("/admin/assessment/").content.decode()
    row = page[page.index("（1100000009）") :].split("</tr>")[0]
    record = ScoreRecord.objects.get(site=beijing.site, day=timezone.localdate())
    live = score(beijing)
    assert record.rule_set == active_rule_set() and record.computed_at is not None
    assert (record.verdict, record.score, record.bonus) == (
        live.verdict, live.score, live.bonus,
    )  # fmt: skip
    assert "<td>12</td>" not in row and f"<strong>{live.verdict}</strong>" in row


def test_recompute_scores_one_site_now(beijing, office, make_staff):
    office.get("/admin/assessment/")
    record = ScoreRecord.objects.get(site=beijing.site, day=timezone.localdate())
    ScoreRecord.objects.filter(pk=record.pk).update(
        score=Decimal("12"), computed_at=_today_at(0, 1)
    )
    other = ScoreRecord.objects.exclude(pk=record.pk).first()
    answer = office.post(f"/admin/assessment/site/{beijing.site_id}/recompute/")
    assert answer.status_code == 302
    assert answer["Location"] == "/admin/assessment/"
    record.refresh_from_db()
    assert record.score == score(beijing).score and record.score != Decimal("12")
    assert record.computed_at > _today_at(0, 1)
    assert ScoreRecord.objects.get(pk=other.pk).computed_at == other.computed_at
    page = office.get("/admin/assessment/").content.decode()
    assert "已重新计算“" in page
    # a GET does not recompute; the editor of another site may not
    assert office.get(f"/admin/assessment/site/{beijing.site_id}/recompute/").status_code == 405  # fmt: skip
    ankang = Site.objects.get(hostname="ankang.localhost")
    editor = login(Client(), make_staff("kept-editor", Role.EDITOR, ankang))
    refused = editor.post(f"/admin/assessment/site/{beijing.site_id}/recompute/")
    assert refused.status_code in (302, 403, 404)
    record.refresh_from_db()
    ScoreRecord.objects.filter(pk=record.pk).update(score=Decimal("12"))
    editor.post(f"/admin/assessment/site/{beijing.site_id}/recompute/")
    assert ScoreRecord.objects.get(pk=record.pk).score == Decimal("12")
