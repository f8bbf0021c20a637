"""Run the registered checkers on a document."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from .checkers import load_builtin, registry
from .document import Document, html_document, text_document
from .findings import Finding

logger = logging.getLogger(__name__)


def _sort_key(finding: Finding) -> tuple[int, int, str]:
    pos = finding.position
    return (pos.line if pos else 0, pos.column if pos else 0, finding.type)


def run(doc: Document, checkers: Iterable[Any] | None = None) -> list[Finding]:
    load_builtin()
    findings: list[Finding] = []
    for checker in registry.select(checkers):
        if checker.applies_to(doc):
            findings.extend(checker.check(doc))
    findings.sort(key=_sort_key)
    return findings


def check_text(
    text: str, *, url: str | None = None, checkers: Iterable[Any] | None = None
) -> list[Finding]:
    """Findings in plain text; positions are 1-based line/column in ``text``."""
    return run(text_document(text, url=url), checkers)


def check_html(
    html: str, *, url: str | None = None, checkers: Iterable[Any] | None = None
) -> list[Finding]:
    """Findings in an HTML page: its visible text and its markup.

    Positions are 1-based line/column in the HTML source. Malformed HTML does
    not raise: text comes from a tolerant scanner, the tree from lxml's
    recovering parser (markup checks are skipped if there is no tree).
    """
    return run(html_document(html, url=url), checkers)
