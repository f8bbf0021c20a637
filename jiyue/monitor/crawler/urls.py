"""URL normalisation, site membership and crawler-trap rules."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

# What is the same site, and a host's parent domains: one rule with the 暗链
# judgement (jiyue.quality.hidden_links).
from jiyue.quality.hidden_links import (  # noqa: F401 - the crawler's names
    bare_host,
    parent_domains,
    registrable_domain,
)

SESSION_PARAMS = frozenset(
    {
        "jsessionid",
        "phpsessid",
        "sid",
        "sessionid",
        "session_id",
        "aspsessionid",
        "cfid",
        "cftoken",
        "utm_source",
        "utm_medium",
        "utm_campaign",
        "utm_term",
        "utm_content",
    }
)
_PATH_SESSION = re.compile(r";(?:jsessionid|phpsessid|sid)=[^/?#]*", re.IGNORECASE)
_CALENDAR_KEY = re.compile(r"(?:date|year|month|day|week|cal|yy|mm|dd)", re.IGNORECASE)
_CALENDAR_VALUE = re.compile(r"^\d{4}(?:[-/]\d{1,2}){0,2}$")
_PLAIN = re.compile(r"[^\s\\]+")  # no blanks, tabs, newlines or backslashes
SKIP_SCHEMES = ("mailto:", "javascript:", "tel:", "data:", "about:", "#", "sms:")


def normalize(url: str, base: str | None = None) -> str | None:
    """An absolute http(s) URL without fragment or session parameters, or None."""
    url = url.strip()
    if not url or url.lower().startswith(SKIP_SCHEMES):
        return None
    if base and url[0] == "/" and url[1:2] != "/" and "/." not in url:
        # Root-relative (most links of a site): the same answer on every page of
        # the host, so one cache entry serves them all (docs/decisions/0508).
        origin = _origin(base)
        if origin:
            return _normalize(origin + url, None)
    return _normalize(url, base)


@lru_cache(maxsize=4096)
def _origin(base: str) -> str | None:
    """``scheme://netloc`` of an absolute http(s) base URL."""
    scheme, sep, rest = base.partition("://")
    if not sep or scheme.lower() not in ("http", "https"):
        return None
    netloc = rest.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    return f"{scheme}://{netloc}" if netloc else None


@lru_cache(maxsize=32768)
def _normalize(url: str, base: str | None) -> str | None:
    try:
        parts = urlsplit(urljoin(base, url) if base else url)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    netloc = parts.hostname.lower()
    if port and port != {"http": 80, "https": 443}[parts.scheme]:
        netloc = f"{netloc}:{port}"
    path = _PATH_SESSION.sub("", parts.path) or "/"
    query = _clean_query(parts.query)
    return urlunsplit((parts.scheme, netloc, path, query, ""))


def _clean_query(query: str) -> str:
    if not query:
        return ""
    pairs = parse_qsl(query, keep_blank_values=True)
    kept = [(k, v) for k, v in pairs if k.lower() not in SESSION_PARAMS]
    if len(kept) == len(pairs):
        return query
    return urlencode(kept)


def split_authority(url: str) -> tuple[str, str] | None:
    """``(netloc, the rest)`` of a plain absolute URL, as urlsplit would cut it,
    without its allocations (called per link and per request); None otherwise."""
    scheme, sep, rest = url.partition("://")
    if not (sep and scheme.isalpha() and _PLAIN.fullmatch(url)):
        return None
    end = _first_of(rest, "/?#")
    return rest[:end], rest[end:]


def _first_of(text: str, stops: str) -> int:
    """Where the first of ``stops`` is in ``text`` (its length if none is)."""
    end = len(text)
    for stop in stops:
        found = text.find(stop, 0, end)
        if found >= 0:
            end = found
    return end


def host_of(url: str) -> str:
    """``host`` or ``host:port`` as in the normalised URL."""
    split = split_authority(url)
    if split is not None:
        return split[0].lower()
    return urlsplit(url).netloc.lower()


def calendar_like(query: str) -> bool:
    """Queries a calendar widget generates endlessly (``?date=2031-05``)."""
    for key, value in parse_qsl(query, keep_blank_values=True):
        if _CALENDAR_KEY.search(key) and (
            _CALENDAR_VALUE.match(value) or value.isdigit()
        ):
            return True
    return False


def repeated_path(path: str, limit: int = 3) -> bool:
    """``/a/b/a/b/a/b/`` style loops made by relative links."""
    segments = [s for s in path.split("/") if s]
    return any(segments.count(s) >= limit for s in set(segments))


def path_key(url: str) -> str:
    split = split_authority(url)
    if split is not None:
        netloc, rest = split
        return netloc + rest[: _first_of(rest, "?#")]
    parts = urlsplit(url)
    return f"{parts.netloc}{parts.path}"


def query_of(url: str) -> str:
    return urlsplit(url).query
