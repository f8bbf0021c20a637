"""Runs the crawler for a stored crawl and shows its progress while it runs.

The crawler is an asyncio program; Django's ORM refuses to be called from inside an
event loop, so the crawl runs in a thread of its own and this thread writes the
progress (and the findings found so far, read from the crawl's state file) to the
``Crawl`` row every few seconds.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path

from jiyue.monitor import crawl as run_crawl
from jiyue.monitor import state_file
from jiyue.monitor.crawler import CrawlConfig, CrawlResult
from jiyue.monitor.models import Crawl

PROGRESS_SECONDS = 2.0
PARTIAL_FINDINGS = 50


class _Progress:
    def __init__(self) -> None:
        self.done = 0
        self.known = 0
        self.pages = 0

    def __call__(self, done: int, known: int, pages: int = 0) -> None:
        self.done, self.known, self.pages = done, known, pages


def run_crawler(crawl: Crawl, config: CrawlConfig, state_dir: Path) -> CrawlResult:
    progress = _Progress()
    outcome: dict[str, object] = {}

    def target() -> None:
        try:
            outcome["result"] = run_crawl(config, state_dir, progress=progress)
        except BaseException as exc:  # noqa: BLE001 - handed back to the caller
            outcome["error"] = exc

    thread = threading.Thread(target=target, name=f"crawl-{crawl.pk}", daemon=True)
    thread.start()
    state = state_file(state_dir, config.start_url)
    while thread.is_alive():
        thread.join(PROGRESS_SECONDS)
        if thread.is_alive():
            _save_progress(crawl, progress, state)
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["result"]  # type: ignore[return-value]


def _save_progress(crawl: Crawl, progress: _Progress, state: Path) -> None:
    # The counts come from the crawl itself: the state file is committed only every
    # few hundred URLs, so a count read from it lags (it said 0 pages of 135).
    _pages, partial = read_partial(state)
    Crawl.objects.filter(pk=crawl.pk).update(
        urls_done=progress.done,
        urls_known=max(progress.known, progress.done),
        pages=min(progress.pages, progress.done),
        partial=partial,
    )


def read_partial(state: Path) -> tuple[int, dict]:
    """Pages parsed and the findings committed so far (a read-only look at the state)."""
    if not state.exists():
        return 0, {}
    try:
        db = sqlite3.connect(f"file:{state}?mode=ro", uri=True, timeout=1)
        try:
            return _query_partial(db)
        finally:
            db.close()
    except sqlite3.Error:
        return 0, {}


def _query_partial(db: sqlite3.Connection) -> tuple[int, dict]:
    (pages,) = db.execute("SELECT count(*) FROM urls WHERE parsed = 1").fetchone()
    by_type = dict(
        db.execute(
            "SELECT json_extract(body, '$.type'), count(*) FROM findings GROUP BY 1"
        ).fetchall()
    )
    sample = [
        _brief(json.loads(body))
        for (body,) in db.execute(
            "SELECT body FROM findings LIMIT ?", (PARTIAL_FINDINGS,)
        )
    ]
    return pages, {"by_type": by_type, "findings": sample}


def _brief(body: dict) -> dict:
    keys = ("type", "severity", "url", "target", "message")
    return {k: body.get(k) for k in keys}
