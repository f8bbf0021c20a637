"""Writes of the monitor (``<entity>_<verb>(*, ...)``); each that matters logs its actor."""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import time
from pathlib import Path

import httpx
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from jiyue.cluster.models import SiteProfile
from jiyue.monitor import state_file
from jiyue.monitor.accessibility import axe_findings, browser_available, sample_pages
from jiyue.monitor.crawler import CrawlConfig, CrawlResult
from jiyue.monitor.fingerprints import fingerprint
from jiyue.monitor.models import AvailabilityProbe, Crawl, StoredFinding
from jiyue.monitor.network import (
    address_options,
    checked_client,
    connect_url,
    host_map,
    loopback_only,
    refusal,
    refused_at_connection,
    target_problem,
)
from jiyue.monitor.platform import (
    add_findings,
    crawl_options,
    record_findings,
    tamper_findings,
)
from jiyue.monitor.running import RESUME, RESUME_AFTER, claim, run_crawler, runner_lock
from jiyue.quality.findings import Finding

logger = logging.getLogger(__name__)
PROBE_TIMEOUT = 15.0
PROBE_MAX_REDIRECTS = 5
BATCH = 500


# -- crawls ---------------------------------------------------------------------


def site_start_url(profile: SiteProfile) -> str:
    return profile.site.root_url.rstrip("/") + "/"


def crawl_start(
    *, user=None, profile: SiteProfile | None = None, start_url: str = ""
) -> Crawl:
    """Records a queued crawl and enqueues it once the transaction commits."""
    from jiyue.monitor.tasks import crawl_run_task

    url = site_start_url(profile) if profile else start_url
    if not url.lower().startswith(("http://", "https://")):
        raise ValidationError(_("无效的网址：%(url)s") % {"url": url})
    problem = None if profile else target_problem(url)
    if problem:
        raise ValidationError(problem)
    with transaction.atomic():
        crawl = Crawl.objects.create(profile=profile, start_url=url, started_by=user)
        log(instance=crawl, action="jiyue.monitor.crawl_start", user=user)
        transaction.on_commit(lambda: crawl_run_task.enqueue(crawl_id=crawl.pk))
    return crawl


def crawl_config(crawl: Crawl, *, today: dt.date | None = None) -> CrawlConfig:
    return CrawlConfig(
        start_url=crawl.start_url,
        max_pages=getattr(settings, "JIYUE_MONITOR_MAX_PAGES", 5000),
        check_external=getattr(settings, "JIYUE_MONITOR_CHECK_EXTERNAL", True),
        host_map=host_map(crawl.start_url),
        loopback_only=loopback_only(),
        today=today or timezone.localdate(),
        **address_options(),
        **crawl_options(crawl.start_url),
    )


def crawl_state_dir(crawl: Crawl) -> Path:
    return Path(settings.VAR_DIR) / "monitor" / "crawls" / str(crawl.pk)


def crawl_run(*, crawl_id: int, today: dt.date | None = None) -> Crawl:
    """Runs a queued crawl to the end and stores its findings (a task's body).

    A crawl is never run twice at once. One whose runner died — its process gone on
    this machine, or silent for ``RESUME_AFTER`` on another — is resumed where its
    state file stopped (docs/decisions/0522)."""
    with runner_lock(crawl_id) as held:
        how = claim(crawl_id) if held else None
        crawl = Crawl.objects.select_related("profile").get(pk=crawl_id)
        if how is None:
            return crawl  # done, failed, or running: never twice
        return _run(crawl, today=today, resume=how == RESUME)


def _run(crawl: Crawl, *, today: dt.date | None, resume: bool) -> Crawl:
    state_dir = crawl_state_dir(crawl)
    try:
        _refuse_foreign_target(crawl)
        config = crawl_config(crawl, today=today)
        result = run_crawler(crawl, config, state_dir, resume=resume)
        Crawl.objects.filter(pk=crawl.pk).update(heartbeat_at=timezone.now())
        state = state_file(state_dir, config.start_url)
        if config.published:
            add_findings(result, tamper_findings(config.start_url, state))
            add_findings(result, record_findings(config.start_url))
        _add_accessibility(result, state)
    except Exception as exc:  # noqa: BLE001 - the crawl fails, the worker goes on
        Crawl.objects.filter(pk=crawl.pk).update(
            status=Crawl.Status.FAILED,
            finished_at=timezone.now(),
            error=_failure(exc)[:2000],
        )
        crawl.refresh_from_db()
        return crawl
    crawl_store_result(crawl=crawl, result=result)
    shutil.rmtree(state_dir, ignore_errors=True)
    return crawl


