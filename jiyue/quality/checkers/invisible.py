"""不可见的格式字符: bidi controls and other characters of Unicode category Cf.

A right-to-left override (U+202E) makes a page show text in another order than
the one it holds ("Trojan Source"): what a reviewer read is not what was
published. Embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069)
block; zero-width spaces, joiners, byte-order marks, soft hyphens and the other
format characters are a warning (usually left over from pasting).
docs/decisions/0417-invisible-format-characters.md
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Iterator
from functools import cache

from ..document import Document
from ..findings import Finding
from ..i18n import _
from .base import Checker, register

#: embeddings, overrides (U+202A–U+202E) and isolates (U+2066–U+2069)
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


@cache
def invisible_runs() -> re.Pattern[str]:
    """Runs of category Cf characters (of Python's Unicode; built once, ~0.1 s)."""
    found = (chr(code) for code in range(sys.maxunicode + 1))
    chars = "".join(ch for ch in found if unicodedata.category(ch) == "Cf")
    return re.compile("[" + re.escape(chars) + "]+")


def code_points(text: str) -> str:
    """``U+202E RIGHT-TO-LEFT OVERRIDE``, one per distinct character."""
    return "、".join(
        f"U+{ord(ch):04X} {unicodedata.name(ch, '')}".strip()
        for ch in dict.fromkeys(text)
    )


def strip_format_characters(text: str) -> str:
    """``text`` without bidi controls and other invisible format characters: for
    text that nobody reviews before it is shown (citizens' submissions)."""
    return invisible_runs().sub("", text)


@register
class InvisibleCharacterChecker(Checker):
    name = "invisible_characters"
    type = "garbled_text"
    severity = "error"

    def check(self, doc: Document) -> Iterator[Finding]:
        for match in invisible_runs().finditer(doc.text):
            run = match.group()
            if match.start() == 0 and run == "\ufeff":
                continue  # a byte-order mark in front of a file's text
            yield self._finding(doc, match.start(), run)

    def _finding(self, doc: Document, start: int, run: str) -> Finding:
        names = {"chars": code_points(run)}
        if BIDI_CONTROLS.intersection(run):
            severity = "error"
            message = _(
                "出现双向文本控制字符（%(chars)s），会使页面显示的文字顺序与实际"
                "内容不一致，请删除后再发布。"
            )
        else:
            severity = "warning"
            message = _(
                "出现不可见的格式字符（%(chars)s），通常是复制粘贴时带入的，请删除。"
            )
        return self.finding(
            doc, severity=severity, message=message % names, start=start, evidence=run
        )
