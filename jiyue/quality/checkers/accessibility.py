"""无障碍: images without alt, links without text, skipped heading levels,
data tables without header cells or caption."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..document import Document
from ..findings import Finding
from ..i18n import _
from .base import Checker, register

_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def _snippet(doc: Document, element: Any) -> str:
    offset = doc.element_offset(element)
    if offset is None or doc.source is None:
        return f"<{element.tag}>"
    for tag in doc.tags:
        if tag.offset == offset:
            return tag.raw[:200]
    return f"<{element.tag}>"


def _link_has_name(link: Any) -> bool:
    if (link.text_content() or "").strip():
        return True
    if (link.get("aria-label") or link.get("title") or "").strip():
        return True
    return any((img.get("alt") or "").strip() for img in link.iter("img"))


@register
class AccessibilityChecker(Checker):
    type = "accessibility"
    severity = "warning"
    html_only = True

    def check(self, doc: Document) -> Iterator[Finding]:
        if doc.tree is None:
            return
        yield from self._images(doc)
        yield from self._links(doc)
        yield from self._headings(doc)
        yield from self._tables(doc)

    def _at(
        self, doc: Document, element: Any, message: str, severity: str = "warning"
    ) -> Finding:
        return self.finding(
            doc,
            severity=severity,
            message=message,
            src_offset=doc.element_offset(element),
            evidence=_snippet(doc, element),
        )

    def _images(self, doc: Document) -> Iterator[Finding]:
        for img in doc.tree.iter("img"):
            if img.get("alt") is None:
                yield self._at(
                    doc,
                    img,
                    _("图片缺少替代文本（alt 属性），视障用户无法获知图片内容。"),
                )

    def _links(self, doc: Document) -> Iterator[Finding]:
        for link in doc.tree.iter("a"):
            if link.get("href") is not None and not _link_has_name(link):
                yield self._at(
                    doc,
                    link,
                    _("链接没有可读的文字（无文本、无图片替代文本、无 aria-label）。"),
                )

    def _headings(self, doc: Document) -> Iterator[Finding]:
        previous = 0
        for heading in doc.tree.iter(*_HEADINGS):
            level = int(heading.tag[1])
            if previous and level > previous + 1:
                message = _("标题层级跳级：h%(previous)s 之后直接出现 h%(level)s。") % {
                    "previous": previous,
                    "level": level,
                }
                yield self._at(doc, heading, message)
            previous = level

    def _tables(self, doc: Document) -> Iterator[Finding]:
        for table in doc.tree.iter("table"):
            if (table.get("role") or "").lower() in {"presentation", "none"}:
                continue
            rows = sum(1 for _row in table.iter("tr"))
            has_header = any(True for _cell in table.iter("th", "caption"))
            if rows >= 2 and not has_header:
                yield self._at(
                    doc, table, _("数据表格缺少表头（th）或标题（caption）。"), "info"
                )
