"""Same-site stylesheets and scripts, read once per crawl for the 暗链 check.

Injected 暗链 often hide in a site's common files: a rule in ``style.css`` that hides
a class, or ``document.write`` in a shared ``common.js``. Each file is fetched once
(concurrent pages wait for the same fetch) and kept only as what the check needs:
the hiding rules by class or id, the strings a script writes.
"""

from __future__ import annotations

import asyncio
import logging

from jiyue.monitor.checks.hidden import External
from jiyue.monitor.checks.scripts import written_strings
from jiyue.monitor.crawler.fetch import Fetcher
from jiyue.monitor.crawler.store import Store
from jiyue.quality.hiding import hiding_rules

logger = logging.getLogger(__name__)
MAX_BYTES = 1024 * 1024  # a stylesheet or script larger than 1 MB is read in part
MAX_FILES = 300  # distinct files per crawl (versioned URLs such as ?v=123 add up)
Read = tuple | None


def decode(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")


class ResourceCache:
    def __init__(self, fetcher: Fetcher, store: Store) -> None:
        self.fetcher = fetcher
        self.store = store
        self._files: dict[str, asyncio.Future[Read]] = {}

    async def external(self, wanted: list[tuple[str, str, str]]) -> External:
        """What the page's same-site files ``(kind, url, raw)`` contribute."""
        sheets, scripts = [], []
        for kind, url, raw in wanted:
            read = await self._read(kind, url)
            if not read:
                continue
            if kind == "css":
                sheets.append((url, read))
            else:
                scripts.append((url, raw, read))
        return External(sheets=tuple(sheets), scripts=tuple(scripts))

    def _read(self, kind: str, url: str) -> asyncio.Future[Read]:
        future = self._files.get(url)
        if future is None:
            if len(self._files) >= MAX_FILES:
                self.store.add_issue("resources_capped", url)
                future = asyncio.get_running_loop().create_future()
                future.set_result(None)
                return future
            future = asyncio.ensure_future(self._load(kind, url))
            self._files[url] = future
        return future

    async def _load(self, kind: str, url: str) -> Read:
        try:
            result = await self.fetcher.fetch(url, max_bytes=MAX_BYTES)
            if not result.ok:
                return None
            text = decode(result.content)
            if kind == "css":
                return tuple(hiding_rules(text))
            return tuple(written_strings(text))
        except Exception:  # a file that cannot be read leaves the page's own checks
            logger.exception("monitor: resource %s", url)
            return None
