"""How the monitor reaches sites: ``*.localhost`` demo hosts and test host maps.

Python's resolver does not resolve ``*.localhost`` (browsers do), so a demo site such as
``http://www.localhost:8000/`` is reached at 127.0.0.1 with its ``Host`` header, as the
crawler's ``CrawlConfig.host_map`` does. ``JIYUE_MONITOR_HOST_MAP`` adds mappings
(tests point demo hosts at a loopback server); ``JIYUE_MONITOR_LOOPBACK_ONLY`` refuses
any other address.

SSRF (docs/decisions/0512): a crawl reaches only public addresses, except the
platform's own sites (their host names may resolve to the internal network) and the
operator's ``JIYUE_MONITOR_HOST_MAP``; ``JIYUE_MONITOR_ALLOW_PRIVATE_TARGETS`` lifts
the rule (tests that crawl loopback servers).
"""

from __future__ import annotations

import ipaddress
from typing import Any
from urllib.parse import urlsplit

import httpcore
import httpx
from django.conf import settings
from django.utils.translation import gettext

from jiyue.monitor.crawler.addresses import (
    NonPublicAddressError,
    check_addresses,
    check_host,
    is_ip_literal,
    resolve,
)


def host_map(url: str) -> dict[str, str]:
    """``netloc -> ip:port`` for the host of ``url`` when it needs one."""
    mapping = dict(getattr(settings, "JIYUE_MONITOR_HOST_MAP", {}))
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.netloc not in mapping and "*" in mapping:
        mapping[parts.netloc] = mapping["*"]  # everything to one address (tests)
    if parts.netloc not in mapping and host.endswith(".localhost"):
        port = parts.port or (443 if parts.scheme == "https" else 80)
        mapping[parts.netloc] = f"127.0.0.1:{port}"
    return mapping


def loopback_only() -> bool:
    return bool(getattr(settings, "JIYUE_MONITOR_LOOPBACK_ONLY", False))


def private_targets_allowed() -> bool:
    return bool(getattr(settings, "JIYUE_MONITOR_ALLOW_PRIVATE_TARGETS", False))


def platform_hosts() -> frozenset[str]:
    """The host names of the cluster's sites (crawlable wherever they resolve);
    not ``localhost``, the name of the site Wagtail's first migration creates."""
    from wagtail.models import Site

    hosts = {host.lower() for host in Site.objects.values_list("hostname", flat=True)}
    return frozenset(hosts - {"localhost"})


def address_options() -> dict[str, Any]:
    """``CrawlConfig`` fields of the SSRF rule (``public_only``, ``private_hosts``)."""
    if private_targets_allowed():
        return {"public_only": False}
    return {"public_only": True, "private_hosts": platform_hosts()}


def target_problem(url: str, hosts: frozenset[str] | None = None) -> str | None:
    """Why ``url`` may not be crawled, in Chinese: its host is this machine, the
    internal network or a reserved address, or resolves to one (every address it
    resolves to is checked). None: it may be crawled. ``hosts``: the platform's
    host names read beforehand (where the database may not be asked)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().rstrip(".")
    if hosts is None:
        hosts = platform_hosts()
    if private_targets_allowed() or host in hosts:
        return None
    try:
        check_host(host, parts.port or 80)
    except NonPublicAddressError as refused:
        return gettext(
            "不能监测该网址：%(host)s 指向本机、内网或保留地址（%(address)s），"
            "平台不连接这类地址。"
        ) % {"host": host, "address": refused.address or "-"}
    except ValueError:
        return gettext("无法识别的网址：%(url)s") % {"url": url}
    return None


def connect_url(url: str) -> tuple[str, dict[str, str]]:
    """The URL to connect to and the extra headers (``Host``) for a mapped host."""
    parts = urlsplit(url)
    mapped = host_map(url).get(parts.netloc)
    if not mapped:
        return url, {}
    return parts._replace(netloc=mapped).geturl(), {"Host": parts.netloc}


def is_refused(url: str, hosts: frozenset[str] | None = None) -> bool:
    """With ``JIYUE_MONITOR_LOOPBACK_ONLY``, any address but loopback is refused;
    otherwise what ``target_problem`` refuses (unless the operator mapped it)."""
    return refusal(url, hosts) is not None


def refusal(url: str, hosts: frozenset[str] | None = None) -> str | None:
    """Why a request to ``url`` is not made (None: it is)."""
    if loopback_only():
        return gettext("拒绝连接：仅允许本机地址") if _not_loopback(url) else None
    operator_map = getattr(settings, "JIYUE_MONITOR_HOST_MAP", {})
    if urlsplit(url).netloc in operator_map or "*" in operator_map:
        return None
    return target_problem(url, hosts)


def _not_loopback(url: str) -> bool:
    target, _headers = connect_url(url)
    host = urlsplit(target).hostname or ""
    try:
        return not ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host != "localhost"


# -- the HTTP client of the probe and the accessibility check ---------------------


class RefusedAddressError(httpcore.ConnectError):
    """A name resolved, at the connection, to an address the rule refuses."""


class CheckedBackend(httpcore.SyncBackend):
    """httpcore's socket backend, connecting only to addresses it has checked
    itself: a name is resolved here, every address it gives must be public, and
    the socket goes to one of those addresses (not to a second answer of the
    resolver: DNS rebinding). IP literals were checked by ``refusal`` before the
    request (they cannot change); the platform's own host names are exempt."""

    def __init__(self, exempt: frozenset[str]) -> None:
        self._exempt = exempt

    def connect_tcp(self, host, port, timeout=None, local_address=None, **kwargs):
        name = host.lower().rstrip(".")
        if is_ip_literal(name) or name in self._exempt:
            return super().connect_tcp(host, port, timeout, local_address, **kwargs)
        try:
            addresses = resolve(name, port)
            check_addresses(name, addresses)
        except NonPublicAddressError as refused:
            raise RefusedAddressError(str(refused)) from refused
        except (OSError, UnicodeError) as error:
            raise httpcore.ConnectError(str(error)) from error
        last: Exception | None = None
        for address in addresses:
            try:
                return super().connect_tcp(
                    address, port, timeout, local_address, **kwargs
                )
            except httpcore.ConnectError as error:
                last = error
        raise last or httpcore.ConnectError(name)


class CheckedTransport(httpx.HTTPTransport):
    """``httpx.HTTPTransport`` over a :class:`CheckedBackend`."""

    def __init__(self, exempt: frozenset[str]) -> None:
        super().__init__()
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            network_backend=CheckedBackend(exempt),
        )


def checked_client(**kwargs) -> httpx.Client:
    """The HTTP client of requests the monitor makes outside the crawler: with
    the SSRF rule on, its connections are checked at connect time as the
    crawler's are (docs/decisions/0512)."""
    if private_targets_allowed() or loopback_only():
        return httpx.Client(trust_env=False, **kwargs)
    return httpx.Client(
        trust_env=False, transport=CheckedTransport(platform_hosts()), **kwargs
    )


def refused_at_connection(error: BaseException) -> bool:
    """Whether an httpx error is the rule refusing the address at the connection."""
    return isinstance(error.__cause__, RefusedAddressError)
