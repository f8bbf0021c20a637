"""What a checker looks at: the text, where each character came from, the tree.

A :class:`Document` holds the text to check and maps every offset in it back to
a 1-based line and column of the *input* (the plain text, or the HTML source the
text was extracted from). HTML documents also carry the parsed tree (lxml) and
the start tags found by the scanner, for the HTML-only checks.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from .findings import Finding, Position

# Length-preserving normalisation for matching: full-width letters and digits
# -> ASCII, ASCII upper -> lower. (Full-width punctuation is everywhere in
# Chinese text and needs no folding for word matching.)
_FULLWIDTH_ALNUM = "０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ"
FOLD_TABLE = {ord(c): chr(ord(c) - 0xFEE0).lower() for c in _FULLWIDTH_ALNUM}
FOLD_TABLE[0xFF0E] = "."  # full-width full stop, as in domain names
FOLD_TABLE.update({ord(c): c.lower() for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"})
_NEEDS_TABLE = re.compile("[\uff0e\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")


def fold(text: str) -> str:
    """Same length, same offsets; lower-case ASCII, full-width alnum -> ASCII."""
    if not _NEEDS_TABLE.search(text):
        lowered = text.lower()
        if len(lowered) == len(text):
            return lowered
    return text.translate(FOLD_TABLE)


def line_starts(source: str) -> list[int]:
    starts = [0]
    starts.extend(m.end() for m in re.finditer("\n", source))
    return starts


@dataclass
class StartTag:
    """One start tag as written in the source (name lower-cased)."""

    name: str
    offset: int
    raw: str


@dataclass
class Document:
    text: str
    url: str | None = None
    source: str | None = None
    kind: str = "text"
    # (text_offset, source_offset) pairs, ascending; None = identity mapping.
    chunks: list[tuple[int, int]] | None = None
    tags: list[StartTag] = field(default_factory=list)
    tree: Any = None
    #: (source offset, raw text) of entities that are broken in the source
    broken_entities: list[tuple[int, str]] = field(default_factory=list)

    @cached_property
    def folded(self) -> str:
        """``text`` folded for matching; same length, same offsets."""
        return fold(self.text)

    @cached_property
    def folded_bytes(self) -> str:
        """``folded`` as UTF-8 bytes in a latin-1 str (see matching.py)."""
        from .matching import to_bytes_str

        return to_bytes_str(self.folded)

    @cached_property
    def text_bytes(self) -> str:
        from .matching import to_bytes_str

        return to_bytes_str(self.text)

    @cached_property
    def _line_starts(self) -> list[int]:
        return line_starts(self.source if self.source is not None else self.text)

    def source_offset(self, offset: int) -> int:
        if self.chunks is None:
            return offset
        i = bisect_right(self.chunks, (offset, float("inf"))) - 1
        if i < 0:
            return 0
        text_start, src_start = self.chunks[i]
        return src_start + (offset - text_start)

    def position_at_source(self, src_offset: int) -> Position:
        starts = self._line_starts
        line = bisect_right(starts, src_offset)
        return Position(line=line, column=src_offset - starts[line - 1] + 1)

    def position(self, offset: int) -> Position:
        return self.position_at_source(self.source_offset(offset))

    @cached_property
    def _tags_by_line(self) -> dict[tuple[str, int], list[int]]:
        """(tag name, line) -> source offsets of the scanner's start tags there."""
        starts = self._line_starts
        by_line: dict[tuple[str, int], list[int]] = {}
        for tag in self.tags:
            key = (tag.name, bisect_right(starts, tag.offset))
            by_line.setdefault(key, []).append(tag.offset)
        return by_line

    @cached_property
    def _element_offsets(self) -> dict[int, int]:
        """id(element) -> source offset, by the k-th same-name tag on its line.

        lxml knows an element's line only; the scanner's start tags give the
        column. The elements are kept alive in ``_elements`` so ids stay valid.
        """
        by_line = self._tags_by_line
        offsets: dict[int, int] = {}
        seen: dict[tuple[str, int], int] = {}
        self._elements = list(self.tree.iter()) if self.tree is not None else []
        for element in self._elements:
            if not isinstance(element.tag, str) or not element.sourceline:
                continue
            key = (element.tag.lower(), element.sourceline)
            k = seen.get(key, 0)
            seen[key] = k + 1
            candidates = by_line.get(key)
            if candidates:
                offsets[id(element)] = candidates[min(k, len(candidates) - 1)]
        return offsets

    def element_offset(self, element: Any) -> int | None:
        """Source offset of an lxml element's start tag (None if unknown)."""
        line = getattr(element, "sourceline", None)
        if line and isinstance(element.tag, str):
            candidates = self._tags_by_line.get((element.tag.lower(), line))
            if candidates and len(candidates) == 1:
                # The only such tag on its line: no need to count the elements
                # before it (the whole tree's walk, ``_element_offsets``).
                return candidates[0]
        offset = self._element_offsets.get(id(element))
        if offset is None and line:
            starts = self._line_starts
            return starts[min(line, len(starts)) - 1]
        return offset

    def finding(
        self,
        *,
        type: str,
        severity: str,
        message: str,
        start: int | None = None,
        evidence: str | None = None,
        target: str | None = None,
        src_offset: int | None = None,
        extra: dict[str, Any] | None = None,
    ) -> Finding:
        if src_offset is not None:
            position: Position | None = self.position_at_source(src_offset)
        elif start is not None:
            position = self.position(start)
        else:
            position = None
        return Finding(
            type=type,
            severity=severity,
            message=message,
            evidence=evidence or "",
            url=self.url,
            target=target,
            position=position,
            extra=extra or {},
        )


