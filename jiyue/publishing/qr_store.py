"""QR codes kept between runs (docs/decisions/0210-qr-codes-kept-between-runs.md).

A page's 微信 QR code depends only on its canonical URL, and encoding it (segno,
pure Python) costs more than the rest of the page's rendering. The SVG of every URL
met is kept in a small SQLite file under ``JIYUE_VAR_DIR`` (``JIYUE_QR_CACHE``), so
that a rebuild, and the public application, encode only the URLs never seen before.

It is a cache and nothing else: a missing, unreadable or damaged file is recreated
or, when that fails too, left alone (codes are then encoded every time); the bytes
written are the same either way. New entries are buffered and written in batches,
and at the end of each publishing run (:func:`flush`).
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import sqlite3
import threading
import zlib
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)
BATCH = 256


class QRStore:
    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None
        self._pid: int | None = None
        self._pending: dict[str, bytes] = {}
        self._broken = path is None

    def _connection(self) -> sqlite3.Connection | None:
        if self._broken:
            return None
        if self._conn is not None and self._pid == os.getpid():
            return self._conn
        # A forked child never uses its parent's connection, nor its buffer.
        self._conn, self._pending = None, {}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=10, check_same_thread=False)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=OFF")
            conn.execute(
                "CREATE TABLE IF NOT EXISTS qr (url TEXT PRIMARY KEY, svg BLOB NOT NULL)"
            )
        except (OSError, sqlite3.Error) as error:
            logger.warning(
                "二维码缓存不可用（%s），将每次重新生成：%s", self.path, error
            )
            self._broken = True
            return None
        self._conn, self._pid = conn, os.getpid()
        return conn

    def get(self, url: str) -> str | None:
        with self._lock:
            conn = self._connection()
            if conn is None:
                return None
            data = self._pending.get(url)
            if data is None:
                try:
                    row = conn.execute(
                        "SELECT svg FROM qr WHERE url = ?", (url,)
                    ).fetchone()
                except sqlite3.Error as error:
                    self._give_up(error)
                    return None
                if row is None:
                    return None
                data = row[0]
            try:
                return zlib.decompress(data).decode()
            except (zlib.error, UnicodeDecodeError):
                return None  # a damaged entry is encoded again and replaced

    def put(self, url: str, svg: str) -> None:
        with self._lock:
            if self._connection() is None:
                return
            self._pending[url] = zlib.compress(svg.encode(), 6)
            if len(self._pending) >= BATCH:
                self._flush_locked()

    def flush(self) -> None:
        with self._lock:
            self._flush_locked()

    def _flush_locked(self) -> None:
        if not self._pending or self._conn is None or self._pid != os.getpid():
            return
        try:
            with self._conn:
                self._conn.executemany(
                    "INSERT OR REPLACE INTO qr (url, svg) VALUES (?, ?)",
                    self._pending.items(),
                )
        except sqlite3.Error as error:
            self._give_up(error)
        self._pending = {}

    def _give_up(self, error: Exception) -> None:
        logger.warning("二维码缓存读写失败（%s），将每次重新生成：%s", self.path, error)
        self._broken = True
        if self._conn is not None:
            with contextlib.suppress(sqlite3.Error):
                self._conn.close()
        self._conn = None


_store: QRStore | None = None


def store() -> QRStore:
    global _store
    path = getattr(settings, "JIYUE_QR_CACHE", None)
    path = Path(path) if path else None
    if _store is None or _store.path != path:
        _store = QRStore(path)
    return _store


def flush() -> None:
    if _store is not None:
        _store.flush()


atexit.register(flush)
