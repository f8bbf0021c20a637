"""The bridge to the content checks of ``jiyue.quality`` (its public functions only).

``jiyue.quality`` is written alongside the monitor; until it provides ``check_html``
and ``check_bytes`` the crawler runs without content checks and says so.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import replace

from jiyue.quality.findings import Finding

ATTACHMENT_SUFFIXES = (".pdf", ".docx", ".xlsx")
ATTACHMENT_TYPES = frozenset(
    {
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
)


# The monitor judges these itself, with the network's answer and site context
# (see docs/decisions/0103-hidden-link-judgement.md); the page-only versions from
# jiyue.quality would repeat or contradict them.
MONITOR_OWNED = frozenset({"hidden_link", "insecure_link", "broken_link"})
_resolved: dict[str, Callable[..., list[Finding]]] = {}


def quality_function(name: str) -> Callable[..., list[Finding]] | None:
    """``jiyue.quality.<name>`` if that module provides it (looked up until it does)."""
    if name not in _resolved:
        try:
            quality = importlib.import_module("jiyue.quality")
            _resolved[name] = getattr(quality, name)
        except (ImportError, AttributeError):
            return None
    return _resolved[name]


def available() -> bool:
    return quality_function("check_html") is not None


def check_html(html: str, url: str) -> list[Finding]:
    function = quality_function("check_html")
    if function is None:
        return []
    found = function(html, url=url)
    return [_located(f, url) for f in found if f.type not in MONITOR_OWNED]


def check_bytes(data: bytes, filename: str, url: str) -> list[Finding]:
    function = quality_function("check_bytes")
    if function is None:
        return []
    return [_located(f, url) for f in function(data, filename, url=url)]


def _located(finding: Finding, url: str) -> Finding:
    return finding if finding.url else replace(finding, url=url)


def is_attachment(url: str, content_type: str = "") -> bool:
    path = url.split("?")[0].lower()
    return path.endswith(ATTACHMENT_SUFFIXES) or content_type in ATTACHMENT_TYPES
