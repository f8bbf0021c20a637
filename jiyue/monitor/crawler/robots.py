"""robots.txt of the hosts the crawler visits (urllib.robotparser, fetched once each)."""

from __future__ import annotations

import asyncio
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from jiyue.monitor.crawler.fetch import Fetcher

ROBOTS_MAX_BYTES = 512 * 1024


class Robots:
    def __init__(self, fetcher: Fetcher, user_agent: str) -> None:
        self._fetcher = fetcher
        self._agent = user_agent
        self._parsers: dict[str, RobotFileParser] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        lock = self._locks.setdefault(origin, asyncio.Lock())
        async with lock:
            if origin not in self._parsers:
                self._parsers[origin] = await self._load(origin)
        return self._parsers[origin].can_fetch(self._agent, url)

    async def _load(self, origin: str) -> RobotFileParser:
        parser = RobotFileParser(origin + "/robots.txt")
        result = await self._fetcher.fetch(
            origin + "/robots.txt", max_bytes=ROBOTS_MAX_BYTES
        )
        if result.status in (401, 403):
            parser.disallow_all = True
        elif result.ok:
            parser.parse(result.content.decode("utf-8", "replace").splitlines())
        else:
            parser.allow_all = True
        return parser
