"""The crawl loop: claims URLs from the on-disk frontier and processes them concurrently."""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from jiyue.monitor.checks import content
from jiyue.monitor.crawler import report, resources
from jiyue.monitor.crawler.analyse import Analysis, analyse_html, finish_hidden
from jiyue.monitor.crawler.config import CrawlConfig
from jiyue.monitor.crawler.decode import HTML_TYPES
from jiyue.monitor.crawler.fetch import Fetcher, FetchResult
from jiyue.monitor.crawler.robots import Robots
from jiyue.monitor.crawler.scope import (
    ASSET,
    ATTACHMENT,
    EXTERNAL,
    PAGE,
    Site,
    no_follow,
    trap_reason,
    variant_cap,
)
from jiyue.monitor.crawler.store import DONE, SKIPPED, Row, Store
from jiyue.monitor.crawler.tamper import TamperCheck
from jiyue.monitor.crawler.urls import host_of, normalize, query_of
from jiyue.monitor.crawler.workers import WorkerError, WorkerPool, worker_count
from jiyue.monitor.i18n import _
from jiyue.quality.findings import Finding

logger = logging.getLogger(__name__)
# (URLs checked, URLs known, pages analysed): pages are part of the URLs checked.
Progress = Callable[[int, int, int], None]
COMMIT_EVERY = 512  # URLs between two commits: what a crash may make re-fetch
CLAIM_BATCH = 64  # internal URLs taken from the frontier at once
ID_MEMO = 50_000  # URL -> frontier id, about 8 MB at most


class StartURLError(ValueError):
    """The start URL is not an http(s) address."""


@dataclass
class CrawlResult:
    findings: list[Finding]
    summary: dict
    finished: bool
    issues: list[dict[str, str]] = field(default_factory=list)


