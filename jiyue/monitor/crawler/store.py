"""The crawl's state on disk (stdlib sqlite3): frontier, results, findings.

Memory stays flat however large the site: the frontier, the link graph and the
findings live in one SQLite file, committed every few hundred pages (each page's
rows in the same transaction), so an interrupted crawl resumes where it stopped.

A page's links are one row, ``(target id, line, column)`` triples packed as 64-bit
integers: a page is one insert instead of one per link, and the report unpacks them
once, at the end, to find the pages linking to a broken target (docs/decisions/0511).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from jiyue.monitor.checks.columns import ColumnPage
from jiyue.quality.findings import Finding, Position

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS urls(
  id INTEGER PRIMARY KEY, url TEXT NOT NULL UNIQUE, scope TEXT NOT NULL,
  depth INTEGER NOT NULL, state INTEGER NOT NULL DEFAULT 0,
  status INTEGER, error TEXT, final_url TEXT, parsed INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS urls_queue ON urls(state, scope, depth, id);
CREATE TABLE IF NOT EXISTS page_links(src INTEGER PRIMARY KEY, packed BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS findings(key TEXT PRIMARY KEY, body TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS issues(
  key TEXT PRIMARY KEY, kind TEXT NOT NULL, url TEXT, detail TEXT);
CREATE TABLE IF NOT EXISTS columns(
  url TEXT PRIMARY KEY, name TEXT, kind TEXT, entries INTEGER, latest TEXT,
  empty_phrase INTEGER, from_meta INTEGER);
CREATE TABLE IF NOT EXISTS articles(column_name TEXT PRIMARY KEY, latest TEXT);
CREATE TABLE IF NOT EXISTS page_dates(url TEXT PRIMARY KEY, depth INTEGER, latest TEXT);
CREATE TABLE IF NOT EXISTS variants(path TEXT PRIMARY KEY, n INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS served(url TEXT PRIMARY KEY, kind TEXT NOT NULL, body BLOB);
"""
QUEUED, CLAIMED, DONE, SKIPPED = 0, 1, 2, 3


@dataclass(frozen=True)
class Row:
    id: int
    url: str
    scope: str
    depth: int


@dataclass(frozen=True)
class BrokenLink:
    page: str
    target: str
    status: int | None
    error: str | None
    line: int | None
    column: int | None
    scope: str = "page"