# --- HTML: visible text with a map back to the source ---------------------------

_TOKEN = re.compile(
    r"<!--.*?(?:-->|\Z)"  # comment (possibly unterminated)
    r"|<!\[CDATA\[.*?(?:\]\]>|\Z)"
    r"|<[!?][^>]*>?"  # doctype, processing instruction
    r"|</?([A-Za-z][^\s/>]*)(?:[^>\"']|\"[^\"]*\"?|'[^']*'?)*>?",  # tag, its name
    re.S,
)
_ENTITY = re.compile(
    r"&(?:#[0-9]{1,7};?|#[xX][0-9a-fA-F]{1,6};?|[A-Za-z][A-Za-z0-9]{1,31};?)"
)
_RAW_TEXT = frozenset(
    {"script", "style", "template", "xmp", "iframe", "noembed", "noframes"}
)
_BLOCK = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "br",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "head",
        "header",
        "hr",
        "html",
        "li",
        "main",
        "nav",
        "ol",
        "option",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "title",
        "tr",
        "ul",
    ]
)


class _TextBuilder:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.chunks: list[tuple[int, int]] = []
        self.length = 0
        self.broken_entities: list[tuple[int, str]] = []

    def add(self, text: str, src: int) -> None:
        if text:
            self.chunks.append((self.length, src))
            self.parts.append(text)
            self.length += len(text)

    def add_text_run(self, run: str, src: int) -> None:
        if "&" not in run:
            self.add(run, src)
            return
        pos = 0
        for m in _ENTITY.finditer(run):
            self.add(run[pos : m.start()], src + pos)
            decoded = html.unescape(m.group())
            if _is_broken_entity(m.group(), decoded):
                self.broken_entities.append((src + m.start(), m.group()))
            self.add(decoded, src + m.start())
            pos = m.end()
        self.add(run[pos:], src + pos)

    def newline(self, src: int) -> None:
        if self.parts and not self.parts[-1].endswith("\n"):
            self.add("\n", src)


def _is_broken_entity(raw: str, decoded: str) -> bool:
    """A known entity written without its semicolon (``&nbsp``, ``&copy``).

    Unknown entities stay as text and are caught by the garbled-text checker.
    """
    return not raw.endswith(";") and decoded != raw and not raw.startswith("&#")


def _skip_raw_text(source: str, name: str, pos: int) -> int:
    m = re.compile(rf"</{name}\b", re.I).search(source, pos)
    return m.start() if m else len(source)


def scan_html(source: str) -> tuple[_TextBuilder, list[StartTag]]:
    """Visible text of ``source`` (with its offset map) and the start tags.

    A tolerant regular tokenizer: it never raises, whatever the input. The
    tokens are read with one ``finditer`` until a raw-text element (a script, a
    style) makes it skip to that element's end tag and start again there.
    """
    out = _TextBuilder()
    tags: list[StartTag] = []
    add_run, newline, append = out.add_text_run, out.newline, tags.append
    pos = 0
    while True:
        restart = None
        for m in _TOKEN.finditer(source, pos):
            start = m.start()
            if start > pos:
                add_run(source[pos:start], pos)
            pos = m.end()
            name = m.group(1)  # None: a comment, doctype or processing instruction
            if name is None:
                continue
            name = name.lower()
            if name in _BLOCK:
                newline(start)
            if source[start + 1] == "/":
                continue
            append(StartTag(name, start, m.group()))
            if name in _RAW_TEXT:
                restart = _skip_raw_text(source, name, pos)
                break
        if restart is None:
            break
        pos = restart
    if pos < len(source):
        add_run(source[pos:], pos)
    return out, tags


def parse_tree(source: str) -> Any:
    """lxml tree of ``source``, or None when lxml cannot make one."""
    import lxml.html
    from lxml import etree

    if not source.strip():
        return None
    parser = lxml.html.HTMLParser(encoding="utf-8", recover=True)
    try:
        return lxml.html.document_fromstring(
            source.encode("utf-8", "replace"), parser=parser
        )
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None


def text_document(text: str, *, url: str | None = None) -> Document:
    return Document(text=text, url=url, kind="text")


def html_document(source: str, *, url: str | None = None) -> Document:
    out, tags = scan_html(source)
    return Document(
        text="".join(out.parts),
        url=url,
        source=source,
        kind="html",
        chunks=out.chunks,
        tags=tags,
        tree=parse_tree(source),
        broken_entities=out.broken_entities,
    )