def crawls_resume_abandoned() -> list[int]:
    """Queues again every crawl whose runner has been silent for ``RESUME_AFTER``
    (a worker killed, a machine gone; the database task backend retries nothing)."""
    from jiyue.monitor.tasks import crawl_run_task

    abandoned = list(
        Crawl.objects.filter(status=Crawl.Status.RUNNING)
        .filter(
            Q(heartbeat_at__lt=timezone.now() - RESUME_AFTER)
            | Q(heartbeat_at__isnull=True, started_at__lt=timezone.now() - RESUME_AFTER)
        )
        .values_list("pk", flat=True)
    )
    for pk in abandoned:
        crawl_run_task.enqueue(crawl_id=pk)
    return abandoned


def _failure(exc: Exception) -> str:
    return "；".join(exc.messages) if isinstance(exc, ValidationError) else repr(exc)


def _refuse_foreign_target(crawl: Crawl) -> None:
    """A foreign crawl is checked again when it runs: its host may resolve
    elsewhere than when it was queued (docs/decisions/0512)."""
    problem = None if crawl.profile_id else target_problem(crawl.start_url)
    if problem:
        raise ValidationError(problem)


def _add_accessibility(result: CrawlResult, state: Path) -> None:
    """axe-core on a sample of the crawl's pages (one or two of each page type)."""
    if not getattr(settings, "JIYUE_MONITOR_AXE", True) or not browser_available():
        return
    if not result.finished or not state.exists():
        return
    sample = sample_pages(state)
    try:
        found = axe_findings(sample)
    except Exception as exc:  # noqa: BLE001 - no browser today: the crawl still counts
        logger.warning("monitor: axe-core skipped: %r", exc)
        result.issues.append(
            {"kind": "accessibility_skipped", "url": "", "detail": repr(exc)[:200]}
        )
        return
    add_findings(result, found)
    result.summary["accessibility_pages"] = len(sample)


@transaction.atomic
def crawl_store_result(*, crawl: Crawl, result: CrawlResult) -> None:
    """Stores the findings, carrying each one's status over from earlier crawls."""
    rows = [_stored(crawl, f) for f in result.findings]
    previous = _latest_by_fingerprint(crawl, {r.fingerprint for r in rows})
    for row in rows:
        _carry_status(row, previous.get(row.fingerprint))
    StoredFinding.objects.bulk_create(rows, batch_size=BATCH)
    crawl.summary = {**result.summary, "crawl_issue_list": result.issues[:500]}
    crawl.pages = result.summary["pages"]
    crawl.urls_done = crawl.urls_known = result.summary["urls_checked"]
    crawl.status = Crawl.Status.DONE
    crawl.finished_at = timezone.now()
    crawl.partial = {}
    crawl.save()


def _stored(crawl: Crawl, f: Finding) -> StoredFinding:
    return StoredFinding(
        crawl=crawl,
        type=f.type,
        severity=f.severity,
        url=f.url or "",
        target=f.target or "",
        evidence=f.evidence,
        message=f.message,
        line=f.position.line if f.position else None,
        column=f.position.column if f.position else None,
        pages=f.extra.get("pages", []),
        page_count=f.extra.get("page_count", 0),
        fingerprint=fingerprint(
            type=f.type, url=f.url, target=f.target, evidence=f.evidence
        ),
    )


def _latest_by_fingerprint(
    crawl: Crawl, fingerprints: set[str]
) -> dict[str, StoredFinding]:
    """For each fingerprint, its finding in the most recent earlier crawl of the site."""
    earlier = StoredFinding.objects.filter(crawl__status=Crawl.Status.DONE).exclude(
        crawl=crawl
    )
    if crawl.profile_id:
        earlier = earlier.filter(crawl__profile_id=crawl.profile_id)
    else:
        earlier = earlier.filter(
            crawl__profile__isnull=True, crawl__start_url=crawl.start_url
        )
    latest: dict[str, StoredFinding] = {}
    ordered = sorted(fingerprints)
    for i in range(0, len(ordered), BATCH):
        chunk = earlier.filter(fingerprint__in=ordered[i : i + BATCH])
        for found in chunk.order_by("-crawl_id", "pk"):
            latest.setdefault(found.fingerprint, found)
    return latest


