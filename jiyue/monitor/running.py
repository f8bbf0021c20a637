"""Runs the crawler for a stored crawl and shows its progress while it runs.

The crawler is an asyncio program; Django's ORM refuses to be called from inside an
event loop, so the crawl runs in a thread of its own and this thread writes the
progress (and the findings found so far, read from the crawl's state file) to the
``Crawl`` row every few seconds, with the time: the heartbeat that tells a crawl
whose runner died (docs/decisions/0522).
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import socket
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from jiyue.monitor import crawl as run_crawl
from jiyue.monitor import state_file
from jiyue.monitor.crawler import CrawlConfig, CrawlResult
from jiyue.monitor.models import Crawl

PROGRESS_SECONDS = 2.0
PARTIAL_FINDINGS = 50
# A crawl whose heartbeat is this old is abandoned, wherever it ran: its progress is
# written every PROGRESS_SECONDS, but the checks after the crawl (tampering,
# accessibility in a browser) take a few minutes on a large site.
RESUME_AFTER = dt.timedelta(minutes=10)
START, RESUME = "start", "resume"


def this_host() -> str:
    return socket.gethostname()[:255]


@contextmanager
def runner_lock(crawl_id: int) -> Iterator[bool]:
    """Holds the crawl's lock on this machine, if no live process holds it (an
    ``flock``: it dies with its process). Yields whether it is held."""
    path = Path(settings.VAR_DIR) / "monitor" / "crawls" / f"{crawl_id}.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            path.unlink(missing_ok=True)
            fcntl.flock(handle, fcntl.LOCK_UN)


def claim(crawl_id: int) -> str | None:
    """START a queued crawl, or RESUME one whose runner died; None otherwise. Call
    it holding ``runner_lock``: a crawl that ran on this machine and whose lock is
    free has lost its process."""
    now = timezone.now()
    host = this_host()
    crawls = Crawl.objects.filter(pk=crawl_id)
    if crawls.filter(status=Crawl.Status.QUEUED).update(
        status=Crawl.Status.RUNNING, started_at=now, runner=host, heartbeat_at=now
    ):
        return START
    abandoned = (
        Q(runner=host)
        | Q(heartbeat_at__lt=now - RESUME_AFTER)
        | Q(heartbeat_at__isnull=True)
    )
    if (
        crawls.filter(abandoned, status=Crawl.Status.RUNNING).update(
            runner=host, heartbeat_at=now, resumed=F("resumed") + 1
        )
        > 0
    ):
        return RESUME
    return None


class _Progress:
    def __init__(self) -> None:
        self.done = 0
        self.known = 0
        self.pages = 0

    def __call__(self, done: int, known: int, pages: int = 0) -> None:
        self.done, self.known, self.pages = done, known, pages


def run_crawler(
    crawl: Crawl, config: CrawlConfig, state_dir: Path, *, resume: bool = False
) -> CrawlResult:
    progress = _Progress()
    outcome: dict[str, object] = {}

    def target() -> None:
        try:
            outcome["result"] = run_crawl(
                config, state_dir, resume=resume, progress=progress
            )
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
        heartbeat_at=timezone.now(),
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
