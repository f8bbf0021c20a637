"""Page analysis in worker processes, so that a crawl uses every core (docs/decisions/0510).

The crawl process keeps everything that must stay global and in order: the frontier,
the limits (pages, depth, traps, politeness), the fetches and the store. What is pure
CPU per page — decoding, parsing, link extraction, the 暗链/date/content checks
(``analyse_html``) — goes to ``workers`` processes forked when the crawl starts.

Each worker is connected by a socket pair: the crawl process writes tasks through an
asyncio stream (never blocks the event loop), a worker reads one task at a time, works
and answers. A page whose same-site stylesheets and scripts must be read first (the
deferred 暗链 check) stays parsed in its worker until the crawl process sends what
those files say (``finish``) or gives up on it (``drop``).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import gc
import itertools
import multiprocessing
import os
import pickle
import signal
import socket
import struct

from jiyue.monitor.checks.hidden import External
from jiyue.monitor.crawler.analyse import Analysis, analyse_html, finish_hidden
from jiyue.monitor.crawler.config import CrawlConfig
from jiyue.monitor.crawler.scope import Site
from jiyue.quality.findings import Finding

_HEADER = struct.Struct("!Q")
ANALYSE, FINISH, DROP = "analyse", "finish", "drop"
# Seconds a page may wait for its worker (queued behind others included).
TASK_TIMEOUT = 120


def worker_count(config: CrawlConfig) -> int:
    """Processes to start: ``config.workers``; 0 = none. By default one per core
    but one, the crawl process's own (at least one): on 2 cores one worker crawled
    as fast as two, with less CPU and memory (docs/decisions/0510)."""
    if config.workers is not None:
        return max(config.workers, 0)
    if "fork" not in multiprocessing.get_all_start_methods():
        return 0
    return max((os.cpu_count() or 1) - 1, 1)


class WorkerError(RuntimeError):
    """A worker failed on a task or died."""


class _Worker:
    def __init__(self, process, reader, writer) -> None:
        self.process = process
        self.reader: asyncio.StreamReader = reader
        self.writer: asyncio.StreamWriter = writer
        self.waiting: dict[int, asyncio.Future] = {}
        self.sent: dict[int, float] = {}  # task id -> when it was sent (loop time)
        self.listener: asyncio.Task | None = None
        self.alive = True


class WorkerPool:
    """``size`` forked processes running ``analyse_html`` for the crawl loop."""

    def __init__(self, config: CrawlConfig, size: int) -> None:
        self.config = config
        self.size = size
        self._workers: list[_Worker] = []
        self._ids = itertools.count(1)
        self._watchdog: asyncio.Task | None = None

    async def start(self) -> None:
        if self.size > 1:
            # Loaded once here and shared by the workers; a single worker loads
            # them itself, and the crawl process never holds them.
            _warm_up(self.config)
        context = multiprocessing.get_context("fork")
        ends: list[socket.socket] = []
        # Objects that exist now are never collected in the workers: their garbage
        # collector would otherwise walk (and so copy) the whole inherited heap.
        gc.freeze()
        try:
            await self._fork(context, ends)
        finally:
            gc.unfreeze()
        self._watchdog = asyncio.create_task(self._watch())

    async def _fork(self, context, ends: list[socket.socket]) -> None:
        for _ in range(self.size):
            mine, theirs = socket.socketpair()
            ends.append(mine)
            # A worker closes the crawl process's ends it inherits, or one worker's
            # socket would stay open in another and never see its end of file.
            process = context.Process(
                target=_serve, args=(theirs, list(ends), self.config), daemon=True
            )
            process.start()
            theirs.close()
            reader, writer = await asyncio.open_unix_connection(sock=mine, limit=2**20)
            worker = _Worker(process, reader, writer)
            worker.listener = asyncio.create_task(self._listen(worker))
            self._workers.append(worker)

    @property
    def alive(self) -> bool:
        return any(w.alive for w in self._workers)

    def _pick(self) -> _Worker:
        alive = [w for w in self._workers if w.alive]
        if not alive:
            raise WorkerError("no worker left")
        return min(alive, key=lambda w: len(w.waiting))

    async def _ask(self, worker: _Worker, message: tuple):
        if not worker.alive:
            raise WorkerError("worker exited")
        task_id = message[0]
        data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        _send(worker, _HEADER.pack(len(data)) + data)
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        worker.waiting[task_id] = future
        worker.sent[task_id] = loop.time()
        return await future

    async def _watch(self) -> None:
        """One watchdog for every task, rather than a timer per task: a worker whose
        oldest task has waited ``TASK_TIMEOUT`` seconds (a lock held at fork time, a
        pathological page) is killed, and its pages are analysed in-process."""
        loop = asyncio.get_running_loop()
        while True:
            await asyncio.sleep(min(TASK_TIMEOUT / 4, 5))
            for worker in self._workers:
                if not worker.alive or not worker.sent:
                    continue
                oldest = next(iter(worker.sent.values()))
                if loop.time() - oldest >= TASK_TIMEOUT:
                    self._kill(worker, "worker timed out")

    @staticmethod
    def _kill(worker: _Worker, why: str) -> None:
        with contextlib.suppress(OSError):
            worker.process.kill()
        _give_up(worker, why)

    async def _listen(self, worker: _Worker) -> None:
        try:
            while True:
                header = await worker.reader.readexactly(_HEADER.size)
                (size,) = _HEADER.unpack(header)
                data = await worker.reader.readexactly(size)
                task_id, ok, payload = pickle.loads(data)  # noqa: S301 - our worker
                worker.sent.pop(task_id, None)
                future = worker.waiting.pop(task_id, None)
                if future is None or future.done():
                    continue
                if ok:
                    future.set_result(payload)
                else:
                    future.set_exception(WorkerError(payload))
        except (asyncio.IncompleteReadError, ConnectionError, OSError):
            pass
        finally:
            _give_up(worker, "worker exited")

    async def analyse(
        self,
        url: str,
        data: bytes,
        content_type: str,
        hosts: frozenset[str],
        today: dt.date,
    ) -> tuple[Analysis, _Worker, int]:
        """``analyse_html`` in a worker: the analysis, and where its page waits when
        its same-site stylesheets and scripts must be read (``finish``/``drop``)."""
        worker = self._pick()
        task_id = next(self._ids)
        analysis = await self._ask(
            worker, (task_id, ANALYSE, url, data, content_type, hosts, today)
        )
        return analysis, worker, task_id

    async def finish(
        self, worker: _Worker, task_id: int, external: External, hosts: frozenset[str]
    ) -> tuple[list[Finding], list[tuple[str, str]]]:
        """The deferred 暗链 check of a page kept by ``worker``."""
        return await self._ask(worker, (task_id, FINISH, external, hosts))

    def drop(self, worker: _Worker, task_id: int) -> None:
        """Forget a page kept for ``finish`` (its stylesheets could not be read)."""
        if worker.alive:
            data = pickle.dumps((task_id, DROP), protocol=pickle.HIGHEST_PROTOCOL)
            with contextlib.suppress(WorkerError):
                _send(worker, _HEADER.pack(len(data)) + data)

    async def aclose(self) -> None:
        if self._watchdog is not None:
            self._watchdog.cancel()
        for worker in self._workers:
            with contextlib.suppress(OSError, RuntimeError):
                worker.writer.close()
        for worker in self._workers:
            if worker.listener is not None:
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await asyncio.wait_for(worker.listener, 5)
            await asyncio.to_thread(worker.process.join, 5)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()


def _give_up(worker: _Worker, why: str) -> None:
    """The worker is gone: every page waiting for it is analysed elsewhere."""
    worker.alive = False
    for future in worker.waiting.values():
        if not future.done():
            future.set_exception(WorkerError(why))
    worker.waiting.clear()
    worker.sent.clear()


def _send(worker: _Worker, data: bytes) -> None:
    """Write to a worker; a worker that has died (its socket closed: uvloop raises
    RuntimeError, asyncio OSError) is marked dead and its page goes elsewhere."""
    try:
        worker.writer.write(data)
    except (RuntimeError, OSError) as exc:
        worker.alive = False
        raise WorkerError("worker exited") from exc


# A page that makes every check load what it loads once (lexicons, word lists):
# loaded before the fork, shared by two or more workers instead of loaded by each.
_WARM_UP = (
    '<html><head><meta name="ColumnName" content="通知公告"></head><body>'
    '<div style="display:none"><a href="http://warm-up.invalid/">预热</a></div>'
    '<ul><li><a href="/a.html">各部门要高度重视政府网站建设</a> 2026-11-19</li></ul>'
    "</body></html>"
).encode()


def _warm_up(config: CrawlConfig) -> None:
    with contextlib.suppress(Exception):
        analyse_html(
            config.start_url, _WARM_UP, "text/html", Site(config), config.the_day()
        )


# --- the worker side (a forked process, blocking I/O) ------------------------------


def _serve(
    sock: socket.socket, parent_ends: list[socket.socket], config: CrawlConfig
) -> None:
    for end in parent_ends:
        end.close()
    with contextlib.suppress(ValueError, OSError):
        # The crawl process handles Ctrl-C and closes the workers; the inherited
        # wake-up descriptor belongs to its event loop.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.set_wakeup_fd(-1)
    site = Site(config)
    kept: dict[int, object] = {}
    with sock:
        while True:
            message = _receive(sock)
            if message is None:
                return
            task_id, kind, *args = message
            if kind == DROP:
                kept.pop(task_id, None)
                continue
            try:
                payload = _work(site, kept, task_id, kind, args)
                reply = (task_id, True, payload)
            except Exception as exc:  # noqa: BLE001 - reported to the crawl process
                reply = (task_id, False, repr(exc)[:200])
            data = pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL)
            sock.sendall(_HEADER.pack(len(data)) + data)


def _work(site: Site, kept: dict, task_id: int, kind: str, args: list):
    if kind == ANALYSE:
        url, data, content_type, hosts, today = args
        site.hosts = set(hosts)
        analysis = analyse_html(url, data, content_type, site, today)
        if analysis.page is not None:
            kept[task_id] = analysis.page
            analysis.page = None
        # Plain tuples unpickle several times faster than named ones; the crawl
        # process reads links by position (Crawler._store_links), each URL's first
        # link only, and never the raw attribute: sent once, without it.
        first: dict[str, tuple] = {}
        for link in analysis.links:
            if link[0] not in first:
                first[link[0]] = (link[0], link[1], "", link[3], link[4])
        analysis.links = list(first.values())  # type: ignore[assignment]
        return analysis
    if kind == FINISH:
        external, hosts = args
        site.hosts = set(hosts)
        waiting = Analysis(page=kept.pop(task_id, None))  # type: ignore[arg-type]
        finish_hidden(waiting, site, external)
        return waiting.findings, waiting.issues
    raise ValueError(kind)


def _receive(sock: socket.socket):
    header = _exactly(sock, _HEADER.size)
    if header is None:
        return None
    (size,) = _HEADER.unpack(header)
    data = _exactly(sock, size)
    return None if data is None else pickle.loads(data)  # noqa: S301 - our own parent


def _exactly(sock: socket.socket, size: int) -> bytearray | None:
    buffer = bytearray(size)
    view = memoryview(buffer)
    got = 0
    while got < size:
        n = sock.recv_into(view[got:])
        if n == 0:
            return None
        got += n
    return buffer