def _carry_status(row: StoredFinding, before: StoredFinding | None) -> None:
    """Accepted stays accepted; fixed but found again reopens; open stays open."""
    if before is None:
        return
    if before.status == StoredFinding.Status.ACCEPTED:
        row.status = before.status
        row.reason = before.reason
        row.status_by_id = before.status_by_id
        row.status_at = before.status_at
    elif before.status == StoredFinding.Status.FIXED:
        row.reopened = True
    else:
        row.reopened = before.reopened


# -- findings -------------------------------------------------------------------


@transaction.atomic
def finding_mark_fixed(*, finding: StoredFinding, user) -> StoredFinding:
    _set_status(finding, StoredFinding.Status.FIXED, user, reason="")
    log(
        instance=finding,
        action="jiyue.monitor.finding_fixed",
        user=user,
        data=_log_data(finding),
    )
    return finding


@transaction.atomic
def finding_accept(*, finding: StoredFinding, user, reason: str) -> StoredFinding:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("接受问题时必须说明理由。"))
    _set_status(finding, StoredFinding.Status.ACCEPTED, user, reason=reason)
    log(
        instance=finding,
        action="jiyue.monitor.finding_accept",
        user=user,
        data={**_log_data(finding), "reason": reason},
    )
    return finding


def _set_status(finding: StoredFinding, status: str, user, *, reason: str) -> None:
    finding.status = status
    finding.reason = reason
    finding.status_by = user
    finding.status_at = timezone.now()
    finding.save(update_fields=["status", "reason", "status_by", "status_at"])


def _log_data(finding: StoredFinding) -> dict:
    return {
        "crawl": finding.crawl_id,
        "type": finding.type,
        "url": finding.url,
        "target": finding.target,
    }


# -- availability ---------------------------------------------------------------


def probe_site(
    *, profile: SiteProfile, now: dt.datetime | None = None
) -> AvailabilityProbe:
    """GETs the home page within 15 s and records whether it opened (站点可用性)."""
    url = site_start_url(profile)
    began = time.monotonic()
    status, error = _probe(url)
    elapsed = int((time.monotonic() - began) * 1000)
    return AvailabilityProbe.objects.create(
        profile=profile,
        at=now or timezone.now(),
        ok=error == "" and status is not None and status < 400,
        status_code=status,
        error=error[:200],
        elapsed_ms=elapsed,
    )


def probe_cluster(*, now: dt.datetime | None = None) -> int:
    profiles = SiteProfile.objects.select_related("site")
    return sum(1 for p in profiles if probe_site(profile=p, now=now))


def _probe(url: str) -> tuple[int | None, str]:
    deadline = time.monotonic() + PROBE_TIMEOUT
    with checked_client(follow_redirects=False) as client:
        for _hop in range(PROBE_MAX_REDIRECTS + 1):
            left = deadline - time.monotonic()
            if left <= 0:
                return None, _("超时（15 秒）")
            status, location, error = _probe_once(client, url, left)
            if error or not location:
                return status, error
            url = httpx.URL(url).join(location).__str__()
    return status, _("重定向次数过多")


def _probe_once(
    client: httpx.Client, url: str, timeout: float
) -> tuple[int | None, str | None, str]:
    refused = refusal(url)
    if refused:
        return None, None, refused
    target, headers = connect_url(url)
    try:
        response = client.get(target, headers=headers, timeout=timeout)
    except httpx.TimeoutException:
        return None, None, _("超时（15 秒）")
    except httpx.HTTPError as exc:
        if refused_at_connection(exc):
            return None, None, _("拒绝连接：本机、内网或保留地址")
        return None, None, _("连接失败：%(error)s") % {"error": type(exc).__name__}
    location = response.headers.get("location") if response.is_redirect else None
    return response.status_code, location, ""
