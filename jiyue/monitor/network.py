"""How the monitor reaches sites: ``*.localhost`` demo hosts and test host maps.

Python's resolver does not resolve ``*.localhost`` (browsers do), so a demo site such as
``http://www.localhost:8000/`` is reached at 127.0.0.1 with its ``Host`` header, as the
crawler's ``CrawlConfig.host_map`` does. ``JIYUE_MONITOR_HOST_MAP`` adds mappings
(tests point demo hosts at a loopback server); ``JIYUE_MONITOR_LOOPBACK_ONLY`` refuses
any other address.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from django.conf import settings


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


def connect_url(url: str) -> tuple[str, dict[str, str]]:
    """The URL to connect to and the extra headers (``Host``) for a mapped host."""
    parts = urlsplit(url)
    mapped = host_map(url).get(parts.netloc)
    if not mapped:
        return url, {}
    return parts._replace(netloc=mapped).geturl(), {"Host": parts.netloc}


def is_refused(url: str) -> bool:
    """With ``JIYUE_MONITOR_LOOPBACK_ONLY``, any address but loopback is refused."""
    if not loopback_only():
        return False
    target, _headers = connect_url(url)
    host = urlsplit(target).hostname or ""
    try:
        return not ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host != "localhost"
