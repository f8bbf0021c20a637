"""HTTP fetching: manual redirects, retries with back-off, byte caps, per-host gates.

The client is aiohttp (docs/decisions/0507): its C HTTP parser and its connector cost
a fraction of the CPU per request of httpx's pure-Python connection pool.
"""

from __future__ import annotations

import asyncio
import errno
import functools
import ipaddress
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit, urlunsplit

import aiohttp
from yarl import URL

from jiyue.monitor.crawler.addresses import (
    NonPublicAddressError,
    PublicOnlyResolver,
    is_ip_literal,
    is_localhost_name,
    is_public,
)
from jiyue.monitor.crawler.config import CrawlConfig
from jiyue.monitor.crawler.urls import bare_host, normalize, split_authority

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


class RefusedError(Exception):
    """The configuration forbids connecting to this address."""


LOOPBACK_ONLY = "未连接：仅允许本机地址"
NOT_PUBLIC = "未连接：本机、内网或保留地址"
# Failures that say more of this machine's way out than of the target: when no
# external address answered in a crawl, links failing so are 无法验证 (ADR 0514).
DNS_FAILED = "连接失败：域名无法解析"
NO_ROUTE = "连接失败：网络不可达"
NO_ROUTE_ERRNOS = frozenset({errno.ENETUNREACH, errno.EHOSTUNREACH})


@dataclass
class FetchResult:
    url: str
    final_url: str
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    content: bytes = b""
    truncated: bool = False
    error: str | None = None
    redirects: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.error is None and self.status is not None and self.status < 400

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    def evidence(self) -> str:
        return self.error or f"HTTP {self.status}"


class HostGate:
    """At most ``limit`` requests at once to one host, ``interval`` seconds apart."""

    def __init__(self, limit: int, interval: float) -> None:
        self._sem = asyncio.Semaphore(limit)
        self._interval = interval
        self._next = 0.0
        self._lock = asyncio.Lock()

    async def __aenter__(self) -> None:
        await self._sem.acquire()
        if self._interval > 0:
            async with self._lock:
                wait = self._next - time.monotonic()
                if wait > 0:
                    await asyncio.sleep(wait)
                self._next = time.monotonic() + self._interval

    async def __aexit__(self, *exc: object) -> None:
        self._sem.release()


