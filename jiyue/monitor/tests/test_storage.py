"""Stored crawls: findings kept in the contract's shape, statuses carried across
crawls by fingerprint, actions logged with their actor, availability probes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.models import ModelLogEntry

from jiyue.monitor import services
from jiyue.monitor.fingerprints import fingerprint
from jiyue.monitor.models import AvailabilityProbe, Crawl, StoredFinding
from jiyue.monitor.selectors import availability
from jiyue.monitor.tests import platform_site
from jiyue.monitor.verdict import site_verdict

pytestmark = pytest.mark.django_db
ROOT = platform_site.ROOT


@pytest.fixture
def office_user(db):
    return get_user_model().objects.create_superuser(
        "office", "o@example.org", "x" * 12
    )


def _crawl(portal, user=None) -> Crawl:
    crawl = Crawl.objects.create(profile=portal, start_url=ROOT, started_by=user)
    return services.crawl_run(crawl_id=crawl.pk)


def _broken(crawl: Crawl) -> dict[str, StoredFinding]:
    return {f.target: f for f in crawl.findings.filter(type="broken_link")}


def test_fingerprint_ignores_position_message_and_host():
    a = fingerprint(
        type="broken_link", url=f"{ROOT}x/", target="/y", evidence="HTTP 404"
    )
    b = fingerprint(
        type="broken_link",
        url="https://www.localhost:8000/x/",
        target="/y",
        evidence="HTTP  404",
    )
    assert a == b
    assert a != fingerprint(
        type="broken_link", url=f"{ROOT}x/", target="/z", evidence="HTTP 404"
    )


def test_freshness_fingerprint_survives_a_new_latest_date():
    old = fingerprint(
        type="stale_column", url=ROOT, target=None, evidence="最新信息日期：2026-01-01"
    )
    new = fingerprint(
        type="stale_column", url=ROOT, target=None, evidence="最新信息日期：2026-02-01"
    )
    assert old == new


def test_crawl_run_stores_findings_in_contract_shape(platform_server, portal):
    crawl = _crawl(portal)
    assert crawl.status == Crawl.Status.DONE
    assert crawl.pages >= 3
    assert crawl.finished_at is not None
    broken = _broken(crawl)
    assert set(broken) == {f"{ROOT}gone.html", f"{ROOT}yaowen/missing.html"}
    finding = broken[f"{ROOT}gone.html"].as_dict()
    assert finding["url"] == ROOT
    assert finding["evidence"] == "HTTP 404"
    assert set(finding) == {
        "type",
        "severity",
        "url",
        "target",
        "evidence",
        "message",
        "position",
    }
    assert crawl.summary["by_type"]["broken_link"] == 2
    assert crawl.progress == 100


def test_crawl_of_an_unreachable_site_is_done_with_an_unreachable_finding(
    platform_server, portal
):
    platform_server.served.routes.clear()
    crawl = _crawl(portal)
    assert crawl.status == Crawl.Status.DONE
    assert list(crawl.findings.values_list("type", flat=True)) == ["unreachable"]


def test_a_crawl_runs_only_once(platform_server, portal):
    crawl = _crawl(portal)
    count = crawl.findings.count()
    again = services.crawl_run(crawl_id=crawl.pk)
    assert again.findings.count() == count


def test_fixed_findings_reopen_when_found_again_and_stay_fixed_otherwise(
    platform_server, portal, office_user
):
    first = _crawl(portal)
    broken = _broken(first)
    gone, missing = broken[f"{ROOT}gone.html"], broken[f"{ROOT}yaowen/missing.html"]
    services.finding_mark_fixed(finding=gone, user=office_user)
    services.finding_mark_fixed(finding=missing, user=office_user)
    # the editor really fixed /yaowen/ (the old link now works), not the home page
    platform_server.served.routes[platform_site.HOST]["/yaowen/missing.html"] = (
        platform_site.routes()["/yaowen/a1.html"]
    )
    second = _broken(_crawl(portal))
    assert set(second) == {f"{ROOT}gone.html"}
    assert second[f"{ROOT}gone.html"].status == StoredFinding.Status.OPEN
    assert second[f"{ROOT}gone.html"].reopened
    missing.refresh_from_db()
    assert missing.status == StoredFinding.Status.FIXED


def test_accepted_findings_stay_accepted_with_their_reason(
    platform_server, portal, office_user
):
    first = _broken(_crawl(portal))[f"{ROOT}gone.html"]
    services.finding_accept(finding=first, user=office_user, reason="页面按规定已撤下")
    again = _broken(_crawl(portal))[f"{ROOT}gone.html"]
    assert again.status == StoredFinding.Status.ACCEPTED
    assert again.reason == "页面按规定已撤下"
    assert again.status_by == office_user


def test_accepting_needs_a_reason_and_is_logged_with_the_actor(
    platform_server, portal, office_user
):
    finding = _broken(_crawl(portal))[f"{ROOT}gone.html"]
    with pytest.raises(ValidationError):
        services.finding_accept(finding=finding, user=office_user, reason="  ")
    services.finding_accept(finding=finding, user=office_user, reason="外部原因")
    entry = ModelLogEntry.objects.get(action="jiyue.monitor.finding_accept")
    assert entry.user == office_user
    assert entry.object_id == str(finding.pk)
    assert entry.data["reason"] == "外部原因"
    services.finding_mark_fixed(finding=finding, user=office_user)
    assert ModelLogEntry.objects.filter(
        action="jiyue.monitor.finding_fixed", user=office_user
    ).exists()


def test_probe_records_success_and_failure(platform_server, portal):
    ok = services.probe_site(profile=portal)
    assert ok.ok and ok.status_code == 200 and ok.elapsed_ms >= 0
    platform_server.served.routes.clear()
    down = services.probe_site(profile=portal)
    assert not down.ok and down.status_code == 404


def test_probe_never_leaves_loopback(settings, portal):
    settings.JIYUE_MONITOR_LOOPBACK_ONLY = True
    settings.JIYUE_MONITOR_HOST_MAP = {platform_site.NETLOC: "192.0.2.1:80"}
    probe = services.probe_site(profile=portal)
    assert not probe.ok
    assert "本机" in probe.error


def _probes(portal, now, total, failed):
    """``total`` probes spread evenly over the week before ``now`` (140: 20 a day)."""
    AvailabilityProbe.objects.bulk_create(
        AvailabilityProbe(
            profile=portal,
            at=now - dt.timedelta(days=7) * (i + 0.5) / total,
            ok=i >= failed,
            status_code=200 if i >= failed else None,
            elapsed_ms=10,
        )
        for i in range(total)
    )


def test_weekly_unavailability_of_five_per_cent_is_a_veto(portal):
    now = timezone.now()
    _probes(portal, now, total=140, failed=6)  # 4.3 %
    assert availability(portal, now=now).failed == 6
    indicator = site_verdict(portal, now=now)[0]
    assert indicator.key == "unreachable" and not indicator.failed
    AvailabilityProbe.objects.all().delete()
    _probes(portal, now, total=140, failed=7)  # 5 %
    indicator = site_verdict(portal, now=now)[0]
    assert indicator.failed
    assert "140" in indicator.detail


def test_probes_older_than_a_week_do_not_count(portal):
    now = timezone.now()
    _probes(portal, now - dt.timedelta(days=8), total=20, failed=20)
    assert availability(portal, now=now).total == 0
