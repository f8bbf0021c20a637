"""The data the hidden-link judgement uses (jiyue/monitor/data/)."""

from __future__ import annotations

import functools
from pathlib import Path

from jiyue.monitor.crawler.urls import parent_domains

DATA = Path(__file__).resolve().parent.parent / "data"
# Top-level domains a government page has little reason to link to in hiding.
SUSPICIOUS_TLDS = frozenset(
    {
        "top",
        "xyz",
        "vip",
        "bet",
        "win",
        "loan",
        "club",
        "cc",
        "tk",
        "pw",
        "icu",
        "buzz",
        "casino",
        "poker",
        "porn",
        "sex",
        "xxx",
        "ws",
        "la",
    }
)


def _lines(name: str) -> list[str]:
    text = (DATA / name).read_text(encoding="utf-8")
    rows = (line.strip() for line in text.splitlines())
    return [row for row in rows if row and not row.startswith("#")]


@functools.cache
def illegal_domains() -> frozenset[str]:
    return frozenset(line.lower() for line in _lines("illegal_domains.txt"))


@functools.cache
def bad_words() -> tuple[str, ...]:
    return tuple(word.lower() for word in _lines("hidden_link_words.txt"))


@functools.cache
def allowed_hosts() -> frozenset[str]:
    return frozenset(line.lower() for line in _lines("hidden_link_allow_hosts.txt"))


def illegal_match(host: str) -> str | None:
    """The listed domain ``host`` falls under, if any."""
    listed = illegal_domains()
    return next((d for d in parent_domains(host) if d in listed), None)


def bad_word(text: str) -> str | None:
    lowered = text.lower()
    return next((w for w in bad_words() if w in lowered), None)


def allowlisted(host: str) -> bool:
    allowed = allowed_hosts()
    return any(d in allowed for d in parent_domains(host))


def suspicious_host(host: str) -> bool:
    """A bare IP address or a top-level domain favoured by spam sites."""
    labels = host.split(":")[0].split(".")
    return labels[-1].isdigit() or labels[-1] in SUSPICIOUS_TLDS