class Store:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.db = sqlite3.connect(path, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)
        self.db.execute("BEGIN")

    def commit(self) -> None:
        self.db.execute("COMMIT")
        self.db.execute("BEGIN")

    def close(self) -> None:
        self.db.execute("COMMIT")
        self.db.close()

    # meta -----------------------------------------------------------------
    def get(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def put(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    # frontier -------------------------------------------------------------
    def add_urls(self, rows: Iterable[tuple[str, str, int]]) -> int:
        cursor = self.db.executemany(
            "INSERT OR IGNORE INTO urls(url, scope, depth) VALUES (?, ?, ?)", rows
        )
        return cursor.rowcount

    def add_new_urls(
        self, rows: list[tuple[str, str, int]]
    ) -> tuple[int, dict[str, int]]:
        """Add URLs not in the frontier yet: how many were added, and their ids.
        Rows inserted together take consecutive ids (one writer, ``INTEGER PRIMARY
        KEY``), so no look-up is needed unless one was there after all."""
        inserted = self.add_urls(rows)
        if inserted != len(rows):
            return inserted, self.ids([r[0] for r in rows])
        (last,) = self.db.execute("SELECT last_insert_rowid()").fetchone()
        first = last - len(rows) + 1
        return inserted, {row[0]: first + i for i, row in enumerate(rows)}

    def mark_seen(self, url: str, depth: int, status: int | None) -> None:
        """A redirect's target, fetched already: do not fetch it again."""
        # Not ``parsed``: the page was read (and counted) under the address that
        # redirected here; this row only keeps it from being fetched twice.
        self.db.execute(
            "INSERT OR IGNORE INTO urls(url, scope, depth, state, status, parsed) "
            "VALUES (?, 'page', ?, 2, ?, 0)",
            (url, depth, status),
        )
        self.db.execute(
            "UPDATE urls SET state=2, status=? WHERE url=? AND state=0",
            (status, url),
        )

    def ids(self, urls: list[str]) -> dict[str, int]:
        return dict(self._urls_where_in("url, id", "url", urls))

    def _urls_where_in(self, columns: str, key: str, values: list) -> Iterator[tuple]:
        """``SELECT columns FROM urls WHERE key IN values``, 500 values at a time
        (SQLite's limit on parameters); ``columns`` and ``key`` are constants."""
        for start in range(0, len(values), 500):
            chunk = values[start : start + 500]
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT {columns} FROM urls WHERE {key} IN ({marks})"  # noqa: S608 - placeholders only
            yield from self.db.execute(sql, chunk)

    def add_links(
        self, src: int, links: Iterable[tuple[int, int | None, int | None]]
    ) -> None:
        """The links of page ``src``: ``(target id, line, column)``, each target once."""
        packed = array("q")
        for dst, line, col in links:
            packed.extend((dst, line or 0, col or 0))
        self.db.execute(
            "INSERT OR REPLACE INTO page_links VALUES (?, ?)", (src, packed.tobytes())
        )

    def claim(self, scopes: tuple[str, ...], limit: int) -> list[Row]:
        marks = ",".join("?" * len(scopes))
        sql = (
            f"SELECT id, url, scope, depth FROM urls WHERE state=0 AND scope IN ({marks}) "  # noqa: S608
            "ORDER BY depth, id LIMIT ?"
        )
        rows = [Row(*r) for r in self.db.execute(sql, (*scopes, limit)).fetchall()]
        self.db.executemany(
            "UPDATE urls SET state=1 WHERE id=?", ((row.id,) for row in rows)
        )
        return rows

    def finish(
        self,
        row_id: int,
        *,
        state: int = DONE,
        status: int | None = None,
        error: str | None = None,
        final_url: str | None = None,
        parsed: bool = False,
    ) -> None:
        self.db.execute(
            "UPDATE urls SET state=?, status=?, error=?, final_url=?, parsed=? WHERE id=?",
            (state, status, error, final_url, int(parsed), row_id),
        )

    def reset_claimed(self) -> None:
        self.db.execute("UPDATE urls SET state=0 WHERE state=1")

    def count(self, where: str = "1") -> int:
        sql = f"SELECT COUNT(*) FROM urls WHERE {where}"  # noqa: S608 - callers pass constants
        return self.db.execute(sql).fetchone()[0]

    def variant_allowed(self, path: str, cap: int) -> bool:
        """Count one more query variant of ``path``; False beyond ``cap``."""
        row = self.db.execute("SELECT n FROM variants WHERE path=?", (path,)).fetchone()
        n = row[0] if row else 0
        if n >= cap:
            return False
        self.db.execute("INSERT OR REPLACE INTO variants VALUES (?, ?)", (path, n + 1))
        return True

    # results --------------------------------------------------------------
    def add_findings(self, findings: Iterable[Finding]) -> None:
        self.db.executemany(
            "INSERT OR IGNORE INTO findings VALUES (?, ?)", map(_row, findings)
        )

    def findings(self) -> Iterator[Finding]:
        for (body,) in self.db.execute("SELECT body FROM findings ORDER BY key"):
            yield _finding(json.loads(body))

    def add_issue(self, kind: str, url: str, detail: str = "") -> None:
        self.db.execute(
            "INSERT OR IGNORE INTO issues VALUES (?, ?, ?, ?)",
            (f"{kind} {url}", kind, url, detail),
        )

    def issues(self) -> list[dict[str, str]]:
        rows = self.db.execute(
            "SELECT kind, url, detail FROM issues ORDER BY kind, url"
        )
        return [{"kind": k, "url": u, "detail": d} for k, u, d in rows]

    def broken_links(self) -> Iterator[BrokenLink]:
        """Every link to a target that failed, ordered by page and target URL."""
        broken = {
            row[0]: row[1:]
            for row in self.db.execute(
                "SELECT id, url, status, error, scope FROM urls "
                "WHERE state = 2 AND (error IS NOT NULL OR status >= 400)"
            )
        }
        if not broken:
            return
        found: list[tuple[int, int, int, int]] = []
        for src, blob in self.db.execute("SELECT src, packed FROM page_links"):
            packed = array("q")
            packed.frombytes(blob)
            if broken.keys().isdisjoint(packed[::3]):
                continue
            for i in range(0, len(packed), 3):
                if packed[i] in broken:
                    found.append((src, packed[i], packed[i + 1], packed[i + 2]))
        pages = self._page_urls({src for src, *_ in found})
        found.sort(key=lambda f: (pages[f[0]][0], broken[f[1]][0]))
        for src, dst, line, col in found:
            url, status, error, scope = broken[dst]
            yield BrokenLink(
                pages[src][1], url, status, error, line or None, col or None, scope
            )

    def external_answered(self) -> bool:
        """Did any address of another host answer with an HTTP status?"""
        row = self.db.execute(
            "SELECT 1 FROM urls WHERE scope = 'external' AND status IS NOT NULL LIMIT 1"
        ).fetchone()
        return row is not None

    def _page_urls(self, ids: set[int]) -> dict[int, tuple[str, str]]:
        """id -> (its URL, where it ended after redirects)."""
        rows = self._urls_where_in("id, url, COALESCE(final_url, url)", "id", list(ids))
        return {i: (url, final) for i, url, final in rows}

    # tamper check (crawler/tamper.py) ---------------------------------------
    def add_served(self, url: str, kind: str, body: bytes | None) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO served VALUES (?, ?, ?)", (url, kind, body)
        )

    # freshness ------------------------------------------------------------
    def add_column(self, c: ColumnPage) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO columns VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                c.url,
                c.name,
                c.kind,
                c.entries,
                _iso(c.latest),
                int(c.empty_phrase),
                int(c.from_meta),
            ),
        )

    def columns(self) -> list[ColumnPage]:
        rows = self.db.execute("SELECT * FROM columns ORDER BY url").fetchall()
        return [
            ColumnPage(url, name, kind, entries, _date(latest), bool(e), bool(m))
            for url, name, kind, entries, latest, e, m in rows
        ]

    def add_article(self, column: str, published: dt.date) -> None:
        self.db.execute(
            "INSERT INTO articles VALUES (?, ?) ON CONFLICT(column_name) "
            "DO UPDATE SET latest = max(latest, excluded.latest)",
            (column, published.isoformat()),
        )

    def articles(self) -> dict[str, dt.date]:
        rows = self.db.execute("SELECT column_name, latest FROM articles")
        return {name: dt.date.fromisoformat(latest) for name, latest in rows}

    def add_page_date(self, url: str, depth: int, latest: dt.date | None) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO page_dates VALUES (?, ?, ?)",
            (url, depth, _iso(latest)),
        )

    def page_dates(self, depth: int) -> list[dt.date]:
        rows = self.db.execute(
            "SELECT latest FROM page_dates WHERE depth=? AND latest IS NOT NULL",
            (depth,),
        )
        return [dt.date.fromisoformat(latest) for (latest,) in rows]


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _row(f: Finding) -> tuple[str, str]:
    """``(key, body)`` of a finding: the key hashes its contract shape (one ``as_dict``)."""
    data = f.as_dict()
    key = json.dumps(data, sort_keys=True, ensure_ascii=False)
    body = json.dumps({**data, "extra": f.extra}, ensure_ascii=False)
    return hashlib.sha1(key.encode(), usedforsecurity=False).hexdigest(), body


def _finding(body: dict) -> Finding:
    position = body.pop("position")
    extra = body.pop("extra", {}) or {}
    return Finding(
        **body, position=Position(**position) if position else None, extra=extra
    )
