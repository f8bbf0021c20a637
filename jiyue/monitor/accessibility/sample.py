"""Which pages of a crawl axe-core looks at: at least one of each page type.

The type of a page is its column kind (``ColumnType``/``ColumnName`` meta, as the
freshness checks read it) for column pages, else its URL pattern: the home page, a
list page (path ending in ``/``, ``index.html`` or ``list``), an article page
(``….html`` with a name), or another page.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from urllib.parse import urlsplit

PER_TYPE = 2
ARTICLE = re.compile(r"/[^/]+\.s?html?$")
LIST = re.compile(r"(/|/index\.s?html?|/list[^/]*)$")


def page_type(url: str, home: str, column_kinds: dict[str, str]) -> str:
    if url == home:
        return "home"
    if url in column_kinds:
        return f"column:{column_kinds[url]}"
    path = urlsplit(url).path or "/"
    if LIST.search(path):
        return "list"
    if ARTICLE.search(path):
        return "article"
    return "other"


def sample_pages(
    state: Path, *, per_type: int = PER_TYPE, limit: int = 30
) -> list[str]:
    """Up to ``per_type`` parsed HTML pages of each type, from a crawl's state file."""
    db = sqlite3.connect(f"file:{state}?mode=ro", uri=True)
    try:
        (home,) = db.execute(
            "SELECT value FROM meta WHERE key = 'start_url'"
        ).fetchone()
        kinds = dict(db.execute("SELECT url, kind FROM columns WHERE kind IS NOT NULL"))
        urls = [
            u
            for (u,) in db.execute(
                "SELECT url FROM urls WHERE parsed = 1 AND status < 400 "
                "AND error IS NULL ORDER BY depth, id"
            )
        ]
    finally:
        db.close()
    return _pick(urls, home, kinds, per_type)[:limit]


def _pick(
    urls: list[str], home: str, kinds: dict[str, str], per_type: int
) -> list[str]:
    taken: dict[str, list[str]] = {}
    for url in urls:
        bucket = taken.setdefault(page_type(url, home, kinds), [])
        if len(bucket) < per_type:
            bucket.append(url)
    return [url for bucket in taken.values() for url in bucket]
