"""Reading the real documents of the demo corpus (``jiyue/content/demo/corpus``:
Markdown with a metadata header)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.utils.html import escape

HEADING_RE = re.compile(r"^[一二三四五六七八九十]+、")
SUBHEADING_RE = re.compile(r"^（[一二三四五六七八九十]+）")
SENTENCE_RE = re.compile(r"[^。！？]{12,120}[。！？]")


@dataclass(frozen=True)
class CorpusDocument:
    slug: str
    title: str
    doc_number: str
    issuer: str
    written_on: date | None
    paragraphs: tuple[str, ...]

    def body_html(self) -> str:
        return "".join(_paragraph_html(p) for p in self.paragraphs)

    def sentences(self) -> list[str]:
        return [
            m.group(0).strip() for p in self.paragraphs for m in SENTENCE_RE.finditer(p)
        ]


def _paragraph_html(text: str) -> str:
    if HEADING_RE.match(text) and len(text) < 40:
        return f"<h2>{escape(text)}</h2>"
    if SUBHEADING_RE.match(text) and len(text) < 40:
        return f"<h3>{escape(text)}</h3>"
    return f"<p>{escape(text)}</p>"


def _parse_header(lines: list[str]) -> dict[str, str]:
    meta = {}
    for line in lines:
        key, _sep, value = line.partition(":")
        meta[key.strip()] = value.strip().strip('"')
    return meta


def read_document(path: Path) -> CorpusDocument:
    text = path.read_text(encoding="utf-8")
    _before, header, body = text.split("---", 2)
    meta = _parse_header([line for line in header.splitlines() if line.strip()])
    paragraphs = tuple(p.strip() for p in body.splitlines() if p.strip())
    written = meta.get("written_on") or ""
    return CorpusDocument(
        slug=meta["slug"],
        title=meta["title"],
        doc_number=meta.get("document_number", ""),
        issuer=meta.get("issuer", ""),
        written_on=date.fromisoformat(written) if written else None,
        paragraphs=paragraphs,
    )


def read_corpus(directory: Path) -> dict[str, CorpusDocument]:
    return {doc.slug: doc for doc in map(read_document, sorted(directory.glob("*.md")))}