class Crawler:
    def __init__(
        self,
        config: CrawlConfig,
        state_path: Path,
        *,
        resume: bool = False,
        progress: Progress | None = None,
    ) -> None:
        start = normalize(config.start_url)
        if start is None:
            raise StartURLError(config.start_url)
        self.home = start
        self.config = config
        self.state_path = state_path
        self.resume = resume
        self.progress = progress
        self.site = Site(config)
        self.processed = 0
        self.known = 0
        self.parsed = 0
        self.pages_done = 0
        self._inflight = {"internal": 0, "external": 0}
        self.resources: resources.ResourceCache | None = None
        self._since_commit = 0
        self._ids: dict[str, int] = {}
        self._ready: deque[Row] = deque()
        self.pool: WorkerPool | None = None

    # set-up ---------------------------------------------------------------
    def _open_store(self) -> Store:
        if not self.resume and self.state_path.exists():
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.state_path}{suffix}").unlink(missing_ok=True)
        self.state_path.parent.mkdir(parents=True, exist_ok=True)
        store = Store(self.state_path)
        previous = store.get("start_url")
        if previous and previous != self.home:
            store.close()
            raise StartURLError(previous)
        if previous is None:
            store.put("start_url", self.home)
            store.add_urls([(self.home, PAGE, 0)])
        self.site.hosts |= set(filter(None, (store.get("extra_hosts") or "").split()))
        store.reset_claimed()
        self.processed = store.count("state >= 2")
        self.known = store.count()
        self.parsed = store.count("parsed = 1")
        self.pages_done = self.parsed
        store.commit()
        return store

    async def run(self) -> CrawlResult:
        # Workers are forked first, before the store and the HTTP session exist.
        size = worker_count(self.config)
        if size:
            self.pool = WorkerPool(self.config, size)
            await self.pool.start()
        try:
            return await self._run()
        finally:
            if self.pool is not None:
                await self.pool.aclose()

    async def _run(self) -> CrawlResult:
        self.store = self._open_store()
        self.fetcher = Fetcher(self.config, frozenset(self.site.hosts))
        self.robots = Robots(self.fetcher, self.config.user_agent)
        self.tamper = TamperCheck(self.config, self.store)
        self.resources = resources.ResourceCache(self.fetcher, self.store)
        try:
            finished = await self._loop()
            self.store.commit()
            findings = report.assemble(
                self.store,
                self.home,
                self.config.the_day(),
                self.config.column_rules,
                freshness=not self.config.links_only,
            )
            summary = report.summary(findings, self.store, finished, self.config)
            return CrawlResult(findings, summary, finished, self.store.issues())
        finally:
            await self.fetcher.aclose()
            self.store.close()

    # the loop -------------------------------------------------------------
    async def _loop(self) -> bool:
        # Each task says when it is done (a callback and an event), rather than
        # ``asyncio.wait`` over every task in flight after each completion.
        inflight: set[asyncio.Task] = set()
        wake = asyncio.Event()

        def done(task: asyncio.Task) -> None:
            inflight.discard(task)
            wake.set()

        while True:
            if not self._stop_requested():
                for row in self._claim():
                    task = asyncio.create_task(self._process(row))
                    inflight.add(task)
                    task.add_done_callback(done)
            if not inflight:
                return not self._stop_requested()
            wake.clear()
            await wake.wait()

    def _stop_requested(self) -> bool:
        limit = self.config.stop_after
        return limit is not None and self.processed >= limit

    def _claim(self) -> list[Row]:
        allowed = None
        if self.config.stop_after is not None:
            allowed = max(self.config.stop_after - self.processed - self._busy(), 0)
        rows: list[Row] = []
        room = self.config.concurrency - self._inflight["internal"]
        if allowed is not None:
            room = min(room, allowed)
        if room > 0:
            # Claimed a batch at a time, not one row per finished URL; rows claimed
            # and not started when a crawl stops are queued again on resume.
            ready = self._ready
            if len(ready) < room:
                wanted = max(room, CLAIM_BATCH) - len(ready)
                ready.extend(self.store.claim((PAGE, ATTACHMENT, ASSET), wanted))
            rows += [ready.popleft() for _ in range(min(room, len(ready)))]
        room = self.config.external_concurrency - self._inflight["external"]
        if allowed is not None:
            room = min(room, allowed - len(rows))
        if room > 0:
            rows += self.store.claim((EXTERNAL,), room)
        return rows

    def _busy(self) -> int:
        return self._inflight["internal"] + self._inflight["external"]

    async def _process(self, row: Row) -> None:
        lane = "external" if row.scope == EXTERNAL else "internal"
        self._inflight[lane] += 1
        try:
            await self._handle(row)
        except Exception as exc:  # one URL never stops the crawl
            logger.exception("monitor: %s", row.url)
            self.store.add_issue("internal_error", row.url, repr(exc)[:200])
            self.store.finish(row.id)
        finally:
            self._inflight[lane] -= 1
            self._done_one()

    def _done_one(self) -> None:
        self.processed += 1
        self._since_commit += 1
        if self._since_commit >= COMMIT_EVERY:
            self.store.commit()
            self._since_commit = 0
        if self.progress:
            self.progress(self.processed, self.known, self.pages_done)

    async def _handle(self, row: Row) -> None:
        if row.scope == PAGE and not self._dynamic(row.url) and self._may_parse(row):
            await self._page(row)
        elif row.scope == ATTACHMENT:
            await self._attachment(row)
        elif row.scope == EXTERNAL:
            await self._external(row)
        elif self.tamper.wants_body(row.url):
            await self._published_asset(row)
        else:
            self._finish(row, await self._check(row.url))

    async def _published_asset(self, row: Row) -> None:
        """A published stylesheet, script or image: GET it to compare its hash."""
        result = await self.fetcher.fetch(row.url, max_bytes=self.config.max_bytes)
        self.tamper.record(row.url, result)
        self._finish(row, result)

    def _dynamic(self, url: str) -> bool:
        """A form or search of the site's own application: checked, never followed
        (docs/decisions/0514). The start URL is always read."""
        return url != self.home and no_follow(url, self.config.dynamic_prefixes)

    def _may_parse(self, row: Row) -> bool:
        if row.depth > self.config.max_depth or self.parsed >= self.config.max_pages:
            return False
        self.parsed += 1
        return True

    # one URL --------------------------------------------------------------
    async def _check(self, url: str) -> FetchResult:
        """Does the link work? HEAD first, GET when the server refuses HEAD."""
        result = await self.fetcher.fetch(url, method="HEAD")
        if result.status is not None and result.status >= 400:
            result = await self.fetcher.fetch(url, method="GET")
        return result

    async def _external(self, row: Row) -> None:
        if not await self.robots.allowed(row.url):
            self.store.add_issue("robots_disallowed", row.url)
            self.store.finish(row.id, state=SKIPPED)
            return
        self._finish(row, await self._check(row.url))

    def _finish(self, row: Row, result: FetchResult, *, parsed: bool = False) -> None:
        self.store.finish(
            row.id,
            status=result.status,
            error=result.error,
            final_url=result.final_url,
            parsed=parsed,
            state=DONE,
        )

    async def _page(self, row: Row) -> None:
        result = await self.fetcher.fetch(row.url, max_bytes=self.config.max_bytes)
        self.tamper.record(row.url, result, page=True)
        if row.url == self.home:
            self._home_fetched(result)
        # A page counts as read when it answered; one that failed is an address
        # checked (a broken link), not a page (docs/decisions/0514).
        read = result.ok and self.site.internal(result.final_url)
        if read:
            await self._read(row, result)
            if result.final_url != row.url:
                self.store.mark_seen(result.final_url, row.depth, result.status)
        self._finish(row, result, parsed=read)
        self.pages_done += read

    def _home_fetched(self, result: FetchResult) -> None:
        if not result.ok:
            self.store.add_findings([report.unreachable(self.home, result)])
            return
        final_host = host_of(result.final_url)
        if final_host not in self.site.hosts and urlsplit(result.final_url).hostname:
            self.site.hosts.add(final_host)
            self.store.put("extra_hosts", " ".join(sorted(self.site.hosts)))
            self.fetcher.add_internal(final_host)

    async def _read(self, row: Row, result: FetchResult) -> None:
        url = result.final_url
        if result.truncated:
            detail = _("只检查了前 %(n)s 字节") % {"n": self.config.max_bytes}
            self.store.add_issue("oversized", url, detail)
        if content.is_attachment(url, result.content_type):
            await self._check_attachment(url, result)
            return
        if result.content_type not in HTML_TYPES:
            return
        analysis = None
        if self.pool is not None and self.pool.alive:
            try:
                analysis = await self._analyse_in_worker(url, result)
            except WorkerError as exc:  # the page is analysed here instead
                logger.warning("monitor: worker failed on %s: %s", url, exc)
        if analysis is None:
            analysis = await self._analyse_here(url, result)
        self._store(row, url, analysis)

    async def _analyse_here(self, url: str, result: FetchResult) -> Analysis:
        analysis = analyse_html(
            url,
            result.content,
            result.headers.get("content-type", ""),
            self.site,
            self.config.the_day(),
        )
        if analysis.resources and self.resources is not None:
            external = await self.resources.external(analysis.resources)
            finish_hidden(analysis, self.site, external)
        return analysis

    async def _analyse_in_worker(self, url: str, result: FetchResult) -> Analysis:
        assert self.pool is not None  # noqa: S101 - the caller checked
        hosts = frozenset(self.site.hosts)
        analysis, worker, task = await self.pool.analyse(
            url,
            result.content,
            result.headers.get("content-type", ""),
            hosts,
            self.config.the_day(),
        )
        if not analysis.resources:
            return analysis
        # The page waits, parsed, in its worker while its stylesheets and scripts
        # are read here (once per crawl each, ResourceCache).
        try:
            assert self.resources is not None  # noqa: S101 - set in run()
            external = await self.resources.external(analysis.resources)
        except BaseException:
            self.pool.drop(worker, task)
            raise
        findings, issues = await self.pool.finish(worker, task, external, hosts)
        analysis.findings += findings
        analysis.issues += issues
        return analysis

    async def _attachment(self, row: Row) -> None:
        result = await self.fetcher.fetch(
            row.url, max_bytes=self.config.max_attachment_bytes
        )
        self.tamper.record(row.url, result)
        if result.ok:
            await self._check_attachment(result.final_url, result)
        self._finish(row, result)

    async def _check_attachment(self, url: str, result: FetchResult) -> None:
        if not self.config.check_content:
            return
        if result.truncated:
            self.store.add_issue("attachment_too_large", url)
            return
        name = urlsplit(url).path.rsplit("/", 1)[-1] or "attachment"
        try:
            findings = await asyncio.to_thread(
                content.check_bytes, result.content, name, url
            )
        except Exception as exc:  # noqa: BLE001 - a checker bug must not stop the crawl
            self.store.add_issue("content_check_failed", url, type(exc).__name__)
            return
        self.store.add_findings(findings)

    # storing what a page said ----------------------------------------------
    def _store(self, row: Row, url: str, analysis: Analysis) -> None:
        self._store_links(row, analysis)
        self.store.add_findings(analysis.findings)
        for kind, detail in analysis.issues:
            self.store.add_issue(kind, url, detail)
        if analysis.column:
            self.store.add_column(analysis.column)
        if analysis.article:
            self.store.add_article(*analysis.article)
        if row.depth <= 1:
            self.store.add_page_date(url, row.depth, analysis.latest)

    def _store_links(self, row: Row, analysis: Analysis) -> None:
        # A link is read as the tuple it is (``Link`` from this process, a plain
        # tuple from a worker): url, tag, raw, line, column.
        first: dict[str, tuple] = {}
        for link in analysis.links:
            first.setdefault(link[0], link)
        # URLs met before skip the scope rules and the frontier look-up
        # (docs/decisions/0508); the memo is bounded, the frontier stays on disk.
        ids: dict[str, int] = {}
        scopes: dict[str, str] = {}
        memo = self._ids
        for url, link in first.items():
            known_id = memo.get(url)
            if known_id is not None:
                ids[url] = known_id
                continue
            scope = self.site.scope_of(url, link[1])
            if scope == EXTERNAL and not self.config.check_external:
                continue
            scopes[url] = scope
        if scopes:
            known = self.store.ids(list(scopes))
            fresh = [
                (u, s, row.depth + 1)
                for u, s in scopes.items()
                if u not in known and self._admissible(u, s)
            ]
            if fresh:
                inserted, added = self.store.add_new_urls(fresh)
                self.known += inserted
                known.update(added)
            self._remember(known)
            ids.update(known)
        self.store.add_links(
            row.id,
            [(ids[u], link[3], link[4]) for u, link in first.items() if u in ids],
        )

    def _remember(self, ids: dict[str, int]) -> None:
        if len(self._ids) + len(ids) > ID_MEMO:
            self._ids.clear()
        self._ids.update(ids)

    def _admissible(self, url: str, scope: str) -> bool:
        """Crawler-trap rules for new internal URLs."""
        if scope == EXTERNAL:
            return True
        if no_follow(url, self.config.dynamic_prefixes) and query_of(url):
            # One address of each form is checked; its other queries (one per page:
            # 纠错 ?url=…) are neither fetched nor reported (docs/decisions/0514).
            parts = urlsplit(url)
            return self.store.variant_allowed("form " + parts.netloc + parts.path, 1)
        reason = trap_reason(url, self.config)
        cap = variant_cap(url, self.config)
        if reason is None and cap is not None:
            parts = urlsplit(url)
            if not self.store.variant_allowed(parts.netloc + parts.path, cap):
                reason = "query_variants_capped"
        if reason:
            self.store.add_issue(reason, url)
            return False
        return True