class Fetcher:
    def __init__(self, config: CrawlConfig, internal_hosts: frozenset[str]) -> None:
        self.config = config
        self._internal = set(internal_hosts)
        self._gates: dict[str, HostGate] = {}
        self._routes: dict[str, object] = {}  # netloc -> how it is reached (_route)
        # Created inside the running event loop (Crawler.run), as aiohttp wants.
        self.client = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(
                limit=config.concurrency + config.external_concurrency,
                limit_per_host=0,  # the HostGate limits per host
                ttl_dns_cache=300,
                # SSRF (docs/decisions/0512): names are checked where they resolve.
                resolver=(
                    PublicOnlyResolver(config.private_hosts)
                    if config.public_only
                    else None
                ),
            ),
            headers={"User-Agent": config.user_agent, "Accept-Encoding": "gzip"},
            cookie_jar=aiohttp.DummyCookieJar(),
            timeout=aiohttp.ClientTimeout(total=None),  # asyncio.timeout below
            trust_env=False,
        )

    def add_internal(self, host: str) -> None:
        self._internal.add(host)
        self._gates.pop(host, None)

    async def aclose(self) -> None:
        await self.client.close()

    def gate(self, host: str) -> HostGate:
        if host not in self._gates:
            internal = host in self._internal
            self._gates[host] = HostGate(
                self.config.per_host_concurrency if internal else 2,
                0.0 if internal else self.config.external_interval,
            )
        return self._gates[host]

    async def fetch(
        self, url: str, *, method: str = "GET", max_bytes: int = 0
    ) -> FetchResult:
        """Fetch ``url`` following up to ``max_redirects`` redirects by hand."""
        result = FetchResult(url=url, final_url=url)
        seen = {url}
        current = url
        for _ in range(self.config.max_redirects + 1):
            await self._fetch_one(current, method, max_bytes, result)
            location = result.headers.get("location")
            if result.status not in REDIRECT_STATUSES or not location:
                return result
            target = normalize(urljoin(current, location)) or location
            result.redirects.append(target)
            if target in seen:
                result.error = "重定向循环：" + " → ".join([url, *result.redirects])
                return result
            seen.add(target)
            current = result.final_url = target
        result.error = f"重定向超过 {self.config.max_redirects} 次"
        return result

    async def _fetch_one(
        self, url: str, method: str, max_bytes: int, result: FetchResult
    ) -> None:
        attempts = self.config.retries + 1
        for attempt in range(attempts):
            await self._attempt(url, method, max_bytes, result)
            if not _should_retry(result) or attempt == attempts - 1:
                return
            await asyncio.sleep(self.config.backoff * (2**attempt))

    async def _attempt(
        self, url: str, method: str, max_bytes: int, result: FetchResult
    ) -> None:
        result.error, result.status, result.content = None, None, b""
        try:
            connect_url, headers, netloc = self._route(url)
            async with (
                self.gate(netloc),
                asyncio.timeout(self.config.timeout),
            ):
                await self._request(connect_url, headers, method, max_bytes, result)
        except RefusedError as exc:
            result.error = str(exc.args[1]) if len(exc.args) > 1 else LOOPBACK_ONLY
        except aiohttp.ClientConnectorError as exc:
            result.error = _connector_error(exc)
        except TimeoutError:
            result.error = f"超时（{self.config.timeout:g} 秒）"
        except (aiohttp.ClientError, ValueError) as exc:
            result.error = f"连接失败：{_error_name(exc)}"

    async def _request(
        self,
        connect_url: str,
        headers: dict[str, str],
        method: str,
        max_bytes: int,
        result: FetchResult,
    ) -> None:
        async with self.client.request(
            method,
            URL(connect_url, encoded=True),
            headers=headers,
            allow_redirects=False,
        ) as resp:
            result.status = resp.status
            result.headers = {k.lower(): v for k, v in reversed(resp.headers.items())}
            if method == "HEAD" or max_bytes <= 0 or resp.status in REDIRECT_STATUSES:
                return
            chunks: list[bytes] = []
            size = 0
            while size <= max_bytes:
                chunk = await resp.content.read(max_bytes + 1 - size)
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
            data = chunks[0] if len(chunks) == 1 else b"".join(chunks)
            if size > max_bytes:
                result.truncated = True
                data = data[:max_bytes]
            result.content = data

    def _route(self, url: str) -> tuple[str, dict[str, str], str]:
        """The URL to connect to, the headers (honouring ``host_map``), the netloc."""
        split = split_authority(url)
        netloc = split[0] if split is not None else urlsplit(url).netloc
        route = self._routes.get(netloc)
        if route is None:
            route = self._routes[netloc] = self._route_of(netloc)
        if route is _REFUSED:
            raise RefusedError(url, LOOPBACK_ONLY)
        if route is _NOT_PUBLIC:
            raise RefusedError(url, NOT_PUBLIC)
        if route is _DIRECT:
            return url, {}, netloc
        if split is not None:
            connect = f"{url[: -len(split[1]) - len(netloc)]}{route}{split[1]}"
        else:
            connect = urlunsplit(urlsplit(url)._replace(netloc=route))
        return connect, {"Host": netloc}, netloc

    def _route_of(self, netloc: str) -> object:
        """Where a host is reached: ``_DIRECT``, ``_REFUSED`` or a mapped address
        (decided once per host name)."""
        mapped = self.config.host_map.get(netloc) or self.config.host_map.get(
            bare_host(netloc)
        )
        if mapped:
            return mapped
        if self.config.loopback_only and not _is_loopback(bare_host(netloc)):
            return _REFUSED
        if self.config.public_only and not self._may_connect(netloc):
            return _NOT_PUBLIC
        return _DIRECT

    def _may_connect(self, netloc: str) -> bool:
        """An address written in the URL is checked here (aiohttp resolves only
        names, through ``PublicOnlyResolver``); so is a localhost name."""
        host = (urlsplit(f"//{netloc}").hostname or "").rstrip(".")
        if host in self.config.private_hosts:
            return True
        if is_localhost_name(host):
            return False
        return is_public(host) if is_ip_literal(host) else True


# How a host is reached, besides an address.
_DIRECT, _REFUSED, _NOT_PUBLIC = object(), object(), object()


# The evidence of a failed fetch names the failure as it did before the switch to
# aiohttp, so that a finding's fingerprint stays the same across crawls.
_ERROR_NAMES: tuple[tuple[type[BaseException], str], ...] = (
    (aiohttp.ClientOSError, "ConnectError"),  # incl. DNS, refused, TLS
    (aiohttp.ServerDisconnectedError, "RemoteProtocolError"),
    (aiohttp.ClientPayloadError, "RemoteProtocolError"),
    (aiohttp.ClientResponseError, "RemoteProtocolError"),
    (aiohttp.InvalidURL, "InvalidURL"),
    (ValueError, "InvalidURL"),
    (aiohttp.ClientConnectionError, "ConnectError"),
)


def _connector_error(exc: aiohttp.ClientConnectorError) -> str:
    if isinstance(exc.os_error, NonPublicAddressError):
        return NOT_PUBLIC  # our resolver's refusal, raised as a DNS error
    if isinstance(exc, aiohttp.ClientConnectorDNSError):
        return DNS_FAILED
    if exc.os_error is not None and exc.os_error.errno in NO_ROUTE_ERRNOS:
        return NO_ROUTE
    return f"连接失败：{_error_name(exc)}"


def _error_name(exc: BaseException) -> str:
    for kind, name in _ERROR_NAMES:
        if isinstance(exc, kind):
            return name
    return type(exc).__name__


def _should_retry(result: FetchResult) -> bool:
    if result.error and result.error.startswith("未连接"):  # refused, not failed
        return False
    return result.error is not None or result.status in RETRY_STATUSES


@functools.lru_cache(maxsize=1024)
def _is_loopback(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return False  # name resolution is not trusted; map it explicitly
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
