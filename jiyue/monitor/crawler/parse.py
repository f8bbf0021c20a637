"""Reading one HTML page: links with their positions, metadata, base URL."""

from __future__ import annotations

import bisect
import html
import re
from dataclasses import dataclass, field
from typing import NamedTuple

from selectolax.lexbor import LexborHTMLParser, LexborNode

from jiyue.monitor.crawler.urls import normalize
from jiyue.quality.checkers.links import URL_ATTRIBUTES

# Which attribute of which element holds an address: the compliance engine's one
# table, less forms (a crawl does not submit them: docs/decisions/0514).
LINK_ATTRS = {tag: attr for tag, attr in URL_ATTRIBUTES.items() if tag != "form"}
PAGE_TAGS = frozenset({"a", "area", "iframe", "frame"})
RESOURCE_TAGS = frozenset(LINK_ATTRS) - {"a", "area"}
_SELECTOR = ", ".join(f"{tag}[{attr}]" for tag, attr in LINK_ATTRS.items())
_NEWLINE = re.compile("\n")
_NO_FETCH_RELS = frozenset({"dns-prefetch", "preconnect", "canonical", "alternate"})


class Link(NamedTuple):
    # A named tuple, not a dataclass: a page's links travel from the worker that
    # parsed it to the crawl process (docs/decisions/0510), and tuples pickle fast.
    url: str
    tag: str
    raw: str
    line: int | None
    column: int | None

    @property
    def navigable(self) -> bool:
        return self.tag in PAGE_TAGS


class LineIndex:
    """Offsets in the source to 1-based ``(line, column)``."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._starts = [0, *(m.end() for m in _NEWLINE.finditer(text))]
        self._cursor = 0

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1

    def find(self, needle: str) -> tuple[int, int] | tuple[None, None]:
        """Position of ``needle``, searching forward from the last hit."""
        for candidate in (needle, html.escape(needle, quote=True)):
            offset = self.text.find(candidate, self._cursor)
            if offset < 0:
                offset = self.text.find(candidate)
            if offset >= 0:
                self._cursor = offset + 1
                return self.position(offset)
        return None, None


@dataclass
class Page:
    url: str
    text: str
    tree: LexborHTMLParser
    base: str
    meta: dict[str, str] = field(default_factory=dict)
    links: list[Link] = field(default_factory=list)
    lines: LineIndex | None = None
    # What several checks read from the same page, computed once (body text, list
    # dates): keyed by the check's own name.
    memo: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def title(self) -> str:
        node = self.tree.css_first("title")
        return node.text(strip=True) if node else ""


def parse_page(url: str, text: str) -> Page:
    tree = LexborHTMLParser(text)
    base_node = tree.css_first("base[href]")
    base = normalize(base_node.attributes.get("href") or "", url) if base_node else None
    page = Page(url=url, text=text, tree=tree, base=base or url, lines=LineIndex(text))
    page.meta = _meta(tree)
    page.links = list(_links(page))
    return page


def _meta(tree: LexborHTMLParser) -> dict[str, str]:
    meta: dict[str, str] = {}
    for node in tree.css("meta[name][content]"):
        name = (node.attributes.get("name") or "").strip().lower()
        meta.setdefault(name, (node.attributes.get("content") or "").strip())
    return meta


def _links(page: Page):
    assert page.lines is not None  # noqa: S101 - set by parse_page
    for node in page.tree.css(_SELECTOR):
        tag = node.tag or ""
        raw = node.attributes.get(LINK_ATTRS[tag]) or ""
        if tag == "link" and _rel(node) & _NO_FETCH_RELS:
            continue
        url = normalize(raw, page.base)
        if url is None:
            continue
        line, column = page.lines.find(raw) if raw else (None, None)
        yield Link(url=url, tag=tag, raw=raw, line=line, column=column)


def _rel(node: LexborNode) -> set[str]:
    return set((node.attributes.get("rel") or "").lower().split())


def node_position(page: Page, node: LexborNode) -> tuple[int | None, int | None]:
    """Best-effort source position of an element (its opening markup)."""
    snippet = (node.html or "")[:60]
    if not snippet or page.lines is None:
        return None, None
    offset = page.text.find(snippet)
    if offset < 0:
        return None, None
    return page.lines.position(offset)
