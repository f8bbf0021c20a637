"""The one entry point of the compliance engine: ``gate(content, context=…)``.

Every place that judges text calls it with the context it judges in, and the
context chooses the checkers (docs/decisions/0112-one-compliance-gate.md):

- ``PRE_PUBLISH`` — the editorial gate on a page's title, rich text and
  attachments: every default checker and the statistical typo method (cheap on
  one page; ``JIYUE_GATE_STATISTICAL_TYPOS`` turns it off);
- ``REPLY`` — an answer to a citizen about to be published: the default checkers;
- ``CITIZEN`` — what a citizen sends, before it is stored: the sensitive-word
  checker only (it sends the text to moderation, never refuses it: ADR 0314);
- ``CRAWL`` — a page or file the monitor read: the default checkers less the
  types the monitor judges itself with the site's context and the network's
  answer (暗链, insecure links, broken links: ADR 0111); a finding that names a
  graver ``crawl_severity`` (injected content on a published page is a 严重问题:
  ADR 1201) takes it.

``kind`` says what ``content`` is: ``"text"``, ``"html"`` (a page's markup) or
``"file"`` (a document's bytes, ``filename`` naming it).
"""

from __future__ import annotations

from dataclasses import replace
from enum import StrEnum
from typing import Any

from .findings import CRAWL_SEVERITY, SEVERITIES, Finding
from .i18n import _


class Context(StrEnum):
    PRE_PUBLISH = "pre_publish"
    REPLY = "reply"
    CITIZEN = "citizen"
    CRAWL = "crawl"


#: Finding types a context leaves to its caller.
LEFT_TO_CALLER: dict[Context, frozenset[str]] = {
    Context.CRAWL: frozenset({"hidden_link", "insecure_link", "broken_link"}),
}
CITIZEN_CHECKERS = ("sensitive_word",)
KINDS = ("text", "html", "file")


def checkers_for(context: Context | str) -> list[Any]:
    """The checkers that run in ``context`` (``registry`` objects)."""
    from .checkers import load_builtin, registry

    context = Context(context)
    load_builtin()
    if context == Context.CITIZEN:
        return [registry.get(key) for key in CITIZEN_CHECKERS]
    checkers = registry.defaults()
    if context == Context.PRE_PUBLISH and _statistical_typos():
        typo = registry.get("typo_statistical")
        if typo not in checkers:
            checkers.append(typo)
    return checkers


def gate(
    content: str | bytes,
    *,
    context: Context | str,
    kind: str = "text",
    url: str | None = None,
    filename: str = "",
) -> list[Finding]:
    """Findings on ``content`` judged in ``context`` (sorted by position; a
    finding without a URL gets ``url``)."""
    from .engine import check_html, check_text
    from .files import check_bytes

    context = Context(context)
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
    if kind == "file":
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        found = check_bytes(data, filename or "file", url=url)
    else:
        check = check_html if kind == "html" else check_text
        found = check(str(content), url=url, checkers=checkers_for(context))
    left = LEFT_TO_CALLER.get(context, frozenset())
    return [_located(_judged(f, context), url) for f in found if f.type not in left]


def _located(finding: Finding, url: str | None) -> Finding:
    return finding if finding.url or not url else replace(finding, url=url)


def _judged(finding: Finding, context: Context) -> Finding:
    """The finding's severity in ``context``: on the crawl, its
    ``crawl_severity`` when that is graver (ADR 1201)."""
    raised = finding.extra.get(CRAWL_SEVERITY)
    if context != Context.CRAWL or raised not in SEVERITIES:
        return finding
    if SEVERITIES.index(raised) >= SEVERITIES.index(finding.severity):
        return finding
    message = finding.message
    if raised == "veto":
        message += _(
            "此内容出现在已发布的页面上，属于“严重问题”（单项否决），请立即处理。"
        )
    return replace(finding, severity=raised, message=message)


def _statistical_typos() -> bool:
    """``JIYUE_GATE_STATISTICAL_TYPOS`` when Django is configured (default on);
    the engine itself needs no settings."""
    from django.conf import settings

    if not settings.configured:
        return True
    return bool(getattr(settings, "JIYUE_GATE_STATISTICAL_TYPOS", True))
