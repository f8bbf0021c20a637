"""The monitor's crawler: asyncio + aiohttp, selectolax, an on-disk SQLite frontier."""

from jiyue.monitor.crawler.config import CrawlConfig
from jiyue.monitor.crawler.engine import Crawler, CrawlResult, StartURLError

__all__ = ["CrawlConfig", "CrawlResult", "Crawler", "StartURLError"]
