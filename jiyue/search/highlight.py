"""Matched words marked in a result's title and snippet.

The text is escaped piece by piece and only ``<mark>`` is added between the
pieces, so the markup returned is safe to show as it is (the one ``mark_safe``
of this app; docs/decisions/0606-public-search-page.md). Matching is on the
text folded character by character (``segment.fold_chars``): 國務院 in a
document is marked for a query 国务院, at the same offsets.
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .segment import fold_chars

SNIPPET_LENGTH = 140
SNIPPET_BEFORE = 30
SCAN_LIMIT = 20_000
WHITESPACE = str.maketrans("\n\r\t\u3000", "    ")


def spans(text: str, terms: list[str]) -> list[tuple[int, int]]:
    """Where ``terms`` (folded, longest first) occur in ``text``, merged."""
    folded = fold_chars(text)
    found = []
    for term in terms:
        start = folded.find(term)
        while start != -1:
            found.append((start, start + len(term)))
            start = folded.find(term, start + len(term))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(found):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def marked(text: str, terms: list[str]) -> SafeString:
    """``text`` escaped, with every match in ``<mark>``."""
    pieces, last = [], 0
    for start, end in spans(text, terms):
        pieces.append(escape(text[last:start]))
        pieces.append("<mark>" + escape(text[start:end]) + "</mark>")
        last = end
    pieces.append(escape(text[last:]))
    return mark_safe("".join(pieces))  # noqa: S308 (every piece is escaped)


def snippet(body: str, terms: list[str]) -> SafeString:
    """About ``SNIPPET_LENGTH`` characters of ``body`` around its first match
    (its beginning when nothing matches), marked."""
    text = " ".join(body[:SCAN_LIMIT].translate(WHITESPACE).split())
    found = spans(text, terms)
    start = max(0, found[0][0] - SNIPPET_BEFORE) if found else 0
    window = text[start : start + SNIPPET_LENGTH]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + SNIPPET_LENGTH < len(text) else ""
    return mark_safe(prefix + marked(window, terms) + suffix)  # noqa: S308
