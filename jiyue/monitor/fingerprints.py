"""A finding's fingerprint: the same problem in two crawls has the same one.

See docs/decisions/0501-finding-fingerprint.md. Line and column are left out (an edit
above the problem moves it); so is the message (wording and translations change). For
freshness findings the evidence (the latest date) changes while the problem stays, so
only the type and the page count. A broken link is one finding per target (ADR 0514):
the target and the evidence count, not the page named first.
"""

from __future__ import annotations

import hashlib
from urllib.parse import urlsplit

PAGE_LEVEL_TYPES = frozenset(
    {"unreachable", "stale_site", "stale_column", "empty_column"}
)
# One finding per target, whichever page is named first (ADR 0514).
TARGET_LEVEL_TYPES = frozenset({"broken_link"})


def fingerprint(
    *, type: str, url: str | None, target: str | None, evidence: str
) -> str:
    parts = [type, "" if type in TARGET_LEVEL_TYPES else _page(url)]
    if type not in PAGE_LEVEL_TYPES:
        parts += [target or "", " ".join(evidence.split())]
    digest = hashlib.sha1("\x1f".join(parts).encode(), usedforsecurity=False)
    return digest.hexdigest()


def _page(url: str | None) -> str:
    """The page without scheme and host, so an http → https move keeps the history."""
    if not url:
        return ""
    parts = urlsplit(url)
    path = parts.path or "/"
    return f"{path}?{parts.query}" if parts.query else path
