"""监测 (monitor): crawls any site and reports findings in the shared shape.

Public API::

    from jiyue.monitor import CrawlConfig, crawl
    result = crawl(CrawlConfig(start_url="https://www.example.gov.cn/"), state_dir)
"""

from __future__ import annotations

import asyncio
import hashlib
from pathlib import Path

import uvloop

from jiyue.monitor.crawler import CrawlConfig, Crawler, CrawlResult, StartURLError
from jiyue.monitor.crawler.engine import Progress

__all__ = ["CrawlConfig", "CrawlResult", "StartURLError", "crawl", "state_file"]


def state_file(state_dir: Path, start_url: str) -> Path:
    """Where a crawl of ``start_url`` keeps its state (one file per start URL)."""
    digest = hashlib.sha1(start_url.encode(), usedforsecurity=False).hexdigest()[:16]
    # "-2": the state's format (page links packed, ADR 0511); an older file is not resumed.
    return Path(state_dir) / f"crawl-{digest}-2.sqlite3"


def crawl(
    config: CrawlConfig,
    state_dir: Path,
    *,
    resume: bool = False,
    progress: Progress | None = None,
) -> CrawlResult:
    """Crawl one site to the end (or to ``config.stop_after``) and return its findings."""
    crawler = Crawler(
        config,
        state_file(state_dir, config.start_url),
        resume=resume,
        progress=progress,
    )
    # uvloop: libuv's event loop costs the crawl process less CPU per request than
    # asyncio's own (docs/decisions/0511).
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        return runner.run(crawler.run())
